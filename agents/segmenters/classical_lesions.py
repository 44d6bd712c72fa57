"""Lesions inside an organ mask: connected regions clearly darker or brighter than the organ's parenchyma.

Runs on the coarse grid (`classical_grid`), where block means have already divided the noise.
A lesion must pass every gate, each a kind of false lesion seen on phantoms from two generators:

- contrast: its 3x3x3 organ-only mean lies beyond the parenchyma level by at least
  `MIN_CONTRAST_HU` and `CORE_SIGMAS` noise standard deviations (texture, bias fields, noise);
- place: it is not mostly in the organ's outer shell (partial volume with fat or a neighbour at
  the organ's edge reads as a dark or bright rim);
- fat: fat and its partial-volume shell are never lesion (renal sinus fat inside a filled kidney,
  fat in a fissure): voxels below `FAT_HU` are excluded, and a region whose ring inside the organ
  is more than `MAX_FAT_RING` fat is dropped;
- size: at least `MIN_LESION_ML` (a sphere of about 7 mm; the target is lesions of 10 mm and more).

Kidneys are bimodal (cortex and medulla enhance differently): darker regions are read against
the lower level (20th percentile), brighter ones against the upper (80th).
"""

from __future__ import annotations

import math

import cc3d
import fill_voids
import numpy as np
from scipy import ndimage

CORE_SIGMAS = 4.0
MIN_CONTRAST_HU = 12.0
MIN_LESION_ML = 0.18
FAT_HU = -40.0
MAX_FAT_RING = 0.25
MAX_EDGE_SHARE = 0.5
_CUBE = np.ones((3, 3, 3), dtype=bool)


def local_mean(ct: np.ndarray, organ: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the 3x3x3 neighbourhood over organ voxels, and how many organ voxels it used."""
    weight = organ.astype(np.float32)
    count = ndimage.uniform_filter(weight, size=3, mode="constant") * 27
    total = ndimage.uniform_filter(ct.astype(np.float32) * weight, size=3, mode="constant") * 27
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(organ, total / np.maximum(count, 1e-6), 0.0)
    return mean.astype(np.float32), np.rint(count).astype(np.float32)


def find_lesions(ct: np.ndarray, organ: np.ndarray, voxel_ml: float, bimodal: bool = False) -> np.ndarray:
    """Lesion voxels of one organ (both hypo- and hyperdense), as a mask in the organ's box.

    Args:
        ct: HU in the organ's box (coarse grid).
        organ: The organ mask in that box.
        voxel_ml: Volume of a voxel, for the minimum lesion size.
        bimodal: Renal cortex and medulla: darker lesions against the 20th percentile, brighter against the 80th.
    """
    lesions = np.zeros(organ.shape, dtype=bool)
    tissue = organ & (ct > FAT_HU)
    interior = ndimage.binary_erosion(organ, _CUBE) & tissue
    if np.count_nonzero(interior) < 27:
        return lesions
    mean, count = local_mean(ct, tissue)
    residual = np.abs(ct[interior] - mean[interior])
    noise = max(1.4826 * float(np.median(residual)) * math.sqrt(27 / 26), 1.0)
    low = float(np.percentile(mean[interior], 20 if bimodal else 50))
    high = float(np.percentile(mean[interior], 80 if bimodal else 50))
    stderr = noise / np.sqrt(np.maximum(count, 1.0))
    edge = organ & ~ndimage.binary_erosion(organ, _CUBE)
    min_voxels = max(2, int(math.ceil(MIN_LESION_ML / voxel_ml)))
    for sign, level in ((-1.0, low), (1.0, high)):
        beyond = sign * (mean - level)
        cores = tissue & (beyond > np.maximum(CORE_SIGMAS * stderr, MIN_CONTRAST_HU))
        labels, n = cc3d.connected_components(cores, connectivity=26, return_N=True)
        if n == 0:
            continue
        stats = cc3d.statistics(labels)
        for label in range(1, n + 1):
            size = int(stats["voxel_counts"][label])
            if size < min_voxels:
                continue
            box = _pad(stats["bounding_boxes"][label], organ.shape, 2)
            piece = labels[box] == label
            if np.count_nonzero(piece & edge[box]) > MAX_EDGE_SHARE * size:
                continue
            ring = ndimage.binary_dilation(piece, _CUBE) & ~piece & organ[box]
            if ring.any() and float(np.mean(ct[box][ring] < FAT_HU)) > MAX_FAT_RING:
                continue
            grown = _grow(ct[box], organ[box] & (ct[box] > FAT_HU), piece, level, sign)
            lesions[box] |= grown
    return fill_voids.fill(lesions) & organ


def _pad(box: tuple[slice, ...], shape: tuple[int, ...], pad: int) -> tuple[slice, slice, slice]:
    out = tuple(slice(max(b.start - pad, 0), min(b.stop + pad, n)) for b, n in zip(box, shape, strict=True))
    return out  # type: ignore[return-value]


def _grow(ct: np.ndarray, tissue: np.ndarray, core: np.ndarray, level: float, sign: float) -> np.ndarray:
    """The core's full extent: tissue voxels connected to it past the midpoint between parenchyma and lesion."""
    lesion_hu = float(np.median(ct[core]))
    midpoint = (level + lesion_hu) / 2
    beyond = tissue & (sign * (ct - midpoint) > 0) & ndimage.binary_dilation(core, _CUBE, iterations=2)
    labels = cc3d.connected_components(beyond | core, connectivity=26)
    keep = np.unique(labels[core])
    return np.isin(labels, keep[keep > 0])
