"""A size question asked in the small direction ("Is the liver atrophic?") is answered for that direction.

Found by an independent reviewer set: "Is the liver atrophic?" was answered with the liver's mean HU; once
routed to the size criterion, the yes/no read "enlarged" (the task's usual finding) — *Yes* for a 2.1 L liver.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import orchestrator
from core.tasks import SMALL_LABELS
from questions.understanding import understand
from synthetic.phantom import lookup_truth
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve

LIVER = "dtvqa-liver-volume"  # atrophic < 600 ≤ below normal range < 1000 ≤ normal ≤ 1800 < enlarged
KIDNEY = "dtvqa-kidney-volume"  # small < 130 ≤ normal ≤ … < enlarged


@pytest.mark.parametrize(("question", "direction"), [
    ("Is the liver atrophic?", "atrophic"), ("Does the left kidney look atrophic by volume?", "atrophic"),
    ("Is there renal atrophy on the right?", "atrophic"), ("Is the pancreas shrunken?", "atrophic"),
    ("Is the right kidney abnormally small?", "small"), ("Is the liver smaller than normal?", "small"),
    ("Is the liver enlarged?", None), ("Is the spleen of normal size?", None),
])
def test_the_small_direction_is_read(question: str, direction: str | None) -> None:
    intent = understand(question)
    assert intent.size_asked == direction
    if direction is not None:
        assert intent.task in ("organ enlargement", "splenomegaly detection")
        assert intent.quantities and intent.quantities[0].endswith(".volume_ml")


@pytest.mark.parametrize(("organ", "criterion", "volume", "atrophic", "small"), [
    ("liver", LIVER, 450.0, True, True), ("liver", LIVER, 800.0, False, True), ("liver", LIVER, 1650.0, False, False),
    ("liver", LIVER, 2100.0, False, False),
    ("kidney_left", KIDNEY, 90.0, True, True), ("kidney_left", KIDNEY, 160.0, False, False),
    ("kidney_right", KIDNEY, 320.0, False, False),
])
def test_reasoner_and_reviewer_answer_the_direction_asked(organ: str, criterion: str, volume: float, atrophic: bool,
                                                          small: bool) -> None:
    """*Yes* to "atrophic" only for the atrophic band (a criterion without one: any small band), to "abnormally
    small" for any band below normal; the reviewer approves that and sends back the opposite."""
    name = organ.replace("kidney_left", "left kidney").replace("kidney_right", "right kidney")
    for question, expected in ((f"Is the {name} atrophic?", atrophic), (f"Is the {name} abnormally small?", small)):
        q = Question("organ enlargement", question, None, (criterion,))
        evidence = replacing(patient_evidence(), hand_measured(organ, "volume_ml", volume, "mL"))
        intent, answer, full = solve(q, evidence)
        assert answer is not None
        assert answer.text.startswith("Yes" if expected else "No"), (question, volume, answer.text)
        assert review_of(q, intent, answer, full).consistent
        flipped = answer.model_copy(update={"text": ("No" if expected else "Yes") + answer.text[3 if expected else 2:]})
        assert not review_of(q, intent, flipped, full).consistent


def test_a_criterion_without_a_small_band_abstains() -> None:
    """Splenomegaly detection has no band below normal: "Is the spleen atrophic?" is not answered "No splenomegaly"."""
    q = Question("splenomegaly detection", "Is the spleen atrophic?", None, ("dtvqa-splenomegaly-detection",))
    _, answer, _ = solve(q)
    assert answer is None


def test_small_labels_exist_in_the_size_criteria() -> None:
    import knowledge

    base = knowledge.shared_base()
    for entry_id in (LIVER, KIDNEY, "dtvqa-pancreas-volume"):
        assert set(base.get(entry_id).criterion.labels) & set(SMALL_LABELS)


@pytest.mark.parametrize("question", ["Is the liver atrophic?", "Is the liver abnormally small?"])
def test_end_to_end_on_a_phantom(phantom_dir: Path, question: str) -> None:
    """The real agents: the phantom's liver (normal size) is not atrophic; the answer cites its volume."""
    import knowledge

    truth = lookup_truth(json.loads((phantom_dir / "ground_truth.json").read_text()), "liver", "volume_ml")
    label = knowledge.shared_base().get(LIVER).classify({"liver.volume_ml": truth}).label
    case = {"case_id": "small", "question": question, "images": [
        {"path": str(phantom_dir / "ct.nii.gz"), "modality": "CT", "masks": str(phantom_dir / "segmentations")}]}
    result = orchestrator.run(case, backends={})
    assert result.status == "answered", result.reasons
    expected = label == "atrophic" if "atrophic" in question else label in SMALL_LABELS
    assert result.answer.startswith("Yes" if expected else "No"), result.answer
    assert "measurement:liver:volume_ml" in result.answer_detail.evidence_ids
    assert result.review.consistent


@pytest.mark.parametrize(("organ", "criterion", "volume", "normal"), [
    ("kidney_right", KIDNEY, 90.0, False), ("kidney_right", KIDNEY, 160.0, True), ("kidney_left", KIDNEY, 320.0, False),
    ("liver", LIVER, 450.0, False), ("liver", LIVER, 800.0, False), ("liver", LIVER, 1650.0, True),
    ("liver", LIVER, 2100.0, False),
])
@pytest.mark.parametrize("wording", ["Is the {name} within the normal range?", "Is the {name} normal in size?",
                                     "Is the {name} volume normal?"])
def test_normal_range_means_neither_small_nor_enlarged(organ: str, criterion: str, volume: float, normal: bool,
                                                      wording: str) -> None:
    """"Is the right kidney within the normal range?" at a small volume is *No — small* (was "Yes — small")."""
    name = organ.replace("kidney_left", "left kidney").replace("kidney_right", "right kidney")
    q = Question("organ enlargement", wording.format(name=name), None, (criterion,))
    evidence = replacing(patient_evidence(), hand_measured(organ, "volume_ml", volume, "mL"))
    intent, answer, full = solve(q, evidence)
    assert intent.task == "organ enlargement" and intent.size_asked == "abnormal" and intent.negated
    assert answer is not None and answer.text.startswith("Yes" if normal else "No"), answer
    assert review_of(q, intent, answer, full).consistent
    flipped = answer.model_copy(update={"text": ("No" if normal else "Yes") + answer.text[3 if normal else 2:]})
    assert not review_of(q, intent, flipped, full).consistent
