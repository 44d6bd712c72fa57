"""Morphology of the classical segmenter's landmark stage: boxes, largest pieces, necks, holes, in-plane discs."""

from __future__ import annotations

import cc3d
import fill_voids
import numpy as np
from scipy import ndimage


def box_of(mask: np.ndarray, pad: int) -> tuple[slice, slice, slice] | None:
    """Bounding box of a mask, padded and clipped; None when it is empty."""
    out = []
    for axis in range(3):
        hits = np.flatnonzero(mask.any(axis=tuple(a for a in range(3) if a != axis)))
        if hits.size == 0:
            return None
        out.append(slice(max(int(hits[0]) - pad, 0), min(int(hits[-1]) + 1 + pad, mask.shape[axis])))
    return out[0], out[1], out[2]


def cut_necks(mask: np.ndarray, seed: np.ndarray, radius_mm: float, spacing: np.ndarray) -> np.ndarray:
    """The organ without what hangs on it by a neck thinner than 2 x `radius_mm` (a leak into a neighbour).

    An in-plane opening cuts the necks; the piece holding the seed is kept and given back its edge.
    """
    structure = disc(radius_mm, spacing)
    opened = ndimage.binary_opening(mask, structure=structure)
    labels, n = cc3d.connected_components(opened, connectivity=26, return_N=True)
    if n == 0:
        return mask
    hits = np.bincount(labels[seed & opened], minlength=n + 1)
    hits[0] = 0
    keep = labels == int(np.argmax(hits)) if hits.any() else largest(opened)
    return mask & ndimage.binary_dilation(keep, structure=structure)


def disc(radius_mm: float, spacing: np.ndarray) -> np.ndarray:
    """An in-plane disc of `radius_mm` as a structuring element (one slice thick)."""
    r = np.maximum(np.rint(radius_mm / spacing[:2]), 1).astype(int)
    yy, xx = np.mgrid[-r[0]:r[0] + 1, -r[1]:r[1] + 1]
    return ((yy * spacing[0]) ** 2 + (xx * spacing[1]) ** 2 <= radius_mm**2 + 1e-6)[:, :, None]


def dilate_in_plane(mask: np.ndarray, radius_mm: float, spacing: np.ndarray) -> np.ndarray:
    """Dilation by an in-plane disc (slices are often thicker than pixels)."""
    return ndimage.binary_dilation(mask, structure=disc(radius_mm, spacing))


def largest(mask: np.ndarray, connectivity: int = 26) -> np.ndarray:
    """The largest connected piece of a mask (26-, 18- or 6-connected); the mask itself when it has one piece or none."""
    labels, n = cc3d.connected_components(mask, connectivity=connectivity, return_N=True)
    if n <= 1:
        return mask
    counts = np.bincount(labels.ravel())
    counts[0] = 0
    return labels == int(np.argmax(counts))


def close_and_fill(mask: np.ndarray, spacing: np.ndarray, max_share: float = 0.1) -> np.ndarray:
    """The organ plus the holes it encloses that are small beside it (lesions), in 3D and per slice.

    A large enclosed hole is another structure the organ wraps around (a vessel, the gall bladder), not a lesion.
    """
    total = int(np.count_nonzero(mask))
    out = mask.copy()
    holes = fill_voids.fill(mask) & ~mask
    for k in np.flatnonzero(mask.any(axis=(0, 1))):
        holes[:, :, k] |= fill_voids.fill(mask[:, :, k]) & ~mask[:, :, k]
    labels, n = cc3d.connected_components(holes, connectivity=6, return_N=True)
    if n:
        sizes = np.bincount(labels.ravel())
        small = np.flatnonzero(sizes <= max_share * total)
        out |= np.isin(labels, small[small > 0])
    return out


def faces_mm2(a: np.ndarray, b: np.ndarray, spacing: np.ndarray) -> float:
    """Area (mm²) of the voxel faces between mask `a` and mask `b` (same shape; faces at the array's edge excluded)."""
    return float(sum(faces_across_mm2(a, b, spacing)))


def faces_across_mm2(a: np.ndarray, b: np.ndarray, spacing: np.ndarray) -> list[float]:
    """Per axis, the area (mm²) of the voxel faces between masks `a` and `b` across that axis."""
    areas = []
    for axis in range(3):
        face = float(np.prod(np.delete(spacing, axis)))
        lo, hi = [slice(None)] * 3, [slice(None)] * 3
        lo[axis], hi[axis] = slice(None, -1), slice(1, None)
        pairs = np.count_nonzero(a[tuple(lo)] & b[tuple(hi)]) + np.count_nonzero(a[tuple(hi)] & b[tuple(lo)])
        areas.append(face * pairs)
    return areas


def widest_mm2(mask: np.ndarray, spacing: np.ndarray) -> list[float]:
    """Per axis, the area (mm²) of the mask's widest cross-section across that axis."""
    return [float(np.count_nonzero(mask, axis=tuple(a for a in range(3) if a != axis)).max(initial=0))
            * float(np.prod(np.delete(spacing, axis))) for axis in range(3)]
