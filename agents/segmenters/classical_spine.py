"""The vertebral column, the classical segmenter's landmark: found slice by slice, regularised along z.

Canonical RAS from the header: i toward the patient's right, j anterior (by the header), k superior. In each axial
slice the vertebra is the largest compact structure of at least `VERTEBRA_HU` near the body's midline (its cortex
and what it encloses, so a cortical shell with darker marrow counts whole); the slices' centres are then regularised
along z (a running median; a slice far off it is dropped and filled from its neighbours). The side of the body the
column lies on is read, not assumed: the vertebral body is posterior in every patient, so a column anterior by the
header means the voxels are mirrored front to back against their header (`mirrored_front_to_back`). Left and right
always come from the header. When no column is found, the vertebral body is placed by the body outline's geometry
(`from_outline`), and the caller says so in its provenance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import ndimage

VERTEBRA_HU = 200.0
"""Cortical and dense cancellous bone; above enhanced organs, below which marrow inside a cortex is filled in."""
MIN_AREA_MM2 = 250.0
"""Least in-slice area of a vertebra (cortex and what it encloses, standard body): a lumbar body is 1200-2000 mm²."""
MAX_EXTENT_MM = 110.0
"""Widest in-slice extent of a vertebra with its arch (standard body); a wider bright structure is pelvis or table."""
CENTRAL_SHARE = 0.25
"""The vertebra's centre lies within this share of the body's half width from the body's mid-sagittal line."""
MIN_FILL = 0.25
"""Least share of its bounding box a vertebra fills (0.3-0.4 with its arch; a rib's arc fills less)."""
RUN_MM, OFF_RUN_MM = 30.0, 15.0
"""Window of the running median along z; a slice's centre further than this from it is dropped (standard body)."""
MIN_SLICE_SHARE = 0.2
"""Least share of the body's slices the column must be seen in (at least two slices)."""
ANTERIOR_SHARE = 2.0 / 3.0
"""Share of the column's slices anterior of the body's centre (by the header) that makes the voxels mirrored."""
OUTLINE_DEPTH_SHARE = 0.35
"""Fallback: the vertebral body's centre lies this share of the body's half depth behind its centre (0.28-0.34 in
the project's phantoms, about 0.4 in adult abdominal CT)."""


@dataclass(frozen=True)
class Column:
    """The vertebral column in mm of the canonical grid."""

    centres_mm: np.ndarray
    """(slices, 2): per axial slice the vertebral body's (x, y) mm, regularised; filled where it was not seen."""
    seen_slices: int
    """Slices the vertebra was found in (0: placed from the body outline)."""
    anterior_share: float
    """Share of those slices where it lies anterior of the body's centre by the header."""
    source: Literal["vertebra", "body outline"]

    @property
    def centre_mm(self) -> np.ndarray:
        """(2,) the column's median vertebral body centre (x, y) mm."""
        return np.median(self.centres_mm, axis=0)

    @property
    def mirrored_front_to_back(self) -> bool:
        """Whether the column lies anterior by the header in most slices (the voxels are mirrored front to back)."""
        return self.source == "vertebra" and self.anterior_share >= ANTERIOR_SHARE


def _slice_vertebra(ct: np.ndarray, body: np.ndarray, spacing: np.ndarray, centre_x: float, half_width: float,
                    scale: float) -> np.ndarray | None:
    """(x, y, side) of one axial slice's vertebra: x its median, y the 75th percentile of its extent toward the body's
    centre (the vertebral body, not the arch), side +1 anterior of the body's centre, -1 posterior; None if absent."""
    bright = body & (ct >= VERTEBRA_HU)
    if not bright.any():
        return None
    labels, _ = ndimage.label(bright, structure=np.ones((3, 3), dtype=bool))  # no closing: it joins the aorta to it
    best, best_area = None, MIN_AREA_MM2 * scale**2
    pixel_mm2 = float(spacing[0] * spacing[1])
    for index, box in enumerate(ndimage.find_objects(labels), start=1):
        if box is None:
            continue
        extent = np.array([box[0].stop - box[0].start, box[1].stop - box[1].start]) * spacing[:2]
        if np.any(extent > MAX_EXTENT_MM * scale):
            continue
        filled = ndimage.binary_fill_holes(labels[box] == index)
        area = float(np.count_nonzero(filled)) * pixel_mm2
        if area < best_area or np.count_nonzero(filled) < MIN_FILL * filled.size:
            continue
        ij = np.argwhere(filled) + np.array([box[0].start, box[1].start])
        x = float(np.median(ij[:, 0])) * spacing[0]
        if abs(x - centre_x) > CENTRAL_SHARE * half_width:
            continue
        best, best_area = ij, area
    if best is None:
        return None
    y = best[:, 1] * spacing[1]
    body_y = np.flatnonzero(body.any(axis=0)) * spacing[1]
    side = 1.0 if float(np.mean(y)) > (body_y[0] + body_y[-1]) / 2 else -1.0
    toward_centre = np.percentile(y, 25 if side > 0 else 75)
    return np.array([float(np.median(best[:, 0])) * spacing[0], float(toward_centre), side])


def vertebral_column(ct: np.ndarray, body: np.ndarray, spacing: np.ndarray) -> Column:
    """The column of `ct` (canonical RAS, HU; `body` its body mask; `spacing` mm): see the module docstring.

    Returns a column from the body outline's geometry (`source="body outline"`) when the vertebra is seen in fewer
    than `MIN_SLICE_SHARE` of the body's slices. Raises ValueError when `body` is empty.
    """
    if not body.any():
        raise ValueError("no body in the image: no column to find")
    in_body = np.flatnonzero(body.any(axis=(0, 1)))
    ij = np.argwhere(body.any(axis=2))
    lo, hi = ij.min(axis=0) * spacing[:2], ij.max(axis=0) * spacing[:2]
    centre, half = (lo + hi) / 2, np.maximum((hi - lo) / 2, 1.0)
    scale = float(half[0]) / 165.0
    found = {int(k): hit for k in in_body
             if (hit := _slice_vertebra(ct[:, :, k], body[:, :, k], spacing, float(centre[0]), float(half[0]), scale))
             is not None}
    n_slices = ct.shape[2]
    if len(found) < max(2, MIN_SLICE_SHARE * in_body.size):
        return from_outline(centre, half, n_slices)
    ks = np.array(sorted(found), dtype=np.float64)
    xy = np.array([found[int(k)][:2] for k in ks])
    anterior = float(np.mean([found[int(k)][2] > 0 for k in ks]))
    window = max(int(round(RUN_MM / spacing[2])), 1)
    keep = np.ones(len(ks), dtype=bool)
    for axis in range(2):
        run = ndimage.median_filter(xy[:, axis], size=2 * window + 1, mode="nearest")
        keep &= np.abs(xy[:, axis] - run) <= OFF_RUN_MM * scale
    if keep.sum() < 2:
        keep[:] = True
    every = np.arange(n_slices, dtype=np.float64)
    centres = np.stack([np.interp(every, ks[keep], xy[keep, axis]) for axis in range(2)], axis=1)
    return Column(centres, int(keep.sum()), anterior, "vertebra")


def from_outline(centre: np.ndarray, half: np.ndarray, n_slices: int) -> Column:
    """A column placed by the body outline (centre and half extents, mm): on the midline, `OUTLINE_DEPTH_SHARE` of
    the half depth behind the centre (posterior by the header: nothing else tells the side)."""
    xy = np.array([float(centre[0]), float(centre[1] - OUTLINE_DEPTH_SHARE * half[1])])
    return Column(np.tile(xy, (n_slices, 1)), 0, 0.0, "body outline")


MIRRORED_NOTE = ("the vertebral column lies anterior by the image's header in most slices: the voxels are taken as "
                 "mirrored front to back against their header (the vertebral body is posterior in every patient); "
                 "the organs were found on the voxels turned front to back and returned on the image's grid; left and "
                 "right are the header's")


def mirrored_front_to_back(ct: np.ndarray, body: np.ndarray, spacing: np.ndarray) -> bool:
    """Whether the vertebral column of `ct` (canonical RAS by its header, HU; `body` its body mask) lies anterior."""
    return bool(body.any()) and vertebral_column(ct, body, spacing).mirrored_front_to_back
