"""Lesion programs on small synthetic volumes where the right answer is known by construction."""

from __future__ import annotations

import math

import numpy as np
import pytest

from agents.measures import GridMismatchError, MissingSpacingError, measure_case
from imaging.volume import Image, LabelMap

SPACING = (1.0, 1.0, 2.0)
SHAPE = (60, 60, 20)


def _affine() -> np.ndarray:
    return np.diag([*SPACING, 1.0])


def _mask(name: str, array: np.ndarray) -> LabelMap:
    return LabelMap(array, _affine(), SPACING, name)


def _cube(lo: tuple[int, int, int], size: tuple[int, int, int]) -> np.ndarray:
    out = np.zeros(SHAPE, dtype=bool)
    out[lo[0]:lo[0] + size[0], lo[1]:lo[1] + size[1], lo[2]:lo[2] + size[2]] = True
    return out


def _liver_case(lesions: list[np.ndarray], lesion_hu: float = 20.0, organ_hu: float = 60.0, noise: float = 0.0):
    rng = np.random.default_rng(0)
    liver = _cube((5, 5, 2), (50, 50, 16))
    ct = np.full(SHAPE, -100.0, dtype=np.float32)
    ct[liver] = organ_hu + rng.normal(0, noise, int(liver.sum())) if noise else organ_hu
    tumor = np.zeros(SHAPE, dtype=bool)
    for lesion in lesions:
        tumor |= lesion
    ct[tumor] = lesion_hu
    masks = {"liver": _mask("liver", liver), "liver_tumor": _mask("liver_tumor", tumor)}
    # Couinaud-like halves: segment 5 at low i, segment 8 at high i
    masks["liver_segment_5"] = _mask("liver_segment_5", liver & (np.arange(SHAPE[0])[:, None, None] < 30))
    masks["liver_segment_8"] = _mask("liver_segment_8", liver & (np.arange(SHAPE[0])[:, None, None] >= 30))
    return Image(ct, _affine(), SPACING, "CT", "synthetic"), masks


def _values(image, masks, **kw) -> dict[str, object]:
    evidence, _ = measure_case(image, masks, **kw)
    return {e.id: e.value for e in evidence}


def test_counts_sizes_and_order() -> None:
    big, small = _cube((10, 10, 5), (6, 4, 3)), _cube((40, 40, 5), (2, 2, 2))
    values = _values(*_liver_case([small, big]))
    assert values["measurement:liver_lesion:lesion_count"] == 2
    voxel_ml = 1.0 * 1.0 * 2.0 / 1000
    assert values["measurement:liver_lesion_1:volume_ml"] == 72 * voxel_ml  # largest first: count x voxel volume
    assert values["measurement:liver_lesion_2:volume_ml"] == 8 * voxel_ml
    assert math.isclose(values["measurement:liver_lesion_1:longest_diameter_mm"], math.hypot(5, 3), rel_tol=1e-12)
    assert values["measurement:liver_lesion_1:short_axis_mm"] <= values["measurement:liver_lesion_1:longest_diameter_mm"]
    assert values["measurement:liver_lesion_1:longest_diameter_slice"] == 5  # equal slices: the lowest k
    assert values["measurement:liver_lesion:total_lesion_volume_ml"] == pytest.approx((72 + 8) * 2.0 / 1000, rel=1e-12)
    assert values["measurement:liver_lesion:tumor_burden_pct"] == pytest.approx(100 * 80 / (50 * 50 * 16), rel=1e-12)


def test_diagonal_touch_is_one_lesion() -> None:
    a, b = _cube((10, 10, 5), (3, 3, 1)), _cube((13, 13, 6), (3, 3, 1))  # corners touch: 26-connected
    assert _values(*_liver_case([a, b]))["measurement:liver_lesion:lesion_count"] == 1


@pytest.mark.parametrize(("lesion_hu", "expected"), [(20.0, "hypo"), (60.1, "iso"), (59.95, "iso"), (75.0, "hyper")])
def test_attenuation_against_organ_std(lesion_hu: float, expected: str) -> None:
    image, masks = _liver_case([_cube((20, 20, 6), (5, 5, 3))], lesion_hu=lesion_hu, noise=4.0)
    values = _values(image, masks)
    organ_mean, organ_std = values["measurement:liver:mean_hu"], values["measurement:liver:std_hu"]
    assert organ_std > 3.0  # the iso band is std / 10 wide: about 0.4 HU here
    diff = values["measurement:liver_lesion_1:mean_hu"] - organ_mean
    assert values["measurement:liver_lesion_1:attenuation"] == expected, (diff, organ_std / 10)


def test_organ_hu_excludes_lesions_and_the_rim() -> None:
    image, masks = _liver_case([_cube((20, 20, 6), (8, 8, 4))], lesion_hu=-500.0)
    image.array[masks["liver"].array & ~np.pad(np.ones((48, 48, 14), bool), ((6, 6), (6, 6), (3, 3)))] = 1000.0  # rim
    values = _values(image, masks)
    assert values["measurement:liver:mean_hu"] == 60.0 and values["measurement:liver:std_hu"] == 0.0


def test_location_counts_outlier_and_clustering() -> None:
    lesions = [_cube((10, 10, 5), (6, 6, 3)), _cube((12, 30, 5), (2, 2, 2)), _cube((40, 12, 5), (2, 2, 2)),
               _cube((27, 40, 8), (6, 1, 1))]  # the last straddles i = 30: 3 voxels in each half
    values = _values(*_liver_case(lesions))
    assert values["measurement:liver_lesion_1:location"] == "liver_segment_5"
    assert values["measurement:liver_lesion:outlier_lesion"] is True  # 108 voxels >= 3 x 8
    assert values["measurement:liver_lesion:clustering"] == "highly clustered"  # 3 of 4 located in segment 5
    assert values["measurement:liver_segment_5:lesion_count"] == 3  # the straddling lesion counts in both
    assert values["measurement:liver_segment_8:lesion_count"] == 2
    straddling = next(k for k, v in values.items() if k.endswith(":volume_ml") and v == 6 * (2.0 / 1000) and "_lesion_" in k)
    target = straddling.split(":")[1]
    assert values[f"measurement:{target}:locations"] == "liver_segment_5, liver_segment_8"
    assert values[f"measurement:{target}:location"] == "liver_segment_5"  # equal shares: the first segment


def test_adjacency_uses_physical_distance() -> None:
    image, masks = _liver_case([_cube((50, 20, 6), (4, 4, 2))])  # lesion ends at i = 53, liver at 54
    spleen = _cube((57, 20, 6), (3, 4, 2))  # 4 voxels (4 mm) beyond the lesion along i
    masks["liver"].array[spleen] = False
    masks["spleen"] = _mask("spleen", spleen)
    masks["body"] = _mask("body", np.ones(SHAPE, dtype=bool))  # contains everything: never "adjacent"
    assert _values(image, masks, adjacency_mm=4.0)["measurement:liver_lesion_1:adjacent_organs"] == "spleen"
    assert _values(image, masks, adjacency_mm=3.9)["measurement:liver_lesion_1:adjacent_organs"] == "none"


def test_empty_lesion_mask_means_no_lesion() -> None:
    values = _values(*_liver_case([]))
    assert values["measurement:liver_lesion:lesion_count"] == 0
    assert values["measurement:liver_lesion:tumor_burden_pct"] == 0.0
    assert "measurement:liver_lesion_1:volume_ml" not in values


def test_missing_spacing_and_off_grid_masks_are_typed_errors() -> None:
    image, masks = _liver_case([])
    flat = Image(image.array[:, :, 0], None, None, "CT", "picture.png")
    with pytest.raises(MissingSpacingError, match="picture.png"):
        measure_case(flat, {})
    shifted = LabelMap(masks["liver"].array, _affine() + np.eye(4) * 0, SPACING, "liver")
    shifted.affine = shifted.affine.copy()
    shifted.affine[0, 3] = 5.0
    with pytest.raises(GridMismatchError, match="'liver'"):
        measure_case(image, {"liver": shifted})
