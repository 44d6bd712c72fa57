"""The gall bladder among the liver's 'lesions': bile on the liver's lower visceral surface, in front of the spine.

Kinds, varied over voxel sizes and bile HU: such a pouch becomes the gall bladder (and leaves the liver and its
lesions); a cyst inside the liver, bile-like fluid in the liver's upper half, fluid left of the midline and a
pouch no darker than the liver stay what they were.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_contents import bladder_among_lesions

SPINE_MM = np.array([150.0, 100.0])
"""The vertebral body's centre (mm on the grid): x toward the patient's right, y anterior."""


def _ball(shape: tuple[int, ...], centre_mm: np.ndarray, radius_mm: float, spacing: np.ndarray) -> np.ndarray:
    grid = np.indices(shape).astype(np.float64)
    return sum(((grid[a] * spacing[a]) - centre_mm[a]) ** 2 for a in range(3)) <= radius_mm**2


def _case(spacing: np.ndarray, pouch_mm: np.ndarray, bile_hu: float, radius_mm: float = 15.0):
    """A liver (an ellipsoid right of and in front of the spine) at 60 HU holding one fluid 'lesion' at `pouch_mm`."""
    shape = tuple(int(round(v)) for v in np.array([300.0, 250.0, 200.0]) / spacing)
    grid = np.indices(shape).astype(np.float64)
    centre, axes = np.array([230.0, 150.0, 110.0]), np.array([75.0, 70.0, 70.0])
    liver = sum(((grid[a] * spacing[a] - centre[a]) / axes[a]) ** 2 for a in range(3)) <= 1.0
    pouch = _ball(shape, pouch_mm, radius_mm, spacing)
    ct = np.where(liver, 60.0, -100.0).astype(np.float32)
    ct[pouch] = bile_hu
    organs = {"liver": liver | pouch, "liver_tumor": pouch.copy()}
    notes = {"spine_mm": SPINE_MM.tolist(), "scale": 1.0, "levels_hu": {"liver": 60.0}}
    return organs, ct, notes, pouch


@pytest.mark.parametrize("spacing", [(3.0, 3.0, 3.0), (2.5, 2.5, 5.0), (2.0, 3.0, 2.0)])
@pytest.mark.parametrize("bile_hu", [0.0, 18.0])
def test_bile_on_the_livers_lower_visceral_surface_is_the_gall_bladder(spacing: tuple[float, float, float],
                                                                      bile_hu: float) -> None:
    spacing_mm = np.asarray(spacing)
    organs, ct, notes, pouch = _case(spacing_mm, np.array([200.0, 185.0, 55.0]), bile_hu)  # anterior, inferior, half out
    bladder_among_lesions(organs, ct, spacing_mm, notes)
    assert np.array_equal(organs["gall_bladder"], pouch)
    assert not organs["liver_tumor"].any() and not (organs["liver"] & pouch).any()


@pytest.mark.parametrize(("where", "bile_hu"), [
    ((230.0, 150.0, 80.0), 5.0),  # a cyst inside the liver, lower half: enclosed
    ((200.0, 185.0, 165.0), 5.0),  # on the surface, but in the liver's upper half
    ((110.0, 170.0, 55.0), 5.0),  # left of the midline by 4 cm (the stomach's side)
    ((200.0, 185.0, 55.0), 52.0),  # as dark as the liver less 8 HU: no bile
])
def test_other_fluid_stays_a_liver_lesion(where: tuple[float, float, float], bile_hu: float) -> None:
    spacing_mm = np.array([3.0, 3.0, 3.0])
    organs, ct, notes, pouch = _case(spacing_mm, np.asarray(where), bile_hu, radius_mm=12.0)
    bladder_among_lesions(organs, ct, spacing_mm, notes)
    assert "gall_bladder" not in organs and np.array_equal(organs["liver_tumor"], pouch)


@pytest.mark.parametrize(("spacing", "offset", "radius_mm"), [((1.5, 1.5, 3.0), (0, 0), 9.0), ((3.0, 3.0, 5.0), (4, -3), 12.0),
                                                               ((2.0, 2.5, 4.0), (-5, 2), 10.0)])
def test_a_tumour_in_a_kidneys_bite_is_taken_muscle_beside_it_is_not(spacing: tuple[float, float, float],
                                                                      offset: tuple[int, int], radius_mm: float) -> None:
    """A tumour enhancing less than the cortex (55 HU) fills a bite of the kidney's contour and is returned; the muscle
    behind the kidney, at the same HU but outside its contour, is not."""
    from agents.segmenters.classical_contents import in_bite

    step = np.asarray(spacing)
    shape = tuple(int(n) for n in np.ceil(np.array([140.0, 120.0, 140.0]) / step))
    mm = [np.arange(n)[:, None, None] * step[0] if a == 0 else np.arange(n)[None, :, None] * step[1] if a == 1 else
          np.arange(n)[None, None, :] * step[2] for a, n in enumerate(shape)]
    centre = np.array([70.0 + offset[0] * step[0], 60.0 + offset[1] * step[1], 70.0])
    kidney = ((mm[0] - centre[0]) / 30) ** 2 + ((mm[1] - centre[1]) / 25) ** 2 + ((mm[2] - centre[2]) / 55) ** 2 <= 1
    tumour_centre = centre + np.array([26.0, 0.0, 0.0])  # lateral: half in the kidney, half bulging
    tumour = sum((mm[a] - tumour_centre[a]) ** 2 for a in range(3)) <= radius_mm ** 2
    muscle = (mm[1] < centre[1] - 25) & (np.abs(mm[0] - centre[0]) < 40) & (np.abs(mm[2] - centre[2]) < 60)
    solid = kidney & ~tumour
    sm = np.where(solid, 160.0, np.where(tumour | muscle, 55.0, -90.0)).astype(np.float32)
    found = in_bite(np.ones(shape, dtype=bool) & ~solid, solid, sm, (25.0, 80.0), step)
    bite = tumour & kidney
    assert found[bite].mean() > 0.3, found[bite].mean()  # the part the kidney sandwiches (its tip is open)
    assert not (found & muscle).any()


@pytest.mark.parametrize(("radius_vox", "noise", "seed"), [(3, 8.0, 1), (5, 15.0, 2), (7, 20.0, 3)])
def test_renal_sinus_fat_read_with_the_cortex_is_no_kidney_lesion(radius_vox: int, noise: float, seed: int) -> None:
    """Suite AO: a 'kidney tumour' whose voxels were sinus fat and enhancing cortex (26 % fat, SD 78 HU) had been
    answered as a renal cyst. A cyst and a solid mass of the same sizes and noise stay, in both lesion masks."""
    from agents.segmenters.lesion_contents import sinus_fat_out

    rng = np.random.default_rng(seed)
    shape = (40, 40, 40)
    grid = np.indices(shape)
    ball = lambda c: np.sum((grid - np.array(c)[:, None, None, None]) ** 2, axis=0) <= radius_vox**2  # noqa: E731
    mixed, cyst, solid = ball((10, 10, 20)), ball((28, 10, 20)), ball((20, 29, 20))
    ct = rng.normal(150.0, noise, shape).astype(np.float32)  # enhancing cortex around them
    half = mixed & (grid[0] < 10)
    ct[half] = rng.normal(-100.0, noise, int(half.sum()))  # sinus fat on one side of the piece
    ct[cyst] = rng.normal(8.0, noise, int(cyst.sum()))
    ct[solid] = rng.normal(45.0, noise, int(solid.sum()))
    for name in ("kidney_cyst", "kidney_tumor"):
        arrays = {name: mixed | cyst | solid}
        details: dict = {}
        sinus_fat_out(arrays, ct, details)
        assert not (arrays[name] & mixed).any()
        assert (arrays[name] & cyst).sum() == cyst.sum() and (arrays[name] & solid).sum() == solid.sum()
        assert len(details["lesions_dropped"]) == 1
