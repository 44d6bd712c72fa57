"""Lesions that are a neighbour's: another organ's tissue inside the holder's drawing, the gall bladder's bile.

A holder's drawing and a neighbour's are made apart and may overlap: a liver drawn over the upper pole of the right
kidney holds the kidney as a 'lesion' at the kidney's HU (77-108 mL 'liver lesions' on two foreign generators'
phantoms, enhanced and unenhanced alike). A lesion piece lying mostly inside another organ's mask is that organ's
tissue (`foreign_out`).

Where no fat plane separates the gall bladder from the liver, the gall bladder found is often only part of it: the
rest of its bile lies inside the liver's outline and reads as a hypodense liver lesion at the gall bladder's own HU
(on a foreign generator's phantoms, four of eight false lesions were such pieces, 1.5-25 mL at -5 to 3 HU). A hepatic
cyst is fluid too, but touches the gall bladder at a point, not along a cut as wide as one of the two.

A fluid piece against gas is a bowel or stomach lumen inside the holder's drawing: a cyst is a sac within its organ
and never borders air, while the colon's or the stomach's fluid lies under its gas (on a foreign generator's phantoms
seven false 'kidney cysts' were the hepatic flexure's fluid, 0.3-41 mL at -6 to 7 HU, the three largest with 7-13 %
of their 3 mm shell gas; true fluid lesions 0 %). Smaller fluid pieces at the lumen's HU beside it are more of it
(`bowel_out`).

All run on the image's grid after the segmenter's edges are redrawn (`lesion_search.vouch`), in the boxes of the
lesions and the bladder only.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from agents.segmenters.classical_morphology import faces_across_mm2, faces_mm2, widest_mm2

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
BILE_CUT = 0.5
"""Least share of the smaller part's widest cross-section, across one axis, that the two share for a piece to be the
bladder's bile though their surfaces share less than `BILE_CONTACT`: a bladder cut between two thick slices (suite AL,
5 mm slices: its upper 11 mL drawn as a liver 'lesion' sharing 13 % of its surface, its whole end slice)."""


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
    bladder_surface = faces_mm2(bladder[own], ~bladder[own], step)
    bladder_widest = widest_mm2(bladder[own], step)
    labels, n = cc3d.connected_components(local, connectivity=26, return_N=True)
    boxes = cc3d.statistics(labels)["bounding_boxes"] if n else []
    for label in range(1, n + 1):
        near = tuple(slice(max(b.start - 1, 0), b.stop + 1) for b in boxes[label])  # the piece and its faces
        piece = labels[near] == label
        hu = float(np.median(values[near][piece]))
        if hu > FLUID_MAX_HU or abs(hu - level) > BILE_GAP_HU:
            continue
        shared = faces_mm2(piece, bile[near], step)
        contact = shared / max(min(faces_mm2(piece, ~piece, step), bladder_surface), 1e-6)
        cut = max(across / max(min(mine, theirs), 1e-6) for across, mine, theirs in zip(
            faces_across_mm2(piece, bile[near], step), widest_mm2(piece, step), bladder_widest, strict=True))
        if contact < BILE_CONTACT and cut < BILE_CUT:
            continue
        local[near][piece] = False
        bile[near][piece] = True
        for name in arrays:
            if name == "liver" or name.startswith("liver_segment_"):
                arrays[name][box][near][piece] = False
        details.setdefault("lesions_dropped", []).append(
            f"a fluid liver 'lesion' of {hu:.0f} HU lying against the gall bladder ({level:.0f} HU) along {contact:.0%} "
            f"of the smaller part's surface ({cut:.0%} of its widest cross-section) is the gall bladder's bile, split off "
            "by the liver's drawing")


GAS_HU = -500.0
"""Below this a voxel is gas (bowel or stomach gas about -1000, partial volume with a wall above -500)."""
GAS_SHELL_MM = 3.0
"""Thickness of the shell read for gas around a fluid piece (and never less than one voxel)."""
GAS_SHARE = 0.03
"""Least share of a fluid piece's `GAS_SHELL_MM` shell that is gas (lungs excepted) for it to be a lumen's content."""
LUMEN_REACH_MM = 10.0
"""Fluid pieces of the same mask within this of a lumen's piece, at its HU (`BILE_GAP_HU`), are more of that lumen."""


def bowel_out(arrays: dict[str, np.ndarray], ct: np.ndarray, spacing: Any, details: dict[str, Any]) -> None:
    """Drops the fluid lesion pieces that border gas, and the fluid pieces at their HU beside them (in place).

    A piece is fluid when its median is at most `FLUID_MAX_HU`; it borders gas when more than `GAS_SHARE` of its shell
    (`GAS_SHELL_MM` thick) reads below `GAS_HU` outside the lungs. Each drop's reason is appended to
    `details["lesions_dropped"]`.

    Args:
        arrays: Structure name -> boolean mask on `ct`'s grid (the lesion masks of `lesion_leaks.HOLDERS`; lungs read).
        ct: HU on the same grid.
        spacing: Voxel size (mm).
        details: The segmentation's details (reasons appended).
    """
    import cc3d
    from scipy import ndimage

    from agents.segmenters.classical_lesions import FLUID_MAX_HU
    from agents.segmenters.lesion_leaks import HOLDERS
    from imaging.masks import mask_box

    step = np.asarray(spacing, dtype=np.float64)
    pad = np.ceil(max(GAS_SHELL_MM, LUMEN_REACH_MM) / step).astype(int) + 1
    for name in HOLDERS:
        mask = arrays.get(name)
        box = mask_box(mask) if mask is not None else None
        if box is None or mask is None:
            continue
        box = tuple(slice(max(b.start - p, 0), min(b.stop + p, n)) for b, p, n in zip(box, pad, ct.shape, strict=True))
        local, values = mask[box], ct[box]
        gas = values < GAS_HU
        for lung in ("lung_left", "lung_right"):
            if lung in arrays:
                gas &= ~arrays[lung][box]
        labels, n = cc3d.connected_components(local, connectivity=26, return_N=True)
        fluid = {label: float(np.median(values[labels == label])) for label in range(1, n + 1)}
        fluid = {label: hu for label, hu in fluid.items() if hu <= FLUID_MAX_HU}
        boxes = cc3d.statistics(labels)["bounding_boxes"] if n else []
        lumens = []
        for label, hu in fluid.items():
            near = tuple(slice(max(b.start - p, 0), b.stop + p) for b, p in zip(boxes[label], pad, strict=True))
            piece = labels[near] == label
            shell = (ndimage.distance_transform_edt(~piece, sampling=step) <= GAS_SHELL_MM) | ndimage.binary_dilation(
                piece, structure=np.ones((3, 3, 3), dtype=bool))  # one voxel at least: slices thicker than the shell
            shell &= ~piece
            share = float(np.mean(gas[near][shell])) if shell.any() else 0.0
            if share > GAS_SHARE:
                lumens.append(label)
                details.setdefault("lesions_dropped", []).append(
                    f"a fluid {name.replace('_', ' ')} piece of {hu:.0f} HU with {share:.0%} of its {GAS_SHELL_MM:.0f} mm "
                    "shell gas is a bowel or stomach lumen inside the organ's drawing, not a cyst")
        if not lumens:
            continue
        near = ndimage.distance_transform_edt(~np.isin(labels, lumens), sampling=step) <= LUMEN_REACH_MM
        beside = [label for label, hu in fluid.items() if label not in lumens and near[labels == label].any()
                  and min(abs(hu - fluid[lumen]) for lumen in lumens) <= BILE_GAP_HU]
        for label in beside:
            details.setdefault("lesions_dropped", []).append(
                f"a fluid {name.replace('_', ' ')} piece of {fluid[label]:.0f} HU beside a bowel lumen's, at its HU, is "
                "more of that lumen")
        local[np.isin(labels, lumens + beside)] = False


MAX_FAT_SHARE = 0.10
"""Largest share of a kidney lesion's voxels below fat's level (`classical_lesions.FAT_HU`): on seven generators' 50 kidney cysts and tumours
(suites AI-AO) at most 2.7 % (noise); the renal sinus fat read with the cortex beside it, 27 % (suite AO)."""
MIN_MIXED_SD_HU = 45.0
"""Least spread (SD) of such a piece's voxels: fat and enhancing cortex together (about 80 HU); the same 50 lesions
spread at most 34 HU."""


def sinus_fat_out(arrays: dict[str, np.ndarray], ct: np.ndarray, details: dict[str, Any]) -> None:
    """Drops the kidney 'lesion' pieces that are the renal sinus's fat read with the parenchyma beside it (in place).

    On the coarse grid the classical search works on, sinus fat (-100 HU) and enhancing cortex (150 HU) average to a
    cyst's or a solid mass's HU; on the image's grid the piece is their mixture: more than `MAX_FAT_SHARE` of it fat
    and a spread above `MIN_MIXED_SD_HU` (suite AO: a 'kidney tumour' of 101 voxels, 5th-95th percentile -71 to 141
    HU, mean 28 HU, answered as a renal cyst on a case with none). A fat-containing tumour (an angiomyolipoma) reads so
    too and is dropped with it: the kidney's lesion count then stays unknown, never "none".

    Args:
        arrays: Structure name -> boolean mask on `ct`'s grid (`kidney_cyst`, `kidney_tumor` read).
        ct: HU on the same grid.
        details: The segmentation's details (reasons appended to `details["lesions_dropped"]`).
    """
    import cc3d

    from agents.segmenters.classical_lesions import FAT_HU
    from imaging.masks import mask_box

    for name in ("kidney_cyst", "kidney_tumor"):
        mask = arrays.get(name)
        box = mask_box(mask) if mask is not None else None
        if box is None or mask is None:
            continue
        labels, n = cc3d.connected_components(mask[box], connectivity=26, return_N=True)
        values = ct[box]
        for piece in range(1, n + 1):
            inside = labels == piece
            hu = values[inside]
            fat, spread = float(np.mean(hu < FAT_HU)), float(np.std(hu))
            if fat > MAX_FAT_SHARE and spread > MIN_MIXED_SD_HU:
                mask[box][inside] = False
                details.setdefault("lesions_dropped", []).append(
                    f"{name}: a {int(inside.sum())}-voxel piece {fat:.0%} fat with a {spread:.0f} HU spread is the renal "
                    "sinus's fat read with the cortex beside it, not a lesion")

