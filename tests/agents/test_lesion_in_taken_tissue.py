"""A 'lesion' enclosed by a kidney's drawing of its neighbour's tissue is that neighbour's (`neighbour_tissue`).

Suite AQ (session 41, a foreign generator: the liver abutting the right kidney with no fat plane) had the right
kidney's band, medulla to cortex, reach into the liver: a cap of liver at the liver's level inside the kidney's
drawing, and inside the cap a 'kidney tumour' at that same level that touched neither the liver's drawing nor the
kidney's edge, so it stayed and "Any kidney tumour?" was answered Yes on a lesion-free kidney. The piece is grown
through the holder's drawing at the neighbour's level (`_same_tissue`); the grown cap touches the liver, and both go
back. Varied: spacing, the cap's thickness, the piece's size and offset in the cap, the liver's and cortex's levels,
noise, the side (right kidney and liver, left kidney and spleen) and the storage axis flipped. A true tumour at the
neighbour's level enclosed by the kidney's cortex stays a tumour.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_neighbours import neighbour_tissue


def _ball(shape: tuple[int, ...], centre_mm: np.ndarray, radius_mm: float, spacing: np.ndarray) -> np.ndarray:
    grid = np.indices(shape).astype(np.float64)
    return sum(((grid[a] * spacing[a] - centre_mm[a]) / radius_mm) ** 2 for a in range(3)) <= 1.0


def _scene(seed: int, taken: bool) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], np.ndarray, np.ndarray,
                                             dict[str, float], str, str]:
    """A neighbour (liver or spleen) block beside a kidney ball; the kidney's drawing also takes a cap of the
    neighbour (`taken`) that holds a piece at the neighbour's level, or (not `taken`) the piece is a tumour inside the
    kidney's cortex."""
    rng = np.random.default_rng(seed)
    kidney, neighbour = ("kidney_right", "liver") if seed % 2 == 0 else ("kidney_left", "spleen")
    spacing = np.array([rng.uniform(1.2, 2.0)] * 2 + [rng.uniform(1.5, 3.0)])
    size_mm = np.array([150.0, 110.0, 110.0])
    shape = tuple(int(round(n / s)) for n, s in zip(size_mm, spacing, strict=True))
    level = rng.uniform(95.0, 115.0)  # the neighbour's portal-phase level
    cortex = level + rng.uniform(40.0, 60.0)
    noise = rng.uniform(0.0, 3.0)
    ct = np.full(shape, -100.0, dtype=np.float32)
    grid_x = np.indices(shape)[0] * spacing[0]
    other = (grid_x < 70.0) & _ball(shape, np.array([35.0, 55.0, 55.0]), 60.0, spacing)  # the neighbour, its face at x=70
    kid = _ball(shape, np.array([70.0 + 30.0, 55.0, 55.0]), 30.0, spacing)  # the kidney against that face
    ct[other] = level
    ct[kid] = cortex
    cap_mm = rng.uniform(10.0, 18.0)
    cap = other & (grid_x >= 70.0 - cap_mm) & _ball(shape, np.array([70.0, 55.0, 55.0]), 28.0, spacing)  # taken in
    radius = rng.uniform(3.0, 0.4 * cap_mm)
    if taken:
        centre = np.array([70.0 - cap_mm / 2 + rng.uniform(-1.0, 1.0), 55.0 + rng.uniform(-6, 6), 55.0 + rng.uniform(-6, 6)])
        piece = _ball(shape, centre, radius, spacing) & cap
        ct[piece] = level + rng.uniform(-4.0, 4.0)
        drawn = kid | cap
    else:
        centre = np.array([100.0 + rng.uniform(-5, 5), 55.0 + rng.uniform(-5, 5), 55.0 + rng.uniform(-5, 5)])
        piece = _ball(shape, centre, rng.uniform(5.0, 9.0), spacing) & kid
        ct[piece] = level + rng.uniform(-4.0, 4.0)
        drawn = kid
    ct += rng.normal(0.0, noise, shape).astype(np.float32)
    axis = int(rng.integers(0, 3))
    flip = (lambda a: np.flip(a, axis=axis).copy()) if rng.random() < 0.5 else (lambda a: a)
    organs = {neighbour: flip(other & ~drawn), kidney: flip(drawn)}
    lesions = {"kidney_tumor": flip(piece)}
    return organs, lesions, flip(ct), spacing, {neighbour: level, kidney: cortex}, kidney, neighbour


@pytest.mark.parametrize("seed", range(8))
def test_a_piece_in_the_neighbours_cap_goes_back_with_the_cap(seed: int) -> None:
    organs, lesions, ct, spacing, levels, kidney, neighbour = _scene(seed, taken=True)
    before = organs[neighbour].sum()
    assert lesions["kidney_tumor"].any()
    notes = neighbour_tissue(lesions, organs, ct, levels, noise=3.0, spacing=spacing)
    assert notes and not lesions["kidney_tumor"].any()
    assert organs[neighbour].sum() > before  # the cap is the neighbour's again
    assert not (organs[kidney] & organs[neighbour]).any()


@pytest.mark.parametrize("seed", range(8))
def test_a_tumour_at_the_neighbours_level_inside_the_cortex_stays(seed: int) -> None:
    organs, lesions, ct, spacing, levels, _, _ = _scene(seed, taken=False)
    found = lesions["kidney_tumor"].sum()
    notes = neighbour_tissue(lesions, organs, ct, levels, noise=3.0, spacing=spacing)
    assert notes == [] and lesions["kidney_tumor"].sum() == found


@pytest.mark.parametrize("seed", range(4))
def test_a_holder_at_its_neighbours_level_is_not_grown_into_it(seed: int) -> None:
    """Unenhanced (suite AQ Q06): a 29 HU liver beside a 37 HU aorta. A piece at the aorta's level inside the liver is
    judged alone; growing it through the liver's drawing at the aorta's level would take the whole liver."""
    rng = np.random.default_rng(100 + seed)
    spacing = np.array([rng.uniform(1.2, 2.0)] * 2 + [rng.uniform(1.5, 3.0)])
    shape = tuple(int(round(n / s)) for n, s in zip((140.0, 100.0, 100.0), spacing, strict=True))
    liver_hu = rng.uniform(25.0, 35.0)
    aorta_hu = liver_hu + rng.uniform(6.0, 9.0)
    ct = np.full(shape, -100.0, dtype=np.float32)
    liver = _ball(shape, np.array([60.0, 50.0, 50.0]), 45.0, spacing)
    aorta = _ball(shape, np.array([120.0, 50.0, 50.0]), 12.0, spacing)
    piece = _ball(shape, np.array([50.0 + rng.uniform(-5, 5), 50.0, 50.0]), rng.uniform(5.0, 9.0), spacing)
    ct[liver], ct[aorta], ct[piece] = liver_hu, aorta_hu, aorta_hu + rng.uniform(-3.0, 3.0)
    ct += rng.normal(0.0, 2.0, shape).astype(np.float32)
    organs = {"liver": liver.copy(), "aorta": aorta.copy()}
    lesions = {"liver_tumor": piece.copy()}
    notes = neighbour_tissue(lesions, organs, ct, {"liver": liver_hu, "aorta": aorta_hu}, noise=3.0, spacing=spacing)
    assert notes == [] and lesions["liver_tumor"].sum() == piece.sum()
    assert (organs["liver"] == liver).all() and (organs["aorta"] == aorta).all()
