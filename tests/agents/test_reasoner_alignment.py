"""One definition per quantity, shared with the suite: per-segment counts, HU difference, kidney
asymmetry, adjacent organ; missing evidence abstains, never crashes; pixels withheld when not shareable."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from agents.reasoners.derive import derive
from agents.reviewer import review_result
from core.case import Answer, Case, CaseResult, Evidence
from core.state import CaseState, Plan
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve

E = Evidence.make




def _without_liver_locations(evidence: list[Evidence]) -> list[Evidence]:
    return [e for e in evidence if not (e.target or "").startswith("liver_lesion_") or e.name not in ("location", "locations")]


def _answered(q: Question, evidence: list[Evidence]) -> Answer:
    intent, answer, full = solve(q, evidence)
    assert answer is not None, q.question
    verdict = review_of(q, intent, answer, full)
    assert verdict.consistent, [c.reason for c in verdict.checks if not c.passed]
    return answer


# -- missing evidence abstains -----------------------------------------------------------------

def test_lesions_without_a_location_derive_nothing_and_never_raise() -> None:
    """The predicted-mode crash: lesions measured, no sub-segment masks, so every location is None."""
    evidence = _without_liver_locations(patient_evidence())
    evidence += [hand_measured(f"liver_lesion_{n}", "location", None) for n in (1, 2, 3)]
    derived = derive(evidence)
    assert not [e for e in derived if e.target == "liver_lesion" and e.name.startswith(("count_in_", "top_"))]


@pytest.mark.parametrize("q", [
    Question("lesion count by location", "How many liver lesions are in segment 7?"),
    Question("inter-segment comparison", "Which Couinaud segment contains the most liver lesions?",
             {"A": "Segment 7", "B": "Segment 4", "C": "Segment 2"}),
    Question("liver lesion clustering", "Are the liver lesions clustered?", criteria=("dtvqa-liver-lesion-clustering",)),
])
@pytest.mark.parametrize("location", ["missing", "none"])
def test_unknown_locations_abstain(q: Question, location: str) -> None:
    evidence = _without_liver_locations(patient_evidence())
    if location == "none":
        evidence += [hand_measured(f"liver_lesion_{n}", "location", None) for n in (1, 2, 3)]
    _, answer, _ = solve(q, evidence)
    assert answer is None


# -- per-segment counts: every sub-segment holding > 10% ----------------------------------------

def test_a_lesion_across_a_boundary_counts_in_both_segments() -> None:
    evidence = replacing(patient_evidence(), hand_measured("liver_lesion_1", "locations", "liver_segment_7, liver_segment_8"),
                        hand_measured("liver_lesion_2", "locations", "liver_segment_7"), hand_measured("liver_lesion_3", "locations", "liver_segment_4"))
    answer = _answered(Question("lesion count by location", "How many liver lesions are in segment 8?"), evidence)
    assert answer.text.startswith("1")
    seven = _answered(Question("lesion count by location", "How many liver lesions are in segment 7?"), evidence)
    assert seven.text.startswith("2")


def test_the_measured_per_segment_count_is_used_when_present() -> None:
    evidence = patient_evidence() + [hand_measured("liver_segment_4", "lesion_count", 2, "count")]
    answer = _answered(Question("lesion count by location", "How many liver lesions are in segment 4?"), evidence)
    assert answer.text.startswith("2")


def test_inter_segment_comparison_counts_lesions_among_the_options() -> None:
    evidence = replacing(patient_evidence(), hand_measured("liver_lesion_1", "locations", "liver_segment_7"),
                        hand_measured("liver_lesion_2", "locations", "liver_segment_6"),
                        hand_measured("liver_lesion_3", "locations", "liver_segment_4, liver_segment_6"))
    q = Question("inter-segment comparison", "Which liver segment contains the most lesions?",
                 {"A": "Segment 7", "B": "Segment 4", "C": "Segment 6", "D": "Segment 2"})
    assert _answered(q, evidence).choice == "C"


# -- tumor organ HU difference ----------------------------------------------------------------

@pytest.mark.parametrize(("choices", "expected"), [
    (None, "23.7 HU"),  # 21.5 - 45.2: asked as a magnitude
    ({"A": "31.7 HU", "B": "23.7 HU", "C": "15.7 HU"}, "B"),
    ({"A": "-23.7 HU", "B": "23.7 HU", "C": "-8.7 HU"}, "A"),  # signed options: the signed difference
])
def test_hu_difference_is_a_magnitude_unless_the_options_are_signed(choices, expected: str) -> None:
    q = Question("tumor organ HU difference", "How much lower is the largest liver lesion's attenuation than the liver?",
                 choices)
    answer = _answered(q, patient_evidence())
    assert (answer.choice if choices else answer.text).startswith(expected)


# -- bilateral kidney asymmetry ---------------------------------------------------------------

def _kidneys(left_ml: float, right_ml: float) -> list[Evidence]:
    evidence = [e for e in patient_evidence() if not (e.target or "").startswith("kidney_lesion")]
    evidence += [hand_measured("kidney_lesion", "lesion_count", 2, "count"),
                 hand_measured("kidney_lesion_1", "volume_ml", max(left_ml, right_ml), "mL"),
                 hand_measured("kidney_lesion_1", "organ", "kidney_left" if left_ml >= right_ml else "kidney_right"),
                 hand_measured("kidney_lesion_2", "volume_ml", min(left_ml, right_ml), "mL"),
                 hand_measured("kidney_lesion_2", "organ", "kidney_right" if left_ml >= right_ml else "kidney_left")]
    return evidence


@pytest.mark.parametrize(("left", "right", "expected"), [(9.5, 2.0, "A"), (1.5, 7.0, "B"), (3.0, 3.0, "C")])
def test_kidney_asymmetry_compares_lesion_volume_per_side(left: float, right: float, expected: str) -> None:
    q = Question("bilateral kidney asymmetry", "Which kidney carries more lesion burden?",
                 {"A": "Left kidney", "B": "Right kidney", "C": "Neither (symmetric)"})
    assert _answered(q, _kidneys(left, right)).choice == expected  # the right kidney is the larger organ


# -- adjacent organ ---------------------------------------------------------------------------

def test_adjacent_organ_is_the_option_the_measurement_lists() -> None:
    evidence = replacing(patient_evidence(), hand_measured("liver_lesion_1", "adjacent_organs", "stomach, postcava"))
    q = Question("adjacent organ", "Which structure is nearest to the largest liver lesion?",
                 {"A": "Spleen", "B": "Inferior vena cava", "C": "Pancreas", "D": "Left kidney"})
    assert _answered(q, evidence).choice == "B"


def test_no_adjacent_organ_abstains() -> None:
    evidence = replacing(patient_evidence(), hand_measured("liver_lesion_1", "adjacent_organs", "none"))
    q = Question("adjacent organ", "Which structure is nearest to the largest liver lesion?",
                 {"A": "Spleen", "B": "Inferior vena cava", "C": "Pancreas"})
    assert solve(q, evidence)[1] is None


# -- pixels -----------------------------------------------------------------------------------

@pytest.mark.parametrize("shareable", [True, False])
def test_no_pixels_are_rendered_when_not_shareable(shareable: bool) -> None:
    from agents.reasoner import build_input
    from knowledge import shared_base
    from questions.understanding import understand

    question = "What is the volume of the spleen?"
    intent = understand(question, None, hint_subtype="organ volume measurement")
    image = SimpleNamespace(meta={"pixels_shareable": shareable}, array=None, spacing=None)
    store = SimpleNamespace(get=lambda _id: image)
    state = CaseState(case=Case(case_id="burned", question=question), plan=Plan(intent=intent),
                      evidence=patient_evidence(), images={"current:0": "image:burned"}, track="abdomen_ct")
    task, added = build_input(state, intent, shared_base("deeptumorvqa"), store)
    withheld = [e for e in added if e.name == "pixels_shareable"]
    if shareable:
        assert task.render is not None and not withheld
    else:
        assert task.render is None
        assert withheld and "burned-in" in (withheld[0].reason or "")


# -- a saved result carries its question ------------------------------------------------------

def test_review_result_reads_the_question_and_choices_from_the_result() -> None:
    q = Question("organ volume measurement", "What is the volume of the spleen?",
                 {"A": "420.3 cm³", "B": "210.0 cm³", "C": "630.5 cm³"})
    _, good, evidence = solve(q)
    assert good is not None and good.choice == "A"
    result = CaseResult(case_id="saved", status="answered", answer="A", answer_detail=good, evidence=evidence,
                        track="abdomen_ct", question=q.question, choices=q.choices)
    again = CaseResult.model_validate_json(result.model_dump_json())
    assert again.question == q.question and again.choices == q.choices
    assert review_result(again).consistent
    outside = again.model_copy(update={"answer_detail": good.model_copy(update={"choice": "E"})})
    assert not review_result(outside).consistent


def test_burden_comparison_names_the_organ_as_the_options_do() -> None:
    evidence = replacing(patient_evidence(), hand_measured("kidney_lesion", "tumor_burden_pct", 9.5, "%"))
    q = Question("multi-organ lesion burden comparison",
                 "In which organ do lesions occupy the greatest percentage of the organ?",
                 {"A": "Pancreas", "B": "Kidneys", "C": "Spleen", "D": "Liver"})
    assert _answered(q, evidence).choice == "B"


def test_only_sub_segments_get_per_segment_counts() -> None:
    """`pancreas_lesion.lesion_count` or `kidney_cyst.lesion_count` is not a sub-segment's count."""
    evidence = patient_evidence() + [hand_measured("kidney_cyst", "lesion_count", 1, "count"),
                                     hand_measured("pancreas_head", "lesion_count", 1, "count")]
    places = {e.provenance.get("location") for e in derive(evidence) if e.name.startswith("count_in_")}
    assert "pancreas_head" in places
    assert not places - {f"liver_segment_{n}" for n in range(1, 9)} - {"pancreas_head", "pancreas_body", "pancreas_tail"}
