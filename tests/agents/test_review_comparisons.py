"""A comparison stated in the answer is true of the numbers it compares; a fold word of the cited change.

Kinds missed on the independent reviewer sets 3 and 4: the right headline with a false rationale
("No splenomegaly: 230.3 mL is above the 314.5 mL cut-off", "T1a, because the 24.3 mm tumour is
more than 40 mm", "the lesion (19.7 HU) is denser than the liver (60.0 HU)", "left 106.5 mL exceeds
right 119.2 mL") and a fold the change contradicts ("roughly doubled" for +197.7 %). Varied over organ,
unit (mm / cm, mL / L / cc, HU), direction word and sign, with the true statement beside each.
"""

from __future__ import annotations

import pytest

from agents.review_checks.comparisons import false_comparisons
from core.case import Answer
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve


@pytest.mark.parametrize(("true", "false"), [
    ("230.3 mL is below the 314.5 mL cut-off", "230.3 mL is above the 314.5 mL cut-off"),
    ("the 24.3 mm tumour is not more than 40 mm", "the 24.3 mm tumour is more than 40 mm"),
    ("the 2.43 cm tumour is less than 40 mm", "the 2.43 cm tumour exceeds 40 mm"),
    ("0.65 L, which is above the 314.5 mL limit", "0.65 L, which is below the 314.5 mL limit"),
    ("650 cc is greater than 500 mL", "650 cc is smaller than 500 mL"),
    ("The lesion (19.7 HU) is less dense than the liver (60.0 HU)", "The lesion (19.7 HU) is denser than the liver (60.0 HU)"),
    ("left kidney volume 119.2 mL exceeds right kidney volume 106.5 mL", "left kidney volume 106.5 mL exceeds right kidney volume 119.2 mL"),
    ("L/S ratio 1.20, not below 1.0", "L/S ratio 0.80, not below 1.0"),
    ("P/S ratio 0.88, at or above 0.70", "P/S ratio 0.58, at or above 0.70"),
    ("ratio 1.205 ≥ 1.0", "ratio 0.95 ≥ 1.0"),
    ("5.3 HU < 34.8 HU", "52.3 HU < 34.8 HU"),
])
def test_a_comparison_between_two_numbers_must_hold(true: str, false: str) -> None:
    assert false_comparisons(true) == []
    assert false_comparisons(false), false


@pytest.mark.parametrize("text", [
    "spleen volume 420.3 mL (314.5 ≤ x < 500 mL) -> mild", "646.2 mL, within the 500–800 mL moderate band",
    "113.6 mL vs 102.5 mL", "the right kidney is larger (119.2 mL vs 106.5 mL on the left)",
    "between 314.5 and 500 mL", "lesions of 26.8 mm and 21.5 mm", "above 0.7 and 0.88 measured",
])
def test_numbers_that_are_not_compared_are_left_alone(text: str) -> None:
    assert false_comparisons(text) == []


def _review(q: Question, text: str, ids: list[str], evidence: list):  # noqa: ANN202
    intent, _, full = solve(q, evidence)
    verdict = review_of(q, intent, Answer(text=text, evidence_ids=ids, backend="hand-built"), full)
    return verdict, {c.name: c for c in verdict.checks}


@pytest.mark.parametrize(("volume", "word"), [(230.3, "No"), (659.6, "Yes"), (140.8, "No"), (398.1, "Yes")])
@pytest.mark.parametrize("unit", ["mL", "cc"])
def test_a_false_rationale_under_a_right_headline_is_caught(volume: float, word: str, unit: str) -> None:
    q = Question("splenomegaly detection", "Is there splenomegaly?", None, ("dtvqa-splenomegaly-detection",))
    evidence = replacing(patient_evidence(), hand_measured("spleen", "volume_ml", volume, "mL"))
    ids = ["measurement:spleen:volume_ml", "criterion:-:dtvqa-splenomegaly-detection"]
    above = volume > 314.5
    right = f"{word} — {volume:.1f} {unit} is {'above' if above else 'below'} the 314.5 {unit} cut-off."
    verdict, _ = _review(q, right, ids, evidence)
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]
    wrong = right.replace("above" if above else "below", "below" if above else "above")
    verdict, checks = _review(q, wrong, ids, evidence)
    assert not checks["comparison"].passed, wrong


@pytest.mark.parametrize(("organ", "prior", "current"), [("spleen", 133.7, 398.1), ("spleen", 131.8, 659.6),
                                                         ("liver", 1650.2, 3310.0), ("kidney_left", 150.4, 75.0)])
def test_a_fold_word_is_the_cited_change(organ: str, prior: float, current: float) -> None:
    pct = (current - prior) / prior * 100
    evidence = replacing(patient_evidence(), hand_measured(organ, "volume_ml", current, "mL"),
                         hand_measured(organ, "prior_volume_ml", prior, "mL"),
                         hand_measured(organ, "volume_change_pct", pct, "%"))
    q = Question("organ volume change", f"By what percentage has the {organ.replace('_', ' ')} volume changed?")
    ids = [f"measurement:{organ}:volume_change_pct"]
    fold = current / prior
    words = {0.5: "halved", 2: "doubled", 3: "tripled", 5: "five times its prior volume"}
    said = min(words, key=lambda f: abs(f - fold))
    right = f"{pct:+.1f} % — the volume has {words[said]}."
    verdict, _ = _review(q, right, ids, evidence)
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]
    other = next(f for f in sorted(words, key=lambda f: abs(f - fold)) if abs(f - fold) > 0.3 * fold)
    wrong = f"{pct:+.1f} % — the volume has {words[other]}."
    verdict, checks = _review(q, wrong, ids, evidence)
    assert not checks["comparison"].passed, wrong


@pytest.mark.parametrize(("diameters", "question", "expected"), [
    ((14.4, 14.0, 10.8, 9.6), "How many liver lesions measure at least 10 mm?", 3),
    ((14.4, 14.0, 10.8, 9.6), "How many liver lesions are larger than 1.2 cm?", 2),
    ((26.8, 21.5, 17.9), "How many liver lesions are smaller than 20 mm?", 1),
    ((8.0, 9.0), "How many liver lesions measure at least 10 mm?", 0),
    ((26.8, 21.5, 17.9, 12.0), "How many liver lesions measure between 1.5 and 2.5 cm?", 2),
    ((26.8, 20.0, 17.9), "How many liver lesions are ≤ 20 mm?", 2),
    ((26.8, 20.0, 17.9), "How many liver lesions are < 2 cm?", 1),
    ((26.8, 20.0, 17.9), "How many liver lesions are no larger than 2 cm?", 2),
    ((14.4, 10.0, 9.6), "How many liver lesions are > 10 mm?", 1),
])
@pytest.mark.parametrize("multiple_choice", [False, True])
def test_a_count_under_the_questions_size_filter_counts_what_it_admits(diameters: tuple[float, ...], question: str,
                                                                        expected: int, multiple_choice: bool) -> None:
    lesions = [hand_measured(f"liver_lesion_{n}", "longest_diameter_mm", d, "mm") for n, d in enumerate(diameters, 1)]
    evidence = replacing([e for e in patient_evidence() if not e.target or not e.target.startswith("liver_lesion_")],
                         hand_measured("liver_lesion", "lesion_count", len(diameters), "count"), *lesions)
    choices = {"A": str(expected), "B": str(len(diameters))} if multiple_choice and expected != len(diameters) else None
    q = Question("lesion counting", question, choices)
    intent, _, full = solve(q, evidence)
    ids = ["measurement:liver_lesion:lesion_count", *(e.id for e in lesions)]

    def checks(text: str, letter: str | None) -> dict:
        answer = Answer(text=text, choice=letter, evidence_ids=ids, backend="hand-built")
        return {c.name: c for c in review_of(q, intent, answer, full).checks}

    right_letter, wrong_letter = ("A", "B") if choices else (None, None)
    assert checks(f"{'A: ' if choices else ''}{expected}.", right_letter)["comparison"].passed
    wrong = len(diameters) if expected != len(diameters) else expected + 1
    assert not checks(f"{'B: ' if choices else ''}{wrong}.", wrong_letter)["comparison"].passed
