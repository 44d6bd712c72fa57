"""An organ that only grazes the border of the field of view keeps its size; one the border cuts is a lower bound.

Suite AP (session 39, another author's phantoms) draws bodies wider than the in-plane field of view: a liver's lateral
curve touches the border with 320 voxels of 1.05 million, and its volume had been withheld as a lower bound. Here an
ellipsoid organ is drawn whole on a larger grid, then cropped to the field of view at several depths, on each axis and
side, at several voxel sizes; what decides is the share of the organ the crop really removed.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.measures.guards import judge
from imaging.volume import Image, LabelMap


def _case(axis: int, high: bool, depth_mm: float, spacing: tuple[float, float, float], radii_mm: tuple[float, float, float]):
    """A liver-like ellipsoid cropped `depth_mm` past the border of `axis`: (image, masks, share of voxels cut off)."""
    shape = tuple(int(2 * r / s) + 24 for r, s in zip(radii_mm, spacing, strict=True))
    grid = np.indices(shape, dtype=np.float32)
    centre = [n / 2 for n in shape]
    inside = sum(((grid[a] - centre[a]) * spacing[a] / radii_mm[a]) ** 2 for a in range(3)) <= 1.0
    reach = [int(np.nonzero(inside.any(axis=tuple(b for b in range(3) if b != a)))[0][i]) for a in range(3) for i in (0, -1)]
    first, last = reach[2 * axis], reach[2 * axis + 1]
    cut_voxels = int(round(depth_mm / spacing[axis]))
    crop = [slice(None)] * 3
    crop[axis] = slice(0, last + 1 - cut_voxels) if high else slice(first + cut_voxels, None)
    mask = inside[tuple(crop)]
    share_cut = 1.0 - mask.sum() / inside.sum()
    ct = np.where(mask, 60.0, 40.0).astype(np.float32) + np.random.default_rng(0).normal(0, 5, mask.shape).astype(np.float32)
    affine = np.diag([*spacing, 1.0])
    image = Image(ct, affine, spacing, meta={"has_orientation": True})
    return image, {"liver": LabelMap(mask, affine, spacing, "liver")}, share_cut


@pytest.mark.parametrize("spacing", [(0.7, 0.7, 1.0), (0.8, 0.8, 2.5), (1.5, 1.5, 5.0)])
@pytest.mark.parametrize(("axis", "high"), [(0, False), (0, True), (1, True), (2, False), (2, True)])
@pytest.mark.parametrize("depth_mm", [0.0, 2.0, 12.0, 30.0])
def test_size_is_kept_only_when_the_border_removes_next_to_nothing(spacing, axis, high, depth_mm) -> None:
    image, masks, share_cut = _case(axis, high, depth_mm, spacing, (70.0, 55.0, 80.0))
    incomplete = any(v.structure == "liver" and v.problem == "incomplete" for v in judge(image, masks))
    if share_cut < 0.005:
        assert not incomplete, share_cut
    elif share_cut > 0.02:
        assert incomplete, share_cut
