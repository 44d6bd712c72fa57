"""The classical segmenter's coarse grid, edge redrawing and lesion gates, each varied in size, place, spacing and contrast."""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_grid import block_factors, block_mean, refine, upsample
from agents.segmenters.classical_lesions import find_lesions


def dice(a: np.ndarray, b: np.ndarray) -> float:
    total = np.count_nonzero(a) + np.count_nonzero(b)
    return 1.0 if total == 0 else 2 * np.count_nonzero(a & b) / total


@pytest.mark.parametrize(("shape", "spacing", "expected"), [
    ((512, 512, 300), (0.8, 0.8, 1.0), (3, 3, 3)),  # full size: 2.9 M coarse voxels
    ((352, 352, 82), (1.0, 1.0, 5.0), (2, 2, 1)),  # thick slices are never merged
    ((160, 128, 40), (2.0, 2.0, 5.0), (1, 1, 1)),  # small: stays on its own grid
    ((600, 600, 100), (0.6, 0.6, 5.0), (4, 3, 1)),  # the first axis merged first, then the budget is met
])
def test_block_factors_keep_the_coarse_grid_within_budget(shape, spacing, expected) -> None:
    factors = block_factors(np.asarray(spacing), shape)
    assert factors == expected
    coarse = np.prod([-(-n // f) for n, f in zip(shape, factors, strict=True)])
    assert coarse <= 3_000_000 or all(s * f >= 2.0 for s, f in zip(spacing, factors, strict=True))
    assert all(s * f <= 4.0 or f == 1 for s, f in zip(spacing, factors, strict=True))


@pytest.mark.parametrize("shape", [(9, 7, 5), (12, 12, 6), (10, 11, 13)])
@pytest.mark.parametrize("factors", [(3, 3, 1), (2, 3, 2), (4, 4, 3)])
def test_block_mean_is_the_mean_of_each_block_on_any_strides(shape, factors) -> None:
    rng = np.random.default_rng(sum(shape) + sum(factors))
    ct = rng.integers(-1000, 1000, size=shape).astype(np.int16)[::-1, :, ::-1]  # a reoriented, non-contiguous view
    coarse = block_mean(ct, factors)
    assert coarse.dtype == np.float32
    assert coarse.shape == tuple(-(-n // f) for n, f in zip(shape, factors, strict=True))
    for index in [(0, 0, 0), tuple(n - 1 for n in coarse.shape), (coarse.shape[0] // 2, 0, coarse.shape[2] - 1)]:
        block = ct[tuple(slice(i * f, (i + 1) * f) for i, f in zip(index, factors, strict=True))].astype(np.float64)
        # a partial edge block repeats its own last voxels: its mean is the mean of what it has, weighted by the copies
        full = np.pad(block, [(0, f - b) for f, b in zip(factors, block.shape, strict=True)], mode="edge")
        assert coarse[index] == pytest.approx(full.mean(), abs=1e-3)


def _sphere(shape: tuple[int, int, int], centre: np.ndarray, radius_vox: np.ndarray) -> np.ndarray:
    grid = np.indices(shape).astype(np.float32)
    return sum(((g - c) / r) ** 2 for g, c, r in zip(grid, centre, radius_vox, strict=True)) <= 1.0


@pytest.mark.parametrize(("radius_mm", "offset", "spacing", "contrast"), [
    (12.0, (0.3, 0.1, 0.0), (0.8, 0.8, 1.0), 150.0),  # a vessel
    (25.0, (1.7, 0.4, 0.5), (0.7, 0.7, 2.0), 60.0),  # a kidney
    (40.0, (0.0, 2.2, 1.1), (1.0, 1.0, 3.0), 40.0),  # a spleen beside fat
])
def test_refined_edges_beat_the_coarse_blocks(radius_mm, offset, spacing, contrast) -> None:
    spacing = np.asarray(spacing)
    shape = tuple(int(2.6 * radius_mm / s) + 8 for s in spacing)
    centre = np.asarray(shape) / 2 + np.asarray(offset)
    truth = _sphere(shape, centre, radius_mm / spacing)
    rng = np.random.default_rng(int(radius_mm))
    ct = np.where(truth, contrast, 0.0).astype(np.float32) + rng.normal(0, 8, shape).astype(np.float32)
    factors = (3, 3, max(1, int(3 // spacing[2])))
    coarse_ct = block_mean(ct, factors)
    coarse = coarse_ct > contrast / 2
    nearest = upsample(coarse, factors, shape)
    redrawn = refine(coarse, coarse_ct, ct, factors)
    assert redrawn.shape == shape and redrawn.dtype == bool
    assert dice(redrawn, truth) > dice(nearest, truth)
    assert dice(redrawn, truth) >= 0.95
    assert not (refine(coarse, coarse_ct, ct, factors, within=~truth) & truth).any()  # `within` bounds it


def _organ(seed: int, noise: float, level: float = 60.0) -> tuple[np.ndarray, np.ndarray]:
    """An ellipsoidal organ of `level` HU in fat, smooth bias and noise, on a 3 mm coarse grid."""
    rng = np.random.default_rng(seed)
    shape = (40, 34, 30)
    organ = _sphere(shape, np.asarray(shape) / 2 + rng.uniform(-2, 2, 3), np.array([17.0, 14.0, 12.0]))
    x = np.linspace(-1, 1, shape[0])[:, None, None]
    ct = np.where(organ, level + 3.0 * x, -100.0) + rng.normal(0, noise, shape)
    return ct.astype(np.float32), organ


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("noise", [2.0, 6.0])
def test_no_lesion_in_a_lesion_free_organ(seed: int, noise: float) -> None:
    ct, organ = _organ(seed, noise)
    assert not find_lesions(ct, organ, voxel_ml=0.027).any()


def test_fat_inside_a_filled_organ_and_its_rim_are_not_lesions() -> None:
    ct, organ = _organ(1, 3.0, level=150.0)
    sinus = _sphere(ct.shape, np.asarray(ct.shape) / 2, np.array([4.0, 3.0, 5.0]))
    ct[sinus] = -90.0  # renal sinus fat, inside the filled kidney mask
    from scipy import ndimage

    blurred = ndimage.uniform_filter(ct, 3)  # partial volume around the fat and at the outer edge
    assert not find_lesions(blurred.astype(np.float32), organ, voxel_ml=0.027, bimodal=True).any()


@pytest.mark.parametrize(("radius_vox", "place", "contrast"), [
    (2.0, (0, 0, 0), -30.0),  # a 12 mm hypodense lesion
    (3.0, (6, -4, 2), -20.0),
    (2.5, (-7, 3, -3), 35.0),  # hyperdense
    (4.0, (8, 5, 0), -50.0),
])
def test_a_lesion_of_ten_mm_or_more_is_found_where_it_is(radius_vox, place, contrast) -> None:
    ct, organ = _organ(3, 3.0)
    lesion = _sphere(ct.shape, np.asarray(ct.shape) / 2 + np.asarray(place), np.full(3, radius_vox))
    ct[lesion] += contrast
    found = find_lesions(ct, organ, voxel_ml=0.027)
    assert dice(found, lesion) >= 0.6
    assert found[lesion].mean() > 0.6


@pytest.mark.parametrize("orientation", ["LPS", "RAS"])
def test_a_large_image_is_segmented_coarse_and_drawn_on_its_own_grid(tmp_path, orientation: str) -> None:
    """A phantom made 4x finer in-plane than the budget allows: structures found coarse, masks on the image's grid,
    each lesion inside its organ, the organs close to the truth."""
    from agents.segmenters import get_segmenter
    from imaging.masks import read_mask
    from imaging.volume import read_image
    from synthetic.phantom import PhantomSpec, make_phantom

    make_phantom(tmp_path / "case", PhantomSpec(seed=11, shape=(320, 256, 40), spacing=(1.0, 1.0, 5.0),
                                                 orientation=orientation, liver_lesions=1, kidney_lesion="cyst"))
    image = read_image(tmp_path / "case" / "ct.nii.gz")
    result = get_segmenter("classical").segment(image)
    factors = result.details["grid"]["factors"]
    assert np.prod(factors) > 1 and np.prod(result.details["grid"]["coarse_shape"]) <= 3_000_000
    for name, mask in result.masks.items():
        assert mask.array.shape == image.array.shape, name
    assert not (result.masks["liver_tumor"].array & ~result.masks["liver"].array).any()
    for organ in ("liver", "spleen", "kidney_left", "kidney_right"):
        truth = read_mask(tmp_path / "case" / "segmentations" / f"{organ}.nii.gz").array
        assert dice(result.masks[organ].array, truth) >= 0.9, organ
    segments = sum(result.masks[f"liver_segment_{n}"].array.astype(int) for n in range(1, 9))
    assert np.array_equal(segments > 0, result.masks["liver"].array) and segments.max() == 1  # a partition


@pytest.mark.parametrize(("spacing", "offset", "radius_vox"), [
    ((1.5, 1.5, 5.0), (0, 0), 4), ((2.4, 2.4, 3.0), (5, -3), 3), ((0.8, 0.8, 1.0), (-6, 4), 9),
])
def test_a_vessel_the_liver_wraps_is_the_ivc_not_a_lesion(spacing, offset, radius_vox) -> None:
    """A tube through the liver's height reads as a bright 'lesion': it leaves the liver and, the IVC missing, becomes it."""
    from agents.segmenters.classical_lesions import vessels_out

    shape = (60, 60, 40)
    liver = np.zeros(shape, dtype=bool)
    liver[5:55, 5:55, 2:38] = True
    i, j = np.indices(shape[:2])
    tube = ((i - 30 - offset[0]) ** 2 + (j - 30 - offset[1]) ** 2 <= radius_vox**2)[:, :, None] & liver
    ball = _sphere(shape, np.array([14.0, 14.0, 20.0]), 8.0 / np.asarray(spacing)) & liver  # a real 16 mm lesion stays
    organs = {"liver": liver.copy()}
    left = vessels_out(tube | ball, organs, np.asarray(spacing))
    if 36 * spacing[2] >= 2.0 * (2 * radius_vox + 1) * spacing[0]:
        assert np.array_equal(left, ball)
        assert np.array_equal(organs["postcava"], tube)
        assert not (organs["liver"] & tube).any()
    else:  # not longer than wide: stays a lesion
        assert np.array_equal(left, tube | ball)


@pytest.mark.parametrize(("thickness", "radius_vox"), [(3, 3.0), (4, 4.0), (5, 3.5)])
def test_a_thick_lesion_in_a_thin_organ_is_kept_and_a_rim_is_not(thickness: int, radius_vox: float) -> None:
    """A pancreas a few voxels thick: its tumour is mostly 'edge' yet thick in-plane (kept); a one-voxel dark rim is not."""
    rng = np.random.default_rng(thickness)
    shape = (60, 30, thickness + 4)
    organ = np.zeros(shape, dtype=bool)
    organ[5:55, 8:22, 2 : 2 + thickness] = True
    ct = np.where(organ, 45.0, -100.0) + rng.normal(0, 3.0, shape)
    tumour = _sphere(shape, np.array([30.0, 15.0, 2 + thickness / 2]), np.full(3, radius_vox)) & organ
    ct[tumour] -= 25.0
    rim = np.zeros(shape, dtype=bool)
    rim[8:20, 8, 2 : 2 + thickness] = True  # partial volume along one side
    ct[rim] -= 25.0
    found = find_lesions(ct.astype(np.float32), organ, voxel_ml=0.02)
    assert found[tumour].mean() > 0.6
    assert not found[rim].any()
