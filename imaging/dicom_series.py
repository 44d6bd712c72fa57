"""What must hold across the slices of one DICOM series before they are stacked into a volume.

A series folder is stacked only when its slices agree on what places a voxel: the matrix
(Rows x Columns), the in-plane pixel spacing (PS3.3 C.7.6.2.1.1) and the Frame of Reference
(PS3.3 C.7.4.1.1.1: one series, one frame). Slices that disagree share one matrix often enough
for a stacker to take the first slice's spacing silently (dcm2niix#272, ITK#1284, pydicom#1270); a
refusal names the attribute and the slices that differ, it never guesses which label is right.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path

import pydicom

from imaging.volume import ImageReadError

PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")
"""The three pixel data elements of PS3.5 8.1: integer (7FE0,0010), 32-bit float (7FE0,0008) and
64-bit float (7FE0,0009) values; the float ones hold real values with no modality rescale."""


def has_pixels(ds: pydicom.Dataset) -> bool:
    """Whether a data set holds pixel data of any of the three kinds of `PIXEL_KEYWORDS`."""
    return any(keyword in ds for keyword in PIXEL_KEYWORDS)


def _spacing(ds: pydicom.Dataset) -> Hashable:
    value = ds.get("PixelSpacing")
    if value is None:
        return None
    try:
        return tuple(round(float(v), 4) for v in value)
    except (TypeError, ValueError):
        return str(value)


def _frame_of_reference(ds: pydicom.Dataset) -> Hashable:
    return str(ds.get("FrameOfReferenceUID", "")) or None


def _matrix(ds: pydicom.Dataset) -> Hashable:
    return int(ds.get("Rows", 0)), int(ds.get("Columns", 0))


def _show(value: Hashable) -> str:
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return f"{value[0]}x{value[1]}"
    if isinstance(value, tuple):
        return "\\".join(f"{v:g}" for v in value) + " mm"
    return str(value)


CONSISTENT: tuple[tuple[str, Callable[[pydicom.Dataset], Hashable], str], ...] = (
    ("matrix size (rows x columns)", _matrix, "not one volume"),
    ("pixel spacing (0028,0030)", _spacing, "which spacing is right is unknown, so no size can be measured"),
    ("Frame of Reference UID (0020,0052)", _frame_of_reference,
     "positions in two coordinate frames are not comparable (one series has one frame, PS3.3 C.7.4.1.1.1)"),
)
"""Attributes every slice of one volume must share: (what is named, its value, why it matters)."""


def check_consistent(folder: Path, datasets: list[tuple[Path, pydicom.Dataset]]) -> None:
    """Refuses slices of one series that disagree on matrix, pixel spacing or frame of reference.

    Args:
        folder: the series folder (named in the message).
        datasets: `(file, data set)` of every slice to be stacked.

    Raises:
        ImageReadError: the attribute that differs, each value with its slice count and first file,
            and why the slices cannot be stacked.
    """
    for name, value_of, why in CONSISTENT:
        groups: dict[Hashable, list[str]] = {}
        for f, ds in datasets:
            value = value_of(ds)
            if value is not None:  # an absent attribute is judged where it is needed, not as a difference
                groups.setdefault(value, []).append(f.name)
        if len(groups) > 1:
            ranked = sorted(groups.items(), key=lambda kv: -len(kv[1]))
            shown = ", ".join(f"{_show(v)} in {len(names)} slice(s) ({names[0]}{', ...' if len(names) > 1 else ''})"
                              for v, names in ranked)
            raise ImageReadError(f"{folder}: slices differ in {name}: {shown}; {why}")


__all__ = ["CONSISTENT", "PIXEL_KEYWORDS", "check_consistent", "has_pixels"]


def series_summary(series: dict[str, list]) -> str:
    """Each series of a folder in a few words: modality, description and slice count ("PT 'WB AC', 20 slices")."""
    parts = []
    for slices in series.values():
        first = slices[0]
        description = str(first.get("SeriesDescription", "") or "").strip()
        parts.append(" ".join(filter(None, (str(first.get("Modality", "") or "?"), repr(description) if description else "")))
                     + f", {len(slices)} slice(s)")
    return "; ".join(parts[:4]) + (f"; +{len(parts) - 4} more" if len(parts) > 4 else "")
