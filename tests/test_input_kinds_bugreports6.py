"""Input kinds a fresh helper rebuilt from public bug reports (set 6), each varied so the rule passes.

Every test copies or rewrites the session's phantom case (`phantom_dir`, conftest) before changing a file.

- gzip content under an uncompressed ``.nii`` name is decompressed, not read as a header (nibabel#1069);
- an sform marked valid but singular gives way to the qform, or to pixdim (nibabel#1150);
- a float mask whose background is NaN (or infinity) is refused naming the non-finite values (MONAI#4539);
- an inverted organ mask (marks the grid's corners and most of it) is refused naming the inversion (Slicer#5672);
- a masks folder holding DICOM SEG objects is read as the SEG file is (OHIF and Slicer exports);
- a case file in UTF-16 or UTF-32 is read (json's own detection); a blank question is refused;
- a prior that repeats a current image voxel for voxel is refused (one study compared with itself);
- DICOM slices of one series that differ in pixel spacing or Frame of Reference are refused naming it, and
  Float / Double Float Pixel Data (7FE0,0008 / 0009) is read as the integer series is (pydicom#1270, dcm2niix#272).
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest

from core.case import Case, InvalidCaseError
from imaging.masks import inverted_mask_problem, read_mask
from imaging.volume import ImageReadError, read_image
from synthetic.dicom_series import write_dicom_series
from tests.phantom_inputs import copy_case, reoriented, run_case, truth, value


@pytest.mark.parametrize(("axes", "name"), [("RAS", "ct.nii"), ("LPS", "scan.nii"), ("PIR", "CT.NII")])
def test_gzip_content_under_an_uncompressed_name_is_decompressed(phantom_dir: Path, tmp_path: Path, axes: str,
                                                                 name: str) -> None:
    plain = tmp_path / "plain.nii"
    nib.save(reoriented(phantom_dir, axes), str(plain))
    (tmp_path / name).write_bytes(gzip.compress(plain.read_bytes()))
    image, single = read_image(tmp_path / name), read_image(phantom_dir / "ct.nii.gz")
    assert np.array_equal(image.array, single.array) and np.allclose(image.affine, single.affine)
    assert "gzip-compressed content" in image.meta["read_notes"][0]


@pytest.mark.parametrize("broken", ["zeros", "nan", "rank2"])
@pytest.mark.parametrize("axes", ["RAS", "LPS"])
def test_a_singular_sform_gives_way_to_the_qform(phantom_dir: Path, tmp_path: Path, broken: str, axes: str) -> None:
    img = reoriented(phantom_dir, axes)
    good = read_image(phantom_dir / "ct.nii.gz")
    sform = img.affine.copy()
    sform[:3, :3] = {"zeros": 0.0, "nan": np.nan, "rank2": sform[:3, :3] * np.array([1.0, 1.0, 0.0])}[broken]
    header = img.header.copy()
    header.set_qform(img.affine, code=1)
    header.set_sform(sform, code=1)
    path = tmp_path / "ct.nii.gz"
    nib.save(nib.Nifti1Image(np.asarray(img.dataobj), None, header), str(path))
    image = read_image(path)
    assert np.array_equal(image.array, good.array) and np.allclose(image.affine, good.affine, atol=1e-4)
    assert "singular" in image.meta["read_notes"][0] and "qform" in image.meta["read_notes"][0]


def test_a_singular_sform_without_a_qform_is_read_with_the_voxel_sizes(phantom_dir: Path, tmp_path: Path) -> None:
    img = nib.load(str(phantom_dir / "ct.nii.gz"))
    header = img.header.copy()
    header.set_qform(None, code=0)
    header.set_sform(np.zeros((4, 4)), code=2)
    path = tmp_path / "ct.nii.gz"
    nib.save(nib.Nifti1Image(np.asarray(img.dataobj), None, header), str(path))
    image = read_image(path)
    assert np.allclose(image.spacing, img.header.get_zooms()[:3]) and "pixdim" in image.meta["read_notes"][0]


@pytest.mark.parametrize(("organ", "fill"), [("spleen", np.nan), ("liver", np.inf), ("kidney_left", -np.inf)])
def test_a_mask_with_non_finite_background_is_refused_naming_it(phantom_dir: Path, tmp_path: Path, organ: str,
                                                                fill: float) -> None:
    case = copy_case(phantom_dir, tmp_path)
    path = case / "segmentations" / f"{organ}.nii.gz"
    img = nib.load(str(path))
    data = np.where(np.asarray(img.dataobj) > 0, 1.0, fill).astype(np.float32)
    nib.save(nib.Nifti1Image(data, img.affine), str(path))
    with pytest.raises(ImageReadError, match="non-finite values"):
        read_mask(path)
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                   "question": f"What is the {organ.replace('_', ' ')} volume?"})
    assert result.status == "rejected" and any("non-finite" in r for r in result.reasons)


@pytest.mark.parametrize("organ", ["spleen", "liver", "kidney_right"])
def test_an_inverted_organ_mask_is_refused_naming_the_inversion(phantom_dir: Path, tmp_path: Path, organ: str) -> None:
    case = copy_case(phantom_dir, tmp_path)
    path = case / "segmentations" / f"{organ}.nii.gz"
    img = nib.load(str(path))
    nib.save(nib.Nifti1Image((np.asarray(img.dataobj) == 0).astype(np.uint8), img.affine), str(path))
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                   "question": f"What is the {organ.replace('_', ' ')} volume in mL?"})
    assert result.status == "rejected" and any("inverted mask" in r for r in result.reasons)


def test_what_an_inverted_mask_is() -> None:
    grid = np.ones((40, 30, 20), dtype=bool)
    grid[10:20, 10:20, 5:10] = False
    assert "inverted" in inverted_mask_problem(grid, "spleen")
    assert inverted_mask_problem(grid, "body") is None  # a body mask may fill a grid cropped inside the body
    grid[0, 0, 0] = False  # one corner free: an organ may touch the border, never fill every corner
    assert inverted_mask_problem(grid, "spleen") is None
    assert inverted_mask_problem(~grid, "liver") is None


@pytest.mark.parametrize("organs", [("spleen",), ("spleen", "liver", "kidney_left")])
def test_a_masks_folder_holding_a_dicom_seg_is_read(phantom_dir: Path, tmp_path: Path, organs: tuple[str, ...]) -> None:
    from orchestrator.reports.masks import write_dicom_seg

    ct = read_image(phantom_dir / "ct.nii.gz")
    series = tmp_path / "series"
    write_dicom_series(ct.array, ct.affine, series, patient_id="P-6", study="1")
    image = read_image(series)
    masks = {o: read_mask(phantom_dir / "segmentations" / f"{o}.nii.gz") for o in organs}
    written = write_dicom_seg(image, masks, tmp_path / "exported", "kinds6", backend="provided",
                              source_path=str(series))
    folder = tmp_path / "masks"
    folder.mkdir()
    shutil.move(written.path, folder / "Segmentation export.dcm")
    for organ in organs:
        result = run_case({"images": [{"path": str(series), "masks": str(folder)}],
                       "question": f"What is the {organ.replace('_', ' ')} volume in mL?"})
        assert result.status == "answered", result.reasons
        assert value(result, "volume_ml", organ) == pytest.approx(truth(phantom_dir, organ), rel=0.02)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_case_file_in_utf16_or_utf32_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "case.json"
    text = json.dumps({"case_id": "c", "question": "Wie groß ist die Milz? ½ Minute", "images": []}, ensure_ascii=False)
    path.write_bytes(text.encode(encoding))
    assert Case.load(path).question == "Wie groß ist die Milz? ½ Minute"


def test_a_case_file_in_another_single_byte_encoding_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_bytes('{"case_id": "c", "question": "What\x92s the spleen volume?"}'.encode("latin-1"))
    with pytest.raises(InvalidCaseError, match="not a readable case JSON"):
        Case.load(path)


@pytest.mark.parametrize("question", ["", "   ", " \n\t ", "\u3000"])
def test_a_blank_question_is_refused_naming_it(question: str) -> None:
    with pytest.raises(ValueError, match="the question is empty"):
        Case(case_id="c", question=question)


def test_cli_refuses_a_blank_question_with_exit_2(phantom_dir: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from orchestrator.cli import app

    case = tmp_path / "case.json"
    case.write_text(json.dumps({"case_id": "c", "question": " \t", "images": [{"path": str(phantom_dir / "ct.nii.gz")}]}))
    out = CliRunner().invoke(app, ["run", str(case), "--out", str(tmp_path / "out")])
    assert out.exit_code == 2 and "question is empty" in " ".join(out.output.split())


@pytest.mark.parametrize("as_dicom", [False, True])
def test_a_prior_repeating_the_current_voxels_is_rejected(phantom_dir: Path, tmp_path: Path, as_dicom: bool) -> None:
    ct = read_image(phantom_dir / "ct.nii.gz")
    if as_dicom:
        current, prior = tmp_path / "current", tmp_path / "prior"
        write_dicom_series(ct.array, ct.affine, current, patient_id="P-6", study="2")
        write_dicom_series(ct.array, ct.affine, prior, patient_id="P-6", study="1")
    else:
        current, prior = phantom_dir / "ct.nii.gz", tmp_path / "prior_export.nii.gz"
        nib.save(reoriented(phantom_dir, "LPS"), str(prior))  # the same voxels stored another way
    result = run_case({"images": [{"path": str(current), "masks": str(phantom_dir / "segmentations")},
                              {"path": str(prior), "role": "prior", "masks": str(phantom_dir / "segmentations")}],
                   "question": "Has the spleen volume changed since the prior study?"})
    assert result.status == "rejected" and any("same voxels" in r for r in result.reasons)


def test_a_prior_differing_in_noise_only_is_not_taken_for_acopy_case(phantom_dir: Path, tmp_path: Path) -> None:
    img = nib.load(str(phantom_dir / "ct.nii.gz"))
    data = np.asarray(img.dataobj).copy()
    data[tuple(s // 2 for s in data.shape)] += 1  # one voxel differs
    nib.save(nib.Nifti1Image(data, img.affine, img.header), str(tmp_path / "prior.nii.gz"))
    result = run_case({"images": [{"path": str(phantom_dir / "ct.nii.gz"), "masks": str(phantom_dir / "segmentations")},
                              {"path": str(tmp_path / "prior.nii.gz"), "role": "prior",
                               "masks": str(phantom_dir / "segmentations")}],
                   "question": "Has the spleen volume changed since the prior study?"})
    assert not any("same voxels" in r for r in result.reasons)


def _series(phantom_dir: Path, folder: Path) -> list[Path]:
    ct = read_image(phantom_dir / "ct.nii.gz")
    write_dicom_series(ct.array, ct.affine, folder, patient_id="P-6", study="1")
    return sorted(folder.iterdir())


def _edit(files: list[Path], edit) -> None:
    for f in files:
        ds = pydicom.dcmread(str(f))
        edit(ds)
        ds.save_as(str(f))


@pytest.mark.parametrize(("where", "spacing"), [(slice(10, 20), ["2.5", "2.5"]), (slice(0, 1), ["1", "1"]),
                                                (slice(-3, None), ["0.8", "0.8"])])
def test_slices_differing_in_pixel_spacing_are_refused(phantom_dir: Path, tmp_path: Path, where: slice,
                                                       spacing: list[str]) -> None:
    files = _series(phantom_dir, tmp_path / "s")

    def edit(ds: pydicom.Dataset) -> None:
        ds.PixelSpacing = spacing

    _edit(files[where], edit)
    with pytest.raises(ImageReadError, match=r"differ in pixel spacing \(0028,0030\)"):
        read_image(tmp_path / "s")


@pytest.mark.parametrize("where", [slice(0, 5), slice(20, None)])
def test_slices_in_two_frames_of_reference_are_refused(phantom_dir: Path, tmp_path: Path, where: slice) -> None:
    files = _series(phantom_dir, tmp_path / "s")

    def edit(ds: pydicom.Dataset) -> None:
        ds.FrameOfReferenceUID = pydicom.uid.generate_uid(entropy_srcs=["other frame"])

    _edit(files[where], edit)
    with pytest.raises(ImageReadError, match="Frame of Reference UID"):
        read_image(tmp_path / "s")


@pytest.mark.parametrize(("keyword", "dtype"), [("FloatPixelData", np.float32), ("DoubleFloatPixelData", np.float64)])
def test_float_pixel_data_is_read_as_the_integer_series(phantom_dir: Path, tmp_path: Path, keyword: str,
                                                        dtype: type) -> None:
    files = _series(phantom_dir, tmp_path / "s")
    reference = read_image(tmp_path / "s")

    def edit(ds: pydicom.Dataset) -> None:
        values = ds.pixel_array.astype(dtype) * float(ds.get("RescaleSlope", 1)) + float(ds.get("RescaleIntercept", 0))
        for name in ("PixelData", "RescaleSlope", "RescaleIntercept", "PixelRepresentation", "BitsStored", "HighBit"):
            if name in ds:
                del ds[name]
        ds.BitsAllocated = 32 if dtype == np.float32 else 64
        setattr(ds, keyword, values.tobytes())
        ds[keyword].VR = "OF" if dtype == np.float32 else "OD"

    _edit(files, edit)
    image = read_image(tmp_path / "s")
    assert np.allclose(image.array, reference.array) and np.allclose(image.affine, reference.affine)


@pytest.mark.parametrize(("field", "value"), [("history", "prior bleed"), ("age", 61), ("labs", {"AFP": 12})])
def test_a_context_field_at_the_top_level_says_where_it_belongs(field: str, value: object) -> None:
    from pydantic import ValidationError

    from core.case import describe_invalid_case

    with pytest.raises(ValidationError) as raised:
        Case.model_validate({"case_id": "c", field: value})
    message = describe_invalid_case(raised.value)
    assert f"{field}: not a field here" in message and f'{{"context": {{"{field}": ...}}}}' in message
    assert str(value) not in message  # the value (free text that may name the patient) is never echoed
