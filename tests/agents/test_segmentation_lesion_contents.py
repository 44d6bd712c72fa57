"""Lesions that are a neighbour's (`lesion_contents`): the gall bladder's bile split off into the liver goes back to
it, hepatic cysts stay; a lesion piece inside another organ's mask is that organ's, one touching it stays.

Varied: grid spacing, the bile's HU, how much of the bladder was found, where the cut between the found part and
the 'lesion' lies, a cyst's HU and distance from the bladder; the lesion mask, its holder, the neighbour and how much
of the piece lies inside it. A fluid piece under bowel gas inside the holder's drawing, and fluid pieces at its HU
beside it, are a lumen; a cyst, and a cyst under the lungs' base, stay (varied: spacing, holder, the gas's side,
fluid HU).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from agents.segmenters.lesion_contents import bile_out, bowel_out, foreign_out


def _ball(shape: tuple[int, ...], centre_mm: np.ndarray, radius_mm: float, spacing: np.ndarray) -> np.ndarray:
    grid = np.indices(shape).astype(np.float64)
    return sum(((grid[a] * spacing[a] - centre_mm[a]) / radius_mm) ** 2 for a in range(3)) <= 1.0


def _liver_with_bladder(spacing: np.ndarray, bile_hu: float, seed: int) -> tuple[np.ndarray, dict[str, np.ndarray],
                                                                                 np.ndarray]:
    """A liver (60 HU) holding a gall bladder of bile; returns the CT, the masks as drawn, and the bladder's truth."""
    shape = tuple(int(round(120.0 / s)) for s in spacing)
    ct = np.full(shape, -100.0, dtype=np.float32)
    liver = _ball(shape, np.array([60.0, 60.0, 60.0]), 55.0, spacing)
    bladder = _ball(shape, np.array([60.0, 30.0, 45.0]), 16.0, spacing)
    ct[liver] = 60.0
    ct[bladder] = bile_hu
    ct += np.random.default_rng(seed).normal(0, 6.0, shape).astype(np.float32)
    return ct, {"liver": liver.copy(), "liver_segment_5": liver.copy()}, bladder


@pytest.mark.parametrize(("spacing", "bile_hu", "found_share"),
                         [((1.0, 1.0, 2.0), 2.0, 0.5), ((0.8, 0.8, 5.0), -5.0, 0.3), ((1.5, 1.5, 1.5), 12.0, 0.7)])
def test_bile_split_off_into_the_liver_returns_to_the_bladder(spacing: tuple[float, float, float], bile_hu: float,
                                                              found_share: float) -> None:
    sp = np.array(spacing)
    ct, masks, bladder = _liver_with_bladder(sp, bile_hu, seed=int(bile_hu) + 20)
    x_mm = np.indices(ct.shape)[0] * sp[0]
    cut = np.percentile(x_mm[bladder], 100 * (1 - found_share))
    found = bladder & (x_mm >= cut)  # the part of the bladder the segmenter drew; the rest is a liver 'lesion'
    masks["gall_bladder"] = found
    masks["liver_tumor"] = bladder & ~found
    details: dict = {}
    bile_out(masks, ct, sp, details)
    assert not masks["liver_tumor"].any()
    assert masks["gall_bladder"][bladder].all()
    assert not (masks["liver"] & bladder & ~found).any() and not (masks["liver_segment_5"] & bladder & ~found).any()
    assert "gall bladder" in details["lesions_dropped"][0]


@pytest.mark.parametrize(("spacing", "cyst_hu", "gap_mm"),
                         [((1.0, 1.0, 2.0), 5.0, 20.0), ((0.8, 0.8, 4.0), 0.0, 3.0), ((1.5, 1.5, 1.5), 40.0, 0.0)])
def test_a_cyst_or_a_solid_lesion_beside_the_bladder_stays(spacing: tuple[float, float, float], cyst_hu: float,
                                                            gap_mm: float) -> None:
    """A cyst apart from the bladder (any fluid HU), and a solid lesion against it, stay liver lesions."""
    sp = np.array(spacing)
    ct, masks, bladder = _liver_with_bladder(sp, 0.0, seed=7)
    masks["gall_bladder"] = bladder
    centre = np.array([60.0 + 16.0 + 10.0 + gap_mm, 30.0, 45.0])  # to the side of the bladder, 10 mm radius
    cyst = _ball(ct.shape, centre, 10.0, sp) & ~bladder
    ct[cyst] = cyst_hu + np.random.default_rng(3).normal(0, 6.0, int(cyst.sum()))
    masks["liver_tumor"] = cyst.copy()
    bile_out(masks, ct, sp, {})
    assert masks["liver_tumor"][cyst].all()
    assert not (masks["gall_bladder"] & cyst).any()


@pytest.mark.parametrize(("spacing", "length_mm", "found_share", "bile_hu"), [
    ((1.25, 1.25, 5.0), 50.0, 0.6, 6.0),   # suite AL: the upper 11 mL of a 5-mm-sliced bladder drawn as a lesion
    ((0.8, 0.8, 4.0), 70.0, 0.5, 0.0),
    ((1.5, 1.5, 3.0), 60.0, 0.75, 14.0),
    ((1.0, 1.0, 5.0), 80.0, 0.4, -3.0),
])  # fmt: skip
def test_a_bladder_cut_between_thick_slices_is_whole_again(spacing: tuple[float, float, float], length_mm: float,
                                                           found_share: float, bile_hu: float) -> None:
    """A long bladder cut across its length between two slices shares its whole end slice with the cut-off part, a
    small share of their surfaces (the part's side walls are tall): the cut-off part is bile all the same."""
    sp = np.array(spacing)
    ct, masks, _ = _liver_with_bladder(sp, 60.0, seed=int(length_mm))
    grid = np.indices(ct.shape).astype(np.float64)
    bladder = sum(((grid[a] * sp[a] - c) / r) ** 2 for a, c, r in zip(range(3), (60.0, 30.0, 60.0),
                                                                       (14.0, 14.0, length_mm / 2), strict=True)) <= 1
    ct[bladder] = bile_hu + np.random.default_rng(5).normal(0, 6.0, int(bladder.sum()))
    masks["liver"] &= ~bladder
    z_mm = grid[2] * sp[2]
    found = bladder & (z_mm <= np.percentile(z_mm[bladder], 100 * found_share))
    masks["gall_bladder"], masks["liver_tumor"] = found, bladder & ~found
    details: dict = {}
    bile_out(masks, ct, sp, details)
    assert not masks["liver_tumor"].any(), details
    assert masks["gall_bladder"][bladder].all()
    assert "cross-section" in details["lesions_dropped"][0]


@pytest.mark.parametrize(("spacing", "axis"), [((1.25, 1.25, 5.0), 0), ((0.8, 0.8, 4.0), 1), ((1.0, 1.0, 5.0), 2)])
def test_a_fluid_cyst_touching_the_bladder_at_a_point_stays(spacing: tuple[float, float, float], axis: int) -> None:
    """A hepatic cyst at bile's HU whose edge meets the bladder's (thick slices, any side) is no bile."""
    sp = np.array(spacing)
    ct, masks, bladder = _liver_with_bladder(sp, 0.0, seed=11)
    masks["gall_bladder"] = bladder
    centre = np.array([60.0, 30.0, 45.0])
    centre[axis] += 16.0 + 10.0
    cyst = _ball(ct.shape, centre, 10.5, sp) & ~bladder  # 10.5 mm: its edge reaches the bladder's
    assert (ndimage.binary_dilation(cyst) & bladder).any()
    ct[cyst] = 4.0 + np.random.default_rng(3).normal(0, 6.0, int(cyst.sum()))
    masks["liver_tumor"] = cyst.copy()
    bile_out(masks, ct, sp, {})
    assert masks["liver_tumor"][cyst].all()


def test_nothing_happens_without_a_bladder_or_lesions() -> None:
    sp = np.array([2.0, 2.0, 2.0])
    ct, masks, bladder = _liver_with_bladder(sp, 0.0, seed=1)
    masks["liver_tumor"] = bladder.copy()
    before = {name: mask.copy() for name, mask in masks.items()}
    bile_out(masks, ct, sp, {})
    assert all(np.array_equal(before[name], masks[name]) for name in before)
    masks["gall_bladder"] = bladder.copy()
    masks["liver_tumor"] = np.zeros_like(bladder)
    bile_out(masks, ct, sp, {})
    assert np.array_equal(masks["gall_bladder"], bladder)


@pytest.mark.parametrize(("lesion_name", "holder", "neighbour", "inside_share"),
                         [("liver_tumor", "liver", "kidney_right", 0.9), ("liver_tumor", "liver", "spleen", 0.6),
                          ("kidney_tumor", "kidney_left", "pancreas", 0.97), ("pancreas_tumor", "pancreas", "postcava", 0.75)])
def test_a_lesion_inside_a_neighbours_mask_is_the_neighbours(lesion_name: str, holder: str, neighbour: str,
                                                             inside_share: float) -> None:
    """The holder's drawing overlapping a neighbour's holds the neighbour as a 'lesion': it is dropped, and the
    overlap leaves the holder; a real lesion of the holder beside it stays."""
    sp = np.array([1.0, 1.0, 2.5])
    shape = (100, 100, 40)
    holder_mask = _ball(shape, np.array([45.0, 50.0, 50.0]), 40.0, sp)
    neighbour_mask = _ball(shape, np.array([80.0, 50.0, 50.0]), 18.0, sp)
    x_mm = np.indices(shape)[0] * sp[0]
    cut = np.percentile(x_mm[neighbour_mask], 100 * (1 - inside_share))
    taken = holder_mask & neighbour_mask & (x_mm >= cut)  # the piece read as a lesion: mostly the neighbour's
    rim = holder_mask & ~neighbour_mask & ndimage.binary_dilation(taken, iterations=2) & (x_mm >= cut - 2.0)
    piece = taken | rim
    real = _ball(shape, np.array([25.0, 50.0, 50.0]), 8.0, sp)
    masks = {holder: holder_mask.copy(), neighbour: neighbour_mask.copy(), lesion_name: piece | real}
    if holder == "liver":
        masks["liver_segment_6"] = holder_mask.copy()
    details: dict = {}
    foreign_out(masks, details)
    assert np.array_equal(masks[lesion_name], real)
    assert not (masks[holder] & taken).any() and masks[holder][real].all()
    assert masks[neighbour][taken].all()
    if holder == "liver":
        assert not (masks["liver_segment_6"] & taken).any()
    assert neighbour in details["lesions_dropped"][0]


def test_a_lesion_touching_a_neighbour_stays() -> None:
    """A holder's lesion at its surface against a neighbour, overlapping it by a rim only, is the holder's."""
    sp = np.array([0.8, 0.8, 3.0])
    shape = (120, 120, 30)
    liver = _ball(shape, np.array([48.0, 48.0, 45.0]), 40.0, sp)
    kidney = _ball(shape, np.array([88.0, 48.0, 45.0]), 10.0, sp)
    lesion = _ball(shape, np.array([72.0, 48.0, 45.0]), 9.0, sp) & liver
    masks = {"liver": liver.copy(), "kidney_right": kidney, "liver_tumor": lesion.copy()}
    foreign_out(masks, {})
    assert np.array_equal(masks["liver_tumor"], lesion) and np.array_equal(masks["liver"], liver)



@pytest.mark.parametrize(("spacing", "holder", "lesion", "gas_axis", "fluid_hu", "seed"), [
    ((0.8, 0.8, 2.5), "kidney_right", "kidney_cyst", 1, -3.0, 1),   # gas anterior, as in a supine patient
    ((1.5, 1.5, 1.5), "liver", "liver_tumor", 0, 8.0, 2),           # gas lateral
    ((0.7, 0.7, 5.0), "pancreas", "pancreas_tumor", 2, 15.0, 3),    # gas above, thick slices
])
def test_fluid_under_bowel_gas_in_the_drawing_is_a_lumen_and_cysts_stay(spacing, holder, lesion, gas_axis, fluid_hu,
                                                                          seed) -> None:
    sp = np.array(spacing)
    rng = np.random.default_rng(seed)
    shape = tuple(int(round(140.0 / s)) for s in spacing)
    ct = np.full(shape, -100.0, dtype=np.float32)
    organ = _ball(shape, np.array([70.0, 70.0, 70.0]), 55.0, sp)
    ct[organ] = 45.0
    loop_centre = np.array([70.0, 70.0, 70.0])
    loop_centre[gas_axis] += 40.0
    loop = _ball(shape, loop_centre, 18.0, sp)  # a bowel loop at the organ's edge, inside its drawing
    grid = np.indices(shape).astype(np.float64) * sp[:, None, None, None]
    gas = loop & (grid[gas_axis] > loop_centre[gas_axis] + 6.0)  # its gas cap on the far side
    ct[loop] = fluid_hu
    ct[gas] = -1000.0
    crumb_centre = loop_centre.copy()
    crumb_centre[(gas_axis + 1) % 3] += 22.0
    crumb = _ball(shape, crumb_centre, 4.5, sp) & ~loop  # more of its fluid, split off by stool
    ct[crumb] = fluid_hu
    cyst = _ball(shape, np.array([70.0, 70.0, 70.0]) - np.array([20.0, 0.0, 0.0]), 9.0, sp)
    ct[cyst] = fluid_hu
    ct += rng.normal(0, 6.0, shape).astype(np.float32)
    ct[gas] = -1000.0
    lungs = (grid[2] < 8.0) & ~organ  # lung base under the organ: air, but no bowel
    ct[lungs] = -850.0
    top_cyst = _ball(shape, np.array([70.0, 70.0, 22.0]), 7.0, sp) & organ  # a cyst near that base
    ct[top_cyst] = fluid_hu
    fluid = (loop & ~gas) | crumb | cyst | top_cyst
    arrays = {holder: organ | loop | crumb, lesion: fluid.copy(), "lung_right": lungs}
    details: dict = {}
    bowel_out(arrays, ct, sp, details)
    kept = arrays[lesion]
    assert kept[cyst].all() and kept[top_cyst].all()
    assert not kept[loop].any() and not kept[crumb].any()
    assert any("lumen" in reason for reason in details["lesions_dropped"])
