"""Kinds reviewer set 22 left after session 23, each varied in wordings, units and orders of our own over set 22's
saved results (tests/data/fresh/reviewer22); the same sentences made wrong must be flagged.

Formatting voices of correct answers: a reference range quoted beside the value (in brackets, or after "normal",
"range"); the value said again in another unit of its dimension, or a ratio as a percentage; values listed one per
lesion; "one lesion each in segments ..."; a letter then the answer in a patient's words; a denial with an
existential lead ("There are no lesions ..."); a list of per-side fields with a difference field, of per-study fields
with a change field; a field that only refers to a value given elsewhere ("see above"); a lesion's own number ("lesion
2: 2.7 mL"); a count of the prior study beside the answer; "37.9 HU brighter than" (a difference, not a value compared);
each organ's lesion volume beside its cited burden. Wrong answers: a loose rounding onto a limit the measured value lies under, so the category
follows the rounded number; the answer's value cited only through a ratio it is a part of; a "No" to a Yes/No
question whose understanding lost its polarity; a kidney lesion's side against its kidney; a reference range that
misquotes the knowledge base's limits; "two cysts" where one cyst (and two lesions of every kind) was counted.
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import rewritten, with_item


def _item(base: str, text: str, choice: str | None = None) -> CaseResult:
    return rewritten("reviewer22", base, text, choice)


def _citing(base: str, text: str, ids: list[str]) -> CaseResult:
    """A kept result with its answer rewritten and its cited evidence replaced by `ids`."""
    result = _item(base, text)
    return with_item(result, {"question": None, "choices": None, "choice": None, "text": text, "evidence_ids": ids})


# liver 54.0 HU (r22_238, m13); liver 1173.0 mL (r22_161, e05); pancreatic lesion 29.1 mm (r22_276, e05); liver
# 966.0 mL (r22_162, i09); pancreas/spleen 0.623 (r22_450, j10); kidneys 89.1 / 151.0 mL, ratio 0.590, two right
# cysts 6.2 / 3.2 mL (h08: r22_128, r22_116, r22_063, r22_259, r22_201); f06's four lesions in segments 3, 4, 5, 7
# (r22_027); a01 spleen 212.9 mL, no kidney lesion (r22_362, r22_246); l12 liver lesions 2 -> 3 (r22_325, r22_359);
# d04's largest kidney lesion in the right kidney (r22_011)
RIGHT = [
    ("r22_238", None, "Mean liver density 54 HU (G1 band 51–57 HU)."),
    ("r22_161", None, "1.17 L; normal range 1.0-1.8 L."),
    ("r22_276", None, "29.1 mm, which falls in the T2 size band (20–40 mm)."),
    ("r22_162", None, "About 970 mL, under the normal 1000–1800 mL range."),
    ("r22_450", None, "0.62: below the 0.70 cut-off, so pancreatic steatosis."),
    ("r22_128", None, "The right kidney is larger by 0.0619 L (61.9 mL)."),
    ("r22_116", None, "Left-to-right ratio 0.59, i.e. the left kidney is 59% of the right."),
    ("r22_063", "B", "B. Right: there are two cysts there, measuring 3.2 mL and 6.2 mL."),
    ("r22_259", None, "2 cysts in total:\n* 3.2 mL\n* 6.2 mL"),
    ("r22_027", "C", "C — one lesion each in segments 3, 4, 5 and 7."),
    ("r22_362", "B", "B. Your spleen looks a healthy size."),
    ("r22_246", None, "There are no lesions in either kidney."),
    ("r22_201", None, "* Right: 151.0 mL\n* Left: 89.1 mL\n* Difference: 61.9 mL"),
    ("r22_359", None, "* Before: 2 lesions\n* Now: 3 lesions\n* Change: +1"),
    ("r22_325", "A", "A. Yes — a third lesion has appeared."),
    ("r22_011", "B", "B (the right one)."),
    ("r22_389", None, "Liver volume: see above. 1545.6 mL."),
    ("r22_389", None, "Parameter — liver volume; result — 1.55 L."),
    ("r22_008", None, "89.1 mL [normal 120–200 mL]"),
    ("r22_057", None, "Total 16.4 mL\n- lesion 2: 2.7 mL\n- lesion 1: 13.7 mL"),
    ("r22_085", None, "Three lesions now (there were two before)."),
    ("r22_218", None, "Just one."),
    ("r22_382", None, "97.9 HU, i.e. 37.9 HU brighter than the liver (60.0 HU)."),
    ("r22_045", "B", "B. Kidneys — kidney lesion 34.9 mL vs liver lesion 4.6 mL."),
]
WRONG = [
    ("r22_238", None, "Mean liver density 64 HU (G1 band 51–57 HU)."),
    ("r22_161", None, "1.27 L; normal range 1.0-1.8 L."),
    ("r22_276", None, "21.9 mm, which falls in the T2 size band (20–40 mm)."),
    ("r22_161", None, "1000–1800 mL."),
    ("r22_162", None, "Approximately 1.0 L, inside the normal 1.0–1.8 L range."),
    ("r22_450", None, "roughly 0.7, right at the 0.70 cut-off: no fatty pancreas."),
    ("r22_128", None, "The right kidney is larger by 0.0719 L (71.9 mL)."),
    ("r22_116", None, "Left-to-right ratio 0.59, i.e. the left kidney is 69% of the right."),
    ("r22_063", "B", "B. Right: there are two cysts there, measuring 4.2 mL and 6.2 mL."),
    ("r22_027", "C", "C — two lesions each in segments 3, 4, 5 and 7."),
    ("r22_246", None, "There are two lesions in the kidneys."),
    ("r22_201", None, "* Right: 151.0 mL\n* Left: 89.1 mL\n* Difference: 71.9 mL"),
    ("r22_359", None, "* Before: 2 lesions\n* Now: 3 lesions\n* Change: +2"),
    ("r22_325", "B", "B. No."),
    ("r22_325", "B", "B: no new lesions."),
    ("r22_011", "A", "A (the left one)."),
    ("r22_389", None, "Liver volume: see above. 1645.6 mL."),
    ("r22_389", None, "Parameter — liver volume; result — 1.65 L."),
    ("r22_161", None, "1173.0 mL (normal 800–1600 mL)."),
    ("r22_057", None, "Total 16.4 mL\n- lesion 2: 3.7 mL\n- lesion 1: 13.7 mL"),
    ("r22_085", None, "Three lesions now (there were one before)."),
    ("r22_218", None, "Just two."),
    ("r22_111", None, "Yes, there are two cysts in the kidneys."),
    ("r22_382", None, "97.9 HU, i.e. 47.9 HU brighter than the liver (60.0 HU)."),
    ("r22_045", "B", "B. Kidneys — kidney lesion 24.9 mL vs liver lesion 4.6 mL."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_rewrite_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(_item(base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_rewrite_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(_item(base, text, choice)).consistent


def test_a_value_cited_only_through_a_ratio_it_is_part_of_is_flagged() -> None:
    own = review_result(_citing("r22_238", "54 HU (mean liver attenuation).", ["measurement:liver:mean_hu"]))
    assert own.consistent, [(c.name, c.reason) for c in own.checks if not c.passed]
    ratio = review_result(_citing("r22_238", "54 HU (mean liver attenuation).", ["measurement:liver/spleen:hu_ratio"]))
    assert not ratio.consistent
    assert any(c.name == "numeric_grounding" and "does not cite" in c.reason for c in ratio.checks if not c.passed)
