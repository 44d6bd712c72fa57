"""RECIST axes of a lesion on one axial slice, computed from its mask for drawing.

The measurement agent records the diameters; the picture needs where they lie, so the long axis
(the largest distance between two contour voxel centres) and the short axis (the longest chord
perpendicular to it) are found again here on the slice the agent named.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage
from scipy.spatial.distance import cdist

MAX_POINTS = 1500
"""Contour voxels searched pairwise at most (drawing only; the measurement agent's numbers are exact)."""


@dataclass(frozen=True)
class Axis:
    """A segment on an axial slice: its ends as (i, j) voxel positions and its length in mm."""

    ends_ij: tuple[tuple[float, float], tuple[float, float]]
    length_mm: float


@dataclass(frozen=True)
class RecistAxes:
    """The long axis and the perpendicular short axis of one lesion on one slice."""

    long: Axis
    short: Axis | None


def _contour_points(plane: np.ndarray) -> np.ndarray:
    """(i, j) indices of the voxels on the border of `plane` (all of them for a one-voxel-thin mask)."""
    border = plane & ~ndimage.binary_erosion(plane)
    return np.argwhere(border if border.any() else plane).astype(float)


def recist_axes(plane: np.ndarray, spacing_ij: tuple[float, float]) -> RecistAxes | None:
    """Long and short axes of the mask on one axial plane, or None when the plane is empty.

    Args:
        plane: boolean mask of one axial slice, indexed (i, j).
        spacing_ij: in-plane voxel size in mm along i and j.
    """
    plane = np.asarray(plane, dtype=bool)
    if not plane.any():
        return None
    points = _contour_points(plane)
    scale = np.asarray(spacing_ij, dtype=float)
    mm = points * scale
    if len(mm) == 1:
        return RecistAxes(Axis((tuple(points[0]), tuple(points[0])), 0.0), None)
    if len(points) > MAX_POINTS:  # a large organ: every n-th contour voxel keeps the pairwise search small
        keep = np.linspace(0, len(points) - 1, MAX_POINTS).astype(int)
        points, mm = points[keep], mm[keep]
    dist = cdist(mm, mm)
    a, b = np.unravel_index(int(np.argmax(dist)), dist.shape)
    long = Axis((tuple(points[a]), tuple(points[b])), float(dist[a, b]))
    direction = (mm[b] - mm[a]) / max(dist[a, b], 1e-9)
    # a chord is perpendicular when its ends lie within half a voxel diagonal of each other along the long axis
    along = mm @ direction
    tolerance = float(np.sqrt((scale**2).sum()) / 2.0)
    perpendicular = np.abs(along[:, None] - along[None, :]) <= tolerance
    chords = np.where(perpendicular, dist, -1.0)
    c, d = np.unravel_index(int(np.argmax(chords)), chords.shape)
    short = Axis((tuple(points[c]), tuple(points[d])), float(dist[c, d])) if chords[c, d] > 0 else None
    return RecistAxes(long, short)
