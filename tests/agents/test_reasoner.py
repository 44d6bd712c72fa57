"""The reasoner: the registry, the guideline backend per subtype, and the node inside the graph."""

from __future__ import annotations

from typing import Any

import pytest

from agents.reasoners.base import Reasoner, UnknownReasonerError, available, resolve
from core.case import Evidence
from core.config import Config
from core.state import Plan
from orchestrator.api import run
from questions.understanding import understand
from tests.agents.fakes import register_fakes
from tests.agents.reasoning_cases import QUESTIONS, Question, criterion, patient_evidence, solve


def test_registry_resolves_by_name_and_names_what_is_missing() -> None:
    assert {"guideline", "transformers", "openai"} <= set(available())
    assert isinstance(resolve("guideline"), Reasoner)
    with pytest.raises(UnknownReasonerError, match="'gpt-imaginary'"):
        resolve("gpt-imaginary")


EXPECTED = {  # question -> (choice or leading words of the free-form answer)
    "How would you classify the splenic enlargement based on volume?": "D",
    "Is the spleen enlarged?": "Yes",
    "What is the volume of the spleen?": "420.3 mL",
    "What is the diameter of the largest liver lesion in cm?": "3.64 cm",
    "What is the T stage of the pancreatic tumor?": "B",
    "Grade the liver fat.": "C",
    "Is there a kidney cyst?": "B",
    "Is there a kidney tumor?": "No",
    "Is the pancreatic lesion PDAC or PNET?": "A",
    "Is there an outlier lesion in the liver?": "Yes",
    "Are the liver lesions clustered?": "Yes — highly clustered",  # a yes/no question about a graded finding
    "How many liver lesions are in segment 2?": "0",
    "Which kidney is larger?": "B",
    "Is the left kidney larger than the right kidney?": "No",
    "What is the total volume of the liver and spleen?": "2070.7 mL",
    "Which organ is adjacent to the largest liver lesion?": "B",
}


@pytest.mark.parametrize("question", list(EXPECTED))
def test_guideline_answers_from_evidence_and_criteria(question: str) -> None:
    q = next(q for q in QUESTIONS if q.question == question)
    _, answer, evidence = solve(q)
    assert answer is not None
    got = answer.choice if q.choices else answer.text
    assert got is not None and got.startswith(EXPECTED[question]), answer.text
    known = {e.id for e in evidence}
    assert answer.evidence_ids and set(answer.evidence_ids) <= known


def test_every_subtype_but_vessel_resectability_is_answered() -> None:
    answered = {q.subtype for q in QUESTIONS if solve(q)[1] is not None}
    assert len(answered) >= 42  # 41 DeepTumorVQA subtypes + knowledge question + report


def test_guideline_is_deterministic() -> None:
    q = QUESTIONS[0]
    assert solve(q)[1] == solve(q)[1]


def _scripted_nodes(question: Question) -> dict[str, Any]:
    """Triage, segmentation, measurement and knowledge as scripted fakes; the real reasoner and reviewer."""
    from agents import reasoner, reviewer

    def triage(state, runtime):
        intent = understand(state.case.question, state.case.choices, hint_subtype=question.subtype)
        return {"plan": Plan(intent=intent), "track": "abdomen_ct"}

    def segmentation(state, runtime):
        return {"evidence": [e for e in patient_evidence() if e.kind == "segmentation"]}

    def measurement(state, runtime):
        return {"evidence": [e for e in patient_evidence() if e.kind != "segmentation"]}

    def knowledge(state, runtime):
        return {"evidence": [criterion(c) for c in question.criteria]}

    return dict(triage=triage, segmentation=segmentation, measurement=measurement, knowledge=knowledge,
                reasoner=reasoner.node, reviewer=reviewer.node)


SPLEEN = QUESTIONS[[q.subtype for q in QUESTIONS].index("splenomegaly grading")]


def _case(q: Question) -> dict[str, Any]:
    return {"case_id": "graph", "images": [{"path": "ct.nii.gz"}], "question": q.question, "choices": q.choices}


def test_graph_answers_with_the_guideline_reasoner() -> None:
    result = run(_case(SPLEEN), nodes=_scripted_nodes(SPLEEN))
    assert result.status == "answered" and result.answer == "D"
    assert result.review is not None and result.review.consistent and result.review.rounds == 0


def test_hallucinating_backend_ends_abstained_never_answered() -> None:
    register_fakes()
    result = run(_case(SPLEEN), Config(reasoner="hallucinating", max_review_rounds=2), nodes=_scripted_nodes(SPLEEN))
    assert result.status == "abstained" and result.answer is None
    assert "numeric_grounding" in result.reason_checks  # the check's name, structured
    assert any("not a measured value" in r and "987.6 mL" in r for r in result.reasons)  # the reason, in words
    assert result.review is not None and result.review.rounds == 2


def test_reviewer_feedback_revises_a_hallucination() -> None:
    register_fakes()
    result = run(_case(SPLEEN), Config(reasoner="repentant"), nodes=_scripted_nodes(SPLEEN))
    assert result.status == "answered" and result.answer == "D"
    assert result.review is not None and result.review.rounds == 1
    assert [s.node for s in result.trace].count("reasoner") >= 2


def test_missing_evidence_abstains_with_the_reason() -> None:
    q = Question("splenomegaly grading", "Grade the splenomegaly.", criteria=("dtvqa-spleen-volume-grade",))
    nodes = _scripted_nodes(q)
    nodes["measurement"] = lambda state, runtime: {"evidence": [Evidence.make(
        "measurement", "measurement", "mean_hu", "spleen", value=50.0, unit="HU")]}
    result = run(_case(q), Config(max_review_rounds=1), nodes=nodes)
    assert result.status == "abstained"
    assert any("spleen volume" in r for r in result.reasons), result.reasons  # what is missing, in words
    assert "completeness" in result.reason_checks
