"""The pancreas reasoner's reasons read as English in every branch (a new user's report: "... and it pancreas ...").

A criterion's reading (`handlers.apply`: a measurement, its band, `-> label by criterion`) is a clause of its own; the
reasoner said it straight after a subject ("the lesion pancreas lesion-organ ...", "and it largest pancreas lesion
...". `compose.reads_as` gives the subject its verb. Varied: the lesion's attenuation (fluid, indeterminate, hypo-, iso-
and hyperattenuating against the gland), the number of lesions, the question (PDAC or PNET present, PDAC versus PNET,
with and without options, with the lesion called solid), so that every branch -- answer, abstention and
indeterminate -- is read.
"""

from __future__ import annotations

import re

import pytest

from agents.reasoners.base import Indeterminate, InsufficientEvidence
from agents.reasoners.compose import reads_as
from tests.agents.reasoning_cases import Q, _m, criterion, patient_evidence, replacing

CRITERIA = ("dtvqa-lesion-existence", "pancreatic-lesion-solid-vs-cystic", "dtvqa-lesion-attenuation",
            "dtvqa-pdac-vs-pnet")
QUESTIONS = [
    Q("PDAC existence", "Is there a PDAC?", criteria=CRITERIA),
    Q("PDAC existence", "Does the pancreas harbour a ductal adenocarcinoma?", {"A": "Yes", "B": "No"}, CRITERIA),
    Q("PNET existence", "Is there a PNET in the pancreas?", criteria=CRITERIA),
    Q("PNET existence", "Any pancreatic neuroendocrine tumour?", {"A": "No", "B": "Yes"}, CRITERIA),
    Q("PDAC vs PNET classification", "Is the pancreatic lesion PDAC or PNET?", {"A": "PDAC", "B": "PNET"}, CRITERIA),
    Q("PDAC vs PNET classification", "Is this solid pancreatic mass PDAC or PNET?", criteria=CRITERIA),
]
PANCREAS_HU = 40.3
LESION_HU = [8.0, 24.0, 28.0, 33.4, 41.0, 47.0, 60.0]
"""Fluid, indeterminate (21-30 HU) and solid lesions, hypo-, iso- and hyperattenuating to the gland (SD 9.8 HU)."""
SUBJECT = r"(?:it|the (?:largest |only )?(?:pancreatic )?lesion)"
GARBLED = re.compile(rf"\b(?:{SUBJECT}|lesion|mass|tumou?r|cyst)\s+(?:largest|pancreas|pancreatic|liver|kidney)\b",
                     re.IGNORECASE)
"""A subject followed straight by a measurement's own words, with no verb between them."""
READING = re.compile(r"\(([^()]|\([^()]*\))*->[^()]*\bby [a-z0-9-]+\)")
"""A criterion's reading in parentheses, `(... -> label by criterion-id)`."""


def _reason(question: Q, hu: float, count: int) -> str:
    """The answer's text, or the abstention's reason."""
    from agents.reasoner import build_input
    from agents.reasoners.base import resolve
    from core.case import Case
    from core.state import CaseState, Plan
    from knowledge import shared_base

    evidence = replacing(patient_evidence(), _m("pancreas_lesion", "largest_lesion_mean_hu", hu, "HU"),
                         _m("pancreas_lesion", "lesion_count", count, "count"),
                         _m("pancreas_lesion_1", "mean_hu", hu, "HU"))
    intent = question.intent()
    state = CaseState(case=Case(case_id="sentences", question=question.question, choices=question.choices),
                      plan=Plan(intent=intent), evidence=evidence + [criterion(c) for c in question.criteria],
                      track="abdomen_ct")
    task, _ = build_input(state, intent, shared_base("deeptumorvqa"))
    try:
        return resolve("guideline").answer(task).text
    except (Indeterminate, InsufficientEvidence) as err:
        return str(err)


def _clauses_read_as_english(text: str) -> None:
    assert not GARBLED.search(text), text
    for reading in READING.finditer(text):  # every reading stands after "<subject> is <class>"
        before = text[:reading.start()]
        assert re.search(rf"{SUBJECT} is [\w -]+ $", before, re.IGNORECASE), text


@pytest.mark.parametrize("count", [1, 2])
@pytest.mark.parametrize("hu", LESION_HU)
@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.question)
def test_every_pancreas_reason_reads_as_english(question: Q, hu: float, count: int) -> None:
    text = _reason(question, hu, count)
    _clauses_read_as_english(text)


def test_the_branches_are_all_reached() -> None:
    """The cases above reach each kind of reason: typed, a cyst, left open, the premise stated, several lesions."""
    texts = [_reason(q, hu, n) for q in QUESTIONS for hu in LESION_HU for n in (1, 2)]
    for said in ("typical of PDAC", "typical of PNET", "a cyst, not a solid mass", "neither PDAC nor PNET",
                 "look alike on attenuation alone, and it is", "taken as solid, as the question states",
                 "the others may be solid", "so not a PNET whether solid or cystic", "is of indeterminate content",
                 "is cystic (", "is hypoattenuating (", "is hyperattenuating ("):
        assert any(said in t for t in texts), said


@pytest.mark.parametrize(("subject", "predicate"), [("it", "cystic"), ("the only pancreatic lesion", "hypoattenuating"),
                                                    ("the largest lesion", "of indeterminate content")])
def test_reads_as_gives_the_subject_its_verb(subject: str, predicate: str) -> None:
    reading = "largest pancreas lesion attenuation 25.0 HU (20 < x ≤ 30 HU) -> indeterminate by some-criterion"
    said = reads_as(subject, predicate, reading)
    assert said.startswith(f"{subject} is {predicate} (") and said.endswith(f"{reading})")
    _clauses_read_as_english(said)
    assert GARBLED.search(f"{subject} {reading}")  # the old way of joining them is what the check finds
