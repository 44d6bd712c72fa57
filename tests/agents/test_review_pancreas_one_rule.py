"""The reasoner and the attending reviewer decide pancreatic questions by one definition (review13).

Two saved results of clinorch on a phantom (tests/data/own/reviewer13; seed 1302: a 23.3 mm pancreatic tumour of
25.3 HU, hypoattenuating to the gland, 22.4 mm from the aorta and 6.0 mm from the IVC on a 2 x 2 x 5 mm grid) have
their measured values moved across every band edge of the criteria that decide them: the stated vessel-contact basis
(contact within one voxel edge, `knowledge.stated.vessel_contact_criterion`) and PDAC/PNET presence
(`knowledge.lesion_types.pancreatic_type_found` on the solid-or-cystic and enhancement criteria). At each point the
guideline reasoner answers, and the reviewer must approve that answer and refuse every other option.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge
from agents.reasoner import cited_criteria
from agents.reasoners.base import Indeterminate, InsufficientEvidence, ReasonerInput
from agents.reasoners.guideline import GuidelineReasoner
from agents.review_checks.base import ReviewInput
from agents.review_checks.meaning import substance
from agents.review_checks.pancreas import stated_category
from agents.review_checks.rules import rule_grounding
from core.case import Answer, CaseResult, Evidence
from knowledge.lesion_types import pancreatic_type_found
from questions.understanding import understand

SAVED = Path(__file__).parents[1] / "data" / "own" / "reviewer13"
BASE = knowledge.shared_base("deeptumorvqa", ())


def _result(case_id: str) -> CaseResult:
    return CaseResult.model_validate_json((SAVED / f"{case_id}.json").read_text())


def _with(evidence: list[Evidence], values: dict[str, float | None]) -> list[Evidence]:
    """The evidence with the items at `{target}.{name}` set to new values (None: the item removed)."""
    out = []
    for e in evidence:
        key = f"{e.target}.{e.name}"
        if key in values and values[key] is None:
            continue
        out.append(e.model_copy(update={"value": values[key]}) if key in values else e)
    return out


def _judged(question: str, choices: dict[str, str], evidence: list[Evidence], answer: Answer) -> tuple[bool, bool]:
    """(rule_grounding passed, substance passed) for the answer."""
    subject = ReviewInput(question=question, choices=choices, intent=understand(question, choices), answer=answer,
                          evidence=evidence, base=BASE)
    return rule_grounding(subject).passed, substance(subject).passed


def _reasoned(question: str, choices: dict[str, str], evidence: list[Evidence]) -> Answer | None:
    task = ReasonerInput(question=question, choices=choices, intent=understand(question, choices), evidence=evidence,
                         criteria=cited_criteria(evidence, BASE))
    try:
        return GuidelineReasoner().answer(task)
    except InsufficientEvidence:
        return None


# -- resectability on the stated basis ---------------------------------------------------------------------------

CONTACT = {"resectable": "Resectable", "borderline resectable": "Borderline resectable (venous contact)",
           "locally advanced": "Locally advanced (arterial contact)"}
WORDINGS = ("Judging by contact with the aorta (arterial) or IVC (venous), how resectable is the pancreatic tumour?",
            "Based on tumour contact with the aorta (arterial) or the inferior vena cava (venous), what is the "
            "resectability of the pancreatic mass?")
AORTA, IVC = "aorta.distance_from_pancreas_lesion_1_mm", "postcava.distance_from_pancreas_lesion_1_mm"


@pytest.mark.parametrize(("aorta", "ivc", "expected"), [
    (22.4, 6.0, "resectable"), (22.4, 5.0, "borderline resectable"), (22.4, 5.01, "resectable"),
    (4.99, 6.0, "locally advanced"), (5.0, 5.0, "locally advanced"), (5.01, 0.0, "borderline resectable"),
    (0.0, 30.0, "locally advanced"), (None, 3.0, "borderline resectable"), (None, None, "resectable"),
])
@pytest.mark.parametrize(("wording", "order"), [(0, "ABCD"), (1, "DBCA")])
def test_every_contact_edge_is_decided_alike_by_the_reasoner_and_the_reviewer(aorta: float | None, ivc: float | None,
                                                                              expected: str, wording: int,
                                                                              order: str) -> None:
    result = _result("r13q16")
    evidence = _with(result.evidence, {AORTA: aorta, IVC: ivc})  # None: beyond the measured reach
    texts = [CONTACT["resectable"], CONTACT["borderline resectable"], CONTACT["locally advanced"], "Metastatic"]
    choices = dict(zip(order, texts, strict=True))
    question = WORDINGS[wording]
    answer = _reasoned(question, choices, evidence)
    assert answer is not None and choices[answer.choice] == CONTACT[expected], answer
    assert _judged(question, choices, evidence, answer) == (True, True), answer.text
    for letter, text in choices.items():
        if letter != answer.choice:
            other = Answer(text=f"{letter} — {text}", choice=letter, evidence_ids=answer.evidence_ids)
            assert _judged(question, choices, evidence, other)[0] is False, (expected, text)


@pytest.mark.parametrize(("said", "aorta", "ivc", "holds"), [
    ("no contact with the aorta (22.4 mm) or the IVC (6.0 mm)", 22.4, 6.0, True),
    ("the tumour abuts the IVC", 22.4, 6.0, False),
    ("it touches the aorta; the IVC is clear", 3.0, 12.0, True),
    ("clear of the aorta, but in contact with the inferior vena cava", 3.0, 12.0, False),
    ("the aorta is not touched", 3.0, 12.0, False),
    ("abutting the vena cava, sparing the aorta", 9.0, 2.0, True),
])
def test_each_vessels_contact_said_is_the_measured_one(said: str, aorta: float, ivc: float, holds: bool) -> None:
    evidence = _with(_result("r13q16").evidence, {AORTA: aorta, IVC: ivc})
    choices = {"A": "Resectable", "B": "Borderline resectable", "C": "Locally advanced"}
    label = "locally advanced" if aorta <= 5.0 else "borderline resectable" if ivc <= 5.0 else "resectable"
    letter = next(k for k, v in choices.items() if v.lower() == label)
    answer = Answer(text=f"{letter} — {choices[letter]}: {said}.", choice=letter,
                    evidence_ids=[e.id for e in evidence if e.name in ("lesion_count", "nearest_structure") or
                                  e.name.startswith("distance_from")])
    assert _judged(WORDINGS[0], choices, evidence, answer)[0] is holds


@pytest.mark.parametrize(("text", "category"), [
    ("Borderline resectable (venous contact)", "borderline resectable"), ("Resectable", "resectable"),
    ("Unresectable: locally advanced", "locally advanced"), ("Not resectable", "locally advanced"),
    ("Metastatic (unresectable)", "other"), ("Locally advanced", "locally advanced"), ("T2", None),
])
def test_the_category_named_is_read_most_specific_first(text: str, category: str | None) -> None:
    assert stated_category(text) == category


# -- PDAC / PNET present: one rule ------------------------------------------------------------------------------------

PDAC_Q = "Is there a pancreatic ductal adenocarcinoma (a hypoattenuating solid pancreatic mass)?"
PNET_Q = "Is there a pancreatic neuroendocrine tumour?"
OPEN = {"A": "No", "B": "Cannot be determined from this CT", "C": "Yes"}
HU, SD, COUNT = ("pancreas_lesion.largest_lesion_mean_hu", "pancreas_lesion.hu_difference_in_organ_sd",
                 "pancreas_lesion.lesion_count")


@pytest.mark.parametrize("hu", [15.0, 20.0, 20.01, 25.3, 30.0, 30.01, 60.0])
@pytest.mark.parametrize("sd", [-2.46, -0.1, -0.09, 1.5])
@pytest.mark.parametrize(("question", "count"), [(PDAC_Q, 1), (PNET_Q, 1), (PDAC_Q, 2)])
def test_every_content_and_enhancement_edge_is_decided_alike(hu: float, sd: float, question: str, count: int) -> None:
    evidence = _with(_result("r13q17").evidence, {HU: hu, SD: sd, COUNT: count})
    answer = _reasoned(question, OPEN, evidence)
    content = "cystic" if hu <= 20 else "indeterminate" if hu <= 30 else "solid"
    verdict = pancreatic_type_found("PDAC" if question == PDAC_Q else "PNET", count, content, sd <= -0.1)
    if verdict == "undecided":
        assert answer is None
        return
    assert answer is not None and OPEN[answer.choice] == {"no": "No", "yes": "Yes",  # type: ignore[index]
                                                          "indeterminate": OPEN["B"]}[verdict], (verdict, answer)
    assert _judged(question, OPEN, evidence, answer) == (True, True), answer.text
    for letter, text in OPEN.items():
        if letter != answer.choice:
            other = Answer(text=f"{letter} — {text}", choice=letter, evidence_ids=answer.evidence_ids,
                           criterion_id=answer.criterion_id)
            assert False in _judged(question, OPEN, evidence, other), (verdict, text)


def test_an_indeterminate_lesion_without_such_an_option_is_an_abstention_and_a_free_hedge_stays_one() -> None:
    evidence = _result("r13q17").evidence
    choices = {"A": "No", "B": "Yes"}
    with pytest.raises(Indeterminate):
        task = ReasonerInput(question=PDAC_Q, choices=choices, intent=understand(PDAC_Q, choices), evidence=evidence,
                             criteria=cited_criteria(evidence, BASE))
        GuidelineReasoner().draft(task)
    hedge = Answer(text="Cannot be determined from this CT.", evidence_ids=[e.id for e in evidence][:5])
    assert _judged(PDAC_Q, None, evidence, hedge)[1] is False  # type: ignore[arg-type]
