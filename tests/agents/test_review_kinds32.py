"""Kinds of answer reviewer set 25i still showed the reviewer misjudging at the start of session 32, each varied here in
our own words on 25i's saved results (suite AG: another author's phantoms and questions).

Correct answers it flagged: a subtraction worked out with a Unicode minus ("145.1 − 137.2 = 7.9 mL"); "hyperenhancing"
for a lesion measured brighter than its organ; a breakdown per segment then its verdict after an arrow ("top segment 40 %
... -> somewhat clustered", where "segment 40 %" is a share, no segment); a criterion's band limits quoted beside the size
(">2 cm and <=4 cm"); the factor a rule needs ("an outlier needs at least 3 times"); a bulleted answer whose volume is
on its second line; "not resectable" / "cannot be removed with surgery" for 'unresectable'; "the right anterior
segments" / "the right side of the liver" after a segment (no kidney); "..., so C." closing a value; JSON answers with a
boolean verdict or a structure field.
Wrong answers of the same shapes stay flagged: the worked result wrong, the rule's factor misquoted, the bullet list
without the quantity asked, the JSON verdict or side wrong, "hypoenhancing" of a brighter lesion, a closing letter
whose option the stated value does not pick.
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from tests.review_runs import rewritten

# reviewer25i: r25_009 left 145.1, right 137.2 mL (C left); r25_016 pancreatic lesion 181.0 HU, pancreas 122.3 HU (PNET);
# r25_019 liver lesions in segments 8 (2), 6 (2), 2 (1): somewhat clustered (C); r25_065 pancreatic head mass 29.5 mm
# (A T2); r25_073 largest-to-second 2.2 (D no outlier); r25_078 pancreatic cyst 37.0 mL, 25.9 HU; r25_093 a mass
# encasing the SMA (unresectable); r25_120 one liver lesion in segment 5; r25_160 |lesion - liver| 53.0 HU (C 53.0 HU,
# D 79.6 HU); r25_175 right kidney 74.7 mL (left 168.4 mL); r25_195 cyst 13.5 HU (no pseudocyst above 14.5 HU);
# r25_200 pancreas/spleen 0.938 (no steatosis below 0.70).
RIGHT = [
    ("r25_009", "C", "C: left kidney larger, 145.1 mL − 137.2 mL = 7.9 mL more than the right."),
    ("r25_009", "C", "C (left): 145.1 minus 137.2 = 7.9 mL in its favour."),
    ("r25_016", None, "Hyperenhancing pancreatic lesion (181.0 HU against 122.3 HU in the pancreas): PNET."),
    ("r25_063", None, "PNET - the tail lesion is hyper-enhancing relative to the gland (181.0 vs 122.3 HU)."),
    ("r25_019", "C", "C. Seg 8: 2, seg 6: 2, seg 2: 1. Top segment 40 percent, top two 80 % → somewhat clustered."),
    ("r25_065", "A", "A: 29.5 mm, within the T2 band (>20 mm and <=40 mm)."),
    ("r25_073", "D", "D - the ratio is 2.2; the rule requires 3x or more, so no outlier."),
    ("r25_078", None, "* Lesion: the pancreatic body cyst\n* Volume: 37.0 mL"),
    ("r25_093", None, "Not resectable: the SMA is encased (360 degrees of contact)."),
    ("r25_177", None, "Inoperable - the tumour wraps right around the artery (360 degrees)."),
    ("r25_120", None, "Segment 5 (right anterior inferior), on the right side of the liver."),
    ("r25_160", "C", "About 53 HU lower than the liver around it, so C."),
    ("r25_175", None, '{"organ": "kidney_right", "volume_ml": 74.7}'),
    ("r25_195", None, '{"pseudocyst": false, "mean_hu": 13.5}'),
    ("r25_200", None, '{"fatty_pancreas": false, "ratio": 0.938}'),
]
WRONG = [
    ("r25_009", "C", "C: left kidney larger, 145.1 − 137.2 = 9.7 mL more than the right."),
    ("r25_016", None, "PNET, though the lesion is hypoenhancing relative to the pancreas (181.0 vs 122.3 HU)."),
    ("r25_073", "D", "D - the ratio is 2.2; the rule requires 2x or more, so no outlier."),
    ("r25_078", None, "* Lesion: the pancreatic body cyst\n* Mean attenuation: 25.9 HU"),
    ("r25_093", None, "Borderline resectable: the SMA is encased (360 degrees of contact)."),
    ("r25_160", "D", "About 53 HU lower than the liver around it, so D."),
    ("r25_175", None, '{"organ": "kidney_left", "volume_ml": 74.7}'),
    ("r25_195", None, '{"pseudocyst": true, "mean_hu": 13.5}'),
    ("r25_200", None, '{"fatty_pancreas": true, "ratio": 0.938}'),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25i", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_answer_of_these_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer25i", base, text, choice)).consistent


# reviewer25j (our own generator's phantoms, another author's answers): r25j_029 spleen 129.3 mL (not enlarged);
# r25j_024 liver/spleen ratio about 1.2 (no fatty liver); r25j_061 four liver lesions, "Is the liver parenchyma free of
# focal masses?" (negated: No); r25j_139 pancreas/spleen 0.89 (no steatosis below 0.70); r25j_026 left kidney 108.6 mL
# (A No, not enlarged); r25j_288 pancreatic lesion nearest the spleen, 4.0 mm (aorta 7.2 mm).
RIGHT_25J = [
    ("r25j_029", None, "Not enlarged: 129.3 mL, under the 314.5 mL cut-off."),
    ("r25j_029", None, "Spleen not enlarged (129.3 mL)."),
    ("r25j_024", None, "The liver doesn't show any fatty change (L/S about 1.2)."),
    ("r25j_061", None, "No - the liver is not free of masses; there are four lesions."),
    ("r25j_139", None, "No: the P/S ratio is 0.89; pancreatic steatosis needs a ratio under 0.70."),
    ("r25j_026", "A", "A: No - 108.6 mL, below the lower end of the normal range, 130 mL: not enlarged."),
    ("r25j_288", None, "Spleen - roughly 4 mm away from the pancreatic lesion."),
]
WRONG_25J = [
    ("r25j_029", None, "Enlarged: 129.3 mL."),
    ("r25j_061", None, "Yes - the liver is not free of masses; there are four lesions."),
    ("r25j_139", None, "Yes, pancreatic steatosis: the P/S ratio is 0.89."),
    ("r25j_288", None, "Spleen - roughly 7 mm away from the pancreatic lesion."),
    ("r25j_288", None, "The aorta, about 4 mm away from the pancreatic tumour."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT_25J)
def test_a_correct_answer_of_25j_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25j", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG_25J)
def test_a_wrong_answer_of_25j_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer25j", base, text, choice)).consistent
