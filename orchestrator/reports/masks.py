"""Masks out: one NIfTI label map with a JSON legend, and a DICOM SEG with coded segments."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.store import ArtifactStore, artifact_id
from imaging.volume import LabelMap, write_nifti
from orchestrator import atomic
from orchestrator.reports.dicomseries import LPS_FROM_RAS, pseudonym, write_ct_series
from orchestrator.reports.figures import is_lesion

ORGAN_CODES = {"liver": "Liver", "spleen": "Spleen", "kidney": "Kidney", "pancreas": "Pancreas", "aorta": "Aorta",
               "postcava": "InferiorVenaCava", "stomach": "Stomach", "gall_bladder": "Gallbladder", "lung": "Lung",
               "bone": "Bone"}
"""Mask name prefix to the SNOMED CT attribute of `pydicom.sr.codedict.codes.SCT`."""
SKIPPED = ("body", "segment_", "pancreas_head", "pancreas_body", "pancreas_tail")


@dataclass
class SegWritten:
    """A written DICOM SEG: where, what it references, and its segment numbers by mask name."""

    path: Path
    references: str
    """`input DICOM series` or `derived series (NIfTI input)`."""
    study_uid: str
    series_uid: str
    source_series_uid: str
    modality: str
    segments: dict[str, int] = field(default_factory=dict)


def current_masks(store: ArtifactStore, case_id: str) -> dict[str, LabelMap]:
    """The current study's organ and lesion masks (no body outline, no sub-segments), organs first."""
    head = artifact_id("mask", case_id, "")
    names = [i.removeprefix(head) for i in store.ids("mask") if i.startswith(head)]
    keep = [n for n in names if ":" not in n and not any(s in n for s in SKIPPED)]
    keep.sort(key=lambda n: (is_lesion(n), n))
    return {n: store.get(head + n) for n in keep}


def _codes(name: str) -> dict[str, Any]:
    """Category, type and anatomic region codes of a mask name (SNOMED CT)."""
    from pydicom.sr.codedict import codes

    organ = next((codes.SCT.__getattr__(v) for k, v in ORGAN_CODES.items() if name.startswith(k)), None)
    if is_lesion(name):
        kind = codes.SCT.Cyst if "cyst" in name else codes.SCT.Neoplasm if "tumor" in name else codes.SCT.Lesion
        return {"category": codes.SCT.MorphologicallyAbnormalStructure, "type": kind, "region": organ}
    return {"category": codes.SCT.AnatomicalStructure, "type": organ or codes.SCT.Organ, "region": None}


def write_label_map(masks: Mapping[str, LabelMap], folder: Path) -> tuple[Path, Path]:
    """`labels.nii.gz` (organs first, lesions drawn over them) and `labels.json` (value to name, codes, voxels)."""
    if not masks:
        raise ValueError("no masks to write")
    first = next(iter(masks.values()))
    labels = np.zeros(first.array.shape, dtype=np.uint8 if len(masks) < 255 else np.uint16)
    legend = {}
    for value, (name, mask) in enumerate(masks.items(), 1):
        labels[mask.array] = value
        code = _codes(name)["type"]
        legend[str(value)] = {"name": name, "snomed_ct": {"code": code.value, "meaning": code.meaning},
                              "mask_voxels": int(mask.array.sum())}
    for value, item in legend.items():
        item["voxels_in_map"] = int((labels == int(value)).sum())  # an organ loses the voxels of its lesions
    folder.mkdir(parents=True, exist_ok=True)
    with atomic.atomic_path(folder / "labels.nii.gz") as tmp:
        write_nifti(labels, first.affine, tmp)
    atomic.write_text(folder / "labels.json", json.dumps({"labels": legend, "background": 0,
                                                    "note": "lesions are drawn over their organ"}, indent=2))
    return folder / "labels.nii.gz", folder / "labels.json"


def _source_datasets(image: Any, case_id: str, folder: Path, source_path: str | None = None) -> tuple[list[Any], str]:
    """The DICOM series the SEG references: the input series, or a derived series written from the volume.

    `source_path` is the input's real path (the case as the caller gave it); the image itself only
    carries a pseudonymous label, since a series folder is often named after the patient.
    """
    import pydicom

    source = Path(str(source_path or image.source).split("#")[0])
    if image.meta.get("format") == "dicom-series" and source.is_dir():
        datasets = [pydicom.dcmread(str(f)) for f in sorted(source.rglob("*")) if f.is_file()]
        series = [d for d in datasets if "PixelData" in d and d.get("ImagePositionPatient") is not None]
        if series and all(d.get("FrameOfReferenceUID") for d in series):
            return [_pseudonymous(d, case_id) for d in series], "input DICOM series"
        if series:  # Type 1 in the CT IOD, yet exporters and anonymisers strip it: a SEG cannot share no frame
            return (write_ct_series(image.array, image.affine, folder / "derived_ct", case_id),
                    "derived series (the input series has no Frame of Reference UID)")
    return write_ct_series(image.array, image.affine, folder / "derived_ct", case_id), "derived series (NIfTI input)"


_PATIENT_AND_STUDY_TEXT = (
    "PatientBirthDate", "PatientBirthTime", "PatientAge", "OtherPatientIDs", "OtherPatientNames", "PatientAddress",
    "PatientTelephoneNumbers", "PatientMotherBirthName", "AccessionNumber", "ReferringPhysicianName", "StudyID",
    "StudyDescription", "InstitutionName", "InstitutionAddress", "PhysiciansOfRecord", "OperatorsName",
    "PerformingPhysicianName", "StudyDate", "StudyTime", "SeriesDate", "ContentDate", "AcquisitionDate",
    "StationName", "InstitutionalDepartmentName", "DeviceSerialNumber", "NameOfPhysiciansReadingStudy",
    "RequestingPhysician", "ReferringPhysicianAddress", "ReferringPhysicianTelephoneNumbers", "PatientComments",
    "AdditionalPatientHistory", "MedicalRecordLocator",
)  # fmt: skip  (PS3.15 Table E.1-1 Basic Profile: X/Z/D; highdicom copies the source's equipment into the SEG)
"""What the SEG would copy from its source series that identifies the patient or the visit."""


def _pseudonymous(dataset: Any, case_id: str) -> Any:
    """The source dataset (read for this SEG only) with the patient named by the case's pseudonym and
    the visit's identifying text emptied; its UIDs stay, so the SEG still attaches to its series."""
    pid = pseudonym(case_id)
    dataset.PatientName, dataset.PatientID = f"{pid}^", pid
    for keyword in _PATIENT_AND_STUDY_TEXT:
        if keyword in dataset:
            dataset.data_element(keyword).value = ""
    for keyword in _TYPE_2_COPIED:
        if keyword not in dataset:  # an export that dropped it (anonymisers often do): present, empty (Type 2)
            setattr(dataset, keyword, "")
    return dataset


_TYPE_2_COPIED = ("PatientSex", "PatientBirthDate", "StudyDate", "StudyTime", "StudyID", "AccessionNumber",
                  "ReferringPhysicianName")
"""Type 2 attributes of the Patient and General Study modules (PS3.3 C.7.1.1, C.7.2.1) that highdicom copies from
the source into the SEG: a source missing one (a series exported without PatientSex) would stop the SEG."""


def on_source_grid(masks: list[np.ndarray], affine_ras: np.ndarray, sources: list[Any]) -> np.ndarray:
    """The masks resampled (nearest voxel) onto each source image's own pixel grid, frame k for `sources[k]`.

    Args:
        masks: Boolean (X, Y, Z) arrays on the canonical RAS grid of `affine_ras` (4 x 4, mm).
        affine_ras: The canonical grid's voxel-to-RAS affine.
        sources: Single-frame DICOM images; each pixel (row r, column c) lies at Image Position (Patient)
            + c * PixelSpacing[1] * row direction + r * PixelSpacing[0] * column direction (LPS, DICOM PS3.3
            C.7.6.2.1.1), so the SEG's frames keep the series' orientation, row/column order and slice order.

    Returns:
        uint8 (frames, Rows, Columns, segments); pixels outside the canonical grid are 0.
    """
    to_voxel = np.linalg.inv(affine_ras) @ LPS_FROM_RAS  # LPS mm -> canonical (i, j, k)
    stack = np.stack(masks, axis=-1)
    shape = np.array(stack.shape[:3])
    out = np.zeros((len(sources), int(sources[0].Rows), int(sources[0].Columns), len(masks)), np.uint8)
    for n, ds in enumerate(sources):
        orientation = np.asarray(ds.ImageOrientationPatient, float)
        row_spacing, col_spacing = (float(v) for v in ds.PixelSpacing)
        r, c = np.meshgrid(np.arange(int(ds.Rows)), np.arange(int(ds.Columns)), indexing="ij")
        lps = (np.asarray(ds.ImagePositionPatient, float)[:, None, None] + orientation[:3, None, None] * c * col_spacing
               + orientation[3:, None, None] * r * row_spacing)
        voxel = np.tensordot(to_voxel[:3, :3], lps, axes=1) + to_voxel[:3, 3, None, None]
        index = np.rint(voxel).astype(int)
        inside = np.all((index >= 0) & (index < shape[:, None, None]), axis=0)
        i, j, k = (np.where(inside, axis_index, 0) for axis_index in index)
        out[n] = np.where(inside[..., None], stack[i, j, k], 0)
    return out


def write_dicom_seg(image: Any, masks: Mapping[str, LabelMap], folder: Path, case_id: str,
                    backend: str = "segmentation", source_path: str | None = None) -> SegWritten:
    """A binary DICOM SEG of `masks` on the image grid, referencing the source (or a derived) series.

    Returns the SEG path, which series it references, and its UIDs.
    """
    import highdicom as hd
    from pydicom.uid import generate_uid

    import orchestrator

    if not masks:
        raise ValueError("no masks to write")
    sources, kind = _source_datasets(image, case_id, folder, source_path)
    frames = on_source_grid([m.array for m in masks.values()], np.asarray(image.affine, dtype=float), sources)
    manual = backend == "provided"  # masks that came with the case: their making is not ours to name
    algorithm = None if manual else hd.AlgorithmIdentificationSequence(
        name=f"clinorch {backend}", version=orchestrator.__version__, family=_family(backend))
    descriptions = []
    for number, name in enumerate(masks, 1):
        c = _codes(name)
        descriptions.append(hd.seg.SegmentDescription(
            segment_number=number, segment_label=name, segmented_property_category=c["category"],
            segmented_property_type=c["type"], algorithm_type="MANUAL" if manual else "AUTOMATIC",
            algorithm_identification=algorithm,
            anatomic_regions=[c["region"]] if c["region"] is not None else None))
    seg = hd.seg.Segmentation(
        source_images=sources, pixel_array=frames, segmentation_type="BINARY", segment_descriptions=descriptions,
        series_instance_uid=generate_uid(entropy_srcs=["seg", pseudonym(case_id)]), series_number=300,
        sop_instance_uid=generate_uid(entropy_srcs=["seg-instance", pseudonym(case_id)]), instance_number=1,
        manufacturer="clinorch", manufacturer_model_name="clinorch", software_versions=orchestrator.__version__,
        device_serial_number="0", omit_empty_frames=True)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "segmentation.dcm"
    with atomic.atomic_path(path) as tmp:
        seg.save_as(tmp)
    first = sources[0]
    return SegWritten(path, kind, str(first.StudyInstanceUID), str(seg.SeriesInstanceUID),
                      str(first.SeriesInstanceUID), str(first.get("Modality", "CT")),
                      {name: n for n, name in enumerate(masks, 1)})


def _family(backend: str) -> Any:
    """CID 7162 algorithm family: morphology for the classical segmenter, AI for the model backends."""
    from pydicom.sr.codedict import codes

    return codes.cid7162.MorphologicalOperations if backend == "classical" else codes.cid7162.ArtificialIntelligence
