"""Lesion pieces of the classical segmenter that are normal anatomy by their shape or their HU, dropped.

- A piece elongated like a tube in any direction (`ELONGATED`: its longest principal axis at least three times the
  next), or a thin sheet (its longest at least three times its thinnest, which is under `THIN_MM` yet resolved by two
  voxels or more: a vessel's bend or fork, not a disc one thick slice deep) is a vessel branch the organ's band left out (the portal vein at the liver's hilum, brighter than the
  parenchyma in the portal phase; a renal vessel at the hilum): lesions of 10 mm and more are round to oval.
- A kidney 'cyst' whose median is below `SINUS_FAT_HU` is fat (the renal sinus at the hilum, partial volume with
  the kidney raising it above the fat level): a simple cyst reads -10 to 20 HU (Bosniak v2019).

Canonical RAS on the coarse grid of the landmark stage; `spacing` in mm.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import cc3d
import numpy as np

ELONGATED = 3.0
"""Least ratio of a piece's longest to its second principal extent for it to be a tube (a vessel), not a lesion."""
THIN_MM = 10.0
"""A sheet thinner than this is no lesion of the 10 mm and more sought."""
SINUS_FAT_HU = -20.0
"""A kidney 'cyst' whose median HU is below this is the renal sinus's fat, not fluid."""


class Fill(NamedTuple):
    """A piece against the ellipsoid of its principal moments (`ellipsoid_fill`)."""

    fill: float
    """Its volume over the ellipsoid's."""
    elongation: float
    """The ellipsoid's longest axis over its shortest."""
    thickness_mm: float
    """The ellipsoid's shortest full axis (mm)."""


def ellipsoid_fill(piece: np.ndarray, spacing: Any) -> Fill:
    """How ball-like a piece is, against the ellipsoid with its principal moments (`Fill`). A solid ellipsoid fills
    1.0 of its own; a lesion of 10 mm and more reads 0.9-1.0 (suite AC, 14 phantoms of a foreign generator: 0.91-0.98
    where the piece was the whole lesion), a spur of an organ's drawing, a crescent of partial volume or a vessel's
    bend 0.25-0.65. `piece`: bool mask (its box is enough); `spacing`: voxel size in mm. (0, inf, 0) for fewer than
    5 voxels."""
    step = np.asarray(spacing, dtype=np.float64)
    points = np.argwhere(piece) * step
    if len(points) < 5:
        return Fill(0.0, float("inf"), 0.0)
    values = np.linalg.eigvalsh(np.cov(points.T) + np.diag(step**2 / 12.0))
    axes = np.sqrt(5.0 * np.maximum(values, 1e-9))  # a solid ellipsoid's variance along an axis a is a^2 / 5
    return Fill(float(len(points) * np.prod(step) / (4.0 / 3.0 * np.pi * np.prod(axes))), float(axes[2] / axes[0]),
                float(2.0 * axes[0]))


def vessel_like(points_mm: np.ndarray, spacing: np.ndarray) -> bool:
    """Whether a piece with voxel centres `points_mm` (N, 3) mm is a tube or a thin sheet (see the module docstring).

    Principal extents from the covariance of the voxel centres, each voxel taken as a box of `spacing` (its own
    extent added); the thinnest counts only where two voxels or more span it."""
    if len(points_mm) < 4:
        return False
    spacing = np.asarray(spacing, dtype=np.float64)
    raw = np.cov(points_mm.T)
    values, vectors = np.linalg.eigh(raw + np.diag(spacing**2 / 12.0))
    if np.sqrt(values[2] / max(values[1], 1e-6)) >= ELONGATED:
        return True
    thin_mm = float(np.sqrt(12.0 * max(float(vectors[:, 0] @ raw @ vectors[:, 0]), 0.0)))
    voxel_mm = float(np.linalg.norm(vectors[:, 0] * spacing))
    return bool(np.sqrt(values[2] / max(values[0], 1e-6)) >= ELONGATED and 2.0 * voxel_mm <= thin_mm <= THIN_MM)


def anatomy_out(lesions: dict[str, np.ndarray], ct: np.ndarray, spacing: np.ndarray, notes: dict[str, Any]) -> None:
    """Drop, in place, the lesion pieces that are a vessel (a tube) or the renal sinus's fat; say how many in
    `notes["dropped_lesions"]` (mask name -> reason per piece)."""
    dropped: dict[str, list[str]] = {}
    for name, mask in lesions.items():
        if not mask.any():
            continue
        labels, n = cc3d.connected_components(mask, connectivity=26, return_N=True)
        stats = cc3d.statistics(labels)
        for label in range(1, n + 1):
            box = stats["bounding_boxes"][label]
            piece = labels[box] == label
            offset = np.array([b.start for b in box])
            points = (np.argwhere(piece) + offset) * spacing
            why = None
            if vessel_like(points, spacing):
                why = "a tube: a vessel branch the organ's band left out"
            elif name == "kidney_cyst" and float(np.median(ct[box][piece])) < SINUS_FAT_HU:
                why = "fat: the renal sinus, not a cyst's fluid"
            if why:
                mask[box] &= ~piece
                dropped.setdefault(name, []).append(why)
    if dropped:
        notes["dropped_lesions"] = dropped
