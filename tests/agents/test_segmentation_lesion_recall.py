"""Lesion recall kinds of the classical finder, varied in size, offset, organ and spacing.

- a solid tumour filling a fifth or more of one enhanced kidney is read against the other kidney's lower level
  (it held its own kidney's 20th percentile and hid itself), while kidneys alike keep their own levels;
- corticomedullary contrast shows in both kidneys: one kidney's spread alone is its lesion's, not dropped;
- a darker piece the liver's outline encloses but its HU band left out is its lesion's (`enclosed_lesions`),
  a dark neighbour it only touches is not;
- a lesion near fat HU in a fatty liver is not taken for fat by the ring around its own edge;
- a lesion in a hole the band left in the organ is not on the organ's surface (`inner_lesions`).
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_gates import corticomedullary, inner_lesions
from agents.segmenters.classical_lesions import enclosed_lesions, find_lesions, kidney_levels


def _ellipsoid(shape: tuple[int, ...], centre_mm: np.ndarray, radii_mm: np.ndarray, spacing: np.ndarray) -> np.ndarray:
    grid = np.indices(shape).astype(np.float64)
    return sum(((grid[a] * spacing[a] - centre_mm[a]) / radii_mm[a]) ** 2 for a in range(3)) <= 1.0


def _kidneys(spacing: np.ndarray, seed: int, cortex: float = 165.0, medulla: float = 150.0,
             sd: float = 3.0) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Two enhanced kidneys (cortex shell, medulla core) in fat, on a coarse grid of `spacing`."""
    shape = tuple(int(round(n / s)) for n, s in zip((220.0, 90.0, 140.0), spacing, strict=True))
    ct = np.full(shape, -100.0, dtype=np.float32)
    kidneys = {}
    for name, x in (("kidney_right", 55.0), ("kidney_left", 165.0)):
        centre = np.array([x, 45.0, 70.0])
        kidney = _ellipsoid(shape, centre, np.array([24.0, 24.0, 48.0]), spacing)
        core = _ellipsoid(shape, centre, np.array([14.0, 14.0, 34.0]), spacing)
        ct[kidney] = cortex
        ct[core] = medulla
        kidneys[name] = kidney
    ct += np.random.default_rng(seed).normal(0, sd, shape).astype(np.float32)
    return ct, kidneys


def _find(ct: np.ndarray, organ: np.ndarray, spacing: np.ndarray, levels: tuple[float, float, bool] | None) -> np.ndarray:
    hits = [np.flatnonzero(organ.any(axis=tuple(a for a in range(3) if a != axis))) for axis in range(3)]
    box = tuple(slice(int(h[0]), int(h[-1]) + 1) for h in hits)
    out = np.zeros(organ.shape, dtype=bool)
    out[box] = find_lesions(ct[box], organ[box], float(np.prod(spacing)) / 1000.0, bimodal=True, levels=levels)
    return out


@pytest.mark.parametrize(("spacing", "radius_mm", "offset_mm", "side", "tumour_hu"),
                         [((3.0, 3.0, 3.0), 22.0, (0.0, 0.0, 10.0), "kidney_right", 97.0),
                          ((2.5, 2.5, 4.0), 25.0, (4.0, 0.0, -12.0), "kidney_left", 110.0),
                          ((3.5, 3.5, 2.5), 21.0, (-3.0, 3.0, 15.0), "kidney_right", 80.0)])
def test_a_large_solid_tumour_is_read_against_the_other_kidney(spacing: tuple[float, float, float], radius_mm: float,
                                                               offset_mm: tuple[float, float, float], side: str,
                                                               tumour_hu: float) -> None:
    sp = np.array(spacing)
    ct, kidneys = _kidneys(sp, seed=int(radius_mm))
    centre = np.array([55.0 if side == "kidney_right" else 165.0, 45.0, 70.0]) + np.array(offset_mm)
    tumour = _ellipsoid(ct.shape, centre, np.full(3, radius_mm), sp) & kidneys[side]
    assert tumour.sum() >= 0.2 * kidneys[side].sum()  # it holds the kidney's 20th percentile
    ct[tumour] = tumour_hu + np.random.default_rng(1).normal(0, 3.0, int(tumour.sum()))
    levels = kidney_levels(ct, kidneys)
    other = "kidney_left" if side == "kidney_right" else "kidney_right"
    assert levels[side][0] == pytest.approx(levels[other][0])
    found = _find(ct, kidneys[side], sp, levels[side])
    assert found[tumour].mean() > 0.7
    assert _find(ct, kidneys[side], sp, None)[tumour].mean() < 0.5  # its own 20th percentile hides it
    assert not _find(ct, kidneys[other], sp, levels[other]).any()


@pytest.mark.parametrize(("spacing", "medulla"), [((3.0, 3.0, 3.0), 150.0), ((2.5, 2.5, 4.0), 95.0)])
def test_kidneys_alike_keep_their_own_levels(spacing: tuple[float, float, float], medulla: float) -> None:
    """Both kidneys with the same medulla (any phase): neither level moves, and no medulla is a tumour."""
    sp = np.array(spacing)
    ct, kidneys = _kidneys(sp, seed=3, medulla=medulla)
    levels = kidney_levels(ct, kidneys)
    for name, kidney in kidneys.items():
        hits = [np.flatnonzero(kidney.any(axis=tuple(a for a in range(3) if a != axis))) for axis in range(3)]
        box = tuple(slice(int(h[0]), int(h[-1]) + 1) for h in hits)
        from agents.segmenters.classical_lesions import parenchyma_levels

        assert levels[name] == parenchyma_levels(ct[box], kidney[box], bimodal=True)


@pytest.mark.parametrize(("radius_mm", "side"), [(20.0, "kidney_right"), (24.0, "kidney_left")])
def test_one_kidneys_spread_is_its_lesions_not_the_medulla(radius_mm: float, side: str) -> None:
    sp = np.array([3.0, 3.0, 3.0])
    ct, kidneys = _kidneys(sp, seed=5)
    centre = np.array([55.0 if side == "kidney_right" else 165.0, 45.0, 70.0])
    tumour = _ellipsoid(ct.shape, centre, np.full(3, radius_mm), sp) & kidneys[side]
    ct[tumour] = 97.0
    lesions = {"kidney_tumor": tumour.copy()}
    assert corticomedullary(lesions, kidneys, ct) == []
    assert (lesions["kidney_tumor"] == tumour).all()
    # the same spread in both kidneys is corticomedullary contrast: the pieces at the medulla's level go
    other = "kidney_left" if side == "kidney_right" else "kidney_right"
    twin = _ellipsoid(ct.shape, np.array([55.0 if other == "kidney_right" else 165.0, 45.0, 70.0]),
                      np.full(3, radius_mm), sp) & kidneys[other]
    ct[twin] = 97.0
    lesions = {"kidney_tumor": tumour | twin}
    assert corticomedullary(lesions, kidneys, ct)
    assert not lesions["kidney_tumor"].any()


def _liver(spacing: np.ndarray, level: float = 60.0) -> tuple[np.ndarray, np.ndarray]:
    shape = tuple(int(round(n / s)) for n, s in zip((200.0, 160.0, 150.0), spacing, strict=True))
    liver = _ellipsoid(shape, np.array([100.0, 80.0, 75.0]), np.array([80.0, 60.0, 60.0]), spacing)
    ct = np.where(liver, level, -100.0).astype(np.float32)
    ct += np.random.default_rng(2).normal(0, 2.0, shape).astype(np.float32)
    return ct, liver


@pytest.mark.parametrize(("spacing", "radius_mm", "centre_mm", "hu"),
                         [((2.0, 2.0, 2.5), 9.0, (100.0, 80.0, 75.0), 25.0),     # deep inside, 18 mm
                          ((1.6, 1.6, 5.0), 14.0, (40.0, 80.0, 80.0), 10.0),     # near the lateral surface, 28 mm
                          ((2.5, 2.5, 2.0), 6.0, (120.0, 60.0, 60.0), 35.0)])    # 12 mm, off centre
def test_a_darker_piece_the_liver_band_left_out_is_its_lesion(spacing: tuple[float, float, float], radius_mm: float,
                                                              centre_mm: tuple[float, float, float], hu: float) -> None:
    sp = np.array(spacing)
    ct, liver = _liver(sp)
    lesion = _ellipsoid(ct.shape, np.array(centre_mm), np.full(3, radius_mm), sp) & liver
    ct[lesion] = hu
    drawn = liver & ~lesion  # the band left it out
    added = enclosed_lesions(ct, drawn, np.zeros(ct.shape, dtype=bool), 60.0, float(np.prod(sp)) / 1000.0, sp)
    assert added[lesion].mean() > 0.9 and not added[~lesion].any()


@pytest.mark.parametrize("spacing", [(2.0, 2.0, 2.5), (1.6, 1.6, 5.0)])
def test_a_dark_neighbour_the_liver_only_touches_is_not_its_lesion(spacing: tuple[float, float, float]) -> None:
    sp = np.array(spacing)
    ct, liver = _liver(sp)
    loop = _ellipsoid(ct.shape, np.array([100.0, 80.0, 150.0]), np.array([25.0, 25.0, 25.0]), sp) & ~liver  # below it
    ct[loop] = 20.0
    added = enclosed_lesions(ct, liver, np.zeros(ct.shape, dtype=bool), 60.0, float(np.prod(sp)) / 1000.0, sp)
    assert not added.any()
    taken = _ellipsoid(ct.shape, np.array([100.0, 80.0, 75.0]), np.full(3, 10.0), sp)  # another structure's mask
    ct[taken] = 20.0
    added = enclosed_lesions(ct, liver & ~taken, taken, 60.0, float(np.prod(sp)) / 1000.0, sp)
    assert not added.any()


@pytest.mark.parametrize(("lesion_hu", "radius", "sd"), [(-30.0, 4.0, 8.0), (-25.0, 5.0, 10.0), (-32.0, 3.5, 6.0)])
def test_a_lesion_near_fat_hu_in_a_fatty_liver_is_found(lesion_hu: float, radius: float, sd: float) -> None:
    shape = (40, 40, 30)
    grid = np.indices(shape).astype(np.float64)
    organ = sum((grid[a] - c) ** 2 for a, c in enumerate((20.0, 20.0, 15.0))) <= 14.0**2
    lesion = sum((grid[a] - c) ** 2 for a, c in enumerate((23.0, 18.0, 15.0))) <= radius**2
    ct = np.where(organ, 15.0, -100.0) + np.random.default_rng(int(radius)).normal(0, sd, shape)
    ct[lesion] = lesion_hu + np.random.default_rng(9).normal(0, sd, int(lesion.sum()))
    found = find_lesions(ct.astype(np.float32), organ, voxel_ml=0.027)
    assert found[lesion].mean() > 0.5


@pytest.mark.parametrize(("spacing", "radius_mm", "share"), [((1.5, 1.5, 1.5), 8.0, 0.4), ((2.0, 2.0, 4.0), 10.0, 0.3)])
def test_a_lesion_in_holes_of_the_organ_is_not_on_its_surface(spacing: tuple[float, float, float], radius_mm: float,
                                                              share: float) -> None:
    """The band leaves holes where a lesion's voxels read below fat: those holes are no surface of the organ."""
    sp = np.array(spacing)
    ct, liver = _liver(sp)
    lesion = _ellipsoid(ct.shape, np.array([100.0, 80.0, 75.0]), np.full(3, radius_mm), sp)
    holes = lesion & (np.random.default_rng(4).random(ct.shape) < share)
    kept = inner_lesions(lesion & ~holes, {"liver": liver & ~holes}, float(np.prod(sp)) / 1000.0, sp)
    assert kept[lesion & ~holes].all()


@pytest.mark.parametrize(("phase", "taken_in"), [("portal", True), ("arterial", True), ("unenhanced", False)])
def test_the_liver_takes_its_left_out_lesions_only_on_an_enhanced_scan(phase: str, taken_in: bool) -> None:
    """Unenhanced, the pancreas, vessels and bowel read darker than the liver: a piece in its outline is no lesion."""
    from agents.segmenters.classical_lesions import take_enclosed

    sp = np.array([2.0, 2.0, 3.0])
    ct, liver = _liver(sp)
    lesion = _ellipsoid(ct.shape, np.array([90.0, 70.0, 80.0]), np.full(3, 9.0), sp) & liver
    ct[lesion] = 20.0
    organs = {"liver": liver & ~lesion}
    take_enclosed(ct, organs, {"levels_hu": {"liver": 60.0}, **({"phase": phase} if phase == "unenhanced" else {})},
                  float(np.prod(sp)) / 1000.0, sp, np.ones(ct.shape, dtype=bool))
    assert bool(organs["liver"][lesion].all()) == taken_in


@pytest.mark.parametrize("share", [0.3, 0.45])
def test_a_kidney_drawn_in_part_is_no_reference_for_the_other(share: float) -> None:
    """The other kidney drawn at a fraction of this one's size: both keep their own levels."""
    sp = np.array([3.0, 3.0, 3.0])
    ct, kidneys = _kidneys(sp, seed=7)
    tumour = _ellipsoid(ct.shape, np.array([55.0, 45.0, 70.0]), np.full(3, 22.0), sp) & kidneys["kidney_right"]
    ct[tumour] = 97.0
    left = kidneys["kidney_left"]
    cut = np.flatnonzero(left.any(axis=(0, 1)))
    keep_slices = int(round(len(cut) * share))
    kidneys["kidney_left"] = left.copy()
    kidneys["kidney_left"][:, :, cut[0] + keep_slices:] = False
    levels = kidney_levels(ct, kidneys)
    assert levels["kidney_right"][0] < levels["kidney_left"][0] - 25.0
