"""The redraw's container changes: HU-range masks computed in their coarse box equal the full-grid formula."""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_grid import upsample
from agents.segmenters.classical_redraw import _in_range_near


@pytest.mark.parametrize("factors", [(2, 2, 1), (3, 3, 2), (4, 1, 3)])
@pytest.mark.parametrize("place", ["inside", "edge", "empty"])
def test_in_range_near_equals_the_whole_grid_formula(factors: tuple[int, int, int], place: str) -> None:
    rng = np.random.default_rng(sum(factors))
    fine_shape = (61, 47, 23)  # not a multiple of the factors: the last blocks are cut by the grid
    coarse_shape = tuple(-(-n // f) for n, f in zip(fine_shape, factors, strict=True))
    near = np.zeros(coarse_shape, dtype=bool)
    if place == "inside":
        near[3:7, 2:6, 1:4] = True
    elif place == "edge":  # reaches the last coarse voxel of every axis
        near[-3:, -2:, -2:] = True
        near[0, 0, 0] = True
    ct = rng.normal(-200, 400, size=fine_shape).astype(np.float32)
    for low, high in ((-np.inf, -400.0), (180.0, np.inf)):
        expected = upsample(near, factors, fine_shape) & (ct > low) & (ct < high)
        got = _in_range_near(near, ct, factors, low, high)
        assert got.dtype == bool and got.shape == fine_shape
        assert np.array_equal(got, expected)
        assert got.any() == (place != "empty")
