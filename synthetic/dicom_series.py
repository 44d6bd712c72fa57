"""A canonical RAS volume in HU written as an axial CT series of Part 10 files, for tests and the adversarial set."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def write_dicom_series(
    hu: np.ndarray,
    affine: np.ndarray,
    folder: Path,
    *,
    patient_id: str,
    study: str,
    modality: str = "CT",
    burned_in: str | None = None,
    series_number: int = 1,
    drop: tuple[int, ...] = (),
    duplicate: tuple[int, ...] = (),
) -> None:
    """Writes a canonical RAS volume (diagonal affine) as axial CT slices, using CT_small.dcm as template."""
    import pydicom
    from pydicom.data import get_testdata_file
    from pydicom.uid import generate_uid

    template = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    folder.mkdir(parents=True, exist_ok=True)
    spacing = np.sqrt((affine[:3, :3] ** 2).sum(axis=0))
    n_i, n_j, n_k = hu.shape
    corner = affine @ np.array([n_i - 1, n_j - 1, 0, 1.0])
    study_uid = generate_uid(entropy_srcs=["study", patient_id, study])
    series_uid = generate_uid(entropy_srcs=["series", patient_id, study, str(series_number)])
    frame_uid = generate_uid(entropy_srcs=["frame", patient_id, study])
    for k in range(n_k):
        if k in drop:
            continue
        ds = template.copy()
        for tag in ("PixelPaddingValue", "LargestImagePixelValue", "SmallestImagePixelValue"):
            if tag in ds:
                del ds[tag]
        ds.PatientID, ds.PatientName = patient_id, f"Phantom^{patient_id}"
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study_uid, series_uid, frame_uid
        ds.SeriesNumber, ds.InstanceNumber, ds.Modality = series_number, k + 1, modality
        ds.SOPInstanceUID = generate_uid(entropy_srcs=[series_uid, str(k)])
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        if burned_in:
            ds.BurnedInAnnotation = burned_in
        z = corner[2] + k * spacing[2]
        ds.ImagePositionPatient = [float(-corner[0]), float(-corner[1]), float(z)]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.SliceLocation, ds.SliceThickness = float(z), float(spacing[2])
        ds.PixelSpacing = [float(spacing[1]), float(spacing[0])]
        pixels = np.round(hu[::-1, ::-1, k].T).astype(np.int16)
        ds.Rows, ds.Columns = pixels.shape
        ds.PixelRepresentation, ds.BitsAllocated, ds.BitsStored, ds.HighBit = 1, 16, 16, 15
        ds.RescaleIntercept, ds.RescaleSlope = 0, 1
        ds.PixelData = pixels.tobytes()
        ds.save_as(folder / f"slice_{k:03d}.dcm", enforce_file_format=True)
        if k in duplicate:
            ds.SOPInstanceUID = generate_uid(entropy_srcs=[series_uid, str(k), "copy"])
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            ds.save_as(folder / f"slice_{k:03d}_copy.dcm", enforce_file_format=True)
