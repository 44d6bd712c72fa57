"""Helpers of the input-kind tests: a phantom case (`phantom_dir`, conftest) copied, stored another way,
run through the real agents, and its ground truth read back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nibabel as nib

from core.case import CaseResult


def copy_case(phantom_dir: Path, tmp_path: Path) -> Path:
    """A copy of the phantom case folder (`ct.nii.gz`, `segmentations/`, `ground_truth.json`) to change."""
    return Path(shutil.copytree(phantom_dir, tmp_path / "case"))


def truth(phantom_dir: Path, organ: str, name: str = "volume_ml") -> float:
    """The phantom's ground-truth value of an organ (mL, HU, ...)."""
    return json.loads((phantom_dir / "ground_truth.json").read_text())["organs"][organ][name]


def run_case(case: dict, case_id: str = "kinds") -> CaseResult:
    """`orchestrator.run` on a case dict (images, question, ...)."""
    from orchestrator.api import run

    return run({"case_id": case_id, **case})


def value(result: CaseResult, name: str, organ: str) -> float:
    """The value of the evidence item `name` about `organ`."""
    return next(e.value for e in result.evidence if e.name == name and e.target == organ)


def reoriented(phantom_dir: Path, axes: str) -> nib.Nifti1Image:
    """The phantom's CT stored in another orientation (the same voxels in the world)."""
    img = nib.load(str(phantom_dir / "ct.nii.gz"))
    ornt = nib.orientations.ornt_transform(nib.io_orientation(img.affine), nib.orientations.axcodes2ornt(tuple(axes)))
    return img.as_reoriented(ornt)
