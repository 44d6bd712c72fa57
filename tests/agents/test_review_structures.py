"""An answer that names a structure no cited evidence is about (the duodenum as the lesion's home or as the
reference organ) is flagged, for every structure of the anatomy vocabulary, not only the organs that
question understanding knows; a neighbour the cited evidence names is grounded."""

from __future__ import annotations

import pytest

from agents.review_checks.grounding import named_structures
from core.case import Answer
from questions.understanding import understand
from tests.agents.reasoning_cases import Question, patient_evidence, review_of

OTHERS = [("duodenum", "duodenum"), ("esophagus", "oesophagus"), ("celiac_trunk", "coeliac trunk"),
          ("bladder", "urinary bladder")]


@pytest.mark.parametrize(("structure", "word"), OTHERS)
@pytest.mark.parametrize(("organ", "diameter"), [("pancreas", 23.3), ("liver", 36.4), ("kidney", 18.9)])
@pytest.mark.parametrize("wording", ["{w} lesion largest lesion diameter {d} mm", "{d} mm. The mass arises from the {w}.",
                                     "{d} mm, measured relative to the {w}."])
def test_a_structure_no_cited_evidence_is_about_is_flagged(structure: str, word: str, organ: str, diameter: float,
                                                          wording: str) -> None:
    adjective = {"pancreas": "pancreatic", "kidney": "renal"}.get(organ, organ)
    q = Question("largest lesion diameter", f"How large is the {adjective} tumour, in mm?")
    intent = understand(q.question)
    ids = [f"measurement:{organ}_lesion:largest_lesion_diameter_mm"]
    right = Answer(text=f"{diameter} mm. {organ} lesion largest lesion diameter {diameter} mm", evidence_ids=ids,
                   backend="hand-built")
    assert {c.name: c for c in review_of(q, intent, right, patient_evidence()).checks}["entity_grounding"].passed
    wrong = right.model_copy(update={"text": wording.format(w=word, d=diameter)})
    assert structure in named_structures(wrong.text)
    check = {c.name: c for c in review_of(q, intent, wrong, patient_evidence()).checks}["entity_grounding"]
    assert not check.passed, wrong.text


def test_a_neighbour_named_by_the_cited_evidence_is_grounded() -> None:
    q = Question("adjacent organ", "Which organ is adjacent to the pancreatic lesion?")
    answer = Answer(text="Duodenum. pancreas lesion adjacent organs duodenum",
                    evidence_ids=["measurement:pancreas_lesion_1:adjacent_organs"], backend="hand-built")
    check = {c.name: c for c in review_of(q, understand(q.question), answer, patient_evidence()).checks}
    assert check["entity_grounding"].passed, check["entity_grounding"].reason


@pytest.mark.parametrize("text", ["the gall bladder", "the gallbladder wall"])
def test_the_gall_bladder_is_not_the_urinary_bladder(text: str) -> None:
    assert "bladder" not in named_structures(text)
