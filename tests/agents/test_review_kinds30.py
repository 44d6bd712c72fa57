"""Kinds of answer reviewer set 25f showed the reviewer misjudging (session 30), each varied here in our own words on
25f's saved results (another author's phantoms, suite AD re-stored with the right anatomy).

Correct answers it flagged: a bidimensional size "57.9 x 50.8 mm" (the short axis second); an organ's SD beside its
mean "(lesions excluded)"; "Of the 4 liver lesions, 3 sit in segment VI" (the whole before the share); "none." for the
option 0; a bulleted "Answer: C" read first; a worked sum whose result follows "="; "both worrisome size features"
(not two lesions); "severe fatty liver" within "moderate to severe fatty liver"; "reaches its longest diameter on slice
12" (an index, no comparison); the chosen option in bold over its table; "- Head: 0 lesions" of a pancreas with none.
Wrong answers it approved: the other kidney's own value in place of the asked one's; a tumour's volume given as a
cyst's; a normal range's lower limit called its upper; an attenuation word the measured category denies; a part called
the largest that is not; an abstaining option where the criteria decide; a part's count labelled with another part;
a count of 0 read as a band limit; a criterion's deciding value cited away; a single lesion's share given as the
group's.
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from tests.review_runs import rewritten

# reviewer25f: r25_025 largest liver tumour 57.9 mm (short axis 50.8 mm), segment VII; r25_027 no pancreatic lesion;
# r25_161 left kidney 167.7 mL (cited), right 163.9 mL, normal 130-260 mL; r25_043 one pancreatic lesion 58.5 HU,
# hypoattenuating to the pancreas 99.8 HU, PDAC yes (B); r25_062 portal hypertension: options A No, B Only with an MRI,
# C Insufficient image quality to decide, D Yes (truth A); r25_089 liver segments IV 291.0, V 239.8, VI 341.9 (largest),
# VII 181.8 mL (D segment VI); r25_075 liver 32.0 HU, L/S 0.266; r25_204 3 of 4 liver lesions in segment VI (C; options
# A 6, B 4, C 3, D 2; one in segment 7); r25_115 no renal lesion (D, option "0"); r25_121 spleen 118.3 HU, SD 12.5 HU;
# r25_138 two kidney lesions (B Yes); r25_147 pancreatic cyst 15.9 mL, 45.3 mm: resect (C Yes); r25_159 spleen 208.8 mL
# (its HU cited in place of its volume), no splenomegaly (D); r25_168 largest kidney lesion, 7.4 mL, longest diameter on
# slice 12; r25_183 a 29.5 mL right kidney tumour and a 2.3 mL left kidney cyst; r25_191 liver 1436.1 + spleen 239.8 =
# 1675.9 mL (A).
RIGHT = [
    ("r25_025", None, "Segment VII liver tumour, 57.9 × 50.8 mm axially; longest axial diameter 57.9 mm."),
    ("r25_027", None, "No.\n- Pancreatic head: 0 lesions\n- Pancreatic tail: 0 lesions"),
    ("r25_121", None, "Mean spleen attenuation 118.3 HU (excluding lesions), SD 12.5 HU."),
    ("r25_204", "C", "C. Of the 4 liver lesions, 3 lie in segment VI."),
    ("r25_115", "D", "D — none: neither kidney holds a lesion."),
    ("r25_204", "C", "- Segment VI: three lesions\n- Answer: C"),
    ("r25_191", "A", "A: 1436.1 mL (liver) + 239.8 mL (spleen) = 1675.9 mL."),
    ("r25_147", "C", "C — Yes: 15.9 mL (> 3 mL) and 45.3 mm (> 30 mm); both size criteria are met."),
    ("r25_075", None, "Yes, severe fatty liver: 32.0 HU, below 39 HU, and a liver/spleen ratio of 0.266."),
    ("r25_168", None, "Slice 12: there the largest kidney lesion (7.4 mL) reaches its longest axial diameter."),
    ("r25_089", "D", "**D — Couinaud segment VI**\n\n| segment | mL |\n|---|---|\n| VI | 341.9 |\n| IV | 291.0 |"),
    ("r25_147", "C", "C — Yes: the cystic lesion measures 15.9 mL and 45.3 mm."),  # 24.2 HU: the question's own "cystic"
]
WRONG = [
    ("r25_161", None, "No. The right kidney measures 163.9 mL, within the normal range."),
    ("r25_183", None, "Yes: a kidney cyst measuring 29.5 mL."),
    ("r25_161", None, "No: left kidney 167.7 mL exceeds the 130 mL upper limit of normal."),
    ("r25_043", "B", "B — Yes: a single pancreatic lesion, hyperattenuating to the gland."),
    ("r25_062", "B", "B — Only with an MRI"),
    ("r25_089", "D", "D — segment VI; segment IV is the largest at 291.0 mL."),
    ("r25_204", "C", "C — 3 (liver lesion count in segment 7)"),
    ("r25_138", "B", "B — Yes: kidney lesion count 0 -> absent"),
    ("r25_159", "D", "D — No: the spleen measures 208.8 mL, under 314.5 mL."),
    ("r25_204", "C", "C — 3, i.e. 100 % of the liver lesions are in segment VI."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25f", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_answer_of_these_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer25f", base, text, choice)).consistent


# reviewer25g (suite AE): r25_033 left kidney 108.8 mL, right 49.1 mL (left/right 2.22), options A "Asymmetric: left
# larger", C "Symmetric (difference < 20%)"; r25_118 left 136.3 mL, right 84.6 mL (left/right 1.61); r25_241 P/S 0.752,
# cut-off 0.70: not fatty (D No); r25_161 colon segmented, no tumour: options C "Not applicable: organ not imaged",
# D "No"; r25_064 one pancreatic lesion; r25_072 largest liver lesion 3.8 cm long axis, options A 5.1, B 6.4, C 3.8,
# D 1.9 (cm asked); r25_104 spleen 211.7 mL, caudate/right-lobe 0.033: no portal hypertension; r25_207 no renal
# tumour; r25_113 liver/spleen HU ratio 1.29.
RIGHT_25G = [
    ("r25_033", "A", "A. The left kidney (108.8 mL) is clearly larger than the right (49.1 mL)."),
    ("r25_118", None, "The left one: left-to-right volume ratio 1.61."),
    ("r25_118", None, "Left kidney bigger; right/left ratio 0.62."),
    ("r25_104", None, '{"portal_hypertension": "No", "spleen_volume_ml": 211.7}'),
    ("r25_207", None, '{"verdict": "No", "renal_tumour_count": 0}'),
    ("r25_113", None, "Liver:spleen attenuation ratio = 1.29."),
    ("r25_072", "C", "C"),
    ("r25_072", "C", "C — 3.8 cm (38 mm) along its longest axial axis, 37.6 × 26.0 mm overall."),
]
WRONG_25G = [
    ("r25_033", "A", "A — left larger: left/right volume ratio 0.45."),
    ("r25_118", None, "Left kidney is larger, the left-to-right volume ratio being 0.62."),
    ("r25_241", "D", "D — No: the pancreas-to-spleen ratio of 0.752 is under the steatosis threshold."),
    ("r25_161", "C", "C — Not applicable"),
    ("r25_064", None, "One or more pancreatic lesions; their exact count cannot be established."),
    ("r25_072", "C", "C — 3.8 cm, which is the lesion's short axis."),
    ("r25_104", None, '{"answer": "Yes", "spleen_volume_ml": 211.7}'),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT_25G)
def test_a_correct_answer_of_set_25gs_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25g", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG_25G)
def test_a_wrong_answer_of_set_25gs_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer25g", base, text, choice)).consistent
