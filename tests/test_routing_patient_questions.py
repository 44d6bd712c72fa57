"""Routing with the real agents: a question about this patient's image is measured, whatever criterion it names."""

from __future__ import annotations

from pathlib import Path

import pytest

import orchestrator
from agents.triage_checks.needs import make_plan, needs_of
from core.state import Intent


def _case(phantom: Path, question: str) -> dict:
    image = {"path": str(phantom / "ct.nii.gz"), "modality": "CT", "masks": str(phantom / "segmentations")}
    return {"case_id": "route", "images": [image], "question": question}


@pytest.mark.parametrize("question", [
    "By volumetric criteria, is the spleen enlarged?",
    "Per the guideline, is the liver enlarged in this patient?",
    "Using CT attenuation criteria, does this patient have fatty liver?",
])
def test_criterion_words_on_a_patient_question_measure_the_image(phantom_dir: Path, question: str) -> None:
    result = orchestrator.run(_case(phantom_dir, question))
    nodes = {step.node for step in result.trace}
    assert {"segmentation", "measurement"} <= nodes, (question, sorted(nodes))
    assert any(e.kind == "measurement" for e in result.evidence)
    assert result.status in ("answered", "abstained")


def test_unsure_between_tasks_plans_the_union_of_their_evidence() -> None:
    intent = Intent(task="knowledge question", organ="spleen", alternatives=["splenomegaly detection"],
                    support_quantities=["spleen.volume_ml"])
    needs = needs_of(intent)
    plan = make_plan(intent, needs, has_images=True, track="abdomen_ct")
    assert needs.images and needs.volume and "spleen" in needs.organs
    assert plan.needs_segmentation and plan.needs_measurement and plan.needs_knowledge


def test_a_rule_in_general_skips_the_image() -> None:
    intent = Intent(task="knowledge question", organ="spleen")
    plan = make_plan(intent, needs_of(intent), has_images=True, track="abdomen_ct")
    assert not plan.needs_segmentation and not plan.needs_measurement
