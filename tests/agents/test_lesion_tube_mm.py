"""A lesion's shape is judged in millimetres, not voxels: the conspicuity gate's tube exemption.

The conspicuity gate lets a tube through (the IVC the liver wraps around, a few HU off the parenchyma), for
`vessels_out` to take out of the liver. The gate measured the tube in voxels and `vessels_out` in mm: on suite AP's
P11 (coarse grid 1.9 x 1.9 x 1.25 mm) a lesion-free liver's texture blob, 1.5 times as tall as wide, counted 2.2
voxels to 1, passed the gate as a tube, was no tube for `vessels_out`, and was answered as a 12.6 mL liver lesion.

Kinds, varied (voxel shape, blob size, elongation, level, side of the blob):
- a faint darker region in a textured liver is held to the gate whatever the grid: not found on cubic voxels nor on
  grids whose slices are thinner than the pixels (where it counts as a tube in voxels);
- a real tube (at least twice as long head to foot as wide, in mm) stays exempt on any grid;
- a clearly darker region of the same shape is still found on the same grids.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_lesions import TUBE_RATIO, conspicuous, find_lesions, is_tube


def _ellipsoid(shape: tuple[int, ...], centre: tuple[float, ...], radii_vox: tuple[float, ...]) -> np.ndarray:
    grid = np.indices(shape).astype(np.float64)
    return sum(((grid[a] - centre[a]) / radii_vox[a]) ** 2 for a in range(3)) <= 1.0


def _textured_liver(rng: np.random.Generator, level: float, texture: float,
                    spacing: tuple[float, float, float]) -> tuple[np.ndarray, np.ndarray]:
    """A liver-sized ellipsoid at `level` HU in fat, white noise 6 HU and a texture of about 20 mm blobs of SD
    `texture` HU, on a grid of `spacing` mm."""
    from scipy import ndimage

    shape = tuple(int(round(n / s)) for n, s in zip((150.0, 130.0, 110.0), spacing, strict=True))
    organ = _ellipsoid(shape, tuple(n / 2 for n in shape), tuple(0.42 * n for n in shape))
    field = ndimage.gaussian_filter(rng.normal(0.0, 1.0, shape), sigma=[10.0 / s for s in spacing])
    field *= texture / max(float(field[organ].std()), 1e-6)
    ct = np.where(organ, level + field + rng.normal(0.0, 6.0, shape), -100.0)
    return ct.astype(np.float32), organ


@pytest.mark.parametrize(("extent", "spacing", "tube"), [
    ((10, 10, 22), (1.86, 1.86, 1.25), False),   # 2.2 voxels to 1, 1.5 to 1 in mm (suite AP P11)
    ((8, 9, 30), (2.4, 2.4, 1.0), False),        # 3.3 voxels to 1, 1.4 in mm
    ((12, 10, 40), (1.5, 1.5, 0.7), False),      # 3.3 voxels to 1, 1.6 in mm
    ((6, 6, 14), (1.0, 1.0, 1.0), True),         # cubic voxels: the same in both
    ((6, 7, 10), (2.0, 2.0, 3.0), True),         # thick slices: 1.4 voxels to 1, 2.1 in mm
    ((5, 5, 24), (1.86, 1.86, 1.25), True),      # the IVC's shape on P11's grid: 3.2 to 1 in mm
])
def test_a_tube_is_measured_in_mm(extent: tuple[int, int, int], spacing: tuple[float, float, float], tube: bool) -> None:
    box = tuple(slice(3, 3 + n) for n in extent)
    assert is_tube(box, spacing) is tube
    assert is_tube(box) is (extent[2] >= TUBE_RATIO * max(extent[:2]))  # no spacing: cubic voxels


@pytest.mark.parametrize("seed", range(6))
def test_a_faint_region_taller_than_wide_is_not_a_lesion_on_any_grid(seed: int) -> None:
    """A region 10-13 HU darker than a liver whose texture has an SD of 4.5-6 HU, 1.3-1.8 times as tall as wide in mm
    (25-40 mm across), on a cubic grid and on grids with slices 1.5-2.6 times thinner than the pixels."""
    rng = np.random.default_rng(300 + seed)
    pixel = float(rng.uniform(1.8, 2.6))
    level, texture = float(rng.uniform(60.0, 120.0)), float(rng.uniform(4.5, 6.0))
    width, elongation, contrast = float(rng.uniform(25.0, 40.0)), float(rng.uniform(1.3, 1.8)), float(rng.uniform(10.0, 13.0))
    side = float(rng.choice([-0.12, 0.12]))
    for spacing in ((pixel, pixel, pixel), (pixel, pixel, pixel / float(rng.uniform(1.5, 2.6)))):
        ct, organ = _textured_liver(np.random.default_rng(seed), level, texture, spacing)
        centre = tuple(n * (0.5 + (side if a == 0 else 0.0)) for a, n in enumerate(ct.shape))
        radii = (width / 2 / spacing[0], width / 2 / spacing[1], elongation * width / 2 / spacing[2])
        region = _ellipsoid(ct.shape, centre, radii) & organ
        ct[region] -= contrast
        found = find_lesions(ct, organ, float(np.prod(spacing)) / 1000.0, spacing=spacing)
        assert np.count_nonzero(found & region) < 0.1 * np.count_nonzero(region), (spacing, contrast, texture)


@pytest.mark.parametrize("seed", range(4))
def test_a_clear_region_of_the_same_shape_is_found_and_a_faint_tube_stays_exempt(seed: int) -> None:
    """The same grids: a region 35-50 HU darker is a lesion; a tube 10 HU darker, 2.5-3.5 times as tall as wide in mm
    (the IVC in the bare area), passes the gate for `vessels_out`, a blob 1.5 times as tall as wide does not."""
    rng = np.random.default_rng(400 + seed)
    pixel = float(rng.uniform(1.8, 2.6))
    spacing = (pixel, pixel, pixel / float(rng.uniform(1.5, 2.6)))
    ct, organ = _textured_liver(np.random.default_rng(seed), float(rng.uniform(60.0, 120.0)), 5.0, spacing)
    width = float(rng.uniform(25.0, 35.0))
    centre = tuple(0.5 * n for n in ct.shape)
    region = _ellipsoid(ct.shape, centre, (width / 2 / spacing[0], width / 2 / spacing[1], 0.75 * width / spacing[2])) & organ
    clear = ct.copy()
    clear[region] -= float(rng.uniform(35.0, 50.0))
    found = find_lesions(clear, organ, float(np.prod(spacing)) / 1000.0, spacing=spacing)
    assert found[region].mean() > 0.5

    tube = _ellipsoid(ct.shape, centre, (7.0 / spacing[0], 7.0 / spacing[1], float(rng.uniform(2.5, 3.5)) * 7.0 / spacing[2]))
    blob = _ellipsoid(ct.shape, centre, (12.0 / spacing[0], 12.0 / spacing[1], 1.5 * 12.0 / spacing[2]))
    for piece, kept in ((tube & organ, True), (blob & organ, False)):
        faint = ct.copy()
        faint[piece] -= 10.0
        out = conspicuous(piece, faint, organ, voxel_ml=float(np.prod(spacing)) / 1000.0, spacing=spacing)
        assert out[piece].all() if kept else not out.any()
