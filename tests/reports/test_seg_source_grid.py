"""The DICOM SEG written for a DICOM source follows the source series' own pixel grid (its Image
Orientation, row/column order and slice positions), so a viewer pairing frames by source instance or
position shows each mask on its slice, not rotated: read back with highdicom, frame by frame, against a
mask computed from the source pixels themselves (field engineer finding F5)."""

from __future__ import annotations

from pathlib import Path

import highdicom as hd
import numpy as np
import pydicom
import pytest

from imaging.volume import LabelMap, read_image
from orchestrator.reports.masks import write_dicom_seg
from synthetic.dicom_series import write_dicom_series
from synthetic.phantom import PhantomSpec, make_phantom

BONE, AIR = 150.0, -500.0


def _restore(folder: Path, layout: str) -> None:
    """Re-stores an LPS axial series another way, same anatomy: rows or columns flipped (orientation and first
    position follow), or slices stored in reverse order (file names and instance numbers)."""
    files = sorted(folder.iterdir())
    for n, path in enumerate(files):
        ds = pydicom.dcmread(path)
        pixels = ds.pixel_array
        iop = np.asarray(ds.ImageOrientationPatient, float)
        ipp = np.asarray(ds.ImagePositionPatient, float)
        row_mm, col_mm = (float(v) for v in ds.PixelSpacing)
        if layout == "flipped rows":
            ipp = ipp + iop[3:] * row_mm * (ds.Rows - 1)
            iop[3:], pixels = -iop[3:], pixels[::-1]
        elif layout == "flipped columns":
            ipp = ipp + iop[:3] * col_mm * (ds.Columns - 1)
            iop[:3], pixels = -iop[:3], pixels[:, ::-1]
        elif layout == "reversed slices":
            ds.InstanceNumber = len(files) - n
            path.rename(folder / f"z_{len(files) - n:03d}.dcm")
            path = folder / f"z_{len(files) - n:03d}.dcm"
        ds.ImageOrientationPatient = [float(v) for v in iop]
        ds.ImagePositionPatient = [float(v) for v in ipp]
        ds.PixelData = np.ascontiguousarray(pixels).astype(np.int16).tobytes()
        ds.save_as(path, enforce_file_format=True)


@pytest.mark.parametrize(("seed", "shape", "layout"), [
    (3, (96, 80, 24), "LPS axial"), (4, (100, 84, 22), "flipped rows"), (5, (92, 88, 20), "flipped columns"),
    (6, (96, 80, 26), "reversed slices"),
])  # fmt: skip
def test_seg_frames_follow_the_source_series_grid(tmp_path: Path, seed: int, shape: tuple[int, int, int],
                                                  layout: str) -> None:
    make_phantom(tmp_path / "ph", PhantomSpec(seed=seed, shape=shape, spacing=(3.5, 3.4, 8.0)))
    ct = read_image(tmp_path / "ph" / "ct.nii.gz")
    series = tmp_path / "series"
    write_dicom_series(ct.array, ct.affine, series, patient_id=f"P{seed}", study="1")
    _restore(series, layout)
    image = read_image(series)  # canonical RAS, as clinorch measures it
    masks = {name: LabelMap(cut(np.asarray(image.array)), image.affine, image.spacing, name)
             for name, cut in (("bone", lambda a: a > BONE), ("air", lambda a: a < AIR))}
    written = write_dicom_seg(image, masks, tmp_path / "out", f"case{seed}", backend="provided",
                              source_path=str(series))
    seg = hd.seg.segread(written.path)
    sources = [pydicom.dcmread(p) for p in sorted(series.iterdir())]
    frames = seg.get_pixels_by_source_instance(
        source_sop_instance_uids=[str(d.SOPInstanceUID) for d in sources], segment_numbers=[1, 2],
        assert_missing_frames_are_empty=True)
    for ds, frame in zip(sources, frames, strict=True):
        hu = ds.pixel_array * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
        np.testing.assert_array_equal(frame[..., 0] > 0, hu > BONE, err_msg=f"{layout}: slice {ds.InstanceNumber}")
        np.testing.assert_array_equal(frame[..., 1] > 0, hu < AIR, err_msg=f"{layout}: slice {ds.InstanceNumber}")
    by_uid = {str(d.SOPInstanceUID): d for d in sources}
    for item in seg.PerFrameFunctionalGroupsSequence:  # each frame sits at its source's own position
        uid = item.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
        position = item.PlanePositionSequence[0].ImagePositionPatient
        np.testing.assert_allclose([float(v) for v in position], [float(v) for v in by_uid[uid].ImagePositionPatient])
