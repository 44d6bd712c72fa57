"""A lesion at its holder's drawn edge is no tissue of an organ that lies far from it (`neighbour_tissue`).

A hypodense liver lesion reads near the spleen's level in the portal phase; where the liver's drawing runs along the
lesion (its ring open to the outside), it was handed 'back' to the spleen on the other side of the body. Varied:
spacing (0.7-2 mm in plane, 1.5-5 mm slices), lesion radius (6-15 mm), its offset from the other organ's level,
noise, which axis is flipped (storage orientation) and how far the other organ lies (beyond `NEAR_MM`: the lesion
stays; within it, not touching: handed back as before).
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_neighbours import NEAR_MM, neighbour_tissue


def _ball(shape: tuple[int, ...], centre_mm: np.ndarray, radius_mm: float, spacing: np.ndarray) -> np.ndarray:
    grid = np.indices(shape).astype(np.float64)
    return sum(((grid[a] * spacing[a] - centre_mm[a]) / radius_mm) ** 2 for a in range(3)) <= 1.0


def _scene(seed: int, gap_mm: float) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray, float]:
    """A hypodense lesion centred on the liver's surface (half of it in the drawing), a spleen `gap_mm` beyond."""
    rng = np.random.default_rng(seed)
    spacing = np.array([rng.uniform(0.7, 2.0)] * 2 + [rng.uniform(1.5, 5.0)])
    radius = rng.uniform(6.0, 15.0)
    spleen_hu = rng.uniform(40.0, 55.0)
    noise = rng.uniform(0.0, 4.0)
    size_mm = np.array([120.0 + gap_mm + 2 * radius, 90.0, 70.0])
    shape = tuple(int(round(n / s)) for n, s in zip(size_mm, spacing, strict=True))
    ct = np.full(shape, -100.0, dtype=np.float32)
    centre = np.array([65.0 + 0.4 * radius, 45.0, 35.0])  # under half of it drawn
    liver = _ball(shape, np.array([20.0, 45.0, 35.0]), 45.0, spacing)
    lesion = _ball(shape, centre, radius, spacing)
    liver_drawn = liver  # the drawing's edge runs through the lesion: its ring half open
    spleen = _ball(shape, np.array([65.0 + gap_mm + 30.0, 45.0, 35.0]), 30.0, spacing)
    ct[liver] = 62.0
    ct[spleen] = spleen_hu
    ct[lesion] = spleen_hu + rng.uniform(-6.0, 6.0)
    ct += rng.normal(0.0, noise, shape).astype(np.float32)
    axis = int(rng.integers(0, 3))
    flip = (lambda a: np.flip(a, axis=axis).copy()) if rng.random() < 0.5 else (lambda a: a)
    organs = {"liver": flip(liver_drawn | (lesion & liver_drawn)), "spleen": flip(spleen)}
    return organs, flip(ct), flip(lesion & liver_drawn), spacing, spleen_hu


@pytest.mark.parametrize("seed", range(6))
def test_a_lesion_far_from_the_organ_at_its_level_stays(seed: int) -> None:
    organs, ct, lesion, spacing, spleen_hu = _scene(seed, gap_mm=NEAR_MM + 15.0)
    lesions = {"liver_tumor": lesion.copy()}
    notes = neighbour_tissue(lesions, organs, ct, {"liver": 62.0, "spleen": spleen_hu}, noise=3.0, spacing=spacing)
    assert notes == [] and lesions["liver_tumor"].sum() == lesion.sum()
    unmeasured = {"liver_tumor": lesion.copy()}  # without the spacing, the holder's edge alone decides (the old rule)
    assert neighbour_tissue(unmeasured, organs, ct, {"liver": 62.0, "spleen": spleen_hu}, noise=3.0)


@pytest.mark.parametrize("seed", range(6))
def test_a_piece_near_the_organ_at_its_level_still_goes_back(seed: int) -> None:
    organs, ct, lesion, spacing, spleen_hu = _scene(seed, gap_mm=0.5 * NEAR_MM)
    lesions = {"liver_tumor": lesion.copy()}
    notes = neighbour_tissue(lesions, organs, ct, {"liver": 62.0, "spleen": spleen_hu}, noise=3.0, spacing=spacing)
    assert notes and not lesions["liver_tumor"].any()
