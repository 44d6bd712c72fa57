"""Triage's integrity check on finite and non-finite volumes, without copying the volume."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from agents.triage_checks import slices
from agents.triage_checks.slices import integrity_check
from imaging.volume import Image


def _image(array: np.ndarray) -> Image:
    return Image(array=array, affine=np.diag([1.0, 1.0, 2.0, 1.0]), spacing=(1.0, 1.0, 2.0), meta={"file_axcodes": "RAS"})


@pytest.mark.parametrize("shape", [(40, 30, 12), (128, 96, 40)])
@pytest.mark.parametrize("non_finite", [0, 5])
def test_blank_and_varied_volumes_with_or_without_nan(shape: tuple[int, int, int], non_finite: int) -> None:
    rng = np.random.default_rng(non_finite)
    varied = rng.normal(40, 20, size=shape).astype(np.float32)
    blank = np.full(shape, -1000.0, dtype=np.float32)
    for array in (varied, blank):
        array.flat[rng.choice(array.size, non_finite, replace=False)] = np.nan
    varied_check, blank_check = integrity_check(_image(varied), "current:0", "ct"), integrity_check(_image(blank), "current:0", "ct")
    assert ("NaN" in varied_check.reason) == bool(non_finite)
    assert "blank" not in varied_check.reason and varied_check.passed == (non_finite == 0)
    assert "same value (-1000)" in blank_check.reason and not blank_check.passed


def test_an_all_nan_volume_is_named_without_error() -> None:
    check = integrity_check(_image(np.full((20, 20, 6), np.nan, dtype=np.float32)), "current:0", "ct")
    assert not check.passed and "NaN" in check.reason and "blank" not in check.reason


def test_the_check_does_not_copy_the_volume() -> None:
    array = np.random.default_rng(0).normal(0, 50, size=(160, 128, 48)).astype(np.float32)
    tracemalloc.start()
    try:
        integrity_check(_image(array), "current:0", "ct")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < array.nbytes / 2, (peak, array.nbytes)  # a boolean mask (nbytes / 4) at most


@pytest.mark.parametrize("shape", [(40, 30, 12), (9, 70, 20), (130, 16, 6)])
@pytest.mark.parametrize("axcodes", ["LPS", "SLA", "PIR"])
def test_the_check_reads_the_same_in_one_block_or_many(shape: tuple[int, int, int], axcodes: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The volume is scanned by blocks of rows: a problem in any block, and a slice spanning all, is found alike."""
    rng = np.random.default_rng(sum(shape))
    array = rng.normal(0, 50, size=shape).astype(np.float32)
    axis = {"S": 2, "I": 2, "A": 1, "P": 1, "L": 0, "R": 0}[axcodes[2]]
    moved = np.moveaxis(array, axis, 2)
    n = moved.shape[2]
    moved[..., n // 2] = -1000.0  # an interior blank slice
    moved[..., 1] = moved[..., 2]  # a duplicated slice
    moved[-1, -1, n - 2] = np.nan  # in the last block
    image = Image(array=array, affine=np.eye(4), spacing=(1.0, 1.0, 1.0), meta={"file_axcodes": axcodes})
    whole = integrity_check(image, "current:0", "ct")
    monkeypatch.setattr(slices, "_SCAN_BYTES", 1)  # one row of the volume per block
    blocks = integrity_check(image, "current:0", "ct")
    assert whole.model_dump() == blocks.model_dump()
    assert whole.passed is False
    for found in ("1 voxels are NaN", f"interior slice(s) {n // 2} are blank", "slice(s) 1 repeat the next"):
        assert found in (whole.reason or ""), whole.reason
