"""Pancreatic tissue the liver's basin took in is handed back by level (`classical_pancreas.reclaim_from_liver`).

A pancreas 10-20 HU from a liver it touches without a fat plane leaves only a weak gradient for the watershed: its
boundary falls inside the pancreas and the liver's band, wide enough for the liver's own noise, holds the rest (own
hard phantoms: a third of the pancreas drawn as liver on ORG_044006, Dice 0.55 -> 0.70 with the reclaim). The scene:
a liver block and a pancreas bar touching it, the liver's mask drawn over part of the bar; varied contrast (either
sign), voxel size, the bar's size and place."""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_anatomy import PAIR_MIN_GAP_HU
from agents.segmenters.classical_pancreas import reclaim_from_liver


def _scene(spacing: tuple[float, float, float], liver_hu: float, pancreas_hu: float, bar_mm: float, shift_mm: float,
           noise: float = 2.5) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """sm, the true pancreas, the pancreas's drawn mask (its half away from the liver), the liver's drawn mask (the
    liver and the bar's half beside it) and the pancreas's room (in front of the liver's back, right of x = 40 mm)."""
    sp = np.asarray(spacing)
    shape = (round(200 / sp[0]), round(160 / sp[1]), round(80 / sp[2]))
    x = np.arange(shape[0])[:, None, None] * sp[0]
    y = np.arange(shape[1])[None, :, None] * sp[1]
    z = np.arange(shape[2])[None, None, :] * sp[2]
    liver = (x < 90 + shift_mm) & (y > 30) & (y < 130) & (z > 10) & (z < 70)
    bar = (x >= 90 + shift_mm) & (x < 90 + shift_mm + bar_mm) & (y > 60) & (y < 80) & (z > 30) & (z < 50)
    sm = np.full(shape, -100.0, dtype=np.float32)
    sm[liver] = liver_hu
    sm[bar] = pancreas_hu
    sm += np.random.default_rng(7).normal(0.0, noise, shape).astype(np.float32)
    near = x < 90 + shift_mm + bar_mm / 2
    drawn_pancreas, drawn_liver = bar & ~near, liver | (bar & near)
    room = np.broadcast_to(((np.arange(shape[0]) * sp[0] > 40 + shift_mm)[:, None]
                            & (np.arange(shape[1]) * sp[1] > 50)[None, :]), shape[:2])
    return sm, bar, drawn_pancreas, drawn_liver, room


@pytest.mark.parametrize(("spacing", "liver_hu", "pancreas_hu", "bar_mm", "shift_mm"), [
    ((1.0, 1.0, 2.5), 57.0, 42.0, 60.0, 0.0),     # portal phase: the pancreas 15 HU below the liver
    ((0.7, 0.7, 1.0), 109.0, 99.0, 80.0, 15.0),   # suite AQ's first case: 10 HU apart
    ((1.8, 1.8, 5.0), 30.0, 48.0, 50.0, -20.0),   # a fatty liver below the pancreas
    ((1.5, 1.5, 4.0), 66.0, 46.0, 70.0, 10.0),
])
def test_the_bar_the_liver_took_goes_back_to_the_pancreas(spacing, liver_hu, pancreas_hu, bar_mm, shift_mm) -> None:
    sm, bar, pancreas, liver, room = _scene(spacing, liver_hu, pancreas_hu, bar_mm, shift_mm)
    taken = reclaim_from_liver(pancreas, liver, sm, {"liver": liver_hu, "pancreas": pancreas_hu}, room, 20.0,
                               PAIR_MIN_GAP_HU)
    assert taken is not None
    given = bar & liver
    assert np.count_nonzero(taken & given) >= 0.9 * np.count_nonzero(given)
    assert np.count_nonzero(taken & ~bar) <= 0.02 * np.count_nonzero(given)  # the liver's own tissue stays the liver's


def test_levels_closer_than_the_split_leave_the_masks_as_drawn() -> None:
    sm, _, pancreas, liver, room = _scene((1.0, 1.0, 2.5), 50.0, 50.0 - 0.8 * PAIR_MIN_GAP_HU, 60.0, 0.0, noise=1.0)
    levels = {"liver": 50.0, "pancreas": 50.0 - 0.8 * PAIR_MIN_GAP_HU}
    assert reclaim_from_liver(pancreas, liver, sm, levels, room, 20.0, PAIR_MIN_GAP_HU) is None


def test_liver_tissue_at_the_pancreas_level_apart_from_it_stays_the_liver() -> None:
    """A hypodense liver lesion at the pancreas's HU, in its room but not joined to it, is the liver's."""
    sm, bar, pancreas, liver, room = _scene((1.0, 1.0, 2.5), 60.0, 44.0, 60.0, 0.0, noise=1.0)
    lesion = np.zeros(sm.shape, dtype=bool)
    lesion[55:70, 95:110, 8:14] = True  # inside the liver, in the room, away from the bar
    sm[lesion] = 44.0
    taken = reclaim_from_liver(pancreas, liver, sm, {"liver": 60.0, "pancreas": 44.0}, room, 20.0, PAIR_MIN_GAP_HU)
    assert taken is not None and not (taken & lesion).any() and (taken & bar).any()


def test_no_drawn_pancreas_takes_nothing() -> None:
    sm, _, pancreas, liver, room = _scene((1.0, 1.0, 2.5), 60.0, 44.0, 60.0, 0.0)
    assert reclaim_from_liver(np.zeros_like(pancreas), liver, sm, {"liver": 60.0, "pancreas": 44.0}, room, 20.0,
                              PAIR_MIN_GAP_HU) is None


def test_fluid_in_the_livers_mask_beside_the_pancreas_stays_out() -> None:
    """A gall bladder or cyst the liver's mask holds, touching the pancreas, lies on the pancreas's side of the
    midpoint but far below its band (suite AV's case 6: the gall bladder drawn as pancreas without the band)."""
    sm, bar, pancreas, liver, room = _scene((1.0, 1.0, 2.5), 81.0, 62.0, 60.0, 0.0, noise=1.0)
    fluid = np.zeros(sm.shape, dtype=bool)
    fluid[100:110, 64:76, 14:18] = True  # inside the part of the bar the liver's mask holds
    assert (fluid & liver & bar).sum() == fluid.sum()
    sm[fluid] = 2.0
    taken = reclaim_from_liver(pancreas, liver, sm, {"liver": 81.0, "pancreas": 62.0}, room, 20.0, PAIR_MIN_GAP_HU)
    assert taken is not None and not (taken & fluid).any() and (taken & bar).any()
