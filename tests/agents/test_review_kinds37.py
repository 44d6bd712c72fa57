"""Kinds reviewer sets 25n and 25e showed the reviewer misjudging at the start of session 37, each varied here in our
own words on the sets' saved results (suites AL and an earlier one: other authors' phantoms and answers).

Correct answers it flagged: a worked computation whose operands carry their names after them ("1.874 mL tumour /
51.444 mL pancreas x 100 = 3.64 %"); a cited total shown as the sum of its measured parts, the parts uncited ("12.9 cm3
(8.74 + 4.15 = 12.89 mL)"); summed terms each named before its number ("spleen 276.76 + pancreas 76.03 + ..."), read as
one clause; a rule's limit said as the rule's ("only counts as enlarged above 100 mL"); a single lesion's volume cited as
its largest when the question asks the group's total (one lesion: they are one value).
Wrong answers of the same shapes stay flagged: a part misquoted, the worked result wrong, two terms' names swapped, the
verdict flipped beside the rule's limit.
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
