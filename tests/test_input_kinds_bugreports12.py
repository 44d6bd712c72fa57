"""Input kinds a fresh helper rebuilt from public bug reports (set 12), each varied so the rule passes.

- a NIfTI header that declares its spatial unit as metres or microns (`xyzt_units`; ITK#4595, nibabel#1012) places
  its voxels in that unit: positions and sizes are converted to mm, for the CT and for each mask, and noted; an
  undeclared unit (0, as most writers leave it) stays mm;
- a DICOM series acquired with a gantry tilt (positions moving along z while the planes are tilted; heudiconv#409,
  dcm2niix#697) lies on a sheared grid: the affine's slice column is the step between positions, not the plane
  normal times the gap, so masks written on the acquired grid fit and a voxel's volume is dr x dc x step x cos(tilt).
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest

from imaging.masks import read_mask
from imaging.volume import read_image
from synthetic.dicom_series import write_dicom_series
from tests.phantom_inputs import copy_case, run_case, truth, value

_LPS_TO_RAS = np.diag([-1.0, -1.0, 1.0, 1.0])


def _in_unit(img: nib.Nifti1Image, unit: str, per_mm: float) -> nib.Nifti1Image:
    """The same image with its affine written in `unit` (`per_mm` stored units per mm) and the unit declared."""
    affine = img.affine.copy()
    affine[:3, :] *= per_mm
    out = nib.Nifti1Image(np.asarray(img.dataobj), affine)
    out.header.set_xyzt_units(unit)
    return out


@pytest.mark.parametrize(("unit", "per_mm", "ct", "masks"), [
    ("meter", 1e-3, True, False), ("meter", 1e-3, True, True), ("micron", 1e3, False, True), ("micron", 1e3, True, True),
])
def test_a_declared_spatial_unit_is_converted_to_mm(phantom_dir: Path, tmp_path: Path, unit: str, per_mm: float,
                                                    ct: bool, masks: bool) -> None:
    case = copy_case(phantom_dir, tmp_path)
    paths = ([case / "ct.nii.gz"] if ct else []) + (sorted((case / "segmentations").glob("*.nii.gz")) if masks else [])
    for path in paths:
        nib.save(_in_unit(nib.load(str(path)), unit, per_mm), str(path))
    image = read_image(case / "ct.nii.gz")
    original = nib.load(str(phantom_dir / "ct.nii.gz"))
    assert np.allclose(image.affine, nib.as_closest_canonical(original).affine, atol=1e-3)
    assert any(unit in note for note in image.meta.get("read_notes", [])) is ct
    spleen = read_mask(case / "segmentations" / "spleen.nii.gz")
    assert np.allclose(spleen.spacing, image.spacing, atol=1e-4)
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}],
                       "question": "What is the volume of the spleen in mL?"})
    assert result.status == "answered", result.reasons
    assert value(result, "volume_ml", "spleen") == pytest.approx(truth(phantom_dir, "spleen"), rel=1e-3)


def test_an_undeclared_unit_stays_mm(phantom_dir: Path, tmp_path: Path) -> None:
    case = copy_case(phantom_dir, tmp_path)
    img = nib.load(str(case / "ct.nii.gz"))
    img.header.set_xyzt_units(0)
    nib.save(img, str(case / "ct.nii.gz"))
    image = read_image(case / "ct.nii.gz")
    assert np.allclose(image.affine, nib.as_closest_canonical(nib.load(str(phantom_dir / "ct.nii.gz"))).affine)
    assert not any("unit" in note for note in image.meta.get("read_notes", []))


def _tilted_series(phantom_dir: Path, folder: Path, degrees: float) -> np.ndarray:
    """The phantom's CT written as an axial series whose planes are tilted by `degrees` about the patient's
    left-right axis while the slice positions move along z only; returns the acquired grid's RAS affine in DICOM
    voxel order (column, row, slice), built from the written positions and orientation."""
    ct = nib.as_closest_canonical(nib.load(str(phantom_dir / "ct.nii.gz")))  # the writer takes a canonical RAS volume
    write_dicom_series(np.asarray(ct.dataobj, dtype=np.float32), ct.affine, folder, patient_id="TILT", study="t")
    angle = np.radians(degrees)
    col = np.array([0.0, np.cos(angle), np.sin(angle)])
    files = sorted(folder.glob("*.dcm"))
    for path in files:
        ds = pydicom.dcmread(path)
        ds.ImageOrientationPatient = [1.0, 0.0, 0.0, *col.tolist()]
        ds.GantryDetectorTilt = degrees
        ds.save_as(path, enforce_file_format=True)
    first, second = (pydicom.dcmread(files[i]) for i in (0, 1))
    dr, dc = (float(v) for v in first.PixelSpacing)
    lps = np.eye(4)
    lps[:3, 0] = np.array([1.0, 0.0, 0.0]) * dc
    lps[:3, 1] = col * dr
    lps[:3, 2] = np.asarray(second.ImagePositionPatient, float) - np.asarray(first.ImagePositionPatient, float)
    lps[:3, 3] = np.asarray(first.ImagePositionPatient, float)
    return _LPS_TO_RAS @ lps


@pytest.mark.parametrize("degrees", [-20.0, 12.0, 25.0])
def test_a_gantry_tilted_series_lies_on_its_sheared_grid(phantom_dir: Path, tmp_path: Path, degrees: float) -> None:
    acquired = _tilted_series(phantom_dir, tmp_path / "series", degrees)
    image = read_image(tmp_path / "series")
    assert abs(np.linalg.det(image.affine[:3, :3])) == pytest.approx(abs(np.linalg.det(acquired[:3, :3])), rel=1e-6)
    shape = np.array(image.array.shape) - 1
    corners = lambda affine: sorted(map(tuple, np.round([  # noqa: E731 - the eight corner voxels' centres, in mm
        (affine @ np.array([*(shape * np.array(c)), 1.0]))[:3] for c in np.ndindex(2, 2, 2)], 3)))
    assert np.allclose(corners(image.affine), corners(acquired), atol=1e-3)
    assert any("gantry tilt" in note for note in image.meta["read_notes"])


@pytest.mark.parametrize(("degrees", "organ"), [(15.0, "liver"), (-10.0, "spleen")])
def test_masks_on_the_acquired_tilted_grid_are_measured_with_the_sheared_voxel(phantom_dir: Path, tmp_path: Path,
                                                                               degrees: float, organ: str) -> None:
    acquired = _tilted_series(phantom_dir, tmp_path / "series", degrees)
    segmentations = tmp_path / "segmentations"
    segmentations.mkdir()
    count = 0
    for path in (phantom_dir / "segmentations").glob("*.nii.gz"):
        mask = np.asarray(nib.as_closest_canonical(nib.load(str(path))).dataobj)[::-1, ::-1, :]  # RAS -> (col, row, slice)
        nib.save(nib.Nifti1Image(mask.astype(np.uint8), acquired), str(segmentations / path.name))
        count = int(np.count_nonzero(mask)) if path.name == f"{organ}.nii.gz" else count
    result = run_case({"images": [{"path": str(tmp_path / "series"), "modality": "CT", "masks": str(segmentations)}],
                       "question": f"What is the volume of the {organ} in mL?"})
    assert result.status == "answered", result.reasons
    sheared_voxel_ml = abs(np.linalg.det(acquired[:3, :3])) / 1000.0
    assert value(result, "volume_ml", organ) == pytest.approx(count * sheared_voxel_ml, rel=1e-3)
    assert value(result, "volume_ml", organ) == pytest.approx(truth(phantom_dir, organ) * np.cos(np.radians(degrees)),
                                                               rel=1e-3)
