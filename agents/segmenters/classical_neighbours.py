"""Lesions that are a neighbour's tissue: a touching organ's piece the holder's drawing took in is handed back.

A 'lesion' that reads at another organ's level (or within a kidney's own range, medulla to cortex) and lies on that
organ or at its holder's edge is that organ's tissue (a kidney's band reaching into the spleen; the upper pole's
cortex inside the liver's drawing, reading as a hyperattenuating liver lesion): it goes back to the neighbour (when
it touches it) and is no lesion. A piece at its holder's edge that touches no such organ is handed back only when that
organ lies within `NEAR_MM` of it: the far side of the abdomen holds no tissue of this piece (on a foreign generator's
phantom a 22 mm hypodense liver lesion at the drawn liver's edge read at the spleen's level and went 'back' to a spleen
on the other side of the body). A piece enclosed by its holder's drawing of that same tissue (the right kidney's band,
medulla to cortex, reaching into a liver that abuts it with no fat plane: a cap of liver at the liver's level inside the
kidney's drawing, with a 'kidney tumour' inside the cap; suite AQ) is judged with the cap it lies in (`_same_tissue`),
and both go back, when the holder's own level lies clear of the neighbour's band and the cap is no more than
`MAX_CAP_SHARE` of the holder. Canonical RAS on the coarse grid of the landmark stage (`classical_anatomy`).
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
MAX_CAP_SHARE = 0.3
"""Largest share of its holders' drawing a neighbour's tissue grown from a piece (`_same_tissue`) may take: more is the
holder's own tissue, not a cap of its neighbour's."""
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
        held = np.zeros(mask.shape, dtype=bool)
        for holder in holders:
            if holder in organs:
                held |= organs[holder]
        labels, n = cc3d.connected_components(mask, connectivity=26, return_N=True)
        for label in range(1, n + 1):
            piece = labels == label
            median = float(np.median(ct[piece]))
            rim = _rim(piece, held)  # the piece's ring, once for every neighbour judged
            for other, level in levels.items():
                if other in holders or other not in organs or level < -500:
                    continue
                at_level = abs(median - level) < gap
                tissue = _neighbours_tissue(piece, rim, organs[other], other, median, at_level, gap, ct, bands, spacing)
                apart = all(abs(levels[h] - level) >= 2.0 * gap for h in holders if h in levels)  # the holder's own
                # tissue reads outside the neighbour's band (an unenhanced liver at 29 HU beside a 37 HU aorta does not)
                if tissue is None and at_level and apart and held.any():  # enclosed by the holder's drawing of it
                    cap = _same_tissue(piece, held, ct, level, gap)
                    if np.count_nonzero(cap) <= MAX_CAP_SHARE * np.count_nonzero(held):
                        tissue = _neighbours_tissue(cap, _rim(cap, held), organs[other], other, median, at_level, gap,
                                                    ct, bands, spacing)
                if tissue is None:
                    continue
                mask &= ~tissue
                for holder in holders:
                    if holder in organs:
                        organs[holder] &= ~tissue
                held &= ~tissue
                if _touches(tissue, organs[other]):
                    organs[other] |= tissue
                notes.append(f"a {name} piece of {median:.0f} HU touching the {other} ({level:.0f} HU) is {other} tissue")
                break
    return notes


def _rim(region: np.ndarray, held: np.ndarray) -> tuple[tuple[slice, slice, slice], np.ndarray, float]:
    """A region's box (padded by 2), its one-voxel ring in that box and the share of the ring its holders do not
    hold (open: the region lies at their drawing's edge)."""
    box = box_of(region, 2)
    assert box is not None
    piece = region[box]
    ring = ndimage.binary_dilation(piece, _CUBE) & ~piece
    return box, ring, float(np.mean(~held[box][ring])) if ring.any() else 0.0


def _neighbours_tissue(region: np.ndarray, rim: tuple[tuple[slice, slice, slice], np.ndarray, float],
                       other: np.ndarray, name: str, median: float, at_level: bool, gap: float, ct: np.ndarray,
                       bands: dict[str, tuple[float, float]], spacing: np.ndarray | None) -> np.ndarray | None:
    """`region` (full grid; `rim` its `_rim`) when it is the neighbour `other`'s tissue by the module's rules, else
    None."""
    box, ring, open_share = rim
    touching = np.count_nonzero(other[box] & ring) >= MIN_CONTACT * np.count_nonzero(ring)
    if not at_level and not (touching and _within_band(ct, other, name, median, gap, bands)):
        return None
    if not touching and open_share < MIN_CONTACT:  # neither on that organ nor at its holder's edge
        return None
    if not touching and spacing is not None and not _near(region, other, spacing):
        return None
    return region


def _same_tissue(piece: np.ndarray, held: np.ndarray, ct: np.ndarray, level: float, gap: float) -> np.ndarray:
    """The piece with the holder's drawing around it that reads at `level` and is continuous with it: a neighbour's
    tissue the holder's band took in (a kidney's band, medulla to cortex, reaching into a liver abutting it with no
    fat plane) holds its 'lesion' inside a cap of that same tissue, which touches the neighbour or lies at the
    holder's edge where the piece does not."""
    box = box_of(held | piece, 1)
    assert box is not None
    same = piece[box] | (held[box] & (np.abs(ct[box] - level) < gap))
    labels = cc3d.connected_components(same, connectivity=26)
    region = np.zeros(piece.shape, dtype=bool)
    region[box] = np.isin(labels, np.unique(labels[piece[box]]))
    return region


def _touches(region: np.ndarray, organ: np.ndarray) -> bool:
    """Whether `region` and `organ` (full-grid masks) touch (26-neighbourhood)."""
    box = box_of(region, 1)
    assert box is not None
    return bool((ndimage.binary_dilation(region[box], _CUBE) & organ[box]).any())


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
