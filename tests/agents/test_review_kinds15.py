"""Review15's rules, each over varied inputs (saved phantom results of tests/data/own/reviewer13, edited):

- combined_quantity: a total asked or said is not one side's or one lesion's value (any side, unit, wording);
- derived values: a ratio of two cited values, or a total that sums the cited sides, is grounded;
- a number after a listed value belongs to the words after that value;
- quoted_thresholds: a limit quoted for a cited category is that category's own;
- deciding_reason: a category's reason is its criterion's quantity, on its measured side.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import with_item

SAVED = Path(__file__).parents[1] / "data" / "own" / "reviewer13"
KID_EV = ["measurement:kidney_left:volume_ml", "measurement:kidney_right:volume_ml"]
SIDES = {"r13q15": (113.98, 115.34), "r13q27": (110.04, 114.54)}  # measured left, right kidney volumes (mL)


def _verdict(base: str, text: str, question: str | None = None, ev: list[str] | None = None) -> set[str]:
    result = CaseResult.model_validate_json((SAVED / f"{base}.json").read_text())
    item = {"text": text, "choice": None, "question": question, "choices": None, "evidence_ids": ev}
    verdict = review_result(with_item(result, item))
    return {c.name for c in verdict.checks if not c.passed}


def _ml(value: float, unit: str) -> str:
    return {"mL": f"{value:.1f} mL", "cm3": f"{value:.1f} cm3", "L": f"{value / 1000:.3f} L"}[unit]


@pytest.mark.parametrize("base", sorted(SIDES))
@pytest.mark.parametrize("side", [0, 1])
@pytest.mark.parametrize("unit", ["mL", "cm3", "L"])
@pytest.mark.parametrize("wording", ["Total kidney volume {v}.", "Both kidneys together measure {v}.",
                                     "{v} for the two kidneys combined."])
def test_one_side_given_as_the_total_fails(base: str, side: int, unit: str, wording: str) -> None:
    value = SIDES[base][side]
    failed = _verdict(base, wording.format(v=_ml(value, unit)), "What is the total kidney volume?", KID_EV)
    assert "combined_quantity" in failed


@pytest.mark.parametrize("base", sorted(SIDES))
@pytest.mark.parametrize("unit", ["mL", "cm3"])
@pytest.mark.parametrize("wording", ["{t} in total (left {l}, right {r}).", "Both kidneys together: {t}; left {l}, "
                                     "right {r}.", "Left {l} and right {r}, {t} combined."])
def test_the_true_total_with_its_sides_passes(base: str, unit: str, wording: str) -> None:
    left, right = SIDES[base]
    text = wording.format(t=_ml(left + right, unit), l=_ml(left, unit), r=_ml(right, unit))
    assert _verdict(base, text, "What is the total kidney volume?", KID_EV) == set()


@pytest.mark.parametrize("base", sorted(SIDES))
@pytest.mark.parametrize("order", ["left", "right"])
def test_both_sides_and_their_ratio_pass_and_a_wrong_ratio_fails(base: str, order: str) -> None:
    left, right = SIDES[base]
    sides = f"Left kidney {left:.1f} mL, right {right:.1f} mL" if order == "left" else \
        f"Right kidney {right:.1f} mL, left {left:.1f} mL"
    question = f"What is the volume of the {order} kidney?"
    assert _verdict(base, f"{sides}; left/right ratio {left / right:.2f}.", question, KID_EV) == set()
    assert "numeric_grounding" in _verdict(base, f"{sides}; left/right ratio {left / right + 0.07:.2f}.", question,
                                           KID_EV)


@pytest.mark.parametrize("order", [("L/S {r}", "liver {l}", "spleen {s}"), ("liver/spleen ratio {r}", "spleen {s}",
                                                                            "liver {l}")])
def test_a_number_after_a_listed_value_is_the_words_after_it(order: tuple[str, ...]) -> None:
    ev = ["measurement:liver:mean_hu", "measurement:spleen:mean_hu", "measurement:liver/spleen:hu_ratio"]
    right = ", ".join(order).format(r="1.20", l="60.0 HU", s="49.9 HU")
    swapped = ", ".join(order).format(r="1.20", l="49.9 HU", s="60.0 HU")
    assert _verdict("r13q05", f"No fatty liver: {right}.", "Is there fatty liver?", ev) == set()
    assert "numeric_grounding" in _verdict("r13q05", f"No fatty liver: {swapped}.", "Is there fatty liver?", ev)


@pytest.mark.parametrize("limit,wrong", [(40, False), (58, True), (50, True), (30, True)])
@pytest.mark.parametrize("wording", ["Yes — moderate to severe fatty liver: liver 30.0 HU, below the {n} HU cut-off.",
                                     "Yes, moderate to severe fatty liver (liver 30.0 HU, threshold {n} HU)."])
def test_a_quoted_limit_is_the_categorys_own(limit: int, wrong: bool, wording: str) -> None:
    failed = _verdict("r13q10", wording.format(n=limit))
    assert ("quoted_thresholds" in failed) is wrong, failed


SPLEEN_EV = ["measurement:spleen:volume_ml", "measurement:spleen:mean_hu", "criterion:spleen:dtvqa-splenomegaly-detection"]


@pytest.mark.parametrize("base,volume,hu", [("r13q23", "396.2 mL", "49.9 HU"), ("r13q01", "659.9 mL", "49.9 HU")])
@pytest.mark.parametrize("wording", ["Yes, splenomegaly: the spleen's attenuation is {v}.",
                                     "Yes — the spleen is enlarged, because it measures {v}."])
def test_a_category_is_justified_by_its_criterions_quantity(base: str, volume: str, hu: str, wording: str) -> None:
    assert "deciding_reason" in _verdict(base, wording.format(v=hu), "Is the spleen enlarged?", SPLEEN_EV)
    assert _verdict(base, wording.format(v=volume), "Is the spleen enlarged?", SPLEEN_EV) == set()


@pytest.mark.parametrize("side,wrong", [("above", True), ("over", True), ("below", False), ("under", False)])
def test_a_criterions_own_quantity_on_the_measured_side(side: str, wrong: bool) -> None:
    ev = ["measurement:liver:mean_hu", "measurement:liver/spleen:hu_ratio", "criterion:liver:dtvqa-fatty-liver"]
    failed = _verdict("r13q10", f"Yes — fatty liver: the liver/spleen ratio is {side} 1.0.", "Is there fatty liver?", ev)
    assert ("deciding_reason" in failed) is wrong, failed


ATT = {  # base, question, cited evidence, lesion HU, organ HU, organ word
    "liver": ("r13q05", "Is the largest liver lesion hypo- or hyperattenuating relative to the liver?",
              ["measurement:liver_lesion_1:mean_hu", "measurement:liver:mean_hu", "measurement:liver_lesion_1:attenuation"],
              "19.8 HU", "60.0 HU", "the liver"),
    "pancreas": ("r13q17", "Is the pancreatic tumour hypo- or hyperattenuating compared with the pancreas?",
                 ["measurement:pancreas_lesion_1:mean_hu", "measurement:pancreas:mean_hu",
                  "measurement:pancreas_lesion_1:attenuation"], "25.3 HU", "45.1 HU", "the pancreas"),
    "kidney": ("r13q27", "Is the right kidney lesion hypodense or hyperdense relative to the kidney?",
               ["measurement:kidney_lesion_1:mean_hu", "measurement:kidney_right:mean_hu",
                "measurement:kidney_lesion_1:attenuation"], "4.6 HU", "118.1 HU", "the kidney"),
}


@pytest.mark.parametrize("organ", sorted(ATT))
@pytest.mark.parametrize("wording,wrong", [
    ("The lesion is hyperdense relative to {o} ({a} vs {b}).", True),
    ("It is brighter than {o}: {a} vs {b}.", True),
    ("Hyperattenuating: {a} against {b} in {o}.", True),
    ("The lesion is hypodense relative to {o} ({a} vs {b}).", False),
    ("Hypoattenuating: {a}, lower than {o} at {b}.", False),
])
def test_the_attenuation_said_is_the_one_measured(organ: str, wording: str, wrong: bool) -> None:
    base, question, ev, lesion, tissue, word = ATT[organ]
    failed = _verdict(base, wording.format(o=word, a=lesion, b=tissue), question, ev)
    assert bool(failed) is wrong, failed


@pytest.mark.parametrize("base,question,ev,mean,sd", [
    ("r13q17", "What is the mean attenuation of the pancreas?", ["measurement:pancreas:mean_hu",
                                                                  "measurement:pancreas:std_hu"], "45.1", "8.1"),
    ("r13q27", "What is the mean attenuation of the right kidney?", ["measurement:kidney_right:mean_hu",
                                                                      "measurement:kidney_right:std_hu"], "118.1", "28.2"),
])
@pytest.mark.parametrize("word", ["spread", "variability", "SD"])
def test_an_sd_named_in_plain_words_beside_the_mean(base: str, question: str, ev: list[str], mean: str, sd: str,
                                                    word: str) -> None:
    assert _verdict(base, f"{mean} HU on average ({word} {sd} HU).", question, ev) == set()
    assert "wording" in _verdict(base, f"{sd} HU on average ({word} {mean} HU).", question, ev)


@pytest.mark.parametrize("wording", ["Yes — {a} is {r} times {b}.", "Yes: {a} vs {b}, {r} x the second largest."])
def test_two_lesions_set_against_each_other_are_two_lesions(wording: str) -> None:
    ev = ["measurement:liver_lesion_1:volume_ml", "measurement:liver_lesion_2:volume_ml",
          "finding:liver_lesion:largest_to_second_volume_ratio"]
    question = "Is the largest liver lesion more than twice the volume of the second largest?"
    assert _verdict("r13q05", wording.format(a="8.8 mL", b="1.26 mL", r="6.97"), question, ev) == set()
    assert "lesions" in _verdict("r13q05", "Yes — lesion 1 measures 8.8 mL with a volume of 1.26 mL.", question, ev)
