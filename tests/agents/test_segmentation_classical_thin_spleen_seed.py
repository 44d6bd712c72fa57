"""A thin, noisy spleen is seeded (`classical_anatomy._seed_at`: half the erosion when the full one leaves less than a
spleen's least seed).

Suite AV's case 6 (arterial, noise 9 HU, 2.6 x 1.3 x 2.5 mm coarse voxels): its 390 mL crescent spleen, 40,005
voxels of its band, eroded into pieces of which the largest held 19.8 mL, under the 20 mL a liver or spleen seed
needs, so no spleen was drawn. The scene: a crescent of spleen tissue in its place, left and behind the spine; varied
thickness, noise and voxel size."""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_anatomy import _seed_at
from agents.segmenters.classical_landmarks import Landmarks
from agents.segmenters.classical_places import PLACES


def _crescent(spacing, thickness_mm, noise, level=108.0):
    sp = np.asarray(spacing)
    shape = tuple(round(e / s) for e, s in zip((330.0, 260.0, 160.0), sp, strict=True))
    x = np.arange(shape[0])[:, None, None] * sp[0] - 165.0   # mm from the spine; negative: the patient's left
    y = np.arange(shape[1])[None, :, None] * sp[1] - 130.0   # positive: in front of the spine
    z = np.arange(shape[2])[None, None, :] * sp[2]
    r = np.hypot(x + 40.0, y - 10.0)  # a crescent hugging the left flank, centred left of the spine
    angle = np.arctan2(y - 10.0, x + 40.0)
    spleen = (np.abs(r - 100.0) <= thickness_mm / 2) & (np.abs(angle) > 2.2) & (np.abs(z - 80.0) <= 55.0)
    rng = np.random.default_rng(11)
    sm = np.where(spleen, level, -90.0).astype(np.float32) + rng.normal(0.0, noise, shape).astype(np.float32)
    marks = Landmarks(np.array([165.0, 130.0]), 1.0, np.array([165.0, 130.0]), np.full(shape, 200.0, dtype=np.float32),
                      10.0)
    return sm, spleen, marks, sp


@pytest.mark.parametrize(("spacing", "thickness_mm", "noise"), [
    ((2.6, 1.3, 2.5), 30.0, 9.0),
    ((1.6, 1.6, 5.0), 26.0, 8.0),
    ((2.0, 2.0, 2.0), 34.0, 10.0),
])
def test_a_thin_noisy_spleen_gets_a_seed_inside_it(spacing, thickness_mm, noise) -> None:
    sm, spleen, marks, sp = _crescent(spacing, thickness_mm, noise)
    voxel_ml = float(np.prod(sp)) / 1000.0
    found = _seed_at("spleen", PLACES["spleen"], sm, np.ones(sm.shape, dtype=bool), marks, sp, voxel_ml,
                     np.zeros(sm.shape, dtype=bool), noise, 81.0, False)
    assert found is not None, f"{np.count_nonzero(spleen) * voxel_ml:.0f} mL of spleen, no seed"
    seed, level = found
    assert abs(level - 108.0) <= 6.0
    assert np.count_nonzero(seed & ~spleen) <= 0.02 * np.count_nonzero(seed)  # inside the spleen
