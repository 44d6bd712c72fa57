"""Organs that touch: landmarks, seeds at their expected places, levels read per case, a watershed.

Used when the soft-tissue regions of a CT are not separated by fat (real patients; randomised
phantoms), so components alone cannot tell the organs apart. Canonical RAS: i toward the patient's
right (from the header, never guessed from the picture), j anterior, k superior.

1. Landmarks: the body outline, the vertebral bodies (bone near the posterior midline), the
   subcutaneous fat thickness (from the outer band of the body), the body's width (scale).
2. A smoothed image (in-plane median, then a small Gaussian) and per-case levels: the HU of the
   right upper quadrant (liver), of the left posterior upper quadrant (spleen), of bright tissue
   lateral to the spine (kidneys), of bright tubes beside the vertebra (aorta, IVC).
3. Seeds: per organ, the largest eroded region at its level in the place the priors expect it,
   relative to the spine and the body's extent.
4. A marker watershed on the gradient of the smoothed image, between the organ seeds and the
   background (fat, air, bone, the body wall layer, the muscles behind the spine); each organ is
   then its basin within its level band, largest piece, enclosed lesions filled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cc3d
import numpy as np
from scipy import ndimage
from skimage.segmentation import watershed

from agents.segmenters.classical_morphology import box_of, close_and_fill, cut_necks, dilate_in_plane, largest

STANDARD_HALF_WIDTH_MM = 165.0
FAT_HU = -30.0
WALL_MM = 6.0
"""Depth inside the subcutaneous fat that is surely body-wall muscle (a background marker)."""


@dataclass(frozen=True)
class Landmarks:
    """Where the patient is, in mm of the canonical grid."""

    centre: np.ndarray
    """Body centre (x, y) mm."""
    scale: float
    """Body half width / 165 mm."""
    spine: np.ndarray | None
    """Vertebral body centre (x, y) mm, None when no bone is found."""
    depth_mm: np.ndarray
    """Per voxel, in-slice distance from the body outline (mm)."""
    fat_mm: float
    """Median subcutaneous fat thickness (mm)."""


def smooth(ct: np.ndarray, spacing: np.ndarray) -> np.ndarray:
    """In-plane 3x3 median, then a Gaussian of about 1.5 mm (at most 1.5 voxels, less across thick slices)."""
    out = ndimage.median_filter(ct, size=(3, 3, 1))
    sigma = np.clip(1.5 / spacing, 0.3, 1.5)
    return ndimage.gaussian_filter(out, sigma=sigma).astype(np.float32)


def landmarks(sm: np.ndarray, body: np.ndarray, bone: np.ndarray, spacing: np.ndarray) -> Landmarks:
    """Body centre and scale, spine, depth from the outline and subcutaneous fat thickness."""
    ij = np.argwhere(body.any(axis=2))
    lo, hi = ij.min(axis=0) * spacing[:2], ij.max(axis=0) * spacing[:2]
    centre, half = (lo + hi) / 2, max((hi[0] - lo[0]) / 2, 1.0)
    scale = half / STANDARD_HALF_WIDTH_MM
    depth = np.zeros(body.shape, dtype=np.float32)
    for k in range(body.shape[2]):
        if body[:, :, k].any():
            depth[:, :, k] = ndimage.distance_transform_edt(body[:, :, k], sampling=spacing[:2])
    band = body & (depth < 40.0 * scale)
    fat_share = np.count_nonzero(band & (sm < FAT_HU)) / max(np.count_nonzero(band), 1)
    fat_mm = float(np.clip(fat_share * 40.0 * scale, 2.0, 40.0))
    x = (np.arange(body.shape[0]) * spacing[0])[:, None]
    y = (np.arange(body.shape[1]) * spacing[1])[None, :]
    near_mid = (np.abs(x - centre[0]) < 30 * scale) & (y < centre[1] + 10 * scale)
    column = bone & near_mid[:, :, None] & (sm > 150)
    spine = None
    if column.any():
        xyz = np.argwhere(column) * spacing
        spine = np.array([float(np.median(xyz[:, 0])), float(np.percentile(xyz[:, 1], 75))])  # the vertebral body
    return Landmarks(centre, scale, spine, depth, fat_mm)


def _mode(values: np.ndarray, low: float, high: float) -> float | None:
    values = values[(values >= low) & (values <= high)]
    if values.size < 50:
        return None
    hist, edges = np.histogram(values, bins=np.arange(low, high + 2.0, 2.0))
    hist = np.convolve(hist, np.ones(5) / 5, mode="same")
    return float(edges[int(np.argmax(hist))] + 1.0)


@dataclass(frozen=True)
class _Place:
    """Where an organ is expected: offsets (mm of a standard body) from the spine, and its HU search band."""

    dx: tuple[float, float]
    """Patient-right positive, from the vertebral body centre."""
    dy: tuple[float, float]
    """Anterior positive."""
    hu: tuple[float, float]
    tolerance: float
    """Half width of the level band (HU), before the noise term."""
    erode_mm: float


PLACES: dict[str, _Place] = {
    "liver": _Place((20, 160), (-40, 140), (-10, 120), 20.0, 8.0),
    "kidney_right": _Place((35, 130), (-50, 40), (90, 320), 60.0, 3.0),
    "kidney_left": _Place((-130, -35), (-50, 40), (90, 320), 60.0, 3.0),
    "spleen": _Place((-190, -50), (-70, 90), (10, 120), 15.0, 4.0),
    "aorta": _Place((-40, 15), (5, 60), (110, 500), 80.0, 2.0),
    "postcava": _Place((5, 60), (5, 70), (90, 400), 50.0, 2.0),
}
"""Organs found by this stage. The pancreas, stomach and gall bladder need fat planes (component stage)."""
VESSELS = ("aorta", "postcava")
ALLOWED: dict[str, _Place] = {
    "liver": _Place((-90, 220), (-100, 200), (0, 0), 0, 0),
    "spleen": _Place((-220, -20), (-120, 110), (0, 0), 0, 0),
    "kidney_right": _Place((15, 170), (-90, 60), (0, 0), 0, 0),
    "kidney_left": _Place((-170, -15), (-90, 60), (0, 0), 0, 0),
}
"""Where each organ may reach, relative to the spine (standard body mm): the left lobe crosses the midline, the
spleen stays behind the stomach, the kidneys beside the spine. Growth stops at these limits."""
VESSEL_REACH_MM = 8.0
"""How far past its eroded seed a vessel may reach in a slice (a lumen's radius, standard body)."""
STOMACH_MAX_HU = 90.0
PURE_AIR_HU = -930.0
BRIGHTER_THAN_LIVER_HU = 20.0
NECK_MM = {"liver": 6.0, "spleen": 4.0, "kidney_left": 3.0, "kidney_right": 3.0}
"""Half the width of the narrowest neck an organ keeps; thinner ones are leaks into a neighbour (standard body)."""
SPLEEN_FROM_LIVER_HU = 50.0
NOISE_FLOOR_HU = 1.0
"""The least noise the level bands allow for (HU)."""
BILE_MIN_HU = -5.0
"""Bile is water-like; a region darker than this among the liver's holes is a lesion (necrosis, fat), not the gall bladder."""
LESION_HOLDERS = ("liver",)
MIN_PIECE_ML = 0.3
"""Smallest lesion taken into an organ from outside its level band (a sphere of about 8 mm)."""


def _roi(shape: tuple[int, ...], spacing: np.ndarray, marks: Landmarks, place: _Place) -> np.ndarray:
    assert marks.spine is not None
    x = (np.arange(shape[0]) * spacing[0] - marks.spine[0]) / marks.scale
    y = (np.arange(shape[1]) * spacing[1] - marks.spine[1]) / marks.scale
    return ((x >= place.dx[0]) & (x <= place.dx[1]))[:, None] & ((y >= place.dy[0]) & (y <= place.dy[1]))[None, :]


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
    marks = landmarks(sm, body, bone, spacing)
    details: dict[str, Any] = {"stage": "landmarks", "fat_mm": round(marks.fat_mm, 1), "scale": round(marks.scale, 3)}
    if marks.spine is None:
        details["reason"] = "no spine found: no landmark to place the organs by"
        return {}, details
    details["spine_mm"] = [round(float(v), 1) for v in marks.spine]
    wall = body & (marks.depth_mm <= marks.fat_mm + WALL_MM * marks.scale)
    inside = body & ~wall & ~ndimage.binary_dilation(bone, iterations=1) & ~lungs
    noise = _noise(ct, sm, inside)
    seeds: dict[str, np.ndarray] = {}
    levels: dict[str, float] = {}
    taken = np.zeros(ct.shape, dtype=bool)
    for name, place in PLACES.items():
        region = inside & _roi(ct.shape, spacing, marks, place)[:, :, None]
        level = _level(name, sm, region & ~taken, place, levels.get("liver"))  # not the organs already seeded
        if level is None:
            continue
        erode = np.maximum(np.rint(place.erode_mm * marks.scale / spacing), 0)
        erode[2] = min(erode[2], max((ct.shape[2] - 1) // 4, 0))  # a few slices (or one) cannot be eroded across
        share = 0.4 if name in VESSELS else 0.75  # a vessel's seed stays in its lumen, off the heart beside it
        seed = _seed(sm, region, level, share * place.tolerance + noise, erode, taken, tube=name in VESSELS)
        big = 20.0 * min(1.0, ct.shape[2] * spacing[2] / 100.0)  # a thin slab holds less of the organ
        if seed is None or np.count_nonzero(seed) * voxel_ml < (big if name in ("liver", "spleen") else 0.01 * big):
            continue
        seeds[name], levels[name] = seed, level
        taken |= ndimage.binary_dilation(seed, iterations=2)
    stomach = stomach_seed(ct, sm, inside, lungs, marks, spacing, voxel_ml, seeds.get("liver"))
    if stomach is not None:  # past the gas's own edge, into the fluid and wall (else a neighbour floods them first)
        box = box_of(stomach, int(np.ceil(4.0 / spacing[0])) + 1)
        assert box is not None
        rim = np.zeros(ct.shape, dtype=bool)
        rim[box] = dilate_in_plane(stomach[box], 4.0, spacing) & (sm[box] > FAT_HU) & (sm[box] < STOMACH_MAX_HU)
        seeds["stomach"], levels["stomach"] = (stomach | rim) & ~taken, -1000.0
    details["levels_hu"] = {k: round(v, 1) for k, v in levels.items()}
    details["noise_hu"] = round(noise, 1)
    if not seeds:
        return {}, details
    return _flood(sm, body, bone, lungs, marks, seeds, levels, noise, spacing), details


def _level(name: str, sm: np.ndarray, region: np.ndarray, place: _Place, liver: float | None) -> float | None:
    """The organ's HU in this case: the histogram mode of its expected place, within its search band.

    Read against the liver when it was found: enhanced kidneys and vessels are brighter than the liver
    by 20 HU or more; the spleen lies within 50 HU of it (a fatty liver is darker than the spleen).
    """
    values = sm[region]
    if name in ("aorta", "postcava", "kidney_left", "kidney_right"):
        floor = max(place.hu[0], liver + BRIGHTER_THAN_LIVER_HU) if liver is not None else place.hu[0]
        bright = values[(values >= floor) & (values <= place.hu[1])]
        if bright.size < 20:
            return None
        return float(np.percentile(bright, 95 if name == "aorta" else 50))  # the aorta is the brightest tube there
    if name == "spleen" and liver is not None:
        return _mode(values, max(place.hu[0], liver - SPLEEN_FROM_LIVER_HU), min(place.hu[1], liver + SPLEEN_FROM_LIVER_HU))
    return _mode(values, *place.hu)


def _noise(ct: np.ndarray, sm: np.ndarray, inside: np.ndarray) -> float:
    """Noise left after smoothing: the robust spread of (raw - smoothed) inside, shrunk by the smoothing."""
    residual = (ct - sm)[inside]
    if residual.size == 0:
        return 5.0
    return float(np.clip(1.4826 * np.median(np.abs(residual - np.median(residual))) / 3.0, NOISE_FLOOR_HU, 15.0))


def _flood(sm: np.ndarray, body: np.ndarray, bone: np.ndarray, lungs: np.ndarray, marks: Landmarks,
           seeds: dict[str, np.ndarray], levels: dict[str, float], noise: float, spacing: np.ndarray) -> dict[str, np.ndarray]:
    """Marker watershed on the gradient; each organ is its basin within its band, largest piece, filled."""
    names = list(seeds)
    markers = np.zeros(sm.shape, dtype=np.int32)
    background = len(names) + 1
    wall_layer = body & (marks.depth_mm > marks.fat_mm) & (marks.depth_mm <= marks.fat_mm + WALL_MM * marks.scale)
    background_tissue = (sm < FAT_HU) | bone | lungs
    markers[wall_layer] = background
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
        if name == "stomach":  # gas, fluid and wall: whatever is not fat or bright in its basin
            grown = local & (sm[box] > FAT_HU) & (sm[box] < STOMACH_MAX_HU) | seed
        else:
            tolerance = PLACES[name].tolerance + 2.0 * noise
            grown = local & (np.abs(sm[box] - levels[name]) <= tolerance)
        if name in ALLOWED:  # never past where the organ can lie relative to the spine
            grown &= _roi(sm.shape, spacing, marks, ALLOWED[name])[box[0], box[1], None]
        if name in VESSELS:  # a vessel is a tube: no further than a lumen from its seed in any slice
            grown &= dilate_in_plane(seed, VESSEL_REACH_MM * marks.scale, spacing)
        elif name in NECK_MM:
            grown = cut_necks(grown | seed, seed, NECK_MM[name] * marks.scale, spacing)
        organ = np.zeros(sm.shape, dtype=bool)
        solid = largest(grown | seed)
        organ[box] = close_and_fill(solid, spacing)
        if name in LESION_HOLDERS:  # its lesions: the rest of its basin that is neither fat nor a thin rim
            roi = _roi(sm.shape, spacing, marks, ALLOWED[name])[box[0], box[1], None] if name in ALLOWED else True
            organ[box] |= _lesion_pieces(local & roi & ~organ[box], solid, sm[box], spacing)
        solids[name] = np.zeros(sm.shape, dtype=bool)
        solids[name][box] = solid
        if name == "liver":
            bladder = _gall_bladder(organ[box] & ~solid, sm[box], levels["liver"], marks, spacing, box)
            if bladder is not None:
                organ[box] &= ~bladder
                organs["gall_bladder"] = np.zeros(sm.shape, dtype=bool)
                organs["gall_bladder"][box] = bladder
        organs[name] = organ
    for vessel in VESSELS:  # a vessel the liver wraps around is the vessel, not a liver lesion
        if vessel in organs and "liver" in organs:
            organs["liver"] &= ~organs[vessel]
    if "stomach" in organs and "liver" in organs:
        _give_touching_holes(organs, solids["liver"], "liver", "stomach")
    return organs


def _lesion_pieces(rest: np.ndarray, solid: np.ndarray, sm: np.ndarray, spacing: np.ndarray) -> np.ndarray:
    """Pieces of an organ's basin outside its level band that are lesions of it: soft tissue or fluid (not fat),
    touching the organ, at least `MIN_PIECE_ML`, thicker than one voxel (a partial-volume rim is not)."""
    candidates = rest & (sm > FAT_HU) & (sm < 400.0)
    candidates = ndimage.binary_opening(candidates, structure=ndimage.generate_binary_structure(3, 1))
    labels, n = cc3d.connected_components(candidates, connectivity=6, return_N=True)
    if n == 0:
        return candidates
    sizes = np.bincount(labels.ravel())
    near = np.unique(labels[ndimage.binary_dilation(solid, iterations=1) & (labels > 0)])
    voxel_ml = float(np.prod(spacing)) / 1000.0
    keep = [int(label) for label in near if label > 0 and sizes[label] * voxel_ml >= MIN_PIECE_ML]
    return np.isin(labels, keep)


def _give_touching_holes(organs: dict[str, np.ndarray], solid: np.ndarray, owner: str, neighbour: str) -> None:
    """The holes filled into `owner` that touch `neighbour` are the neighbour's content (stomach fluid), not lesions."""
    holes = organs[owner] & ~solid
    labels, n = cc3d.connected_components(holes, connectivity=26, return_N=True)
    if n == 0:
        return
    touching = np.unique(labels[ndimage.binary_dilation(organs[neighbour], iterations=1) & (labels > 0)])
    moved = np.isin(labels, touching[touching > 0])
    organs[owner] &= ~moved
    organs[neighbour] |= moved


def _gall_bladder(holes: np.ndarray, sm: np.ndarray, liver_hu: float, marks: Landmarks, spacing: np.ndarray,
                  box: tuple[slice, slice, slice]) -> np.ndarray | None:
    """The gall bladder among the liver's holes: fluid (-5 to 30 HU and 15 below the liver), at least 5 mL,
    in front of and right of the spine, below the liver's middle; the largest such. Other holes stay lesions."""
    assert marks.spine is not None
    labels, n = cc3d.connected_components(holes, connectivity=26, return_N=True)
    if n == 0:
        return None
    stats = cc3d.statistics(labels)
    voxel_ml = float(np.prod(spacing)) / 1000.0
    middle = holes.shape[2] / 2
    best, best_count = None, 0
    for label in range(1, n + 1):
        count = int(stats["voxel_counts"][label])
        centre = np.asarray(stats["centroids"][label]) + [b.start for b in box]
        x, y = (centre[:2] * spacing[:2] - marks.spine) / marks.scale
        region = stats["bounding_boxes"][label]
        hu = float(np.median(sm[region][labels[region] == label]))
        fluid = BILE_MIN_HU <= hu <= min(30.0, liver_hu - 15.0)
        if fluid and x > 0 and y > 0 and centre[2] - box[2].start < middle and \
                count * voxel_ml >= 5.0 * marks.scale**3 and count > best_count:
            best, best_count = label, count
    return None if best is None else labels == best


def stomach_seed(ct: np.ndarray, sm: np.ndarray, inside: np.ndarray, lungs: np.ndarray, marks: Landmarks, spacing: np.ndarray,
                 voxel_ml: float, liver: np.ndarray | None) -> np.ndarray | None:
    """The stomach's gas: the largest pocket of nearly pure air left of and in front of the spine, in the liver's upper half.

    Aerated lung (about -850 HU) is not gas, even where it was too small to be labelled lung.
    """
    assert marks.spine is not None
    gas = inside & (sm < -400.0) & ~lungs
    if liver is not None and liver.any():
        k = np.flatnonzero(liver.any(axis=(0, 1)))
        gas[:, :, : int((k[0] + k[-1]) // 2) - int(round(40.0 / spacing[2]))] = False
    labels, n = cc3d.connected_components(gas, connectivity=26, return_N=True)
    if n == 0:
        return None
    stats = cc3d.statistics(labels)
    best, best_count = None, 0
    for label in range(1, n + 1):
        count = int(stats["voxel_counts"][label])
        x, y = (np.asarray(stats["centroids"][label][:2]) * spacing[:2] - marks.spine) / marks.scale
        if x < -10.0 and y > 20.0 and count * voxel_ml >= 5.0 and count > best_count \
                and float(np.median(ct[stats["bounding_boxes"][label]][labels[stats["bounding_boxes"][label]] == label])) < PURE_AIR_HU:
            best, best_count = label, count
    return None if best is None else labels == best
