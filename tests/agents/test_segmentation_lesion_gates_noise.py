"""Lesion gates that must not depend on one grid's noise or one organ's shape.

Kinds, varied:
- conspicuity is judged at a lesion's scale: a 12-30 mm lesion 18-30 HU off its organ in white noise of 12-20 HU
  (voxel-level spread above the contrast) is found on the image's own grid, hypo- and hyperattenuating, while the
  same noisy organs without a lesion give none;
- a piece of a kidney's cortex inside the liver's drawing (a 'hyperattenuating liver lesion' at the cortex's HU,
  20-40 HU above the kidney's level) goes back to the kidney on either side, while a hyperattenuating liver lesion
  that touches no kidney stays;
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_lesions import find_lesions
from agents.segmenters.classical_neighbours import neighbour_tissue


def _ellipsoid(shape: tuple[int, ...], centre: tuple[float, ...], radii_vox: tuple[float, ...]) -> np.ndarray:
    grid = np.indices(shape).astype(np.float64)
    return sum(((grid[a] - centre[a]) / radii_vox[a]) ** 2 for a in range(3)) <= 1.0


def _noisy_liver(seed: int, noise: float, spacing: tuple[float, float, float]) -> tuple[np.ndarray, np.ndarray]:
    """A liver-sized ellipsoid at 60 HU in fat with white noise, on a grid of `spacing` mm."""
    rng = np.random.default_rng(seed)
    shape = tuple(int(round(n / s)) for n, s in zip((160.0, 140.0, 120.0), spacing, strict=True))
    organ = _ellipsoid(shape, tuple(n / 2 for n in shape), tuple(0.42 * n for n in shape))
    ct = np.where(organ, 60.0, -100.0) + rng.normal(0.0, noise, shape)
    return ct.astype(np.float32), organ


@pytest.mark.parametrize(("seed", "noise", "contrast", "diameter_mm", "spacing"), [
    (0, 19.0, -20.0, 22.0, (1.3, 1.3, 5.0)),
    (1, 15.0, -18.0, 14.0, (1.0, 1.0, 3.0)),
    (2, 12.0, 22.0, 18.0, (1.6, 1.6, 4.0)),
    (3, 20.0, -30.0, 12.0, (0.9, 0.9, 5.0)),
    (4, 17.0, 25.0, 30.0, (1.5, 1.5, 2.5)),
])
def test_a_lesion_fainter_than_the_voxel_noise_but_clear_at_its_own_scale_is_found(
        seed: int, noise: float, contrast: float, diameter_mm: float, spacing: tuple[float, float, float]) -> None:
    ct, organ = _noisy_liver(seed, noise, spacing)
    centre = tuple(0.5 * n + (0.1 * n if a == 0 else 0.0) for a, n in enumerate(ct.shape))
    lesion = _ellipsoid(ct.shape, centre, tuple(diameter_mm / 2 / s for s in spacing)) & organ
    ct[lesion] += contrast
    voxel_ml = float(np.prod(spacing)) / 1000.0
    found = find_lesions(ct, organ, voxel_ml)
    assert found[lesion].mean() > 0.3
    assert np.count_nonzero(found & ~lesion) < 0.5 * np.count_nonzero(lesion)


@pytest.mark.parametrize(("seed", "noise", "spacing"), [(10, 20.0, (1.3, 1.3, 5.0)), (11, 15.0, (0.9, 0.9, 3.0)),
                                                        (12, 8.0, (1.6, 1.6, 4.0)), (13, 12.0, (1.0, 1.0, 5.0))])
def test_a_noisy_organ_without_a_lesion_gives_none(seed: int, noise: float, spacing: tuple[float, float, float]) -> None:
    ct, organ = _noisy_liver(seed, noise, spacing)
    assert not find_lesions(ct, organ, float(np.prod(spacing)) / 1000.0).any()


def _liver_over_kidney(side: str, cortex: float, medulla_hu: float) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """A liver whose drawing took in the top of a kidney (cortex around a darker medulla) below it."""
    shape = (60, 50, 50)
    liver = _ellipsoid(shape, (30, 25, 35), (26, 20, 14))
    kidney = _ellipsoid(shape, (18 if side == "right" else 42, 25, 16), (7, 7, 12))
    medulla = _ellipsoid(shape, (18 if side == "right" else 42, 25, 16), (4.5, 4.5, 9))
    ct = np.full(shape, -100.0, dtype=np.float32)
    ct[liver] = 60.0
    ct[kidney] = cortex
    ct[medulla] = medulla_hu
    return {"liver": liver & ~kidney, f"kidney_{side}": kidney}, ct


@pytest.mark.parametrize(("side", "cortex", "medulla"), [("right", 155.0, 95.0), ("left", 170.0, 120.0),
                                                          ("right", 150.0, 100.0)])
def test_a_kidneys_cortex_inside_the_livers_drawing_goes_back_to_the_kidney(side: str, cortex: float,
                                                                             medulla: float) -> None:
    organs, ct = _liver_over_kidney(side, cortex, medulla)
    name = f"kidney_{side}"
    pole = organs[name] & (np.indices(ct.shape)[2] >= 14) & (ct == cortex)  # the upper half's cortex
    organs[name] = organs[name] & ~pole
    organs["liver"] = organs["liver"] | pole
    level = (cortex + medulla) / 2  # the level the segmenter reads between an enhanced kidney's cortex and medulla
    assert abs(float(np.median(ct[pole])) - level) > 20.0  # beyond the single-level gap: the kidney's range decides
    lesions = {"liver_tumor": pole.copy()}
    notes = neighbour_tissue(lesions, organs, ct, {"liver": 60.0, name: level}, noise=3.0)
    assert notes and not lesions["liver_tumor"].any() and organs[name][pole].all()


def test_a_hyperattenuating_liver_lesion_touching_no_kidney_stays() -> None:
    organs, ct = _liver_over_kidney("right", 155.0, 95.0)
    lesion = _ellipsoid(ct.shape, (40, 25, 40), (4, 4, 4)) & organs["liver"]
    ct[lesion] = 150.0
    lesions = {"liver_tumor": lesion.copy()}
    level = (155.0 + 95.0) / 2
    assert neighbour_tissue(lesions, organs, ct, {"liver": 60.0, "kidney_right": level}, noise=3.0) == []
    assert lesions["liver_tumor"].sum() == lesion.sum()


def _textured_liver(rng: np.random.Generator, level: float, noise: float, texture: float,
                    spacing: tuple[float, float, float]) -> tuple[np.ndarray, np.ndarray]:
    """A liver-sized ellipsoid at `level` HU with white noise and a low-frequency texture (about 20 mm blobs)."""
    from scipy import ndimage

    ct, organ = _noisy_liver(int(rng.integers(1 << 16)), noise, spacing)
    field = ndimage.gaussian_filter(rng.normal(0.0, 1.0, ct.shape), sigma=[10.0 / s for s in spacing])
    field *= texture / max(float(field[organ].std()), 1e-6)
    ct = np.where(organ, ct - 60.0 + level + field, ct)
    return ct.astype(np.float32), organ


@pytest.mark.parametrize("seed", range(6))
def test_a_large_lesion_darker_by_little_more_than_the_core_floor_is_found(seed: int) -> None:
    """A 18-32 mm lesion 12.5-14.5 HU darker than a normal or steatotic liver, in noise and texture (randomised)."""
    rng = np.random.default_rng(100 + seed)
    spacing = tuple(float(v) for v in (rng.uniform(2.0, 3.0), rng.uniform(2.0, 3.0), rng.uniform(2.0, 3.5)))
    level, noise = float(rng.uniform(10.0, 65.0)), float(rng.uniform(5.0, 12.0))
    ct, organ = _textured_liver(rng, level, noise, float(rng.uniform(1.0, 3.0)), spacing)
    diameter, contrast = float(rng.uniform(18.0, 32.0)), float(rng.uniform(12.5, 14.5))
    centre = tuple(0.5 * n + rng.uniform(-0.1, 0.1) * n for n in ct.shape)
    radii = tuple(diameter / 2 / s * f for s, f in zip(spacing, rng.uniform(0.85, 1.15, 3), strict=True))
    lesion = _ellipsoid(ct.shape, centre, radii) & organ
    ct[lesion] -= contrast
    found = find_lesions(ct, organ, float(np.prod(spacing)) / 1000.0)
    assert found[lesion].mean() > 0.3
    assert np.count_nonzero(found & ~lesion) < 0.5 * np.count_nonzero(lesion)


@pytest.mark.parametrize("seed", range(6))
def test_a_textured_liver_without_a_lesion_gives_none_and_a_faint_bright_region_stays_parenchyma(seed: int) -> None:
    """Lesion-free livers with texture and noise give no lesion; a large region 12.5-14.5 HU brighter (spared or
    unfattened parenchyma, a vessel) is held to the full floor (randomised)."""
    rng = np.random.default_rng(200 + seed)
    spacing = tuple(float(v) for v in (rng.uniform(2.0, 3.0), rng.uniform(2.0, 3.0), rng.uniform(2.0, 3.5)))
    ct, organ = _textured_liver(rng, float(rng.uniform(10.0, 65.0)), float(rng.uniform(5.0, 12.0)),
                                float(rng.uniform(1.0, 3.0)), spacing)
    voxel_ml = float(np.prod(spacing)) / 1000.0
    assert not find_lesions(ct, organ, voxel_ml).any()
    centre = tuple(0.5 * n for n in ct.shape)
    bright = _ellipsoid(ct.shape, centre, tuple(12.0 / s for s in spacing)) & organ
    ct[bright] += float(rng.uniform(12.5, 14.5))
    assert not find_lesions(ct, organ, voxel_ml).any()
