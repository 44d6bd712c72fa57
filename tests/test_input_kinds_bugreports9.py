"""Input kinds a fresh helper rebuilt from public bug reports (set 9), each varied so the rule passes.

- a masks folder holding no mask clinorch reads (an RT Structure Set of contours, a CT slice, a picture, a
  spreadsheet) is refused naming what it holds, with the fix for contours — never passed over in silence with the
  structures segmented from the image instead; a folder whose NIfTI masks sit beside such files is read as before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest
from pydicom.data import get_testdata_file

from synthetic.dicom_series import write_dicom_series
from tests.phantom_inputs import copy_case, run_case, truth, value


def _dicom_ct(case: Path) -> Path:
    image = nib.load(str(case / "ct.nii.gz"))
    folder = case / "series"
    write_dicom_series(np.asarray(image.dataobj), image.affine, folder, patient_id="anon", study="s1")
    return folder


def _fill(folder: Path, held: str) -> str:
    """Puts one kind of non-mask file into `folder`; returns the words a refusal must name."""
    folder.mkdir(parents=True, exist_ok=True)
    if held == "rtstruct":
        shutil.copy(get_testdata_file("rtstruct.dcm"), folder / "RS.1.2.dcm")
        return "RT Structure Set"
    if held == "ct_slice":
        shutil.copy(get_testdata_file("CT_small.dcm"), folder / "IM0001")
        return "CT Image Storage"
    if held == "picture":
        (folder / "spleen.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
        return "spleen.png"
    (folder / "labels.csv").write_text("label,name\n1,spleen\n")
    return "labels.csv"


@pytest.mark.parametrize(("held", "organ", "ct_format"), [("rtstruct", "spleen", "nifti"), ("rtstruct", "liver", "dicom"),
                                                          ("ct_slice", "kidney_left", "nifti"),
                                                          ("picture", "spleen", "dicom"), ("csv", "pancreas", "nifti")])
def test_a_masks_folder_holding_no_readable_mask_is_refused_naming_it(phantom_dir: Path, tmp_path: Path, held: str,
                                                                      organ: str, ct_format: str) -> None:
    case = copy_case(phantom_dir, tmp_path)
    words = _fill(case / "exported", held)
    ct = str(_dicom_ct(case) if ct_format == "dicom" else case / "ct.nii.gz")
    result = run_case({"images": [{"path": ct, "masks": str(case / "exported")}],
                       "question": f"What is the {organ.replace('_', ' ')} volume in mL?"})
    assert result.status == "rejected", (result.status, result.reasons)
    named = [r for r in result.reasons if "'exported' holds no mask" in r and words in r]
    assert named, result.reasons
    assert ("contours" in named[0]) is (held == "rtstruct"), named[0]


def test_nifti_masks_beside_an_rt_structure_set_are_read(phantom_dir: Path, tmp_path: Path) -> None:
    case = copy_case(phantom_dir, tmp_path)
    _fill(case / "segmentations", "rtstruct")
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                       "question": "What is the spleen volume in mL?"})
    assert result.status == "answered", result.reasons
    assert value(result, "volume_ml", "spleen") == pytest.approx(truth(phantom_dir, "spleen"), rel=1e-6)


def test_the_rt_structure_set_fixture_is_what_the_rule_reads() -> None:
    """The pydicom test file (no preamble) is a real RT Structure Set: the refusal above is about its SOP class, not its name."""
    ds = pydicom.dcmread(get_testdata_file("rtstruct.dcm"), stop_before_pixels=True, force=True)
    assert ds.SOPClassUID.name == "RT Structure Set Storage"
