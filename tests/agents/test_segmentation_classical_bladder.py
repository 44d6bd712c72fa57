"""The gall bladder outside the liver (`classical_contents.bladder_beside_liver`): bile in the liver's fossa.

Kinds, varied over voxel sizes, bile HU, pouch size and offset: bile that no organ holds, in front of the spine, on
the liver's lower surface, is the gall bladder; so is such bile that the stomach's basin took in away from its gas
(it leaves the stomach). Fluid behind the spine, left of the midline, in the liver's upper half, away from the
liver, under an air-fluid level, no darker than the liver, or no pouch at all: no gall bladder.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_contents import bladder_beside_liver

SPINE_MM = np.array([150.0, 100.0])
"""The vertebral body's centre (mm on the grid): x toward the patient's right, y anterior."""
LIVER_CENTRE, LIVER_AXES = np.array([230.0, 150.0, 110.0]), np.array([75.0, 70.0, 70.0])


def _ball(grid: np.ndarray, centre_mm: np.ndarray, radius_mm: float) -> np.ndarray:
    return sum((grid[a] - centre_mm[a]) ** 2 for a in range(3)) <= radius_mm**2


def _case(spacing: tuple[float, float, float], pouch_mm: np.ndarray | None, bile_hu: float = 8.0, radius_mm: float = 15.0):
    """A liver at 60 HU right of and in front of the spine in fat; a bile pouch at `pouch_mm` outside it."""
    spacing_mm = np.asarray(spacing, dtype=np.float64)
    shape = tuple(int(round(v)) for v in np.array([300.0, 250.0, 200.0]) / spacing_mm)
    grid = np.indices(shape).astype(np.float64) * spacing_mm[:, None, None, None]
    liver = sum(((grid[a] - LIVER_CENTRE[a]) / LIVER_AXES[a]) ** 2 for a in range(3)) <= 1.0
    sm = np.where(liver, 60.0, -100.0).astype(np.float32)
    pouch = np.zeros(shape, dtype=bool) if pouch_mm is None else _ball(grid, pouch_mm, radius_mm) & ~liver
    sm[pouch] = bile_hu
    organs = {"liver": liver, "liver_tumor": np.zeros(shape, dtype=bool)}
    notes = {"spine_mm": SPINE_MM.tolist(), "scale": 1.0, "levels_hu": {"liver": 60.0}}
    return organs, sm, notes, pouch, spacing_mm, grid


def _surface_point(offset_mm: tuple[float, float]) -> np.ndarray:
    """A point on the liver's anterior-inferior surface (in front of the spine, right of it, below the liver's middle)."""
    direction = np.array([-0.35 + offset_mm[0] / 100.0, 0.7 + offset_mm[1] / 100.0, -0.6])
    direction /= np.linalg.norm(direction)
    return LIVER_CENTRE + direction * LIVER_AXES  # on the ellipsoid's surface (close enough for a ball of 15 mm)


def _dice(a: np.ndarray, b: np.ndarray) -> float:
    return 2.0 * np.count_nonzero(a & b) / max(np.count_nonzero(a) + np.count_nonzero(b), 1)


@pytest.mark.parametrize("spacing", [(3.0, 3.0, 3.0), (2.5, 2.5, 5.0), (2.0, 3.0, 2.0)])
@pytest.mark.parametrize(("bile_hu", "radius_mm", "offset_mm"), [(0.0, 15.0, (0.0, 0.0)), (18.0, 14.0, (10.0, -10.0)),
                                                                 (8.0, 20.0, (-10.0, 5.0))])
def test_bile_in_the_livers_fossa_is_the_gall_bladder(spacing, bile_hu: float, radius_mm: float, offset_mm) -> None:
    organs, sm, notes, pouch, spacing_mm, _ = _case(spacing, _surface_point(offset_mm), bile_hu, radius_mm)
    bladder_beside_liver(organs, sm, sm > -500, spacing_mm, notes)
    assert "gall_bladder" in organs, notes
    assert _dice(organs["gall_bladder"], pouch) >= 0.85
    assert not (organs["gall_bladder"] & organs["liver"]).any()


@pytest.mark.parametrize("spacing", [(3.0, 3.0, 3.0), (2.5, 2.5, 5.0)])
def test_bile_the_stomachs_basin_took_in_away_from_its_gas_leaves_the_stomach(spacing) -> None:
    organs, sm, notes, pouch, spacing_mm, grid = _case(spacing, _surface_point((0.0, 0.0)))
    gas = _ball(grid, np.array([100.0, 190.0, 90.0]), 20.0)  # the stomach's gas, left of the midline
    sm[gas] = -1000.0
    organs["stomach"] = gas | pouch
    bladder_beside_liver(organs, sm, sm > -500, spacing_mm, notes)
    assert _dice(organs.get("gall_bladder", np.zeros_like(pouch)), pouch) >= 0.85
    assert not (organs["stomach"] & organs["gall_bladder"]).any() and (organs["stomach"] & gas).any()


@pytest.mark.parametrize("spacing", [(3.0, 3.0, 3.0), (2.5, 2.5, 5.0)])
@pytest.mark.parametrize("deep_mm", [(175.0, 125.0, 60.0), (165.0, 140.0, 50.0)])
def test_of_two_pieces_of_bile_on_the_liver_the_anterior_one_is_the_gall_bladder(spacing, deep_mm) -> None:
    """A pancreatic pseudocyst against the liver, deeper (by the great vessels), beside the gall bladder in the fossa;
    alone, it is no gall bladder."""
    organs, sm, notes, pouch, spacing_mm, grid = _case(spacing, _surface_point((0.0, 0.0)))
    cyst = _ball(grid, np.array(deep_mm), 16.0) & ~organs["liver"] & ~pouch
    sm[cyst] = 10.0
    bladder_beside_liver(organs, sm, sm > -500, spacing_mm, notes)
    assert _dice(organs["gall_bladder"], pouch) >= 0.85 and not (organs["gall_bladder"] & cyst).any()
    organs, sm, notes, pouch, spacing_mm, grid = _case(spacing, None)
    sm[cyst] = 10.0
    bladder_beside_liver(organs, sm, sm > -500, spacing_mm, notes)
    assert "gall_bladder" not in organs


@pytest.mark.parametrize("spacing", [(3.0, 3.0, 3.0), (2.5, 2.5, 5.0)])
@pytest.mark.parametrize("kind", ["behind_the_spine", "left_of_the_midline", "upper_half", "away_from_the_liver",
                                  "under_gas", "liver_hu", "none"])
def test_other_fluid_is_no_gall_bladder(spacing, kind: str) -> None:
    where = {"behind_the_spine": np.array([190.0, 75.0, 70.0]), "left_of_the_midline": np.array([95.0, 170.0, 60.0]),
             "upper_half": LIVER_CENTRE + np.array([-0.3, 0.8, 0.45]) / np.linalg.norm([-0.3, 0.8, 0.45]) * LIVER_AXES,
             "away_from_the_liver": np.array([175.0, 215.0, 30.0]), "none": None}.get(kind, _surface_point((0.0, 0.0)))
    organs, sm, notes, pouch, spacing_mm, grid = _case(spacing, where, 52.0 if kind == "liver_hu" else 8.0)
    if kind == "under_gas":  # an air-fluid level: the fluid's whole top is gas (a bowel loop against the liver)
        cap = pouch & (grid[1] > np.median(grid[1][pouch]))
        sm[cap] = -1000.0
    bladder_beside_liver(organs, sm, sm > -500, spacing_mm, notes)
    assert "gall_bladder" not in organs, kind
