"""Kinds of correct answer a writer lays out as a worked sum or a table, which the reviewer read as wrong (session 26,
found by rewriting reviewer set 23's saved results in our own words before set 25 was scored): a computation shown
before its result ("liver 2082.4 mL + spleen 299.7 mL = 2382.1 mL", "14.4 mL / 1636.7 mL × 100 = 0.9 %"); a table
with a reference column, a total row under its terms, a ratio row under a column in HU, a side under a column naming
the organ, and the verdict in a sentence under the table; a range named a reference after it ("(130-260 mL by the
DeepTumorVQA reference)"); a sided kidney's value as the reason of a criterion on "the kidney"; a value's margin over a
cited limit ("62.2 mL over the threshold", "about 20 % above the 314.5 mL cut-off"); the "upper limit of normal" as a
cut-off's name; a table of lesions by index and segment; "seg 8" for segment 8; a key-value table with no header and a
limit's row ("| Upper normal | 1800 mL |"); a value's distance from a limit said before the limit ("282 mL over the
1800 mL limit"); a category's rule said of the category in general ("solid tumours are above 34.8 HU"); segments
listed with slashes ("8/7, 4, 6/1"); a ratio of two values the answer states ("24.16 mL vs 1.64 mL, a ratio of
14.7"). The same layouts with a wrong value, a wrong sum, a wrong margin or a wrong verdict must be flagged.
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import rewritten


def _item(base: str, text: str, choice: str | None = None) -> CaseResult:
    return rewritten("reviewer23", base, text, choice)


TABLE = "| {h1} | {h2} | {h3} |\n|---|---|---|\n"
# r23_016: left kidney 187.1 mL; r23_001: left kidney 114.9 mL "within normal range?" (no, small); r23_005: liver
# 2082.4 + spleen 299.7 = 2382.1 mL; r23_120: pancreas 44.8 HU / spleen 110.0 HU = 0.41; r23_222: tumour 43.0 - liver
# 105.0 = -62.0 HU; r23_118: liver tumour burden 14.4 / 1636.7 mL = 0.9 %
RIGHT = [
    ("r23_016", None, TABLE.format(h1="Parameter", h2="Value", h3="Reference") + "| Left kidney volume | 187.1 mL | 130-260 mL |"),
    ("r23_016", None, TABLE.format(h1="Structure", h2="mL", h3="Normal range (mL)") + "| Left kidney | 187.1 | 130–260 |"),
    ("r23_016", None, "Left kidney: 187.1 mL (130-260 mL by the DeepTumorVQA reference)."),
    ("r23_001", None, TABLE.format(h1="Kidney", h2="Volume", h3="Normal range") + "| Left | 114.9 mL | 130–260 mL |\n\n"
                "No — the left kidney is small."),
    ("r23_001", None, "No, small: left kidney 114.9 mL."),
    ("r23_005", None, "Liver 2082.4 mL + spleen 299.7 mL = 2382.1 mL"),
    ("r23_005", None, "2082.4 + 299.7 = 2382.1 mL"),
    ("r23_005", None, TABLE.format(h1="Organ", h2="Volume (mL)", h3="Reference (mL)") + "| Liver | 2082.4 | 1000–1800 |\n"
                "| Spleen | 299.7 | < 314.5 |\n| **Total** | **2382.1** | |"),
    ("r23_120", None, "| Organ | Mean HU |\n|---|---|\n| Pancreas | 44.8 |\n| Spleen | 110.0 |\n| **P/S ratio** | **0.41** |"),
    ("r23_222", None, "Tumour 43.0 HU − liver 105.0 HU = −62.0 HU"),
    ("r23_118", None, "14.4 mL / 1636.7 mL × 100 = 0.9 %"),
    ("r23_003", "B", "Mild splenomegaly — about 377 mL, i.e. roughly 20 % above the 314.5 mL cut-off."),
    ("r23_003", "B", "B: mild. 376.7 mL is 62.2 mL over the threshold."),
    ("r23_003", "B", "B: mild. 376.7 mL is 123.3 mL below the 500 mL moderate limit."),
    ("r23_003", "B", "B (mild). Spleen 376.7 mL exceeds the 314.5 mL upper limit of normal but is below 500 mL."),
    ("r23_027", None, "| Lesion | Segment |\n|---|---|\n| 1 | 8 |\n| 2 | 4 |\n| 3 | 6 |\n| 4 | 2 |\n\nTotal: 4 lesions"),
    ("r23_027", None, "| # | Segment | Diameter (mm) |\n|---|---|---|\n| 1 | VIII | 39.8 |\n| 2 | IV | 15.7 |\n\n4 lesions in total."),
    ("r23_128", None, "Mostly seg 8, the rest in seg 7."),
    ("r23_018", None, "**Yes.**\n\n| Liver volume | 2082.4 mL |\n|---|---|\n| Upper normal | 1800 mL |"),
    ("r23_018", None, "Yes: 2.08 L vs a normal maximum of 1.8 L, i.e. about 16 % larger than the upper normal."),
    ("r23_018", None, "Yes, enlarged: 2082 mL is 282 mL over the 1800 mL limit."),
    ("r23_060", "A", "Cyst. Its density (about 16 HU) is water-like; solid tumours are above 34.8 HU."),
    ("r23_060", "A", "Cyst (16 HU); cysts are at most 34.8 HU, while solid tumours measure above it."),
    ("r23_037", "C", "Widely distributed (lesions in segments 8/7, 4, 6/1 and 2)."),
    ("r23_282", "A", "A (Yes): 24.16 mL vs 1.64 mL, a ratio of 14.7."),
    ("r23_282", "A", "Yes: the largest (24.16 mL) is 14.7× the second (1.64 mL)."),
]
WRONG = [
    ("r23_016", None, TABLE.format(h1="Parameter", h2="Value", h3="Reference") + "| Left kidney volume | 287.1 mL | 130-260 mL |"),
    ("r23_016", None, TABLE.format(h1="Parameter", h2="Value", h3="Reference") + "| Left kidney volume | 130-260 mL | 187.1 mL |"),
    ("r23_016", None, "Left kidney: 87.1 mL (130-260 mL by the DeepTumorVQA reference)."),
    ("r23_001", None, TABLE.format(h1="Kidney", h2="Volume", h3="Normal range") + "| Left | 114.9 mL | 130–260 mL |\n\n"
                "Yes — within the normal range."),
    ("r23_001", None, "No, small: left kidney 14.9 mL."),
    ("r23_005", None, "Liver 2082.4 mL + spleen 299.7 mL = 2482.1 mL"),
    ("r23_005", None, "Liver 2082.4 mL + spleen 399.7 mL = 2482.1 mL"),
    ("r23_005", None, TABLE.format(h1="Organ", h2="Volume (mL)", h3="Reference (mL)") + "| Liver | 2082.4 | 1000–1800 |\n"
                "| Spleen | 299.7 | < 314.5 |\n| **Total** | **2482.1** | |"),
    ("r23_120", None, "| Organ | Mean HU |\n|---|---|\n| Pancreas | 44.8 |\n| Spleen | 110.0 |\n| **P/S ratio** | **0.51** |"),
    ("r23_222", None, "Tumour 43.0 HU − liver 105.0 HU = −52.0 HU"),
    ("r23_118", None, "14.4 mL / 1636.7 mL × 100 = 9 %"),
    ("r23_003", "B", "Mild splenomegaly — about 377 mL, i.e. roughly 40 % above the 314.5 mL cut-off."),
    ("r23_003", "B", "B: mild. 376.7 mL is 82.2 mL over the threshold."),
    ("r23_003", "A", "A (normal). Spleen 376.7 mL is below the upper limit of normal."),
    ("r23_027", None, "| Lesion | Segment |\n|---|---|\n| 1 | 8 |\n| 2 | 4 |\n| 3 | 6 |\n\nTotal: 3 lesions"),
    ("r23_128", None, "Mostly seg 4."),
    ("r23_018", None, "**Yes.**\n\n| Liver volume | 2182.4 mL |\n|---|---|\n| Upper normal | 1800 mL |"),
    ("r23_018", None, "**No.**\n\n| Liver volume | 2082.4 mL |\n|---|---|\n| Upper normal | 1800 mL |"),
    ("r23_018", None, "Yes: 2.08 L vs a normal maximum of 1.8 L, i.e. about 26 % larger than the upper normal."),
    ("r23_018", None, "Yes, enlarged: 2082 mL is 182 mL over the 1800 mL limit."),
    ("r23_060", "B", "Solid tumour. Its density (about 16 HU) is water-like; solid tumours are above 34.8 HU."),
    ("r23_060", "A", "Cyst. Its density is about 46 HU; solid tumours are above 34.8 HU."),
    ("r23_037", "A", "Highly clustered (lesions in segments 8/7, 4, 6/1 and 2)."),
    ("r23_282", "A", "A (Yes): 24.16 mL vs 1.64 mL, a ratio of 12.7."),
    ("r23_282", "A", "Yes: the largest (24.16 mL) is 12.7× the second (1.64 mL)."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_layout_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(_item(base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_the_same_layout_made_wrong_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(_item(base, text, choice)).consistent
