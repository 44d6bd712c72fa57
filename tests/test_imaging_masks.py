"""Compact masks: the same values in memory written only over their bounding box."""

from __future__ import annotations

import os

import numpy as np
import pytest

from imaging.masks import COMPACT_MIN_BYTES, compact_mask, mask_box


def _reference_box(mask: np.ndarray) -> tuple[slice, ...] | None:
    out = []
    for axis in range(3):
        hits = np.flatnonzero(mask.any(axis=tuple(a for a in range(3) if a != axis)))
        if hits.size == 0:
            return None
        out.append(slice(int(hits[0]), int(hits[-1]) + 1))
    return tuple(out)


@pytest.mark.parametrize("seed", range(40))
def test_the_box_is_the_smallest_holding_every_voxel(seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = tuple(int(n) for n in rng.integers(1, 40, 3))  # last axes of every width: 8-, 4-, 2- and 1-byte words
    mask = np.zeros(shape, dtype=bool)
    for _ in range(int(rng.integers(0, 5))):
        mask[tuple(int(rng.integers(0, n)) for n in shape)] = True
    assert mask_box(mask) == _reference_box(mask)
    assert mask_box(np.asfortranarray(mask)) == _reference_box(mask)  # any memory order


@pytest.mark.parametrize("where", ["corner", "centre", "empty", "full", "scattered"])
def test_a_large_mask_keeps_its_values_shape_and_type(where: str) -> None:
    shape = (160, 128, 410)  # 8.4 MB: above the size from which masks are compacted
    assert np.prod(shape) >= COMPACT_MIN_BYTES
    mask = np.zeros(shape, dtype=bool)
    rng = np.random.default_rng(1)
    if where == "corner":
        mask[-5:, :3, -7:] = True
    elif where == "centre":
        mask[60:90, 40:70, 100:300] = rng.random((30, 30, 200)) > 0.3
    elif where == "full":
        mask[:] = True
    elif where == "scattered":
        mask.flat[rng.choice(mask.size, 50, replace=False)] = True
    out = compact_mask(mask)
    assert out is not mask and out.dtype == bool and out.shape == shape and out.flags.c_contiguous
    assert np.array_equal(out, mask)


def test_a_small_or_2d_mask_is_returned_as_bool_without_a_second_copy() -> None:
    small = np.ones((20, 20, 20), dtype=np.uint8)
    out = compact_mask(small)
    assert out.dtype == bool and np.array_equal(out, small.astype(bool))
    already = np.zeros((30, 30), dtype=bool)
    assert compact_mask(already) is already


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="resident memory read from Linux's /proc")
def test_a_compact_mask_is_resident_only_about_its_box() -> None:
    """Written only inside its box, a mask takes memory about the box's, however large its grid."""
    page = os.sysconf("SC_PAGE_SIZE")

    def resident() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * page

    shape = (512, 512, 300)  # 79 MB, a full-size CT's grid
    mask = np.zeros(shape, dtype=bool)
    mask[200:240, 200:260, 100:180] = True  # a box of 0.2 MB
    before = resident()
    out = compact_mask(mask)
    grown = resident() - before
    assert np.array_equal(out, mask)
    assert grown < 16 * 2**20, grown  # not the 79 MB of a full copy (rows of the box round up to pages)
