"""Plausibility gates of the classical segmenter: what it cannot have drawn right is handed back or not reported.

Kinds, varied: blobs of correlated noise and texture at several seeds and contrasts are no lesion while lesions
of 15-45 HU are; a 'lesion' at a touching neighbour's level goes back to that neighbour whichever organ holds it;
an organ beyond its kind's size is not found at any voxel size; a lesion mask whose holder is missing is unknown.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import ndimage

from agents.segmenters.classical_gates import (
    beyond_shape,
    corticomedullary,
    inner_lesions,
    neighbour_tissue,
    off_side,
    trim_tails,
    unknown_lesions,
)
from agents.segmenters.classical_lesions import find_lesions


def _ball(shape: tuple[int, ...], centre: np.ndarray, radius: float) -> np.ndarray:
    grid = np.indices(shape).astype(np.float64)
    return sum((grid[a] - centre[a]) ** 2 for a in range(3)) <= radius**2


def _organ_with_correlated_noise(seed: int, sd: float, level: float = 60.0) -> tuple[np.ndarray, np.ndarray]:
    """An organ whose noise is smooth over a few voxels (blobs of 8-12 HU), in fat."""
    rng = np.random.default_rng(seed)
    shape = (40, 40, 30)
    organ = _ball(shape, np.array([20.0, 20.0, 15.0]), 14.0)
    noise = ndimage.gaussian_filter(rng.normal(0, 1, shape), 1.5)
    noise *= sd / noise.std()
    return np.where(organ, level + noise, -100.0).astype(np.float32), organ


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("sd", [4.0, 7.0])
def test_blobs_of_correlated_noise_are_no_lesion(seed: int, sd: float) -> None:
    ct, organ = _organ_with_correlated_noise(seed, sd)
    assert not find_lesions(ct, organ, voxel_ml=0.027).any()


@pytest.mark.parametrize(("contrast", "seed"), [(-45.0, 0), (-20.0, 1), (25.0, 2), (-16.5, 3)])
def test_a_conspicuous_lesion_stands_beside_the_noise(contrast: float, seed: int) -> None:
    ct, organ = _organ_with_correlated_noise(seed, 4.0)
    lesion = _ball(ct.shape, np.array([24.0, 17.0, 15.0]), 3.5)
    ct[lesion] += contrast
    found = find_lesions(ct, organ, voxel_ml=0.027)
    assert found[lesion].mean() > 0.5 and not found[~ndimage.binary_dilation(lesion, iterations=2)].any()


def _two_organs() -> dict[str, np.ndarray]:
    shape = (50, 40, 30)
    return {"kidney_left": _ball(shape, np.array([15.0, 20.0, 15.0]), 9.0),
            "spleen": _ball(shape, np.array([34.0, 20.0, 15.0]), 11.0)}


@pytest.mark.parametrize(("holder", "neighbour", "lesion_name"), [("kidney_left", "spleen", "kidney_tumor"),
                                                                   ("liver", "spleen", "liver_tumor")])
def test_a_lesion_at_a_touching_neighbours_level_goes_back_to_it(holder: str, neighbour: str, lesion_name: str) -> None:
    organs = _two_organs()
    organs[holder] = organs.pop("kidney_left")
    ct = np.where(organs[holder], 150.0, np.where(organs[neighbour], 50.0, -100.0)).astype(np.float32)
    piece = _ball(ct.shape, np.array([27.0, 20.0, 15.0]), 4.0)  # the holder's band reached into the spleen
    organs[holder] |= piece
    organs[neighbour] &= ~piece
    ct[piece] = 52.0
    lesions = {lesion_name: piece.copy()}
    notes = neighbour_tissue(lesions, organs, ct, {holder: 150.0, neighbour: 50.0}, noise=3.0)
    assert notes and not lesions[lesion_name].any()
    assert organs[neighbour][piece].all() and not organs[holder][piece].any()


def test_a_cyst_grazing_a_neighbour_of_other_hu_stays_a_lesion() -> None:
    organs = _two_organs()
    ct = np.where(organs["kidney_left"], 150.0, np.where(organs["spleen"], 50.0, -100.0)).astype(np.float32)
    cyst = organs["kidney_left"] & _ball(ct.shape, np.array([22.0, 20.0, 15.0]), 4.0)
    ct[cyst] = 5.0
    lesions = {"kidney_cyst": cyst.copy()}
    assert neighbour_tissue(lesions, organs, ct, {"kidney_left": 150.0, "spleen": 50.0}, noise=3.0) == []
    assert lesions["kidney_cyst"].sum() == cyst.sum()


@pytest.mark.parametrize("spacing", [(0.8, 0.8, 2.5), (1.5, 1.5, 5.0)])
def test_an_organ_beyond_its_kinds_size_is_not_found(spacing: tuple[float, float, float]) -> None:
    spacing_mm = np.asarray(spacing)
    shape = tuple(int(round(v)) for v in np.array([300.0, 250.0, 300.0]) / spacing_mm)
    kidney = np.zeros(shape, dtype=bool)
    normal = np.array([60.0, 55.0, 115.0]) / spacing_mm
    kidney[:int(normal[0]), :int(normal[1]), :int(normal[2])] = True
    assert beyond_shape({"kidney_left": kidney}, spacing_mm) == {}
    leaked = kidney.copy()
    leaked[:int(normal[0]), :int(normal[1]), :int(200.0 / spacing[2])] = True  # 20 cm long: into a neighbour
    reasons = beyond_shape({"kidney_left": leaked, "kidney_right": kidney}, spacing_mm)
    assert list(reasons) == ["kidney_left"] and "kidney's size" in reasons["kidney_left"]


@pytest.mark.parametrize(("medulla_hu", "piece_hu", "dropped"), [
    (70.0, 74.0, True),  # corticomedullary kidney: a solid piece at the medulla's level
    (70.0, 5.0, False),  # a cyst stays
    (70.0, 120.0, False),  # off the medulla's level
    (150.0, 70.0, False),  # homogeneous kidney: a solid tumour stays
])
def test_a_solid_piece_at_the_medullas_level_is_not_reported(medulla_hu: float, piece_hu: float, dropped: bool) -> None:
    shape = (40, 40, 40)
    kidney = _ball(shape, np.array([20.0, 20.0, 20.0]), 15.0)
    ct = np.where(kidney, 160.0, -100.0).astype(np.float32)
    ct[_ball(shape, np.array([20.0, 20.0, 20.0]), 11.0)] = medulla_hu  # the inner half: medulla
    piece = _ball(shape, np.array([20.0, 28.0, 20.0]), 3.0)
    ct[piece] = piece_hu
    lesions = {"kidney_tumor": piece.copy()}
    notes = corticomedullary(lesions, {"kidney_left": kidney}, ct)
    assert bool(notes) == dropped and lesions["kidney_tumor"].any() != dropped


@pytest.mark.parametrize(("cortex_hu", "left_hu", "right_hu", "dropped"), [
    (160.0, 82.0, 85.0, True),  # pyramids in both kidneys, whatever small share of the masks they fill
    (190.0, 100.0, 108.0, True),
    (160.0, 82.0, None, False),  # one kidney's solid mass: a tumour
    (160.0, 70.0, 115.0, False),  # each at its own HU: two tumours
    (160.0, 10.0, 12.0, False),  # fluid: cysts, whatever the sides
])
def test_solid_pieces_at_one_hu_in_both_kidneys_are_the_medulla(cortex_hu: float, left_hu: float,
                                                                right_hu: float | None, dropped: bool) -> None:
    shape = (60, 30, 40)
    organs = {"kidney_left": _ball(shape, np.array([15.0, 15.0, 20.0]), 12.0),
              "kidney_right": _ball(shape, np.array([45.0, 15.0, 20.0]), 12.0)}
    ct = np.where(organs["kidney_left"] | organs["kidney_right"], cortex_hu, -100.0).astype(np.float32)
    pieces = _ball(shape, np.array([15.0, 15.0, 20.0]), 4.0)
    ct[pieces] = left_hu
    if right_hu is not None:
        right = _ball(shape, np.array([45.0, 15.0, 20.0]), 3.0)
        ct[right] = right_hu
        pieces |= right
    lesions = {"kidney_tumor": pieces.copy()}
    notes = corticomedullary(lesions, organs, ct)
    assert bool(notes) == dropped and lesions["kidney_tumor"].any() != dropped


@pytest.mark.parametrize("downward", [True, False])
def test_a_thin_tail_a_kidney_followed_out_is_cut_and_the_kidney_kept(downward: bool) -> None:
    shape = (40, 40, 80)
    kidney = _ball(shape, np.array([20.0, 20.0, 40.0]), 12.0)
    tail = np.zeros(shape, dtype=bool)
    if downward:
        tail[19:22, 19:22, 2:30] = True
    else:
        tail[19:22, 19:22, 50:78] = True
    organs = {"kidney_left": kidney | tail}
    trim_tails(organs)
    assert not organs["kidney_left"][tail & ~ndimage.binary_dilation(kidney, iterations=2)].any()
    assert organs["kidney_left"][kidney].mean() > 0.95


def test_a_lesion_mask_whose_holder_is_missing_is_unknown_not_empty() -> None:
    empty = np.zeros((4, 4, 4), dtype=bool)
    lesions = {"kidney_tumor": empty.copy(), "kidney_cyst": empty.copy(), "liver_tumor": empty.copy()}
    reasons = unknown_lesions(lesions, {"kidney_right": "leaked"})
    assert set(reasons) == {"kidney_tumor", "kidney_cyst"} and list(lesions) == ["liver_tumor"]
    assert all("kidney_right was not found" in reason for reason in reasons.values())


def _kidney_at(spacing: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """A kidney of 110 x 55 x 55 mm (an ellipsoid) on a grid of `spacing`, its centre and the voxel volume (mL)."""
    shape = tuple(int(round(v)) for v in np.array([100.0, 100.0, 160.0]) / spacing)
    centre = (np.array(shape) - 1) / 2
    grid = np.indices(shape).astype(np.float64)
    axes = np.array([27.5, 27.5, 55.0]) / spacing
    kidney = sum(((grid[a] - centre[a]) / axes[a]) ** 2 for a in range(3)) <= 1.0
    return kidney, centre, float(np.prod(spacing)) / 1000.0


def _ball_mm(shape: tuple[int, ...], centre: np.ndarray, radius_mm: float, spacing: np.ndarray) -> np.ndarray:
    grid = np.indices(shape).astype(np.float64)
    return sum(((grid[a] - centre[a]) * spacing[a]) ** 2 for a in range(3)) <= radius_mm**2


@pytest.mark.parametrize("spacing", [(3.0, 3.0, 3.0), (2.97, 1.48, 2.0), (2.0, 2.0, 5.0)])
@pytest.mark.parametrize("diameter_mm", [14.0, 26.0])
def test_a_cyst_bulging_from_its_kidney_is_kept_whole(spacing: tuple[float, float, float], diameter_mm: float) -> None:
    """Centred on the kidney's lateral surface, half the cyst is outside: its whole outer surface is the kidney's
    edge, yet it is a lesion (it was dropped as a partial-volume rim)."""
    spacing_mm = np.asarray(spacing)
    kidney, centre, voxel_ml = _kidney_at(spacing_mm)
    surface = centre + np.array([27.5 / spacing_mm[0], 0.0, 0.0])
    cyst = _ball_mm(kidney.shape, surface, diameter_mm / 2, spacing_mm)
    organs = {"kidney_left": kidney | cyst}
    kept = inner_lesions(cyst, organs, voxel_ml, spacing_mm, max_open=1.0, bulging=True)
    assert np.array_equal(kept, cyst)


@pytest.mark.parametrize("spacing", [(3.0, 3.0, 3.0), (2.97, 1.48, 2.0), (2.0, 2.0, 5.0)])
def test_a_partial_volume_rim_on_the_edge_is_no_lesion(spacing: tuple[float, float, float]) -> None:
    """A shell one or two voxels deep along a stretch of the organ's surface (partial volume with a neighbour),
    large enough to pass the size floor, stays out at every voxel size."""
    spacing_mm = np.asarray(spacing)
    kidney, centre, voxel_ml = _kidney_at(spacing_mm)
    inner = ndimage.binary_erosion(kidney, iterations=1)
    rim = kidney & ~inner & (np.indices(kidney.shape)[0] > centre[0])  # the lateral half of its outer shell
    assert np.count_nonzero(rim) * voxel_ml >= 0.25
    assert not inner_lesions(rim, {"kidney_left": kidney}, voxel_ml, spacing_mm).any()


@pytest.mark.slow
def test_a_gated_kidney_makes_its_lesion_question_abstain_with_the_reason(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Real agents, embedded segmenter: with the kidney size gate set below any kidney, the kidneys are not found,
    so 'is there a kidney lesion' abstains naming why instead of answering no from an empty lesion mask."""
    import dataclasses

    import agents.segmenters.classical_gates as gates
    import orchestrator
    from synthetic.phantom import make_phantom, random_spec

    monkeypatch.setitem(gates.MAX_EXTENT_MM, "kidney_left", (5.0, 5.0))
    monkeypatch.setitem(gates.MAX_EXTENT_MM, "kidney_right", (5.0, 5.0))
    spec = dataclasses.replace(random_spec(7002, max_voxels=400_000), phase="portal", kidney_lesion="cyst")
    make_phantom(tmp_path / "case", spec)
    case = {"case_id": "gate", "images": [{"path": str(tmp_path / "case" / "ct.nii.gz"), "modality": "CT"}],
            "question": "Is there a kidney cyst?"}
    result = orchestrator.run(case, {"segmenter": "classical", "use_provided_masks": False}, backends={})
    assert result.status == "abstained", (result.status, result.answer)
    assert any("kidney" in reason and "not found" in reason for reason in result.reasons), result.reasons
    present = next(e for e in result.evidence if e.id == "segmentation:kidney_left:present")
    assert present.value is False and "beyond a kidney's size" in present.reason, present.reason


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "randomised", "side"), [(3, False, "right"), (7002, True, "left"), (7011, True, "right")])
def test_a_kidney_not_found_leaves_no_kidney_lesion_mask_in_either_stage(tmp_path: Path, seed: int, randomised: bool,
                                                                        side: str) -> None:
    """A kidney taken out of the scan (its voxels made fat): the other kidney cannot answer 'no kidney lesion', so
    neither kidney lesion mask is written, the fat-plane (component) stage included, and the reason is given."""
    import dataclasses

    from agents.segmenters.classical import ClassicalSegmenter
    from imaging.masks import read_mask
    from imaging.volume import read_image
    from synthetic.phantom import PhantomSpec, make_phantom, random_spec

    spec = random_spec(seed, max_voxels=400_000) if randomised else PhantomSpec(seed=seed)
    spec = dataclasses.replace(spec, kidney_lesion="none", phase="portal")
    make_phantom(tmp_path / "case", spec)
    image = read_image(tmp_path / "case" / "ct.nii.gz")
    kidney = read_mask(tmp_path / "case" / "segmentations" / f"kidney_{side}.nii.gz", f"kidney_{side}")
    from agents.segmenters.grid import to_image_grid

    gone = ndimage.binary_dilation(to_image_grid(kidney, image)[0].array.astype(bool), iterations=2)
    array = image.array.copy()
    array[gone] = -100.0
    result = ClassicalSegmenter().segment(dataclasses.replace(image, array=array))
    assert f"kidney_{side}" not in result.masks or not result.masks[f"kidney_{side}"].array.any()
    assert "kidney_cyst" not in result.masks and "kidney_tumor" not in result.masks
    reasons = result.details["landmarks"]["not_found"]
    assert "liver_tumor" in result.masks or "liver_tumor" in reasons  # written, or unknown with the search's reason
    assert f"the kidney_{side} was not found" in reasons["kidney_cyst"]


@pytest.mark.parametrize(("spacing", "scale"), [((3.0, 3.0, 3.0), 1.0), ((2.0, 2.5, 5.0), 0.85), ((3.3, 3.3, 2.0), 1.15)])
def test_a_spleen_reaching_across_the_midline_is_not_found(spacing: tuple[float, float, float], scale: float) -> None:
    """Left of the spine it is a spleen at any body size; a mask that runs on past the midline (the liver's left lobe
    at the same HU) is not drawn."""
    spacing_mm = np.asarray(spacing)
    shape = tuple(int(round(v)) for v in np.array([330.0, 250.0, 150.0]) / spacing_mm)
    notes = {"spine_mm": [165.0, 80.0], "scale": scale}
    centre = np.array([165.0 - 90.0 * scale, 110.0, 75.0])
    spleen = _ball_mm(shape, centre / spacing_mm, 45.0 * scale, spacing_mm)
    assert off_side({"spleen": spleen}, spacing_mm, notes) == {}
    x_mm = np.arange(shape[0])[:, None, None] * spacing_mm[0]
    lobe = _ball_mm(shape, np.array([165.0 + 10.0 * scale, 150.0, 75.0]) / spacing_mm, 40.0 * scale, spacing_mm)
    reasons = off_side({"spleen": spleen | (lobe & (x_mm > centre[0]))}, spacing_mm, notes)
    assert list(reasons) == ["spleen"] and "midline" in reasons["spleen"]


@pytest.mark.parametrize("spacing", [(3.0, 3.0, 3.0), (2.0, 2.0, 5.0)])
def test_a_spleen_centred_below_the_liver_is_not_found(spacing: tuple[float, float, float]) -> None:
    """Level with the liver it is a spleen; the same mask moved below the liver's lowest slice (muscle or bowel at
    the spleen's HU) is not drawn, at any slice thickness."""
    spacing_mm = np.asarray(spacing)
    shape = tuple(int(round(v)) for v in np.array([330.0, 250.0, 300.0]) / spacing_mm)
    notes = {"spine_mm": [165.0, 80.0], "scale": 1.0}
    liver = _ball_mm(shape, np.array([230.0, 120.0, 220.0]) / spacing_mm, 70.0, spacing_mm)
    level = _ball_mm(shape, np.array([75.0, 110.0, 210.0]) / spacing_mm, 45.0, spacing_mm)
    assert off_side({"spleen": level, "liver": liver}, spacing_mm, notes) == {}
    low = _ball_mm(shape, np.array([75.0, 110.0, 100.0]) / spacing_mm, 45.0, spacing_mm)
    reasons = off_side({"spleen": low, "liver": liver}, spacing_mm, notes)
    assert list(reasons) == ["spleen"] and "below the liver" in reasons["spleen"]


@pytest.mark.parametrize(("centre_x_mm", "spleen_hu", "found"), [
    (-85.0, 50.0, True),  # at the liver's HU, lateral: the spleen
    (-50.0, 50.0, False),  # at the liver's HU, near the midline: the stomach's content or the left lobe
    (-50.0, 70.0, True),  # its own HU: the level is its own, the place need not be lateral
])
def test_a_spleen_at_the_livers_hu_must_lie_lateral(centre_x_mm: float, spleen_hu: float, found: bool) -> None:
    spacing_mm = np.array([3.0, 3.0, 3.0])
    shape = (110, 84, 50)
    notes = {"spine_mm": [165.0, 80.0], "scale": 1.0, "levels_hu": {"liver": 49.0, "spleen": spleen_hu}}
    spleen = _ball_mm(shape, np.array([165.0 + centre_x_mm, 110.0, 75.0]) / spacing_mm, 25.0, spacing_mm)
    assert (off_side({"spleen": spleen}, spacing_mm, notes) == {}) == found


@pytest.mark.parametrize(("cyst_radius", "seed"), [(6.0, 0), (7.5, 1), (8.5, 2)])
def test_a_cyst_filling_a_fifth_of_an_enhanced_kidney_is_found(cyst_radius: float, seed: int) -> None:
    """A cyst holding 15-35% of an enhanced kidney (cortex 160, medulla 110 HU) is its lesion: the kidney's lower level
    is read on its solid tissue (it had been read inside the cyst, which then hid itself)."""
    rng = np.random.default_rng(seed)
    shape = (44, 40, 36)
    kidney = _ball(shape, np.array([22.0, 20.0, 18.0]), 13.0)
    medulla = _ball(shape, np.array([22.0, 20.0, 18.0]), 8.0)
    cyst = _ball(shape, np.array([22.0 + 13.0 - cyst_radius, 20.0, 18.0]), cyst_radius)
    ct = np.where(kidney, np.where(medulla, 110.0, 160.0), -90.0) + rng.normal(0, 4.0, shape)
    ct[cyst] = 5.0 + rng.normal(0, 4.0, int(cyst.sum()))
    assert 0.1 < cyst.sum() / kidney.sum() < 0.4
    found = find_lesions(ct.astype(np.float32), kidney, voxel_ml=0.027, bimodal=True)
    assert found[cyst].mean() > 0.7, found[cyst].mean()
    assert not found[medulla & ~ndimage.binary_dilation(cyst, iterations=2)].any()


@pytest.mark.parametrize(("cyst_hu", "radius", "sd", "seed"), [(11.0, 5.0, 4.0, 0), (8.0, 4.0, 6.0, 1), (14.0, 6.0, 5.0, 2)])
def test_a_cyst_of_an_unenhanced_kidney_is_read_against_one_level(cyst_hu: float, radius: float, sd: float,
                                                                   seed: int) -> None:
    """Unenhanced (35 HU), cortex and medulla read alike: a cyst 20-27 HU darker is a lesion (it had been held to the
    25 HU floor of an enhanced kidney's two levels, read at the 20th percentile), and noise alone is none."""
    rng = np.random.default_rng(seed)
    shape = (40, 40, 34)
    kidney = _ball(shape, np.array([20.0, 20.0, 17.0]), 13.0)
    ct = np.where(kidney, 35.0, -90.0) + ndimage.gaussian_filter(rng.normal(0, 1, shape), 0.7) * sd / 0.37
    assert not find_lesions(ct.astype(np.float32), kidney, voxel_ml=0.027, bimodal=True).any()
    cyst = _ball(shape, np.array([24.0, 18.0, 17.0]), radius)
    ct[cyst] += cyst_hu - 35.0
    found = find_lesions(ct.astype(np.float32), kidney, voxel_ml=0.027, bimodal=True)
    assert found[cyst].mean() > 0.5 and not found[~ndimage.binary_dilation(cyst, iterations=2)].any()


@pytest.mark.parametrize(("name", "holder", "piece_hu", "dropped"), [
    ("liver_tumor", "liver", 310.0, True),   # suite AM: a contrast-filled stomach the liver's drawing took in
    ("liver_tumor", "liver", 600.0, True),   # a calcification
    ("kidney_tumor", "kidney_left", 280.0, True),
    ("liver_tumor", "liver", 160.0, False),  # a brightly enhancing tumour stays
    ("pancreas_tumor", "pancreas", 120.0, False),
])  # fmt: skip
def test_dense_content_is_no_lesion(name: str, holder: str, piece_hu: float, dropped: bool) -> None:
    from agents.segmenters.classical_gates import dense_out

    shape = (40, 40, 30)
    organ = _ball(shape, np.array([20.0, 20.0, 15.0]), 14.0)
    piece = _ball(shape, np.array([24.0, 20.0, 15.0]), 5.0)
    ct = np.where(organ, 100.0, -100.0).astype(np.float32)
    ct[piece] = piece_hu
    lesions, organs, notes = {name: piece.copy()}, {holder: organ.copy()}, {}
    dense_out(lesions, organs, ct, notes)
    assert lesions[name].any() is not dropped
    assert (organs[holder] & piece).any() is not dropped  # dense content leaves its holder's drawing too
    assert bool(notes.get("lesions_dropped")) is dropped
