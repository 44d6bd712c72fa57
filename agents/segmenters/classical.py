"""The embedded default segmenter: HU windows, morphology, connected components, anatomical priors.

Runs on a CPU in seconds with nothing downloaded. On any CT it finds the body, the lungs and
bone. In the abdomen it labels soft-tissue regions that fat separates from their neighbours
(true of clinorch phantoms, often not of real patients, where organs touch) by matching each
region to the anatomical priors of `classical_priors` in canonical RAS, then finds hypo- and
hyperdense lesions inside the liver, kidneys and pancreas. Deterministic: no random state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import cc3d
import fill_voids
import numpy as np
from scipy import ndimage

from agents.segmenters.base import Segmentation, SegmenterError
from agents.segmenters.classical_anatomy import touching_organs
from agents.segmenters.classical_contents import (
    bladder_among_lesions,
    bladder_beside_liver,
    hand_over,
    in_its_fossa,
    lesions_at_liver_edge,
    stomach_contents,
)
from agents.segmenters.classical_gates import (
    LESION_HOLDERS,
    OPEN_LESION_SHARE,
    inner_lesions,
    screen_lesions,
    screen_organs,
    unknown_lesions,
)
from agents.segmenters.classical_grid import GRID_MM, block_factors, block_mean
from agents.segmenters.classical_landmarks import bone_mask, distinct_tissues, smooth
from agents.segmenters.classical_lesion_shapes import anatomy_out
from agents.segmenters.classical_lesions import (
    find_lesions,
    kidney_levels,
    take_enclosed,
    unenhanced_unknown,
    vessels_out,
)
from agents.segmenters.classical_parts import SHAPE_MODELS, liver_segments, pancreas_parts
from agents.segmenters.classical_priors import (
    KIDNEY_SOLID_HU,
    MAX_COST,
    PRIORS,
    STANDARD_HALF_DEPTH_MM,
    STANDARD_HALF_WIDTH_MM,
    UNIFORM_TISSUE,
)
from agents.segmenters.classical_redraw import partition, redraw
from agents.segmenters.classical_spine import MIRRORED_NOTE, mirrored_front_to_back
from agents.segmenters.lesion_search import vouch
from agents.segmenters.provided import wanted
from core.imports import from_submodule
from imaging.volume import Image, LabelMap

linear_sum_assignment = from_submodule("scipy.optimize", "_lsap", "linear_sum_assignment")
"""scipy.optimize's own function, without the 0.15 s of solvers its package `__init__` imports."""

BODY_HU, AIR_HU, SOFT_MIN_HU, SOFT_MAX_HU = -500.0, -400.0, -45.0, 400.0
LUNG_MIN_MEAN_HU = -950.0
GAS_MAX_MEAN_HU = -925.0
"""Aerated lung averages -900 to -700 HU (parenchyma, vessels); gas in the bowel or stomach is nearly pure air."""
MIN_REGION_ML, MIN_LUNG_ML = 0.5, 20.0
_CUBE = np.ones((3, 3, 3), dtype=bool)


@dataclass(frozen=True)
class _Frame:
    """The body's centre and half extents (mm), for normalised coordinates."""

    centre: np.ndarray
    half: np.ndarray
    spacing: np.ndarray

    def normalise(self, centroid_ijk: np.ndarray, z_ref_mm: float | None) -> np.ndarray:
        mm = centroid_ijk * self.spacing
        scale = STANDARD_HALF_WIDTH_MM / self.half[0]
        x = (mm[0] - self.centre[0]) * scale
        y = (mm[1] - self.centre[1]) * STANDARD_HALF_DEPTH_MM / self.half[1]
        z = (mm[2] - z_ref_mm) * scale if z_ref_mm is not None else 0.0
        return np.array([x, y, z])


@dataclass
class _Region:
    label: int
    voxels: int
    centroid: np.ndarray
    median_hu: float
    box: tuple[slice, slice, slice]


class ClassicalSegmenter:
    """HU windows + morphology + components + position priors (see the module docstring)."""

    name = "classical"

    def __init__(self, grid_mm: float | str = GRID_MM) -> None:
        """`grid_mm`: size of the coarse voxel the structures are found on (`classical_grid`)."""
        self.grid_mm = float(grid_mm)

    def segment(self, image: Image, structures: Sequence[str] | None = None) -> Segmentation:
        """Body, lungs, bone, abdominal organs and their lesions, on `image`'s grid.

        Structures are found on block means of about `grid_mm` (`classical_grid`), their edges redrawn
        on the image's grid; Couinaud segments and pancreas parts are cut from the redrawn organs.
        """
        if image.array.ndim != 3 or image.spacing is None or image.affine is None:
            raise SegmenterError(f"image {image.source!r} is not a 3D volume with spacing; the classical segmenter needs CT")
        spacing = np.asarray(image.spacing, dtype=np.float64)
        factors = block_factors(spacing, image.array.shape, self.grid_mm)
        coarse = block_mean(image.array, factors)  # readers hand out reoriented views: one contiguous float32 pass
        coarse_spacing = spacing * np.asarray(factors)
        fine, mirrored = image.array, mirrored_front_to_back(coarse, body_mask(coarse), coarse_spacing)
        if mirrored:  # the spine lies anterior by the header: find the organs on the voxels turned front to back
            fine = np.ascontiguousarray(image.array[:, ::-1, :])
            coarse = block_mean(fine, factors)
        arrays, details = _find(coarse, coarse_spacing)
        parts = _subsegments(arrays, _frame(arrays["body"], coarse_spacing))
        if any(f > 1 for f in factors):
            arrays = redraw(arrays, coarse, fine, factors, float(np.prod(spacing)) / 1000.0)
            parts = partition(parts, arrays, factors)
        arrays.update(parts)
        vouch(arrays, details, fine, spacing)  # found lesions exist, their count a lower bound; empty kidney: unknown
        details["grid"] = {"factors": list(factors), "coarse_shape": list(coarse.shape)}
        if mirrored:
            arrays = {name: np.ascontiguousarray(arr[:, ::-1, :]) for name, arr in arrays.items()}
            details["orientation"] = MIRRORED_NOTE
        marks = details.get("landmarks") or {}  # sizes it cannot give: a modelled shape, a limit's cut, a neighbour held
        unknown = {**SHAPE_MODELS, **marks.get("may_hold", {}), **marks.get("cut_by_limit", {})}
        masks = {name: LabelMap(array=arr, affine=np.asarray(image.affine).copy(), spacing=tuple(spacing),  # type: ignore[arg-type]
                                name=name, source=f"classical:{image.source}", size_unknown=unknown.get(name, ""))
                 for name, arr in arrays.items() if wanted(name, structures) or name in ("body",)}
        return Segmentation(masks, self.name, details)


def _find(ct: np.ndarray, spacing: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Every structure on one grid (the coarse one): body, lungs, bone, organs, lesions."""
    voxel_ml = float(np.prod(spacing)) / 1000.0
    arrays: dict[str, np.ndarray] = {}
    body = body_mask(ct)
    arrays["body"] = body
    arrays.update(lung_masks(ct, body, voxel_ml))
    arrays["bone"] = bone_mask(ct, body)
    if not distinct_tissues(ct, body, spacing):  # nothing to tell organs apart by: none is guessed
        return arrays, {"landmarks": {"not_found": dict.fromkeys(PRIORS, UNIFORM_TISSUE), "reason": UNIFORM_TISSUE}}
    organs, details = abdominal_organs(ct, body, arrays["bone"], spacing, voxel_ml)
    if not separated_by_fat(organs, spacing, body):
        lungs = arrays.get("lung_left", np.zeros(ct.shape, dtype=bool)) | arrays.get("lung_right", False)
        organs, details = organs_by_landmarks(ct, body, arrays["bone"], lungs, spacing, voxel_ml, organs, details)
    missing = {holder: "" for holders in LESION_HOLDERS.values() for holder in holders if holder not in organs}
    unknown = unknown_lesions(organs, missing)  # either stage: no "no lesion" for an organ not found
    if unknown:
        details.setdefault("landmarks", {}).setdefault("not_found", {}).update(unknown)
    arrays.update(organs)
    return arrays, details


def body_mask(ct: np.ndarray) -> np.ndarray:
    """The largest region above -500 HU, with each axial slice's holes (lungs, bowel gas) filled."""
    labels = cc3d.connected_components(ct > BODY_HU, connectivity=26)
    if labels.max() == 0:
        return np.zeros(ct.shape, dtype=bool)
    counts = np.bincount(labels.ravel())
    counts[0] = 0
    body = labels == int(np.argmax(counts))
    for k in range(body.shape[2]):
        body[:, :, k] = fill_voids.fill(body[:, :, k])
    return body


def lung_masks(ct: np.ndarray, body: np.ndarray, voxel_ml: float) -> dict[str, np.ndarray]:
    """The lungs: large aerated regions that reach the top slice or span 60% of the slices, split left/right.

    Aerated means below -400 HU with an in-slice 3x3 mean above -925 HU: lung parenchyma (about
    -850) rather than the nearly pure air of bowel or stomach gas (about -1000), whose rims are
    opened away. A region counts when it lies inside the body outline or, when the field of view
    cuts the body, when its mean is above -950 HU (not the air around the patient or in the
    table's cushion). When the whole body is in view, a region whose centre lies in the body's
    anterior third is gas (the patient lies supine). Large means at least 20 mL or 1% of the field
    of view. Left is low i in canonical RAS; regions joined across the midline (at the trachea) are
    cut at the body's centre.
    """
    aerated = (ct < AIR_HU) & (ndimage.uniform_filter(ct, size=(3, 3, 1)) > GAS_MAX_MEAN_HU)
    aerated = ndimage.binary_opening(aerated, structure=np.ones((3, 3, 1), dtype=bool))
    labels = cc3d.connected_components(aerated, connectivity=26)
    stats = cc3d.statistics(labels)
    lungs = np.zeros(ct.shape, dtype=bool)
    top, minimum = ct.shape[2] - 1, min(MIN_LUNG_ML, 0.01 * ct.size * voxel_ml)
    j_body = np.flatnonzero(body.any(axis=(0, 2))) if body.any() else np.arange(ct.shape[1])
    j_anterior = j_body[-1] - (j_body[-1] - j_body[0]) / 3
    cut = bool(body[[0, -1]].any() or body[:, [0, -1]].any())  # the field of view cuts the body: lungs may lie outside it
    for label in range(1, len(stats["voxel_counts"])):
        box = stats["bounding_boxes"][label]
        if stats["voxel_counts"][label] * voxel_ml < minimum:
            continue
        if not (box[2].stop - 1 >= top or box[2].stop - box[2].start >= 0.6 * ct.shape[2]):
            continue
        region = labels[box] == label
        if not cut and float(stats["centroids"][label][1]) > j_anterior:  # anterior third: bowel / stomach gas (supine)
            continue
        if body[box][region].mean() > 0.5 or (cut and float(ct[box][region].mean()) > LUNG_MIN_MEAN_HU):
            lungs[box] |= region
    if not lungs.any():
        return {}
    i_body = np.flatnonzero(body.any(axis=(1, 2))) if body.any() else np.arange(ct.shape[0])
    middle = (i_body[0] + i_body[-1] + 1) // 2
    left, right = lungs.copy(), lungs.copy()
    left[middle:], right[:middle] = False, False
    return {"lung_left": left, "lung_right": right}


def _frame(body: np.ndarray, spacing: np.ndarray) -> _Frame:
    ij = np.argwhere(body.any(axis=2))
    lo, hi = ij.min(axis=0) * spacing[:2], ij.max(axis=0) * spacing[:2]
    return _Frame((lo + hi) / 2, np.maximum((hi - lo) / 2, 1.0), spacing)


def _regions(ct: np.ndarray, soft: np.ndarray, frame: _Frame, voxel_ml: float) -> tuple[np.ndarray, list[_Region]]:
    """Soft-tissue regions, without tiny ones and without the body wall (wider than 85% of the body)."""
    labels = cc3d.connected_components(soft, connectivity=26)
    stats = cc3d.statistics(labels)
    regions = []
    for label in range(1, len(stats["voxel_counts"])):
        count, box = int(stats["voxel_counts"][label]), stats["bounding_boxes"][label]
        extent = np.array([box[0].stop - box[0].start, box[1].stop - box[1].start]) * frame.spacing[:2]
        if count * voxel_ml < MIN_REGION_ML or np.any(extent > 1.7 * frame.half):
            continue
        values = ct[box][labels[box] == label]
        regions.append(_Region(label, count, np.asarray(stats["centroids"][label], dtype=np.float64),
                               float(np.median(values)), box))
    return labels, regions


def _cost(organ: str, region: _Region, frame: _Frame, z_ref: float | None, voxel_ml: float) -> float:
    prior = PRIORS[organ]
    position = frame.normalise(region.centroid, z_ref)
    cost = 0.0
    for axis in range(3):
        expected = prior.centre[axis]
        if expected is None or (axis == 2 and z_ref is None):
            continue
        cost += ((position[axis] - expected) / prior.spread_mm[axis]) ** 2
    scale3 = (STANDARD_HALF_WIDTH_MM / frame.half[0]) ** 3
    cost += ((np.log(region.voxels * voxel_ml * scale3) - prior.log_volume_ml) / 0.8) ** 2
    low, high = prior.hu
    outside = max(low - region.median_hu, region.median_hu - high, 0.0)
    return cost + (outside / 10.0) ** 2


def abdominal_organs(ct: np.ndarray, body: np.ndarray, bone: np.ndarray, spacing: np.ndarray,
                     voxel_ml: float) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Organs matched to soft-tissue regions, then each organ's lesion masks (empty when none)."""
    frame = _frame(body, spacing)
    soft = body & (ct >= SOFT_MIN_HU) & (ct <= SOFT_MAX_HU) & ~bone
    labels, regions = _regions(ct, soft, frame, voxel_ml)
    details: dict[str, Any] = {"regions": len(regions), "costs": {}}
    if not regions:
        return {}, details
    liver_costs = [_cost("liver", r, frame, None, voxel_ml) for r in regions]
    best = int(np.argmin(liver_costs))
    chosen: dict[str, _Region] = {}
    z_ref = None
    if liver_costs[best] < MAX_COST:
        chosen["liver"] = regions[best]
        z_ref = float(regions[best].centroid[2] * spacing[2])
        details["costs"]["liver"] = round(float(liver_costs[best]), 2)
    others = [o for o in PRIORS if o != "liver"]
    rest = [r for r in regions if r is not chosen.get("liver")]
    if rest:
        costs = np.array([[_cost(o, r, frame, z_ref, voxel_ml) for r in rest] for o in others])
        rows, cols = linear_sum_assignment(costs)
        for row, col in zip(rows, cols, strict=True):
            if costs[row, col] < MAX_COST:
                chosen[others[row]] = rest[col]
                details["costs"][others[row]] = round(float(costs[row, col]), 2)
    organs = {name: _region_mask(labels, region) for name, region in chosen.items()}
    if "stomach" in organs:
        organs["stomach"] = _with_gas(organs["stomach"], ct, body)
    organs.update(_lesion_masks(ct, organs, voxel_ml, spacing))
    return organs, details


def _subsegments(organs: dict[str, np.ndarray], frame: _Frame) -> dict[str, np.ndarray]:
    """Couinaud segments and pancreas parts by anatomical planes (`classical_parts`)."""
    scale = float(frame.half[0]) / STANDARD_HALF_WIDTH_MM
    out: dict[str, np.ndarray] = {}
    if "liver" in organs:
        out.update(liver_segments(organs["liver"], organs.get("postcava"), organs.get("gall_bladder"),
                                  frame.centre, scale, frame.spacing))
    if "pancreas" in organs:
        out.update(pancreas_parts(organs["pancreas"], organs.get("postcava"), frame.spacing, scale))
    return out


def _region_mask(labels: np.ndarray, region: _Region) -> np.ndarray:
    """One region as a full-size mask, its enclosed holes filled (within its own box)."""
    mask = np.zeros(labels.shape, dtype=bool)
    mask[region.box] = fill_voids.fill(labels[region.box] == region.label)
    return mask


def _with_gas(stomach: np.ndarray, ct: np.ndarray, body: np.ndarray) -> np.ndarray:
    """The stomach wall and fluid plus the gas regions that touch them (searched within its box)."""
    box = _box(stomach, pad=2)
    local = stomach[box]
    gas = cc3d.connected_components(body[box] & (ct[box] < AIR_HU), connectivity=26)
    touching = np.unique(gas[ndimage.binary_dilation(local, structure=_CUBE) & (gas > 0)])
    out = stomach.copy()
    out[box] = fill_voids.fill(local | np.isin(gas, touching[touching > 0]))
    return out


def _box(mask: np.ndarray, pad: int = 0) -> tuple[slice, slice, slice]:
    """Bounding box of a non-empty mask, padded and clipped (projections: no full-size index arrays)."""
    box = []
    for axis in range(3):
        hits = np.flatnonzero(mask.any(axis=tuple(a for a in range(3) if a != axis)))
        box.append(slice(max(int(hits[0]) - pad, 0), min(int(hits[-1]) + 1 + pad, mask.shape[axis])))
    return box[0], box[1], box[2]


def _lesion_masks(ct: np.ndarray, organs: dict[str, np.ndarray], voxel_ml: float, spacing: np.ndarray,
                  gate: bool = True) -> dict[str, np.ndarray]:
    """liver_tumor, kidney_tumor / kidney_cyst (by mean HU), pancreas_tumor: always written, maybe empty.
    `spacing`: the grid's voxel size (mm)."""
    out: dict[str, np.ndarray] = {}
    kidneys = kidney_levels(ct, {name: organs[name] for name in ("kidney_left", "kidney_right") if name in organs})
    for organ, prior in PRIORS.items():
        if not prior.lesion_masks or organ not in organs:
            continue
        for name in prior.lesion_masks:
            out.setdefault(name, np.zeros(ct.shape, dtype=bool))
        mask = organs[organ]
        box = _box(mask)
        found = find_lesions(ct[box], mask[box], voxel_ml, bimodal=organ.startswith("kidney"), gate=gate,
                             levels=kidneys.get(organ), spacing=spacing)
        if not found.any():
            continue
        if organ.startswith("kidney"):
            labels, n = cc3d.connected_components(found, connectivity=26, return_N=True)
            for label in range(1, n + 1):
                lesion = labels == label
                name = "kidney_tumor" if float(np.median(ct[box][lesion])) > KIDNEY_SOLID_HU else "kidney_cyst"  # median: the rim is partial volume
                out[name][box] |= lesion
        else:
            out[prior.lesion_masks[0]][box] |= found
    return out


def separated_by_fat(organs: dict[str, np.ndarray], spacing: np.ndarray, body: np.ndarray) -> bool:
    """Whether the component stage found a plausible liver and at least four other organs (fat planes present)."""
    if "liver" not in organs:
        return False
    found = [name for name in PRIORS if name in organs]
    return len(found) >= 5


def organs_by_landmarks(ct: np.ndarray, body: np.ndarray, bone: np.ndarray, lungs: np.ndarray, spacing: np.ndarray,
                        voxel_ml: float, components: dict[str, np.ndarray],
                        details: dict[str, Any]) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Touching organs by landmarks and a watershed (`classical_anatomy`); component organs kept where they do not clash."""
    sm = smooth(ct, spacing)
    organs, notes = touching_organs(ct, sm, body, bone, lungs, spacing, voxel_ml)
    screen_organs(organs, notes, spacing)
    free = body & ~bone & ~lungs
    for mask in organs.values():
        free = free & ~mask
    lesions_at_liver_edge(organs, sm, free, spacing, notes)  # in the stomach's drawing or in none
    taken = np.zeros(ct.shape, dtype=bool)
    for mask in organs.values():
        taken |= mask
    for name in ("pancreas", "stomach", "gall_bladder"):
        mask = components.get(name)
        if name not in organs and mask is not None and not (mask & taken).any() and (
                name != "gall_bladder" or in_its_fossa(mask, organs.get("liver"))):
            organs[name] = mask
    take_enclosed(ct, organs, notes, voxel_ml, spacing, body)
    lesions = _lesion_masks(ct, organs, voxel_ml, spacing, gate=False)  # gated in `screen_lesions`, after the hand-overs
    if "liver_tumor" in lesions:
        lesions["liver_tumor"] = vessels_out(lesions["liver_tumor"], organs, spacing)
    if "stomach" in organs and "liver" in organs and "liver_tumor" in lesions:
        lesions["liver_tumor"] = hand_over(lesions["liver_tumor"], organs, "liver", "stomach", ct)
    screen_lesions(lesions, organs, ct, notes, voxel_ml, spacing)
    organs.update({name: inner_lesions(mask, organs, voxel_ml, spacing, *((1.0, True) if name == "kidney_cyst" else
                                                                            (OPEN_LESION_SHARE, False)))
                   for name, mask in lesions.items()})  # a cyst may bulge from its kidney (taken in when round)
    bladder_among_lesions(organs, ct, spacing, notes)
    bladder_beside_liver(organs, sm, body, spacing, notes)
    anatomy_out({name: organs[name] for name in lesions if name in organs}, ct, spacing, notes)  # vessels, sinus fat
    if "spine_mm" in notes:  # its gas and fluid that no organ holds (after the gall bladder: its bile stays its own)
        stomach_contents(organs, sm, body & ~lungs & ~bone, np.asarray(notes["spine_mm"]), float(notes["scale"]), spacing)
    unenhanced_unknown(organs, notes)
    for name in notes.get("not_found", {}):  # reported not found (no boundary to draw): no guessed mask either
        organs.pop(name, None)
    return organs, {**details, "landmarks": notes}
