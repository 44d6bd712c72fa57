"""A numeric option is chosen only when the measured value is that option, in reasoner and reviewer alike.

Found on an independent DeepTumorVQA-format suite: "mean HU of the left kidney, excluding any lesions"
was answered with the lesion's 113.4 HU and the nearest option, 70.5, was taken - and approved. A value
further than `OPTION_MATCH_RELATIVE` (10 %, with a floor per dimension) from every option is none of them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import orchestrator
from questions.intents import parse_choices
from questions.intents.answers import nearest_option, option_tolerance
from synthetic.phantom import lookup_truth
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve

# (task, question, evidence target, quantity, unit, measured value, option unit written in the question)
QUANTITIES = [
    ("organ volume measurement", "What is the volume of the spleen in mL?", "spleen", "volume_ml", "mL", 420.3, 1.0),
    ("organ HU measurement", "What is the mean attenuation of the spleen in HU?", "spleen", "mean_hu", "HU", 50.4, 1.0),
    ("organ HU measurement", "What is the mean HU of the left kidney?", "kidney_left", "mean_hu", "HU", 33.1, 1.0),
    ("largest lesion diameter", "What is the largest liver lesion diameter in cm?", "liver_lesion",
     "largest_lesion_diameter_mm", "mm", 36.4, 0.1),
    ("lesion volume measurement", "What is the volume of the largest liver lesion in mL?", "liver_lesion",
     "largest_lesion_volume_ml", "mL", 18.6, 1.0),
]


def _options(value_in_option_unit: float, factors: list[float]) -> dict[str, str]:
    return {letter: f"{value_in_option_unit * f:.2f}" for letter, f in zip("ABCD", factors, strict=True)}


@pytest.mark.parametrize(("task", "question", "target", "name", "unit", "value", "to_option"), QUANTITIES)
@pytest.mark.parametrize("offset", [0.0, 0.04, -0.07])
def test_the_option_the_value_is_gets_chosen_and_approved(task: str, question: str, target: str, name: str,
                                                          unit: str, value: float, to_option: float,
                                                          offset: float) -> None:
    """The right option, off by rounding or a measurement convention (≤ 7 %), among distractors ≥ 25 % away."""
    choices = _options(value * to_option, [0.5, 1.0 + offset, 1.6, 2.3])
    q = Question(task, question, choices)
    evidence = replacing(patient_evidence(), hand_measured(target, name, value, unit))
    intent, answer, full = solve(q, evidence)
    assert answer is not None and answer.choice == "B", (answer, choices)
    assert review_of(q, intent, answer, full).consistent


@pytest.mark.parametrize(("task", "question", "target", "name", "unit", "value", "to_option"), QUANTITIES)
@pytest.mark.parametrize("nearest_factor", [1.3, 0.75, 2.0])
def test_a_value_that_is_no_option_abstains_and_a_forced_letter_is_sent_back(
        task: str, question: str, target: str, name: str, unit: str, value: float, to_option: float,
        nearest_factor: float) -> None:
    """Every option ≥ 25 % from the measured value: the reasoner commits no letter, and the reviewer refuses
    an answer that takes the nearest one anyway while citing the measured value."""
    choices = _options(value * to_option, [nearest_factor, nearest_factor * 1.6, nearest_factor * 2.4,
                                           nearest_factor * 3.3])
    q = Question(task, question, choices)
    evidence = replacing(patient_evidence(), hand_measured(target, name, value, unit))
    intent, answer, full = solve(q, evidence)
    assert answer is None, (answer, choices)
    q_right = Question(task, question, _options(value * to_option, [0.5, 1.0, 1.6, 2.3]))
    _, right, full = solve(q_right, evidence)
    assert right is not None and right.choice == "B"
    assert right.text.startswith(f"B — {q_right.choices['B']}: ")  # the option once, then the measured value
    forced_text = f"A — {choices['A']}: " + right.text.split(": ", 1)[1]  # the measured value stays cited
    forced = right.model_copy(update={"choice": "A", "text": forced_text})
    verdict = review_of(q, intent, forced, full)
    assert not verdict.consistent
    assert any(c.name == "choice_validity" and not c.passed for c in verdict.checks)


@pytest.mark.parametrize(("option", "dimension", "expected"), [
    (400.0, "volume", 40.0), (2.0, "volume", 0.5), (50.0, "attenuation", 5.0), (4.0, "attenuation", 3.0),
    (-8.0, "attenuation", 3.0), (30.0, "length", 3.0), (5.0, "length", 1.0), (3.0, None, 0.3),
])
def test_tolerance_is_relative_with_a_floor_per_dimension(option: float, dimension: str | None,
                                                          expected: float) -> None:
    assert option_tolerance(option, dimension) == pytest.approx(expected)


@pytest.mark.parametrize(("value", "options", "expected"), [
    (3.0, {"A": "2", "B": "3", "C": "4", "D": "5"}, "B"),  # counts: exact
    (3.4, {"A": "2", "B": "4", "C": "6", "D": "8"}, None),  # a count between options is neither
    (0.0, {"A": "0", "B": "1", "C": "2", "D": "3"}, "A"),
])
def test_counts_must_match(value: float, options: dict[str, str], expected: str | None) -> None:
    choice_set = parse_choices(options)
    assert choice_set is not None
    assert nearest_option(value, "count", choice_set) == expected


@pytest.fixture(scope="module")
def backends() -> dict:
    return {}


@pytest.mark.parametrize(("organ", "factors", "status"), [
    ("spleen", [0.5, 1.0, 1.6, 2.3], "answered"),
    ("spleen", [1.35, 1.8, 2.5, 3.2], "abstained"),
    ("kidney_left", [0.4, 0.6, 1.0, 1.9], "answered"),
    ("kidney_left", [0.45, 0.65, 1.9, 2.6], "abstained"),
])
def test_end_to_end_mean_hu_options(phantom_dir: Path, backends: dict, organ: str, factors: list[float],
                                   status: str) -> None:
    """The real agents on a phantom: options around the phantom's true mean HU, or none near it."""
    truth = lookup_truth(json.loads((phantom_dir / "ground_truth.json").read_text()), organ, "mean_hu")
    choices = {letter: f"{truth * f:.1f}" for letter, f in zip("ABCD", factors, strict=True)}
    side = organ.replace("kidney_left", "left kidney")
    case = {"case_id": "options", "question": f"Measure the average CT density (HU) of the {side}, excluding any "
            "lesions.", "choices": choices,
            "images": [{"path": str(phantom_dir / "ct.nii.gz"), "modality": "CT",
                        "masks": str(phantom_dir / "segmentations")}]}
    result = orchestrator.run(case, backends=backends)
    assert result.status == status, (result.answer, result.reasons)
    if status == "answered":
        assert result.answer == next(k for k, f in zip("ABCD", factors, strict=True) if f == 1.0)
    else:
        assert "none of the options" in " ".join(result.reasons)


@pytest.mark.parametrize("organ", ["liver", "spleen", "left kidney", "right kidney", "pancreas"])
@pytest.mark.parametrize("phrase", ["excluding any lesions", "excluding the tumours", "lesions excluded",
                                    "not counting the lesions", "other than the cysts", "sparing focal lesions"])
def test_a_lesion_named_to_be_left_out_is_not_asked(organ: str, phrase: str) -> None:
    """"Mean HU of the left kidney, excluding any lesions" asks the organ's mean HU, not the lesion's."""
    from questions.understanding import understand

    structure = organ.replace("left kidney", "kidney_left").replace("right kidney", "kidney_right")
    for question in (f"Measure the average CT density (HU) of the {organ}, {phrase}.",
                     f"Give the mean attenuation of the {organ} in HU, {phrase}."):
        intent = understand(question, {"A": "20.5", "B": "36.8", "C": "28.0", "D": "70.5"})
        assert intent.task == "organ HU measurement", question
        assert intent.quantities == [f"{structure}.mean_hu"], question


@pytest.mark.parametrize("question", ["What is the mean HU of the liver lesion?",
                                      "Is the liver without any lesions?",
                                      "How dense is the largest kidney tumour, in HU?"])
def test_a_lesion_asked_about_stays_a_lesion(question: str) -> None:
    from questions.understanding import understand

    intent = understand(question, None)
    assert any("lesion" in q for q in intent.quantities), intent.quantities


@pytest.mark.parametrize(("text", "values"), [
    ("1,003.9 mL", [1003.9]), ("a liver of 1,650 mL", [1650.0]), ("12,500 mm3", [12500.0]),
    ("1,5 mL", [1.5]), ("2,34 cm", [2.34]), ("values 12, 15 and 18", [12.0, 15.0, 18.0]), ("−1,204.5 HU", [-1204.5]),
])
def test_thousands_separators_are_read(text: str, values: list[float]) -> None:
    from questions.intents.answers import numbers_in

    assert [m.value for m in numbers_in(text)] == pytest.approx(values)


@pytest.mark.parametrize("written", ["1,650.4 mL", "1650.4 mL", "1,650.4 cc"])
def test_a_volume_written_with_a_thousands_separator_is_grounded(written: str) -> None:
    """Reviewer: "The liver measures 1,650.4 mL" is the cited 1650.4 mL, not the numbers 1 and 650.4."""
    from core.case import Answer

    q = Question("organ volume measurement", "What is the liver volume?")
    intent, answer, full = solve(q)
    assert answer is not None
    reworded = Answer(text=f"The liver measures {written}.", evidence_ids=answer.evidence_ids, backend="hand-built")
    assert review_of(q, intent, reworded, full).consistent
    wrong = Answer(text=f"The liver measures {written.replace('650', '850')}.", evidence_ids=answer.evidence_ids,
                   backend="hand-built")
    assert not review_of(q, intent, wrong, full).consistent
