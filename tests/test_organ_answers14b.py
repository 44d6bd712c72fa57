"""Organ-level kinds of session 14 (answers14b): organ-to-organ contact, either/or criteria, a parenthesis that states
the question's own rule, and a tiny value shown rounded.

Understanding and the contact measurement are tested on their own with varied wording, organ, side and anisotropic
spacing; the tuning half of `tests.organ_examples` (phantoms in five orientations, obliquity and spacings, expected
options from the written files by brute force) runs through the real agents.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from agents.measures.contact import organ_contact
from questions.understanding import understand
from tests.organ_examples import Example, examples, run


@pytest.mark.parametrize(("question", "organ"), [
    ("Which structure is in direct contact with the left kidney (no separating voxel)?", "kidney_left"),
    ("Which of the following organs touches the right kidney?", "kidney_right"),
    ("Which of these structures abuts the spleen directly?", "spleen"),
    ("What structure borders the gallbladder, with no voxel between them?", "gall_bladder"),
    ("Which organ is in contact with the pancreas (contact = within 3 mm)?", "pancreas"),
    ("Which of the listed structures is up against the stomach?", "stomach"),
])
def test_a_contact_question_on_an_organ_asks_its_own_neighbours(question: str, organ: str) -> None:
    choices = {"A": "Right kidney", "B": "Left kidney", "C": "Liver", "D": "Inferior vena cava"}
    intent = understand(question, choices)
    assert (intent.task, intent.organ, intent.lesion) == ("adjacent organ", organ, None), intent
    assert intent.quantities == [f"{organ}.adjacent_organs"]


@pytest.mark.parametrize(("question", "group"), [
    ("Which organ is adjacent to the liver tumour?", "liver_lesion"),
    ("Which structure is in contact with the largest pancreatic lesion?", "pancreas_lesion"),
])
def test_a_contact_question_on_a_lesion_keeps_the_lesion(question: str, group: str) -> None:
    intent = understand(question, {"A": "Stomach", "B": "Spleen", "C": "Aorta", "D": "Duodenum"})
    assert intent.task == "adjacent organ" and intent.lesion == group, intent
    assert intent.quantities == [f"{group}_1.adjacent_organs"]


@pytest.mark.parametrize("question", [
    "What hepatic steatosis grade applies (worst grade met by either the liver HU or the liver/spleen ratio criterion)?",
    "Which steatosis grade applies (the worse of the liver attenuation and the L/S ratio criteria)?",
    "Grade the hepatic steatosis by both the liver HU and the liver-to-spleen ratio, the worse one counting.",
])
def test_an_either_or_grading_reads_both_arms_about_this_liver(question: str) -> None:
    intent = understand(question, {"A": "Grade 1", "B": "Grade 0", "C": "Grade 2", "D": "Grade 3"})
    assert intent.task == "hepatic steatosis grading" and intent.basis is None, intent
    assert {"liver.mean_hu", "liver/spleen.hu_ratio"} <= set(intent.quantities)


@pytest.mark.parametrize(("question", "basis"), [
    ("Does this patient have portal hypertension judging by spleen size alone?", "spleen.volume_ml"),
    ("Is there portal hypertension by either the spleen volume or the caudate ratio?", None),
    ("Is there portal hypertension, considering both the splenic volume and the caudate-to-right-lobe ratio?", None),
])
def test_one_arm_named_is_the_basis_and_joined_arms_are_not(question: str, basis: str | None) -> None:
    intent = understand(question, None)
    assert intent.task == "portal hypertension assessment" and intent.basis == basis, intent


@pytest.mark.parametrize("question", [
    "What is the normal spleen volume (in mL)?",
    "What does a liver/spleen ratio of 0.7 mean (in general)?",
    "Which liver HU threshold defines moderate steatosis (Kodama criteria)?",
])
def test_a_rule_question_with_a_parenthesis_stays_a_rule_question(question: str) -> None:
    assert understand(question, None).task == "knowledge question"


SPACINGS = [(1.0, 1.0, 1.0), (0.7, 0.7, 5.0), (2.0, 1.5, 3.0)]


@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize("axis", [0, 1, 2])
def test_contact_is_no_separating_voxel_and_distances_are_physical(spacing: tuple, axis: int) -> None:
    shape = (24, 24, 24)
    organ, face, corner, gap = (np.zeros(shape, bool) for _ in range(4))
    organ[8:12, 8:12, 8:12] = True
    index = [slice(8, 12)] * 3
    index[axis] = slice(12, 15)  # shares a face along `axis`
    face[tuple(index)] = True
    corner[13:16, 13:16, 13:16] = True  # gap: one voxel on every axis, touching corner-wise only after it
    corner[12, 12, 12] = True  # diagonal neighbour of organ[11, 11, 11]: no voxel between them
    index = [slice(8, 12)] * 3
    index[axis] = slice(3, 7)  # one empty voxel layer (index 7) separates it
    gap[tuple(index)] = True
    found = organ_contact("organ", {"organ": organ, "face": face, "corner": corner, "gap": gap}, spacing)
    assert found is not None
    assert set(found.touching) == {"face", "corner"}
    assert found.distances_mm["face"] == pytest.approx(spacing[axis], abs=1e-3)
    assert found.distances_mm["gap"] == pytest.approx(2 * spacing[axis], abs=1e-3)
    assert found.distances_mm["corner"] == pytest.approx(float(np.linalg.norm(spacing)), abs=1e-3)
    assert found.dilation_steps == {"face": 1, "corner": 3, "gap": 2}


def test_an_empty_organ_has_no_contacts() -> None:
    empty = np.zeros((8, 8, 8), bool)
    assert organ_contact("organ", {"organ": empty, "other": ~empty}, (1.0, 1.0, 1.0)) is None


_FOLDER: dict[str, Path] = {}


def _tuning_half(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Example]]:
    if "root" not in _FOLDER:
        _FOLDER["root"] = tmp_path_factory.mktemp("organ_examples")
    root = _FOLDER["root"]
    return root, [ex for i, ex in enumerate(examples(root)) if i % 2 == 0]


@pytest.mark.parametrize("kind", ["contact", "grade", "tiny burden"])
def test_the_tuning_half_through_the_real_agents(tmp_path_factory: pytest.TempPathFactory, kind: str) -> None:
    root, half = _tuning_half(tmp_path_factory)
    chosen = [ex for ex in half if ex.kind == kind]
    assert chosen, kind
    for ex in chosen:
        status, answer, text = run(ex, root)
        assert (status, answer) == ("answered", ex.expected), (ex.question, ex.choices, text)


def test_the_reviewer_refuses_a_structure_that_does_not_touch(tmp_path_factory: pytest.TempPathFactory) -> None:
    import orchestrator
    from agents.reviewer import review_result

    root, half = _tuning_half(tmp_path_factory)
    for ex in [e for e in half if e.kind == "contact"][:3]:
        case = root / ex.phantom
        image = {"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}
        result = orchestrator.run({"case_id": "contact-review", "images": [image], "question": ex.question,
                                   "choices": ex.choices})
        assert result.status == "answered" and review_result(result).consistent, result.reasons
        wrong = next(letter for letter in ex.choices if letter != ex.expected)
        detail = result.answer_detail.model_copy(update={  # type: ignore[union-attr]
            "choice": wrong, "text": f"{wrong} — {ex.choices[wrong]}: in contact with the organ (no separating voxel)"})
        verdict = review_result(result.model_copy(update={"answer": wrong, "answer_detail": detail}))
        assert not verdict.consistent, (ex.question, wrong)
