"""Lesions inside an organ mask: connected regions clearly darker or brighter than the organ's parenchyma.

Runs on the coarse grid (`classical_grid`), where block means have already divided the noise.
A lesion must pass every gate, each a kind of false lesion seen on phantoms from two generators:

- contrast: its 3x3x3 organ-only mean lies beyond the parenchyma level by at least
  `MIN_CONTRAST_HU` and `CORE_SIGMAS` noise standard deviations (texture, bias fields, noise);
- place: it is not a thin region mostly in the organ's outer shell (partial volume with fat or a
  neighbour at the organ's edge reads as a dark or bright rim);
- fat: fat and its partial-volume shell are never lesion (renal sinus fat inside a filled kidney,
  fat in a fissure): voxels below `FAT_HU` are excluded, and a darker region whose ring inside the
  organ is more than `MAX_FAT_RING` fat is dropped (the partial-volume shell around such fat);
- size: at least `MIN_LESION_ML` (a sphere of about 7 mm; the target is lesions of 10 mm and more);
- conspicuity: the whole lesion's median lies at least `MIN_CONSPICUITY_HU` and `CONSPICUITY_SIGMAS`
  standard deviations of the parenchyma's lesion-scale (3x3x3) means from the rest of the organ's median
  (spatially correlated noise and texture make blobs of 10 HU that a local test passes; a neighbour the organ
  swallowed reads a few HU off). Lesion-scale, not per voxel: on an image's own fine grid white noise of 15-20 HU
  held 20 HU lesions of 20 mm, whose median divides that noise away, to 30 HU.

Kidneys are bimodal (cortex and medulla enhance differently): darker regions are read against
the lower level (20th percentile), brighter ones against the upper (80th), both of the solid tissue when the
kidney enhances (a cyst filling a fifth of it would otherwise set the lower level itself); an unenhanced kidney
(median below 75 HU) has one level, its median.
"""

from __future__ import annotations

import math
from typing import Any

import cc3d
import fill_voids
import numpy as np
from scipy import ndimage

from agents.segmenters.classical_morphology import box_of

CORE_SIGMAS = 4.0
MIN_CONTRAST_HU = 12.0
MIN_CONTRAST_BIMODAL_HU = 25.0
"""A kidney's medulla and pelvis sit 10-25 HU below the level read between cortex and medulla."""
MIN_LESION_ML = 0.18
FAT_HU = -40.0
MAX_FAT_RING = 0.05
MAX_EDGE_SHARE = 0.5
MIN_CONSPICUITY_HU = 15.0
CONSPICUITY_SIGMAS = 1.5
FLUID_MAX_HU = 25.0
ENHANCED_PARENCHYMA_HU = 75.0
"""A kidney whose median is above this enhances: its levels are read on what is not fluid (cysts read -20 to 25 HU)."""
RAW_CONTRAST_SIGMAS = 6.0
MEDIAN_CONTRAST_SIGMAS = 2.0
_CROSS = ndimage.generate_binary_structure(2, 1)[:, :, None]
_CUBE = np.ones((3, 3, 3), dtype=bool)


def local_mean(ct: np.ndarray, organ: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the 3x3x3 neighbourhood over organ voxels, and how many organ voxels it used."""
    weight = organ.astype(np.float32)
    count = ndimage.uniform_filter(weight, size=3, mode="constant") * 27
    total = ndimage.uniform_filter(ct.astype(np.float32) * weight, size=3, mode="constant") * 27
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(organ, total / np.maximum(count, 1e-6), 0.0)
    return mean.astype(np.float32), np.rint(count).astype(np.float32)


def parenchyma_levels(ct: np.ndarray, organ: np.ndarray, bimodal: bool = False) -> tuple[float, float, bool] | None:
    """The levels `find_lesions` reads lesions against: (lower, upper, bimodal), None for an organ too thin to read.

    An enhanced kidney (median at or above `ENHANCED_PARENCHYMA_HU`) is bimodal: its 20th and 80th percentiles of
    what is not fluid (a large cyst would hold the 20th percentile and hide itself); an unenhanced one, or any other
    organ, has one level, its median (the whole organ: a thin one's interior may be mostly lesion).
    """
    tissue = organ & (ct > FAT_HU)
    if np.count_nonzero(ndimage.binary_erosion(organ, _CUBE) & tissue) < 27:
        return None
    mean, _ = local_mean(ct, tissue)
    reference = tissue
    if bimodal and float(np.median(mean[tissue])) >= ENHANCED_PARENCHYMA_HU:
        reference = tissue & (mean > FLUID_MAX_HU)
    else:
        bimodal = False
    if not reference.any():
        return None
    low, high = np.percentile(mean[reference], [20, 80] if bimodal else [50, 50])
    return float(low), float(high), bimodal


def kidney_levels(ct: np.ndarray, kidneys: dict[str, np.ndarray]) -> dict[str, tuple[float, float, bool]]:
    """Each kidney's lesion levels, the lower one read on the other kidney when a lesion holds its own.

    Both kidneys enhance alike (asymmetric enhancement is itself a finding): cortex and medulla give both the same
    percentiles. A solid lesion filling a fifth of one kidney at a level between fluid and medulla holds that kidney's
    20th percentile and hides itself; its lower level then lies `MIN_CONTRAST_BIMODAL_HU` or more below the other
    kidney's while their upper levels (the cortex) agree: the other kidney's lower level is the one to read it against,
    when that kidney is drawn at least `REFERENCE_SHARE` of this one's size.

    Args:
        ct: HU on the grid of the masks.
        kidneys: `kidney_left` / `kidney_right` masks on that grid (either may be absent).
    """
    levels, sizes = {}, {}
    for name, mask in kidneys.items():
        box = box_of(mask, 0)
        found = parenchyma_levels(ct[box], mask[box], bimodal=True) if box is not None else None
        if found is not None:
            levels[name], sizes[name] = found, int(np.count_nonzero(mask))
    if len(levels) == 2:
        (a, (low_a, high_a, bi_a)), (b, (low_b, high_b, bi_b)) = levels.items()
        if bi_a and bi_b and abs(high_a - high_b) < MIN_CONTRAST_BIMODAL_HU:
            if low_a < low_b - MIN_CONTRAST_BIMODAL_HU and sizes[b] >= REFERENCE_SHARE * sizes[a]:
                levels[a] = (low_b, high_a, True)
            elif low_b < low_a - MIN_CONTRAST_BIMODAL_HU and sizes[a] >= REFERENCE_SHARE * sizes[b]:
                levels[b] = (low_a, high_b, True)
    return levels


REFERENCE_SHARE = 0.5
"""A kidney is the other's reference only when drawn at least this share of the other's size: a kidney cut by the
scan's edge or drawn in part holds its cortex and medulla in other shares (a randomised phantom's right kidney,
drawn at a third of the left's, read its 20th percentile at the cortex and hid the left's medulla-level tissue)."""


def find_lesions(ct: np.ndarray, organ: np.ndarray, voxel_ml: float, bimodal: bool = False, gate: bool = True,
                 levels: tuple[float, float, bool] | None = None, spacing: Any = None) -> np.ndarray:
    """Lesion voxels of one organ (both hypo- and hyperdense), as a mask in the organ's box.

    Args:
        ct: HU in the organ's box (coarse grid).
        organ: The organ mask in that box.
        voxel_ml: Volume of a voxel, for the minimum lesion size.
        bimodal: Renal cortex and medulla: darker lesions against the 20th percentile, brighter against the 80th.
        gate: Apply the conspicuity gate here; False leaves it to the caller (who first hands neighbours' content
            back, which reads as faint lesions: `conspicuous`).
        levels: The levels to read lesions against (`kidney_levels`); None reads them on this organ
            (`parenchyma_levels`).
        spacing: Voxel size (mm) of `ct`, for the conspicuity gate's tube exemption (`is_tube`); None: cubic voxels.
    """
    lesions = np.zeros(organ.shape, dtype=bool)
    tissue = organ & (ct > FAT_HU)
    interior = ndimage.binary_erosion(organ, _CUBE) & tissue
    if np.count_nonzero(interior) < 27:
        return lesions
    mean, count = local_mean(ct, tissue)
    residual = np.abs(ct[interior] - mean[interior])
    noise = max(1.4826 * float(np.median(residual)) * math.sqrt(27 / 26), 1.0)
    read = levels if levels is not None else parenchyma_levels(ct, organ, bimodal)
    if read is None:
        return lesions
    low, high, bimodal = read
    stderr = noise / np.sqrt(np.maximum(count, 1.0))
    edge = organ & ~ndimage.binary_erosion(organ, _CUBE)
    min_voxels = max(2, int(math.ceil(MIN_LESION_ML / voxel_ml)))
    for sign, level in ((-1.0, low), (1.0, high)):
        beyond = sign * (mean - level)
        floor = MIN_CONTRAST_BIMODAL_HU if bimodal else MIN_CONTRAST_HU
        cores = tissue & (beyond > np.maximum(CORE_SIGMAS * stderr, floor))
        labels, n = cc3d.connected_components(cores, connectivity=26, return_N=True)
        if n == 0:
            continue
        stats = cc3d.statistics(labels)
        for label in range(1, n + 1):
            size = int(stats["voxel_counts"][label])
            if size < min_voxels:
                continue
            box = _pad(stats["bounding_boxes"][label], organ.shape, 2)
            piece = labels[box] == label
            if np.count_nonzero(piece & edge[box]) > MAX_EDGE_SHARE * size and not ndimage.binary_erosion(piece, _CROSS).any():
                continue  # a thin rim along the organ's edge (a thick lesion in a thin organ is mostly edge too)
            grown = _grow(ct[box], mean[box], tissue[box], piece, level, noise, rim=bimodal)
            if sign < 0 and _fat_ring(ct[box], organ[box], grown):
                continue
            lesions[box] |= grown
    lesions = fill_voids.fill(lesions) & organ
    return conspicuous(lesions, ct, tissue, 0.0 if bimodal else CONSPICUITY_SIGMAS, voxel_ml, spacing) if gate else lesions


def _fat_ring(ct: np.ndarray, organ: np.ndarray, lesion: np.ndarray) -> bool:
    """Whether more than `MAX_FAT_RING` of the organ around a darker region reads as fat on a 3x3x3 mean over the organ.

    Fat (renal sinus, a fissure) is a region near -100 HU whose mean stays below `FAT_HU`; the voxels of a lesion near
    fat HU that noise takes below it are scattered, and their mean is the lesion's.
    """
    ring = ndimage.binary_dilation(lesion, _CUBE) & ~lesion & organ
    if not ring.any():
        return False
    return float(np.mean(local_mean(ct, organ)[0][ring] < FAT_HU)) > MAX_FAT_RING  # over the organ: not the fat outside


def conspicuous(lesions: np.ndarray, ct: np.ndarray, tissue: np.ndarray, sigmas: float = CONSPICUITY_SIGMAS,
                voxel_ml: float | None = None, spacing: Any = None) -> np.ndarray:
    """The lesions whose median stands off the rest of the organ's (see the module docstring's conspicuity gate).

    The spread is that of a lesion-sized region's mean, not of single voxels: the robust standard deviation of the
    parenchyma's 3x3x3 means (`lesion_scale_spread`), which holds the texture and the correlated part of the noise
    (they do not average away) but only a fifth of white noise (which a lesion's median does divide away); a lesion
    of fewer than 27 voxels is held to `sqrt(27 / voxels)` times it. `sigmas` 0 for a bimodal organ (renal cortex and
    medulla make the spread, not the noise). Given `voxel_ml`, a darker lesion of `FAINT_LARGE_ML` or more needs only
    `MIN_CONTRAST_HU` and `FAINT_LARGE_SIGMAS` spreads (`faint_floor`), except in a bimodal organ (`sigmas` 0: a kidney's
    medulla reads a little darker than its level over many mL). A tube (`is_tube`, in mm given `spacing`) is exempt:
    a vessel the organ wraps around, which `vessels_out` takes out.
    """
    parenchyma = tissue & ~lesions
    if np.count_nonzero(parenchyma) < 27 or not lesions.any():
        return lesions
    level = float(np.median(ct[parenchyma]))
    spread = lesion_scale_spread(ct, parenchyma)
    labels, n = cc3d.connected_components(lesions, connectivity=26, return_N=True)
    stats = cc3d.statistics(labels)
    keep = []
    for label in range(1, n + 1):
        voxels = int(stats["voxel_counts"][label])
        least = max(MIN_CONSPICUITY_HU, sigmas * spread * math.sqrt(max(1.0, 27.0 / max(voxels, 1))))
        median = float(np.median(ct[labels == label]))
        if voxel_ml is not None and sigmas > 0 and median < level and voxels * voxel_ml >= FAINT_LARGE_ML:
            least = faint_floor(spread)
        if abs(median - level) >= least or is_tube(stats["bounding_boxes"][label], spacing):
            keep.append(label)
    return np.isin(labels, keep)


FAINT_LARGE_ML = 1.5
"""A darker region this large (a 14 mm ball) is judged on a lower floor: its median divides noise and texture
further, and darker regions of a lesion's size inside an organ are lesions (on a foreign generator's steatotic livers,
four 19-31 mm lesions read 13-14 HU below a parenchyma whose lesion-scale spread was 2-3 HU, under the 15 HU floor)."""
FAINT_LARGE_SIGMAS = 4.0


def faint_floor(spread: float) -> float:
    """The least darkness (HU) of a large darker region (`FAINT_LARGE_ML`): `MIN_CONTRAST_HU`, the search's own core
    floor, and `FAINT_LARGE_SIGMAS` lesion-scale spreads."""
    return max(MIN_CONTRAST_HU, FAINT_LARGE_SIGMAS * spread)


def lesion_scale_spread(ct: np.ndarray, parenchyma: np.ndarray) -> float:
    """Robust SD (HU) of the parenchyma's 3x3x3 means where the whole neighbourhood is parenchyma; the single
    voxels' robust SD when fewer than 27 such neighbourhoods exist (an organ too thin to hold one)."""
    mean, count = local_mean(ct, parenchyma)
    whole = parenchyma & (count >= 26.5)
    values = mean[whole] if np.count_nonzero(whole) >= 27 else ct[parenchyma]
    return 1.4826 * float(np.median(np.abs(values - np.median(values))))


def is_tube(box: tuple[slice, slice, slice], spacing: Any = None) -> bool:
    """Longer head to foot than `TUBE_RATIO` times its width, in mm (`spacing`; None: cubic voxels): a vessel the organ
    wraps around (the IVC in the liver's bare area, a few HU off the parenchyma), left for `vessels_out` to take out.

    In mm, not voxels: on a coarse grid of 1.9 x 1.9 x 1.25 mm a blob of texture 1.5 times as tall as wide counted
    2.2 voxels to 1, passed the conspicuity gate as a tube, and `vessels_out` (in mm) left it as a 12.6 mL liver
    'lesion' 10 HU below the parenchyma (suite AP, a lesion-free liver with 5 HU texture).
    """
    extent = np.array([b.stop - b.start for b in box], dtype=np.float64)
    if spacing is not None:
        extent = extent * np.asarray(spacing, dtype=np.float64)
    return bool(extent[2] >= TUBE_RATIO * max(extent[0], extent[1]))


def _pad(box: tuple[slice, ...], shape: tuple[int, ...], pad: int) -> tuple[slice, slice, slice]:
    out = tuple(slice(max(b.start - pad, 0), min(b.stop + pad, n)) for b, n in zip(box, shape, strict=True))
    return out  # type: ignore[return-value]


def _grow(ct: np.ndarray, mean: np.ndarray, organ: np.ndarray, core: np.ndarray, level: float, noise: float,
          rim: bool = False) -> np.ndarray:
    """A core's full extent: voxels near it past the midpoint between parenchyma and lesion.

    `rim`: the organ has a second, brighter level at its edge (renal cortex), which an in-plane mean
    pulls into a faint lesion's border; the 3x3 median is consulted there too.

    The core overshoots the lesion (the local mean of a boundary voxel is pulled toward it), so
    the lesion's level is first read on its deepest voxels, then re-read on the region found.
    """
    near = ndimage.binary_dilation(core, structure=np.ones((3, 3, 3), dtype=bool), iterations=2) & organ
    darker = float(np.median(mean[core])) < level
    region, lesion_hu = core, float(np.percentile(mean[core], 10 if darker else 90))  # deepest voxels: least blurred
    box = tuple(slice(max(int(a.min()) - 1, 0), int(a.max()) + 2) for a in np.nonzero(near))
    # In-plane 3x3 median with the organ's outside set to parenchyma: keeps edges, never pulls in fat.
    median = np.full(ct.shape, level, dtype=np.float32)
    median[box] = ndimage.median_filter(np.where(organ[box], ct[box], np.float32(level)), size=(3, 3, 1), mode="nearest")
    # Faint lesions: an in-plane 5x5 mean (slices are often thicker than pixels: a 3D mean smears them away).
    planar = np.full(ct.shape, level, dtype=np.float32)
    planar[box] = ndimage.uniform_filter(np.where(organ[box], ct[box], np.float32(level)), size=(5, 5, 1), mode="nearest")
    for _ in range(2):
        midpoint = (level + lesion_hu) / 2
        contrast = abs(lesion_hu - level) / noise
        values = ct if contrast >= RAW_CONTRAST_SIGMAS else median if contrast >= MEDIAN_CONTRAST_SIGMAS else planar
        beyond = near & ((values < midpoint) if darker else (values > midpoint))
        if values is planar and rim:  # the 5x5 mean mixes in the brighter rim (renal cortex); a 3x3 median less
            beyond |= near & ((median < midpoint) if darker else (median > midpoint))
            beyond = ndimage.binary_opening(beyond, structure=_CROSS) | (beyond & core)
        if values is median:  # a median leaves one-voxel spurs on a noisy edge: open in-plane
            beyond = ndimage.binary_opening(beyond, structure=_CROSS) | (beyond & core)
        labels = cc3d.connected_components(beyond, connectivity=26)
        keep = np.unique(labels[core])
        region = np.isin(labels, keep[keep > 0])
        if not region.any():
            break
        lesion_hu = float(np.median(ct[region]))
    return region


TUBE_RATIO = 2.0
"""A 'lesion' at least this many times longer (head to foot) than it is wide is a vessel the organ wraps around."""


def vessels_out(lesions: np.ndarray, organs: dict[str, np.ndarray], spacing: np.ndarray) -> np.ndarray:
    """The liver's 'lesions' that are a vessel it wraps around (the IVC in the bare area), taken out of the liver.

    A tube: its head-to-foot extent is at least `TUBE_RATIO` times its widest in-plane extent. When the IVC
    was not found, the largest such tube is the IVC; any other tube leaves the liver. Returns the lesions left.
    """
    labels, n = cc3d.connected_components(lesions, connectivity=26, return_N=True)
    if n == 0:
        return lesions
    stats = cc3d.statistics(labels)
    tubes = [label for label in range(1, n + 1) if is_tube(stats["bounding_boxes"][label], spacing)]
    if not tubes:
        return lesions
    vessels = np.isin(labels, tubes)
    if "liver" in organs:
        organs["liver"] = organs["liver"] & ~vessels
    if "postcava" not in organs or not organs["postcava"].any():
        largest = max(tubes, key=lambda label: int(stats["voxel_counts"][label]))
        organs["postcava"] = labels == largest
    return lesions & ~vessels


ENCLOSED_REACH_MM = 12.0
"""Radius of the in-plane closing that draws an organ's outline over a lesion its band left out (a lesion of 10-25 mm
at the surface leaves a bite about its own radius deep)."""
ENCLOSED_SHARE = 0.65
"""Least share of a left-out piece's ring on the organ: a lesion the organ surrounds, not a neighbour it touches (the
gall bladder in its fossa read 0.60-0.63 on phantoms, lesions the liver band left out 0.66-0.89)."""


def enclosed_lesions(ct: np.ndarray, organ: np.ndarray, taken: np.ndarray, level: float, voxel_ml: float,
                     spacing: np.ndarray) -> np.ndarray:
    """Pieces the organ's drawing left out that its outline encloses and that read darker than it: its lesions.

    An organ drawn by an HU band around its level leaves out a lesion far from that level; where the lesion lies at
    the surface, or the band's holes were not filled, nothing later looks there, and the organ reads lesion-free
    (the suites' missed 15-35 mm liver lesions at -25 to -45 HU lay wholly or four-fifths outside the liver mask).
    A piece counts when it lies in the organ's in-plane closing by `ENCLOSED_REACH_MM`, belongs to no other structure
    (`taken`), is not fat, lies `MIN_CONSPICUITY_HU` or more below the level (brighter pieces enclosed by an enhanced
    liver are its vessels, which its band leaves out too), holds `MIN_LESION_ML` and has at least
    `ENCLOSED_SHARE` of its ring on the organ.

    Args:
        ct: HU on the coarse grid.
        organ: The organ mask drawn.
        taken: Every other structure's mask (never handed to this organ).
        level: The organ's parenchymal level (HU).
        voxel_ml: Volume of a voxel (mL).
        spacing: Voxel size (mm).

    Returns:
        The pieces to add to the organ (a mask on the grid).
    """
    box = box_of(organ, int(math.ceil(ENCLOSED_REACH_MM / float(min(spacing[:2])))) + 1)
    out = np.zeros(organ.shape, dtype=bool)
    if box is None:
        return out
    r = np.maximum(np.rint(ENCLOSED_REACH_MM / spacing[:2]), 1).astype(int)
    yy, xx = np.mgrid[-r[0]:r[0] + 1, -r[1]:r[1] + 1]
    disc = ((yy * spacing[0]) ** 2 + (xx * spacing[1]) ** 2 <= ENCLOSED_REACH_MM**2)[:, :, None]
    local = organ[box]
    outline = ndimage.binary_closing(local, structure=disc) | local
    outline = np.stack([ndimage.binary_fill_holes(outline[:, :, k]) for k in range(outline.shape[2])], axis=2)
    candidates = outline & ~local & ~taken[box] & (ct[box] > FAT_HU) & (ct[box] <= level - MIN_CONSPICUITY_HU)
    labels, n = cc3d.connected_components(candidates, connectivity=6, return_N=True)
    if n == 0:
        return out
    min_voxels = max(2, int(math.ceil(MIN_LESION_ML / voxel_ml)))
    sizes = np.bincount(labels.ravel())
    for label in np.flatnonzero(sizes >= min_voxels):
        if label == 0:
            continue
        piece = labels == label
        ring = ndimage.binary_dilation(piece, _CUBE) & ~piece
        if ring.any() and float(np.mean(local[ring])) >= ENCLOSED_SHARE:
            out[box] |= piece
    return out


UNENHANCED_NONE = ("an unenhanced scan: liver and pancreatic lesions are often within 10-15 HU of the parenchyma "
                   "without contrast, so finding none does not rule one out")
"""Why an empty liver or pancreas lesion mask is not written on an unenhanced scan (found lesions still are): lesion
detection and characterisation in the liver and pancreas rest on contrast enhancement (ACR Appropriateness Criteria,
liver lesion characterisation; a hypovascular metastasis or ductal adenocarcinoma is near-isoattenuating unenhanced)."""
UNENHANCED_UNKNOWN = ("liver_tumor", "pancreas_tumor")


def unenhanced_unknown(organs: dict[str, np.ndarray], notes: dict[str, object]) -> None:
    """On an unenhanced scan, move each empty mask of `UNENHANCED_UNKNOWN` to `notes['not_found']` (in place)."""
    if notes.get("phase") != "unenhanced":
        return
    for name in UNENHANCED_UNKNOWN:
        if name in organs and not organs[name].any():
            del organs[name]
            notes.setdefault("not_found", {})[name] = UNENHANCED_NONE  # type: ignore[union-attr]


def take_enclosed(ct: np.ndarray, organs: dict[str, np.ndarray], notes: dict[str, Any], voxel_ml: float,
                  spacing: np.ndarray, body: np.ndarray) -> None:
    """The darker pieces the liver's outline encloses but its drawing left out join the liver (`enclosed_lesions`;
    in place), where its lesions are then looked for. Not on an unenhanced scan: there the pancreas, the vessels and
    bowel all read darker than the liver, and a piece of them in its outline is no lesion."""
    levels = notes.get("levels_hu", {})
    if "liver" not in organs or "liver" not in levels or notes.get("phase") == "unenhanced":
        return
    taken = ~body
    for name, mask in organs.items():
        if name != "liver":
            taken = taken | mask
    organs["liver"] = organs["liver"] | enclosed_lesions(ct, organs["liver"], taken, float(levels["liver"]), voxel_ml,
                                                         spacing)
