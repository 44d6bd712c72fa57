"""Organs that took in a neighbour with no fat plane between them give it back (randomised phantoms, issue 12).

Kinds, varied over voxel sizes and where the patient lies in the field of view: the stomach's basin holds the
pancreas behind it and bile right of the pylorus, yet the stomach is only its lumen and a wall
(`classical_contents.stomach_in_basin`); the pancreas's level is not read on the liver's tissue that reaches its
place (`classical_pancreas.pancreas_seed`); a fluid hole the liver's basin held is not the gall bladder when bile
lies in front of it in the liver's fossa: that hole is a lesion (`classical_contents.bladder_beside_liver`).
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_contents import STOMACH_WALL_MM, bladder_beside_liver, stomach_in_basin
from agents.segmenters.classical_landmarks import Landmarks
from agents.segmenters.classical_pancreas import pancreas_seed
from tests.agents.test_segmentation_classical_bladder import LIVER_CENTRE, _ball, _case, _dice, _surface_point
from tests.agents.test_segmentation_classical_pancreas import _scene

SPACINGS = [(1.0, 1.0, 2.5), (2.0, 2.0, 5.0), (0.8, 0.8, 1.5)]


def _grid(spacing: tuple[float, float, float], size_mm: tuple[float, float, float]) -> np.ndarray:
    shape = tuple(int(round(s / v)) for s, v in zip(size_mm, spacing, strict=True))
    return np.indices(shape).astype(np.float64) * np.asarray(spacing)[:, None, None, None]


@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize("shift_mm", [0.0, 25.0])
def test_the_stomach_is_its_lumen_and_wall_not_the_pancreas_or_bile_its_basin_holds(spacing, shift_mm: float) -> None:
    grid = _grid(spacing, (300.0, 240.0, 120.0))
    spine = np.array([150.0 + shift_mm, 100.0])
    centre = np.array([spine[0] - 50.0, 170.0, 60.0])
    gas = _ball(grid, centre, 20.0) & (grid[1] > centre[1])
    fluid = _ball(grid, centre, 30.0) & ~gas
    wall = _ball(grid, centre, 34.0) & ~fluid & ~gas
    duodenum = (np.abs(grid[1] - 160.0) < 6) & (np.abs(grid[2] - 60.0) < 6) & (grid[0] > centre[0]) & \
        (grid[0] < spine[0] + 40.0)  # fluid reaching from the antrum to the gall bladder, right of the pylorus
    bladder = _ball(grid, np.array([spine[0] + 55.0, 160.0, 60.0]), 16.0)
    pancreas = (np.abs(grid[0] - centre[0]) < 45) & (grid[1] > 100) & (grid[1] <= 136) & (np.abs(grid[2] - 60) < 12)
    sm = np.full(gas.shape, -100.0, dtype=np.float32)
    for mask, hu in ((pancreas, 45.0), (wall, 40.0), (fluid, 12.0), (duodenum, 10.0), (bladder, 8.0), (gas, -1000.0)):
        sm[mask] = hu
    basin = sm > -50.0
    seed = gas
    marks = Landmarks(np.array([150.0, 120.0]), 1.0, spine, np.zeros(gas.shape, dtype=np.float32), 10.0)
    box = (slice(0, gas.shape[0]), slice(0, gas.shape[1]), slice(0, gas.shape[2]))
    stomach = stomach_in_basin(basin, seed, sm, np.asarray(spacing), marks, box)
    assert stomach[gas].all() and stomach[fluid].mean() > 0.95 and stomach[wall].mean() > 0.8  # in-plane: not all of it at the poles
    lumen = fluid | gas
    near = np.zeros(gas.shape, dtype=bool)
    for k in range(gas.shape[2]):  # within a wall's thickness of the lumen, in its slice
        from scipy import ndimage
        near[:, :, k] = ndimage.distance_transform_edt(~lumen[:, :, k], sampling=spacing[:2]) <= STOMACH_WALL_MM + 1
    assert not (stomach & pancreas & ~near).any()
    assert np.count_nonzero(stomach & pancreas) < 0.5 * np.count_nonzero(pancreas)
    assert not (stomach & bladder).any()


@pytest.mark.parametrize(("spacing", "shift_mm"), [((1.0, 1.0, 2.5), (0.0, 0.0)), ((1.8, 1.8, 5.0), (25.0, -10.0)),
                                                   ((0.7, 0.7, 1.0), (-20.0, 12.0))])
def test_the_pancreas_level_is_not_read_on_the_livers_tissue_in_its_place(spacing, shift_mm) -> None:
    """The liver's left lobe fills more of the pancreas's place than the gland does, at its own level: the level is
    the gland's, and the seed lies in the gland; without the liver's level the liver's mode wins."""
    sm, marks, seeds, band = _scene(spacing, shift_mm, (80.0, 15.0))
    sp = np.asarray(spacing)
    x = np.arange(sm.shape[0])[:, None] * sp[0] - 160 - shift_mm[0]
    y = np.arange(sm.shape[1])[None, :] * sp[1] - 100 - shift_mm[1]
    z = np.arange(sm.shape[2]) * sp[2]
    lobe = ((x > -110) & (x < 60) & (y > 62) & (y < 86)) | ((x >= 60) & (x < 160) & (y > 20) & (y < 86))
    levels = (z > 30) & (z < 80)
    liver = lobe[:, :, None] & levels
    sm[liver] = 66.0 + np.random.default_rng(5).normal(0.0, 3.0, int(np.count_nonzero(liver)))
    seeds["liver"] = ((x > 120) & (x < 150) & (y > 30) & (y < 70))[:, :, None] & levels
    everywhere, nothing = np.ones(sm.shape, dtype=bool), np.zeros(sm.shape, dtype=bool)
    found = pancreas_seed(sm, everywhere, marks, sp, seeds, nothing, 2.0, 66.0)
    assert found is not None
    seed, level = found
    assert abs(level - 48.0) <= 5.0 and seed.any() and not (seed & ~band).any()
    blind = pancreas_seed(sm, everywhere, marks, sp, seeds, nothing, 2.0)
    assert blind is not None and abs(blind[1] - 48.0) <= 5.0  # read first where the gland crosses the aorta's front


@pytest.mark.parametrize("spacing", [(3.0, 3.0, 3.0), (2.5, 2.5, 5.0), (2.0, 3.0, 2.0)])
@pytest.mark.parametrize("hole_hu", [15.0, 25.0])
def test_a_fluid_hole_behind_the_bile_in_the_fossa_is_a_liver_lesion(spacing, hole_hu: float) -> None:
    organs, sm, notes, pouch, spacing_mm, grid = _case(spacing, _surface_point((0.0, 0.0)))
    hole = _ball(grid, LIVER_CENTRE + np.array([0.0, -10.0, -25.0]), 14.0)
    sm[hole] = hole_hu
    organs["liver"] &= ~hole
    organs["gall_bladder"] = hole
    bladder_beside_liver(organs, sm, sm > -500, spacing_mm, notes)
    assert _dice(organs["gall_bladder"], pouch) >= 0.85
    assert organs["liver_tumor"][hole].all() and organs["liver"][hole].all()


@pytest.mark.parametrize("spacing", [(3.0, 3.0, 3.0), (2.5, 2.5, 5.0)])
def test_a_gall_bladder_in_front_of_other_bile_stays(spacing) -> None:
    """Found among the liver's holes, in front of a pseudocyst against the liver: kept, the pseudocyst not taken."""
    organs, sm, notes, pouch, spacing_mm, grid = _case(spacing, None)
    bladder = _ball(grid, _surface_point((0.0, 0.0)) - np.array([0.0, 8.0, -8.0]), 14.0) & organs["liver"]
    sm[bladder] = 8.0
    organs["liver"] &= ~bladder
    organs["gall_bladder"] = bladder
    cyst = _ball(grid, np.array([175.0, 125.0, 60.0]), 16.0) & ~organs["liver"]
    sm[cyst] = 10.0
    bladder_beside_liver(organs, sm, sm > -500, spacing_mm, notes)
    assert (organs["gall_bladder"] == bladder).all() and not organs["liver_tumor"].any()


@pytest.mark.parametrize("seed", range(5))
def test_a_pancreas_at_the_livers_level_touching_it_across_a_neck_is_seeded_in_the_gland(seed: int) -> None:
    """The liver's left lobe, at the gland's own HU, fills more of the pancreas's place than the gland does and touches
    it across a neck narrower than the seed's erosion: the seed lies in the gland, not in the lobe (the pancreas had
    been seeded in the liver and drawn over it, Dice 0, on a ninth generator's phantoms with liver and pancreas at
    36-45 HU). Varied over voxel size, the patient's place in the field of view, the neck's place and width, the HU."""
    rng = np.random.default_rng(seed)
    spacing = (float(rng.uniform(0.7, 2.0)),) * 2 + (float(rng.uniform(1.0, 5.0)),)
    shift_mm = (float(rng.uniform(-20, 20)), float(rng.uniform(-10, 10)))
    sm, marks, seeds, band = _scene(spacing, shift_mm, (90.0, 10.0))
    sp = np.asarray(spacing)
    x = np.arange(sm.shape[0])[:, None] * sp[0] - 160 - shift_mm[0]
    y = np.arange(sm.shape[1])[None, :] * sp[1] - 100 - shift_mm[1]
    z = np.arange(sm.shape[2]) * sp[2]
    levels = ((z > 30) & (z < 80))[None, None, :]
    hu = float(rng.uniform(35.0, 60.0))
    neck_x = float(rng.uniform(-30.0, 30.0))
    lobe = ((x > -110) & (x < 60) & (y > 54) & (y < 86)) | ((x >= 60) & (x < 160) & (y > 20) & (y < 86))
    neck = (np.abs(x - neck_x) <= max(1.0, sp[0]) / 2 + 0.01) & (y > 49) & (y <= 55)
    tissue = (lobe | neck)[:, :, None] & levels
    gland = band & (sm > 30.0)
    sm[tissue | gland] = hu + np.random.default_rng(seed).normal(0.0, 3.0, int(np.count_nonzero(tissue | gland)))
    seeds["liver"] = ((x > 120) & (x < 150) & (y > 30) & (y < 70))[:, :, None] & levels
    everywhere, nothing = np.ones(sm.shape, dtype=bool), np.zeros(sm.shape, dtype=bool)
    found = pancreas_seed(sm, everywhere, marks, sp, seeds, nothing, 2.0, hu)
    assert found is not None
    assert found[0].any() and not (found[0] & ~band).any(), "seeded in the liver's lobe"
