"""Kinds reviewer set 18 still judged wrong at the start of session 21, each varied in wordings of our own over set
18's saved results (tests/data/fresh/reviewer18): correct rewrites the attending must pass (a side written after its
value, a side order before an unsided pair, a standard deviation or slice index beside the cited value, a segment list
with its shares, a cut-off quoted with a sign, a reference band with a negative end, a rounded difference, a count's
label, a yes/no or "not <finding>" to a further category part, a place option with its extension, Markdown) and
wrong ones it must flag (the same sentences with a value, side, fold or count made wrong; a lower bound said exact).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import with_item

FRESH = Path(__file__).parents[1] / "data" / "fresh"


def _impression(base: str, lines: str) -> str:
    """A saved work-up's findings with an impression of our own."""
    result = CaseResult.model_validate_json((FRESH / f"reviewer{base[1:3]}" / base / "result.json").read_text())
    assert result.answer_detail is not None
    return result.answer_detail.text.split("IMPRESSION:")[0] + "IMPRESSION:\n" + lines


def _item(base: str, text: str, choice: str | None = None) -> CaseResult:
    result = CaseResult.model_validate_json((FRESH / f"reviewer{base[1:3]}" / base / "result.json").read_text())
    return with_item(result, {"question": None, "choices": None, "choice": choice, "text": text, "evidence_ids": []})


# (base, choice, text): right 111.5 / left 108.1 mL (r18_104); left 57.0 / right 52.2 mL (r18_072, r18_211)
RIGHT = [
    ("r18_104", None, "The right one is bigger, by 3.4 mL: 111.5 mL against 108.1 mL."),
    ("r18_104", None, "Right kidney larger than left by 3.4 mL (111.5 mL and 108.1 mL respectively)."),
    ("r18_104", None, "right>left; 111.5 cm3 vs 108.1 cm3, a difference of about 3 cm3"),
    ("r18_072", "A", "A: left kidney (57.0 mL, versus 52.2 mL right)"),
    ("r18_211", None, "| side | mL |\n|:---|---:|\n| Left | 57.0 |\n| Right | 52.2 |"),
    ("r18_211", None, "**Left:** 57.0 mL  \n**Right:** 52.2 mL"),
    ("r18_138", None, "Mean splenic attenuation 50 HU (standard deviation 7.9)."),
    ("r18_138", None, "50.0 HU, SD ~8."),
    ("r18_176", None, "24.3 mm, measured on image 25."),
    ("r18_176", None, "Longest axial diameter 24 mm (slice no. 25)."),
    ("r18_278", None, "Mainly segment VI (37 %), extending into 5 (32 %) and 8 (14 %)."),
    ("r18_220", None, "21.5 mm; it sits in segment 5 and extends into 8."),
    ("r18_067", None, "950.9 mL, well under the hepatomegaly cut-off (>1800 mL)."),
    ("r18_163", "A", "A. Simple cyst: 5.7 HU lies between -10 and 20 HU."),
    ("r18_146", None, "Number: three. The largest is 2.4 cm."),
    ("r18_116", None, "60 HU. No, the liver is not fatty (liver/spleen ratio 1.19)."),
    ("r18_198", None, "Ratio 0.90. Not fatty (the cut-off is < 0.70)."),
    ("r18_082", "B", "B - not an outlier; 1.36 times the second."),
    ("r18_202", "B", "B: body, extending into the head."),
    ("r18_130", None, "Couinaud segment VI, reaching into VII."),
    ("r18_212", "C", "**C — SD**: sum 28.6 → 28.9 mm, no new lesions"),
    ("r18_046", "B", "B. No: the biggest is 12.1 versus 8.9 mL for the runner-up (x1.36)."),
    ("r18_084", None, "prior 16 mm -> now 20 mm"),
    ("r18_084", None, "Previously 16 mm ⇒ 20 mm today."),
    ("r18_133", "A", "A: hypoattenuating, 20 HU against 60 HU in the surrounding liver."),
    # set 19's kinds (a section label or courtesy before the answer, an option's text without its letter before a
    # bracket, a reference range quoted, lay words for attenuation, a denial of one typed kind)
    ("r18_291", None, "IMPRESSION: Yes. Liver 30.0 HU."),
    ("r18_291", None, "Of course! Yes - the liver is fatty (30.0 HU)."),
    ("r18_291", None, "- Answer: yes\n- Why: liver 30.0 HU"),
    ("r18_022", "C", "Moderate (651.8 mL)"),
    ("r18_022", "C", "C: moderate, 651.8 mL (reference: normal adult spleen 100-300 mL)"),
    ("r18_057", "A", "Simple cyst (5.7 HU)"),
    ("r18_030", None, "0.60 (liver 30.0 HU / spleen 50.0 HU)"),
    ("r18_133", "A", "A. It is darker than the surrounding liver (20 HU vs 60 HU)."),
    ("r18_002", "A", "A: Yes, a right renal tumour of 6.6 mL; no kidney cyst is seen."),
    # a work-up's impression (set 19's bases: spleen 546.9 mL, one kidney lesion; kidneys with two lesions)
    ("r19_002", None, _impression("r19_002", "- Splenomegaly (546.9 mL).\n- One kidney lesion, 25.4 mm.")),
    ("r19_118", None, _impression("r19_118", "- Number of kidney lesions: 2; the largest 17.2 mm.")),
    # set 20's kinds: the letter with its option after the reasons, a side said larger than the other, grades said as
    # adverbs, a patient's "spots", a reference line under bullets
    ("r18_022", "C", "The spleen measures 651.8 mL, so the answer is C, Moderate."),
    ("r18_022", "C", "- Answer: C (Moderate)\n- spleen 651.8 mL"),
    ("r18_022", "C", "C. Your spleen is moderately enlarged (about 650 mL)."),
    ("r18_072", "A", "A. Your left kidney is a little larger than your right one."),
    ("r18_001", None, "We can see three spots in your liver."),
    ("r18_145", None, "- tumour burden: 1.0 %\n- reference: advanced disease above 50 %"),
    ("r18_084", None, "20 mm now; 16 mm on the prior study."),
    ("r18_046", "B", "B — No (ratio 1.36; liver_lesion_2 volume 8.9 mL)."),  # an item named by its own name
]
WRONG = [
    ("r18_104", None, "Right larger than left by 3.4 mL (108.1 mL vs 111.5 mL)."),  # the sides' values swapped
    ("r18_072", "A", "A: left kidney (52.2 mL, versus 57.0 mL right)"),
    ("r18_211", None, "| side | mL |\n|---|---|\n| Left | 52.2 mL |\n| Right | 57.0 mL |"),
    ("r18_138", None, "Mean splenic attenuation 50 HU (standard deviation 12)."),
    ("r18_176", None, "24.3 mm, measured on image 31."),
    ("r18_104", None, "right>left; 111.5 cm3 vs 108.1 cm3, a difference of about 13 cm3"),
    ("r18_107", "B", "B. The right kidney, roughly three times the size of the left."),
    ("r18_107", "B", "B: right, 2-fold the left kidney's volume"),
    ("r18_081", None, "Three (4) lesions in the liver."),
    ("r18_081", None, "2 (three) liver lesions."),
    ("r18_208", "D", "D: severe; the whole spleen is fully imaged at 998.1 mL."),
    ("r18_208", "D", "D — Severe. Splenic volume precisely 998.1 mL."),
    ("r18_116", None, "60 HU. Yes, the liver is fatty (liver/spleen ratio 1.19)."),
    ("r18_146", None, "Number: five. The largest is 2.4 cm."),
    ("r18_046", "B", "B. No: the biggest is 8.9 versus 12.1 mL for the runner-up."),
    ("r18_084", None, "prior 20 mm -> now 16 mm"),
    ("r18_133", "A", "A: hypoattenuating, 35 HU against 60 HU in the surrounding liver."),
    ("r18_291", None, "IMPRESSION: No. Liver 30.0 HU."),
    ("r18_291", None, "Sure thing. No, the liver is not fatty."),
    ("r18_022", "C", "Mild (651.8 mL)"),
    ("r18_030", None, "Liver 30.0 HU (spleen 50.0 HU)."),  # the ratio's inputs, no ratio
    ("r18_133", "A", "A. It is brighter than the surrounding liver (20 HU vs 60 HU)."),
    ("r18_002", "B", "B: No, there is no kidney tumour."),
    ("r19_002", None, _impression("r19_002", "- Spleen not enlarged (546.9 mL).\n- One kidney lesion, 25.4 mm.")),
    ("r19_118", None, _impression("r19_118", "- Number of kidney lesions: 3; the largest 17.2 mm.")),
    ("r19_118", None, _impression("r19_118", "- Kidney lesion count 1, largest 17.2 mm.")),
    ("r18_022", "C", "The spleen measures 651.8 mL, so the answer is C, Mild."),
    ("r18_022", "C", "C. Your spleen is mildly enlarged (about 650 mL)."),
    ("r18_072", "A", "A. Your left kidney is a little smaller than your right one."),
    ("r18_001", None, "We can see four spots in your liver."),
    ("r18_145", None, "9.8 mL of tumour in the liver."),  # a percentage asked, a volume given
    ("r18_084", None, "It measures 16 mm, the same as on the prior study."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT, ids=[f"right{i}" for i in range(len(RIGHT))])
def test_correct_rewrites_pass(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(_item(base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG, ids=[f"wrong{i}" for i in range(len(WRONG))])
def test_wrong_answers_are_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(_item(base, text, choice)).consistent
