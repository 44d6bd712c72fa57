"""A faint darker 'lesion' against a neighbour is the neighbour's partial volume (`lesion_search.faint_beside_out`).

Suite AP (a foreign generator) had the classical search read 2.6-12.6 mL pieces 10-12 HU below a 98-110 HU liver,
beside the gall bladder and the IVC, as lesions on livers with none. Here a liver with a ball-shaped darker piece is
built on the image grid, varied in the piece's contrast and size, the neighbour it touches (or none), the parenchyma's
level and the voxel size: a piece fainter than `MIN_CONSPICUITY_HU` that touches a neighbour goes (its reason
recorded); the same piece clear of the neighbours, or clearly darker, stays.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_lesions import MIN_CONSPICUITY_HU
from agents.segmenters.lesion_search import NEIGHBOURS, faint_beside_out


def _case(contrast: float, radius: int, neighbour: str | None, touching: bool, level: float,
          seed: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    rng = np.random.default_rng(seed)
    shape = (60, 60, 40)
    ct = rng.normal(level, 4.0, shape).astype(np.float32)
    liver = np.zeros(shape, bool)
    liver[5:55, 5:45, 5:35] = True
    z, y, x = np.indices(shape)
    centre = (30, 30, 20)
    piece = (z - centre[0]) ** 2 + (y - centre[1]) ** 2 + (x - centre[2]) ** 2 <= radius ** 2
    ct[piece] += contrast
    arrays = {"liver": liver, "liver_tumor": piece.copy()}
    if neighbour is not None:
        other = np.zeros(shape, bool)
        start = centre[1] + radius + (1 if touching else 6)  # next to the piece, or five voxels of liver between
        other[22:38, start:start + 8, 14:26] = True
        ct[other] = 10.0
        arrays[neighbour] = other
        arrays["liver"] = liver & ~other
    return arrays, ct


@pytest.mark.parametrize("neighbour", ["gall_bladder", "postcava", "stomach"])
@pytest.mark.parametrize(("contrast", "radius", "level", "spacing"), [
    (-10.0, 6, 100.0, (1.0, 1.0, 1.0)),
    (-12.0, 8, 60.0, (0.8, 0.8, 2.0)),
    (-8.0, 5, 110.0, (1.5, 1.5, 3.0)),
])  # fmt: skip
def test_a_faint_piece_against_a_neighbour_goes_and_away_from_it_stays(neighbour: str, contrast: float, radius: int,
                                                                     level: float, spacing: tuple[float, ...]) -> None:
    assert neighbour in NEIGHBOURS and -contrast < MIN_CONSPICUITY_HU
    arrays, ct = _case(contrast, radius, neighbour, True, level, seed=radius)
    details: dict = {}
    faint_beside_out(arrays, ct, spacing, details)
    assert not arrays["liver_tumor"].any()
    assert any(neighbour.replace("_", " ") in d and "partial volume" in d for d in details["lesions_dropped"])
    apart, ct = _case(contrast, radius, neighbour, False, level, seed=radius)
    kept = apart["liver_tumor"].copy()
    faint_beside_out(apart, ct, spacing, {})
    assert np.array_equal(apart["liver_tumor"], kept)  # five voxels of liver between: not the neighbour's edge


@pytest.mark.parametrize(("contrast", "neighbour"), [(-30.0, "gall_bladder"), (-20.0, "postcava"), (15.0, "gall_bladder"),
                                                     (-10.0, None)])
def test_a_clear_lesion_a_brighter_one_or_one_with_no_neighbour_stays(contrast: float, neighbour: str | None) -> None:
    arrays, ct = _case(contrast, 7, neighbour, True, 100.0, seed=3)
    kept = arrays["liver_tumor"].copy()
    faint_beside_out(arrays, ct, (1.0, 1.0, 1.0), {})
    assert np.array_equal(arrays["liver_tumor"], kept)
