"""Checks on a read volume's voxels and slices: integrity (finite values, blank, duplicated or uneven
slices) and voxel spacing against the body's size."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from agents.triage_checks.common import check
from core.case import Evidence
from imaging.volume import Image

GAP_TOLERANCE = 0.10
"""Slice gaps may differ by 10% (+0.01 mm) before the series counts as uneven."""
SPACING_RANGE_MM = (0.1, 15.0)
MAX_IN_PLANE_MM = 5.0


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
