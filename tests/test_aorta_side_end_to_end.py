"""A correctly stored abdomen whose spleen outweighs its liver reaches the agents (real agents, no masks).

Before the aorta's veto (`agents/triage_checks/anatomy.AORTA_VETO`) triage rejected such a scan as
left-right flipped (suite AK's atrophic liver beside a severe splenomegaly: 23 questions refused);
stored mirrored against its header it is still refused.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

import orchestrator
from tests.agents.test_triage_aorta_side import _abdomen

PIXEL_MM, SLICE_MM = 1.5, 5.0


def _save(volume: np.ndarray, path: Path, orientation: str) -> Path:
    """Writes a canonical RAS volume in LPS or RAS storage with a header that says so."""
    n_i, n_j, _ = volume.shape
    affine = np.diag([PIXEL_MM, PIXEL_MM, SLICE_MM, 1.0])
    data = volume
    if orientation == "LPS":
        data = volume[::-1, ::-1, :]
        affine[0, 0], affine[1, 1] = -PIXEL_MM, -PIXEL_MM
        affine[0, 3], affine[1, 3] = (n_i - 1) * PIXEL_MM, (n_j - 1) * PIXEL_MM
    nib.save(nib.Nifti1Image(np.ascontiguousarray(data.astype(np.int16)), affine), str(path))
    return path


def _orientation(result: orchestrator.CaseResult):  # noqa: ANN202
    return next(e for e in result.evidence if e.name == "orientation")


@pytest.mark.parametrize(("orientation", "offset_mm", "liver_scale"), [("LPS", 10.0, 0.55), ("RAS", -15.0, 0.62)])
def test_a_small_liver_beside_a_large_spleen_is_not_refused(tmp_path: Path, orientation: str, offset_mm: float,
                                                            liver_scale: float) -> None:
    ct = _save(_abdomen(PIXEL_MM, offset_mm, liver_scale, aorta_hu=220.0), tmp_path / "ct.nii.gz", orientation)
    result = orchestrator.run({"case_id": "aorta-left", "images": [{"path": str(ct), "modality": "CT"}],
                               "question": "What is the volume of the spleen in mL?"})
    assert result.status != "rejected", result.reasons
    assert _orientation(result).passed is True
    assert _orientation(result).provenance["prevertebral_vessel_lr"] <= -0.25
    # a cartoon of ellipses is no anatomy the classical segmenter reads: it says so, naming the structure
    assert result.status == "abstained" and any("spleen" in r for r in result.reasons)


def test_the_same_scan_mirrored_against_its_header_is_still_refused(tmp_path: Path) -> None:
    volume = _abdomen(PIXEL_MM, 10.0, 1.35, aorta_hu=220.0)[::-1]  # a normal liver, stored on the wrong side
    ct = _save(volume, tmp_path / "ct.nii.gz", "RAS")
    result = orchestrator.run({"case_id": "mirrored", "images": [{"path": str(ct), "modality": "CT"}],
                               "question": "What is the volume of the spleen in mL?"})
    assert result.status == "rejected"
    assert "left-right flipped" in _orientation(result).reason
