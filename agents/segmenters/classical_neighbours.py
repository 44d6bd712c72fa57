"""Lesions that are a neighbour's tissue: a touching organ's piece the holder's drawing took in is handed back.

A 'lesion' that reads at another organ's level (or within a kidney's own range, medulla to cortex) and lies on that
organ or at its holder's edge is that organ's tissue (a kidney's band reaching into the spleen; the upper pole's
cortex inside the liver's drawing, reading as a hyperattenuating liver lesion): it goes back to the neighbour (when
it touches it) and is no lesion. A piece at its holder's edge that touches no such organ is handed back only when that
organ lies within `NEAR_MM` of it: the far side of the abdomen holds no tissue of this piece (on a foreign generator's
phantom a 22 mm hypodense liver lesion at the drawn liver's edge read at the spleen's level and went 'back' to a spleen
on the other side of the body). Canonical RAS on the coarse grid of the landmark stage (`classical_anatomy`).
"""

from __future__ import annotations

from collections.abc import Mapping

import cc3d
import numpy as np
from scipy import ndimage

from agents.segmenters.classical_morphology import box_of

SAME_TISSUE_HU, MIN_CONTACT = 10.0, 0.3
"""A lesion whose median lies within this (or two noise SDs) of a touching organ's level is that organ's tissue, when
it touches it over `MIN_CONTACT` of its rim (a cyst bulging from a kidney only grazes a fatty liver)."""
NEAR_MM = 10.0
"""Farthest an organ may lie from a piece that does not touch it for the piece to be that organ's tissue (a band of
the holder's drawing reaching towards it, with partial volume between)."""
LESION_HOLDERS = {"liver_tumor": ("liver",), "kidney_tumor": ("kidney_left", "kidney_right"),
                  "kidney_cyst": ("kidney_left", "kidney_right"), "pancreas_tumor": ("pancreas",)}
_CUBE = np.ones((3, 3, 3), dtype=bool)


def neighbour_tissue(lesions: dict[str, np.ndarray], organs: dict[str, np.ndarray], ct: np.ndarray,
                     levels: Mapping[str, float], noise: float, spacing: np.ndarray | None = None) -> list[str]:
    """Hand each lesion that is a touching organ's tissue back to that organ (see the module docstring).

    Args:
        lesions: Lesion mask name -> mask; pieces handed back are removed (in place).
        organs: Organ masks; the holder loses the piece and the neighbour gains it (in place).
        ct: HU on the same grid.
        levels: Each organ's parenchymal level (HU) read in this case; organs without one are not judged.
        noise: Noise SD left after smoothing (HU).
        spacing: Voxel size (mm); None judges a piece that touches no organ by its holder's edge alone.

    Returns:
        One line per piece handed back (for the segmenter's details).
    """
    notes = []
    gap = max(SAME_TISSUE_HU, 2.0 * noise)
    bands: dict[str, tuple[float, float]] = {}
    for name, mask in lesions.items():
        holders = LESION_HOLDERS.get(name, ())
        labels, n = cc3d.connected_components(mask, connectivity=26, return_N=True)
        for label in range(1, n + 1):
            box = box_of(labels == label, 2)
            assert box is not None
            piece = labels[box] == label
            ring = ndimage.binary_dilation(piece, _CUBE) & ~piece
            median = float(np.median(ct[box][piece]))
            held = np.zeros(piece.shape, dtype=bool)
            for holder in holders:
                if holder in organs:
                    held |= organs[holder][box]
            open_share = float(np.mean(~held[ring])) if ring.any() else 0.0
            for other, level in levels.items():
                if other in holders or other not in organs or level < -500:
                    continue
                touching = np.count_nonzero(organs[other][box] & ring) >= MIN_CONTACT * np.count_nonzero(ring)
                if abs(median - level) >= gap and not (touching and _within_band(ct, organs[other], other, median,
                                                                                 gap, bands)):
                    continue
                if not touching and open_share < MIN_CONTACT:  # neither on that organ nor at its holder's edge
                    continue
                if not touching and spacing is not None and not _near(labels == label, organs[other], spacing):
                    continue
                mask[box] &= ~piece
                for holder in holders:
                    if holder in organs:
                        organs[holder][box] &= ~piece
                if (organs[other][box] & ring).any():
                    organs[other][box] |= piece
                notes.append(f"a {name} piece of {median:.0f} HU touching the {other} ({level:.0f} HU) is {other} tissue")
                break
    return notes


def _near(piece: np.ndarray, organ: np.ndarray, spacing: np.ndarray) -> bool:
    """Whether `organ` lies within `NEAR_MM` of `piece` (full-grid masks; read in the piece's box padded by it)."""
    step = np.asarray(spacing, dtype=np.float64)
    box = box_of(piece, 0)
    assert box is not None
    pad = np.ceil(NEAR_MM / step).astype(int) + 1
    box = tuple(slice(max(b.start - int(p), 0), min(b.stop + int(p), n))
                for b, p, n in zip(box, pad, piece.shape, strict=True))
    if not organ[box].any():
        return False
    return bool(organ[box][ndimage.distance_transform_edt(~piece[box], sampling=step) <= NEAR_MM].any())


def _within_band(ct: np.ndarray, organ: np.ndarray, name: str, median: float, gap: float,
                 bands: dict[str, tuple[float, float]]) -> bool:
    """Whether `median` lies within `gap` of a kidney's own range (its 20th-80th percentile: medulla to cortex).

    A kidney's level lies between its cortex and medulla, 20-40 HU from either when it enhances; a piece of its
    cortex the liver's drawing took in (a 'hyperattenuating liver lesion' at the cortex's HU on the upper pole) is
    kidney tissue all the same. Other organs have one level (False here)."""
    if not name.startswith("kidney"):
        return False
    if name not in bands:
        box = box_of(organ, 0)
        values = ct[box][organ[box]] if box is not None else np.zeros(1)
        low, high = np.percentile(values, [20, 80])
        bands[name] = (float(low), float(high))
    low, high = bands[name]
    return low - gap < median < high + gap
