"""The reviewer's own challenge set of session 14 (tests/data/own/reviewer_own14.py): wrong answers made by editing
correct results' answer text (a quantifier said after the lesions it counts, a mean named "peak" inside a bracketed
label, a superlative of rank or in a clause of its own, a comparison denied in a subordinate clause, a fold word
against the values given, an invented state of an unmeasured structure, a size word against the organ's criterion,
a rounding that crosses a limit) and correct answers on both sides (true context, reordered clauses, a broader label).
And the rules under them, varied in organ, lesion, side, number and wording.

First figures on main 6fe6fe6: tuning half 12/23 caught, 4/13 false alarms; held-back half 8/16 caught, 7/21 false
alarms. After: tuning 23/23, 0/13; held-back 15/16, 1/21 (items that still fail are listed in KNOWN_MISSES).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from agents.review_checks.bound_words import bound_mentions
from agents.review_checks.comparisons import FOLD
from agents.review_checks.quantifiers import FLOATING
from agents.review_checks.statistic_words import STATISTIC
from agents.review_checks.superlatives import SUPERLATIVE
from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import with_item

DATA = Path(__file__).parents[1] / "data"
_spec = importlib.util.spec_from_file_location("reviewer_own14", DATA / "own" / "reviewer_own14.py")
assert _spec is not None and _spec.loader is not None
_own = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_own)
ITEMS: list[dict] = _own.ITEMS
SAVED = DATA / "fresh" / "reviewer12"
KNOWN_MISSES = {"negation_037"}
"""Items still judged wrongly: a comparison whose subject is an anaphor across a semicolon ("398.7 mL; this volume,
which fails to exceed 314.5 mL"). ("The second largest liver lesion", read by understanding as the largest, is
answered by that lesion's own item since round 17: `asked_kinds.ranked_names`.)"""


def rewritten(item: dict) -> CaseResult:
    """The saved result with the item's question, choices, cited evidence and answer text put in."""
    return with_item(CaseResult.model_validate_json((SAVED / item["base"] / "result.json").read_text()), item)


def test_the_set_is_varied_enough() -> None:
    kinds = {i["kind"] for i in ITEMS}
    assert len(ITEMS) >= 60 and len(kinds) >= 8
    assert all({True, False} <= {i["wrong"] for i in ITEMS if i["kind"] == k} for k in kinds - {"context"})
    assert {"tune", "held"} == {i["half"] for i in ITEMS}


@pytest.mark.parametrize("item", [pytest.param(i, marks=pytest.mark.xfail(strict=True)) if i["id"] in KNOWN_MISSES
                                  else i for i in ITEMS], ids=[i["id"] for i in ITEMS])
def test_own_set_14_is_judged_right(item: dict) -> None:
    verdict = review_result(rewritten(item))
    assert verdict.consistent is not item["wrong"], (item["text"], [(c.name, c.reason) for c in verdict.checks
                                                                     if not c.passed])


@pytest.mark.parametrize(("sentence", "said"), [
    ("3 liver lesions, all of them in segment 7", "all of them"),
    ("Two renal masses; both of them hypodense", "both of them"),
    ("five hepatic lesions, each measuring over 1 cm", "each"),
    ("4 lesions, none of which lies in the left lobe", "none of which"),
    ("Four metastases, every one of them in segment VI", "every one of them"),
])
def test_a_quantifier_said_after_its_lesions_is_read(sentence: str, said: str) -> None:
    assert [m.group(0) for m in FLOATING.finditer(sentence)] == [said]


@pytest.mark.parametrize("sentence", ["All three liver lesions lie in segment 7", "the largest of all",
                                      "3 liver lesions on both studies"])
def test_a_quantifier_before_its_noun_is_not_read_as_one_said_after(sentence: str) -> None:
    found = [m.group(0) for m in FLOATING.finditer(sentence)]
    assert found in ([], ["both"]) and ("both" not in found or "studies" in sentence)


@pytest.mark.parametrize(("sentence", "bound"), [
    ("30.0 HU (liver peak attenuation)", [("peak", "30.0")]),
    ("117.2 HU (left kidney, maximum value)", [("maximum", "117.2")]),
    ("24.7 HU, the tumour's highest value", [("highest", "24.7")]),
    ("45.2 HU (mean pancreatic attenuation; SD 8.0 HU)", [("mean", "45.2"), ("SD", "8.0")]),
])
def test_a_statistic_word_in_a_label_after_the_value_binds_to_it(sentence: str, bound: list[tuple[str, str]]) -> None:
    got = [(w.group(0), sentence[m.start:m.end].split()[0]) for w, m in bound_mentions(sentence, STATISTIC)]
    assert got == bound


@pytest.mark.parametrize(("text", "rank", "size"), [
    ("the second largest of the four", "second", "largest"), ("a third-largest lesion", "third", "largest"),
    ("the 2nd smallest cyst", "2nd", "smallest"), ("the largest lesion", None, "largest"),
])
def test_a_rank_is_read_with_its_superlative(text: str, rank: str | None, size: str) -> None:
    match = SUPERLATIVE.search(text)
    assert match is not None and match["rank"] == rank and (match["large"] or match["small"]) == size


@pytest.mark.parametrize(("text", "part"), [
    ("shrank to a quarter of its prior diameter", "quarter"), ("half the baseline volume", "half"),
    ("one third of the previous sum", "third"), ("has doubled", None),
])
def test_a_part_of_the_earlier_value_is_a_fold(text: str, part: str | None) -> None:
    match = FOLD.search(text)
    assert match is not None and match["part"] == part


M = "measurement:"
L3 = "c_synonym_q04_1"  # liver lesions 28.8 (s7), 25.3 (s7, s6), 17.0 (s6) mm; spleen 398.7 mL
W29 = "w_rounding_crosses_threshold_q29_2"  # liver lesions 23.3 (s6) 21.5 (s6) 17.9 (s7) 12.6 (s8) mm
KCY = "w_swapped_numbers_q11_6"  # right kidney cyst 24.3 mm; left kidney 105.1 mL 117.2 HU
PRI = "w_change_direction_wrong_q50_1"  # total liver lesion volume 7.14 -> 14.62 mL; largest 17.9 -> 26.8 mm
VOLUME = "How has the total liver lesion volume changed?"
VOLUME_EV = [f"{M}liver_lesion:total_lesion_volume_change_ml", f"{M}liver_lesion:prior_total_lesion_volume_ml",
             f"{M}liver_lesion:total_lesion_volume_ml"]
VARIED = [  # (base, question, cited, text, wrong): other organs, lesions, sides, numbers and words than the set's
    (W29, "How many liver lesions are there?", [f"{M}liver_lesion:lesion_count"],
     "Four liver lesions; all of them lie in segments 6 to 8.", False),
    (W29, "How many liver lesions are there?", [f"{M}liver_lesion:lesion_count"],
     "Four liver lesions; they are all larger than 2 cm.", True),
    (L3, "How many liver lesions are there?", [f"{M}liver_lesion:lesion_count"],
     "3 hepatic lesions, none of which lies in the left lobe.", False),
    (L3, "How many liver lesions are there?", [f"{M}liver_lesion:lesion_count"],
     "Three liver lesions, all of them under 25 HU.", False),
    (L3, "How many liver lesions are there?", [f"{M}liver_lesion:lesion_count"],
     "Three liver lesions, each larger than 5 mL.", True),
    (L3, "How many liver lesions are there?", [f"{M}liver_lesion:lesion_count"],
     "3 hepatic lesions, none of which lies in segment 6.", True),
    (KCY, "What is the mean attenuation of the left kidney?", [f"{M}kidney_left:mean_hu"],
     "117.2 HU (left renal peak attenuation).", True),
    (KCY, "What is the mean attenuation of the left kidney?", [f"{M}kidney_left:mean_hu"],
     "117.2 HU (left renal mean attenuation).", False),
    (W29, "What is the longest axial diameter of the largest liver lesion?",
     [f"{M}liver_lesion:largest_lesion_diameter_mm"], "2.3 cm; it is the second largest of the four.", True),
    (W29, "What is the longest axial diameter of the largest liver lesion?",
     [f"{M}liver_lesion:largest_lesion_diameter_mm"], "2.3 cm; it is the largest of the four.", False),
    (PRI, VOLUME, VOLUME_EV, "The total volume has quadrupled, 7.14 mL then and 14.62 mL now.", True),
    (PRI, VOLUME, VOLUME_EV, "The total volume roughly doubled, 7.14 mL then and 14.62 mL now.", False),
    (PRI, VOLUME, VOLUME_EV, "Now at half of its prior volume: 14.62 mL, 7.14 mL before.", True),
    (L3, "What is the spleen volume?", [f"{M}spleen:volume_ml"], "The spleen is of normal size (398.7 mL).", True),
    (L3, "What is the spleen volume?", [f"{M}spleen:volume_ml"], "The spleen is large: 398.7 mL.", False),
    (KCY, "What is the left kidney volume?", [f"{M}kidney_left:volume_ml"],
     "105.1 mL; the left renal vein is narrowed.", True),
    (KCY, "What is the left kidney volume?", [f"{M}kidney_left:volume_ml"],
     "105.1 mL; no renal vein narrowing is claimed, none being measured.", False),
    (L3, "What is the spleen volume?", [f"{M}spleen:volume_ml"],
     "398.7 mL, which does not exceed the 314.5 mL threshold.", True),
    (L3, "What is the spleen volume?", [f"{M}spleen:volume_ml"],
     "398.7 mL, which does not reach the 500 mL limit of moderate splenomegaly.", False),
]


@pytest.mark.parametrize(("base", "question", "cited", "text", "wrong"), VARIED, ids=[v[3][:40] for v in VARIED])
def test_the_meaning_rules_hold_on_other_organs_sides_and_values(base: str, question: str, cited: list[str],
                                                                 text: str, wrong: bool) -> None:
    item = {"base": base, "question": question, "choices": None, "text": text, "choice": None, "evidence_ids": cited}
    verdict = review_result(rewritten(item))
    assert verdict.consistent is not wrong, [(c.name, c.reason) for c in verdict.checks if not c.passed]
