"""Checks on a read image: integrity, modality against the pixels, dimensionality, spacing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import BaseModel

from agents.triage_checks.common import check
from core.case import Evidence
from imaging.volume import OUTSIDE_FOV_HU, Image

Family = Literal["CT", "MR", "XR", "US", "NM", "OT"]
PixelVerdict = Literal["ct", "not_ct", "unknown"]

VOLUMETRIC: frozenset[str] = frozenset({"CT", "MR"})
"""Modalities that must come as volumes (NM/PET may be planar or tomographic: not judged)."""
PROJECTION_MODALITIES = frozenset({"CR", "DX", "MG", "RG", "XA", "RF", "PX", "IO", "DR"})
_ALIASES = {
    "MRI": "MR",
    "XR": "DX",
    "XRAY": "DX",
    "X-RAY": "DX",
    "RADIOGRAPH": "DX",
    "PET": "PT",
    "ULTRASOUND": "US",
    "CTA": "CT",
    "PHOTO": "XC",
}

PADDING_HU = OUTSIDE_FOV_HU
AIR_HU = -850.0
SOFT_HU = 200.0
MAX_HU = 4000.0
MAX_MEDIAN_HU = 1500.0
"""No body is mostly denser than cortical bone: a median above this is not HU, whatever the field of view."""
MIN_FOV_MM = 150.0
"""Below this field of view a crop may hold no air at all: the pixels cannot disprove CT."""
GAP_TOLERANCE = 0.10
"""Slice gaps may differ by 10% (+0.01 mm) before the series counts as uneven."""
SPACING_RANGE_MM = (0.1, 15.0)
MAX_IN_PLANE_MM = 5.0


class PixelStats(BaseModel):
    """What the intensities say about the modality."""

    verdict: PixelVerdict
    air_share: float
    soft_share: float
    negative_share: float
    p999: float
    median: float
    fov_mm: float | None


def normalise_modality(value: str | None) -> str | None:
    """Upper-case DICOM modality code, with common spellings mapped (MRI -> MR, X-ray -> DX)."""
    if not value:
        return None
    code = value.strip().upper()
    return _ALIASES.get(code, code) or None


def family(modality: str | None) -> Family | None:
    """Groups modality codes that triage treats alike (CR, DX, MG... are all projection radiographs)."""
    if modality is None:
        return None
    if modality in ("CT", "MR", "US"):
        return modality  # type: ignore[return-value]
    if modality in PROJECTION_MODALITIES:
        return "XR"
    if modality in ("PT", "NM"):
        return "NM"
    return "OT"


def pixel_stats(image: Image) -> PixelStats:
    """Whether the intensities are Hounsfield units: air near -1000 and soft tissue near 0."""
    array = image.array
    step = int(np.ceil((array.size / 2_000_000) ** (1 / array.ndim))) if array.size > 2_000_000 else 1
    values = array[(slice(None, None, step),) * array.ndim].ravel()  # a strided sample, never a full copy
    values = values[np.isfinite(values)]
    fov = _fov_mm(image)
    tissue = values[values >= PADDING_HU]
    if tissue.size < max(16, 0.05 * values.size):
        return PixelStats(verdict="unknown", air_share=0, soft_share=0, negative_share=0, p999=0, median=0, fov_mm=fov)
    air = float(np.mean(tissue <= AIR_HU))
    soft = float(np.mean(np.abs(tissue) <= SOFT_HU))
    negative = float(np.mean(tissue < -100))
    p999 = float(np.quantile(tissue, 0.999))
    median = float(np.median(tissue))
    large = fov is None or fov >= MIN_FOV_MM
    if air >= 0.01 and soft >= 0.05 and p999 <= MAX_HU:
        verdict: PixelVerdict = "ct"
    elif median > MAX_MEDIAN_HU or (large and (negative < 0.001 or p999 > MAX_HU)):
        verdict = "not_ct"
    else:
        verdict = "unknown"
    return PixelStats(
        verdict=verdict,
        air_share=round(air, 4),
        soft_share=round(soft, 4),
        negative_share=round(negative, 4),
        p999=round(p999, 1),
        median=round(median, 1),
        fov_mm=fov,
    )


def _fov_mm(image: Image) -> float | None:
    """Smallest in-plane extent in mm; None when the pixels have no physical size (then by pixel count)."""
    shape = image.array.shape[:2]
    if image.spacing is None or any(not s > 0 for s in image.spacing[:2]):
        return None if min(shape) >= 64 else 0.0
    return float(min(n * s for n, s in zip(shape, image.spacing[:2], strict=True)))


def modality_check(
    image: Image, declared: str | None, target: str, label: str
) -> tuple[Evidence, str | None, PixelStats]:
    """Declared modality (case, DICOM tag) against each other and against the pixels.

    Returns the check, the modality triage goes on with, and the pixel statistics.
    """
    header = normalise_modality(image.meta.get("dicom_modality"))
    declared = normalise_modality(declared)
    stats = pixel_stats(image)
    facts = {"declared": declared, "dicom_modality": header, "pixels": stats.verdict}
    if declared and header and family(declared) != family(header):
        return (
            check(
                "modality",
                target,
                False,
                f"{label}: declared {declared} but the DICOM header says {header}",
                value=header,
                **facts,
            ),
            None,
            stats,
        )
    claimed = declared or header
    if claimed == "CT" and stats.verdict == "not_ct":
        why = (
            "no air near -1000 HU"
            if stats.negative_share < 0.001
            else f"median {stats.median:.0f}, up to {stats.p999:.0f}"
        )
        if image.meta.get("rescale_missing"):
            why += "; the header has no RescaleSlope/RescaleIntercept, so the stored values were never mapped to HU"
        return (
            check(
                "modality",
                target,
                False,
                f"{label}: declared CT but the pixel values are not Hounsfield units ({why})",
                value=claimed,
                **facts,
            ),
            None,
            stats,
        )
    if claimed and claimed != "CT" and stats.verdict == "ct" and family(claimed) in ("MR", "XR", "US"):
        return (
            check(
                "modality",
                target,
                False,
                f"{label}: declared {claimed} but the pixels are Hounsfield units of a CT "
                f"(air at -1000 HU in {stats.air_share:.0%} of voxels)",
                value=claimed,
                **facts,
            ),
            None,
            stats,
        )
    effective = claimed or ("CT" if stats.verdict == "ct" else None)
    note = {
        "ct": "pixels in Hounsfield units",
        "not_ct": "pixels not in Hounsfield units",
        "unknown": "pixels too few or too cropped to judge",
    }[stats.verdict]
    return (
        check(
            "modality", target, True, f"{label}: {effective or 'unknown modality'}; {note}", value=effective, **facts
        ),
        effective,
        stats,
    )


def dimensionality_check(image: Image, modality: str | None, target: str, label: str) -> Evidence:
    """CT and MR are volumes with plane geometry; radiographs are single projections."""
    fam = family(modality)
    shape = image.array.shape
    slices = shape[2] if image.array.ndim == 3 else None
    if fam in VOLUMETRIC and (image.array.ndim != 3 or image.affine is None):
        return check(
            "dimensionality",
            target,
            False,
            f"{label}: a {modality} must be a volume with plane geometry, got a {image.array.ndim}D "
            f"picture of shape {tuple(shape)} without position",
            value=image.array.ndim,
        )
    if fam == "XR" and slices not in (None, 1):
        return check(
            "dimensionality",
            target,
            False,
            f"{label}: a {modality} radiograph is one projection, got a volume of {slices} slices",
            value=image.array.ndim,
        )
    what = f"{slices} slice(s)" if slices else "2D"
    return check("dimensionality", target, True, f"{label}: {what}, shape {tuple(shape)}", value=image.array.ndim)


def integrity_check(image: Image, target: str, label: str) -> Evidence:
    """Complete pixel data: finite values, no blank or duplicated slices, even slice positions."""
    array, meta = image.array, image.meta
    problems: list[str] = []
    axis = slice_axis(image)
    slices = axis is not None and array.shape[axis] >= 3
    scan = _scan(np.moveaxis(array, axis, 2) if slices and axis is not None else array, slices)
    if scan.bad:
        problems.append(f"{scan.bad} voxels are NaN or infinite")
    gap_min, gap_max = meta.get("slice_gap_min_mm"), meta.get("slice_gap_max_mm")
    if gap_min is not None and gap_max is not None and gap_max > gap_min * (1 + GAP_TOLERANCE) + 0.01:
        problems.append(f"slice gaps range from {gap_min:.2f} to {gap_max:.2f} mm: missing or unevenly spaced slices")
    if meta.get("duplicate_positions"):
        problems.append(f"{meta['duplicate_positions']} slice(s) share a position with another")
    if scan.bad < array.size and scan.low == scan.high:  # the extremes of the finite voxels
        problems.append(f"every voxel holds the same value ({scan.low:g}): the image is blank")
    if scan.spread is not None and scan.same_as_next is not None:
        problems += _slice_problems(scan.spread, scan.same_as_next)
    if problems:
        return check("integrity", target, False, f"{label}: " + "; ".join(problems), value=len(problems))
    return check("integrity", target, True, f"{label}: pixel data complete and finite", value=0)


@dataclass
class _Scan:
    """What one pass over the voxels found (`_scan`)."""

    bad: int
    """Voxels that are NaN or infinite."""
    low: float
    high: float
    """Extremes of the finite voxels (+inf and -inf when there are none)."""
    spread: np.ndarray | None
    """Per slice (last axis): NaN-ignoring max minus min; None when slices are not judged."""
    same_as_next: np.ndarray | None
    """Per slice but the last: whether it equals the next one voxel for voxel (NaN never equals)."""


_SCAN_BYTES = 4 << 20
"""Bytes of the volume examined at a time: each block's temporaries stay small and in cache."""


def _scan(array: np.ndarray, slices: bool) -> _Scan:
    """Everything the integrity check reads from the voxels, in one pass over blocks of rows.

    The volume is read once, block by block along its first axis (contiguous in C order), rather
    than a full-size mask of finite voxels and a strided pass per slice pair.
    """
    rows = array.shape[0]
    per_row = max(1, array[:1].nbytes)
    step = max(1, _SCAN_BYTES // per_row)
    bad, low, high = 0, np.inf, -np.inf
    top = bottom = same = None
    for start in range(0, rows, step):
        block = array[start : start + step]
        finite = np.isfinite(block)
        n_bad = block.size - int(np.count_nonzero(finite))
        bad += n_bad
        low = min(low, float(np.min(block, where=finite, initial=np.inf) if n_bad else block.min()))
        high = max(high, float(np.max(block, where=finite, initial=-np.inf) if n_bad else block.max()))
        del finite
        if not slices:
            continue
        lead = tuple(range(block.ndim - 1))
        b_top, b_bottom = np.fmax.reduce(block, axis=lead), np.fmin.reduce(block, axis=lead)
        b_same = (block[..., :-1] == block[..., 1:]).all(axis=lead)
        top = b_top if top is None else np.fmax(top, b_top)
        bottom = b_bottom if bottom is None else np.fmin(bottom, b_bottom)
        same = b_same if same is None else same & b_same
    if not slices or top is None or bottom is None:
        return _Scan(bad, low, high, None, None)
    with np.errstate(invalid="ignore"):
        spread = top - bottom
    return _Scan(bad, low, high, spread, same)


def slice_axis(image: Image) -> int | None:
    """The canonical axis along which the slices were acquired; None for a single 2D image.

    A NIfTI file's third axis, wherever canonical reorientation put it; for DICOM the axis
    holding as many voxels as the series has slices (k when several do).
    """
    if image.array.ndim != 3:
        return None
    codes = image.meta.get("file_axcodes")
    if codes and len(codes) == 3:
        return {"L": 0, "R": 0, "A": 1, "P": 1, "S": 2, "I": 2}.get(str(codes)[2], 2)
    n = image.meta.get("n_slices")
    if n is None:
        return 2
    matching = [axis for axis, size in enumerate(image.array.shape) if size == n]
    if not matching or n == 1:
        return None
    return 2 if 2 in matching else matching[0]


def _slice_problems(spread: np.ndarray, same_as_next: np.ndarray) -> list[str]:
    blank = spread == 0
    content = np.flatnonzero(~blank)
    problems = []
    if content.size:
        inner = [int(k) for k in np.flatnonzero(blank) if content[0] < k < content[-1]]
        if inner:
            problems.append(f"interior slice(s) {_ranges(inner)} are blank: missing data")
    repeated = [k for k in range(spread.shape[0] - 1) if not blank[k] and same_as_next[k]]
    if repeated:
        problems.append(f"slice(s) {_ranges(repeated)} repeat the next slice exactly: duplicated data")
    return problems


def _ranges(ks: list[int]) -> str:
    shown = ", ".join(str(k) for k in ks[:8])
    return shown + (f" (+{len(ks) - 8} more)" if len(ks) > 8 else "")


def spacing_check(image: Image, body_width_mm: float | None, target: str, label: str) -> Evidence:
    """Voxel sizes a scanner could produce, and a body of human size at that spacing."""
    spacing = image.spacing
    if image.array.ndim == 2 or image.affine is None:
        if not spacing or any(not s > 0 for s in spacing):
            return check(
                "spacing",
                target,
                False,
                f"{label}: no usable pixel spacing; sizes in mm cannot be measured",
                severity="warning",
            )
        return check("spacing", target, True, f"{label}: pixel spacing {_mm(spacing)}", value=_mm(spacing))
    low, high = SPACING_RANGE_MM
    axes = "ijk"
    out_of_range = [f"{s:g} mm along {axes[n]}" for n, s in enumerate(spacing) if not low <= s <= high]
    if out_of_range:
        return check(
            "spacing",
            target,
            False,
            f"{label}: implausible voxel spacing {', '.join(out_of_range)} (expected {low:g}-{high:g} mm)",
            value=_mm(spacing),
        )
    if sorted(spacing)[1] > MAX_IN_PLANE_MM:
        return check(
            "spacing",
            target,
            False,
            f"{label}: voxel spacing {_mm(spacing)} has no plane finer than {MAX_IN_PLANE_MM:g} mm",
            value=_mm(spacing),
        )
    from agents.triage_checks.anatomy import BODY_WIDTH_RANGE_MM

    if body_width_mm is not None and not BODY_WIDTH_RANGE_MM[0] <= body_width_mm <= BODY_WIDTH_RANGE_MM[1]:
        return check(
            "spacing",
            target,
            False,
            f"{label}: at spacing {_mm(spacing)} the body would be {body_width_mm:.0f} mm wide: "
            f"the header spacing is wrong",
            value=_mm(spacing),
        )
    return check("spacing", target, True, f"{label}: voxel spacing {_mm(spacing)}", value=_mm(spacing))


def _mm(spacing: tuple[float, ...] | None) -> str:
    return "x".join(f"{s:.3g}" for s in spacing) + " mm" if spacing else "none"
