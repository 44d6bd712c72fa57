"""A question with no image is a question about rules: answered from the cited criteria, never refused for the
missing image, and the attending accepts cited titles quoted whole.

Found by independent reviewer sets: "According to RECIST 1.1, what increase … defines progressive disease?",
"What is the largest size of a T1a kidney cancer under AJCC 8th edition?" and "Above what splenic volume is
splenomegaly graded severe?" were rejected ("about an image but the case has none"), and a knowledge answer
quoting two RECIST entries whose titles read alike was sent back as a misquote.
"""

from __future__ import annotations

import pytest

import orchestrator
from agents.triage_checks.needs import without_images
from questions.understanding import understand


@pytest.fixture(scope="module")
def backends() -> dict:
    return {}


@pytest.mark.parametrize(("question", "cited"), [
    ("According to RECIST 1.1, what increase in the sum of target lesion diameters defines progressive disease?",
     "recist11-response"),
    ("What is the largest size of a T1a kidney cancer under AJCC 8th edition?", "ajcc8-kidney-t"),
    ("Above what splenic volume is splenomegaly graded severe?", "dtvqa-spleen-volume-grade"),
    ("What splenic volume is the lower limit of mild splenomegaly?", "dtvqa-spleen-volume-grade"),
    ("Below what pancreas-to-spleen attenuation ratio is pancreatic steatosis diagnosed?", "dtvqa-pancreatic-steatosis"),
])
def test_a_rule_question_without_an_image_is_answered_from_the_criterion(backends: dict, question: str,
                                                                        cited: str) -> None:
    result = orchestrator.run({"case_id": "rule", "question": question}, backends=backends)
    assert result.status == "answered", result.reasons
    assert any(e.kind == "criterion" and cited in e.id for e in result.evidence), [e.id for e in result.evidence]
    assert result.review is not None and result.review.consistent


@pytest.mark.parametrize("question", ["How big is the liver?", "What is the T stage of this pancreatic tumor?",
                                      "Is there splenomegaly?"])
def test_a_question_about_an_image_without_one_is_refused(backends: dict, question: str) -> None:
    result = orchestrator.run({"case_id": "image-less", "question": question}, backends=backends)
    assert result.status == "rejected"
    assert "about an image but the case has none" in " ".join(result.reasons)


def test_without_images_keeps_only_what_a_rule_answers() -> None:
    intent = understand("Above what splenic volume is splenomegaly graded severe?")
    assert intent.task != "knowledge question"  # read as a patient question when images may be present
    alone = without_images(intent, "Above what splenic volume is splenomegaly graded severe?")
    assert alone.task == "knowledge question" and alone.quantities == [] and alone.alternatives == []
    patient = understand("How big is the liver?")
    assert without_images(patient, "How big is the liver?") == patient


def test_cited_titles_quoted_whole_are_faithful_and_a_changed_one_is_not() -> None:
    from agents.review_checks.base import ReviewInput
    from agents.review_checks.rules import rule_grounding
    from core.case import Answer, Evidence
    from knowledge import shared_base

    base = shared_base()
    ids = ["recist11-response", "recist11-target-lesions"]
    evidence = [Evidence.make("criterion", "knowledge", i, None, value=base.get(i).title, citation=str(base.get(i).source),
                              provenance={"entry_id": i, "route": "retrieval"}) for i in ids]
    titles = [base.get(i).title for i in ids]
    intent = understand("According to RECIST 1.1, what defines progressive disease?")
    for text, consistent in ((f"{titles[0]}. {titles[1]}.", True),
                             (f"{titles[0].replace('Response', 'Responses')}. {titles[1]}.", None)):
        answer = Answer(text=text, evidence_ids=[e.id for e in evidence], backend="hand-built")
        check = rule_grounding(ReviewInput(question="According to RECIST 1.1, what defines progressive disease?",
                                           choices=None, intent=intent.model_copy(update={"task": "knowledge question"}),
                                           answer=answer, evidence=evidence, base=base, track="abdomen_ct"))
        if consistent:
            assert check.passed, check.reason
        else:
            assert not check.passed and "misquotes" in (check.reason or "")


@pytest.mark.parametrize(("question", "lead", "band"), [
    ("Above what splenic volume is splenomegaly graded severe?", "800 mL", "severe: 800 < x mL"),
    ("What splenic volume is the lower limit of mild splenomegaly?", "314.5 mL", "mild: 314.5 ≤ x < 500 mL"),
    ("What is the largest size of a T1a kidney cancer under AJCC 8th edition?", "40 mm", "T1a: 0 ≤ x ≤ 40 mm"),
    ("Below what pancreas-to-spleen attenuation ratio is pancreatic steatosis diagnosed?", "0.7",
     "pancreatic steatosis: x < 0.7"),
])
def test_a_knowledge_answer_leads_with_the_cut_off_asked(backends: dict, question: str, lead: str, band: str) -> None:
    """The bare cut-off the question asks comes first, then the band it bounds, before the cited entry's table."""
    result = orchestrator.run({"case_id": "band", "question": question}, backends=backends)
    assert result.status == "answered", result.reasons
    assert result.answer.startswith(f"{lead} ({band}"), result.answer[:120]
    assert result.review.consistent
