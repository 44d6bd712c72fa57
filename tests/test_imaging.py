"""Image I/O on real files shipped with pydicom and nibabel, and on files written here."""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest
from pydicom.data import get_testdata_file

from core.store import ArtifactStore
from imaging.masks import read_mask
from imaging.volume import ImageReadError, read_image, write_nifti

NIBABEL_DATA = Path(nib.__file__).parent / "tests" / "data"


def test_ct_small_is_in_hounsfield_units_with_header_geometry() -> None:
    path = get_testdata_file("CT_small.dcm")
    ds = pydicom.dcmread(path)
    image = read_image(path)
    assert image.modality == "CT"
    assert image.array.shape == (128, 128, 1)
    assert image.spacing == pytest.approx((0.661468, 0.661468, 5.0))
    raw = ds.pixel_array.astype(float)
    expected = raw * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    # canonical RAS holds the same values, possibly flipped: compare the multiset and the extremes
    assert image.array.min() == pytest.approx(expected.min())
    assert image.array.max() == pytest.approx(expected.max())
    assert float(ds.RescaleIntercept) != 0.0  # the file really exercises the rescale


def test_dicom_series_is_sorted_by_position_with_its_spacing(tmp_path: Path) -> None:
    """Slices written in shuffled order with known positions come back in anatomical order."""
    template = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    positions = [-40.0, -37.5, -35.0, -32.5, -30.0]
    order = [3, 0, 4, 1, 2]
    for n, idx in enumerate(order):
        ds = template.copy()
        ds.ImagePositionPatient = [0.0, 0.0, positions[idx]]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.SliceLocation = positions[idx]
        arr = np.full((128, 128), 100 * idx, dtype=np.int16) - int(template.RescaleIntercept)
        ds.PixelData = arr.astype(template.pixel_array.dtype).tobytes()
        ds.SOPInstanceUID = pydicom.uid.generate_uid()
        ds.save_as(tmp_path / f"slice_{n}.dcm")
    image = read_image(tmp_path)
    assert image.array.shape == (128, 128, 5)
    assert image.spacing == pytest.approx((0.661468, 0.661468, 2.5))
    # k increases toward superior: slice k holds the k-th most inferior position
    assert [float(image.array[0, 0, k]) for k in range(5)] == pytest.approx([0, 100, 200, 300, 400])
    assert image.meta["slice_gap_min_mm"] == pytest.approx(2.5)
    assert image.meta["slice_gap_max_mm"] == pytest.approx(2.5)


def test_real_series_with_missing_slices_reports_its_gaps() -> None:
    folder = Path(get_testdata_file("CT_small.dcm")).parent / "dicomdirtests" / "77654033" / "CT2"
    image = read_image(folder)
    assert image.array.shape[2] == 4
    assert image.meta["slice_gap_max_mm"] > 10 * image.meta["slice_gap_min_mm"]


def test_nifti_affine_and_canonical_orientation() -> None:
    path = NIBABEL_DATA / "anatomical.nii"
    image = read_image(path)
    raw = nib.load(str(path))
    assert image.meta["file_axcodes"] == "".join(nib.aff2axcodes(raw.affine))
    assert nib.aff2axcodes(image.affine) == ("R", "A", "S")
    assert image.spacing == pytest.approx(raw.header.get_zooms()[:3])
    assert image.array.sum() == pytest.approx(np.asarray(raw.dataobj, dtype=np.float64).sum(), rel=1e-5)


@pytest.mark.parametrize("codes", ["LPS", "RAS", "LAI", "PIR"])
def test_same_volume_any_file_orientation_reads_identically(tmp_path: Path, codes: str) -> None:
    rng = np.random.default_rng(0)
    ras = rng.normal(size=(6, 7, 8)).astype(np.float32)
    spacing = np.array([0.8, 0.9, 5.0])
    affine_ras = np.diag([*spacing, 1.0])
    affine_ras[:3, 3] = [-100.0, 50.0, 20.0]
    img = nib.Nifti1Image(ras, affine_ras)
    target = nib.orientations.axcodes2ornt(tuple(codes))
    transform = nib.orientations.ornt_transform(nib.orientations.io_orientation(affine_ras), target)
    reoriented = img.as_reoriented(transform)
    write_nifti(np.asarray(reoriented.dataobj), reoriented.affine, tmp_path / "v.nii.gz")
    image = read_image(tmp_path / "v.nii.gz")
    assert image.meta["file_axcodes"] == codes
    np.testing.assert_array_equal(image.array, ras)
    np.testing.assert_allclose(image.affine, affine_ras, atol=1e-5)
    assert image.spacing == pytest.approx(tuple(spacing))


def test_mask_reads_as_boolean_on_the_same_grid(tmp_path: Path) -> None:
    affine = np.diag([2.0, 2.0, 5.0, 1.0])
    data = np.zeros((4, 4, 3), np.uint8)
    data[1:3, 1:3, 1] = 1
    write_nifti(data, affine, tmp_path / "liver.nii.gz")
    mask = read_mask(tmp_path / "liver.nii.gz")
    assert mask.name == "liver" and mask.array.dtype == bool and int(mask.array.sum()) == 4
    assert mask.voxel_volume_ml == pytest.approx(0.02)


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"hello, not an image", "cannot read"), (b"", "cannot read")],
)
def test_non_image_files_raise_a_typed_error_naming_the_file(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(ImageReadError, match="notes.txt"):
        read_image(path)


def test_missing_file_and_zero_spacing_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ImageReadError, match="not found"):
        read_image(tmp_path / "absent.nii.gz")
    header = nib.Nifti1Header()  # placed by the qform, whose voxel sizes are pixdim (a valid sform places the
    header.set_qform(np.eye(4), code=1)  # voxels itself: tests/test_input_kinds_bugreports8.py)
    header.set_data_shape((3, 3, 3))
    raw = bytearray(nib.Nifti1Image(np.zeros((3, 3, 3), np.float32), None, header).to_bytes())
    raw[84:88] = np.float32(0.0).tobytes()  # pixdim[2] (nibabel mends a zero voxel size on save)
    (tmp_path / "zero.nii").write_bytes(bytes(raw))
    with pytest.raises(ImageReadError, match="spacing"):
        read_image(tmp_path / "zero.nii")


def test_truncated_nifti_is_a_typed_error(tmp_path: Path) -> None:
    write_nifti(np.ones((32, 32, 16), np.int16), np.eye(4), tmp_path / "ct.nii.gz")
    blob = (tmp_path / "ct.nii.gz").read_bytes()
    (tmp_path / "cut.nii.gz").write_bytes(blob[: len(blob) // 2])
    with pytest.raises(ImageReadError, match="cut.nii.gz"):
        read_image(tmp_path / "cut.nii.gz")


def test_picture_has_no_physical_spacing(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    PILImage.fromarray(np.arange(64, dtype=np.uint8).reshape(8, 8)).save(tmp_path / "x.png")
    image = read_image(tmp_path / "x.png")
    assert image.spacing is None and image.array.shape == (8, 8)
    with pytest.raises(ValueError, match="spacing"):
        _ = image.voxel_volume_ml


def test_artifact_store_on_disk_survives_a_new_store(tmp_path: Path) -> None:
    store = ArtifactStore("case-1", tmp_path)
    artifact = store.put("img", "current:0", np.arange(5))
    again = ArtifactStore("case-1", tmp_path)
    np.testing.assert_array_equal(again.get(artifact), np.arange(5))
    with pytest.raises(KeyError, match="nope"):
        again.get("img:case-1:nope")


@pytest.mark.parametrize(
    ("iop", "step", "spacing"),
    [
        ([1, 0, 0, 0, 1, 0], 2.5, (0.7, 0.7)),  # axial, head-first supine
        ([-1, 0, 0, 0, 1, 0], 5.0, (0.8, 0.6)),  # row direction flipped, anisotropic pixels
        ([1, 0, 0, 0, 0, -1], 3.0, (1.0, 1.0)),  # coronal
        ([0.9659258, 0.2588190, 0, -0.2588190, 0.9659258, 0], 1.25, (0.5, 0.5)),  # 15° in-plane rotation
    ],
)
def test_regular_series_goes_through_highdicom_onto_the_patient_grid(
    tmp_path: Path, iop: list[float], step: float, spacing: tuple[float, float]
) -> None:
    """Every stored pixel lands at the RAS point its header gives, whatever the orientation."""
    template = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    rows, cols, n = 12, 10, 6
    row_cos, col_cos = np.array(iop[:3], float), np.array(iop[3:], float)
    normal = np.cross(row_cos, col_cos)
    origin = np.array([-20.0, 35.0, 110.0])
    stored = np.arange(n * rows * cols, dtype=np.int16).reshape(n, rows, cols)
    for k in np.random.default_rng(0).permutation(n):
        ds = template.copy()
        ds.Rows, ds.Columns = rows, cols
        ds.PixelSpacing = list(spacing)
        ds.ImageOrientationPatient = list(iop)
        ds.ImagePositionPatient = list(origin + k * step * normal)
        ds.PixelData = (stored[k] - int(template.RescaleIntercept)).astype(np.int16).tobytes()
        ds.SOPInstanceUID = pydicom.uid.generate_uid()
        ds.save_as(tmp_path / f"{k:03d}.dcm")
    image = read_image(tmp_path)
    assert image.meta["assembled_by"] == "highdicom"
    assert image.array.size == stored.size
    lps_to_ras = np.array([-1.0, -1.0, 1.0])
    for k, r, c in [(0, 0, 0), (n - 1, rows - 1, cols - 1), (2, 7, 3), (4, 1, 8)]:
        lps = origin + k * step * normal + c * spacing[1] * row_cos + r * spacing[0] * col_cos
        ijk = np.linalg.inv(image.affine) @ np.append(lps * lps_to_ras, 1.0)
        i, j, kk = (int(round(v)) for v in ijk[:3])
        assert np.allclose(ijk[:3], (i, j, kk), atol=1e-3)
        assert image.array[i, j, kk] == pytest.approx(float(stored[k, r, c]))


def test_uneven_series_is_assembled_and_its_gaps_reported(tmp_path: Path) -> None:
    """highdicom refuses an irregular series; the reader keeps it so triage can judge the gaps."""
    template = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    for n, z in enumerate([0.0, 2.5, 5.0, 12.5, 15.0]):
        ds = template.copy()
        ds.ImagePositionPatient = [0.0, 0.0, z]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.SOPInstanceUID = pydicom.uid.generate_uid()
        ds.save_as(tmp_path / f"{n}.dcm")
    image = read_image(tmp_path)
    assert image.meta["assembled_by"] == "clinorch"
    assert image.meta["slice_gap_max_mm"] == pytest.approx(7.5)


def test_enhanced_ct_goes_through_highdicom_with_its_frame_geometry() -> None:
    """pydicom-data's enhanced CT: per-frame positions and rescale give the same HU either way."""
    path = Path(get_testdata_file("eCT_Supplemental.dcm"))
    ds = pydicom.dcmread(path)
    image = read_image(path)
    assert image.meta["assembled_by"] == "highdicom"
    assert image.array.shape == (512, 512, 2)
    assert image.spacing[2] == pytest.approx(image.meta["slice_gap_min_mm"])
    frame = ds.PerFrameFunctionalGroupsSequence[0]
    transform = (frame.get("PixelValueTransformationSequence") or ds.SharedFunctionalGroupsSequence[0].PixelValueTransformationSequence)[0]
    expected = ds.pixel_array.astype(float) * float(transform.RescaleSlope) + float(transform.RescaleIntercept)
    assert sorted(np.unique(image.array))[:5] == pytest.approx(sorted(np.unique(expected))[:5])
    assert image.array.max() == pytest.approx(expected.max())
