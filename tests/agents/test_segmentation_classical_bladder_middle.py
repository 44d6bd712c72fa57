"""The gall bladder lies below the middle of the liver's own slices, not of its box (`classical_contents.gall_bladder`).

The liver's box may reach far below the liver once a vessel's basin past its lumen is handed to it (suite AV's case 9:
its 30 mL gall bladder, in the liver's lower half, lay in the upper half of a box reaching down the IVC and was drawn
as liver). The scene: a hole of bile in the lower half of the liver's slices; the box varied in how far it reaches
below the liver."""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_contents import gall_bladder
from agents.segmenters.classical_landmarks import Landmarks


@pytest.mark.parametrize("below", [0, 20, 60])
@pytest.mark.parametrize("spacing", [(1.0, 1.0, 2.5), (2.0, 2.0, 4.0)])
def test_bile_below_the_livers_own_middle_is_the_gall_bladder(below: int, spacing) -> None:
    sp = np.asarray(spacing)
    shape = (round(200 / sp[0]), round(200 / sp[1]), round(150 / sp[2]) + below)
    liver_slices = (below, shape[2])  # the liver above, the rest of the box a vessel's basin below it
    holes = np.zeros(shape, dtype=bool)
    x = np.arange(shape[0])[:, None, None] * sp[0]
    y = np.arange(shape[1])[None, :, None] * sp[1]
    z = np.arange(shape[2])[None, None, :]
    lower = liver_slices[0] + (liver_slices[1] - liver_slices[0]) // 4
    holes |= ((x - 140) ** 2 + (y - 150) ** 2 <= 15**2) & (np.abs(z - lower) * sp[2] <= 20)
    sm = np.full(shape, 60.0, dtype=np.float32)
    sm[holes] = 5.0
    marks = Landmarks(np.array([100.0, 100.0]), 1.0, np.array([100.0, 100.0]), np.zeros(shape, dtype=np.float32), 10.0)
    box = (slice(0, shape[0]), slice(0, shape[1]), slice(0, shape[2]))
    middle = (liver_slices[0] + liver_slices[1]) / 2
    found = gall_bladder(holes, sm, 60.0, marks, sp, box, middle)
    assert found is not None and (found == holes).all()
    if below >= 60:  # the box's middle lies below the bile: read by the box, the bladder is missed
        assert gall_bladder(holes, sm, 60.0, marks, sp, box) is None
