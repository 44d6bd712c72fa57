"""Lesion pieces that are a neighbour inside the holder's drawing leave; lesions inside an organ or bulging into fat
stay (`agents.segmenters.lesion_leaks`). Built per case from the geometry below at several voxel sizes, places and
HU levels, so the rule, not one layout, is what passes."""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.lesion_leaks import MIN_PIECE_ML, leaks_out

FAT_HU = -100.0


def ball(shape: tuple[int, int, int], spacing: tuple[float, ...], centre_mm: tuple[float, ...], radius_mm: float) -> np.ndarray:
    grid = np.meshgrid(*[np.arange(n) * s for n, s in zip(shape, spacing, strict=True)], indexing="ij")
    return sum((g - c) ** 2 for g, c in zip(grid, centre_mm, strict=True)) <= radius_mm ** 2


def scene(spacing: tuple[float, float, float], shift_mm: float, organ_hu: float, neighbour_hu: float, seed: int):
    """An organ (sphere of 45 mm radius) in fat, a fluid neighbour (sphere 30 mm) overlapping the organ's drawing,
    a lesion inside the organ, and one bulging from it into fat; the drawing's lesion mask holds all three pieces."""
    size_mm = np.array([200.0, 160.0, 160.0])
    shape = tuple(int(n) for n in np.ceil(size_mm / np.asarray(spacing)))
    organ = ball(shape, spacing, (80 + shift_mm, 80, 80), 45)
    neighbour = ball(shape, spacing, (80 + shift_mm + 62, 80, 80), 30) & ~organ  # true neighbour, outside the organ
    inner = ball(shape, spacing, (70 + shift_mm, 70, 80), 9)
    bulge = ball(shape, spacing, (80 + shift_mm, 80, 80 + 45), 9)
    rng = np.random.default_rng(seed)
    ct = np.full(shape, FAT_HU, dtype=np.float32)
    ct[organ] = organ_hu
    ct[neighbour] = neighbour_hu
    ct[inner | bulge] = neighbour_hu  # lesions at the neighbour's own level: only where it goes on tells them apart
    ct += rng.normal(0, 6, shape).astype(np.float32)
    drawing = organ | bulge | ball(shape, spacing, (80 + shift_mm + 45, 80, 80), 14)  # leaks into the neighbour
    leak = drawing & neighbour
    return ct, drawing, inner, bulge, leak


@pytest.mark.parametrize(("spacing", "shift_mm", "organ_hu", "neighbour_hu", "holder", "lesion"), [
    ((2.0, 2.0, 2.0), 0.0, 60.0, 10.0, "liver", "liver_tumor"),
    ((1.5, 1.5, 3.0), 12.0, 120.0, 40.0, "kidney_left", "kidney_cyst"),
    ((2.5, 2.5, 2.0), -8.0, 100.0, 150.0, "pancreas", "pancreas_tumor"),
])
def test_a_neighbour_inside_the_drawing_leaves_and_true_lesions_stay(spacing, shift_mm, organ_hu, neighbour_hu,
                                                                     holder, lesion) -> None:
    ct, drawing, inner, bulge, leak = scene(spacing, shift_mm, organ_hu, neighbour_hu, seed=int(abs(shift_mm)) + 7)
    arrays = {holder: drawing.copy(), lesion: inner | bulge | leak}
    details: dict = {}
    leaks_out(arrays, ct, spacing, details)
    kept = arrays[lesion]
    assert kept[inner].all() and kept[bulge].all()
    assert not kept[leak].any()
    assert len(details["lesions_dropped"]) == 1 and holder.replace("_", " ") in details["lesions_dropped"][0]


@pytest.mark.parametrize("spacing", [(1.0, 1.0, 1.0), (2.0, 2.0, 5.0)])
def test_crumbs_below_the_smallest_lesion_leave(spacing) -> None:
    ct, drawing, inner, _, _ = scene(spacing, 0.0, 60.0, 10.0, seed=3)
    voxel_ml = float(np.prod(spacing)) / 1000.0
    crumb = np.zeros_like(inner)
    index = np.argwhere(drawing & ~inner)[len(np.argwhere(drawing)) // 3]
    crumb[tuple(index)] = True
    assert voxel_ml < MIN_PIECE_ML
    arrays = {"liver": drawing, "liver_tumor": inner | crumb}
    leaks_out(arrays, ct, spacing, {})
    assert arrays["liver_tumor"][inner].all() and not arrays["liver_tumor"][crumb].any()


@pytest.mark.parametrize(("spacing", "gap_mm"), [((2.0, 2.0, 2.0), 8.0), ((1.5, 1.5, 4.0), 12.0)])
def test_a_spur_of_the_drawing_with_little_organ_around_it_leaves(spacing, gap_mm) -> None:
    """A blob in fat that the organ's drawing reaches by a thin spur: its surroundings are fat, not the organ."""
    ct, drawing, inner, _, _ = scene(spacing, 0.0, 60.0, 10.0, seed=5)
    shape = ct.shape
    blob = ball(shape, spacing, (80, 80 + 45 + gap_mm + 8, 80), 8)
    ct[blob] = 90.0
    spur = ball(shape, spacing, (80, 80 + 45 + gap_mm / 2, 80), gap_mm / 2 + 2)
    arrays = {"liver": drawing | spur | blob, "liver_tumor": inner | blob}
    details: dict = {}
    leaks_out(arrays, ct, spacing, details)
    assert arrays["liver_tumor"][inner].all() and not arrays["liver_tumor"][blob].any()
    assert "surroundings" in details["lesions_dropped"][0]


@pytest.mark.parametrize(("spacing", "radius_mm", "depth_mm", "lesion_hu", "neighbour_hu", "seed"), [
    ((2.0, 2.0, 2.0), 13.0, 10.0, 33.0, 41.0, 11),   # an unenhanced lesion joined to a neighbour a few HU off it
    ((0.8, 0.8, 5.0), 9.0, 7.0, 15.0, 5.0, 12),      # thick slices, a fluid neighbour
    ((1.5, 1.5, 3.0), 6.0, 8.0, 50.0, 60.0, 13),     # a 12 mm lesion
    ((2.5, 2.5, 2.5), 15.0, 14.0, 110.0, 100.0, 14),  # brighter than the organ, deep
])
def test_a_lesion_joined_to_a_neighbour_inside_the_drawing_stays_and_the_neighbour_leaves(
        spacing, radius_mm, depth_mm, lesion_hu, neighbour_hu, seed) -> None:
    """One region at nearly one HU: a lesion inside the organ, joined by a neck to the neighbour the drawing took in."""
    rng = np.random.default_rng(seed)
    ct, drawing, _, _, leak = scene(spacing, 0.0, 70.0 if lesion_hu < 70 else 20.0, neighbour_hu, seed)
    shape = ct.shape
    edge_x = 80 + 45  # the organ's edge facing the neighbour
    centre = (edge_x - depth_mm - radius_mm, 80 + rng.uniform(-8, 8), 80 + rng.uniform(-8, 8))
    lesion = ball(shape, spacing, centre, radius_mm) & drawing
    grid = np.meshgrid(*[np.arange(n) * s for n, s in zip(shape, spacing, strict=True)], indexing="ij")
    neck = ((grid[1] - centre[1]) ** 2 + (grid[2] - centre[2]) ** 2 <= 2.5 ** 2) & (grid[0] >= centre[0]) & (
        grid[0] <= edge_x + 10) & drawing & ~lesion
    ct[lesion] = lesion_hu + rng.normal(0, 6, int(lesion.sum()))
    ct[neck] = neighbour_hu + rng.normal(0, 6, int(neck.sum()))
    arrays = {"liver": drawing.copy(), "liver_tumor": lesion | neck | leak}
    details: dict = {}
    leaks_out(arrays, ct, spacing, details)
    kept = arrays["liver_tumor"]
    assert kept[lesion].mean() > 0.8
    assert not kept[leak].any()
    assert "stays a lesion" in details["lesions_dropped"][0]
