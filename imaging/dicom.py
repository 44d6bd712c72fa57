"""DICOM readers: a series folder, a single-frame or a multi-frame file, into canonical RAS.

Pixel values go through the modality LUT (rescale slope/intercept to HU); position,
orientation and spacing come from the header. Facts triage judges (uneven slice gaps,
duplicate positions, burned-in annotation) are recorded in `Image.meta`, not silently fixed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np
import pydicom
from pydicom.pixels import apply_modality_lut

from imaging.dicom_files import check_decimal_strings, dicomdir_series, is_dicomdir, is_part10, read_dataset
from imaging.dicom_series import check_consistent, has_pixels, series_summary
from imaging.folders import visible_files
from imaging.volume import Image, ImageReadError, spacing_of

_LPS_TO_RAS = np.diag([-1.0, -1.0, 1.0, 1.0])


def _header_facts(ds: pydicom.Dataset) -> dict[str, Any]:
    """Header facts triage needs; nothing that identifies the patient."""
    return {
        "format": "dicom",
        "dicom_modality": str(ds.get("Modality", "")) or None,
        "body_part": str(ds.get("BodyPartExamined", "")) or None,
        "burned_in_annotation": str(ds.get("BurnedInAnnotation", "")) or None,
        "sop_class": str(getattr(ds.get("SOPClassUID"), "name", ds.get("SOPClassUID", ""))),
        "study_uid": str(ds.get("StudyInstanceUID", "")) or None,
        "series_uid": str(ds.get("SeriesInstanceUID", "")) or None,
        "patient_key": str(ds.get("PatientID", "")) or None,
        "rescale_missing": "RescaleSlope" not in ds and "RescaleIntercept" not in ds
        and "SharedFunctionalGroupsSequence" not in ds,
    }


def _pixels_raw(ds: pydicom.Dataset, path: Path) -> np.ndarray:
    """Stored pixel values, as decoded (frames first for a multi-frame file)."""
    try:
        raw = ds.pixel_array
    except (AttributeError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ImageReadError(f"{path}: pixel data missing, truncated or undecodable ({exc})") from exc
    return raw


def _pixels(ds: pydicom.Dataset, path: Path) -> np.ndarray:
    return np.asarray(apply_modality_lut(_pixels_raw(ds, path), ds), dtype=np.float32)


def _volume(slices: np.ndarray, row_cos, col_cos, origin, pixel_spacing, slice_step,
            slice_vector: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Builds a canonical RAS volume from slices shaped (n, rows, cols).

    `slice_vector` (LPS mm from one slice's position to the next) replaces `normal * slice_step` when the
    positions do not move along the plane normal (a gantry tilt): the affine is then sheared, as the voxels lie.
    """
    row_cos, col_cos = np.asarray(row_cos, float), np.asarray(col_cos, float)
    normal = np.cross(row_cos, col_cos)
    dr, dc = float(pixel_spacing[0]), float(pixel_spacing[1])
    lps = np.eye(4)
    lps[:3, 0] = row_cos * dc  # array axis 0 = column index
    lps[:3, 1] = col_cos * dr  # array axis 1 = row index
    lps[:3, 2] = normal * slice_step if slice_vector is None else slice_vector
    lps[:3, 3] = np.asarray(origin, float)
    array = np.transpose(slices, (2, 1, 0))  # (n, rows, cols) -> (cols, rows, n)
    canonical = nib.as_closest_canonical(nib.Nifti1Image(array, _LPS_TO_RAS @ lps))
    return np.ascontiguousarray(canonical.dataobj, dtype=np.float32), canonical.affine.copy()


def _slice_order(positions: list[np.ndarray], normal: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Slices sorted along the plane normal: the order, the non-zero gaps (mm), the duplicate count."""
    order = np.argsort([p @ normal for p in positions])
    gaps = np.diff(np.array([positions[i] @ normal for i in order]))
    duplicates = int(np.sum(np.isclose(gaps, 0.0, atol=1e-3)))
    return order, gaps[gaps > 1e-3], duplicates


def _tilt(positions: list[np.ndarray], order: np.ndarray, normal: np.ndarray,
          n_steps: int) -> tuple[np.ndarray | None, float]:
    """The step between slice positions (LPS mm) and its angle to the plane normal (degrees), when the
    positions move off the normal by more than 0.05 degrees (a gantry tilt: the stack is sheared, dcm2niix
    #697, heudiconv #409); `(None, 0.0)` for a stack that moves along the normal."""
    if n_steps < 1:
        return None, 0.0
    step = (positions[order[-1]] - positions[order[0]]) / n_steps
    length = float(np.linalg.norm(step))
    if length == 0.0:
        return None, 0.0
    degrees = float(np.degrees(np.arccos(min(1.0, abs(float(step @ normal)) / length))))
    return (step, degrees) if degrees > 0.05 else (None, 0.0)


def _regular(gaps: np.ndarray) -> bool:
    """Whether non-zero slice gaps (mm) are even to within 1 % (highdicom's volume tolerance)."""
    return bool(gaps.size == 0 or np.ptp(gaps) <= 0.01 * float(np.median(gaps)))


def _highdicom_volume(source: list[pydicom.Dataset] | pydicom.Dataset) -> tuple[np.ndarray, np.ndarray] | None:
    """A regularly spaced volume assembled by highdicom's volume API, as canonical RAS.

    Args:
        source: the single-frame datasets of one series (any order), or one multi-frame
            (enhanced CT/MR) dataset.

    Returns:
        `(array, affine)`: float32 values after the modality (or per-frame) rescale, HU for
        CT, shape (x, y, z) in RAS+; or None when highdicom does not take the source as one
        regular volume (uneven gaps, mixed spacing), which the caller then assembles itself
        and triage judges.
    """
    import highdicom as hd  # noqa: PLC0415 - only DICOM volumes pay for its import

    try:
        if isinstance(source, pydicom.Dataset):
            volume = hd.Image.from_dataset(source, copy=False).get_volume(dtype=np.float32, apply_presentation_lut=False)
        else:  # MONOCHROME1 inverts the display's grey scale only, never the stored HU (PS3.3 C.7.6.3.1.2)
            volume = hd.get_volume_from_series(source, dtype=np.float32, apply_modality_transform=None,
                                               apply_presentation_lut=False)
    except (ValueError, AttributeError, KeyError, TypeError, NotImplementedError, RuntimeError, EOFError):
        return None
    canonical = nib.as_closest_canonical(volume.to_nibabel())
    return np.ascontiguousarray(canonical.dataobj, dtype=np.float32), canonical.affine.copy()


def _tilt_note(degrees: float) -> str:
    return (f"slice positions move {degrees:.1f} degrees off the plane normal (gantry tilt): the voxel grid is "
            "sheared as acquired; volumes use the sheared voxel's true size")


def _geometry(ds: pydicom.Dataset) -> tuple[Any, Any]:
    iop = ds.get("ImageOrientationPatient")
    spacing = ds.get("PixelSpacing")
    return iop, spacing


def _refuse_header_only_slices(folder: Path, datasets: list[tuple[Path, Any]]) -> None:
    """Refuses image slices of the series that carry no Pixel Data (a header-only export: OHIF#171,
    dcm2niix#831): dropped, they would leave a hole read as a slice gap. Objects that are not images
    (no Rows or no ImagePositionPatient: RT structure sets, presentation states) are not slices.

    Raises:
        ImageReadError: a slice of an image series has geometry but no pixels.
    """
    images = {str(ds.get("SOPClassUID", "")) for _, ds in datasets if has_pixels(ds)}
    empty = sorted(f.name for f, ds in datasets if not has_pixels(ds) and "Rows" in ds
                   and "ImagePositionPatient" in ds and str(ds.get("SOPClassUID", "")) in images)
    if empty:
        raise ImageReadError(f"{folder}: {len(empty)} image slice(s) have no Pixel Data ({', '.join(empty[:3])}"
                             f"{', ...' if len(empty) > 3 else ''}): a header-only export, the volume would have a "
                             "hole there")


def read_dicom_series(folder: Path, select: dict[str, str] | None = None, files: list[Path] | None = None) -> Image:
    """Reads a folder of single-frame slices of one series, sorted by position.

    Localizers (ImageType LOCALIZER, or a lone slice in another orientation) are dropped and
    counted in `meta["dropped_localizers"]`. Slices of several acquisitions, orientations or
    image types under one series are split into volumes; `select` (from `folder#acquisition=2`)
    names one, else the folder is refused with the choices named. Bare data sets (no Part 10
    file meta) are read and counted in `meta["without_file_meta"]`.

    Args:
        folder: The series folder (named in messages).
        select: Which volume of several, e.g. ``{"acquisition": "2"}``.
        files: The slice files, when a DICOMDIR listed them; else every file under `folder`.
    """
    if files is None:
        files = list(visible_files(folder, recursive=True))
    datasets, not_dicom = [], []
    for f in files:
        try:
            datasets.append((f, read_dataset(f)))
        except ImageReadError as exc:
            not_dicom.append(str(exc).removeprefix(f"{f}: "))
    datasets = [(f, ds) for f, ds in datasets if not is_dicomdir(ds)]
    _refuse_header_only_slices(folder, datasets)
    datasets = [(f, ds) for f, ds in datasets if has_pixels(ds)]  # RT structure sets, presentation states, SRs out
    for f, ds in datasets:
        check_decimal_strings(ds, f)
    if not datasets:
        nifti = [f.name for f in files if f.name.lower().endswith((".nii", ".nii.gz"))]
        why = (f" (it holds the NIfTI file {nifti[0]}: point at that file)" if nifti else
               f" ({len(not_dicom)} file(s) are not DICOM: {not_dicom[0]})" if not_dicom else "")
        raise ImageReadError(f"{folder}: a folder with no DICOM images{why}")
    series: dict[str, list] = {}
    for _, ds in datasets:
        series.setdefault(str(ds.get("SeriesInstanceUID", "")), []).append(ds)
    if len(series) > 1:
        raise ImageReadError(f"{folder}: holds {len(series)} series ({series_summary(series)}); point to one series folder")
    datasets, dropped = _pick_volume(folder, datasets, select or {})
    if len(datasets) == 1:
        return read_dicom_file(datasets[0][0])
    check_consistent(folder, datasets)
    first = datasets[0][1]
    iop, pixel_spacing = _geometry(first)
    if iop is None or pixel_spacing is None:
        raise ImageReadError(f"{folder}: slices lack ImageOrientationPatient or PixelSpacing")
    normal = np.cross(np.asarray(iop[:3], float), np.asarray(iop[3:], float))
    positions = []
    for f, ds in datasets:
        ipp = ds.get("ImagePositionPatient")
        if ipp is None:
            raise ImageReadError(f"{folder}: slice {f.name} lacks ImagePositionPatient (where it lies is unknown)")
        positions.append(np.asarray(ipp, float))
    order, positive, duplicates = _slice_order(positions, normal)
    if positive.size == 0:
        raise ImageReadError(f"{folder}: every slice has the same position")
    step = float(np.median(positive))
    shear, tilt = _tilt(positions, order, normal, positive.size)
    regular = duplicates == 0 and _regular(positive) and shear is None
    assembled = _highdicom_volume([ds for _, ds in datasets]) if regular else None
    assembled_by = "highdicom" if assembled is not None else "clinorch"
    if assembled is None:  # uneven, duplicated or tilted positions: assembled here, judged by triage
        slices = np.stack([_pixels(datasets[i][1], datasets[i][0]) for i in order])
        assembled = _volume(slices, iop[:3], iop[3:], positions[order[0]], pixel_spacing, step, shear)
    array, affine = assembled
    meta = _header_facts(first) | {
        "assembled_by": assembled_by,
        "format": "dicom-series",
        "n_slices": len(datasets),
        "slice_gap_min_mm": float(positive.min()),
        "slice_gap_max_mm": float(positive.max()),
        "duplicate_positions": duplicates,
        "has_orientation": True,
        "shape": list(array.shape),
        "dropped_localizers": dropped,
        "without_file_meta": sum(not is_part10(ds) for _, ds in datasets),
    }
    if shear is not None:
        meta.setdefault("read_notes", []).append(_tilt_note(tilt))
    return Image(array, affine, spacing_of(affine), meta["dicom_modality"], str(folder), meta)


def _volume_key(ds: pydicom.Dataset) -> tuple[str, str, str, str, str]:
    """What separates volumes under one series: acquisition (phase), plane orientation, image type,
    tube voltage (a dual-energy scanner may store its 80 and 140 kV images under one acquisition), and
    time point (a perfusion or 4D CT repeats one acquisition's positions at each Temporal Position
    Identifier: pydicer#81, dicom2nifti#140)."""
    iop = ds.get("ImageOrientationPatient")
    plane = _plane(iop) if iop is not None else "unknown"
    number, temporal = ds.get("AcquisitionNumber", ""), str(ds.get("TemporalPositionIdentifier", "") or "")
    acquisition = str(number or temporal or "")
    kind = "\\".join(str(v) for v in (ds.get("ImageType") or [])[:3])
    kvp = ds.get("KVP")
    kv = f"{float(kvp):g}" if isinstance(kvp, (int, float)) else ""
    return acquisition, plane, kind, kv, temporal if number not in ("", None) else ""


def _plane(iop: Any) -> str:
    normal = np.abs(np.cross(np.asarray(iop[:3], float), np.asarray(iop[3:], float)))
    return ("sagittal", "coronal", "axial")[int(np.argmax(normal))] + ("" if normal.max() > 0.99 else "-oblique")


def _is_localizer(ds: pydicom.Dataset) -> bool:
    return any("LOCALIZER" in str(v).upper() for v in (ds.get("ImageType") or []))


def _merge_sequential(groups: dict[tuple[str, ...], list]) -> dict[tuple[str, ...], list]:
    """Acquisitions of one plane and image type that never share a slice position are one volume.

    Sequential (step-and-shoot) scanners number each rotation's slices as a new acquisition; two
    phases, by contrast, cover the same positions twice.
    """
    by_plane: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for key in groups:
        by_plane.setdefault(key[1:], []).append(key)
    out: dict[tuple[str, ...], list] = {}
    for keys in by_plane.values():
        slices = [item for key in keys for item in groups[key]]
        positions = [_position(ds) for _, ds in slices]
        if len(keys) > 1 and None not in positions and _distinct(positions):
            out[("", *keys[0][1:])] = slices
        else:
            out.update({key: groups[key] for key in keys})
    return out


def _position(ds: pydicom.Dataset) -> float | None:
    iop, ipp = ds.get("ImageOrientationPatient"), ds.get("ImagePositionPatient")
    if iop is None or ipp is None:
        return None
    return float(np.asarray(ipp, float) @ np.cross(np.asarray(iop[:3], float), np.asarray(iop[3:], float)))


def _distinct(positions: list[float | None]) -> bool:
    ordered = np.sort(np.asarray(positions, dtype=float))
    return bool(np.all(np.diff(ordered) > 1e-3))


def _pick_volume(folder: Path, datasets: list, select: dict[str, str]) -> tuple[list, int]:
    """The slices of one volume, and how many localizer images were dropped.

    Raises:
        ImageReadError: several volumes remain and `select` names none (or none it names exists).
    """
    kept = [(f, ds) for f, ds in datasets if not _is_localizer(ds)]
    groups: dict[tuple[str, ...], list] = {}
    for f, ds in kept:
        groups.setdefault(_volume_key(ds), []).append((f, ds))
    groups = _merge_sequential(groups)
    if len(groups) > 1:  # a lone slice in another plane is a scout even without the LOCALIZER type
        main_plane = max(groups, key=lambda key: len(groups[key]))[1]
        groups = {k: v for k, v in groups.items() if len(v) > 1 or k[1] == main_plane}
    dropped = len(datasets) - sum(len(v) for v in groups.values())
    if not groups:
        raise ImageReadError(f"{folder}: holds only localizer images ({dropped}), no volume")
    names = ("acquisition", "orientation", "image_type", "kvp", "time_point")
    chosen = {k: v for k, v in groups.items()
              if all(str(value) == str(k[names.index(name)]) for name, value in select.items() if name in names)}
    unknown = sorted(set(select) - set(names))
    if unknown:
        raise ImageReadError(f"{folder}: cannot select by {unknown!r}; use one of {list(names)!r}")
    if len(chosen) == 1:
        return next(iter(chosen.values())), dropped
    shown = "; ".join(f"acquisition={k[0] or '-'}, orientation={k[1]}, image_type={k[2] or '-'}"
                      f"{f', kvp={k[3]} kV' if len({g[3] for g in groups}) > 1 else ''}"
                      f"{f', time_point={k[4]}' if len({g[4] for g in groups}) > 1 else ''} ({len(v)} slices)"
                      for k, v in groups.items())
    if not chosen:
        raise ImageReadError(f"{folder}: no volume matches {select!r}; it holds: {shown}")
    differing = [n for i, n in enumerate(names) if len({k[i] for k in chosen}) > 1]
    example = differing[0] if differing else "acquisition"
    value = next(iter(chosen))[names.index(example)]
    what = (f"{len(chosen)} time points (Temporal Position Identifier) of one dynamic (4D or perfusion) acquisition"
            if differing == ["time_point"] else f"{len(chosen)} volumes under one series")
    raise ImageReadError(f"{folder}: holds {what} ({shown}); they are not "
                         f"averaged or interleaved: name one as '<folder>#{example}={value}'")


def read_dicom_file(path: Path) -> Image:
    """Reads one DICOM file: a single slice, a multi-frame volume, or a projection image."""
    ds = read_dataset(path)
    check_decimal_strings(ds, path)
    if is_dicomdir(ds):
        return read_dicom_series(path.parent, files=dicomdir_series(ds, path))
    if not has_pixels(ds):
        raise ImageReadError(f"{path}: DICOM file without pixel data ({_header_facts(ds)['sop_class']})")
    meta = _header_facts(ds)
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    if frames > 1 and "PerFrameFunctionalGroupsSequence" in ds:
        return _read_enhanced(ds, path, meta)
    pixels = _pixels(ds, path)
    iop, pixel_spacing = _geometry(ds)
    ipp = ds.get("ImagePositionPatient")
    if pixels.ndim == 2 and iop is not None and ipp is not None and pixel_spacing is not None:
        thickness = ds.get("SliceThickness") or ds.get("SpacingBetweenSlices")
        if not thickness:
            raise ImageReadError(f"{path}: single slice without SliceThickness; cannot size voxels")
        array, affine = _volume(pixels[None], iop[:3], iop[3:], ipp, pixel_spacing, float(thickness))
        meta |= {"n_slices": 1, "has_orientation": True, "shape": list(array.shape)}
        return Image(array, affine, spacing_of(affine), meta["dicom_modality"], str(path), meta)
    if pixels.ndim == 3 and pixels.shape[-1] in (3, 4) and str(ds.get("PhotometricInterpretation", "")).startswith(("RGB", "YBR")):
        pixels = pixels[..., :3].mean(axis=-1)
        meta["color"] = True
    if pixels.ndim != 2:
        raise ImageReadError(f"{path}: {pixels.ndim}D pixel data without plane geometry")
    spacing = ds.get("PixelSpacing") or ds.get("ImagerPixelSpacing")
    meta |= {"has_orientation": False, "shape": list(pixels.shape)}
    sp = tuple(float(s) for s in spacing) if spacing else None
    return Image(pixels, None, sp, meta["dicom_modality"], str(path), meta)


def _read_enhanced(ds: pydicom.Dataset, path: Path, meta: dict[str, Any]) -> Image:
    """Reads an enhanced multi-frame CT/MR volume using its functional groups."""
    shared = ds.SharedFunctionalGroupsSequence[0] if "SharedFunctionalGroupsSequence" in ds else pydicom.Dataset()
    per_frame = ds.PerFrameFunctionalGroupsSequence

    def group(frame: pydicom.Dataset, name: str) -> pydicom.Dataset | None:
        for source in (frame, shared):
            if name in source:
                return source[name][0]
        return None

    orient = group(per_frame[0], "PlaneOrientationSequence")
    measures = group(per_frame[0], "PixelMeasuresSequence")
    if orient is None or measures is None:
        raise ImageReadError(f"{path}: multi-frame file lacks plane orientation or pixel measures")
    iop = [float(v) for v in orient.ImageOrientationPatient]
    normal = np.cross(iop[:3], iop[3:])
    positions = [np.asarray(group(f, "PlanePositionSequence").ImagePositionPatient, float) for f in per_frame]
    order, positive, duplicates = _slice_order(positions, normal)
    step = float(np.median(positive)) if positive.size else float(measures.get("SliceThickness") or 0)
    if step <= 0:
        raise ImageReadError(f"{path}: cannot derive slice spacing from frame positions")
    shear, tilt = _tilt(positions, order, normal, positive.size)
    assembled = _highdicom_volume(ds) if duplicates == 0 and _regular(positive) and shear is None else None
    assembled_by = "highdicom" if assembled is not None else "clinorch"
    if assembled is None:  # uneven or duplicated frame positions: assembled here, judged by triage
        raw = _pixels_raw(ds, path).astype(np.float32)
        raw = raw[None] if raw.ndim == 2 else raw
        frames = []
        for i, frame in enumerate(per_frame):
            transform = group(frame, "PixelValueTransformationSequence")
            slope = float(getattr(transform, "RescaleSlope", 1.0)) if transform else 1.0
            intercept = float(getattr(transform, "RescaleIntercept", 0.0)) if transform else 0.0
            frames.append(raw[i] * slope + intercept)
        slices = np.stack([frames[i] for i in order])
        assembled = _volume(slices, iop[:3], iop[3:], positions[order[0]], measures.PixelSpacing, step, shear)
    array, affine = assembled
    meta |= {
        "assembled_by": assembled_by,
        "format": "dicom-enhanced",
        "n_slices": len(per_frame),
        "slice_gap_min_mm": float(positive.min()) if positive.size else step,
        "slice_gap_max_mm": float(positive.max()) if positive.size else step,
        "duplicate_positions": duplicates,
        "has_orientation": True,
        "shape": list(array.shape),
    }
    if shear is not None:
        meta.setdefault("read_notes", []).append(_tilt_note(tilt))
    return Image(array, affine, spacing_of(affine), meta["dicom_modality"], str(path), meta)
