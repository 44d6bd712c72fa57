"""The attending reviewer: correct answers pass, injected errors are caught, fixes name the right agent."""

from __future__ import annotations

from collections import Counter

import pytest

from agents.reviewer import review_result
from core.case import Answer, Case, CaseResult, Evidence
from tests.agents.corruptions import CORRUPTIONS
from tests.agents.reasoning_cases import QUESTIONS, Question, patient_evidence, review_of, solve


@pytest.fixture(scope="module")
def solved() -> list[tuple[Question, object, Answer, list[Evidence]]]:
    out = []
    for q in QUESTIONS:
        intent, answer, evidence = solve(q)
        assert answer is not None, f"{q.subtype}: {q.question!r} was not answered"
        out.append((q, intent, answer, evidence))
    return out


def test_correct_answers_are_never_flagged(solved) -> None:
    flagged = []
    for q, intent, answer, evidence in solved:
        verdict = review_of(q, intent, answer, evidence)
        if not verdict.consistent:
            flagged.append((q.subtype, [c.reason for c in verdict.checks if not c.passed]))
    assert flagged == []


def test_injected_errors_are_caught(solved) -> None:
    caught, total = Counter(), Counter()
    for q, intent, answer, evidence in solved:
        for kind, corrupt in CORRUPTIONS.items():
            bad = corrupt(answer, q.choices)
            if bad is None or bad == answer:
                continue
            total[kind] += 1
            caught[kind] += not review_of(q, intent, bad, evidence).consistent
    assert set(total) == set(CORRUPTIONS)
    assert all(total[k] >= 10 for k in CORRUPTIONS), total
    assert sum(caught.values()) / sum(total.values()) >= 0.99, (caught, total)


def _spleen_case(answer: Answer, choices: dict[str, str] | None = None):
    q = Question("splenomegaly grading", "How would you classify the splenic enlargement based on volume?", choices,
                 ("dtvqa-spleen-volume-grade",))
    intent, good, evidence = solve(q)
    return q, intent, evidence, good


def test_a_wrong_number_is_sent_back_to_the_reasoner() -> None:
    q, intent, evidence, good = _spleen_case(Answer(text=""))
    bad = good.model_copy(update={"text": good.text.replace("420.3", "520.3")})
    verdict = review_of(q, intent, bad, evidence)
    failed = {c.name: c for c in verdict.checks if not c.passed}
    assert "numeric_grounding" in failed and "'520.3 mL' matches no cited evidence value" in failed["numeric_grounding"].reason
    assert verdict.required_fixes[0].agent == "reasoner"


def test_a_number_from_another_organ_is_caught() -> None:
    q = Question("organ volume measurement", "What is the volume of the spleen?")
    intent, good, evidence = solve(q)
    liver = good.model_copy(update={"text": "1650.4 mL. spleen volume 1650.4 mL",
                                    "evidence_ids": ["measurement:spleen:volume_ml", "measurement:liver:volume_ml"]})
    verdict = review_of(q, intent, liver, evidence)
    assert any(c.name == "numeric_grounding" and not c.passed for c in verdict.checks)


def test_units_convert_before_comparing() -> None:
    q = Question("largest lesion diameter", "What is the diameter of the largest liver lesion?")
    intent, good, evidence = solve(q)
    for text in ("3.64 cm. liver lesion largest lesion diameter 36.4 mm", "36 mm (3.6 cm) in the liver lesion"):
        ok = good.model_copy(update={"text": text})
        assert review_of(q, intent, ok, evidence).consistent, text
    wrong = good.model_copy(update={"text": "36.4 cm. liver lesion largest lesion diameter"})
    assert not review_of(q, intent, wrong, evidence).consistent


def test_missing_measurement_abstains_and_names_the_agent() -> None:
    q = Question("splenomegaly grading", "Grade the splenomegaly.", criteria=("dtvqa-spleen-volume-grade",))
    evidence = [e for e in patient_evidence() if e.id != "measurement:spleen:volume_ml"]
    intent, answer, full = solve(q, evidence)
    assert answer is None
    verdict = review_of(q, intent, None, full)
    assert not verdict.consistent
    assert verdict.required_fixes[0].agent == "measurement"
    assert "spleen.volume_ml" in verdict.required_fixes[0].reason


def test_a_missing_criterion_is_the_knowledge_agents() -> None:
    from agents.reasoner import build_input
    from agents.reasoners.base import InsufficientEvidence, resolve
    from core.state import CaseState, Plan
    from knowledge import shared_base

    q = Question("splenomegaly grading", "Grade the splenomegaly.")  # no criterion cited
    intent = q.intent()
    state = CaseState(case=Case(case_id="x", question=q.question), plan=Plan(intent=intent), evidence=patient_evidence())
    task, _ = build_input(state, intent, shared_base("deeptumorvqa"))
    with pytest.raises(InsufficientEvidence) as err:
        resolve("guideline").answer(task)
    assert err.value.agent == "knowledge"


def test_choice_outside_the_options_is_invalid() -> None:
    q, intent, evidence, good = _spleen_case(Answer(text=""), {"A": "Normal", "B": "Mild", "C": "Moderate", "D": "Severe"})
    bad = good.model_copy(update={"choice": "E"})
    checks = {c.name: c for c in review_of(q, intent, bad, evidence).checks}
    assert not checks["choice_validity"].passed and "'E' is not among" in checks["choice_validity"].reason


def test_scope_rejects_another_modality() -> None:
    q = Question("organ volume measurement", "What is the volume of the spleen?")
    intent, good, evidence = solve(q)
    bad = good.model_copy(update={"text": good.text + " on this MRI"})
    checks = {c.name: c for c in review_of(q, intent, bad, evidence).checks}
    assert not checks["scope"].passed and "MR" in checks["scope"].reason


def test_review_result_rechecks_a_saved_result() -> None:
    q = Question("organ volume measurement", "What is the volume of the spleen?")
    intent, good, evidence = solve(q)
    result = CaseResult(case_id="saved", status="answered", answer=good.text, answer_detail=good, evidence=evidence,
                        track="abdomen_ct")
    again = CaseResult.model_validate_json(result.model_dump_json())
    case = Case(case_id="saved", question=q.question)
    assert review_result(again, case).consistent
    forged = again.model_copy(update={"answer_detail": good.model_copy(update={"text": "512.0 mL. spleen volume 512.0 mL"})})
    verdict = review_result(forged, case)
    assert not verdict.consistent and verdict.checks


@pytest.mark.slow
def test_injected_errors_on_phantom_results(phantom_dir) -> None:
    """Correct results from a phantom through the whole graph; every corruption of them is caught."""
    from orchestrator.api import run

    caught = total = 0
    backends: dict = {}
    for subtype in ("splenomegaly grading", "largest lesion diameter", "pancreatic tumor staging", "fatty liver",
                    "kidney cyst existence", "lesion counting"):
        q = next(q for q in QUESTIONS if q.subtype == subtype)
        choices = None if q.choices and any(c[:1].isdigit() for c in q.choices.values()) else q.choices
        case = Case(case_id="BDMAP_00000001", question=q.question, choices=choices,
                    images=[{"path": str(phantom_dir / "ct.nii.gz"), "masks": str(phantom_dir / "segmentations"),
                             "modality": "CT"}])
        result = run(case, backends=backends)
        assert result.status == "answered", (subtype, result.reasons)
        assert review_result(result, case).consistent
        for corrupt in CORRUPTIONS.values():
            bad = corrupt(result.answer_detail, choices)
            if bad is None or bad == result.answer_detail:
                continue
            total += 1
            caught += not review_result(result.model_copy(update={"answer_detail": bad}), case).consistent
    assert total >= 30 and caught == total


def test_optional_second_opinion_fails_on_disagreement() -> None:
    from agents.reasoners.base import resolve
    from agents.reviewer import ReviewInput, review
    from knowledge import shared_base

    q, intent, evidence, good = _spleen_case(Answer(text=""), {"A": "Normal", "B": "Mild", "C": "Moderate", "D": "Severe"})

    class Contrarian:
        name = "contrarian"

        def answer(self, task):  # noqa: ANN001, ANN202
            return Answer(text="C: Moderate", choice="C", evidence_ids=["measurement:spleen:volume_ml"])

    subject = ReviewInput(q.question, q.choices, intent, good, evidence, shared_base("deeptumorvqa"), "abdomen_ct")
    agreeing = review(subject, second_opinion=resolve("guideline"))
    assert agreeing.consistent and agreeing.checks[-1].name == "second_opinion"
    disagreeing = review(subject, second_opinion=Contrarian())
    assert not disagreeing.consistent and "'contrarian' answers 'C: Moderate'" in disagreeing.checks[-1].reason


@pytest.mark.parametrize(("side", "other", "sentence"), [
    ("right", "left", "18.9 mm, in the {wrong} kidney."),
    ("right", "left", "18.9 mm; the cyst lies in the {wrong} kidney."),
    ("left", "right", "18.9 mm. The largest renal lesion is in the {wrong} kidney."),
    ("left", "right", "18.9 mm; a {wrong} kidney tumour."),
])
def test_a_lesion_placed_in_a_kidney_whose_count_is_zero_is_caught(side: str, other: str, sentence: str) -> None:
    """The cited diameter is not sided; the per-kidney counts say which kidney holds the lesion."""
    from tests.agents.reasoning_cases import hand_measured, replacing

    q = Question("largest lesion diameter", "What is the longest diameter of the kidney lesion?")
    intent, good, evidence = solve(q)
    evidence = replacing(evidence, hand_measured(f"kidney_{side}", "lesion_count", 1, "count"),
                         hand_measured(f"kidney_{other}", "lesion_count", 0, "count"))
    wrong = good.model_copy(update={"text": sentence.format(wrong=other)})
    verdict = review_of(q, intent, wrong, evidence)
    assert any(c.name == "side" and not c.passed for c in verdict.checks), sentence
    right = good.model_copy(update={"text": sentence.format(wrong=side)})
    assert review_of(q, intent, right, evidence).consistent, sentence
    negated = good.model_copy(update={"text": f"18.9 mm; no lesion in the {other} kidney."})
    assert review_of(q, intent, negated, evidence).consistent
