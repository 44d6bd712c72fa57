"""The aorta and IVC by their shape when their HU does not tell them: round tubes in front of the spine.

Without contrast (or for the IVC in an arterial phase) blood reads like the liver, the pancreas and the crura
beside it, so a vessel's level band holds its neighbours too. What still tells a vessel in a real abdomen is its
shape: in every axial slice its lumen is a round or oval section of a lumen's calibre, and the sections line up
through the abdomen. Helpers of the landmark stage (`classical_anatomy`), on the coarse grid in canonical RAS.
"""

from __future__ import annotations

import cc3d
import numpy as np
from scipy import ndimage

from agents.segmenters.classical_morphology import box_of

BLOOD_HU = (15.0, 110.0)
"""Unopacified or faintly opacified blood (and the soft tissue beside it), above the partial volume of fat."""
LUMEN_RADIUS_MM = (4.0, 17.0)
"""Inscribed radius of a lumen's section (standard body mm): the IVC flattens to about 8 mm, an aorta up to 34 mm
wide stays normal."""
MAX_OVAL = 2.6
"""Largest area of a section over the disc of its inscribed radius: a disc is 1, a 2:1 oval 2; an organ's lobe, or a
vessel merged with the pancreas or a crus in that slice, is more."""
CORE_MM = 2.0
"""A seed keeps this far inside its section (partial volume at its rim)."""
WITHIN_SHARE = 0.9
GAP_MM = 20.0
"""Longest run of slices a vessel's chain of round sections may skip (where a crus or the pancreas touches it)."""
BAND_SHARE = 0.7
"""Past the chain's ends a slice joins while this share of a section-sized disc at the end's centre is blood."""
PAD_MM = 25.0
"""How far around the place sections are drawn, so a neighbour cut by its edge is seen whole (standard body mm)."""
_IN_PLANE = np.zeros((3, 3, 3), dtype=bool)
_IN_PLANE[:, :, 1] = True


def round_sections(band: np.ndarray, spacing: np.ndarray, scale: float, within: np.ndarray | None = None) -> np.ndarray:
    """Per axial slice, the pieces of `band` that are a lumen's section (`LUMEN_RADIUS_MM`, `MAX_OVAL`), each kept
    `CORE_MM` inside its rim; with `within`, only pieces lying (nine tenths) within it (a piece cut by the edge of
    where the vessel is looked for is a neighbour's)."""
    padded = np.pad(band, ((1, 1), (1, 1), (0, 0)))
    labels, n = ndimage.label(padded, structure=_IN_PLANE)
    if n == 0:
        return np.zeros(band.shape, dtype=bool)
    pixel_mm2 = float(spacing[0] * spacing[1])
    distance = ndimage.distance_transform_edt(padded, sampling=(float(spacing[0]), float(spacing[1]), 1e6))
    index = np.arange(1, n + 1)
    radius = ndimage.maximum(distance, labels, index)
    area = np.bincount(labels.ravel(), minlength=n + 1)[1:] * pixel_mm2
    low, high = LUMEN_RADIUS_MM[0] * scale, LUMEN_RADIUS_MM[1] * scale
    round_enough = area <= MAX_OVAL * np.pi * np.maximum(radius, 1e-6) ** 2
    keep = np.zeros(n + 1, dtype=bool)
    keep[1:] = (radius >= low) & (radius <= high) & round_enough
    if within is not None:
        keep[1:] &= ndimage.mean(np.pad(within, ((1, 1), (1, 1), (0, 0))), labels, index) >= WITHIN_SHARE
    core = keep[labels] & (distance >= CORE_MM * min(scale, 1.0))
    return core[1:-1, 1:-1]


def tube_seed(sm: np.ndarray, inside: np.ndarray, place: np.ndarray, spacing: np.ndarray, scale: float,
              taken: np.ndarray, min_slices: int, liver: np.ndarray | None = None) -> tuple[np.ndarray, float] | None:
    """A vessel's seed by shape: the round sections of blood or soft tissue `inside` the body that lie in `place`
    (an in-plane area, not `taken`), linked through the slices, the chain spanning the most slices; followed through
    the slices where blood continues at its place (`_through`: through the `liver`'s seed too, as the IVC runs in
    the liver at its HU), it must span `min_slices`. With its median HU."""
    box = box_of(inside & place[:, :, None], 0)
    if box is None:
        return None
    pad = [int(np.ceil(PAD_MM * scale / spacing[axis])) for axis in (0, 1)]
    box = (slice(max(box[0].start - pad[0], 0), box[0].stop + pad[0]),
           slice(max(box[1].start - pad[1], 0), box[1].stop + pad[1]), box[2])
    band = inside[box] & (sm[box] >= BLOOD_HU[0]) & (sm[box] <= BLOOD_HU[1]) & ~taken[box]
    sections = round_sections(band, spacing, scale, np.broadcast_to(place[box[0], box[1], None], band.shape))
    reach = max(int(np.ceil(GAP_MM * scale / spacing[2] / 2)), 1)  # a few slices where a crus or the pancreas touches
    linked = ndimage.binary_dilation(sections, structure=np.ones((1, 1, 2 * reach + 1), dtype=bool))
    labels, n = cc3d.connected_components(linked, connectivity=26, return_N=True)
    if n == 0:
        return None
    stats = cc3d.statistics(np.where(sections, labels, 0))  # spans of the sections themselves, not of their links
    spans = np.array([0] + [0 if b is None else b[2].stop - b[2].start for b in stats["bounding_boxes"][1:]],
                     dtype=np.float64)
    spans = np.pad(spans, (0, n + 1 - spans.size))
    best = int(np.argmax(spans * 1e9 + np.bincount(labels[sections], minlength=n + 1)))
    if spans[best] == 0:
        return None
    chain = sections & (labels == best)
    passable = taken[box] if liver is None else taken[box] & ~ndimage.binary_dilation(liver[box], iterations=3)
    local = _through(chain, inside[box] & (sm[box] >= BLOOD_HU[0]) & (sm[box] <= BLOOD_HU[1]) & ~passable, spacing)
    if np.count_nonzero(local.any(axis=(0, 1))) < min_slices:  # followed through its blood, still short: no vessel
        return None
    seed = np.zeros(inside.shape, dtype=bool)
    seed[box] = local
    return seed, float(np.median(sm[box][chain]))


def _through(chain: np.ndarray, band: np.ndarray, spacing: np.ndarray) -> np.ndarray:
    """The chain with a disc (its median section's size) at each slice it skips, on the line between the sections
    beside it, and at each slice past its ends while such a disc at the end's centre lies mostly in `band`."""
    ks = np.flatnonzero(chain.any(axis=(0, 1)))
    centres = np.array([np.argwhere(chain[:, :, k]).mean(axis=0) for k in ks])
    radius_mm = float(np.sqrt(np.median(chain[:, :, ks].sum(axis=(0, 1))) * spacing[0] * spacing[1] / np.pi))
    ii, jj = np.mgrid[: chain.shape[0], : chain.shape[1]]
    out = chain.copy()

    def disc(k: int, centre: np.ndarray) -> np.ndarray:
        return ((ii - centre[0]) * spacing[0]) ** 2 + ((jj - centre[1]) * spacing[1]) ** 2 <= radius_mm**2

    for k in range(int(ks[0]) + 1, int(ks[-1])):
        if k not in ks:
            centre = np.array([np.interp(k, ks, centres[:, axis]) for axis in (0, 1)])
            out[:, :, k] = disc(k, centre) & band[:, :, k]
    for step, end, centre in ((-1, int(ks[0]), centres[0]), (1, int(ks[-1]), centres[-1])):
        k = end + step
        while 0 <= k < chain.shape[2]:
            piece = disc(k, centre)
            if band[:, :, k][piece].mean() < BAND_SHARE:
                break
            out[:, :, k] = piece & band[:, :, k]
            k += step
    return out
