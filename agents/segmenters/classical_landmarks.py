"""Landmarks of the classical segmenter's landmark stage: body centre and scale, spine, depth below the outline,
bone.

Canonical RAS: i toward the patient's right (from the header), j anterior, k superior.
"""

from __future__ import annotations

from dataclasses import dataclass

import cc3d
import fill_voids
import numpy as np
from scipy import ndimage

from agents.segmenters.classical_spine import vertebral_column

STANDARD_HALF_WIDTH_MM = 165.0
BONE_LOW_HU, BONE_HIGH_HU = 180.0, 350.0
FAT_HU = -30.0
NOISE_FLOOR_HU = 1.0
"""The least noise the level bands allow for (HU)."""


@dataclass(frozen=True)
class Landmarks:
    """Where the patient is, in mm of the canonical grid."""

    centre: np.ndarray
    """Body centre (x, y) mm."""
    scale: float
    """Body half width / 165 mm."""
    spine: np.ndarray | None
    """Vertebral body centre (x, y) mm (`classical_spine`: from the body outline when no vertebra is seen)."""
    depth_mm: np.ndarray
    """Per voxel, in-slice distance from the body outline (mm)."""
    fat_mm: float
    """Median subcutaneous fat thickness (mm)."""
    spine_source: str = "vertebra"
    """Where `spine` comes from: "vertebra" (seen) or "body outline" (placed by the outline's geometry)."""
    muscle_mm: float | None = None
    """Median depth of the wall muscle's inner edge (mm), where the fat around the bowel and organs begins; None: not
    seen."""


def smooth(ct: np.ndarray, spacing: np.ndarray) -> np.ndarray:
    """In-plane 3x3 median, then a Gaussian of about 1.5 mm (at most 1.5 voxels, less across thick slices)."""
    out = ndimage.median_filter(ct, size=(3, 3, 1))
    sigma = np.clip(1.5 / spacing, 0.3, 1.5)
    return ndimage.gaussian_filter(out, sigma=sigma).astype(np.float32)


def landmarks(ct: np.ndarray, sm: np.ndarray, body: np.ndarray, spacing: np.ndarray) -> Landmarks:
    """Body centre and scale, spine (`classical_spine.vertebral_column` on the unsmoothed `ct`: a smoothed cortex
    falls below bone's level), depth from the outline and subcutaneous fat thickness."""
    ij = np.argwhere(body.any(axis=2))
    lo, hi = ij.min(axis=0) * spacing[:2], ij.max(axis=0) * spacing[:2]
    centre, half = (lo + hi) / 2, max((hi[0] - lo[0]) / 2, 1.0)
    scale = half / STANDARD_HALF_WIDTH_MM
    depth = np.zeros(body.shape, dtype=np.float32)
    for k in range(body.shape[2]):
        if body[:, :, k].any():
            depth[:, :, k] = ndimage.distance_transform_edt(body[:, :, k], sampling=spacing[:2])
    fat_mm, muscle_mm = wall_layers_mm(sm, body, depth, scale, spacing)
    column = vertebral_column(ct, body, spacing)
    return Landmarks(centre, scale, column.centre_mm, depth, fat_mm, column.source, muscle_mm)


SKIN_MM, FAT_BAND_MM, MIN_FAT_MM = 3.0, 40.0, 2.0
"""The skin and its partial volume at the outline; how deep (standard body) subcutaneous fat is looked for; the least
thickness reported (the skin and the outline's own partial volume)."""


def wall_layers_mm(sm: np.ndarray, body: np.ndarray, depth: np.ndarray, scale: float,
                   spacing: np.ndarray) -> tuple[float, float | None]:
    """Median depths (mm) of the subcutaneous fat's inner edge and of the wall muscle's below it (None: not seen).

    From the outline inwards, each depth is fat where fat fills half or more of its voxels. Subcutaneous fat is the run
    of fat depths that starts at the skin (`SKIN_MM`); the wall muscle is the run of other depths after it, up to where
    fat fills half the voxels again (the fat around the bowel and organs). A lean patient's wall muscle reaches the
    outline: the fat inside it is not subcutaneous (its share of the outer band, read as subcutaneous fat, had taken the
    wall 20-30 mm into the organs touching it). Depth bins are a pixel or 1 mm wide, whichever is coarser, counted from
    the outline's own voxels; the fat is looked for within `FAT_BAND_MM` (standard body), the muscle within twice that.
    """
    band = body & (depth < 2.0 * FAT_BAND_MM * scale)
    if not band.any():
        return MIN_FAT_MM, None
    step = max(1.0, float(spacing[0]))
    bins = (np.maximum(depth[band] - float(spacing[0]), 0.0) / step).astype(np.int64)  # 0: the outline's own voxels
    counts = np.bincount(bins)
    fatty = (np.bincount(bins, weights=sm[band] < FAT_HU) >= 0.5 * counts) & (counts > 0)
    starts = np.flatnonzero(fatty[: int(np.ceil(SKIN_MM / step))])
    fat_end = 0  # muscle (or an organ) right under the skin: no subcutaneous fat
    if starts.size:
        ends = np.flatnonzero(~fatty[starts[0]:])
        fat_end = starts[0] + (ends[0] if ends.size else fatty.size - starts[0])
    fat_mm = float(np.clip(fat_end * step, MIN_FAT_MM, FAT_BAND_MM))
    again = np.flatnonzero(fatty[fat_end:])
    return fat_mm, (float((fat_end + again[0]) * step) if again.size else None)


def mode(values: np.ndarray, low: float, high: float) -> float | None:
    values = values[(values >= low) & (values <= high)]
    if values.size < 50:
        return None
    hist, edges = np.histogram(values, bins=np.arange(low, high + 2.0, 2.0))
    hist = np.convolve(hist, np.ones(5) / 5, mode="same")
    return float(edges[int(np.argmax(hist))] + 1.0)


APART_PEAK_SHARE = 0.2
"""Least height of a peak beside a neighbour's (`peak_apart`), as a share of the place's highest histogram bin."""


def peak_apart(values: np.ndarray, low: float, high: float, other: float, gap: float) -> float | None:
    """The level of a tissue beside a neighbour that fills much of its place: the highest peak within [low, high] HU,
    at least `gap` HU from `other` (the neighbour's level), once the neighbour's own peak is taken away; None if none.

    The neighbour's peak is taken to be symmetric: the counts on its far side, mirrored about `other`, are subtracted
    (a kidney 10-15 HU from a fatty or unenhanced liver is only a shoulder on the liver's peak). What is left must peak
    inside the band (not rise toward an end: a tissue beyond it) and reach `APART_PEAK_SHARE` of the place's highest
    bin. An organ within `gap` of its neighbour could not be drawn apart from it anyway."""
    span = high - low
    values = values[(values >= min(low, other - span)) & (values <= max(high, other + span))]
    if values.size < 50:
        return None
    edges = np.arange(other - span - 1.0, other + span + 3.0, 2.0)  # `other` at a bin's centre
    centres = edges[:-1] + 1.0
    hist = np.histogram(values, bins=edges)[0].astype(np.float64)
    mirrored = hist[::-1]  # the count at 2 * other - centre
    smooth = np.convolve(np.clip(hist - mirrored, 0.0, None), np.ones(3) / 3, mode="same")
    inside = np.flatnonzero((centres >= low) & (centres <= high))
    if inside.size < 3:
        return None
    peaks = [i for i in inside[1:-1] if smooth[i] >= smooth[i - 1] and smooth[i] >= smooth[i + 1] and smooth[i] > 0
             and abs(centres[i] - other) >= gap and smooth[i] >= APART_PEAK_SHARE * hist[inside].max()]
    return float(centres[max(peaks, key=lambda i: smooth[i])]) if peaks else None


def sided_mode(values: np.ndarray, opposite: np.ndarray, low: float, high: float, peak_share: float = 0.3) -> float | None:
    """The level of an organ that lies on one side only (the liver): among the histogram peaks of `values` (its
    place) within [low, high] HU at least `peak_share` of the highest, the one with most voxels more than the mirror
    place (`opposite`) holds. Tissue that fills both sides alike (ascites, bowel, a generator's background) then
    does not set the organ's level however much of its place it fills; with one peak this is `mode`."""
    values = values[(values >= low) & (values <= high)]
    if values.size < 50:
        return None
    bins = np.arange(low, high + 2.0, 2.0)
    smooth_counts = [np.convolve(np.histogram(v, bins=bins)[0], np.ones(5) / 5, mode="same") for v in (values, opposite)]
    here, there = smooth_counts
    peaks = [i for i in range(len(here)) if here[i] >= peak_share * here.max()
             and here[i] >= here[max(i - 1, 0)] and here[i] >= here[min(i + 1, len(here) - 1)]]
    best = max(peaks, key=lambda i: here[i] - there[i])
    return float(bins[best] + 1.0)


def bone_mask(ct: np.ndarray, body: np.ndarray) -> np.ndarray:
    """Hysteresis: regions above 180 HU that hold a voxel above 350 HU (cortex with its marrow).

    Only what lies next to cortex or inside it (per slice) stays: an enhanced kidney cortex or vessel at
    150-250 HU touching a rib or a vertebra belongs to its organ, not to the bone it touches.
    """
    labels = cc3d.connected_components(body & (ct > BONE_LOW_HU), connectivity=26)
    cortex = body & (ct > BONE_HIGH_HU)
    seeds = np.unique(labels[cortex])
    seeds = seeds[seeds > 0]
    if not seeds.size:
        return np.zeros(ct.shape, dtype=bool)
    near = ndimage.binary_dilation(cortex, structure=np.ones((3, 3, 1), dtype=bool))
    for k in np.flatnonzero(near.any(axis=(0, 1))):
        near[:, :, k] = fill_voids.fill(near[:, :, k])
    return np.isin(labels, seeds) & near


def residual_noise(ct: np.ndarray, sm: np.ndarray, inside: np.ndarray) -> float:
    """Noise left after smoothing: the robust spread of (raw - smoothed) inside, shrunk by the smoothing."""
    residual = (ct - sm)[inside]
    if residual.size == 0:
        return 5.0
    return float(np.clip(1.4826 * np.median(np.abs(residual - np.median(residual))) / 3.0, NOISE_FLOOR_HU, 15.0))


INTERIOR_DEPTH_MM, FAT_EDGE_MM, TISSUE_SPREAD_HU = 20.0, 4.0, 15.0


def distinct_tissues(ct: np.ndarray, body: np.ndarray, spacing: np.ndarray) -> bool:
    """Whether the body's interior (deeper than `INTERIOR_DEPTH_MM` from its outline) holds distinct soft tissues: the
    10th to 90th percentile of its soft-tissue HU (below 300 and `FAT_EDGE_MM` or more from fat or gas, after a 5x5
    in-plane mean that quiets noise) spans `TISSUE_SPREAD_HU` or more. Eight independent generators' phantoms span
    39-175 HU, the project's with their bone removed 19-64 (unenhanced to portal); one tissue with 5-20 HU of noise
    spans 3-11, with or without dense rods in it (`ct` HU on a canonical grid of `spacing` mm)."""
    depth = max(1, int(round(INTERIOR_DEPTH_MM / float(spacing[0]))))
    inner = ndimage.binary_erosion(body, structure=np.ones((3, 3, 1), dtype=bool), iterations=depth)
    mean = ndimage.uniform_filter(ct.astype(np.float32), size=(5, 5, 1))
    fat_edge = ndimage.binary_dilation(mean <= -30.0, structure=np.ones((3, 3, 1), dtype=bool),
                                       iterations=max(1, int(np.ceil(FAT_EDGE_MM / float(spacing[0])))))
    soft = mean[inner & ~fat_edge & (mean < 300.0)]  # not the partial volume at fat or gas edges
    if soft.size < 100:
        return False
    low, high = np.percentile(soft, [10, 90])
    return float(high - low) >= TISSUE_SPREAD_HU
