"""Input kinds a fresh helper rebuilt from public bug reports (set 10), each varied so the rule passes.

- masks written by TotalSegmentator (``gallbladder.nii.gz``, ``inferior_vena_cava.nii.gz``, ``left_kidney``) are the
  provided masks of those structures, not files passed over while the structure is segmented from the image;
- a NIfTI saved without its extension (an object store's content-hash name), compressed or not, NIfTI-1 or -2, is
  read by its header, and a Zstandard-compressed file is named as such;
- a masks path that is one file other than a DICOM SEG (a 3D Slicer ``.seg.nrrd``, one NIfTI, an RT Structure Set)
  is refused naming what it is, never a traceback or an "organ not found" abstention.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from pydicom.data import get_testdata_file

from imaging.volume import read_image
from tests.phantom_inputs import copy_case, run_case, truth, value


@pytest.mark.parametrize(("written", "organ", "question"), [
    ("gallbladder", "gall_bladder", "What is the volume of the gallbladder in mL?"),
    ("left_kidney", "kidney_left", "How large is the left kidney, in mL?"),
    ("Gallbladder", "gall_bladder", "How big is the gall bladder in mL?"),
])
def test_masks_under_totalsegmentator_names_are_the_provided_masks(phantom_dir: Path, tmp_path: Path, written: str,
                                                                   organ: str, question: str) -> None:
    case = copy_case(phantom_dir, tmp_path)
    masks = case / "segmentations"
    (masks / f"{organ}.nii.gz").rename(masks / f"{written}.nii.gz")
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(masks)}], "question": question})
    assert result.status == "answered", result.reasons
    backends = {e.provenance.get("backend") for e in result.evidence
                if e.agent == "segmentation" and e.name == "present" and str(e.provenance.get("mask")).endswith(f":{organ}")}
    assert backends == {"provided"}, backends
    asked = "gall_bladder" if "gall" in question else "kidney_left"
    assert value(result, "volume_ml", asked) == pytest.approx(truth(phantom_dir, asked), rel=1e-6)


def test_two_files_naming_one_structure_are_refused(phantom_dir: Path, tmp_path: Path) -> None:
    case = copy_case(phantom_dir, tmp_path)
    masks = case / "segmentations"
    mask = nib.load(str(masks / "gall_bladder.nii.gz"))  # another mask of it (a second export), not a copy
    grown = np.asarray(mask.dataobj).astype(bool)
    grown[1:] |= grown[:-1]
    nib.save(nib.Nifti1Image(grown.astype(np.uint8), mask.affine), str(masks / "gallbladder.nii.gz"))
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(masks)}],
                       "question": "What is the gall bladder volume?"})
    assert result.status != "answered"
    assert any("both hold the gall_bladder mask" in r for r in result.reasons + [result.answer or ""]), result.reasons


@pytest.mark.parametrize(("compressed", "version"), [(True, 1), (False, 1), (True, 2), (False, 2)])
def test_a_nifti_without_its_extension_is_read_by_its_header(phantom_dir: Path, tmp_path: Path, compressed: bool,
                                                             version: int) -> None:
    source = nib.load(str(phantom_dir / "ct.nii.gz"))
    klass = nib.Nifti1Image if version == 1 else nib.Nifti2Image
    image = klass(np.asarray(source.dataobj), source.affine)
    raw = image.to_bytes()
    blob = tmp_path / "file-b93f4a74"
    blob.write_bytes(gzip.compress(raw) if compressed else raw)
    read, reference = read_image(blob), read_image(phantom_dir / "ct.nii.gz")
    assert np.array_equal(read.array, reference.array)
    assert np.allclose(read.affine, reference.affine)
    assert any("no NIfTI extension" in note for note in read.meta.get("read_notes", []))


def test_a_case_whose_ct_has_no_extension_is_answered(phantom_dir: Path, tmp_path: Path) -> None:
    case = copy_case(phantom_dir, tmp_path)
    (case / "ct.nii.gz").rename(case / "0a1b2c3d")
    result = run_case({"images": [{"path": str(case / "0a1b2c3d"), "masks": str(case / "segmentations")}],
                       "question": "What is the spleen volume in mL?"})
    assert result.status == "answered", result.reasons
    assert value(result, "volume_ml", "spleen") == pytest.approx(truth(phantom_dir, "spleen"), rel=1e-6)


@pytest.mark.parametrize("name", ["ct.nii.zst", "ct.zst", "scan"])
def test_a_zstandard_file_is_named_as_such(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x28\xb5\x2f\xfd" + bytes(range(200)))
    result = run_case({"images": [{"path": str(path)}], "question": "What is the spleen volume in mL?"})
    assert result.status == "rejected"
    assert any("Zstandard" in r for r in result.reasons), result.reasons


def _one_file(case: Path, kind: str) -> tuple[Path, str]:
    if kind == "seg_nrrd":
        path = case / "Segmentation.seg.nrrd"
        path.write_bytes(b"NRRD0004\n# Complete NRRD file format specification at:\ntype: unsigned char\n"
                         b"dimension: 3\nSegment0_Name:=spleen\nencoding: gzip\n\n" + gzip.compress(bytes(64)))
        return path, "NRRD"
    if kind == "nifti":
        return case / "segmentations" / "spleen.nii.gz", "one NIfTI file"
    path = case / "RS.dcm"
    shutil.copy(get_testdata_file("rtstruct.dcm"), path)
    return path, "contours, not masks"


@pytest.mark.parametrize(("kind", "organ"), [("seg_nrrd", "spleen"), ("nifti", "liver"), ("rtstruct", "kidney_right")])
def test_a_masks_file_that_is_not_a_dicom_seg_is_refused_naming_it(phantom_dir: Path, tmp_path: Path, kind: str,
                                                                  organ: str) -> None:
    case = copy_case(phantom_dir, tmp_path)
    path, words = _one_file(case, kind)
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(path)}],
                       "question": f"What is the {organ.replace('_', ' ')} volume in mL?"})
    assert result.status == "rejected", (result.status, result.reasons)
    assert any(f"masks file {path.name!r} is not a mask" in r and words in r for r in result.reasons), result.reasons


@pytest.mark.parametrize(("text", "cause"), [
    ('{\n  // spleen follow-up\n  "question": "What is the spleen volume?"\n}', "a comment"),
    ('{"question": "What is the spleen volume?"}  # follow-up', "a comment"),
    ('{\n  /* block */ "question": "q"\n}', "a comment"),
    ('{"images": [{"path": "ct.nii.gz"},\n], "question": "q"}', "a trailing comma"),
    ('{"question": "What is the spleen volume?",\n}', "a trailing comma"),
])
def test_a_case_file_with_a_comment_or_a_trailing_comma_names_the_cause(tmp_path: Path, text: str, cause: str) -> None:
    from core.case import Case, InvalidCaseError

    path = tmp_path / "case.json"
    path.write_text(text)
    with pytest.raises(InvalidCaseError, match=f"{cause}.*which JSON does not allow"):
        Case.load(path)


def test_a_plain_json_error_gets_no_invented_cause(tmp_path: Path) -> None:
    from core.case import Case, InvalidCaseError

    path = tmp_path / "case.json"
    path.write_text('{"question" "What is the spleen volume?"}')
    with pytest.raises(InvalidCaseError) as caught:
        Case.load(path)
    assert "does not allow" not in str(caught.value)
