"""Input kinds a fresh tester met in a new user's first hour (session 10), each varied so the rule passes.

- a provided liver or spleen mask mirrored left-right, on an image whose own anatomy is oriented as its
  header says, is refused as a wrong mask, never reported as a flipped image;
- a single CT slice is refused for questions that need whole organs (existence, counts, sizes, a
  in whatever axis the file keeps it; an attenuation question is not refused for it;
- an image that is not a CT (an MR, a picture of unknown modality) abstains saying why its organs were not
  looked for, not "provide its mask" alone.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from tests.phantom_inputs import copy_case, reoriented, run_case, truth, value


def _lr_axis(affine: np.ndarray) -> int:
    return int(np.argmax(np.abs(np.asarray(affine)[0, :3])))


def _mirrored_mask_case(phantom_dir: Path, tmp_path: Path, organ: str, axes: str) -> Path:
    case = copy_case(phantom_dir, tmp_path)
    masks = case / "segmentations"
    nib.save(reoriented(phantom_dir, axes), str(case / "ct.nii.gz"))
    for path in masks.glob("*.nii.gz"):
        img = nib.load(str(path))
        ornt = nib.orientations.ornt_transform(nib.io_orientation(img.affine),
                                               nib.orientations.axcodes2ornt(tuple(axes)))
        stored = img.as_reoriented(ornt)
        data = np.asarray(stored.dataobj)
        if path.name == f"{organ}.nii.gz":
            data = np.flip(data, axis=_lr_axis(stored.affine))
        nib.save(nib.Nifti1Image(data, stored.affine), str(path))
    return case


@pytest.mark.parametrize("axes", ["LPS", "RAS", "PIR"])
def test_a_mirrored_spleen_mask_is_refused_as_a_wrong_mask(phantom_dir: Path, tmp_path: Path, axes: str) -> None:
    case = _mirrored_mask_case(phantom_dir, tmp_path, "spleen", axes)
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                       "question": "What is the volume of the spleen?"})
    assert result.status == "rejected", result.reasons
    assert any("left-right flip of the liver or spleen mask" in r for r in result.reasons), result.reasons
    assert not any("left-right flipped (the liver" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize("axes", ["LPS", "PIR"])
def test_a_mirrored_liver_mask_does_not_make_the_image_flipped(phantom_dir: Path, tmp_path: Path, axes: str) -> None:
    """The liver spans the midline: mirrored, its centre stays right of the spleen's; the spleen is still measured."""
    case = _mirrored_mask_case(phantom_dir, tmp_path, "liver", axes)
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                       "question": "What is the volume of the spleen?"})
    assert not any("flipped (the liver" in r for r in result.reasons), result.reasons
    assert value(result, "volume_ml", "spleen") == pytest.approx(truth(phantom_dir, "spleen"), rel=0.02)


def _single_slice(phantom_dir: Path, out: Path, axis: int) -> Path:
    img = nib.load(str(phantom_dir / "ct.nii.gz"))
    data = np.asarray(img.dataobj)
    middle = [slice(None)] * 3
    middle[axis] = slice(data.shape[axis] // 2, data.shape[axis] // 2 + 1)
    offset = np.eye(4)
    offset[axis, 3] = data.shape[axis] // 2
    nib.save(nib.Nifti1Image(data[tuple(middle)], img.affine @ offset), str(out))
    return out


@pytest.mark.parametrize("axis", [2, 1])
@pytest.mark.parametrize("question", ["Is there a pancreatic lesion?", "How many liver lesions are there?",
                                      "What is the diameter of the largest liver lesion in mm?"])
def test_a_single_slice_is_refused_for_whole_organ_questions(phantom_dir: Path, tmp_path: Path, axis: int,
                                                             question: str) -> None:
    path = _single_slice(phantom_dir, tmp_path / "slice.nii.gz", axis)
    case = {"images": [{"path": str(path), "modality": "CT"}], "question": question}
    result = run_case(case)
    assert result.status == "rejected", (result.status, result.reasons)
    assert any("a single slice cannot show whole organs" in r for r in result.reasons), result.reasons


def test_pydicom_ct_small_is_refused_for_lesion_existence() -> None:
    from pydicom.data import get_testdata_file

    result = run_case({"images": [{"path": get_testdata_file("CT_small.dcm")}],
                       "question": "Is there a pancreatic lesion?", "choices": {"A": "Yes", "B": "No"}})
    assert result.status == "rejected" and result.answer is None
    assert any("single slice" in r for r in result.reasons), result.reasons


def test_an_attenuation_question_on_one_slice_is_not_refused_for_it(phantom_dir: Path, tmp_path: Path) -> None:
    path = _single_slice(phantom_dir, tmp_path / "slice.nii.gz", 2)
    result = run_case({"images": [{"path": str(path), "modality": "CT"}],
                       "question": "What is the mean attenuation of the liver in HU?"})
    assert not any("single slice" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize("modality", [None, "MR"])
def test_organs_on_an_image_that_is_not_a_ct_say_why_they_were_not_looked_for(modality: str | None) -> None:
    from nibabel.testing import data_path

    image = {"path": str(Path(data_path) / "anatomical.nii"), **({"modality": modality} if modality else {})}
    result = run_case({"images": [image], "question": "What is the volume of the liver?"})
    assert result.status in ("abstained", "rejected") and result.answer is None
    text = " ".join(result.reasons)
    assert ("not a CT" in text or "MR" in text) and "provide its mask or configure" not in text, result.reasons
