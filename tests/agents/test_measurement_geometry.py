"""The fast geometry against plain scipy / brute-force versions of the same definitions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import ndimage

from agents.measures.geometry import axial_diameter, bounding_box, erode_cube, instances, within_distance
from agents.measures.resample import IsoGrid
from imaging.volume import Image, LabelMap
from synthetic.phantom import longest_axial_diameter

CUBE = np.ones((3, 3, 3), dtype=bool)


def _blobs(seed: int, shape: tuple[int, int, int] = (36, 40, 14)) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return ndimage.binary_opening(rng.random(shape) > 0.55)


@pytest.mark.parametrize("seed", range(4))
def test_erosion_and_instances_equal_scipy(seed: int) -> None:
    mask = _blobs(seed)
    assert np.array_equal(erode_cube(mask), ndimage.binary_erosion(mask, structure=CUBE))
    labels, count = ndimage.label(mask, structure=CUBE)
    sizes = np.bincount(labels.ravel())[1:]
    order = sorted(range(count), key=lambda n: (-sizes[n], n))  # largest first, ties in raster order
    found = instances(mask)
    assert len(found) == count
    for inst, n in zip(found, order, strict=True):
        full = np.zeros_like(mask)
        full[inst.box] = inst.voxels
        assert np.array_equal(full, labels == n + 1)
        assert inst.voxel_count == sizes[n]


@pytest.mark.parametrize(("seed", "spacing"), [(0, (0.8, 0.7, 2.0)), (1, (0.83, 0.83, 5.0)), (2, (2.0, 2.0, 5.0))])
def test_longest_diameter_equals_brute_force_over_contours(seed: int, spacing: tuple[float, float, float]) -> None:
    mask = _blobs(seed)
    labels, count = ndimage.label(mask, structure=CUBE)
    for inst in instances(mask)[:25]:
        full = np.zeros_like(mask)
        full[inst.box] = inst.voxels
        expected_mm, expected_k = longest_axial_diameter(full, spacing)
        got = axial_diameter(inst.voxels, spacing, inst.offset)
        assert got is not None
        assert math.isclose(got.longest_mm, expected_mm, rel_tol=1e-12)
        if got.slice_k != expected_k:  # only on an exact tie, where the lowest slice wins
            below = full.copy()
            below[:, :, got.slice_k + 1:] = False
            assert got.slice_k < expected_k
            assert math.isclose(longest_axial_diameter(below, spacing)[0], expected_mm, rel_tol=1e-12)
        (i0, j0), (i1, j1) = got.endpoints_ij
        assert full[i0, j0, got.slice_k] and full[i1, j1, got.slice_k]
        assert got.short_axis_mm <= got.longest_mm


@pytest.mark.parametrize("angle", [0.0, 0.4, 1.1])
def test_short_axis_of_an_ellipse(angle: float) -> None:
    """Semi-axes 20 and 12 mm on 0.5 mm pixels: long axis ~40 mm, short axis ~24 mm (within a pixel or two)."""
    s = 0.5
    x, y = np.mgrid[-50:51, -50:51] * s
    u = x * math.cos(angle) + y * math.sin(angle)
    v = -x * math.sin(angle) + y * math.cos(angle)
    ellipse = ((u / 20) ** 2 + (v / 12) ** 2 <= 1)[:, :, None]
    got = axial_diameter(ellipse, (s, s, 1.0))
    assert got is not None
    assert 40 - 2 * s <= got.longest_mm <= 40
    assert 24 - 3 * s <= got.short_axis_mm <= 24 + s
    (i0, j0), (i1, j1) = got.endpoints_ij
    direction = math.atan2(j1 - j0, i1 - i0) % math.pi
    assert min(abs(direction - angle % math.pi), math.pi - abs(direction - angle % math.pi)) < 0.1


def test_physical_dilation_equals_distance_to_every_voxel() -> None:
    rng = np.random.default_rng(3)
    mask = np.zeros((30, 30, 12), dtype=bool)
    mask[12:16, 10:13, 5:7] = True
    mask[14, 14, 7] = True
    spacing = (0.8, 1.1, 2.5)
    box = bounding_box(mask)
    grown, near = within_distance(mask[box], box, mask.shape, spacing, 4.0)
    full = np.zeros_like(mask)
    full[grown] = near
    expected = ndimage.distance_transform_edt(~mask, sampling=spacing) <= 4.0
    assert np.array_equal(full, expected)
    assert rng is not None


def test_bounding_box() -> None:
    mask = np.zeros((10, 11, 12), dtype=bool)
    assert bounding_box(mask) is None
    mask[2, 3, 4] = mask[5, 9, 6] = True
    assert bounding_box(mask) == (slice(2, 6), slice(3, 10), slice(4, 7))
    assert bounding_box(mask, pad=3) == (slice(0, 9), slice(0, 11), slice(1, 10))


def test_isotropic_grid_matches_nibabel_resampling() -> None:
    import nibabel as nib
    from nibabel.processing import resample_to_output

    rng = np.random.default_rng(0)
    affine = np.diag([0.83, 0.9, 2.5, 1.0])
    affine[:3, 3] = (-40.0, 12.5, -300.0)
    ct = rng.normal(40, 30, (40, 36, 10)).astype(np.float32)
    mask = _blobs(1, (40, 36, 10))
    image = Image(ct, affine, (0.83, 0.9, 2.5))
    grid = IsoGrid.over(image, 1.0)
    expected_ct = resample_to_output(nib.Nifti1Image(ct.astype(np.float64), affine), voxel_sizes=1.0, order=1)
    expected_mask = resample_to_output(nib.Nifti1Image(mask.view(np.uint8), affine), voxel_sizes=1.0, order=0)
    assert grid.shape == expected_ct.shape and np.allclose(grid.affine, expected_ct.affine)
    lazy = grid.image(image).array
    assert np.abs(np.asarray(lazy) - np.asarray(expected_ct.dataobj)).max() < 1e-9
    box = (slice(3, 20), slice(5, 30), slice(2, 19))
    assert np.array_equal(lazy[box], np.asarray(lazy)[box])  # a box computed alone equals the same box of the whole
    resampled = grid.mask(LabelMap(mask, affine, (0.83, 0.9, 2.5), "blob"))
    assert np.array_equal(resampled.array, np.asarray(expected_mask.dataobj) > 0)
