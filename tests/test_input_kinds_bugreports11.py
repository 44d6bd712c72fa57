"""Input kinds a fresh helper rebuilt from public bug reports (set 11), each varied so the rule passes.

- a binary mask whose foreground is negative (a 255 label saved in a signed type reads back as -1) marks its
  non-zero voxels: the organ is measured, never read as empty (which surfaced as "the liver mask lies nan mm left
  of the spleen mask");
- lesion masks written one file per lesion (``liver_tumor_1.nii.gz``, ``liver_tumor_2.nii.gz``, as RT structure
  converters write them) are the case's lesion mask, their union, with provenance naming the files; the same
  lesion mask given both ways is refused;
- a folder holding several series is refused naming each series' modality and slice count (a PET-CT export).
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest
from scipy import ndimage

from imaging.masks import foreground, instance_of, read_mask
from imaging.volume import ImageReadError, read_image
from synthetic.dicom_series import write_dicom_series
from tests.phantom_inputs import copy_case, run_case, truth, value


@pytest.mark.parametrize(("organ", "dtype", "label"), [
    ("spleen", np.int8, -1), ("liver", np.int16, -1), ("kidney_left", np.int8, -128), ("gall_bladder", np.float32, -1.0),
])
def test_a_mask_with_negative_foreground_is_measured(phantom_dir: Path, tmp_path: Path, organ: str, dtype: type,
                                                     label: float) -> None:
    case = copy_case(phantom_dir, tmp_path)
    path = case / "segmentations" / f"{organ}.nii.gz"
    mask = nib.load(str(path))
    data = (np.asarray(mask.dataobj) > 0).astype(dtype) * dtype(label)
    nib.save(nib.Nifti1Image(data, mask.affine), str(path))
    read = read_mask(path)
    assert int(read.array.sum()) == int(np.count_nonzero(data)) > 0
    assert "foreground stored as" in read.note
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                       "question": f"What is the volume of the {organ.replace('_', ' ')} in mL?"})
    assert result.status == "answered", result.reasons
    assert value(result, "volume_ml", organ) == pytest.approx(truth(phantom_dir, organ), rel=1e-6)
    assert "nan" not in " ".join(result.reasons).lower()


def test_negative_and_positive_labels_in_one_mask_are_still_refused(tmp_path: Path) -> None:
    data = np.zeros((8, 8, 8), dtype=np.int8)
    data[1:3], data[5:7] = -1, 1  # nnU-Net's preprocessed labels: -1 outside the body's region, 1 the organ
    nib.save(nib.Nifti1Image(data, np.eye(4)), str(tmp_path / "liver.nii.gz"))
    with pytest.raises(ImageReadError, match="multi-label"):
        read_mask(tmp_path / "liver.nii.gz")
    assert foreground(np.array([0, -1, 2])).tolist() == [False, True, True]


@pytest.mark.parametrize(("name", "base"), [
    ("liver_tumor_1", "liver_tumor"), ("liver_tumor-12", "liver_tumor"), ("kidney_cyst_2", "kidney_cyst"),
    ("pancreas_lesion3", "pancreas_tumor"),  # a lesion-group name is read as the group's mask (newuser15) ("liver_segment_4", None), ("kidney_left", None), ("rib_left_10", None),
])
def test_which_names_are_per_lesion_files(name: str, base: str | None) -> None:
    assert instance_of(name) == base


def _split_lesions(folder: Path, lesion: str, style: str) -> int:
    """Replaces `<lesion>.nii.gz` by one file per connected lesion; the number of lesions."""
    path = folder / f"{lesion}.nii.gz"
    mask = nib.load(str(path))
    labels, count = ndimage.label(np.asarray(mask.dataobj) > 0)
    for n in range(1, count + 1):
        nib.save(nib.Nifti1Image((labels == n).astype(np.uint8), mask.affine), str(folder / f"{lesion}{style}{n}.nii.gz"))
    path.unlink()
    return count


@pytest.mark.parametrize(("lesion", "organ", "style"), [("liver_tumor", "liver", "_"), ("liver_tumor", "liver", "-"),
                                                        ("kidney_cyst", "kidney", "_")])
def test_lesion_masks_one_file_per_lesion_are_their_union(phantom_dir: Path, tmp_path: Path, lesion: str, organ: str,
                                                          style: str) -> None:
    case = copy_case(phantom_dir, tmp_path)
    masks = case / "segmentations"
    if not (masks / f"{lesion}.nii.gz").exists() or not np.asarray(nib.load(str(masks / f"{lesion}.nii.gz")).dataobj).any():
        pytest.skip(f"the phantom has no {lesion}")
    count = _split_lesions(masks, lesion, style)
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(masks)}],
                       "question": f"How many {organ} lesions are there?"})
    assert result.status == "answered", result.reasons
    assert result.answer.split()[0] == str(count), result.answer
    notes = " ".join(str(e.provenance.as_dict()) for e in result.evidence if e.agent == "segmentation")
    assert f"union of {count} per-lesion files" in notes


def test_a_lesion_mask_given_whole_and_per_lesion_is_refused(phantom_dir: Path, tmp_path: Path) -> None:
    case = copy_case(phantom_dir, tmp_path)
    masks = case / "segmentations"
    whole = nib.load(str(masks / "liver_tumor.nii.gz"))
    nib.save(nib.Nifti1Image(np.asarray(whole.dataobj), whole.affine), str(masks / "liver_tumor_1.nii.gz"))
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(masks)}],
                       "question": "How many liver lesions are there?"})
    assert result.status != "answered"
    assert any("both hold the liver_tumor mask" in r for r in result.reasons + [result.answer or ""]), result.reasons


@pytest.mark.parametrize("second", ["PT", "MR"])
def test_a_folder_of_two_series_names_each_modality(phantom_dir: Path, tmp_path: Path, second: str) -> None:
    img = nib.load(str(phantom_dir / "ct.nii.gz"))
    data = np.asarray(img.dataobj, dtype=np.float32)
    folder = tmp_path / "export"
    write_dicom_series(data, img.affine, folder / "a", patient_id="P11", study="S")
    write_dicom_series(data[:, :, ::2], img.affine @ np.diag([1, 1, 2, 1]), folder / "b", patient_id="P11", study="S")
    uid = pydicom.uid.generate_uid()
    for path in (folder / "b").glob("*.dcm"):
        ds = pydicom.dcmread(path)
        ds.Modality, ds.SeriesInstanceUID = second, uid
        ds.save_as(path)
    slices = len(list((folder / "b").glob("*.dcm")))
    with pytest.raises(ImageReadError, match=rf"holds 2 series \(.*{second}, {slices} slice"):
        read_image(folder)
