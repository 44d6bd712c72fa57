"""Organs that touch: landmarks, seeds at their expected places, levels read per case, a watershed.

Used when the soft-tissue regions of a CT are not separated by fat (real patients; randomised
phantoms), so components alone cannot tell the organs apart. Canonical RAS: i toward the patient's
right (from the header, never guessed from the picture), j anterior, k superior.

1. Landmarks (`classical_landmarks`): body outline, vertebral bodies, subcutaneous fat, body width (scale).
2. A smoothed image (in-plane median, then a small Gaussian) and per-case levels: the HU of the
   right upper quadrant (liver), of bright tubes beside the vertebra (aorta, IVC), of bright tissue
   lateral to the spine (kidneys), of the left posterior upper quadrant (spleen). No aorta brighter
   than the liver means an unenhanced scan: blood and kidneys are then read at their own modes, the
   kidneys below the body wall's muscle. A kidney or vessel at the liver's or spleen's HU is reported
   not found (no boundary to draw) rather than drawn wrong.
3. Seeds: per organ, the largest eroded region at its level in the place the priors expect it,
   relative to the spine and the body's extent (the pancreas: in front of the aorta, at the kidneys' levels).
4. A marker watershed on the gradient of the smoothed image, between the organ seeds and the
   background (fat, air, bone, the body wall layer, the muscles behind the spine); each organ is
   then its basin within its level band, largest piece, enclosed lesions filled (an enhanced kidney's
   band reaches down to its darker medulla; the spleen's stops halfway to the liver's level).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import cc3d
import numpy as np
from scipy import ndimage

from agents.segmenters.classical_contents import (
    CYST_CONTACT,
    CYST_HU,
    STOMACH_MAX_HU,
    gall_bladder,
    give_touching_holes,
    in_bite,
    lesion_pieces,
    stomach_in_basin,
    stomach_seed,
)
from agents.segmenters.classical_gates import band_quality, enhanced_kidney
from agents.segmenters.classical_landmarks import (
    FAT_BAND_MM,
    FAT_HU,
    Landmarks,
    landmarks,
    mode,
    peak_apart,
    residual_noise,
    sided_mode,
)
from agents.segmenters.classical_leaks import LEAK_NECK_MM, LEAK_ROUNDS, MAX_LEAK_SHARE, apart_from_leak, cut_leaks
from agents.segmenters.classical_morphology import (
    box_of,
    close_and_fill,
    cut_necks,
    dilate_in_plane,
    faces_across_mm2,
    largest,
    widest_mm2,
)
from agents.segmenters.classical_pancreas import (
    DX_MM,
    DY_MM,
    LEVEL_HU,
    allowed,
    pancreas_seed,
    plausible,
    reclaim_from_liver,
)
from agents.segmenters.classical_places import (
    ALLOWED,
    BACK_MUSCLES,
    KIDNEYS,
    PLACES,
    UNENHANCED,
    UNENHANCED_ORDER,
    VESSELS,
    Place,
    roi,
)
from agents.segmenters.classical_vessels import tube_seed
from core.imports import defer_init_binding

# the watershed needs skimage.morphology's flood fill and minima, not its scipy.spatial (0.1 s cold)
defer_init_binding("skimage.morphology", {"flood": "_flood_fill", "flood_fill": "_flood_fill"},
                   submodules=("grayreconstruct", "_util"))
from skimage.segmentation import watershed  # noqa: E402 - after the deferral above

WALL_MM = 6.0
"""Depth inside the subcutaneous fat that is surely body-wall muscle (a background marker)."""
ENHANCED_HU = 75.0
"""Brighter than any muscle: never body wall, whatever its depth (an enhanced kidney against a lean back)."""
BLOOD_SPREAD_HU = 10.0
TWIN_KIDNEY_HU = 4.0
"""Unenhanced, the left kidney's level is read this close to the right's (a brighter spleen outweighs it in a wider band)."""
TWIN_ENHANCED_KIDNEY_HU = 40.0
"""With contrast, the left kidney's level is read no lower than this below the right's (the spleen beside it, in the
arterial phase at the level of the kidneys' medulla, would otherwise pull the left kidney's level down into its own)."""
INDISTINCT_HU = 8.0
"""A kidney within this many HU (or two noise SDs) of the liver or spleen it touches cannot be drawn from HU
(reported not found)."""
PAIRED = {"spleen": "liver"}
FAR_APART = (("kidney_right", "spleen"), ("postcava", "spleen"))
"""Pairs that never touch (the spleen lies left, the right kidney and the IVC right): one's HU never hides the other."""
PAIR_MIN_GAP_HU = 10.0
"""A spleen whose level differs from the liver's by this much keeps to its side of the midpoint (they touch); so does
the pancreatic tissue the liver's basin took in (`classical_pancreas.reclaim_from_liver`)."""
ERECTOR_SPINAE = Place((-50, 50), (-100, -40), (20, 90), 0, 0)
"""Behind the transverse processes, medial to the kidneys' place (standard body mm from the vertebral body's centre)."""
BACK_MUSCLE_TOLERANCE_HU = 10.0
"""Half the band (before two noise SDs) the back muscles are marked in, about their level."""
MUSCLE_MARGIN_HU = 6.0
"""An unenhanced kidney's level is looked for at least this far below the body wall's muscle."""


MIN_VESSEL_SHARE, VESSEL_REACH_MM, BRIGHTER_THAN_LIVER_HU = 0.3, 8.0, 20.0
"""Least share of the body's slices a vessel's seed spans (the aorta and IVC run from the diaphragm to the pelvis);
how far past its eroded seed a vessel may reach in a slice (a lumen's radius, standard body)."""
NECK_MM = {"liver": 6.0, "spleen": 4.0, "kidney_left": 3.0, "kidney_right": 3.0, "pancreas": 3.0}
"""Half the width of the narrowest neck an organ keeps; thinner ones are leaks into a neighbour (standard body)."""
SPLEEN_FROM_LIVER_HU, LESION_HOLDERS = 30.0, ("liver",)
LESION_CONTACT = 0.35
"""Least share of its rim on the liver for a piece of its basin outside its band to be its lesion (a lesion is mostly
enclosed; a neighbour the basin took in, the pancreas or the IVC, only touches it)."""
SURFACE_CONTACT = 0.5
"""Least share of its rim on the liver for a piece of a neighbour's basin to be a liver lesion at its surface."""
CYST_OUTSIDE_CONTACT = 0.1
"""Least share of its rim on the kidney for round fluid in a neighbour's basin to be a cyst bulging from it."""


def _seed(sm: np.ndarray, region: np.ndarray, level: float, tolerance: float, erode_vox: np.ndarray,
          taken: np.ndarray, tube: bool = False) -> np.ndarray | None:
    """The largest component at `level` within `region`, eroded (so it stays inside the organ).

    `tube`: a vessel runs through the field of view, so the component over most slices wins (size breaks ties).
    """
    box = box_of(region, 0)
    if box is None:
        return None
    band = region[box] & (np.abs(sm[box] - level) <= tolerance) & ~taken[box]
    structure = np.ones(tuple(int(2 * r + 1) for r in erode_vox), dtype=bool)
    core = ndimage.binary_erosion(band, structure=structure) if band.any() else band
    labels, n = cc3d.connected_components(core, connectivity=6, return_N=True)
    if n == 0:
        return None
    counts = np.bincount(labels.ravel()).astype(np.float64)
    counts[0] = 0
    if tube:
        boxes = cc3d.statistics(labels)["bounding_boxes"]
        slices = np.array([0] + [b[2].stop - b[2].start for b in boxes[1:]], dtype=np.float64)
        counts = slices * 1e9 + counts
    seed = np.zeros(region.shape, dtype=bool)
    seed[box] = labels == int(np.argmax(counts))
    return seed


def touching_organs(ct: np.ndarray, sm: np.ndarray, body: np.ndarray, bone: np.ndarray, lungs: np.ndarray,
                    spacing: np.ndarray, voxel_ml: float) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Liver, spleen, kidneys, aorta and IVC by landmarks, per-case levels and a marker watershed."""
    marks = landmarks(ct, sm, body, spacing)
    details: dict[str, Any] = {"stage": "landmarks", "fat_mm": round(marks.fat_mm, 1), "scale": round(marks.scale, 3)}
    assert marks.spine is not None
    details["spine_mm"] = [round(float(v), 1) for v in marks.spine]
    details["spine_source"] = marks.spine_source
    if marks.spine_source != "vertebra":
        details["reason"] = ("no vertebra seen: the organs are placed by the body outline's geometry (the vertebral body "
                             "taken on the midline behind the body's centre), a weaker landmark")
    not_wall = body & ~ndimage.binary_dilation(bone, iterations=1) & ~lungs
    inside = not_wall & ~_wall(sm, body, marks, None)
    interior = inside & (marks.depth_mm > (FAT_BAND_MM + WALL_MM) * marks.scale)  # past any wall: its edges add no noise
    noise = residual_noise(ct, sm, interior if interior.any() else inside)
    seeds: dict[str, np.ndarray] = {}
    levels: dict[str, float] = {}
    taken = np.zeros(ct.shape, dtype=bool)
    places, spared, shaped = dict(PLACES), None, set()
    order = list(PLACES)
    for name in order:  # the list iterator reads `order` by index: the reordering below is seen by this loop
        unenhanced = "phase" in details and name in UNENHANCED
        found = _seed_at(name, places[name], sm, inside, marks, spacing, voxel_ml, taken, noise, levels.get("liver"),
                         unenhanced)
        if found is None and name == "aorta" and not all(enhanced_kidney(  # no enhanced aorta nor kidneys: unenhanced
                _seed_at(k, PLACES[k], sm, inside, marks, spacing, voxel_ml, taken, noise, levels.get("liver"), False),
                sm, noise, voxel_ml, marks.scale * min(1.0, sm.shape[2] * spacing[2] / 100.0) ** (1 / 3))
                for k in KIDNEYS):
            places.update(_unenhanced(sm, not_wall, marks, spacing))
            details["phase"] = "unenhanced"
            order[order.index(name) + 1:] = UNENHANCED_ORDER  # the spleen after the kidneys: its place's mode is theirs
            if places["kidney_left"].ceiling < ENHANCED_HU:  # the muscle was read: spare the kidneys' band
                spared = (places["kidney_left"].hu[0], places["kidney_left"].ceiling)
                inside = not_wall & ~_wall(sm, body, marks, spared)
            found = _seed_at(name, places[name], sm, inside, marks, spacing, voxel_ml, taken, noise, levels.get("liver"),
                             True)
        if name in VESSELS and ("phase" in details or found is None):  # blood at its neighbours' HU: by its shape
            tube = tube_seed(sm, inside, roi(sm.shape, spacing, marks, places[name]), spacing, marks.scale, taken,
                             int(MIN_VESSEL_SHARE * np.count_nonzero(inside.any(axis=(0, 1)))), seeds.get("liver"))
            if tube is not None:  # else the seed at its level stays, told from the liver's HU or dropped
                found, shaped = tube, shaped | {name}
        if found is not None:
            seeds[name], levels[name] = found
            twin, spread = {"aorta": ("postcava", BLOOD_SPREAD_HU), "kidney_right": ("kidney_left", TWIN_KIDNEY_HU)}.get(
                name, (None, 0.0))
            if twin and "phase" in details:  # unenhanced: the IVC reads like the aorta, the left kidney like the right
                places[twin] = replace(places[twin], hu=(found[1] - spread, found[1] + spread))
            elif name == "kidney_right":  # enhanced kidneys enhance alike: the left one's level is not the spleen's beside it
                places["kidney_left"] = replace(places["kidney_left"], hu=(
                    max(places["kidney_left"].hu[0], found[1] - TWIN_ENHANCED_KIDNEY_HU), places["kidney_left"].hu[1]))
            taken |= ndimage.binary_dilation(found[0], iterations=2)
    stomach = stomach_seed(ct, sm, inside, lungs, marks, spacing, voxel_ml, seeds.get("liver"))
    if stomach is not None:  # past the gas's own edge, into the fluid and wall (else a neighbour floods them first)
        box = box_of(stomach, int(np.ceil(4.0 / spacing[0])) + 1)
        assert box is not None
        rim = np.zeros(ct.shape, dtype=bool)
        rim[box] = dilate_in_plane(stomach[box], 4.0, spacing) & (sm[box] > FAT_HU) & (sm[box] < STOMACH_MAX_HU)
        seeds["stomach"], levels["stomach"] = (stomach | rim) & ~taken, -1000.0
    pancreas = pancreas_seed(sm, inside, marks, spacing, seeds, taken | seeds.get("stomach", False), noise, levels.get("liver"))
    if pancreas is not None:  # in front of the aorta at the renal level (`classical_pancreas`)
        (seeds["pancreas"], levels["pancreas"]), places["pancreas"] = pancreas, Place(DX_MM, DY_MM, LEVEL_HU, 15.0, 2.5)
    details["not_found"], beside = _indistinct(seeds, levels, noise, shaped)
    details["levels_hu"] = {k: round(v, 1) for k, v in levels.items()}
    details["noise_hu"] = round(noise, 1)
    if not seeds:
        return {}, details
    organs = _flood(sm, body, bone, lungs, marks, seeds, levels, noise, spacing, places, spared, details.setdefault("leaks", {}),
                    details.setdefault("cut_by_limit", {}))
    if "pancreas" in organs and (why := plausible(organs["pancreas"], spacing, marks.scale)):  # flooded its neighbours:
        details["not_found"]["pancreas"], _, _ = why, seeds.pop("pancreas"), levels.pop("pancreas")  # drawn without it
        organs = _flood(sm, body, bone, lungs, marks, seeds, levels, noise, spacing, places, spared, details["leaks"],
                        details["cut_by_limit"])
    details["may_hold"] = held_by_neighbour(beside, organs)
    details["quality"] = {name: band_quality(sm, organs[name], levels[name], noise) for name in organs if name in levels
                          and levels[name] > -500}
    return organs, details


LIMIT_CUT_SHARE = 0.25
"""Least share of an organ's widest cross-section across an axis that meets tissue of its band just past its `ALLOWED`
limit for the organ to go on past it: the limit cut it (suite AL: a 960 mL spleen reaching 160 mm in front of the
spine drawn 545 mL, 110 mm being where a spleen is looked for)."""


def cut_by_limit(name: str, organ: np.ndarray, beyond: np.ndarray, spacing: np.ndarray) -> str | None:
    """Why the organ's size is unknown when it goes on past the limit of where it is looked for (`LIMIT_CUT_SHARE` of
    its widest in-plane cross-section faces tissue of its band past the limit); None when it stops short of it.

    Args:
        name: The organ.
        organ: Its mask, on the grid of `beyond`.
        beyond: Tissue of its band, in its basin, past its limit (same grid).
        spacing: Voxel size (mm).
    """
    share = max(across / max(wide, 1e-6) for across, wide in zip(
        faces_across_mm2(organ, beyond, spacing)[:2], widest_mm2(organ, spacing)[:2], strict=True))
    if share < LIMIT_CUT_SHARE:
        return None
    what = name.replace("_", " ")
    return (f"the {what} goes on past where the classical segmenter looks for it (tissue at its level past that limit "
            f"faces {share:.0%} of its widest cross-section), so its drawing stops short of it and its size is not known")


def held_by_neighbour(beside: dict[str, str], organs: dict[str, np.ndarray]) -> dict[str, str]:
    """The organs whose size is not known because a kidney beside them was dropped at their level (`beside`: each
    organ `_indistinct` dropped -> the neighbour it could not be told from): their basin may hold it (suite AO: an
    unenhanced left kidney at the spleen's HU, the spleen drawn 357 mL for 223). Each with the reason."""
    return {other: (f"the {organ.replace('_', ' ')} beside it reads at its HU and was not drawn, so the {other}'s mask "
                    "may hold it: its size is not known")
            for organ, other in beside.items() if organ in KIDNEYS and other in organs}


def _indistinct(seeds: dict[str, np.ndarray], levels: dict[str, float], noise: float,
                shaped: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Drop the organs whose level is their neighbour's (an unenhanced kidney beside a fatty liver): a wrong mask gives
    wrong answers where an absent one abstains. Returns each one's reason. The right kidney is never the spleen's
    neighbour, nor is the IVC (right of the aorta). A spleen at the liver's HU stays (position splits them:
    `classical_gates.off_side`); so does a vessel found by its shape (`shaped`, `classical_vessels`). Also returns
    the neighbour each dropped organ could not be told from (`held_by_neighbour`)."""
    reasons, beside = {}, {}
    pairs = [(organ, other, max(INDISTINCT_HU, 2.0 * noise)) for organ in KIDNEYS + VESSELS if organ not in shaped
             for other in ("liver", "spleen") if (organ, other) not in FAR_APART]
    for organ, other, gap in pairs:
        if organ in levels and other in levels and abs(levels[organ] - levels[other]) < gap:
            reasons[organ] = f"its HU ({levels[organ]:.0f}) cannot be told from the {other}'s ({levels[other]:.0f}) at this noise"
            beside[organ] = other
            del seeds[organ], levels[organ]
    return reasons, beside


def _wall(sm: np.ndarray, body: np.ndarray, marks: Landmarks, spared: tuple[float, float] | None) -> np.ndarray:
    """The subcutaneous fat and the wall muscle below it (to its measured inner edge, at least `WALL_MM` below the fat),
    by depth; never what is brighter than muscle (an enhanced kidney against a lean back) nor, when `spared` is given,
    what lies in that band (an unenhanced kidney, a little darker than the muscle)."""
    deepest = max(marks.fat_mm + WALL_MM * marks.scale, marks.muscle_mm or 0.0)
    wall = body & (marks.depth_mm <= deepest) & (sm < ENHANCED_HU)
    if spared is not None:
        wall &= (sm < spared[0]) | (sm > spared[1])
    return wall


def _back_muscles(sm: np.ndarray, body: np.ndarray, marks: Landmarks, spacing: np.ndarray, noise: float,
                  spared: tuple[float, float] | None) -> np.ndarray:
    """The muscles behind the vertebral body (`ERECTOR_SPINAE`) at their own level, read per case, an
    in-plane voxel in from their edge: background wherever the wall's depth stops (a lean wall is only its muscle
    layer deep; the back muscles reach further). Never what is brighter than muscle nor, when `spared` is given, an
    unenhanced kidney's band."""
    place = body & roi(sm.shape, spacing, marks, ERECTOR_SPINAE)[:, :, None]
    level = mode(sm[place], 20.0, 90.0)
    if level is None:
        return np.zeros(sm.shape, dtype=bool)
    muscle = place & (np.abs(sm - level) <= BACK_MUSCLE_TOLERANCE_HU + 2.0 * noise) & (sm < ENHANCED_HU)
    if spared is not None:
        muscle &= (sm < spared[0]) | (sm > spared[1])
    return ndimage.binary_erosion(muscle, structure=np.ones((3, 3, 1), dtype=bool))


def _unenhanced(sm: np.ndarray, deep: np.ndarray, marks: Landmarks, spacing: np.ndarray) -> dict[str, Place]:
    """The unenhanced places, the kidneys' band kept below the muscle read in this case (behind the spine, off the
    bone: `deep`)."""
    muscle = mode(sm[deep & roi(sm.shape, spacing, marks, BACK_MUSCLES)[:, :, None]], 20.0, 90.0)
    places = dict(UNENHANCED)
    if muscle is not None:
        for kidney in KIDNEYS:
            place = UNENHANCED[kidney]
            places[kidney] = Place(place.dx, place.dy, (place.hu[0], min(place.hu[1], muscle - MUSCLE_MARGIN_HU)),
                                    place.tolerance, place.erode_mm, muscle - MUSCLE_MARGIN_HU)
    return places


def _seed_at(name: str, place: Place, sm: np.ndarray, inside: np.ndarray, marks: Landmarks, spacing: np.ndarray,
             voxel_ml: float, taken: np.ndarray, noise: float, liver: float | None,
             unenhanced: bool) -> tuple[np.ndarray, float] | None:
    """An organ's seed and level at its expected place (not on organs already seeded), or None.

    An enhanced aorta is tried at the 95th, 75th and 50th percentile of the bright tissue there: the brightest
    may be positive contrast in a bowel loop beside it, which does not run through the abdomen as the aorta does.
    """
    region = inside & roi(sm.shape, spacing, marks, place)[:, :, None]
    mirror = replace(place, dx=(-place.dx[1], -place.dx[0]))  # the same place on the other side of the spine
    opposite = sm[inside & roi(sm.shape, spacing, marks, mirror)[:, :, None]] if name == "liver" else None
    for quantile in (95, 75, 50) if name == "aorta" and not unenhanced else (50,):
        level = _level(name, sm, region & ~taken, place, liver, unenhanced, quantile, opposite, noise)
        if level is None:
            return None
        erode = np.maximum(np.rint(place.erode_mm * marks.scale / spacing), 0)
        erode[2] = min(erode[2], max((sm.shape[2] - 1) // 4, 0))  # a few slices (or one) cannot be eroded across
        share = 0.4 if name in VESSELS else 0.75  # a vessel's seed stays in its lumen, off the heart beside it
        low, high = level - share * place.tolerance - noise, level + share * place.tolerance + noise
        if name in KIDNEYS and not unenhanced and liver is not None:  # a thin bright cortex around a darker medulla
            low = min(low, max(liver + BRIGHTER_THAN_LIVER_HU, ENHANCED_HU))  # never down to muscle
        centre, half = (low + high) / 2, (high - low) / 2
        seed = _seed(sm, region, centre, half, erode, taken, tube=name in VESSELS)
        big = 20.0 * min(1.0, sm.shape[2] * spacing[2] / 100.0)  # a thin slab holds less of the organ
        least = big if name in ("liver", "spleen") else 0.01 * big
        if name == "spleen" and (seed is None or np.count_nonzero(seed) * voxel_ml < least):  # a thin crescent, noisy:
            seed = _seed(sm, region, centre, half, np.floor(erode / 2), taken)  # half the erosion
        if seed is None or np.count_nonzero(seed) * voxel_ml < least:
            continue
        slices = np.count_nonzero(seed.any(axis=(0, 1)))
        if name in VESSELS and slices < MIN_VESSEL_SHARE * np.count_nonzero(inside.any(axis=(0, 1))):
            continue  # a vessel runs through the abdomen; a short bright piece is a plaque or a contrast-filled bowel fold
        return seed, level
    return None


def _level(name: str, sm: np.ndarray, region: np.ndarray, place: Place, liver: float | None,
           unenhanced: bool = False, quantile: float = 50, opposite: np.ndarray | None = None,
           noise: float = 0.0) -> float | None:
    """The organ's HU in this case: the histogram mode of its expected place, within its search band (the liver's:
    the peak its place holds most beyond the mirror place, `opposite`: `classical_landmarks.sided_mode`).

    Read against the liver when it was found: enhanced kidneys and vessels are brighter than the liver
    by 20 HU or more; the spleen is never more than `SPLEEN_FROM_LIVER_HU` below it (unenhanced it reads about 10 HU
    below a normal liver, with contrast near or above it; tissue of another kind, bowel or fluid, often fills more of its
    place than the spleen does and would otherwise set its level; a fatty liver may lie far below an enhanced
    spleen: no upper bound from the liver). An unenhanced kidney whose mode is the liver's (within the gap `_indistinct`
    asks for: the liver fills much of the right kidney's place) is read at the peak apart from the liver's (`peak_apart`),
    if there is one; else it keeps the liver's level and is dropped with its reason.
    """
    values = sm[region]
    if unenhanced and name in KIDNEYS and liver is not None:  # at the liver's level: a peak apart from it, if any
        level, gap = mode(values, *place.hu), max(INDISTINCT_HU, 2.0 * noise)
        apart = peak_apart(values, *place.hu, liver, gap) if level is not None and abs(level - liver) < gap else None
        return level if apart is None else apart
    if unenhanced:
        return mode(values, *place.hu)
    if name in ("aorta", "postcava", "kidney_left", "kidney_right"):
        floor = max(place.hu[0], liver + BRIGHTER_THAN_LIVER_HU) if liver is not None else place.hu[0]
        bright = values[(values >= floor) & (values <= place.hu[1])]
        if bright.size < 20:
            return None
        return float(np.percentile(bright, quantile))  # the aorta: the brightest tube there
    if name == "spleen" and liver is not None:  # never far below the liver; a fatty liver lies far below the spleen
        return mode(values, max(place.hu[0], liver - SPLEEN_FROM_LIVER_HU), place.hu[1])
    if name == "liver" and opposite is not None:
        return sided_mode(values, opposite, *place.hu)
    return mode(values, *place.hu)


def _flood(sm: np.ndarray, body: np.ndarray, bone: np.ndarray, lungs: np.ndarray, marks: Landmarks,
           seeds: dict[str, np.ndarray], levels: dict[str, float], noise: float, spacing: np.ndarray,
           places: dict[str, Place], spared: tuple[float, float] | None, leaks: dict[str, float],
           cut: dict[str, str]) -> dict[str, np.ndarray]:
    """Marker watershed on the gradient; each organ is its basin within its band, largest piece, filled; `leaks` gets
    the share of each organ of `LEAK_NECK_MM` hanging on it by wide necks (a leak), `cut` the reason of each organ its
    `ALLOWED` limit cut (`cut_by_limit`)."""
    cut.clear()
    names = list(seeds)
    markers = np.zeros(sm.shape, dtype=np.int32)
    background = len(names) + 1
    wall_layer = _wall(sm, body, marks, spared) & (marks.depth_mm > marks.fat_mm)
    background_tissue = (sm < FAT_HU) | bone | lungs
    markers[wall_layer | _back_muscles(sm, body & ~bone, marks, spacing, noise, spared)] = background
    for n, name in enumerate(names, start=1):
        markers[seeds[name]] = n
    gradient = ndimage.gaussian_gradient_magnitude(sm, sigma=0.7)
    # Fat, air, bone and lung stop every organ anyway: flood only the rest of the body (a third fewer voxels).
    basins = watershed(gradient, markers, mask=(body & ~background_tissue) | (markers > 0))
    organs: dict[str, np.ndarray] = {}
    solids: dict[str, np.ndarray] = {}
    reach = int(np.ceil(max(VESSEL_REACH_MM, *NECK_MM.values()) * max(marks.scale, 1.0) / float(spacing[0]))) + 2
    for n, name in enumerate(names, start=1):
        box = box_of(basins == n, reach)
        if box is None:
            continue
        local, seed = basins[box] == n, seeds[name][box]
        if name == "stomach":  # gas, fluid and a wall around them: not the soft tissue its basin took in
            grown = stomach_in_basin(local, seed, sm[box], spacing, marks, box)
        else:
            tolerance = places[name].tolerance + 2.0 * noise
            low = levels[name] - tolerance
            if name in KIDNEYS and "liver" in levels and levels[name] >= ENHANCED_HU:  # cortex and the darker medulla
                low = min(low, levels["liver"] + BRIGHTER_THAN_LIVER_HU)
            high = min(levels[name] + tolerance, (levels[name] + places[name].ceiling + MUSCLE_MARGIN_HU) / 2)
            other = levels.get(PAIRED.get(name, ""))
            if other is not None and abs(other - levels[name]) >= PAIR_MIN_GAP_HU:  # liver and spleen: split at the midpoint
                low, high = (max(low, (other + levels[name]) / 2), high) if other < levels[name] else \
                    (low, min(high, (other + levels[name]) / 2))
            grown = local & (sm[box] >= low) & (sm[box] <= high)
        beyond = None
        if name in ALLOWED or name == "pancreas":  # never past where the organ can lie relative to the spine
            room = (roi(sm.shape, spacing, marks, ALLOWED[name]) if name in ALLOWED else allowed(sm.shape, spacing, marks))[
                box[0], box[1], None]
            beyond, grown = grown & ~room, grown & room
        if name in VESSELS:  # a vessel is a tube: no further than a lumen from its seed in any slice
            grown &= dilate_in_plane(seed, VESSEL_REACH_MM * marks.scale, spacing)
        elif name in LEAK_NECK_MM:  # cut at narrow necks; the share wide ones would take, for `classical_leaks.leaked`
            grown, leaks[name] = cut_leaks(grown | seed, seed, name, marks.scale, spacing)
            for _ in range(LEAK_ROUNDS):  # a leak into a neighbour of another level: drawn again on the organ's side
                if leaks[name] <= MAX_LEAK_SHARE[name] or (apart := apart_from_leak(
                        grown, seed, sm[box], levels[name], noise, name, marks.scale, spacing)) is None:
                    break
                grown, leaks[name] = apart
        elif name in NECK_MM:
            grown = cut_necks(grown | seed, seed, NECK_MM[name] * marks.scale, spacing)
        organ = np.zeros(sm.shape, dtype=bool)
        solid = largest(grown | seed)
        organ[box] = close_and_fill(solid, spacing)
        if name in LESION_HOLDERS or name in KIDNEYS:  # its lesions: the rest of its basin that is neither fat nor a thin rim
            within = roi(sm.shape, spacing, marks, ALLOWED[name])[box[0], box[1], None] if name in ALLOWED else True
            # A lesion at the organ's surface may have flooded from another marker: the background's (the liver's) or
            # any but a vessel's or the stomach's (a kidney's cyst); never a neighbour's own (a fatty liver reads like
            # fluid); mostly enclosed by the organ.
            pool = local | (basins[box] == background) if name in LESION_HOLDERS else local | ~np.isin(
                basins[box], [n for n, tube in enumerate(names, start=1) if tube in VESSELS + ("stomach",)])
            for held in organs.values():
                pool = pool & ~held[box]
            organ[box] |= lesion_pieces(local & within & ~organ[box], solid, sm[box], spacing, *(
                (CYST_HU, CYST_CONTACT) if name in KIDNEYS else ((FAT_HU, 400.0), LESION_CONTACT)))
            if name in KIDNEYS and levels[name] >= ENHANCED_HU:  # a tumour enhancing less than the cortex, in its contour
                organ[box] |= in_bite(pool & within & ~organ[box], solid, sm[box], (CYST_HU[1], low), spacing)
            organ[box] |= lesion_pieces(pool & ~local & within & ~organ[box], solid, sm[box], spacing,
                                        *((CYST_HU, CYST_OUTSIDE_CONTACT, True) if name in KIDNEYS else ((FAT_HU, 400.0), SURFACE_CONTACT)))
        if beyond is not None and beyond.any() and (why := cut_by_limit(name, organ[box], beyond, spacing)):
            cut[name] = why
        solids[name] = np.zeros(sm.shape, dtype=bool)
        solids[name][box] = solid
        if name == "liver":
            bladder = gall_bladder(organ[box] & ~solid, sm[box], levels["liver"], marks, spacing, box)
            if bladder is not None:
                organ[box] &= ~bladder
                organs["gall_bladder"] = np.zeros(sm.shape, dtype=bool)
                organs["gall_bladder"][box] = bladder
        organs[name] = organ
    for vessel in VESSELS:  # a vessel the liver wraps around is the vessel, not a liver lesion
        if vessel in organs and "liver" in organs:
            organs["liver"] &= ~organs[vessel]
    if "pancreas" in organs and "liver" in organs and (taken := reclaim_from_liver(
            organs["pancreas"], organs["liver"], sm, levels, allowed(sm.shape, spacing, marks),
            places["pancreas"].tolerance + 2.0 * noise, PAIR_MIN_GAP_HU)) is not None:
        organs["pancreas"] |= taken
        organs["liver"] &= ~taken
    if "stomach" in organs and "liver" in organs:
        give_touching_holes(organs, solids["liver"], "liver", "stomach")
    return organs
