"""What an organ's basin holds besides parenchyma: its lesions, the gall bladder, the stomach's gas and fluid.

Helpers of the landmark stage (`classical_anatomy`), on the coarse grid in canonical RAS.
"""

from __future__ import annotations

from typing import Any

import cc3d
import numpy as np
from scipy import ndimage

from agents.segmenters.classical_landmarks import FAT_HU, Landmarks
from agents.segmenters.classical_morphology import box_of, dilate_in_plane, disc
from agents.segmenters.classical_stomach import fluid_seed, stomach_pool

STOMACH_MAX_HU = 90.0
PURE_AIR_HU = -930.0
BILE_MIN_HU = -5.0
"""Bile is water-like; a region darker than this among the liver's holes is a lesion (necrosis, fat), not the gall bladder."""
CYST_HU = (-20.0, 25.0)
"""Fluid: what a kidney's cyst reads in any phase (its solid tumours lie within the kidney's own band)."""
CYST_CONTACT = 0.3
"""Least share of a cyst's rim on the kidney: a bulging cyst sits in the kidney; a bowel loop of fluid only touches it."""
ROUND_FILL = 0.4
"""A ball fills 0.52 of its bounding box, a tube running obliquely far less."""
MIN_PIECE_ML = 0.3
"""Smallest lesion taken into an organ from outside its level band (a sphere of about 8 mm)."""


def lesion_pieces(rest: np.ndarray, solid: np.ndarray, sm: np.ndarray, spacing: np.ndarray,
                  band: tuple[float, float] = (FAT_HU, 400.0), min_contact: float = 0.0,
                  round_only: bool = False) -> np.ndarray:
    """Pieces of an organ's basin outside its level band that are lesions of it: within `band` (soft tissue or
    fluid, not fat), touching the organ over at least `min_contact` of their rim, at least `MIN_PIECE_ML`,
    thicker than one voxel (a partial-volume rim is not); `round_only`: filling at least `ROUND_FILL` of their
    bounding box (a cyst is round; a fluid-filled bowel loop is a tube)."""
    candidates = rest & (sm > band[0]) & (sm < band[1])
    candidates = ndimage.binary_opening(candidates, structure=ndimage.generate_binary_structure(3, 1))
    labels, n = cc3d.connected_components(candidates, connectivity=6, return_N=True)
    if n == 0:
        return candidates
    sizes = np.bincount(labels.ravel())
    grown = ndimage.binary_dilation(solid, iterations=1)
    near = np.unique(labels[grown & (labels > 0)])
    voxel_ml = float(np.prod(spacing)) / 1000.0
    keep = [int(label) for label in near if label > 0 and sizes[label] * voxel_ml >= MIN_PIECE_ML]
    boxes = cc3d.statistics(labels)["bounding_boxes"] if keep and (min_contact > 0 or round_only) else []
    if min_contact > 0:
        keep = [label for label in keep if _contact(labels, label, boxes[label], grown) >= min_contact]
    if round_only:
        keep = [label for label in keep if sizes[label] >= ROUND_FILL * np.prod([b.stop - b.start for b in boxes[label]])]
    return np.isin(labels, keep)


def _contact(labels: np.ndarray, label: int, box: tuple[slice, ...], grown: np.ndarray) -> float:
    """Share of the voxels just outside piece `label` that belong to the organ or its one-voxel rim (`grown`: a cyst
    bulging from the organ: most; the partial-volume rim between a cyst and the parenchyma is in neither's band)."""
    padded = tuple(slice(max(b.start - 1, 0), b.stop + 1) for b in box)
    piece = labels[padded] == label
    ring = ndimage.binary_dilation(piece, iterations=1) & ~piece
    return float(grown[padded][ring].mean()) if ring.any() else 0.0


def give_touching_holes(organs: dict[str, np.ndarray], solid: np.ndarray, owner: str, neighbour: str) -> None:
    """The holes filled into `owner` that touch `neighbour` are the neighbour's content (stomach fluid), not lesions."""
    holes = organs[owner] & ~solid
    labels, n = cc3d.connected_components(holes, connectivity=26, return_N=True)
    if n == 0:
        return
    touching = np.unique(labels[ndimage.binary_dilation(organs[neighbour], iterations=1) & (labels > 0)])
    moved = np.isin(labels, touching[touching > 0])
    organs[owner] &= ~moved
    organs[neighbour] |= moved


def gall_bladder(holes: np.ndarray, sm: np.ndarray, liver_hu: float, marks: Landmarks, spacing: np.ndarray,
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
    """The stomach's gas: the largest pocket of nearly pure air left of and in front of the spine, in the liver's upper half
    (none: its fluid, `classical_stomach.fluid_seed`).

    Aerated lung (about -850 HU) is not gas, even where it was too small to be labelled lung.
    """
    assert marks.spine is not None
    high = np.ones(sm.shape[2], dtype=bool)
    if liver is not None and liver.any():
        k = np.flatnonzero(liver.any(axis=(0, 1)))
        high[: max(int((k[0] + k[-1]) // 2) - int(round(40.0 / spacing[2])), 0)] = False
    gas = inside & (sm < -400.0) & ~lungs & high
    labels, n = cc3d.connected_components(gas, connectivity=26, return_N=True)
    stats = cc3d.statistics(labels)
    best, best_count = None, 0
    for label in range(1, n + 1):
        count = int(stats["voxel_counts"][label])
        x, y = (np.asarray(stats["centroids"][label][:2]) * spacing[:2] - marks.spine) / marks.scale
        if x < -10.0 and y > 20.0 and count * voxel_ml >= 5.0 and count > best_count \
                and float(np.median(ct[stats["bounding_boxes"][label]][labels[stats["bounding_boxes"][label]] == label])) < PURE_AIR_HU:
            best, best_count = label, count
    return fluid_seed(sm, inside & ~lungs & high, marks, spacing, voxel_ml) if best is None else labels == best


BLADDER_MIN_ML = 3.0
"""Least volume of a gall bladder taken from the liver's lesions (a contracted one; standard body)."""
BLADDER_MIN_X_MM = -20.0
"""The gall bladder's fossa lies between Couinaud segments IV and V: at the midline or right of it (standard body mm)."""
BLADDER_MIN_OPEN = 0.15
"""Least share of its ring outside the liver: the gall bladder lies in a fossa on the liver's surface, a cyst within."""


def bladder_among_lesions(organs: dict[str, np.ndarray], ct: np.ndarray, spacing: np.ndarray,
                          notes: dict[str, Any]) -> None:
    """The gall bladder among the liver's 'lesions' when none was found (in place): the largest piece of bile
    (`BILE_MIN_HU` to 30 HU and 15 below the liver), at least `BLADDER_MIN_ML`, in front of the spine and not left
    of it by more than `BLADDER_MIN_X_MM`,
    in the liver's lower half, on its surface (`BLADDER_MIN_OPEN`). Where the liver has no fat plane around the gall
    bladder, the fossa's fluid reads as a hypodense lesion at its visceral surface."""
    lesions, liver = organs.get("liver_tumor"), organs.get("liver")
    level = notes.get("levels_hu", {}).get("liver")
    if "gall_bladder" in organs or lesions is None or liver is None or level is None or "spine_mm" not in notes \
            or not lesions.any():
        return
    spine, scale = np.asarray(notes["spine_mm"], dtype=np.float64), float(notes["scale"])
    k = np.flatnonzero(liver.any(axis=(0, 1)))
    middle = (k[0] + k[-1]) / 2
    labels, n = cc3d.connected_components(lesions, connectivity=26, return_N=True)
    stats = cc3d.statistics(labels)
    voxel_ml = float(np.prod(spacing)) / 1000.0
    best, best_count = 0, 0
    for label in range(1, n + 1):
        count, box = int(stats["voxel_counts"][label]), stats["bounding_boxes"][label]
        centre = np.asarray(stats["centroids"][label], dtype=np.float64)
        x, y = (centre[:2] * spacing[:2] - spine) / scale
        if count * voxel_ml < BLADDER_MIN_ML * scale**3 or x <= BLADDER_MIN_X_MM or y <= 0 or centre[2] > middle \
                or count <= best_count:
            continue
        pad = tuple(slice(max(b.start - 2, 0), b.stop + 2) for b in box)
        piece = labels[pad] == label
        if not BILE_MIN_HU <= float(np.median(ct[pad][piece])) <= min(30.0, level - 15.0):
            continue
        ring = ndimage.binary_dilation(piece, iterations=2) & ~piece
        if ring.any() and float(np.mean(~(liver[pad] | lesions[pad])[ring])) >= BLADDER_MIN_OPEN:
            best, best_count = label, count
    if best:
        bladder = labels == best
        organs["gall_bladder"], organs["liver_tumor"] = bladder, lesions & ~bladder
        organs["liver"] = liver & ~bladder
        notes.setdefault("handed_back", []).append("a fluid 'liver lesion' on the liver's lower visceral surface, in "
                                                    "front of the spine, is the gall bladder")


def _span_fill(mask: np.ndarray, axis: int) -> np.ndarray:
    """Each line along `axis` filled between its first and last voxel of `mask`."""
    before = np.cumsum(mask, axis=axis) > 0
    after = np.flip(np.cumsum(np.flip(mask, axis=axis), axis=axis) > 0, axis=axis)
    return before & after


def in_bite(rest: np.ndarray, solid: np.ndarray, sm: np.ndarray, band: tuple[float, float], spacing: np.ndarray) -> np.ndarray:
    """Pieces of `rest` within `band` that fill a bite of the organ: inside its outline filled slice by slice along
    rows and columns (a tumour enhancing less than a kidney's cortex sits in the kidney's contour; muscle or bowel at
    the same HU lies outside it), at least `MIN_PIECE_ML` and thicker than one voxel."""
    outline = _span_fill(solid, 0) | _span_fill(solid, 1)
    candidates = rest & outline & ~solid & (sm > band[0]) & (sm < band[1])
    candidates = ndimage.binary_opening(candidates, structure=ndimage.generate_binary_structure(3, 1))
    labels, n = cc3d.connected_components(candidates, connectivity=6, return_N=True)
    if n == 0:
        return candidates
    sizes = np.bincount(labels.ravel())
    keep = [label for label in range(1, n + 1) if sizes[label] * float(np.prod(spacing)) / 1000.0 >= MIN_PIECE_ML]
    return np.isin(labels, keep)


BLADDER_CONTACT = 0.2
"""Least share of its rim on the liver for bile outside every organ to be the gall bladder (it lies in the liver's
fossa; a fluid-filled bowel loop or the duodenum only touches the liver)."""
BLADDER_MAX_ML = 200.0
"""Largest gall bladder (a hydropic one; standard body)."""
BLADDER_MAX_GAS = 0.5
"""Largest share of its anterior surface (its top, supine) under gas: fluid under an air-fluid level is the stomach's
or a bowel loop's; the gall bladder may touch a gas-filled neighbour across their thin walls, on any side."""
BLADDER_MIN_Y_MM = 60.0
"""The gall bladder lies well in front of the vertebral body (standard body mm); of several pieces of bile on the
liver it is the most anterior (its fundus reaches the abdominal wall; a pancreatic pseudocyst or the duodenum lies
deeper, against the great vessels)."""
FOSSA_CONTACT = 0.05
"""Least share of its rim on the liver for bile right of the pylorus (`CONTENT_DX_MM`), where no stomach lies: a gall
bladder may hang below the liver's edge, touching it only at its neck."""
BLADDER_NECK_MM = 4.0
"""Half width of the necks by which bile outside the liver is cut from fluid it touches (the stomach's antrum, the
duodenum, a bowel loop: no fat plane between them); the gall bladder is 2-4 cm across (standard body mm)."""
BLADDER_FILL = 0.3
"""Least share of its bounding box a gall bladder fills (a pear; a bowel loop running obliquely fills less)."""


def _gas_capped(piece: np.ndarray, gas: np.ndarray) -> float:
    """Share of a piece's anterior-most voxels (per column along j: its top, supine) with gas within two voxels above."""
    top = piece.shape[1] - 1 - np.argmax(piece[:, ::-1, :], axis=1)
    i, k = np.nonzero(piece.any(axis=1))
    if i.size == 0:
        return 0.0
    j = top[i, k]
    covered = gas[i, np.minimum(j + 1, piece.shape[1] - 1), k] | gas[i, np.minimum(j + 2, piece.shape[1] - 1), k]
    return float(covered.mean())


def bladder_beside_liver(organs: dict[str, np.ndarray], sm: np.ndarray, body: np.ndarray, spacing: np.ndarray,
                         notes: dict[str, Any]) -> None:
    """The gall bladder outside the liver (in place) when none was found, or when the one found among the liver's holes
    lies behind it (that fluid is a hypodense lesion; the gall bladder's fundus reaches forward): bile (`BILE_MIN_HU` to 30 HU and 15 below
    the liver) that no organ but the stomach holds, away from gas (not the stomach's own fluid), in the liver's fossa
    (`BLADDER_CONTACT` of its rim on the liver), well in front of the spine (`BLADDER_MIN_Y_MM`), not left of it by
    more than `BLADDER_MIN_X_MM`, its centre in the liver's lower half (or below it), `BLADDER_MIN_ML` to
    `BLADDER_MAX_ML`, filling `BLADDER_FILL` of its box; the most anterior such."""
    liver, level, current = organs.get("liver"), notes.get("levels_hu", {}).get("liver"), organs.get("gall_bladder")
    if liver is None or level is None or "spine_mm" not in notes or not liver.any():
        return
    spine, scale = np.asarray(notes["spine_mm"], dtype=np.float64), float(notes["scale"])
    held = np.zeros(sm.shape, dtype=bool)
    for name, mask in organs.items():
        if name != "stomach":  # without fat between them the stomach's basin may take the gall bladder in
            held |= mask
    box = box_of(liver, int(np.ceil(30.0 * scale / float(spacing[0]))))
    assert box is not None
    bile = body[box] & ~held[box] & (sm[box] >= BILE_MIN_HU) & (sm[box] <= min(30.0, level - 15.0))
    bile = ndimage.binary_opening(bile, structure=ndimage.generate_binary_structure(3, 1))
    neck = disc(BLADDER_NECK_MM * scale, spacing)
    labels, n = cc3d.connected_components(bile & ndimage.binary_opening(bile, structure=neck), connectivity=6,
                                          return_N=True)  # cut off the fluid it touches, its rim given back below
    if n == 0:
        return
    gas = ndimage.binary_dilation(sm[box] < -400.0, iterations=1)
    stats = cc3d.statistics(labels)
    k = np.flatnonzero(liver.any(axis=(0, 1)))
    middle = (k[0] + k[-1]) / 2 - box[2].start
    rim = ndimage.binary_dilation(liver[box], iterations=1)
    voxel_ml, offset = float(np.prod(spacing)) / 1000.0, np.array([box[0].start, box[1].start])
    best, best_y = 0, BLADDER_MIN_Y_MM
    if current is not None and current.any():  # one from the liver's holes: replaced only by bile lying in front of it
        best_y = max(best_y, float((np.argwhere(current)[:, 1].mean() * spacing[1] - spine[1]) / scale))
    for label in range(1, n + 1):
        count, piece_box = int(stats["voxel_counts"][label]), stats["bounding_boxes"][label]
        above = (piece_box[0], slice(piece_box[1].start, piece_box[1].stop + 2), piece_box[2])  # and two voxels over it
        centre = np.asarray(stats["centroids"][label], dtype=np.float64)
        x, y = ((centre[:2] + offset) * spacing[:2] - spine) / scale
        if not BLADDER_MIN_ML <= count * voxel_ml / scale**3 <= BLADDER_MAX_ML or x <= BLADDER_MIN_X_MM \
                or centre[2] > middle or count < BLADDER_FILL * np.prod([b.stop - b.start for b in piece_box]) \
                or _gas_capped(labels[above] == label, gas[above]) >= BLADDER_MAX_GAS:  # under an air-fluid level
            continue
        if y > best_y and _contact(labels, label, piece_box, rim) >= (BLADDER_CONTACT if x <= CONTENT_DX_MM else FOSSA_CONTACT):
            best, best_y = label, y
    if best and current is not None and not (current[box] & (labels == best)).any():  # behind the bladder: a lesion
        organs["liver"] |= current
        organs["liver_tumor"] = organs.get("liver_tumor", np.zeros(sm.shape, dtype=bool)) | current
        notes.setdefault("handed_back", []).append("fluid among the liver's holes behind the gall bladder is a lesion")
    if best:
        organs["gall_bladder"] = np.zeros(sm.shape, dtype=bool)
        free = bile & np.isin(labels, (0, best))  # its rim and end slices the opening took, not another piece
        organs["gall_bladder"][box] = ndimage.binary_dilation(ndimage.binary_dilation(labels == best, structure=neck) & free,
                                                              iterations=2, mask=free)
        if "stomach" in organs:
            organs["stomach"] &= ~organs["gall_bladder"]
        notes.setdefault("handed_back", []).append(f"bile in the liver's fossa, outside every organ, {best_y:.0f} mm in "
                                                    "front of the spine, is the gall bladder")


CONTENT_MAX_HU = 30.0
"""The stomach's content joined to it: gas, and fluid up to this (water, food and contrast-free chyme; its soft-tissue
wall is drawn by its basin)."""
CONTENT_REACH_MM = 30.0
"""How far past its basin the stomach's content is followed (standard body mm): the fluid under its air-fluid level,
not the colon's gas and fluid beside it."""
CONTENT_DX_MM, CONTENT_DY_MM = 20.0, -40.0
"""Its content is followed left of this (the antrum crosses the midline; the gall bladder's fossa lies right of it) and
in front of this (standard body mm from the vertebral body's centre)."""


def stomach_contents(organs: dict[str, np.ndarray], sm: np.ndarray, free: np.ndarray, spine: np.ndarray, scale: float,
                     spacing: np.ndarray) -> None:
    """Join to the stomach (in place) the gas and fluid no organ holds that connect to it within `CONTENT_REACH_MM`:
    without a fat plane its fluid pools in a neighbour's basin (outside that organ's band) and its gas below the
    seeded pocket is no organ's, so both were left out; then the rest of its fluid pool (`classical_stomach`). After
    the gall bladder is found (its bile stays its own)."""
    stomach = organs.get("stomach")
    if stomach is None or not stomach.any():
        return
    steps = max(int(round(CONTENT_REACH_MM * scale / float(spacing[0]))), 1)
    box = box_of(stomach, steps)
    assert box is not None
    held = np.zeros(stomach[box].shape, dtype=bool)
    for name, mask in organs.items():
        if name != "stomach":
            held |= mask[box]
    x = (np.arange(box[0].start, box[0].stop) * spacing[0] - spine[0]) / scale
    y = (np.arange(box[1].start, box[1].stop) * spacing[1] - spine[1]) / scale
    place = (x <= CONTENT_DX_MM)[:, None, None] & (y >= CONTENT_DY_MM)[None, :, None]
    local = sm[box]
    content = free[box] & ~held & place & ((local < -400.0) | ((local > FAT_HU) & (local < CONTENT_MAX_HU)))
    grown = ndimage.binary_dilation(stomach[box], structure=ndimage.generate_binary_structure(3, 1), iterations=steps,
                                    mask=content | stomach[box])
    organs["stomach"][box] |= grown
    stomach_pool(organs, sm, free, spine, scale, spacing)  # the rest of its pool, followed by its own level


def in_its_fossa(bladder: np.ndarray, liver: np.ndarray | None) -> bool:
    """Whether a gall bladder from the component stage lies in the liver's fossa (`BLADDER_CONTACT` of its rim on the
    liver): a fluid piece of the body wall or a bowel loop that only the priors' position matched is not one."""
    box = box_of(bladder, 2)
    if liver is None or box is None:
        return False
    piece = bladder[box]
    ring = ndimage.binary_dilation(piece, iterations=1) & ~piece
    rim = ndimage.binary_dilation(liver[box], iterations=1)
    return bool(ring.any()) and float(rim[ring].mean()) >= BLADDER_CONTACT


LUMEN_MIN_MM = 3.0
"""Least in-plane half width of the stomach's fluid lumen (standard body mm): the partial-volume rim between fat and
soft tissue reads like fluid but is one or two voxels thin."""
STOMACH_WALL_MM = 6.0
"""Thickest stomach wall drawn around its lumen (standard body mm; a distended wall is 2-5 mm, rugae a little more)."""


def stomach_in_basin(basin: np.ndarray, seed: np.ndarray, sm: np.ndarray, spacing: np.ndarray, marks: Landmarks,
                     box: tuple[slice, slice, slice]) -> np.ndarray:
    """The stomach within its watershed basin (`box` of the grid): its lumen (gas, and fluid up to `CONTENT_MAX_HU`
    left of `CONTENT_DX_MM`, joined to the seeded gas) and a wall of at most `STOMACH_WALL_MM` around it. Soft tissue
    of its basin farther from the lumen is a neighbour's (the pancreas behind it, a bowel loop) and bile right of the
    pylorus the gall bladder's, which no fat plane kept out of the basin."""
    assert marks.spine is not None
    x = (np.arange(box[0].start, box[0].stop) * spacing[0] - marks.spine[0]) / marks.scale
    fluid = (sm > FAT_HU) & (sm < CONTENT_MAX_HU) & (x <= CONTENT_DX_MM)[:, None, None]
    content = ndimage.binary_opening(basin & ((sm < -400.0) | fluid), structure=disc(LUMEN_MIN_MM * marks.scale, spacing))
    labels = cc3d.connected_components(content | seed, connectivity=6)  # opened: not the fluid-like rims of fat
    touching = np.unique(labels[seed & (labels > 0)])
    lumen = np.isin(labels, touching[touching > 0])
    wall = dilate_in_plane(lumen, STOMACH_WALL_MM * marks.scale, spacing) & basin & (sm > FAT_HU) & (sm < STOMACH_MAX_HU)
    return lumen | wall | seed


def hand_over(lesions: np.ndarray, organs: dict[str, np.ndarray], owner: str, neighbour: str,
              ct: np.ndarray | None = None) -> np.ndarray:
    """Darker 'lesions' of `owner` that touch `neighbour` are the neighbour's content (stomach fluid at a
    few HU from a fatty liver): they move to the neighbour. With `ct`, only fluid and gas move (median at or below
    `CONTENT_MAX_HU`, the stomach's content): a soft-tissue piece is a lesion at the liver's edge (suite AC: a 14 mm
    liver lesion at 77 HU against the stomach was handed over), and a fatty liver's soft-tissue 'lesions' are read
    by `lesion_search.sparing_out`. Returns the lesions left."""
    labels, n = cc3d.connected_components(lesions, connectivity=26, return_N=True)
    if n == 0:
        return lesions
    box = box_of(organs[neighbour], 1)
    if box is None:
        return lesions
    near = np.zeros(lesions.shape, dtype=bool)
    near[box] = ndimage.binary_dilation(organs[neighbour][box], structure=np.ones((3, 3, 3), dtype=bool))
    touching = [int(label) for label in np.unique(labels[near & (labels > 0)]) if label > 0]
    if ct is not None:
        touching = [label for label in touching if float(np.median(ct[labels == label])) <= CONTENT_MAX_HU]
    moved = np.isin(labels, touching)
    organs[owner] = organs[owner] & ~moved
    organs[neighbour] = organs[neighbour] | moved
    return lesions & ~moved


WRAPPED_BY_LIVER = 0.3
"""Least share of a round soft-tissue piece's shell (`SHELL_MM`) in the liver for it to be the liver's lesion: a lesion
at the liver's edge bulges out of it, towards the stomach, whose basin then floods it, or against a neighbour without
a fat plane, where no organ's drawing takes it."""
SHELL_MM = 3.0
EDGE_LESION_MAX_SHARE = 0.25
"""Largest such piece as a share of the liver's volume (a neighbouring organ the liver wraps is not one)."""
EDGE_REACH_MM = 40.0
"""How far beyond the liver's outline such a piece is followed (an exophytic lesion of 8 cm bulging out by half)."""


def lesions_at_liver_edge(organs: dict[str, np.ndarray], sm: np.ndarray, free: np.ndarray, spacing: np.ndarray,
                          notes: dict[str, Any]) -> None:
    """Give the liver (in place) the round soft-tissue pieces at its edge that lie in the stomach's drawing or in no
    organ's (`free`: the body less bone, lungs and every organ) and that the liver wraps (`WRAPPED_BY_LIVER`): the
    stomach's wall is a sheet a few mm thick around its lumen (`stomach_in_basin`), muscle and bowel are sheets and
    tubes, a lesion a ball of 10 mm and more (`lesion_leaks.ball_like`; suite AC, a foreign generator's phantoms: four liver
    lesions of 15-28 mm on four cases, three in the stomach's drawing). Soft tissue: above the stomach's content
    (`CONTENT_MAX_HU`), hypo- or hyperdense alike; opened by a `LUMEN_MIN_MM` disc (not a wall's thin sheet), the
    rim the opening took given back with the piece.
    Canonical RAS on the coarse grid; `notes["edge_lesions_ml"]` lists what moved."""
    liver = organs.get("liver")
    if liver is None or not liver.any():
        return
    from agents.segmenters.lesion_leaks import ball_like

    stomach = organs.get("stomach", np.zeros(liver.shape, dtype=bool))
    box = box_of(liver, int(np.ceil(EDGE_REACH_MM / float(min(spacing)))))
    assert box is not None
    drawn = (stomach[box] | free[box]) & (sm[box] > CONTENT_MAX_HU)
    tissue = ndimage.binary_opening(drawn, structure=disc(LUMEN_MIN_MM, spacing))
    labels, n = cc3d.connected_components(tissue, connectivity=6, return_N=True)
    voxel_ml = float(np.prod(spacing)) / 1000.0
    largest = EDGE_LESION_MAX_SHARE * np.count_nonzero(liver) * voxel_ml
    rim = max(int(np.ceil(LUMEN_MIN_MM / float(min(spacing)))), 1)  # how far the opening took off its pieces
    moved = []
    for label, piece_box in enumerate(cc3d.statistics(labels)["bounding_boxes"][1:], start=1):
        reach = tuple(slice(max(s.start - rim - 1, 0), s.stop + rim + 1) for s in piece_box)
        piece = labels[reach] == label
        volume = np.count_nonzero(piece) * voxel_ml
        if not MIN_PIECE_ML <= volume <= largest:
            continue
        if not ball_like(piece, np.asarray(spacing, dtype=np.float64)):
            continue
        shell = (ndimage.distance_transform_edt(~piece, sampling=spacing) <= SHELL_MM) & ~piece
        if shell.any() and float(liver[box][reach][shell].mean()) >= WRAPPED_BY_LIVER:
            piece = ndimage.binary_dilation(piece, structure=disc(LUMEN_MIN_MM, spacing)) & drawn[reach]  # its rim
            stomach[box][reach] &= ~piece
            liver[box][reach] |= piece
            moved.append(round(volume, 1))
    if moved:
        notes["edge_lesions_ml"] = moved

