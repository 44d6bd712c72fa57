"""Missing is not zero, at review: a lesion count of 0 resting on a mask that is not exhaustive (the lesion finder's
empty completion of a missing mask, `lesions_exhaustive = False`) is refused, whatever the organ or phrasing."""

from __future__ import annotations

import pytest

from core.case import Answer, Evidence
from knowledge.bounds import LESIONS_EXHAUSTIVE
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of

WHY = "completed as empty by the classical lesion finder, which misses lesions"


def _zero(group: str, mask: str, bounded: bool) -> list[Evidence]:
    items = [hand_measured(group, "lesion_count", 0, "count")]
    if bounded:
        items.append(Evidence.make("segmentation", "segmentation", LESIONS_EXHAUSTIVE, mask, value=False, reason=WHY,
                                   provenance={"backend": "provided"}))
    return replacing(patient_evidence(), *items)


@pytest.mark.parametrize(("question", "group", "mask", "text"), [
    (Question("lesion counting", "How many liver lesions are there?"), "liver_lesion", "liver_tumor",
     "There are 0 liver lesions."),
    (Question("lesion counting", "How many lesions are in the pancreas?"), "pancreas_lesion", "pancreas_tumor",
     "No pancreatic lesion: count 0."),
    (Question("kidney lesion existence", "Is there a kidney lesion?", criteria=("dtvqa-lesion-existence",)),
     "kidney_lesion", "kidney_tumor", "No kidney lesion (0 lesions)."),
    (Question("pancreatic lesion existence", "Is there a pancreatic lesion?", criteria=("dtvqa-lesion-existence",)),
     "pancreas_lesion", "pancreas_tumor", "No."),
])
def test_a_zero_count_on_a_finder_mask_is_refused(question: Question, group: str, mask: str, text: str) -> None:
    intent = question.intent()
    for bounded in (False, True):
        evidence = _zero(group, mask, bounded)
        cited = [e.id for e in evidence if e.target == group and e.name == "lesion_count"]
        verdict = review_of(question, intent, Answer(text=text, evidence_ids=cited, backend="hand-built"), evidence)
        checks = {c.name: c for c in verdict.checks}
        assert checks["completeness"].passed is not bounded, (bounded, checks["completeness"].reason)
        if bounded:
            assert mask in checks["completeness"].reason and "not exhaustive" in checks["completeness"].reason
