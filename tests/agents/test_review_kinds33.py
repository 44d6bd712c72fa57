"""Kinds of answer reviewer set 25k (session 33) first showed the reviewer misjudging, each varied here in our own
words on 25k's saved results (suite AI: another author's phantoms and questions).

Correct answers it flagged: a casual "Nope" / "Yep"; a Markdown "## Answer" heading over the verdict; a negated sign
"(not > 50 %)"; "encasing" beside a cited SMA contact over 180 degrees; a solitary kidney's sum given as the option's
text alone, or with "no left kidney is present"; a cut-off called a "trigger"; a bracketed sum worked out ("15.9 mL /
(140.2 + 155.8) mL = 5.38 %"); a part rounded twice (21.047 mL said 21.1 mL); a JSON boolean field denied
("pancreatic_lesion_present": false); a bullet list whose verdict is a later field ("Resection recommended: yes").
Wrong answers it missed, and their kind: the organ named against the largest cited lesion volume ("Pancreas - ..."
read as a section label), "an equal burden" of two different ones, "No lesions in any of these" beside a measured
one, "No pancreatic lesion" where one is measured. Wrong answers of the same shapes stay flagged.
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from tests.review_runs import rewritten

# reviewer25k: r25k_035 one liver lesion (segment 6); r25k_210 no colon lesion; r25k_062 pancreatic mass, SMA contact
# 360 degrees, SMV/PV 284 (unresectable); r25k_065 pancreatic head lesion with no vessel contact (resectable); r25k_272
# liver lesions: busiest segment 33 %, top two 50 % (B widely distributed); r25k_090 solitary right kidney 296.2 mL (A
# 296.2 cm3); r25k_195 pancreatic cyst about 12 mL, 37 mm (resection); r25k_058 kidney lesions 15.9 mL in 140.2 +
# 155.8 mL of kidney, 5.38 % (D); r25k_254 liver lesions 21.047 mL in 1268 mL, 1.66 % (B); r25k_300 no pancreatic
# lesion (A No); r25k_015 lesion volume liver 3.99 mL, pancreas 2.04 mL, kidneys 0; r25k_260 pancreas 12.0 mL,
# kidneys 5.7 mL, liver 0; r25k_265 pancreas 52.6 mL only (B Pancreas, C "No lesions in any of these"); r25k_023
# a cyst in the right kidney, a solid tumour in the left ("Does either kidney contain a cyst?": yes).
RIGHT = [
    ("r25k_035", None, "Yep, there's one lesion in the liver, in segment 6."),
    ("r25k_035", None, "# Answer\n\nYes: a single hepatic lesion (segment 6)."),
    ("r25k_210", None, "Nah - no tumour in the colon; the colon lesion count is 0."),
    ("r25k_062", None, "Unresectable: the tumour encases the superior mesenteric artery (360 degrees of contact)."),
    ("r25k_272", "B", "B. Widely distributed - top segment 33 % (not > 50 %), top two 50 % (not >= 75 %)."),
    ("r25k_090", "A", "A. 296.2 cm³"),
    ("r25k_090", "A", "A: 296.2 mL in total, all of it the right kidney, as no left kidney is present."),
    ("r25k_195", None, "Yes - about 12 mL and 37 mm, past both the 3 mL and 3 cm triggers for resection."),
    ("r25k_058", "D", "D: 15.9 mL / (140.2 mL + 155.8 mL) = 5.38 %"),
    ("r25k_254", "B", "B. Roughly 1.7 %: 21.1 mL of lesion in a liver of 1268 mL."),
    ("r25k_300", "A", '{"answer": "A", "pancreatic_lesion_present": false}'),
    ("r25k_015", None, "The liver - 4.0 mL of lesion, against 2.0 mL in the pancreas and none in the kidneys."),
    ("r25k_265", "B", "B. Pancreas (52.6 mL of lesion; none in the liver or kidneys)."),
    ("r25k_023", None, "Yes: a cyst in the right kidney; the left kidney's lesion is a solid tumour, not a cyst."),
]
WRONG = [
    ("r25k_035", None, "Nope, no lesion in the liver."),
    ("r25k_035", None, "# Answer\n\nNo hepatic lesion."),
    ("r25k_272", "B", "B. Widely distributed - top segment 33 % (not < 50 %)."),
    ("r25k_065", None, "Unresectable: the tumour encases the superior mesenteric artery."),
    ("r25k_300", "A", '{"answer": "A", "pancreatic_lesion_present": true}'),
    ("r25k_015", None, "Pancreas - the largest lesion volume, ahead of the liver."),
    ("r25k_015", None, "Pancreas (2.0 mL vs 4.0 mL for the liver)."),
    ("r25k_260", None, "The kidneys and the pancreas hold the same lesion volume."),
    ("r25k_265", "C", "C. No lesions in any of these organs."),
    ("r25k_065", None, "There is no pancreatic lesion, so resectability does not arise."),
    ("r25k_023", None, "Yes: a cyst in the right kidney, and the left renal lesion is a cyst as well."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25k", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_answer_of_these_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer25k", base, text, choice)).consistent


# reviewer25j (our own generator's phantoms): r25j_076 pancreatic cyst 30.5 mL, 40.8 mm (resection recommended).
@pytest.mark.parametrize(("text", "right"), [
    ("- Largest pancreatic cyst: 30.5 mL, 40.8 mm\n- Rule: resect above 3 mL or 3 cm\n- Resection recommended: yes", True),
    ("* Cyst: 40.8 mm across\n* Resection recommended: **Yes**", True),
    ("- Largest pancreatic cyst: 30.5 mL, 40.8 mm\n- Rule: resect above 3 mL or 3 cm\n- Resection recommended: no", False),
    ("* Cyst: 40.8 mm across\n* Resection recommended: No", False),
])  # fmt: skip
def test_a_list_whose_verdict_is_a_later_field_is_read_by_that_field(text: str, right: bool) -> None:
    assert review_result(rewritten("reviewer25j", "r25j_076", text, None)).consistent is right


# reviewer25j: r25j_017 tumour burden pancreas 52.0 %, kidneys 7.6 %, liver 1.8 % (D Pancreas); r25j_127 liver lesions
# all in segment 7 (highly clustered); r25j_253 spleen 398.0 mL (mild splenomegaly, 314.5-500 mL).
@pytest.mark.parametrize(("base", "choice", "text", "right"), [
    ("r25j_017", "D", '{"answer": "D", "organ": "Pancreas", "burden_pct": {"pancreas": 52.0, "kidneys": 7.6, '
                      '"liver": 1.8}}', True),
    ("r25j_017", "D", '{"answer": "D", "organ": "Pancreas", "burden_pct": {"pancreas": 7.6, "kidneys": 52.0}}', False),
    ("r25j_127", None, '{"distribution": "highly clustered", "top_segment": 7, "top_segment_share_pct": 100}', True),
    ("r25j_127", None, '{"distribution": "widely distributed", "top_segment": 7, "top_segment_share_pct": 100}',
     False),
    ("r25j_253", None, '{"severity": "mild splenomegaly", "spleen_volume_ml": 398.0, "range_ml": [314.5, 500]}', True),
    ("r25j_253", None, '{"severity": "mild splenomegaly", "spleen_volume_ml": 598.0, "range_ml": [314.5, 500]}',
     False),
])  # fmt: skip
def test_json_answers_with_a_nested_object_a_range_or_a_segment(base: str, choice: str | None, text: str,
                                                                  right: bool) -> None:
    assert review_result(rewritten("reviewer25j", base, text, choice)).consistent is right
