"""Kinds reviewer sets 25n and 25e showed the reviewer misjudging at the start of session 37, each varied here in our
own words on the sets' saved results (suites AL and an earlier one: other authors' phantoms and answers).

Correct answers it flagged: a worked computation whose operands carry their names after them ("1.874 mL tumour /
51.444 mL pancreas x 100 = 3.64 %"); a cited total shown as the sum of its measured parts, the parts uncited ("12.9 cm3
(8.74 + 4.15 = 12.89 mL)"); summed terms each named before its number ("spleen 276.76 + pancreas 76.03 + ..."), read as
one clause; a rule's limit said as the rule's ("only counts as enlarged above 100 mL"); a single lesion's volume cited as
its largest when the question asks the group's total (one lesion: they are one value).
Wrong answers of the same shapes stay flagged: a part misquoted, the worked result wrong, two terms' names swapped, the
verdict flipped beside the rule's limit.

Set 25o's kinds (suite AM's saved results): the parts a group's lesions spread over and the most one part holds
("8 lesions across 7 segments, no segment with more than 2"), operands named by several words ("24.6 mL of lesion /
54.9 mL of pancreas = 44.85 %"), a second clause after ", and" read on its own, a segment's number beside a share,
the next category's limit said as not reached ("(not over 50%)"), a per-part list before its verdict, a generic
organ word beside the side named, a count said before the value its option gives; and, missed, a count option that
is not the cited count ("B — 0" of a cited count of 1).
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from tests.review_runs import rewritten

# reviewer25n: r25n_151 pancreatic tumour 1.874 mL in a 51.444 mL pancreas, burden 3.64 % (B); r25n_166 renal tumour
# 8.74 mL + cyst 4.15 mL = 12.89 mL (A); r25n_286 spleen 276.76, pancreas 76.03, left kidney 148.72, right kidney
# 169.55 mL = 671.05 mL (C); r25n_057 pancreas 76.03 mL, not enlarged. reviewer25e: r25_033 one kidney lesion, 16.8 mL.
RIGHT = [
    ("reviewer25n", "r25n_151", "B", "B: 3.6 % (1.874 mL lesion ÷ 51.444 mL gland × 100 = 3.64 %)."),
    ("reviewer25n", "r25n_151", "B", "B. Tumour 1.874 mL over pancreas 51.444 mL, times 100 = 3.64 %."),
    ("reviewer25n", "r25n_166", "A", "A. 12.89 mL in total: 8.74 mL tumour + 4.15 mL cyst = 12.89 mL."),
    ("reviewer25n", "r25n_166", "A", "A - total 12.9 cm3 (4.15 + 8.74 = 12.89)."),
    ("reviewer25n", "r25n_286", "C", "C: spleen 276.8 + pancreas 76.0 + left kidney 148.7 + right kidney 169.6 = "
                                     "671.1 mL"),
    ("reviewer25n", "r25n_286", "C", "C, 671.1 mL - basis: spleen 276.76 + pancreas 76.03 + left kidney 148.72 + "
                                      "right kidney 169.55 mL."),
    ("reviewer25n", "r25n_057", None, "No - 76.0 mL; a pancreas is only considered enlarged above 100 mL."),
    ("reviewer25n", "r25n_057", None, "Not enlarged at 76 mL (the gland would be called enlarged above 100 mL)."),
    ("reviewer25e", "r25_033", None, "16.8 mL combined (a single kidney lesion)."),
    ("reviewer25e", "r25_033", None, "About 16.8 cm³ in all."),
]
WRONG = [
    ("reviewer25n", "r25n_166", "A", "A. 12.89 mL in total: 8.47 mL tumour + 4.15 mL cyst = 12.89 mL."),
    ("reviewer25n", "r25n_151", "B", "B: 3.6 % (1.874 mL lesion ÷ 51.444 mL gland × 100 = 3.46 %)."),
    ("reviewer25n", "r25n_151", "B", "B. Tumour 1.874 mL over pancreas 15.444 mL, times 100 = 3.64 %."),
    ("reviewer25n", "r25n_286", "C", "C: spleen 276.8 + pancreas 148.7 + left kidney 76.0 + right kidney 169.6 = "
                                     "671.1 mL"),
    ("reviewer25n", "r25n_057", None, "Yes - 76.0 mL; a pancreas is only considered enlarged above 100 mL."),
    ("reviewer25e", "r25_033", None, "61.8 mL combined (a single kidney lesion)."),
    ("reviewer25n", "r25n_057", None, "Enlarged at 76 mL (the gland would be called enlarged above 100 mL)."),
    ("reviewer25n", "r25n_057", None, "The pancreas is considered enlarged: 76 mL, above 100 mL."),
]


@pytest.mark.parametrize(("fresh_set", "base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(fresh_set: str, base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten(fresh_set, base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("fresh_set", "base", "choice", "text"), WRONG)
def test_a_wrong_answer_of_these_kinds_is_flagged(fresh_set: str, base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten(fresh_set, base, text, choice)).consistent


# reviewer25o: r25o_011 8 liver lesions in 7 segments, at most 2 per segment (widely distributed); r25o_119 pancreatic
# lesions 24.6 mL in a 54.9 mL pancreas, 44.85 % (D); r25o_131 spleen 209.2 mL, caudate/right-lobe 0.034 (no portal
# hypertension); r25o_145 5 liver lesions, top two segments (5, 6) 80 %, top one 40 % (somewhat clustered);
# r25o_183 pancreatic head 1.0, body 0.0, tail 2.3 mL; r25o_031 the largest renal lesion in the left kidney (D);
# r25o_114 one pancreatic lesion, 24.6 mL (B); r25o_020 one lesion in segment III (D "1", B "0").
RIGHT_25O = [
    ("r25o_011", None, "Widely distributed: the 8 lesions occupy 7 different segments."),
    ("r25o_214", None, "Widely distributed - no segment with more than 2 of the 8 lesions."),
    ("r25o_119", "D", "D: 24.6 mL of tumour tissue / 54.9 mL of pancreas = 44.85 %."),
    ("r25o_131", None, "No: spleen 209.2 mL is under the 314.5 mL cut-off, and the caudate/right-lobe ratio is 0.034."),
    ("r25o_145", None, "Somewhat clustered - segments 5 and 6 hold 80 %, the top one 40 % (not above 50 %)."),
    ("r25o_183", None, "Head: 1.0 mL\nBody: 0.0 mL\nTail: 2.3 mL\nMost lesion volume: the tail."),
    ("r25o_031", "D", "D. Left kidney - the largest kidney lesion lies in kidney_left."),
    ("r25o_114", "B", "B - a single pancreatic lesion of 24.6 mL, hence 24.6 cm³ summed."),
    ("r25o_020", "D", "D — 1: one lesion involves segment III."),
]
WRONG_25O = [
    ("r25o_011", None, "Widely distributed: the 8 lesions occupy 6 different segments."),
    ("r25o_214", None, "Widely distributed - no segment with more than 3 of the 8 lesions."),
    ("r25o_119", "D", "D: 24.6 mL of tumour tissue / 45.9 mL of pancreas = 44.85 %."),
    ("r25o_131", None, "No: spleen 209.2 mL is under the 314.5 mL cut-off, and the caudate/right-lobe ratio is 0.34."),
    ("r25o_183", None, "Head: 1.0 mL\nBody: 0.0 mL\nTail: 2.3 mL\nMost lesion volume: the head."),
    ("r25o_031", "B", "B. Right kidney - the largest kidney lesion lies in kidney_right."),
    ("r25o_114", "A", "A - a single pancreatic lesion of 24.6 mL, hence 51.7 cm³ summed."),
    ("r25o_020", "B", "B — 0: no lesion involves segment III."),
    ("r25o_020", "A", "A: 2 lesions touch segment III."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT_25O)
def test_a_correct_answer_of_set_25o_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25o", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG_25O)
def test_a_wrong_answer_of_set_25o_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer25o", base, text, choice)).consistent
