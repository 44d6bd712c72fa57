"""Lesions that are a neighbour cut off by the holder's drawing, and crumbs of a lesion mask.

A lesion is a contained structure: it lies in its organ, or bulges from it into fat. When an organ's drawing leaks
into a neighbour (a registered atlas's liver laid over the stomach's fluid, its pancreas over the gall bladder, a
kidney over the spleen or the liver), the part of the neighbour inside the drawing reads as a lesion at the
neighbour's HU, and the neighbour goes on outside the drawing at that same HU. So a lesion piece whose own level
continues outside its holder, over more volume than the piece itself within `REACH_MM`, is the neighbour's tissue
(`leaks_out`); so is a piece with little of the holder around it (`MIN_HELD`). On the multi-atlas backend's material (session 16: randomised phantoms, 12 cases) this was 5 of the
9 false lesions of ``ORG_016101`` (stomach fluid in the liver, the gall bladder in the pancreas) and the liver and
spleen read as kidney tumours in ``ORG_016102``.

A true lesion the search joined to such a neighbour (one region at nearly one HU: an unenhanced scan's lesion at 33 HU
and a neighbour at 41 HU the liver's drawing took in) is not dropped with it: the piece's necks are cut by an in-plane
opening, and a core of a lesion's size lying well inside the holder, away from where the level goes on outside, stays
(`_held_cores`; on a foreign generator's unenhanced phantom a 27 mm liver lesion went with the neighbour it touched).

Pieces below `MIN_PIECE_ML` are crumbs left where a coarse-grid lesion is clipped to an organ's finer edge.

Runs on the image's grid, in each piece's box, from `lesion_search.vouch` (both embedded backends).
"""

from __future__ import annotations

from typing import Any

import cc3d
import numpy as np
from scipy import ndimage

from agents.segmenters.classical_lesion_shapes import ellipsoid_fill

HOLDERS = {"liver_tumor": ("liver",), "kidney_tumor": ("kidney_left", "kidney_right"),
           "kidney_cyst": ("kidney_left", "kidney_right"), "pancreas_tumor": ("pancreas",)}
REACH_MM = 20.0
"""How far outside its holder a lesion piece's level is followed."""
LEVEL_HU = 15.0
"""A voxel outside the holder continues the piece when its 3x3x3 mean is within this of the piece's median HU."""
MIN_PIECE_ML = 0.18
"""Smallest lesion piece kept (mL): the classical search's own smallest lesion (a sphere of about 7 mm)."""
SHELL_MM = 3.0
MIN_HELD = 0.2
"""Least share of a piece's surrounding shell (`SHELL_MM` thick) inside its holder: a lesion lies in its organ or
bulges from it, so at least part of it is wrapped in the organ; a piece wrapped in a fifth or less is a spur of the
holder's drawing (session 16: false pieces 0.07-0.19, true lesions 0.41-1.0, the lowest an exophytic renal cyst). A
ball (`BALL_FILL`, `BALL_AXES`) against the organ's own tissue over at least `BALL_MIN_HELD` of its shell stays: an
exophytic lesion bulges mostly out of its organ (suite AC, a foreign generator's phantoms: a 43 mm renal cyst with
0.19 of its shell in the kidney); a blob the drawing reaches through fat touches no parenchyma."""
BALL_FILL = 0.85
"""Least `ellipsoid_fill` of a piece held by less than `MIN_HELD` of its shell for it to stay (a lesion bulging out)."""
BALL_AXES = 2.0
"""Largest ratio of its longest to its shortest axis for such a piece (a ball or a plump oval)."""
BALL_MIN_HELD = 0.1
"""Least share of such a ball's shell in its holder's tissue (the holder's voxels above `TISSUE_HU`)."""
TISSUE_HU = -40.0
"""Fat lies below this; the holder's drawing over fat is no parenchyma."""
OUTSIDE = ("a {name} piece of {volume:.1f} mL has only {share:.0%} of its surroundings in the {holder}: a spur of the "
           "organ's drawing, not a lesion")
LEAK = ("a {name} piece of {volume:.1f} mL at {hu:.0f} HU continues outside the {holder} at that level over "
        "{outside:.1f} mL: a neighbour inside the {holder}'s drawing, not a lesion")


def leaks_out(arrays: dict[str, np.ndarray], ct: np.ndarray, spacing: Any, details: dict[str, Any]) -> None:
    """Removes, in place, lesion pieces that are a neighbour's tissue or crumbs (module docstring); each drop of a
    neighbour is recorded in ``details["lesions_dropped"]``.

    Args:
        arrays: name -> bool mask on the image grid (lesion masks and their holders' masks).
        ct: HU on that grid.
        spacing: voxel size (mm), 3 values.
    """
    step = np.asarray(spacing, dtype=np.float64)
    voxel_ml = float(np.prod(step)) / 1000.0
    reach = np.maximum(np.ceil(REACH_MM / step).astype(int), 1)
    for name, holder_names in HOLDERS.items():
        mask = arrays.get(name)
        if mask is None or not mask.any():
            continue
        holder = np.zeros(ct.shape, dtype=bool)
        for organ in holder_names:
            if organ in arrays:
                holder |= arrays[organ].astype(bool)
        holder |= mask
        labels, n = cc3d.connected_components(mask, connectivity=26, return_N=True)
        stats = cc3d.statistics(labels)
        drop: list[int] = []
        held_back: list[tuple[tuple[slice, ...], np.ndarray]] = []
        for label in range(1, n + 1):
            size = int(stats["voxel_counts"][label])
            if size * voxel_ml < MIN_PIECE_ML:
                drop.append(label)
                continue
            box = tuple(slice(max(int(s.start) - int(r), 0), min(int(s.stop) + int(r), dim))
                        for s, r, dim in zip(stats["bounding_boxes"][label], reach, ct.shape, strict=True))
            piece = labels[box] == label
            shell = (ndimage.distance_transform_edt(~piece, sampling=step) <= SHELL_MM) & ~piece
            held = float(np.mean(holder[box][shell])) if shell.any() else 1.0
            if held < MIN_HELD and not (ball_like(piece, step) and float(np.mean(
                    (holder[box] & (ct[box] > TISSUE_HU))[shell])) >= BALL_MIN_HELD):
                drop.append(label)
                details.setdefault("lesions_dropped", []).append(OUTSIDE.format(
                    name=name.replace("_", " "), volume=size * voxel_ml, share=held,
                    holder=" or ".join(h.replace("_", " ") for h in holder_names)))
                continue
            hu = float(np.median(ct[box][piece]))
            level = np.abs(ndimage.uniform_filter(ct[box].astype(np.float32), size=3) - hu) <= LEVEL_HU
            grown = cc3d.connected_components(piece | (level & ~holder[box]), connectivity=6)
            ids = np.unique(grown[piece])
            outside = int(np.count_nonzero(np.isin(grown, ids[ids > 0]) & ~holder[box]))
            if outside > size:
                drop.append(label)
                continuing = np.isin(grown, ids[ids > 0]) & ~holder[box]
                kept = _held_cores(piece, continuing, step, voxel_ml)
                if kept.any():  # goes back once its piece's label is dropped
                    held_back.append((box, kept))
                details.setdefault("lesions_dropped", []).append(LEAK.format(
                    name=name.replace("_", " "), volume=size * voxel_ml, hu=hu, outside=outside * voxel_ml,
                    holder=" or ".join(h.replace("_", " ") for h in holder_names)) + (
                    f"; a core of {np.count_nonzero(kept) * voxel_ml:.1f} mL well inside it stays a lesion" if kept.any()
                    else ""))
        if drop:
            arrays[name] = mask & ~np.isin(labels, drop)
            for box, kept in held_back:
                arrays[name][box] |= kept


def ball_like(piece: np.ndarray, step: np.ndarray) -> bool:
    """Whether a piece is round enough to be a lesion bulging from its organ (`BALL_FILL`, `BALL_AXES`)."""
    fill, axes, _ = ellipsoid_fill(piece, step)
    return fill >= BALL_FILL and axes <= BALL_AXES


NECK_MM = 4.0
"""Radius of the in-plane opening that cuts a lesion from the neighbour it was joined to (a neck a few mm wide)."""
HELD_CORE_MM = 5.0
"""Least distance (mm) from a core to where the piece's level goes on outside the holder for the core to be a lesion
of its own (on the phantom above: the lesion's core 10.6 mm away, the neighbour's 0.6 mm)."""
HELD_CORE_ML = 0.5
"""Least volume of such a core (a 10 mm ball): smaller pieces are the neighbour's crumbs."""


def _held_cores(piece: np.ndarray, continuing: np.ndarray, step: np.ndarray, voxel_ml: float) -> np.ndarray:
    """The parts of a leaked piece that are lesions of the holder: the cores left by an in-plane opening by `NECK_MM`
    that hold `HELD_CORE_ML` and lie `HELD_CORE_MM` or more from `continuing` (the level's continuation outside the
    holder), each grown back over the piece by the opening's radius. Empty when none."""
    radius = np.maximum(np.floor(NECK_MM / step[:2]), 1).astype(int)
    yy, xx = np.mgrid[-radius[0]:radius[0] + 1, -radius[1]:radius[1] + 1]
    disc = ((yy * step[0]) ** 2 + (xx * step[1]) ** 2 <= NECK_MM**2)[:, :, None]
    labels, n = cc3d.connected_components(ndimage.binary_opening(piece, structure=disc), connectivity=6, return_N=True)
    keep = np.zeros(piece.shape, dtype=bool)
    if n == 0 or not continuing.any():
        return keep
    away = ndimage.distance_transform_edt(~continuing, sampling=step)
    sizes = np.bincount(labels.ravel(), minlength=n + 1)
    for label in np.flatnonzero(sizes * voxel_ml >= HELD_CORE_ML):
        if label and float(away[labels == label].min()) >= HELD_CORE_MM:
            keep |= labels == label
    return ndimage.binary_dilation(keep, structure=disc) & piece if keep.any() else keep
