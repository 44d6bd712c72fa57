"""Label fusion of the atlas segmenter: the atlases' vote as a spatial prior, this image's own HU as the likelihood.

The warped atlas labels give, per organ, the share of atlases that put each voxel in it (`shares`). A plain majority
vote keeps the registration's error at every boundary (a few mm, organs abutting at 5-20 HU of contrast). So each
voxel of the image's own grid takes the class with the largest prior x likelihood:

- prior: the organ's vote share, smoothed by `PRIOR_SIGMA_MM` (the boundary may move by about that much), and for
  the background 1 minus their sum;
- likelihood: a Gaussian of the locally averaged HU (3 x 3 x 3) about the organ's own median, read on the voxels most
  atlases agree on (share >= `CORE_SHARE`), spread 1.4826 x MAD (at least `MIN_SIGMA_HU`). Median and spread are
  read per case, so no generator's or phase's HU is assumed. The stomach (gas, fluid and wall), the kidneys (cortex
  and medulla 30-80 HU apart when enhanced: no one Gaussian) and the background have a flat likelihood `FLAT`.

Then each organ keeps voxels in its generous HU range (`ORGAN_HU`), its largest 26-connected piece, and its holes
filled (a lesion inside the organ, which the Gaussian rejects, is the organ's again).
"""

from __future__ import annotations

import math

import cc3d
import fill_voids
import numpy as np
from scipy import ndimage

ORGAN_HU: dict[str, tuple[float, float]] = {
    "liver": (-40.0, 300.0), "spleen": (-20.0, 300.0), "kidney_left": (-30.0, 400.0), "kidney_right": (-30.0, 400.0),
    "pancreas": (-40.0, 300.0), "aorta": (-10.0, 600.0), "postcava": (-10.0, 400.0), "stomach": (-1100.0, 400.0),
    "gall_bladder": (-30.0, 120.0),
}
"""Generous HU range each organ keeps: fat (below about -50), air and bone leave it; the stomach keeps its gas. Wide
enough for unenhanced, portal and arterial phases, fatty livers and lesions (cysts near 0 HU)."""
CORE_SHARE = 0.75
MIN_SIGMA_HU = 10.0
FLAT = 1.0 / (math.sqrt(2.0 * math.pi) * 60.0)
"""Likelihood of any HU under a class without an intensity model: a Gaussian's peak at 60 HU of spread, so an organ
claims a voxel of equal prior within about 2.6 of its own sigmas (sigma 15 HU)."""
FLAT_LIKELIHOOD = ("stomach", "kidney_left", "kidney_right")
MIN_ORGAN_ML = 1.0


def label(shares: dict[str, np.ndarray], ct: np.ndarray, voxel_ml: float) -> tuple[dict[str, np.ndarray], dict[str, dict]]:
    """Organ masks from vote shares and HU, and per organ the intensity model read (median, sigma, core voxels).

    Args:
        shares: organ -> vote share (0-1, float32) on the image's grid, already smoothed.
        ct: HU on that grid.
        voxel_ml: volume of one voxel (mL).
    """
    names = [name for name in shares if shares[name].max() > 0]
    if not names:
        return {}, {}
    box = _box(np.logical_or.reduce([shares[n] > 0.05 for n in names]))
    sm = ndimage.uniform_filter(ct[box].astype(np.float32), size=3)
    best = (1.0 - np.minimum(sum(shares[n][box] for n in names), 1.0)) * FLAT  # background
    winner = np.zeros(best.shape, dtype=np.uint8)
    models: dict[str, dict] = {}
    for n, name in enumerate(names):
        prior = shares[name][box]
        low, high = ORGAN_HU[name]
        if name in FLAT_LIKELIHOOD:
            score = prior * FLAT
        else:
            core = (prior >= CORE_SHARE) & (sm >= low) & (sm <= high)
            if np.count_nonzero(core) < 20:
                core = (prior >= 0.5) & (sm >= low) & (sm <= high)
            if np.count_nonzero(core) < 20:
                continue
            values = sm[core]
            median = float(np.median(values))
            sigma = max(1.4826 * float(np.median(np.abs(values - median))), MIN_SIGMA_HU)
            models[name] = {"median_hu": round(median, 1), "sigma_hu": round(sigma, 1), "core_voxels": int(core.sum())}
            score = prior * np.exp(-0.5 * ((sm - median) / sigma) ** 2) / (math.sqrt(2.0 * math.pi) * sigma)
        score[(sm < low) | (sm > high)] = 0.0
        take = score > best
        best[take], winner[take] = score[take], n + 1
    organs = {}
    for n, name in enumerate(names):
        mask = winner == n + 1
        if not mask.any():
            continue
        mask = cc3d.largest_k(mask, k=1, connectivity=26) > 0
        mask = fill_voids.fill(mask)
        if np.count_nonzero(mask) * voxel_ml < MIN_ORGAN_ML:
            continue
        full = np.zeros(ct.shape, dtype=bool)
        full[box] = mask
        organs[name] = full
    return organs, models


def _box(mask: np.ndarray) -> tuple[slice, slice, slice]:
    if not mask.any():
        return slice(0, 0), slice(0, 0), slice(0, 0)
    hits = [np.flatnonzero(mask.any(axis=tuple(a for a in range(3) if a != axis))) for axis in range(3)]
    return slice(int(hits[0][0]), int(hits[0][-1]) + 1), slice(int(hits[1][0]), int(hits[1][-1]) + 1), \
        slice(int(hits[2][0]), int(hits[2][-1]) + 1)
