"""Organ programs: volume, attenuation over the organ minus its lesions, and derived ratios."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from agents.measures.geometry import Box, bounding_box, erode_cube
from imaging.volume import OUTSIDE_FOV_HU


@dataclass(frozen=True)
class OrganStats:
    """What one organ mask gives: size, and CT statistics over its eroded lesion-free core."""

    voxel_count: int
    volume_ml: float
    mean_hu: float | None
    """None when erosion leaves no voxel (a structure two voxels thin)."""
    std_hu: float | None
    core_voxels: int
    box: Box | None
    erosion: str = "3x3x3 cube"
    """The element the HU core was eroded by: a 3x3 in-plane square on a single axial slice (a cube leaves none)."""


def organ_stats(mask: np.ndarray, ct: np.ndarray, lesions_in: Callable[[Box], np.ndarray | None],
                voxel_ml: float) -> OrganStats:
    """DeepTumorVQA organ measurements.

    Volume = voxel count x voxel volume. HU mean and (population) standard deviation over
    (organ - every lesion mask) eroded by a 3x3x3 cube, outside the array counted as background,
    and inside the reconstructed field of view (`inside_fov`).
    Work is done on the organ's box padded by one voxel, which erodes exactly like the full array.

    Args:
        mask: The organ, canonical RAS.
        ct: The CT in HU on the same grid.
        lesions_in: Union of the lesion masks within a box (None when there are none).
        voxel_ml: Volume of one voxel (mL), from the header spacing.
    """
    box = bounding_box(mask, pad=1)
    if box is None:
        return OrganStats(0, 0.0, None, None, 0, None)
    local = mask[box]
    count = int(np.count_nonzero(local))
    lesions = lesions_in(box)
    tissue = local & ~lesions if lesions is not None else local
    single_slice = ct.shape[2] == 1  # canonical RAS: one axial plane, eroded in that plane only
    core = erode_cube(tissue, (0, 1) if single_slice else (0, 1, 2))
    erosion = "3x3 in-plane square (single slice)" if single_slice else "3x3x3 cube"
    values = inside_fov(ct[box][core])
    if values.size == 0:
        return OrganStats(count, count * voxel_ml, None, None, 0, box, erosion)
    return OrganStats(count, count * voxel_ml, float(values.mean()), float(values.std()), int(values.size), box, erosion)


def inside_fov(values: np.ndarray) -> np.ndarray:
    """CT values (float64) without the padding outside the reconstructed field of view (below
    `OUTSIDE_FOV_HU`): a mask reaching past the reconstruction circle is measured on what was imaged."""
    values = np.asarray(values, dtype=np.float64)
    return values[values >= OUTSIDE_FOV_HU]


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is missing or the denominator is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator
