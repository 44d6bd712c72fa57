"""The benchmark's scoring rules: letter extraction, MRA bands, binary and categorical, aggregation."""

from __future__ import annotations

import pytest

from benchmarks.scoring import (
    extract_binary,
    extract_letter,
    extract_number,
    mean_relative_accuracy,
    score_binary,
    score_categorical,
    score_numeric,
    score_predictions,
    strip_think,
)


@pytest.mark.parametrize(("text", "letter"), [
    ("B", "B"), ("b) because", "B"), ("<think>A is wrong, C maybe</think>\nD", "D"),
    ("<think>unfinished reasoning about A", ""), ("The answer is C.", "C"), ("", ""), (None, ""),
    ("Answer: (A)", "A"), ("none of them", ""),
])
def test_extract_letter_strips_think_and_finds_standalone_letters(text: str | None, letter: str) -> None:
    assert extract_letter(text) == letter


def test_strip_think_and_number_and_binary() -> None:
    assert strip_think("<think>x</think> 12") == "12"
    assert extract_number("about -3.5 HU") == -3.5
    assert extract_number("no number") is None
    assert extract_binary("Yes, enlarged") == "yes"
    assert extract_binary("there is no lesion") == "no"
    assert extract_binary("maybe") == ""


def test_mra_and_tolerance_bands() -> None:
    assert mean_relative_accuracy(90.0, 100.0) == pytest.approx(0.9)
    assert mean_relative_accuracy(300.0, 100.0) == 0.0
    assert mean_relative_accuracy(0.0, 0.0) == 1.0
    assert mean_relative_accuracy(1.0, 0.0) == 0.0
    metric = score_numeric([("104", "100 cm³"), ("70", "100"), ("abc", "100"), ("5", "no number")])
    assert metric["n_scored"] == 3
    assert metric["mean_mra"] == pytest.approx((0.96 + 0.7 + 0.0) / 3, abs=1e-4)
    assert metric["tolerance_acc"] == {"tol_5%": pytest.approx(1 / 3, abs=1e-4), "tol_10%": pytest.approx(1 / 3, abs=1e-4),
                                       "tol_20%": pytest.approx(1 / 3, abs=1e-4), "tol_50%": pytest.approx(2 / 3, abs=1e-4)}


def test_binary_sensitivity_specificity_count_empty_as_no() -> None:
    metric = score_binary([("yes", "Yes"), ("no", "Yes"), ("", "No"), ("yes", "No")])
    assert metric["accuracy"] == 0.25  # the empty answer is not correct...
    assert metric["sensitivity"] == 0.5
    assert metric["specificity"] == 0.5  # ...but counts as a "no" for specificity, as the benchmark does


def test_categorical_normalised_exact_and_partial() -> None:
    metric = score_categorical([("Mild splenomegaly.", "mild splenomegaly"), ("mild", "Mild splenomegaly"),
                                ("severe", "Mild splenomegaly")])
    assert metric["accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert metric["partial_accuracy"] == pytest.approx(2 / 3, abs=1e-4)


def _records() -> dict[str, dict]:
    rows = [("q1", "splenomegaly grading", "medical reasoning", "A", "Normal"),
            ("q2", "splenomegaly grading", "medical reasoning", "B", "Mild"),
            ("q3", "organ volume measurement", "measurement", "C", "100.0 cm³"),
            ("q4", "liver lesion existence", "recognition", "D", "Yes")]
    return {q: {"qid": q, "question_subtype": st, "question_type": t, "correct_option": c, "answer": a,
                "template_heldout": q == "q4"} for q, st, t, c, a in rows}


def test_stages_are_question_weighted_and_overall_is_micro_average() -> None:
    predictions = [{"qid": "q1", "prediction": "A"}, {"qid": "q2", "prediction": "A"},
                   {"qid": "q3", "prediction": "C"}, {"qid": "q4", "prediction": None, "status": "abstained"},
                   {"qid": "unknown", "prediction": "A"}]
    report = score_predictions(predictions, _records(), "mc", group_by=["template_heldout"])
    assert report["by_stage"]["medical reasoning"] == {"score": 0.5, "n_total": 2}
    assert report["by_stage"]["measurement"]["score"] == 1.0
    assert report["overall"] == {"score": 0.5, "n_total": 4, "n_subtypes": 3}
    assert report["abstention"]["rate"] == 0.25 and report["abstention"]["n_unknown_qids"] == 1
    assert report["groups"]["template_heldout"]["True"]["score"] == 0.0
    assert list(report["by_stage"]) == ["recognition", "measurement", "medical reasoning"]


def test_freeform_uses_the_subtype_answer_type() -> None:
    predictions = [{"qid": "q3", "prediction": "90 mL"}, {"qid": "q4", "prediction": "yes"},
                   {"qid": "q1", "prediction": "normal"}, {"qid": "q2", "prediction": "Moderate"}]
    report = score_predictions(predictions, _records(), "freeform")
    assert report["by_subtype"]["organ volume measurement"]["mean_mra"] == pytest.approx(0.9)
    assert report["by_subtype"]["liver lesion existence"]["sensitivity"] == 1.0
    assert report["by_subtype"]["splenomegaly grading"]["accuracy"] == 0.5
