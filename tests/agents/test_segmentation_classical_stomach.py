"""The stomach's whole fluid pool joins it, not only the content near its gas (issue 12: stomach Dice about 0.65).

A distended stomach holds a pool deeper than the short reach that joins the content under its gas, and slices of fluid
without gas; no fat plane keeps that fluid out of a neighbour's basin. The rule: the pool is followed by its own level,
up to a stomach's size, never into a held organ, across a fat gap or through the walls into a bowel loop beside it.
Varied: voxel size, body scale, pool depth, the fluid's HU, where the bowel loop lies.
"""

from __future__ import annotations

import numpy as np
import pytest

CASES = [  # spacing, scale, pool depth (mm below the air-fluid level), fluid HU, bowel loop side
    ((1.0, 1.0, 2.5), 1.0, 60.0, 12.0, "left"),
    ((1.6, 1.6, 4.0), 0.85, 75.0, 5.0, "below"),
    ((0.7, 0.7, 1.0), 1.15, 70.0, 22.0, "left"),
    ((2.4, 2.4, 5.0), 0.9, 65.0, 15.0, "below"),
]


def _abdomen(spacing: tuple[float, float, float], scale: float, depth: float, fluid_hu: float, loop_side: str):
    """A smoothed image in canonical RAS: a stomach (gas cap over a deep pool, a 4 mm wall at 45 HU), a fluid-filled
    bowel loop behind its own wall touching the stomach's wall, a held spleen touching the pool, fat elsewhere."""
    sp = np.asarray(spacing)
    shape = (round(300 / sp[0]), round(260 / sp[1]), round(90 / sp[2]))
    x = np.arange(shape[0])[:, None, None] * sp[0] - 150.0  # spine at x = 0, y = 0 (template mm below)
    y = np.arange(shape[1])[None, :, None] * sp[1] - 80.0
    z = np.arange(shape[2])[None, None, :] * sp[2]
    sm = np.full(shape, -100.0, dtype=np.float32)
    top, radius = 60.0 * scale + depth, 0.5 * (depth + 25.0 * scale)
    centre_y = top - radius  # the lumen spans y from top - 2 radius to top
    r = np.sqrt((x + 60 * scale) ** 2 + (y - centre_y) ** 2)
    slab = (z > 10) & (z < 80)
    lumen = (r <= radius) & slab
    wall = (r > radius) & (r <= radius + 4.0) & slab
    gas_level = top - 25.0 * scale
    gas, fluid = lumen & (y > gas_level), lumen & (y <= gas_level)
    sm[wall], sm[gas], sm[fluid] = 45.0, -950.0, fluid_hu
    if loop_side == "left":  # the loop's wall touches the stomach's wall on its left (no fat plane)
        lx, ly = -60 * scale - radius - 4.0 - 3.0 - 15.0, centre_y
    else:
        lx, ly = -60 * scale, centre_y - radius - 4.0 - 3.0 - 15.0
    loop_r = np.sqrt((x - lx) ** 2 + (y - ly) ** 2)
    loop_wall = (loop_r > 15.0) & (loop_r <= 18.0) & slab & ~wall & ~lumen
    loop = (loop_r <= 15.0) & slab & ~wall & ~lumen
    sm[loop_wall], sm[loop] = 40.0, fluid_hu
    spleen = (x + 60 * scale > radius * 0.5) & (y < centre_y) & lumen & (x < 0)  # a held organ over part of the pool
    stomach = gas.copy()
    stomach |= fluid & (y > gas_level - 8.0)  # what the basin already gave it: the content just under the gas
    return sm, sp, {"stomach": stomach, "spleen": spleen.copy()}, fluid & ~spleen, loop


@pytest.mark.parametrize(("spacing", "scale", "depth", "fluid_hu", "loop_side"), CASES)
def test_the_stomachs_deep_pool_joins_it_and_the_bowel_loop_beside_it_does_not(
        spacing: tuple[float, float, float], scale: float, depth: float, fluid_hu: float, loop_side: str) -> None:
    """Fluid deeper than the content's reach joins the stomach; the held spleen and the loop behind two walls stay out."""
    from agents.segmenters.classical_contents import CONTENT_REACH_MM, stomach_contents

    sm, sp, organs, pool, loop = _abdomen(spacing, scale, depth, fluid_hu, loop_side)
    assert depth > CONTENT_REACH_MM  # the short reach alone leaves the bottom of this pool out
    held = organs["spleen"].copy()
    stomach_contents(organs, sm, np.ones(sm.shape, dtype=bool), np.array([150.0, 80.0]), scale, sp)
    stomach = organs["stomach"]
    assert np.count_nonzero(stomach & pool) >= 0.9 * np.count_nonzero(pool)
    assert not (stomach & held).any()
    assert np.count_nonzero(stomach & loop) <= 0.02 * np.count_nonzero(loop)


def test_no_pool_is_followed_from_a_stomach_with_only_gas() -> None:
    """With no fluid joined there is no level to follow: fluid beyond the content's reach stays out."""
    from agents.segmenters.classical_stomach import stomach_pool

    sm, sp, organs, pool, _ = _abdomen((1.5, 1.5, 3.0), 1.0, 60.0, 12.0, "left")
    organs["stomach"] = organs["stomach"] & (sm < -400)
    before = organs["stomach"].copy()
    assert stomach_pool(organs, sm, np.ones(sm.shape, dtype=bool), np.array([150.0, 80.0]), 1.0, sp) is None
    assert np.array_equal(organs["stomach"], before)


@pytest.mark.parametrize(("spacing", "scale", "loop_x"), [((1.0, 1.0, 2.5), 1.0, -150.0), ((2.0, 2.0, 4.0), 0.85, -160.0),
                                                          ((0.8, 0.8, 1.5), 1.15, -145.0)])
def test_a_stomach_full_of_fluid_is_seeded_by_its_fluid(spacing: tuple[float, float, float], scale: float,
                                                         loop_x: float) -> None:
    """No gas pocket: the stomach is the largest core of fluid left of and in front of the spine, not a smaller bowel
    loop of the same fluid beside it, nor the larger gall bladder right of the midline."""
    from agents.segmenters.classical_contents import stomach_seed
    from agents.segmenters.classical_landmarks import Landmarks

    sp = np.asarray(spacing)
    shape = (round(320 / sp[0]), round(260 / sp[1]), round(90 / sp[2]))
    x = np.arange(shape[0])[:, None, None] * sp[0] - 160.0
    y = np.arange(shape[1])[None, :, None] * sp[1] - 80.0
    z = np.arange(shape[2])[None, None, :] * sp[2]
    sm = np.full(shape, -100.0, dtype=np.float32)
    slab = (z > 10) & (z < 80)
    stomach = ((x + 70 * scale) ** 2 + (y - 90 * scale) ** 2 <= (38 * scale) ** 2) & slab
    loop = ((x - loop_x * scale) ** 2 + (y - 70 * scale) ** 2 <= (14 * scale) ** 2) & slab & ~stomach
    bladder = ((x - 70 * scale) ** 2 + (y - 60 * scale) ** 2 <= (45 * scale) ** 2) & slab
    sm[stomach | loop | bladder] = 14.0
    marks = Landmarks(centre=np.array([160.0, 100.0]), scale=scale, spine=np.array([160.0, 80.0]),
                      depth_mm=np.zeros(shape, dtype=np.float32), fat_mm=10.0)
    seed = stomach_seed(sm, sm, np.ones(shape, dtype=bool), np.zeros(shape, dtype=bool), marks, sp,
                        float(np.prod(sp)) / 1000.0, None)
    assert seed is not None and seed.any()
    assert not (seed & ~stomach).any() and np.count_nonzero(seed) >= 0.3 * np.count_nonzero(stomach)
