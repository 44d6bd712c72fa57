"""The reviewer's own challenge set of session 13 (tests/data/own/reviewer_own13b.py): wrong answers made by editing
correct results' answer text (a statistic named wrongly, a qualitative word against its number, a diameter called a
radius or axes swapped, all/none/both over per-lesion evidence, a denial in a subordinate clause, a wrong superlative
or side comparison, fold words, an invented finding) and correct answers adding true context (a threshold, a normal
range, the prior's value). And the rules under them, varied on both sides of each boundary.

First figures on main c6b53cb: tuning half 10/29 caught, 6/20 false alarms; held-back half 12/23 caught, 2/21 false
alarms. After: tuning 28/29, 0/20; held-back 22/23, 1/21 (items that still fail are listed in KNOWN_MISSES).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from agents.review_checks.axes import AXIS
from agents.review_checks.bound_words import bound_mentions
from agents.review_checks.comparisons import FOLD
from agents.review_checks.stated_limits import LIMIT
from agents.review_checks.statistic_words import STATISTIC
from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import with_item

DATA = Path(__file__).parents[1] / "data"
_spec = importlib.util.spec_from_file_location("reviewer_own13b", DATA / "own" / "reviewer_own13b.py")
assert _spec is not None and _spec.loader is not None
_own = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_own)
ITEMS: list[dict] = _own.ITEMS
SAVED = DATA / "fresh" / "reviewer12"
KNOWN_MISSES = {"qualifier_016", "qualifier_018", "quantifier_040"}
"""Items still judged wrongly: a size word ("tiny") no registry entry defines, "atrophic" against a kidney volume
the kidney criterion does not call normal, and a lesion spanning two segments counted in both by `lesions`."""


def rewritten(item: dict) -> CaseResult:
    """The saved result with the item's question, cited evidence and answer text put in."""
    return with_item(CaseResult.model_validate_json((SAVED / item["base"] / "result.json").read_text()), item)


def test_the_set_is_varied_enough() -> None:
    kinds = {i["kind"] for i in ITEMS}
    assert len(ITEMS) >= 90 and len(kinds) >= 9
    assert all({True, False} <= {i["wrong"] for i in ITEMS if i["kind"] == k} for k in kinds)  # both sides of each kind
    assert {"tune", "held"} == {i["half"] for i in ITEMS}


@pytest.mark.parametrize("item", [pytest.param(i, marks=pytest.mark.xfail(strict=True)) if i["id"] in KNOWN_MISSES
                                  else i for i in ITEMS], ids=[i["id"] for i in ITEMS])
def test_own_set_13b_is_judged_right(item: dict) -> None:
    verdict = review_result(rewritten(item))
    assert verdict.consistent is not item["wrong"], (item["text"], [(c.name, c.reason) for c in verdict.checks
                                                                     if not c.passed])


@pytest.mark.parametrize(("sentence", "bound"), [
    ("The mean attenuation of the liver is 60.0 HU (SD 8.0 HU)", [("mean", "60.0"), ("SD", "8.0")]),
    ("Average splenic attenuation is 49.9 HU, standard deviation 8.1 HU", [("Average", "49.9"),
                                                                          ("standard deviation", "8.1")]),
    ("Peak hepatic attenuation 60 HU", [("Peak", "60")]),
    ("kidney 117.4 HU mean, 28.1 HU SD", [("mean", "117.4"), ("SD", "28.1")]),
])
def test_a_statistic_word_binds_to_its_own_value(sentence: str, bound: list[tuple[str, str]]) -> None:
    got = [(w.group(0), sentence[m.start:m.end].split()[0]) for w, m in bound_mentions(sentence, STATISTIC)]
    assert got == bound


@pytest.mark.parametrize(("sentence", "bound"), [
    ("Pancreatic tumour 29.1 mm long axis, short axis 25.3 mm", [("long axis", "29.1"), ("short axis", "25.3")]),
    ("The renal cyst measures 24.3 mm (long axis) by 22.4 mm (short axis)", [("long axis", "24.3"),
                                                                              ("short axis", "22.4")]),
    ("The tumour measures 3.1 cm in radius", [("radius", "3.1")]),
    ("Longest diameter 41 mm; short axis 30 mm", [("Longest diameter", "41"), ("short axis", "30")]),
])
def test_an_axis_word_binds_to_its_own_value(sentence: str, bound: list[tuple[str, str]]) -> None:
    got = [(w.group(0), sentence[m.start:m.end].split()[0]) for w, m in bound_mentions(sentence, AXIS)]
    assert got == bound


@pytest.mark.parametrize(("text", "word", "low", "high"), [
    ("142.0 mL, below the 314.5 mL threshold", "below", "314.5", None),
    ("39.8 mL, just below the 40-100 mL normal range", "below", "40", "100"),
    ("0.61 L, within the 0.5–0.8 L band", "within", "0.5", "0.8"),
    ("Above the 314.5 mL threshold, the spleen measures 647.7 mL", "Above", "314.5", None),
    ("60.0 HU, above the 40 HU fatty-liver cut-off", "above", "40", None),
])
def test_a_stated_limit_is_read_with_its_side(text: str, word: str, low: str, high: str | None) -> None:
    match = LIMIT.search(text)
    assert match is not None and (match["word"], match["low"], match["high"]) == (word, low, high)


@pytest.mark.parametrize(("text", "fold"), [
    ("has doubled", "doubled"), ("a twofold increase", "twofold"), ("a 3-fold rise", "3-fold"), ("halving", "halving"),
    ("tripling of the volume", "tripling"), ("four times its prior volume", "four times"),
])
def test_fold_words_are_read_in_every_form(text: str, fold: str) -> None:
    match = FOLD.search(text)
    assert match is not None and match.group(0) == fold


M = "measurement:"
VARIED = [  # (base, question, cited, text, wrong): other organs, sides and values than the set's
    ("w_swapped_numbers_q34_1", "What is the attenuation of the left kidney?", [f"{M}kidney_left:mean_hu"],
     "The maximum attenuation of the left kidney is 116.0 HU.", True),
    ("w_swapped_numbers_q34_1", "What is the attenuation of the left kidney?", [f"{M}kidney_left:mean_hu"],
     "The mean attenuation of the left kidney is 116.0 HU.", False),
    ("w_swapped_numbers_q34_1", "What is the attenuation of the right kidney?",
     [f"{M}kidney_right:mean_hu", f"{M}kidney_right:std_hu"], "Right kidney: average 28.1 HU.", True),
    ("c_choice_rephrase_q09_2", "What is the spleen volume?", [f"{M}spleen:volume_ml"],
     "Enlarged spleen, 142.0 mL.", True),
    ("c_choice_rephrase_q09_2", "What is the spleen volume?", [f"{M}spleen:volume_ml"],
     "The spleen is not enlarged (142.0 mL).", False),
    ("c_synonym_q43_2", "What is the spleen volume?", [f"{M}spleen:volume_ml"],
     "Severe splenomegaly, 647.7 mL.", True),
    ("w_change_direction_wrong_q50_1", "How big is the largest liver lesion?",
     [f"{M}liver_lesion:largest_lesion_diameter_mm", f"{M}liver_lesion:largest_lesion_short_axis_mm"],
     "Short axis 26.8 mm, equal to its long axis.", False),
    ("w_change_direction_wrong_q50_1", "How big is the largest liver lesion?",
     [f"{M}liver_lesion:largest_lesion_diameter_mm"], "A radius of 26.8 mm.", True),
    ("w_swapped_numbers_q11_6", "What are the kidney volumes?",
     [f"{M}kidney_left:volume_ml", f"{M}kidney_right:volume_ml"],
     "The right kidney is larger: 108.3 mL against 105.1 mL.", False),
    ("w_swapped_numbers_q11_6", "What are the kidney volumes?",
     [f"{M}kidney_left:volume_ml", f"{M}kidney_right:volume_ml"],
     "The right kidney is the smaller (108.3 mL; left 105.1 mL).", True),
    ("c_reorder_q22_2", "What is the pancreas volume?", [f"{M}pancreas:volume_ml"],
     "Pancreatic volume 39.8 mL, within the 40-100 mL normal range.", True),
    ("c_synonym_q43_2", "What is the spleen volume?", [f"{M}spleen:volume_ml"],
     "647.7 mL, above the 500 mL limit of mild splenomegaly.", False),
]


@pytest.mark.parametrize(("base", "question", "cited", "text", "wrong"), VARIED, ids=[v[3][:40] for v in VARIED])
def test_the_wording_rules_hold_on_other_organs_sides_and_values(base: str, question: str, cited: list[str],
                                                                 text: str, wrong: bool) -> None:
    item = {"base": base, "question": question, "choices": None, "text": text, "choice": None, "evidence_ids": cited}
    verdict = review_result(rewritten(item))
    assert verdict.consistent is not wrong, [(c.name, c.reason) for c in verdict.checks if not c.passed]
