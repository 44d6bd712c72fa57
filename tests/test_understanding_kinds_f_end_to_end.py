"""The kinds of tests/test_understanding_kinds_f.py through the real agents on a phantom with provided masks.

Expected values come from the mask files (brute force with nibabel), or from the answer to the same question asked
the other way round: nothing is written down from a run.
"""

from __future__ import annotations

import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

import orchestrator
from core.case import CaseResult as Result


def _run(phantom: Path, question: str) -> Result:
    image = {"path": str(phantom / "ct.nii.gz"), "modality": "CT", "masks": str(phantom / "segmentations")}
    return orchestrator.run({"case_id": "kinds-f", "images": [image], "question": question})


def _nodes(result: Result) -> set[str]:
    return {step.node for step in result.trace}


def _volume_ml(phantom: Path, structure: str) -> float:
    mask = nib.load(phantom / "segmentations" / f"{structure}.nii.gz")
    return float(np.count_nonzero(np.asarray(mask.dataobj) > 0) * abs(np.linalg.det(mask.affine[:3, :3])) / 1000.0)


def _first_number(text: str) -> float:
    return float(re.search(r"-?\d+(\.\d+)?", text).group(0))


@pytest.mark.parametrize(("question", "organ"), [
    ("Spleen volume above the reference range?", "spleen"),
    ("Does the liver meet CT criteria for steatosis?", "liver"),
    ("The kidneys look odd too, but I only need the spleen: is it enlarged?", "spleen"),
])
def test_an_organ_against_a_rule_or_in_focus_is_measured_and_answered_yes_or_no(phantom_dir: Path, question: str,
                                                                                 organ: str) -> None:
    result = _run(phantom_dir, question)
    assert {"segmentation", "measurement"} <= _nodes(result), sorted(_nodes(result))
    assert result.status == "answered", result.reasons
    assert re.match(r"(Yes|No)\b", result.answer), result.answer  # whether it is, not the value
    assert any(e.kind == "measurement" and e.target == organ for e in result.evidence)


def test_an_organ_set_aside_is_not_the_one_answered(phantom_dir: Path) -> None:
    result = _run(phantom_dir, "Not asking about the kidneys - is there a liver lesion?")
    assert result.status == "answered", result.reasons
    has_lesion = _volume_ml(phantom_dir, "liver_tumor") > 0
    assert result.answer.startswith("Yes" if has_lesion else "No"), result.answer
    assert "liver" in result.answer.lower()


def test_a_kind_set_aside_asks_the_other_kind(phantom_dir: Path) -> None:
    result = _run(phantom_dir, "Setting aside the renal cysts, is any solid mass present?")
    assert result.status == "answered", result.reasons
    has_tumour = _volume_ml(phantom_dir, "kidney_tumor") > 0
    assert _volume_ml(phantom_dir, "kidney_cyst") > 0  # the cyst set aside is there: a yes would be the cyst's
    assert result.answer.startswith("Yes" if has_tumour else "No"), result.answer


def test_a_terse_volume_asked_of_a_lesion_is_measured_not_its_existence(phantom_dir: Path) -> None:
    result = _run(phantom_dir, "liver lesion vol?")
    assert result.status == "answered", result.reasons
    assert "mL" in result.answer and not result.answer.startswith(("Yes", "No"))
    assert 0 < _first_number(result.answer) <= _volume_ml(phantom_dir, "liver_tumor") + 0.05


def test_a_lesion_volume_over_its_organ_volume_is_the_burden(phantom_dir: Path) -> None:
    result = _run(phantom_dir, "Tumour volume divided by liver volume?")
    assert result.status == "answered", result.reasons
    assert "%" in result.answer
    expected = 100.0 * _volume_ml(phantom_dir, "liver_tumor") / _volume_ml(phantom_dir, "liver")
    assert _first_number(result.answer) == pytest.approx(expected, abs=0.06)


def test_an_acronym_is_a_rule_question_without_the_image(phantom_dir: Path) -> None:
    result = _run(phantom_dir, "What does RECIST stand for?")
    assert "knowledge" in _nodes(result) and "segmentation" not in _nodes(result), sorted(_nodes(result))
    assert not any(e.kind == "measurement" for e in result.evidence)


@pytest.mark.parametrize(("asked", "denied"), [
    ("Is there fatty liver?", "No fatty liver, right?"),
    ("Is the spleen enlarged?", "No splenomegaly, correct?"),
])
def test_a_denial_asked_back_is_answered_the_other_way_round(phantom_dir: Path, asked: str, denied: str) -> None:
    """A graded finding asked as a negated yes/no flips the yes; the attending agrees (it had abstained on
    "the category disagrees with the criterion")."""
    plain, negated = _run(phantom_dir, asked), _run(phantom_dir, denied)
    assert plain.status == negated.status == "answered", (plain.reasons, negated.reasons)
    said = plain.answer.split()[0].rstrip(".,—")
    assert said in ("Yes", "No")
    assert negated.answer.startswith("No" if said == "Yes" else "Yes"), (plain.answer, negated.answer)
