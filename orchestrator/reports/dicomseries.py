"""A derived DICOM CT series written from a canonical volume, so a SEG has a series to reference.

Used when the input was NIfTI: the SEG needs source images with a patient, study, frame of
reference and plane positions. Patient identifiers are pseudonyms derived from the case id.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

LPS_FROM_RAS = np.diag([-1.0, -1.0, 1.0, 1.0])


def pseudonym(case_id: str) -> str:
    """A stable pseudonym for a case (no identifier of the patient enters any output)."""
    return "CLINORCH-" + hashlib.sha256(case_id.encode()).hexdigest()[:12].upper()


def write_ct_series(array: np.ndarray, affine_ras: np.ndarray, folder: Path, case_id: str,
                    modality: str = "CT") -> list[pydicom.Dataset]:
    """Writes axial slices k = 0..n-1 of a canonical (i, j, k) volume as a DICOM series; returns the datasets.

    Rows follow j and columns follow i, so pixel (row, column) of slice k is voxel (column, row, k).
    """
    folder.mkdir(parents=True, exist_ok=True)
    lps = LPS_FROM_RAS @ np.asarray(affine_ras, dtype=float)
    col_step, row_step, slice_step = lps[:3, 0], lps[:3, 1], lps[:3, 2]
    spacing_i, spacing_j = float(np.linalg.norm(col_step)), float(np.linalg.norm(row_step))
    pid = pseudonym(case_id)
    study_uid = generate_uid(entropy_srcs=["study", pid])
    series_uid = generate_uid(entropy_srcs=["series", pid, "derived"])
    frame_uid = generate_uid(entropy_srcs=["frame", pid])
    pixels = np.clip(np.rint(array), -1024, 3071).astype(np.int16)
    datasets = []
    for k in range(array.shape[2]):
        ds = pydicom.Dataset()
        ds.file_meta = FileMetaDataset()
        ds.file_meta.MediaStorageSOPClassUID = CTImageStorage
        ds.file_meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=["instance", pid, str(k)])
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.SOPClassUID, ds.SOPInstanceUID = CTImageStorage, ds.file_meta.MediaStorageSOPInstanceUID
        ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = f"{pid}^", pid, "", ""
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study_uid, series_uid, frame_uid
        ds.StudyID, ds.AccessionNumber, ds.StudyDate, ds.StudyTime, ds.ReferringPhysicianName = "1", "", "", "", ""
        ds.Modality, ds.SeriesNumber, ds.InstanceNumber = modality, 1, k + 1
        ds.SeriesDescription = "clinorch derived series (from NIfTI)"
        ds.ImageType = ["DERIVED", "SECONDARY", "AXIAL"]
        ds.Manufacturer = "clinorch"
        ds.ImageOrientationPatient = [float(v) for v in (*(col_step / spacing_i), *(row_step / spacing_j))]
        ds.ImagePositionPatient = [float(v) for v in (lps @ np.array([0.0, 0.0, k, 1.0]))[:3]]
        ds.PixelSpacing = [spacing_j, spacing_i]  # row spacing, column spacing
        ds.SliceThickness = float(np.linalg.norm(slice_step))
        ds.Rows, ds.Columns = int(array.shape[1]), int(array.shape[0])
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = 0, 1, "HU"
        ds.PixelData = np.ascontiguousarray(pixels[:, :, k].T).tobytes()
        ds.save_as(folder / f"slice_{k:04d}.dcm", enforce_file_format=True)
        datasets.append(ds)
    return datasets
