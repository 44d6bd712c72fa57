"""The classical segmenter's two grids: a coarse one (about 3 mm) to find structures, the image's own to draw their edges.

Finding organs needs context (landmarks, levels, components) but not fine detail, so a large image
is segmented on block means of the CT: a 512 x 512 x 300 volume at 0.8 x 0.8 x 1 mm becomes 2.9 M
voxels of 2.4 x 2.4 x 3 mm instead of 79 M (averaging 27 voxels also divides the noise by 5). Edges are then
redrawn on the image's grid, but only in a band one coarse voxel either side of each coarse
edge: a band voxel belongs to the structure when its in-plane 3x3 mean is nearer the structure's
local mean than the local mean of what lies outside it (both read on the coarse grid nearby), where those two differ by
at least `MIN_EDGE_CONTRAST_HU`.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from agents.segmenters.classical_morphology import box_of

GRID_MM = 3.0
"""Largest size of a coarse voxel (mm, up to a third more when whole blocks demand it)."""
VOXEL_BUDGET = 3_000_000
"""Images up to this many voxels are segmented on their own grid (a second or two); larger ones are coarsened to it."""
MIN_EDGE_CONTRAST_HU = 20.0
"""Below this contrast between a structure and what lies beside it (liver against a fluid-filled stomach) a
single voxel's mean is too noisy to decide: the coarse edge stays."""
_CUBE = np.ones((3, 3, 3), dtype=bool)


def block_factors(spacing: np.ndarray, shape: tuple[int, ...], grid_mm: float = GRID_MM,
                  budget: int = VOXEL_BUDGET) -> tuple[int, int, int]:
    """How many voxels of each axis make one coarse voxel: the finest axis is merged first, until the coarse
    grid holds at most `budget` voxels or every axis would pass `grid_mm` (a small image stays as it is)."""
    factors = [1, 1, 1]
    while int(np.prod([-(-n // f) for n, f in zip(shape, factors, strict=True)])) > budget:
        sizes = [float(s) * (f + 1) for s, f in zip(spacing, factors, strict=True)]
        axis = int(np.argmin(sizes))
        if sizes[axis] > grid_mm * 4 / 3:
            break
        factors[axis] += 1
    return factors[0], factors[1], factors[2]


def block_mean(ct: np.ndarray, factors: tuple[int, int, int]) -> np.ndarray:
    """Mean HU of each block of `factors` voxels (float32); a partial block at an edge averages what it has.

    Reads `ct` (any dtype, any strides) a slab of blocks at a time: no full-size float copy.
    """
    fi, fj, fk = factors
    ni, nj, nk = coarse_shape(ct.shape, factors)
    out = np.empty((ni, nj, nk), dtype=np.float32)
    slab = max(1, 32 // fk)
    for k0 in range(0, nk, slab):
        k1 = min(k0 + slab, nk)
        part = np.asarray(ct[:, :, k0 * fk : k1 * fk], dtype=np.float32)
        pad = [(0, ni * fi - part.shape[0]), (0, nj * fj - part.shape[1]), (0, (k1 - k0) * fk - part.shape[2])]
        if any(p[1] for p in pad):
            part = np.pad(part, pad, mode="edge")  # an edge block averages its own voxels with copies of them
        out[:, :, k0:k1] = part.reshape(ni, fi, nj, fj, k1 - k0, fk).mean(axis=(1, 3, 5), dtype=np.float32)
    return out


def coarse_shape(shape: tuple[int, ...], factors: tuple[int, int, int]) -> tuple[int, int, int]:
    """The coarse grid's shape for an image of `shape`."""
    return tuple(-(-n // f) for n, f in zip(shape, factors, strict=True))  # type: ignore[return-value]


def upsample(mask: np.ndarray, factors: tuple[int, int, int], shape: tuple[int, ...]) -> np.ndarray:
    """A coarse mask on the fine grid (each coarse voxel repeated over its block), cropped to `shape`."""
    out = mask
    for axis, f in enumerate(factors):
        if f > 1:
            out = np.repeat(out, f, axis=axis)
    return np.ascontiguousarray(out[: shape[0], : shape[1], : shape[2]])


def _local_means(coarse_ct: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean coarse HU of the structure's voxels, and of the voxels outside it, over each 3x3x3 neighbourhood (NaN: none)."""
    inside = mask.astype(np.float32)
    outside = 1.0 - inside
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_in = ndimage.uniform_filter(coarse_ct * inside, 3) / ndimage.uniform_filter(inside, 3)
        mean_out = ndimage.uniform_filter(coarse_ct * outside, 3) / ndimage.uniform_filter(outside, 3)
    mean_in[ndimage.uniform_filter(inside, 3) < 1e-3] = np.nan
    mean_out[ndimage.uniform_filter(outside, 3) < 1e-3] = np.nan
    return mean_in.astype(np.float32), mean_out.astype(np.float32)


def _planar_mean_at(ct: np.ndarray, index: tuple[np.ndarray, ...]) -> np.ndarray:
    """The in-plane 3x3 mean of `ct` at the given voxels (edges clamped), without filtering the whole volume."""
    total = np.zeros(index[0].shape, dtype=np.float32)
    for di in (-1, 0, 1):
        i = np.clip(index[0] + di, 0, ct.shape[0] - 1)
        for dj in (-1, 0, 1):
            j = np.clip(index[1] + dj, 0, ct.shape[1] - 1)
            total += ct[i, j, index[2]]
    return total / 9.0


def refine(coarse: np.ndarray, coarse_ct: np.ndarray, ct: np.ndarray, factors: tuple[int, int, int],
           within: np.ndarray | None = None, smooth: bool = True) -> np.ndarray:
    """A coarse mask drawn on the image's grid, its edge redrawn from the image's own HU (see the module docstring).

    Args:
        coarse: The structure on the coarse grid.
        coarse_ct: Block means of the CT (the coarse grid).
        ct: The CT on the image's grid.
        factors: Block size (voxels per coarse voxel, per axis).
        within: Where the structure may lie on the image's grid (a lesion: its organ); None: anywhere.
        smooth: Read the 3x3 in-plane mean (organs, a few noise SDs from their neighbours), else the voxel
            itself (body, lung, bone: hundreds of HU from what surrounds them).
    """
    shape = ct.shape
    full = np.zeros(shape, dtype=bool)
    box = box_of(coarse, 2)
    if box is None:
        return full
    local = coarse[box]
    band = ndimage.binary_dilation(local, _CUBE) & ~ndimage.binary_erosion(local, _CUBE, border_value=1)
    mean_in, mean_out = _local_means(coarse_ct[box], local)
    fine_box = tuple(slice(b.start * f, min(b.stop * f, n)) for b, f, n in zip(box, factors, shape, strict=True))
    fine_shape = tuple(s.stop - s.start for s in fine_box)
    inside = upsample(local, factors, fine_shape)
    band_index = np.nonzero(upsample(band, factors, fine_shape))
    coarse_index = tuple(idx // f for idx, f in zip(band_index, factors, strict=True))
    level_in, level_out = mean_in[coarse_index], mean_out[coarse_index]
    offset = tuple(s.start for s in fine_box)
    fine_index = tuple(idx + o for idx, o in zip(band_index, offset, strict=True))
    values = _planar_mean_at(ct, fine_index) if smooth else ct[fine_index].astype(np.float32)
    decided = np.isfinite(level_in) & np.isfinite(level_out) & (np.abs(level_in - level_out) >= MIN_EDGE_CONTRAST_HU)
    nearer = np.abs(values - level_in) < np.abs(values - level_out)
    inside[band_index] = np.where(decided, nearer, inside[band_index])
    full[fine_box] = inside
    if within is not None:
        full &= within
    return full
