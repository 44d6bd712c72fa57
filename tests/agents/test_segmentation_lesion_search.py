"""What the classical lesion search vouches for (`agents.segmenters.lesion_search`), varied in organ, size and shape.

- a found lesion mask is a lower bound (existence, not a count); an empty lesion mask is unknown, whatever the organ
  (kidney: its cortex and medulla hide a mass; liver and pancreas: an isoattenuating lesion is invisible);
- a large fluid liver 'lesion' shaped like a lumen (a stomach or gall bladder the liver's drawing took in) is no
  lesion; round cysts of any size and solid lesions of any shape stay.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.lesion_search import (
    ISODENSE_NONE,
    KIDNEY_NONE,
    LOWER_BOUND,
    LUMEN_MIN_ML,
    lower_bound_masks,
    vouch,
)

SPACING = (1.5, 1.5, 3.0)


@pytest.mark.parametrize(("found", "shape"), [
    ({"liver_tumor"}, (8, 7, 6)), ({"kidney_cyst"}, (12, 9, 5)), ({"kidney_tumor", "pancreas_tumor"}, (9, 9, 9)),
    (set(), (8, 7, 6)), ({"pancreas_tumor", "liver_tumor", "kidney_cyst"}, (10, 6, 7)),
])
def test_found_lesions_are_a_lower_bound_and_an_empty_lesion_mask_is_unknown(found: set, shape: tuple) -> None:
    masks = ("liver_tumor", "kidney_tumor", "kidney_cyst", "pancreas_tumor")
    arrays = {name: np.zeros(shape, dtype=bool) for name in ("liver", *masks)}
    for name in found:
        arrays[name][2:4, 2:4, 2:4] = True
    details: dict = {}
    vouch(arrays, details)
    assert set(lower_bound_masks(details)) == found
    assert all(why == LOWER_BOUND for why in lower_bound_masks(details).values())
    assert set(arrays) == {"liver", *found}  # an empty lesion mask is not written, whichever organ
    not_found = details.get("landmarks", {}).get("not_found", {})
    assert set(not_found) == set(masks) - found
    assert all(why == (KIDNEY_NONE if name.startswith("kidney") else ISODENSE_NONE) for name, why in not_found.items())


def _liver_with(piece: str, volume_ml: float, hu: float) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """A liver at 45 HU holding one 'lesion' of `volume_ml` at `hu`: a ball, an ellipsoid, a tube or a bent tube."""
    shape = (170, 120, 60)
    ct = np.full(shape, 45.0, dtype=np.float32)
    zz, yy, xx = np.meshgrid(*(np.arange(n) * s for n, s in zip(shape, SPACING, strict=True)), indexing="ij")
    centre = np.array(shape) * np.array(SPACING) / 2
    voxel_ml = float(np.prod(SPACING)) / 1000.0
    if piece in ("ball", "ellipsoid"):
        stretch = 1.0 if piece == "ball" else 1.8
        radius = (volume_ml * 1000.0 * 3 / (4 * np.pi * stretch)) ** (1 / 3)
        lesion = ((zz - centre[0]) / (radius * stretch)) ** 2 + ((yy - centre[1]) / radius) ** 2 + \
            ((xx - centre[2]) / radius) ** 2 <= 1.0
    else:
        radius = 13.0
        length = volume_ml * 1000.0 / (np.pi * radius**2)
        lesion = ((yy - centre[1]) ** 2 + (xx - centre[2]) ** 2 <= radius**2) & (np.abs(zz - centre[0]) <= length / 2)
        if piece == "bent tube":  # a stomach's curve: half of it turned through a right angle
            arm = ((zz - (centre[0] + length / 4)) ** 2 + (xx - centre[2]) ** 2 <= radius**2) & \
                (np.abs(yy - centre[1] - length / 4) <= length / 4)
            lesion = (lesion & (zz <= centre[0] + length / 4)) | arm
    ct[lesion] = hu
    assert abs(np.count_nonzero(lesion) * voxel_ml - volume_ml) / volume_ml < 0.35
    return {"liver": np.ones(shape, dtype=bool), "liver_tumor": lesion}, ct


@pytest.mark.parametrize(("piece", "volume_ml", "hu", "kept"), [
    ("ball", 30.0, 5.0, True), ("ball", 150.0, 8.0, True), ("ellipsoid", 60.0, 3.0, True),  # cysts of any size
    ("tube", 60.0, 6.0, False), ("tube", 100.0, 1.0, False), ("bent tube", 90.0, 10.0, False),  # lumens
    ("tube", 60.0, 40.0, True),  # a solid tumour may be long
    ("tube", LUMEN_MIN_ML / 2, 5.0, True),  # too small to read a shape
])
def test_a_lumen_shaped_fluid_liver_lesion_is_no_lesion(piece: str, volume_ml: float, hu: float, kept: bool) -> None:
    arrays, ct = _liver_with(piece, volume_ml, hu)
    details: dict = {}
    vouch(arrays, details, ct, SPACING)
    assert ("liver_tumor" in arrays) == kept  # a lumen dropped leaves the mask empty: not written (unknown)
    assert ("liver_tumor" in lower_bound_masks(details)) == kept
    assert bool(details.get("lesions_dropped")) == (not kept)
    if not kept:
        assert "lumen" in details["lesions_dropped"][0]


@pytest.mark.parametrize(("open_side", "radius_mm", "kept"), [
    (0.5, 4.2, True), (0.5, 4.6, True),    # a lesion the band drew round: a 4.8 mm core, a fifth of its ring outside
    (0.9, 4.6, False),                     # the same piece open on a third of its ring: a neighbour's edge
    (0.5, 2.5, False), (0.5, 3.4, False),  # thinner than a 7 mm core on a 3.4 mm grid: a partial-volume rim
])
def test_a_lesion_in_a_notch_of_its_organ_is_kept_and_a_rim_is_not(open_side: float, radius_mm: float,
                                                                    kept: bool) -> None:
    """A coarse grid (3.4 x 3.4 x 2 mm): the organ's band leaves a gap round part of the lesion (`open_side` of its
    shell, with a channel to the outside), so most of the lesion lies on the organ's edge."""
    from agents.segmenters.classical_gates import inner_lesions

    spacing = np.array([3.4, 3.4, 2.0])
    shape = (40, 40, 60)
    mm = np.indices(shape).transpose(1, 2, 3, 0) * spacing
    centre = np.array([20, 20, 30]) * spacing
    lesion = np.linalg.norm(mm - centre, axis=-1) <= radius_mm
    shell = (np.linalg.norm(mm - centre, axis=-1) <= radius_mm + 4.0) & ~lesion
    across = mm[..., 0] - centre[0]
    gap = shell & (across >= (radius_mm + 4.0) * (1 - 2 * open_side))
    channel = (np.abs(mm[..., 1] - centre[1]) <= 3.5) & (np.abs(mm[..., 2] - centre[2]) <= 2.0) & (across > 0)
    organ = np.zeros(shape, dtype=bool)
    organ[2:-2, 2:-2, 2:-2] = True
    organ &= ~(gap | (channel & ~lesion))
    found = inner_lesions(lesion & organ, {"liver": organ}, float(np.prod(spacing)) / 1000.0, spacing)
    assert bool(found.any()) == kept


def _fatty_liver_with(level: float, piece_hu: float, radius_mm: float, spacing: tuple, offset: tuple,
                      seed: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """A liver at `level` HU (noise 8 HU) holding one ball of `piece_hu` at `offset` (a share of the extent)."""
    shape = (150, 120, 50)
    rng = np.random.default_rng(seed)
    ct = (level + rng.normal(0.0, 8.0, shape)).astype(np.float32)
    zz, yy, xx = np.meshgrid(*(np.arange(n) * s for n, s in zip(shape, spacing, strict=True)), indexing="ij")
    centre = np.array(shape) * np.array(spacing) * np.array(offset)
    ball = (zz - centre[0]) ** 2 + (yy - centre[1]) ** 2 + (xx - centre[2]) ** 2 <= radius_mm**2
    ct[ball] += piece_hu - level
    liver = np.zeros(shape, dtype=bool)
    liver[10:-10, 10:-10, 5:-5] = True
    return {"liver": liver, "liver_tumor": ball & liver}, ct


@pytest.mark.parametrize(("level", "piece_hu", "radius_mm", "spacing", "offset", "kept"), [
    (25.0, 48.0, 8.0, (1.4, 1.4, 1.0), (0.5, 0.5, 0.5), False),   # a stomach wall taken in by an unenhanced fatty liver
    (32.0, 60.0, 14.0, (0.8, 0.8, 2.5), (0.3, 0.6, 0.4), False),  # focal fatty sparing, larger, elsewhere
    (18.0, 72.0, 6.0, (1.8, 1.8, 5.0), (0.6, 0.3, 0.5), False),   # severe steatosis, enhanced-looking sparing
    (25.0, 5.0, 10.0, (1.4, 1.4, 1.0), (0.5, 0.5, 0.5), True),    # a cyst in the fatty liver: darker, kept
    (30.0, 140.0, 9.0, (1.0, 1.0, 3.0), (0.4, 0.4, 0.6), True),   # brighter than soft tissue (hypervascular): kept
    (60.0, 100.0, 10.0, (1.2, 1.2, 2.0), (0.5, 0.5, 0.5), True),  # a normal liver: its bright lesion is kept
    (58.0, 72.0, 10.0, (1.2, 1.2, 2.0), (0.5, 0.5, 0.5), True),   # a normal liver: soft-tissue-bright lesion kept
])
def test_a_fatty_livers_soft_tissue_lesion_is_a_pseudolesion(level: float, piece_hu: float, radius_mm: float,
                                                              spacing: tuple, offset: tuple, kept: bool) -> None:
    arrays, ct = _fatty_liver_with(level, piece_hu, radius_mm, spacing, offset, seed=int(level + piece_hu))
    assert arrays["liver_tumor"].any()
    details: dict = {}
    vouch(arrays, details, ct, spacing)
    assert ("liver_tumor" in arrays) == kept  # dropped: the mask is left empty, which is unknown, not "no lesion"
    assert ("liver_tumor" in lower_bound_masks(details)) == kept
    assert any("fatty sparing" in why for why in details.get("lesions_dropped", [])) == (not kept)
