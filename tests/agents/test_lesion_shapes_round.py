"""Lesions are balls; what the classical segmenter's drawings add around them is not (session 27, suite AC: a foreign
generator's phantoms). Each rule is built per case at several voxel sizes, radii, places and HU levels, so the rule,
not one layout, is what passes:

- `ellipsoid_fill` tells a ball or an oval from a crescent, a fork or a tube;
- an exophytic lesion (mostly outside its organ, against its parenchyma) stays a lesion (`lesion_leaks.leaks_out`);
- a brighter 'lesion' that is a vessel's fork leaves, a hypervascular ball stays (`lesion_search.branches_out`);
- a round lesion at the liver's edge that the stomach's drawing, or no drawing, took is the liver's
  (`classical_contents.lesions_at_liver_edge`); the stomach's wall stays the stomach's.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_contents import lesions_at_liver_edge
from agents.segmenters.classical_lesion_shapes import ellipsoid_fill
from agents.segmenters.lesion_leaks import BALL_FILL, leaks_out
from agents.segmenters.lesion_search import BRANCH_FILL, branches_out

FAT_HU = -100.0


def grid(shape: tuple[int, ...], spacing: tuple[float, ...]) -> list[np.ndarray]:
    return np.meshgrid(*[np.arange(n) * s for n, s in zip(shape, spacing, strict=True)], indexing="ij")


def ellipsoid(shape, spacing, centre_mm, radii_mm) -> np.ndarray:
    return sum(((g - c) / r) ** 2 for g, c, r in zip(grid(shape, spacing), centre_mm, radii_mm, strict=True)) <= 1.0


def tube(shape, spacing, start_mm, end_mm, radius_mm) -> np.ndarray:
    """A cylinder of `radius_mm` around the segment from `start_mm` to `end_mm`."""
    points = np.stack(grid(shape, spacing), axis=-1)
    a, b = np.asarray(start_mm, dtype=float), np.asarray(end_mm, dtype=float)
    t = np.clip(((points - a) @ (b - a)) / float((b - a) @ (b - a)), 0.0, 1.0)
    return np.linalg.norm(points - (a + t[..., None] * (b - a)), axis=-1) <= radius_mm


@pytest.mark.parametrize(("spacing", "radii"), [
    ((1.0, 1.0, 1.0), (8.0, 8.0, 8.0)),
    ((0.8, 0.8, 5.0), (12.0, 12.0, 12.0)),
    ((1.5, 1.5, 3.0), (15.0, 10.0, 9.0)),
    ((2.0, 2.0, 2.0), (22.0, 16.0, 14.0)),
])
def test_balls_and_ovals_fill_their_ellipsoid_and_crescents_forks_and_tubes_do_not(spacing, radii) -> None:
    shape = tuple(int(np.ceil(120 / s)) for s in spacing)
    centre = (60.0, 60.0, 60.0)
    fill, axes, _ = ellipsoid_fill(ellipsoid(shape, spacing, centre, radii), spacing)
    assert fill >= BALL_FILL
    assert axes == pytest.approx(max(radii) / min(radii), rel=0.2)
    r = max(radii)
    crescent = ellipsoid(shape, spacing, centre, (r, r, r)) & ~ellipsoid(shape, spacing, (60.0 + r * 0.5, 60.0, 60.0),
                                                                         (r, r, r))
    fork = tube(shape, spacing, (30, 30, 60), (60, 60, 60), 3.0) | tube(shape, spacing, (60, 60, 60), (90, 40, 60), 3.0) \
        | tube(shape, spacing, (60, 60, 60), (70, 95, 60), 3.0)
    bend = tube(shape, spacing, (30, 60, 60), (60, 60, 60), 4.0) | tube(shape, spacing, (60, 60, 60), (60, 95, 60), 4.0)
    for piece in (crescent, fork, bend):
        assert ellipsoid_fill(piece, spacing)[0] < BRANCH_FILL


@pytest.mark.parametrize(("spacing", "radius_mm", "outside", "organ", "lesion_name", "organ_hu", "lesion_hu"), [
    ((1.0, 1.0, 3.5), 21.0, 0.8, "kidney_right", "kidney_cyst", 158.0, 4.0),
    ((0.8, 0.8, 5.0), 12.0, 0.7, "kidney_left", "kidney_cyst", 35.0, 10.0),
    ((1.5, 1.5, 2.0), 15.0, 0.75, "liver", "liver_tumor", 110.0, 60.0),
    ((2.0, 2.0, 2.5), 10.0, 0.8, "pancreas", "pancreas_tumor", 100.0, 40.0),
])
def test_an_exophytic_lesion_against_its_parenchyma_stays(spacing, radius_mm, outside, organ, lesion_name, organ_hu,
                                                        lesion_hu) -> None:
    """A ball whose centre lies `outside` of its radius beyond the organ's surface: most of its shell is fat."""
    shape = tuple(int(np.ceil(n / s)) for n, s in zip((180.0, 140.0, 140.0), spacing, strict=True))
    holder = ellipsoid(shape, spacing, (70.0, 70.0, 70.0), (45.0, 40.0, 40.0))
    lesion = ellipsoid(shape, spacing, (70.0 + 45.0 + outside * radius_mm, 70.0, 70.0), (radius_mm,) * 3)
    rng = np.random.default_rng(int(radius_mm))
    ct = np.full(shape, FAT_HU, dtype=np.float32)
    ct[holder] = organ_hu
    ct[lesion] = lesion_hu
    ct += rng.normal(0, 8, shape).astype(np.float32)
    arrays = {organ: holder | lesion, lesion_name: lesion.copy()}
    details: dict = {}
    leaks_out(arrays, ct, spacing, details)
    assert arrays[lesion_name][lesion].all(), details


@pytest.mark.parametrize(("spacing", "liver_hu", "bright_hu", "radius_mm"), [
    ((1.0, 1.0, 2.5), 110.0, 150.0, 10.0),
    ((0.8, 0.8, 5.0), 105.0, 125.0, 12.0),
    ((1.5, 1.5, 1.5), 60.0, 95.0, 8.0),
])
def test_forks_leave_and_hypervascular_balls_and_darker_ovals_stay(spacing, liver_hu, bright_hu, radius_mm) -> None:
    shape = tuple(int(np.ceil(160 / s)) for s in spacing)
    liver = ellipsoid(shape, spacing, (80.0, 80.0, 80.0), (70.0, 60.0, 60.0))
    fork = (tube(shape, spacing, (40, 50, 80), (70, 80, 80), 3.0) | tube(shape, spacing, (70, 80, 80), (100, 60, 80), 3.0)
            | tube(shape, spacing, (70, 80, 80), (75, 110, 80), 3.0))
    ball = ellipsoid(shape, spacing, (110.0, 100.0, 70.0), (radius_mm,) * 3)
    dark_oval = ellipsoid(shape, spacing, (60.0, 110.0, 100.0), (radius_mm * 1.6, radius_mm, radius_mm * 0.8))
    dark_fork = (tube(shape, spacing, (50, 20, 60), (80, 40, 60), 3.0) | tube(shape, spacing, (80, 40, 60), (110, 25, 60), 3.0)
                 | tube(shape, spacing, (80, 40, 60), (85, 60, 60), 3.0))
    ct = np.full(shape, FAT_HU, dtype=np.float32)
    ct[liver] = liver_hu
    ct[fork | ball] = bright_hu
    ct[dark_oval | dark_fork] = liver_hu - 40.0
    arrays = {"liver": liver, "liver_tumor": fork | ball | dark_oval | dark_fork}
    details: dict = {}
    branches_out(arrays, ct, spacing, details)
    kept = arrays["liver_tumor"]
    assert kept[ball].all() and kept[dark_oval].all()
    assert not kept[fork].any() and not kept[dark_fork].any()
    dropped = details["lesions_dropped"]
    assert len(dropped) == 2 and sum("branch" in d for d in dropped) == 2


@pytest.mark.parametrize(("spacing", "radius_mm", "lesion_hu", "in_stomach"), [
    ((2.0, 2.0, 2.0), 10.0, 64.0, True),
    ((1.5, 1.5, 3.0), 12.0, 150.0, True),
    ((2.5, 2.5, 2.5), 14.0, 60.0, False),
])
def test_a_round_lesion_at_the_liver_edge_is_the_livers_and_the_stomach_wall_stays(spacing, radius_mm, lesion_hu,
                                                                                  in_stomach) -> None:
    """The liver (a big oval), the stomach's lumen beside it with a wall 4 mm thick; a lesion at the liver's edge
    facing the stomach and touching its wall, its outer part in the stomach's drawing (`in_stomach`) or in none."""
    shape = tuple(int(np.ceil(n / s)) for n, s in zip((230.0, 160.0, 120.0), spacing, strict=True))
    g = grid(shape, spacing)
    liver_shape = ellipsoid(shape, spacing, (70.0, 80.0, 60.0), (60.0, 55.0, 50.0))
    stomach_x = 70.0 + 60.0 + 0.7 * radius_mm + 32.0  # its wall touches the lesion: no fat plane
    lumen = ellipsoid(shape, spacing, (stomach_x, 80.0, 60.0), (28.0, 30.0, 30.0))
    wall = ellipsoid(shape, spacing, (stomach_x, 80.0, 60.0), (32.0, 34.0, 34.0)) & ~lumen
    lesion = ellipsoid(shape, spacing, (70.0 + 60.0 - 0.3 * radius_mm, 80.0, 60.0), (radius_mm,) * 3)
    ct = np.full(shape, FAT_HU, dtype=np.float32)
    ct[liver_shape] = 110.0
    ct[lumen] = 5.0
    ct[wall] = 60.0
    ct[lesion] = lesion_hu
    liver = liver_shape & ~lesion
    drawn_stomach = lumen | wall | (lesion & (g[0] > 70.0 + 60.0 - 0.3 * radius_mm) if in_stomach else False)
    organs = {"liver": liver.copy(), "stomach": drawn_stomach.copy()}
    free = (ct > FAT_HU) & ~liver & ~drawn_stomach
    notes: dict = {}
    lesions_at_liver_edge(organs, ct, free, np.asarray(spacing, dtype=float), notes)
    assert organs["liver"][lesion].mean() > 0.9
    assert not organs["stomach"][lesion].any()
    assert organs["stomach"][wall].mean() > 0.95 and organs["liver"][wall].mean() < 0.05
    assert notes["edge_lesions_ml"]


@pytest.mark.parametrize(("spacing", "radius_mm", "length_mm", "kept"), [
    ((1.0, 1.0, 2.5), 2.5, 40.0, False),   # a straight vein (a cylinder fills 0.93 of its ellipsoid)
    ((0.8, 0.8, 5.0), 3.5, 60.0, False),
    ((1.5, 1.5, 1.5), 12.0, 80.0, True),   # a thick solid tumour may be long
    ((1.0, 1.0, 2.0), 8.0, 20.0, True),    # a plump oval
])
def test_a_vessel_thin_straight_tube_leaves_and_a_thick_long_tumour_stays(spacing, radius_mm, length_mm, kept) -> None:
    shape = tuple(int(np.ceil(180 / s)) for s in spacing)
    liver = ellipsoid(shape, spacing, (90.0, 90.0, 90.0), (85.0, 80.0, 80.0))
    piece = tube(shape, spacing, (90.0 - length_mm / 2, 90.0, 90.0), (90.0 + length_mm / 2, 90.0, 90.0), radius_mm)
    ct = np.full(shape, FAT_HU, dtype=np.float32)
    ct[liver] = 110.0
    ct[piece] = 70.0
    arrays = {"liver": liver, "liver_tumor": piece.copy()}
    details: dict = {}
    branches_out(arrays, ct, spacing, details)
    assert arrays["liver_tumor"][piece].all() == kept and (not arrays["liver_tumor"].any()) == (not kept), details
