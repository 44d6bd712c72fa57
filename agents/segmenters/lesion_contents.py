"""Lesions that are a neighbour's: another organ's tissue inside the holder's drawing, the gall bladder's bile.

A holder's drawing and a neighbour's are made apart and may overlap: a liver drawn over the upper pole of the right
kidney holds the kidney as a 'lesion' at the kidney's HU (77-108 mL 'liver lesions' on two foreign generators'
phantoms, enhanced and unenhanced alike). A lesion piece lying mostly inside another organ's mask is that organ's
tissue (`foreign_out`).

Where no fat plane separates the gall bladder from the liver, the gall bladder found is often only part of it: the
rest of its bile lies inside the liver's outline and reads as a hypodense liver lesion at the gall bladder's own HU
(on a foreign generator's phantoms, four of eight false lesions were such pieces, 1.5-25 mL at -5 to 3 HU). A hepatic
cyst is fluid too, but touches the gall bladder at a point, not along a cut as wide as one of the two.

Both run on the image's grid after the segmenter's edges are redrawn (`lesion_search.vouch`), in the boxes of the
lesions and the bladder only.
"""

from __future__ import annotations

from typing import Any

import numpy as np

BILE_CONTACT = 0.15
"""Least share of the smaller part's surface (mm², the piece's or the bladder's) that the two share for a piece to be
the bladder's bile: the two parts of one bladder share a cut as wide as the smaller one; a cyst beside the fossa
touches the bladder at a point."""
FOREIGN_SHARE = 0.5
"""Least share of a lesion piece inside one other organ's mask for it to be that organ's tissue."""
ORGANS = ("liver", "spleen", "kidney_left", "kidney_right", "pancreas", "stomach", "gall_bladder", "aorta", "postcava")
"""The organ masks a lesion piece may lie in (its holders excepted)."""
BILE_GAP_HU = 12.0
"""Most a piece's median may differ from the gall bladder's for it to be the same bile (noise on a median is small)."""


def foreign_out(arrays: dict[str, np.ndarray], details: dict[str, Any]) -> None:
    """Drops the lesion pieces lying mostly (`FOREIGN_SHARE`) inside an organ other than their holders (in place).

    The piece leaves its lesion mask, and the part of it inside the neighbour leaves its holders' masks and their
    Couinaud segments (the neighbour's mask already holds it); its reason is appended to `details["lesions_dropped"]`.

    Args:
        arrays: Structure name -> boolean mask on one grid; lesion masks as in `classical_neighbours.LESION_HOLDERS`.
        details: The segmentation's details (reasons appended).
    """
    import cc3d

    from agents.segmenters.classical_neighbours import LESION_HOLDERS
    from imaging.masks import mask_box

    for name, holders in LESION_HOLDERS.items():
        lesions = arrays.get(name)
        box = mask_box(lesions) if lesions is not None else None
        others = [organ for organ in ORGANS if organ not in holders and organ in arrays]
        if box is None or lesions is None or not others:
            continue
        local = lesions[box]
        labels, n = cc3d.connected_components(local, connectivity=26, return_N=True)
        stats = cc3d.statistics(labels) if n else {}
        for label in range(1, n + 1):
            own = stats["bounding_boxes"][label]
            piece = labels[own] == label
            size = int(stats["voxel_counts"][label])
            inside = {organ: int(np.count_nonzero(arrays[organ][box][own] & piece)) for organ in others}
            organ = max(inside, key=lambda key: inside[key])
            if inside[organ] < FOREIGN_SHARE * size:
                continue
            local[own][piece] = False
            overlap = piece & arrays[organ][box][own]
            for part in arrays:
                if part in holders or any(part.startswith(f"{holder}_segment_") for holder in holders):
                    arrays[part][box][own][overlap] = False
            details.setdefault("lesions_dropped", []).append(
                f"a {name} piece of {size} voxels lying {inside[organ] / size:.0%} inside the {organ} mask is "
                f"{organ.replace('_', ' ')} tissue the {' or '.join(h.replace('_', ' ') for h in holders)} drawing took in")


def bile_out(arrays: dict[str, np.ndarray], ct: np.ndarray, spacing: Any, details: dict[str, Any]) -> None:
    """Hands the fluid liver 'lesions' lying against the gall bladder at its HU back to it (in place).

    Each moved piece leaves `liver_tumor` and `liver`, and the Couinaud segments, joins `gall_bladder`, and its reason is appended to
    `details["lesions_dropped"]`. Nothing happens without both masks.

    Args:
        arrays: Structure name -> boolean mask on `ct`'s grid (`liver_tumor`, `gall_bladder`, `liver` read).
        ct: HU on the same grid, shape (X, Y, Z).
        spacing: Voxel size (mm) of that grid, for the surfaces' areas.
        details: The segmentation's details (reasons appended).
    """
    import cc3d

    from agents.segmenters.classical_lesions import FLUID_MAX_HU
    from imaging.masks import mask_box

    lesions, bladder = arrays.get("liver_tumor"), arrays.get("gall_bladder")
    lesion_box = mask_box(lesions) if lesions is not None else None
    bladder_box = mask_box(bladder) if bladder is not None else None
    if lesion_box is None or bladder_box is None or lesions is None or bladder is None:
        return
    box = tuple(slice(max(min(a.start, b.start) - 1, 0), min(max(a.stop, b.stop) + 1, n))
                for a, b, n in zip(lesion_box, bladder_box, ct.shape, strict=True))
    local, bile, values = lesions[box], bladder[box], ct[box]
    own = tuple(slice(max(b.start - 1, 0), b.stop + 1) for b in bladder_box)  # the bladder and its faces
    level = float(np.median(ct[own][bladder[own]]))
    step = np.asarray(spacing, dtype=np.float64)
    bladder_surface = _faces_mm2(bladder[own], ~bladder[own], step)
    labels, n = cc3d.connected_components(local, connectivity=26, return_N=True)
    boxes = cc3d.statistics(labels)["bounding_boxes"] if n else []
    for label in range(1, n + 1):
        near = tuple(slice(max(b.start - 1, 0), b.stop + 1) for b in boxes[label])  # the piece and its faces
        piece = labels[near] == label
        hu = float(np.median(values[near][piece]))
        if hu > FLUID_MAX_HU or abs(hu - level) > BILE_GAP_HU:
            continue
        shared = _faces_mm2(piece, bile[near], step)
        contact = shared / max(min(_faces_mm2(piece, ~piece, step), bladder_surface), 1e-6)
        if contact < BILE_CONTACT:
            continue
        local[near][piece] = False
        bile[near][piece] = True
        for name in arrays:
            if name == "liver" or name.startswith("liver_segment_"):
                arrays[name][box][near][piece] = False
        details.setdefault("lesions_dropped", []).append(
            f"a fluid liver 'lesion' of {hu:.0f} HU lying against the gall bladder ({level:.0f} HU) along {contact:.0%} "
            "of the smaller part's surface is the gall bladder's bile, split off by the liver's drawing")


def _faces_mm2(a: np.ndarray, b: np.ndarray, spacing: np.ndarray) -> float:
    """Area (mm²) of the voxel faces between mask `a` and mask `b` (same shape; faces at the array's edge excluded)."""
    area = 0.0
    for axis in range(3):
        face = float(np.prod(np.delete(spacing, axis)))
        lo, hi = [slice(None)] * 3, [slice(None)] * 3
        lo[axis], hi[axis] = slice(None, -1), slice(1, None)
        pairs = np.count_nonzero(a[tuple(lo)] & b[tuple(hi)]) + np.count_nonzero(a[tuple(hi)] & b[tuple(lo)])
        area += face * pairs
    return area
