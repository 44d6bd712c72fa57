"""Provided masks: AbdomenAtlas NIfTI folders and real DICOM SEG files, checked against the image grid."""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest

from agents.segmenters import MaskGeometryError, get_segmenter
from agents.segmenters.provided import canonical_name, read_seg
from imaging.masks import read_mask
from imaging.volume import Image, read_image, write_nifti

PYDICOM_FILES = Path(pydicom.__file__).parent / "data" / "test_files"


def _seg_file(name: str) -> Path:
    """A SEG shipped with pydicom (1 frame) or pydicom-data (3 frames); never downloaded."""
    candidates = [PYDICOM_FILES / name]
    try:
        import data_store  # pydicom-data

        candidates.append(Path(data_store.__file__).parent / "data" / name)
    except ImportError:
        pass
    path = next((p for p in candidates if p.exists()), None)
    if path is None:
        pytest.skip(f"{name} is not installed (pydicom-data)")
    return path


def test_folder_masks_equal_the_files(phantom_dir: Path) -> None:
    image = read_image(phantom_dir / "ct.nii.gz")
    result = get_segmenter("provided", source=phantom_dir / "segmentations").segment(image)
    assert result.backend == "provided"
    assert "liver_segment_4" in result.masks and "kidney_tumor" in result.masks
    for name in ("liver", "kidney_cyst", "pancreas_tumor"):
        expected = read_mask(phantom_dir / "segmentations" / f"{name}.nii.gz")
        assert np.array_equal(result.masks[name].array, expected.array)
        assert result.details["structures"][name] == {"resampled": False}
    narrowed = get_segmenter("provided", source=phantom_dir).segment(image, ["spleen"])  # the case folder works too
    assert set(narrowed.masks) == {"spleen"}


def _write_off_grid(tmp_path: Path, image: Image, mask: np.ndarray, name: str) -> Path:
    """The mask cropped to a box and written at twice the in-plane resolution, in LPS order."""
    folder = tmp_path / "segmentations"
    folder.mkdir()
    lo = np.array([20, 15, 3])
    crop = mask[20:140, 15:110, 3:40]
    fine = np.repeat(np.repeat(crop, 2, axis=0), 2, axis=1)
    affine = image.affine.copy()
    affine[:3, 3] = image.affine[:3, :3] @ lo + image.affine[:3, 3]
    affine[:3, 3] += image.affine[:3, :3] @ np.array([-0.25, -0.25, 0.0])  # fine voxel centres sit a quarter voxel in
    affine[:3, :2] /= 2
    lps = nib.Nifti1Image(fine.astype(np.uint8), affine).as_reoriented(nib.orientations.ornt_transform(
        nib.orientations.axcodes2ornt("RAS"), nib.orientations.axcodes2ornt("LPS")))
    write_nifti(np.asarray(lps.dataobj), lps.affine, folder / f"{name}.nii.gz")
    return folder


def test_masks_on_another_grid_are_resampled_onto_the_image(tmp_path: Path, phantom_dir: Path) -> None:
    image = read_image(phantom_dir / "ct.nii.gz")
    liver = read_mask(phantom_dir / "segmentations" / "liver.nii.gz").array
    assert liver[20:140, 15:110, 3:40].sum() == liver.sum()  # the crop keeps the whole liver
    folder = _write_off_grid(tmp_path, image, liver, "liver")
    result = get_segmenter("provided", source=folder).segment(image)
    placed = result.masks["liver"]
    assert placed.array.shape == image.array.shape and np.allclose(placed.affine, image.affine)
    assert np.array_equal(placed.array, liver)
    note = result.details["structures"]["liver"]
    assert note["resampled"] is True and note["from_spacing_mm"][:2] == [1.0, 1.0]


def test_mask_outside_the_image_is_a_geometry_error(tmp_path: Path, phantom_dir: Path) -> None:
    image = read_image(phantom_dir / "ct.nii.gz")
    folder = tmp_path / "segmentations"
    folder.mkdir()
    far = image.affine.copy()
    far[2, 3] += 5000.0
    write_nifti(np.ones((4, 4, 4), np.uint8), far, folder / "spleen.nii.gz")
    with pytest.raises(MaskGeometryError, match="does not overlap"):
        get_segmenter("provided", source=folder).segment(image)


def test_dicom_seg_frames_land_where_their_header_says() -> None:
    path = _seg_file("liver.dcm")
    masks = read_seg(path)
    assert set(masks) == {"liver"}
    liver = masks["liver"]
    ds = pydicom.dcmread(path)
    frames = ds.pixel_array
    assert liver.array.shape == (512, 512, 3) and liver.spacing == pytest.approx((0.810547, 0.810547, 1.0))
    shared = ds.SharedFunctionalGroupsSequence[0]
    row_cos, col_cos = (np.array(shared.PlaneOrientationSequence[0].ImageOrientationPatient[i:i + 3], float) for i in (0, 3))
    dr, dc = (float(v) for v in shared.PixelMeasuresSequence[0].PixelSpacing)
    to_index = np.linalg.inv(liver.affine)
    rows, cols = np.mgrid[0:512, 0:512]
    for n, item in enumerate(ds.PerFrameFunctionalGroupsSequence):
        ipp = np.array(item.PlanePositionSequence[0].ImagePositionPatient, float)
        lps = ipp[:, None, None] + row_cos[:, None, None] * cols * dc + col_cos[:, None, None] * rows * dr
        ras = np.stack([-lps[0], -lps[1], lps[2], np.ones_like(lps[0])])
        ijk = np.rint(np.einsum("ab,bxy->axy", to_index, ras)[:3]).astype(int)
        assert np.array_equal(liver.array[ijk[0], ijk[1], ijk[2]], frames[n] > 0), f"frame {n}"
        assert len(np.unique(ijk[2])) == 1  # one frame, one axial slice
    assert liver.array.sum() == int((frames > 0).sum())


def test_one_frame_dicom_seg_and_its_use_on_a_larger_image() -> None:
    masks = read_seg(_seg_file("liver_1frame.dcm"))
    assert masks["liver"].array.shape == (512, 512, 1)
    three = read_seg(_seg_file("liver.dcm"))["liver"]
    affine = three.affine.copy()
    affine[:3, 3] -= affine[:3, 2] * 2  # an image with two more slices below the SEG's three
    image = Image(np.zeros((512, 512, 6), np.float32), affine, (0.810547, 0.810547, 1.0), "CT", "ct")
    placed = get_segmenter("provided", source=_seg_file("liver.dcm")).segment(image).masks["liver"]
    assert not placed.array[:, :, :2].any() and not placed.array[:, :, 5].any()
    assert np.array_equal(placed.array[:, :, 2:5], three.array)


def test_segment_labels_become_atlas_names() -> None:
    assert canonical_name("Liver") == "liver"
    assert canonical_name("Left Kidney") == "kidney_left"
    assert canonical_name("Inferior vena cava") == "postcava"
    assert canonical_name("gall-bladder") == "gall_bladder"
