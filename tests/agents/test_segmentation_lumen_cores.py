"""A round lesion a lumen touched stays a lesion when the lumen is dropped (`lesion_search.lumens_out`).

Varied: grid spacing, the lesion's radius and HU, the tube's radius and direction, the neck's width.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.lesion_search import lumens_out


def _scene(spacing: np.ndarray, lesion_mm: float, tube_mm: float, neck_mm: float, axis: int,
           lesion_hu: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A liver at 60 HU holding a fluid tube (a lumen) and a round lesion joined to it by a neck."""
    shape = tuple(int(round(160.0 / s)) for s in spacing)
    mm = np.indices(shape).astype(np.float64) * spacing[:, None, None, None]
    centre = np.array([80.0, 80.0, 80.0])
    along = [a for a in range(3) if a != axis]
    tube = (sum((mm[a] - centre[a]) ** 2 for a in along) <= tube_mm**2) & (np.abs(mm[axis] - centre[axis]) <= 55.0)
    lesion_centre = centre.copy()
    lesion_centre[along[0]] += tube_mm + 4.0 + lesion_mm
    lesion = sum((mm[a] - lesion_centre[a]) ** 2 for a in range(3)) <= lesion_mm**2
    neck = (np.abs(mm[axis] - centre[axis]) <= neck_mm / 2) & (np.abs(mm[along[1]] - centre[along[1]]) <= neck_mm / 2) \
        & (mm[along[0]] >= centre[along[0]]) & (mm[along[0]] <= lesion_centre[along[0]])
    ct = np.full(shape, 60.0, dtype=np.float32)
    ct[tube | neck] = 5.0
    ct[lesion] = lesion_hu
    ct += np.random.default_rng(int(lesion_mm)).normal(0, 5.0, shape).astype(np.float32)
    return ct, tube, lesion, tube | neck | lesion


@pytest.mark.parametrize(("spacing", "lesion_mm", "tube_mm", "neck_mm", "axis", "lesion_hu"),
                         [((0.85, 0.85, 5.0), 12.0, 6.0, 5.0, 0, 11.0), ((1.0, 1.0, 2.0), 9.0, 9.0, 4.0, 2, 20.0),
                          ((1.5, 1.5, 1.5), 15.0, 5.0, 6.0, 1, 3.0)])
def test_a_round_lesion_touching_a_lumen_stays(spacing: tuple[float, float, float], lesion_mm: float, tube_mm: float,
                                               neck_mm: float, axis: int, lesion_hu: float) -> None:
    sp = np.array(spacing)
    ct, tube, lesion, joined = _scene(sp, lesion_mm, tube_mm, neck_mm, axis, lesion_hu)
    arrays = {"liver_tumor": joined.copy()}
    details: dict = {}
    lumens_out(arrays, ct, sp, details)
    kept = arrays["liver_tumor"]
    assert kept[lesion].mean() > 0.8
    assert kept[tube].mean() < 0.1
    assert "lumen" in details["lesions_dropped"][0]


@pytest.mark.parametrize(("spacing", "tube_mm", "axis"), [((0.85, 0.85, 5.0), 8.0, 0), ((1.5, 1.5, 1.5), 11.0, 2)])
def test_a_lumen_alone_is_dropped_whole(spacing: tuple[float, float, float], tube_mm: float, axis: int) -> None:
    """A fluid tube of 20 mL or more (the size read for shape) leaves no round core behind."""
    sp = np.array(spacing)
    ct, tube, _, _ = _scene(sp, 10.0, tube_mm, 4.0, axis, 10.0)
    arrays = {"liver_tumor": tube.copy()}
    lumens_out(arrays, ct, sp, {})
    assert not arrays["liver_tumor"].any()
