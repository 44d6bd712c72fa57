"""Evidence about the evidence: is each organ mask found, whole, and like the organ it names?

Before an answer may rest on a measurement, the mask behind it is judged (DESIGN.md, principle 8):

- **not found**: an organ mask with no voxel is an absent structure, never a volume of 0 mL;
- **incomplete**: an organ touching the edge of the field of view (first or last slice, or the
  in-plane border) is cut by the scan range; its volume is a lower bound, so whole-organ sizes
  are withheld while its attenuation still stands;
- **implausible**: a mask whose content is not its organ (mean attenuation outside the organ's
  human range, much of it air, fat or bone, or a lateral organ on the wrong side of the body) is
  withheld with everything resting on it, whatever produced the mask;
- **spacing**: organ volumes outside the human range while their attenuation is right mean the
  voxel size is wrong (a header that lost its spacing); no size can then be trusted;
- **size unknown**: a mask whose extent a segmenter knows is not the structure's (`LabelMap.size_unknown`: a part
  drawn as a fixed shape, the classical caudate; an organ cut by the segmenter's own search limit) has no size to
  report.

The ranges are cited knowledge entries (`knowledge/entries/plausibility.yaml`), read here.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from agents.measures.geometry import bounding_box, erode_cube
from agents.measures.organs import inside_fov
from imaging.volume import OUTSIDE_FOV_HU, Image, LabelMap

Problem = Literal["not_found", "incomplete", "implausible", "spacing", "size_unknown"]
WHOLE_ORGANS = ("liver", "spleen", "kidney_left", "kidney_right", "pancreas", "gall_bladder", "stomach")
"""Organs a scan normally holds whole; tubular structures (aorta, postcava, colon) always leave the field."""
RANGE_ENTRY = {"liver": "liver", "spleen": "spleen", "kidney_left": "kidney", "kidney_right": "kidney",
               "pancreas": "pancreas"}
"""Solid organ -> the target of its `plausible-*` entry. Only solid parenchyma is judged by content:
hollow organs (stomach, gallbladder) hold gas, food, bile, stones or oral contrast."""
SIDE = {"liver": "right", "kidney_right": "right", "spleen": "left", "kidney_left": "left", "pancreas": "midline"}
"""Where an organ's centre lies: on one side of the body midline, or near it."""
MIDLINE_SHARE = 0.2
"""A midline organ's centre lies within this share of the body width of the midline."""
NOT_PARENCHYMA_HU = (-200.0, 600.0)
"""A solid organ's core is neither air or fat (below) nor bone (above)."""
MAX_FOREIGN_SHARE = 0.2
"""A mask whose eroded core is more than this share air, fat or bone does not outline its organ."""
MAX_CORE_SD_HU = 80.0
"""Parenchyma is homogeneous: lesions removed and edges eroded, even a noisy low-dose scan keeps its
standard deviation well under this; a larger spread means the mask straddles other tissues."""
SINUS_FAT_HU = -30.0
MAX_SINUS_SHARE = 0.25
"""A kidney mask drawn round the renal sinus holds its fat (-100 to -30 HU) inside the outline: up to this share of
the core, those voxels are left out of the spread (suite AG's kidneys, drawn with their sinus, read an SD of 80 HU and
were refused; without the sinus fat 35 HU)."""
SIDE_MARGIN = 0.05
"""A lateral organ's centre may sit this share of the body width across the midline."""
UNIT_AFFINE_TOLERANCE = 1e-6
SIZE_WORDS = ("volume", "burden", "diameter", "short_axis", "caudate_right_lobe_ratio")
"""Measurement names that depend on the whole structure's size (a caudate-to-right-lobe ratio: two volumes')."""


@dataclass(frozen=True)
class Verdict:
    """One problem with one structure's mask (or, for `spacing`, with every size)."""

    structure: str
    problem: Problem
    reason: str
    withholds: Literal["all", "size"]
    """Which of the structure's measurements no answer may rest on."""
    citation: str | None = None


@functools.cache
def ranges() -> dict[str, tuple[dict[str, tuple[float, float]], str]]:
    """Entry target -> ({quantity name -> plausible band}, citation), from the knowledge base."""
    from knowledge import load_base

    out: dict[str, tuple[dict[str, tuple[float, float]], str]] = {}
    for entry in load_base(profile="all"):
        if not entry.id.startswith("plausible-") or entry.criterion is None:
            continue
        bands: dict[str, tuple[float, float]] = {}
        for scale in entry.criterion.quantities:
            band = next(b for b in scale.bands if b.label == "plausible")
            bands[scale.name] = (-np.inf if band.lower is None else band.lower, np.inf if band.upper is None else band.upper)
            target = scale.target
        out[target] = (bands, f"{entry.id}: {entry.citation}")
    return out


def plausible_range(target: str, quantity: str) -> tuple[float, float, str]:
    """(low, high, citation) of a quantity's human range, e.g. `("body", "width_mm")`."""
    bands, citation = ranges()[target]
    low, high = bands[quantity]
    return low, high, citation


def judge(image: Image, masks: Mapping[str, LabelMap], withhold_incomplete: bool = True) -> list[Verdict]:
    """Every problem of the organ masks on `image` (masks on the image grid, canonical RAS).

    Args:
        image: The CT in HU.
        masks: Structure name -> mask on the image grid.
        withhold_incomplete: Judge organs touching the field of view's edge as incomplete (their
            sizes withheld); False measures them as given, as a benchmark reference may.
    """
    assert image.spacing is not None
    voxel_ml = image.voxel_volume_ml
    midline, width = _body_midline(image)
    verdicts: list[Verdict] = []
    sizes: list[tuple[str, str, float, tuple[float, float], str]] = []
    for name in (n for n in WHOLE_ORGANS if n in masks):
        mask = masks[name].array
        box = bounding_box(mask)
        if box is None:
            verdicts.append(Verdict(name, "not_found", f"the {_words(name)} mask is empty: {_words(name)} not found "
                                    "(an absent structure, not a volume of 0 mL)", "all"))
            continue
        edge = _edges_touched(box, mask.shape, mask) if withhold_incomplete else ""
        cut = _outside_fov(name, mask, box, image) if withhold_incomplete else None
        if cut is not None:
            verdicts.append(cut)
        if edge:
            volume = int(np.count_nonzero(mask[box])) * voxel_ml
            verdicts.append(Verdict(name, "incomplete", f"the {_words(name)} touches the {edge} of the scan: it is "
                                    f"incomplete, so its volume ({volume:.1f} mL) is only a lower bound "
                                    "(at least that much); whole-organ sizes and grades are withheld", "size"))
        content = _content(name, mask, box, image, midline, width) if name in RANGE_ENTRY else None
        if content is not None:
            verdicts.append(content)
            continue
        entry = RANGE_ENTRY.get(name)
        if entry is not None and not edge:
            low, high, citation = plausible_range(entry, "volume_ml")
            volume = int(np.count_nonzero(mask[box])) * voxel_ml
            if not low <= volume <= high:
                sizes.append((name, "small" if volume < low else "large", volume, (low, high), citation))
    unknown = [Verdict(name, "size_unknown", mask.size_unknown, "size") for name, mask in masks.items() if mask.size_unknown]
    return verdicts + _size_verdicts(sizes, image) + unknown


def _size_verdicts(sizes: list[tuple[str, str, float, tuple[float, float], str]], image: Image) -> list[Verdict]:
    """Organ volumes outside the human range: the spacing when it looks lost or several organs agree, else the mask."""
    if not sizes:
        return []
    spacing = "x".join(f"{s:g}" for s in image.spacing or ())
    shown = "; ".join(f"{_words(n)} {v:.1f} mL (human range {lo:g}-{hi:g} mL)" for n, _, v, (lo, hi), _ in sizes)
    directions = {d for _, d, _, _, _ in sizes}
    if (unit_affine(image) or len(sizes) >= 2) and len(directions) == 1:
        reason = (f"at the header's voxel spacing {spacing} mm, {shown}: the voxel spacing cannot be trusted "
                  "(a header that lost its spacing?); no size or volume is reported")
        return [Verdict("*", "spacing", reason, "size", sizes[0][4])]
    return [Verdict(n, "implausible", f"the {_words(n)} mask measures {v:.1f} mL, outside the human range "
                    f"{lo:g}-{hi:g} mL: it does not outline a {_words(n)}", "all", c)
            for n, _, v, (lo, hi), c in sizes]


def unit_affine(image: Image) -> bool:
    """Whether the affine is the identity up to axis signs and origin: what a writer gives when it drops the spacing."""
    if image.affine is None:
        return False
    linear = np.abs(np.asarray(image.affine, dtype=np.float64)[:3, :3])
    return bool(np.allclose(linear, np.eye(3), atol=UNIT_AFFINE_TOLERANCE))


FOV_CUT_SHARE = 0.01
"""A mask with more than this share of its voxels in padding is cut by the reconstructed field of view."""


def _outside_fov(name: str, mask: np.ndarray, box: tuple[slice, slice, slice], image: Image) -> Verdict | None:
    """An organ cut by the reconstruction circle (padding inside its mask): its size is a lower bound.

    A round reconstruction field of view smaller than the body leaves padding (PixelPaddingValue,
    -2000, -3024) where the organ continues (vtk-dicom#173, dcm2niix#262); the voxels read there are
    no tissue. Attenuation is measured on what was imaged (`inside_fov`); sizes are withheld.
    """
    local = mask[box]
    outside = np.count_nonzero(local & (image.array[box] < OUTSIDE_FOV_HU))
    total = np.count_nonzero(local)
    if not total or outside <= FOV_CUT_SHARE * total:
        return None
    what = _words(name)
    return Verdict(name, "incomplete", f"{outside / total:.0%} of the {what} mask lies outside the reconstructed field "
                   f"of view (padding below {OUTSIDE_FOV_HU:g} HU): the {what} is cut there, so its size is only a "
                   "lower bound and whole-organ sizes are withheld; its attenuation is measured on the imaged part", "size")


GRAZE_SHARE = 0.2
"""A border a structure touches with less than this share of its largest cross-section parallel to it is grazed, not
cut: past a face of share s of the largest section, an ellipsoid-like end holds at most about 3/16 s^2 of its volume
(under 0.8 % at 0.2), so its size stands. The end slice of a whole organ sampled at 5 mm already shows about a tenth of
its largest section, and a body wider than the in-plane field of view leaves a liver's lateral curve touching the
border by a few hundred voxels of a million (suite AP)."""


def _grazed(mask: np.ndarray, box: tuple[slice, slice, slice], axis: int, index: int) -> bool:
    """Whether the mask touches the border plane `index` of `axis` with under `GRAZE_SHARE` of its largest section
    parallel to that plane."""
    local = mask[box]
    others = tuple(a for a in range(local.ndim) if a != axis)
    sections = np.count_nonzero(local, axis=others)
    face = sections[0] if index == box[axis].start else sections[-1]
    return bool(sections.max()) and face < GRAZE_SHARE * sections.max()


def _edges_touched(box: tuple[slice, slice, slice], shape: tuple[int, ...], mask: np.ndarray | None = None) -> str:
    """Which borders of the field of view a structure's box reaches ('' when none); given the mask, a border it only
    grazes (`GRAZE_SHARE`) is not counted."""
    touched = []
    for axis, (s, n) in enumerate(zip(box, shape, strict=True)):
        low = s.start == 0 and (mask is None or not _grazed(mask, box, axis, 0))
        high = s.stop == n and (mask is None or not _grazed(mask, box, axis, n - 1))
        if axis == 2:
            touched += ["lowest slice"] if low else []
            touched += ["highest slice"] if high else []
        elif low or high:
            touched.append("in-plane border")
    return " and ".join(dict.fromkeys(touched))


def _content(name: str, mask: np.ndarray, box: tuple[slice, slice, slice], image: Image, midline: float | None,
             width: float | None) -> Verdict | None:
    """The mask's position and attenuation against its organ's; None when they fit.

    Position first: a lateral organ's mask on the wrong side of the body (a left-right flip of the
    mask's array, a swapped label) also straddles other tissues there, and its side is the reason.
    """
    wrong_place = _position(name, mask, box, midline, width)
    if wrong_place is not None:
        return wrong_place
    ct = image.array[box]  # a view: only the voxels read below are copied, then widened to float64
    core = erode_cube(mask[box])
    values = inside_fov(ct[core] if core.any() else ct[mask[box]])
    if values.size == 0:
        return None  # wholly outside the reconstruction: `_outside_fov` says so
    low_hu, high_hu = NOT_PARENCHYMA_HU
    foreign = float(np.mean((values < low_hu) | (values > high_hu)))
    what = _words(name)
    if foreign > MAX_FOREIGN_SHARE:
        return Verdict(name, "implausible", f"the {what} mask is {foreign:.0%} air, fat or bone (outside "
                       f"{low_hu:g}-{high_hu:g} HU): it does not lie on the {what}", "all")
    sinus = values < SINUS_FAT_HU if name.startswith("kidney") else np.zeros(values.shape, dtype=bool)
    spread = float((values[~sinus] if np.mean(sinus) <= MAX_SINUS_SHARE else values).std())
    if core.any() and spread > MAX_CORE_SD_HU:
        return Verdict(name, "implausible", f"the {what} mask's core spreads over {spread:.0f} HU (SD), more than "
                       f"any parenchyma ({MAX_CORE_SD_HU:g} HU): it straddles other tissues", "all")
    entry = RANGE_ENTRY.get(name)
    if entry is not None:
        low, high, citation = plausible_range(entry, "mean_hu")
        mean = float(values.mean())
        if not low <= mean <= high:
            return Verdict(name, "implausible", f"the {what} mask reads {mean:.1f} HU on average, outside the human "
                           f"range {low:g}-{high:g} HU: it does not lie on the {what}", "all", citation)
    return None


def _position(name: str, mask: np.ndarray, box: tuple[slice, slice, slice], midline: float | None,
              width: float | None) -> Verdict | None:
    """A lateral organ's mask centre on the wrong side of the body midline, a midline organ's far off it."""
    what = _words(name)
    side = SIDE.get(name)
    if side is not None and midline is not None and width:
        centre = float(np.mean(np.nonzero(mask[box])[0])) + box[0].start
        offset = (centre - midline) / width  # canonical RAS: i grows toward the patient's right
        if side == "midline" and abs(offset) > MIDLINE_SHARE:
            return Verdict(name, "implausible", f"the {what} mask's centre lies {abs(offset):.0%} of the body width "
                           f"off the midline, where no {what} is", "all")
        if (side == "right" and offset < -SIDE_MARGIN) or (side == "left" and offset > SIDE_MARGIN):
            return Verdict(name, "implausible", f"the {what} mask lies on the patient's {'left' if offset < 0 else 'right'} "
                           f"of the body midline, where no {what} is: a wrong label or a left-right flip", "all")
    return None


def _body_midline(image: Image) -> tuple[float | None, float | None]:
    """The body's left-right centre and width, in voxels along i, from tissue denser than -300 HU."""
    array = np.asarray(image.array)
    step = max(1, array.shape[2] // 16)
    body = array[:, :, ::step] > -300.0
    columns = np.flatnonzero(body.any(axis=(1, 2)))
    if columns.size == 0:
        return None, None
    weights = body.sum(axis=(1, 2)).astype(np.float64)
    centre = float((np.arange(array.shape[0]) * weights).sum() / weights.sum())
    return centre, float(columns[-1] - columns[0] + 1)


def _words(name: str) -> str:
    parts = name.split("_")
    if parts[-1] in ("left", "right"):
        return f"{parts[-1]} {' '.join(parts[:-1])}"
    return " ".join(parts).replace("gall bladder", "gallbladder")


def withheld(verdicts: list[Verdict], evidence_masks: list[str], name: str, refs: Mapping[str, str]) -> Verdict | None:
    """The verdict that withholds a measurement (its mask refs and name), or None when it may be used."""
    for verdict in verdicts:
        size_only = verdict.withholds == "size"
        if size_only and not any(word in name for word in SIZE_WORDS):
            continue
        if verdict.structure == "*" or refs.get(verdict.structure) in evidence_masks:
            return verdict
    return None
