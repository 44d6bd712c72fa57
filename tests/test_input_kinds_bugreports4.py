"""Input kinds a fresh helper rebuilt from public bug reports (set 4), each varied so the rule passes.

Every test copies the session's phantom case (`phantom_dir`, conftest) before changing a file.

- a .nii.gz of several gzip members (pigz, bgzip, ``cat a.gz b.gz``) is read whole: its trailer holds only
  the last member's size (nibabel#1162, nibabel#806);
- a qform quaternion rounded by its writer (b² + c² + d² a little over 1) is read as the NIfTI reference
  library reads it, renormalised (nibabel#1034, ITK#2421);
- intensities shifted below air (a rescale intercept applied twice) are refused as not Hounsfield units
  (dcm2niix#246, Slicer#5178);
- an RGB colour NIfTI is refused as a picture (nibabel#1126);
- a mask cropped to its bounding box on the image's own voxel lattice is placed voxel for voxel (Slicer#6254);
- NRRD, MetaImage, HDF5 and NumPy files are named; a URL in a case is refused as not a local path;
- a decimal comma in a DICOM decimal string is refused naming the attribute (dcmjs#114, pydicom#1264);
- a dual-energy series (two tube voltages at every position) is two volumes, chosen with ``#kvp=`` (dcm2niix#484).
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
from pydantic import ValidationError

from core.case import Case
from imaging.volume import ImageReadError, read_image
from synthetic.dicom_series import write_dicom_series


@pytest.fixture(scope="module")
def series(phantom_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    img = nib.as_closest_canonical(nib.load(str(phantom_dir / "ct.nii.gz")))
    folder = tmp_path_factory.mktemp("series4") / "dicom"
    write_dicom_series(np.asarray(img.dataobj, dtype=np.float32), img.affine, folder, patient_id="P4", study="S")
    return folder


def _run(case: Path, question: str, image: str = "ct.nii.gz", masks: str | None = "segmentations") -> object:
    from orchestrator.api import run

    ref = {"path": str(case / image), "modality": "CT"} | ({"masks": str(case / masks)} if masks else {})
    return run({"case_id": "kinds4", "question": question, "images": [ref]})


def _volume(result: object, organ: str) -> float:
    return next(e.value for e in result.evidence if e.name == "volume_ml" and e.target == organ)


@pytest.mark.parametrize("members", [2, 5, 9])
def test_a_multi_member_gzip_nifti_is_read_whole(phantom_dir: Path, tmp_path: Path, members: int) -> None:
    case = Path(shutil.copytree(phantom_dir, tmp_path / "case"))
    raw = gzip.decompress((phantom_dir / "ct.nii.gz").read_bytes())
    cuts = np.linspace(0, len(raw), members + 1).astype(int)
    (case / "ct.nii.gz").write_bytes(b"".join(gzip.compress(raw[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)))
    assert np.array_equal(read_image(case / "ct.nii.gz").array, read_image(phantom_dir / "ct.nii.gz").array)
    truth = json.loads((phantom_dir / "ground_truth.json").read_text())["organs"]["spleen"]["volume_ml"]
    result = _run(case, "What is the spleen volume in mL?")
    assert result.status == "answered", result.reasons
    assert _volume(result, "spleen") == pytest.approx(truth, rel=1e-3)


def test_a_truncated_multi_member_gzip_is_still_refused(phantom_dir: Path, tmp_path: Path) -> None:
    case = Path(shutil.copytree(phantom_dir, tmp_path / "case"))
    raw = gzip.decompress((phantom_dir / "ct.nii.gz").read_bytes())
    half = len(raw) // 2
    whole = gzip.compress(raw[:half]) + gzip.compress(raw[half:])
    (case / "ct.nii.gz").write_bytes(whole[: len(whole) * 3 // 4])
    result = _run(case, "What is the spleen volume in mL?")
    assert result.status == "rejected"
    assert any("ct.nii.gz" in r and ("announces" in r or "truncated" in r) for r in result.reasons), result.reasons


def _qform_only(img: nib.Nifti1Image, path: Path, excess: float) -> None:
    """`img` saved with its qform alone, quatern_b/c/d scaled so that b² + c² + d² = 1 + `excess` (was 1)."""
    out = nib.Nifti1Image(np.asarray(img.dataobj), img.affine)
    out.set_qform(img.affine, code=1)
    out.set_sform(None, code=0)
    raw = bytearray(out.to_bytes())
    bcd = np.frombuffer(bytes(raw[256:268]), "<f4").astype(np.float64)  # quatern_b, c, d (NIfTI-1 offsets)
    assert abs(float(bcd @ bcd) - 1) < 1e-6, "test orientation must be a half turn (a = 0)"
    raw[256:268] = (bcd * np.sqrt(1 + excess)).astype("<f4").tobytes()
    path.write_bytes(gzip.compress(bytes(raw)))


@pytest.mark.parametrize("excess", [2e-7, 1.9e-6, 5e-5])
@pytest.mark.parametrize("axes", ["LPS", "LAS"])
def test_a_rounded_qform_quaternion_is_read_as_the_reference_library_does(phantom_dir: Path, tmp_path: Path,
                                                                         excess: float, axes: str) -> None:
    ras = nib.as_closest_canonical(nib.load(str(phantom_dir / "ct.nii.gz")))
    target = nib.orientations.axcodes2ornt(tuple(axes))
    img = ras.as_reoriented(nib.orientations.ornt_transform(nib.orientations.axcodes2ornt(("R", "A", "S")), target))
    _qform_only(img, tmp_path / "ct.nii.gz", excess)
    got, want = read_image(tmp_path / "ct.nii.gz"), read_image(phantom_dir / "ct.nii.gz")
    assert np.allclose(got.affine, want.affine, atol=1e-3) and np.array_equal(got.array, want.array)


def test_a_qform_that_is_no_rotation_is_still_refused(phantom_dir: Path, tmp_path: Path) -> None:
    ras = nib.as_closest_canonical(nib.load(str(phantom_dir / "ct.nii.gz")))
    img = ras.as_reoriented(nib.orientations.ornt_transform(nib.orientations.axcodes2ornt(("R", "A", "S")),
                                                            nib.orientations.axcodes2ornt(("L", "P", "S"))))
    _qform_only(img, tmp_path / "ct.nii.gz", 0.3)
    with pytest.raises(ImageReadError, match="w2|quatern"):
        read_image(tmp_path / "ct.nii.gz")


@pytest.mark.parametrize(("shift", "padding"), [(-1024, None), (-1024, -3024), (-2000, None), (-600, None)])
def test_intensities_shifted_below_air_are_refused_as_not_hounsfield_units(phantom_dir: Path, tmp_path: Path,
                                                                          shift: int, padding: int | None) -> None:
    case = Path(shutil.copytree(phantom_dir, tmp_path / "case"))
    img = nib.load(str(case / "ct.nii.gz"))
    hu = np.asarray(img.dataobj).astype(np.int16)
    if padding is not None:
        hu[:12], hu[-12:] = padding - shift, padding - shift  # padding stored so that it lands on `padding`
    out = nib.Nifti1Image(hu, img.affine)
    out.header.set_slope_inter(1.0, float(shift))  # the voxels already hold HU: the intercept is applied twice
    nib.save(out, str(case / "ct.nii.gz"))
    result = _run(case, "What is the mean attenuation of the liver in HU?")
    assert result.status == "rejected"
    assert any("not Hounsfield units" in r and "below air" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize("padding", [-2000, -3024])
def test_one_padding_value_outside_the_field_of_view_is_not_a_shift(phantom_dir: Path, tmp_path: Path, padding: int) -> None:
    from agents.triage_checks.pixels import pixel_stats

    img = read_image(phantom_dir / "ct.nii.gz")
    array = img.array.copy()
    i, j = np.ogrid[: array.shape[0], : array.shape[1]]
    outside = (i - array.shape[0] / 2) ** 2 + (j - array.shape[1] / 2) ** 2 > (0.45 * min(array.shape[:2])) ** 2
    array[outside] = padding
    img.array = array
    assert pixel_stats(img).verdict == "ct" and pixel_stats(img).shifted_share == 0


@pytest.mark.parametrize("datatype", ["RGB", "RGBA"])
def test_a_colour_nifti_is_refused_as_a_picture(phantom_dir: Path, tmp_path: Path, datatype: str) -> None:
    hu = np.asarray(nib.load(str(phantom_dir / "ct.nii.gz")).dataobj, dtype=np.float32)
    grey = np.clip((hu + 160) / 400 * 255, 0, 255).astype(np.uint8)
    names = list(datatype)
    rgb = np.zeros(hu.shape, dtype=[(n, "u1") for n in names])
    for n in names:
        rgb[n] = grey
    nib.save(nib.Nifti1Image(rgb, nib.load(str(phantom_dir / "ct.nii.gz")).affine), str(tmp_path / "ct.nii.gz"))
    with pytest.raises(ImageReadError, match="RGB colour image"):
        read_image(tmp_path / "ct.nii.gz")


def _crop(mask_path: Path, margin: int, axes: str) -> None:
    """The mask cut to its bounding box plus `margin` voxels, stored in orientation `axes`, origin moved to the crop."""
    img = nib.load(str(mask_path))
    data = np.asarray(img.dataobj)
    box = [slice(max(0, a.min() - margin), b.max() + margin + 1) for a, b in zip(*[np.nonzero(data)] * 2, strict=True)]
    crop = img.slicer[tuple(box)]
    start = nib.orientations.io_orientation(crop.affine)
    crop = crop.as_reoriented(nib.orientations.ornt_transform(start, nib.orientations.axcodes2ornt(tuple(axes))))
    nib.save(nib.Nifti1Image(np.asarray(crop.dataobj), crop.affine), str(mask_path))


@pytest.mark.parametrize(("organ", "margin", "axes"), [("spleen", 3, "LPS"), ("spleen", 0, "RAS"),
                                                       ("liver", 2, "LAS"), ("kidney_left", 5, "RPI")])
def test_a_mask_cropped_on_the_image_lattice_is_placed_voxel_for_voxel(phantom_dir: Path, tmp_path: Path, organ: str,
                                                                       margin: int, axes: str) -> None:
    case = Path(shutil.copytree(phantom_dir, tmp_path / "case"))
    _crop(case / "segmentations" / f"{organ}.nii.gz", margin, axes)
    truth = json.loads((phantom_dir / "ground_truth.json").read_text())["organs"][organ]["volume_ml"]
    name = organ.replace("_", " ").replace("kidney left", "left kidney")
    result = _run(case, f"What is the {name} volume in mL?")
    assert result.status == "answered", result.reasons
    assert _volume(result, organ) == pytest.approx(truth, rel=1e-6)


@pytest.mark.parametrize("kind", ["half_voxel", "other_spacing", "image_header_copied"])
def test_a_crop_off_the_image_lattice_is_still_refused(phantom_dir: Path, tmp_path: Path, kind: str) -> None:
    case = Path(shutil.copytree(phantom_dir, tmp_path / "case"))
    path = case / "segmentations" / "spleen.nii.gz"
    _crop(path, 2, "RAS")
    img = nib.load(str(path))
    affine = img.affine.copy()
    if kind == "half_voxel":
        affine[:3, 3] += affine[:3, :3] @ np.array([0.5, 0.0, 0.0])
    elif kind == "image_header_copied":  # a smaller array under the image's own affine (nnU-Net#1044)
        affine = nib.as_closest_canonical(nib.load(str(case / "ct.nii.gz"))).affine
    else:
        affine[:3, :3] *= 0.75
    nib.save(nib.Nifti1Image(np.asarray(img.dataobj), affine), str(path))
    result = _run(case, "What is the spleen volume in mL?")
    assert result.status == "rejected"
    assert any("spleen.nii.gz" in r and "cannot be used" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize(("name", "head", "said"), [("ct.nrrd", b"NRRD0004\n# Complete NRRD file format\n", "NRRD"),
                                                    ("ct.mha", b"ObjectType = Image\nNDims = 3\n", "MetaImage"),
                                                    ("ct.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 32, "HDF5"),
                                                    ("ct.npy", b"\x93NUMPY\x01\x00v\x00{'descr': '<i2'", "NumPy")])
def test_other_image_formats_are_named(tmp_path: Path, name: str, head: bytes, said: str) -> None:
    (tmp_path / name).write_bytes(head + b"\0" * 4096)
    with pytest.raises(ImageReadError, match=said):
        read_image(tmp_path / name)


@pytest.mark.parametrize("field", ["path", "masks"])
@pytest.mark.parametrize("url", ["https://imaging.example.org/studies/8841/ct.nii.gz", "s3://bucket/ct.nii.gz",
                                 "file:///data/ct.nii.gz", " http://10.0.0.2/seg/"])
def test_a_url_in_a_case_is_refused_as_not_a_local_path(field: str, url: str) -> None:
    ref = {"path": "ct.nii.gz", "masks": "segmentations"} | {field: url}
    with pytest.raises(ValidationError, match="a URL .* not a local path"):
        Case.model_validate({"case_id": "u", "images": [ref]})
    assert Case.model_validate({"case_id": "w", "images": [{"path": "C:/scans/ct.nii.gz"}]}).images[0].path


def _rewrite(folder: Path, target: Path, edit) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("*.dcm")):
        edit(pydicom.dcmread(path), target / path.name)
    return target


@pytest.mark.parametrize(("keyword", "value"), [("PixelSpacing", "2,0\\2,0"), ("SliceThickness", "5,0"),
                                                ("ImagePositionPatient", "-156,5\\-87\\-485")])
def test_a_decimal_comma_in_the_geometry_is_refused_naming_it(series: Path, tmp_path: Path, keyword: str,
                                                              value: str) -> None:
    def edit(ds: pydicom.Dataset, path: Path) -> None:
        tag = pydicom.datadict.tag_for_keyword(keyword)
        text = value.encode() + b" " * (len(value) % 2)
        ds[tag] = pydicom.dataelem.RawDataElement(pydicom.tag.Tag(tag), "DS", len(text), text, 0, False, True)
        ds.save_as(path, enforce_file_format=True)
        assert value.encode() in path.read_bytes()

    folder = _rewrite(series, tmp_path / "comma", edit)
    with pytest.raises(ImageReadError, match=f"{keyword} .* not a DICOM decimal string \\(a decimal comma\\)"):
        read_image(folder)


def test_a_dual_energy_series_is_two_volumes_chosen_by_tube_voltage(series: Path, tmp_path: Path) -> None:
    target = tmp_path / "dual"
    target.mkdir()
    for n, path in enumerate(sorted(series.glob("*.dcm"))):
        for kvp, gain in ((140, 1.0), (80, 1.3)):
            ds = pydicom.dcmread(path)
            hu = ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
            hu = np.where(hu > -200, hu * gain, hu)
            ds.PixelData = np.round((hu - float(ds.RescaleIntercept)) / float(ds.RescaleSlope)).astype(
                ds.pixel_array.dtype).tobytes()
            ds.KVP, ds.InstanceNumber = kvp, 2 * n + (kvp == 80) + 1
            ds.SOPInstanceUID = pydicom.uid.generate_uid()
            ds.save_as(target / f"{kvp}_{path.name}", enforce_file_format=True)
    with pytest.raises(ImageReadError, match="2 volumes under one series.*kvp=140 kV.*#kvp="):
        read_image(target)
    high, low = read_image(f"{target}#kvp=140"), read_image(f"{target}#kvp=80")
    assert np.allclose(high.array, read_image(series).array, atol=0.5)
    assert float(low.array.max()) > float(high.array.max())


def test_reconstruction_noise_below_air_beside_soft_tissue_is_still_ct() -> None:
    """A real head CT (pydicom-data 693_UNCI) whose outside reaches -3995 HU in 2,000 values keeps its CT verdict."""
    from pydicom.data import get_testdata_file

    from agents.triage_checks.pixels import pixel_stats

    stats = pixel_stats(read_image(get_testdata_file("693_UNCI.dcm")))
    assert stats.shifted_share == 0 and stats.verdict != "not_ct"


@pytest.mark.parametrize("fill", [np.nan, np.inf])
def test_no_finite_voxel_is_judged_without_an_escape(fill: float) -> None:
    """A volume whose every voxel is NaN (or inf): nothing below air, nothing shifted (the fuzzer's escape)."""
    from agents.triage_checks.pixels import pixel_stats, shifted_share
    from imaging.volume import Image

    array = np.full((16, 16, 4), fill, dtype=np.float32)
    assert shifted_share(array[np.isfinite(array)]) == (0.0, 0.0)
    assert pixel_stats(Image(array=array, affine=np.eye(4), spacing=(1.0, 1.0, 1.0))).verdict == "unknown"


def test_a_url_case_is_refused_by_the_cli_with_exit_2(tmp_path: Path) -> None:
    """The command a user runs: a one-line error naming the URL, exit 2, no network, no traceback."""
    from typer.testing import CliRunner

    from orchestrator.cli import app

    case = tmp_path / "case.json"
    case.write_text(json.dumps({"case_id": "url", "question": "What is the spleen volume in mL?",
                                "images": [{"path": "https://imaging.example.org/studies/8841/ct.nii.gz"}]}))
    result = CliRunner().invoke(app, ["run", str(case), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "a URL" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["rgb", "nrrd", "decimal_comma"])
def test_unreadable_kinds_are_rejected_end_to_end_with_their_reason(phantom_dir: Path, series: Path, tmp_path: Path,
                                                                    kind: str) -> None:
    """Through the real agents (`orchestrator.run`): a rejection whose reason names the kind, never an answer."""
    from orchestrator.api import run

    if kind == "rgb":
        img = nib.load(str(phantom_dir / "ct.nii.gz"))
        rgb = np.zeros(img.shape, dtype=[("R", "u1"), ("G", "u1"), ("B", "u1")])
        nib.save(nib.Nifti1Image(rgb, img.affine), str(tmp_path / "ct.nii.gz"))
        path, said = tmp_path / "ct.nii.gz", "RGB colour image"
    elif kind == "nrrd":
        (tmp_path / "ct.nrrd").write_bytes(b"NRRD0004\n# Complete NRRD file format\n" + b"\0" * 4096)
        path, said = tmp_path / "ct.nrrd", "an NRRD image"
    else:
        def edit(ds: pydicom.Dataset, out: Path) -> None:
            tag = pydicom.datadict.tag_for_keyword("PixelSpacing")
            ds[tag] = pydicom.dataelem.RawDataElement(pydicom.tag.Tag(tag), "DS", 8, b"2,0\\2,0 ", 0, False, True)
            ds.save_as(out, enforce_file_format=True)

        path, said = _rewrite(series, tmp_path / "comma", edit), "PixelSpacing '2,0' is not a DICOM decimal string"
    result = run({"case_id": f"e2e-{kind}", "question": "What is the spleen volume in mL?",
                  "images": [{"path": str(path), "modality": "CT"}]})
    assert result.status == "rejected" and result.answer is None
    assert any(said in r for r in result.reasons), result.reasons
