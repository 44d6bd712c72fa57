"""A study whose header mirrors its anatomy (the CT and every mask drawn with the liver at RAS x < 0, as suite AD's
generator wrote all twelve of its cases) is refused as a left-right flipped study, not as a wrong mask. The masks'
sides decide unless the image's own cue is as strong as a flip needs: suite AD's pixels leaned +0.10 towards "as the
header says" (spleen, stomach and bowel outweighing a liver on the other side), and triage had blamed the masks.

End to end with the real agents on the project's phantom, mirrored through its header in several storages; the
image's own left-right cue is set to what suite AD's pixels gave (weak) and to what a real slice gives (strong)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

import agents.triage as triage
from tests.phantom_inputs import copy_case, reoriented, run_case

QUESTION = "What is the liver volume?"


def _mirrored_study(phantom_dir: Path, tmp_path: Path, axes: str) -> Path:
    """The phantom stored in `axes`, then world x reflected in the CT's and every mask's header (voxels untouched)."""
    case = copy_case(phantom_dir, tmp_path)
    flip = np.diag([-1.0, 1.0, 1.0, 1.0])
    nib.save(reoriented(phantom_dir, axes), str(case / "ct.nii.gz"))
    for path in [case / "ct.nii.gz", *(case / "segmentations").glob("*.nii.gz")]:
        img = nib.load(str(path))
        ornt = nib.orientations.ornt_transform(nib.io_orientation(img.affine), nib.orientations.axcodes2ornt(tuple(axes)))
        stored = img.as_reoriented(ornt)
        nib.save(nib.Nifti1Image(np.asarray(stored.dataobj), flip @ stored.affine), str(path))
    return case


def _pixels_say_ok(score: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """The image's own cue read as "as the header says" with this strength (a fooled balance of soft tissue)."""
    real = triage._anatomy

    def leaning(image, modality):  # noqa: ANN001, ANN202 - triage's own signature
        anatomy = real(image, modality)
        return None if anatomy is None else replace(anatomy, left_right="ok",
                                                    details={**anatomy.details, "upper_abdomen_lr": score})

    monkeypatch.setattr(triage, "_anatomy", leaning)


@pytest.mark.parametrize("axes", ["RAS", "LPS", "PIR"])
def test_a_study_mirrored_by_its_header_is_refused_as_flipped(phantom_dir: Path, tmp_path: Path, axes: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    case = _mirrored_study(phantom_dir, tmp_path, axes)
    _pixels_say_ok(0.10, monkeypatch)
    result = run_case({"question": QUESTION, "images": [{"path": str(case / "ct.nii.gz"),
                                                         "masks": str(case / "segmentations")}]})
    assert result.status == "rejected", result.answer
    assert any("left-right flipped (the liver lies on the patient's left" in r for r in result.reasons), result.reasons
    assert not any("flip of the liver or spleen mask" in r for r in result.reasons), result.reasons


def test_the_same_masks_on_an_image_whose_own_cue_is_clear_are_the_wrong_ones(phantom_dir: Path, tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    case = _mirrored_study(phantom_dir, tmp_path, "RAS")
    _pixels_say_ok(0.25, monkeypatch)
    result = run_case({"question": QUESTION, "images": [{"path": str(case / "ct.nii.gz"),
                                                         "masks": str(case / "segmentations")}]})
    assert result.status == "rejected", result.answer
    assert any("flip of the liver or spleen mask" in r for r in result.reasons), result.reasons
