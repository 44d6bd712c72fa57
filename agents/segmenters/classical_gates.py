"""Plausibility gates of the classical segmenter: what it cannot have drawn right is handed back or not reported.

A wrong mask gives a wrong answer where an absent one abstains (with its reason), so each gate turns a kind of
error seen on phantoms from independent generators into a correction or a "not found":

- `neighbour_tissue` (`classical_neighbours`): a 'lesion' that reads at another organ's level, or within a
  kidney's own range, and lies on that organ or at its holder's edge is that organ's tissue the holder took in: it
  goes back to the neighbour (when it touches it) and is no lesion;
- `trim_tails`: a kidney's slices past where its cross-section falls below `TAIL_SHARE` of its largest are a thin
  vessel or ureter its band followed out of the kidney: cut;
- `beyond_shape`: an organ whose extent no such organ has (a kidney 17 cm long or 11 cm across, a spleen 25 cm
  long) leaked into its neighbours along a band of equal HU: reported not found, with its size as the reason;
- `unknown_lesions`: a lesion mask whose holding organ was not found cannot say "no lesion" for it: not written;
- `corticomedullary`: in a kidney whose cortex and medulla differ widely (the arterial phase), or in both kidneys
  alike, a solid 'tumour' at the medulla's level reads like a medullary pyramid: not reported;
- `off_side`: a spleen reaching across the midline split badly from a neighbour at its HU: reported not found;
- `inner_lesions`: thin pieces on an organ's edge (partial volume) and pieces open to the outside (a neighbour
  taken in) are no lesion; a thick one bulging from the organ is.

Canonical RAS on the coarse grid of the landmark stage (`classical_anatomy`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import cc3d
import fill_voids
import numpy as np
from scipy import ndimage

from agents.segmenters.classical_leaks import leaked
from agents.segmenters.classical_lesions import CONSPICUITY_SIGMAS, FAT_HU, FLUID_MAX_HU, conspicuous
from agents.segmenters.classical_morphology import box_of
from agents.segmenters.classical_neighbours import LESION_HOLDERS, neighbour_tissue

_CUBE = np.ones((3, 3, 3), dtype=bool)


TAIL_SHARE = 0.12
"""A kidney slice smaller than this share of the kidney's largest slice, past its poles' taper, is a tail."""


def trim_tails(organs: dict[str, np.ndarray], names: tuple[str, ...] = ("kidney_left", "kidney_right")) -> None:
    """Cut each named organ above and below the first slice (from its largest) whose area is under `TAIL_SHARE` of
    the largest (in place)."""
    for name in names:
        if name not in organs or not organs[name].any():
            continue
        area = np.count_nonzero(organs[name], axis=(0, 1))
        widest = int(np.argmax(area))
        small = area < TAIL_SHARE * area[widest]
        below = np.flatnonzero(small[:widest])
        above = np.flatnonzero(small[widest:])
        if below.size:
            organs[name][:, :, : int(below[-1]) + 1] = False
        if above.size:
            organs[name][:, :, widest + int(above[0]):] = False


MAX_EXTENT_MM: dict[str, tuple[float, float]] = {"kidney_left": (110.0, 170.0), "kidney_right": (110.0, 170.0),
                                                 "spleen": (200.0, 250.0)}
"""Largest in-plane and craniocaudal extent (mm) the classical segmenter reports an organ with. A kidney is 10-13 cm
long and 5-7 cm across (a polycystic one is larger, and beyond what HU windows can delineate); a spleen reaches
about 20 cm in massive splenomegaly."""


def beyond_shape(organs: Mapping[str, np.ndarray], spacing: np.ndarray) -> dict[str, str]:
    """Organs whose bounding box exceeds `MAX_EXTENT_MM`, with the reason for each (see the module docstring)."""
    reasons = {}
    for name, (across, length) in MAX_EXTENT_MM.items():
        box = box_of(organs[name], 0) if name in organs else None
        if box is None:
            continue
        extent = np.array([b.stop - b.start for b in box]) * spacing
        if max(extent[0], extent[1]) > across or extent[2] > length:
            reasons[name] = (f"the mask drawn spans {extent[0]:.0f} x {extent[1]:.0f} x {extent[2]:.0f} mm, beyond a "
                             f"{name.split('_')[0]}'s size: its boundary leaked into a neighbour of the same HU")
    return reasons


def unknown_lesions(lesions: dict[str, np.ndarray], not_found: Mapping[str, str]) -> dict[str, str]:
    """Drop the lesion masks one of whose holding organs was not found (in place); returns the reason for each."""
    reasons = {}
    for name in list(lesions):
        missing = [holder for holder in LESION_HOLDERS.get(name, ()) if holder in not_found]
        if missing:
            del lesions[name]
            reasons[name] = f"the {' and '.join(missing)} was not found, so whether it holds a lesion is unknown"
    return reasons


CORTICOMEDULLARY_HU = 40.0
"""A kidney whose HU quartiles lie this far apart shows its medulla darker than its cortex (a third of its volume)."""
MEDULLA_BAND_HU = 20.0
"""A solid piece within this of the kidney's lower quartile (the medulla's level) reads like medulla."""


def corticomedullary(lesions: dict[str, np.ndarray], organs: Mapping[str, np.ndarray], ct: np.ndarray) -> list[str]:
    """Drop the solid kidney 'tumours' at the medulla's HU from a kidney with corticomedullary contrast (in place).

    Darker than the kidney's median (its cortex), not fluid, and at the medulla's level (the lower quartile), such a
    piece is as likely a medullary pyramid as a tumour; cysts and tumours off the medulla's level stay. The quartiles
    are read on the kidney's solid tissue with the pieces in it (pyramids taken out as 'tumours' would leave only the
    cortex, and a kidney without contrast between them). Corticomedullary contrast shows in both kidneys: when both
    are found and only one has that spread, the spread is its lesion's, and nothing is dropped. Returns one note per
    piece dropped.
    """
    notes: list[str] = []
    tumours = lesions.get("kidney_tumor")
    if tumours is None or not tumours.any():
        return notes
    labels, n = cc3d.connected_components(tumours, connectivity=26, return_N=True)
    quartiles = {}
    for kidney in ("kidney_left", "kidney_right"):
        box = box_of(organs[kidney], 0) if kidney in organs else None
        values = ct[box][organs[kidney][box] & (ct[box] > FLUID_MAX_HU)] if box is not None else np.zeros(0)
        if values.size >= 50:  # the pieces too: the medulla is a third of it
            quartiles[kidney] = (box, *np.percentile(values, [25, 50, 75]))
    wide = [kidney for kidney, (_, q1, _, q3) in quartiles.items() if q3 - q1 >= CORTICOMEDULLARY_HU]
    if len(quartiles) == 2 and len(wide) == 1:  # the medulla is in both kidneys: one kidney's spread is its lesion's
        wide = []
    for kidney in wide:
        box, q1, median, q3 = quartiles[kidney]
        for label in np.unique(labels[box][organs[kidney][box] & (labels[box] > 0)]):
            piece = labels == label
            hu = float(np.median(ct[piece]))
            if FLUID_MAX_HU < hu < median and abs(hu - q1) <= MEDULLA_BAND_HU:
                tumours &= ~piece
                notes.append(f"a kidney_tumor piece of {hu:.0f} HU in the {kidney} (cortex {q3:.0f}, medulla {q1:.0f} HU) "
                             "reads like its medulla: not reported")
    return notes + _symmetric_medulla(tumours, organs, ct)


SYMMETRIC_HU = 10.0
"""Solid dark pieces of both kidneys whose medians lie this close are the same tissue on both sides: the medulla."""


def _symmetric_medulla(tumours: np.ndarray, organs: Mapping[str, np.ndarray], ct: np.ndarray) -> list[str]:
    """Drop the solid pieces far below their kidney's cortex when both kidneys hold such pieces at the same HU (in place).

    Enhancing cortex around darker pyramids (the arterial phase) shows in both kidneys alike, whatever share of the
    kidney mask the pyramids fill; a tumour is one kidney's, at its own HU.
    """
    labels, n = cc3d.connected_components(tumours, connectivity=26, return_N=True)
    pieces: dict[str, list[int]] = {}
    levels: dict[str, float] = {}
    for kidney in ("kidney_left", "kidney_right"):
        box = box_of(organs[kidney], 0) if kidney in organs else None
        if box is None or n == 0:
            return []
        cortex = float(np.median(ct[box][organs[kidney][box] & ~tumours[box] & (ct[box] > FLUID_MAX_HU)]))
        inside = [int(label) for label in np.unique(labels[box][organs[kidney][box] & (labels[box] > 0)])]
        dark = [label for label in inside if FLUID_MAX_HU < float(np.median(ct[labels == label])) <= cortex - CORTICOMEDULLARY_HU]
        if not dark:
            return []
        pieces[kidney], levels[kidney] = dark, float(np.median(ct[np.isin(labels, dark)]))
    if abs(levels["kidney_left"] - levels["kidney_right"]) > SYMMETRIC_HU:
        return []
    tumours &= ~np.isin(labels, pieces["kidney_left"] + pieces["kidney_right"])
    return [f"kidney_tumor pieces of {levels['kidney_left']:.0f} and {levels['kidney_right']:.0f} HU in both kidneys read "
            "like the medulla: not reported"]


def faint_out(lesions: dict[str, np.ndarray], organs: Mapping[str, np.ndarray], ct: np.ndarray,
              voxel_ml: float | None = None, spacing: np.ndarray | None = None) -> None:
    """The conspicuity gate (`classical_lesions.conspicuous`, given the voxel's volume and size) on each lesion mask
    against its holders, in place."""
    every = np.zeros(ct.shape, dtype=bool)
    for mask in lesions.values():
        every |= mask
    for name, mask in lesions.items():
        for holder in LESION_HOLDERS.get(name, ()):
            box = box_of(organs[holder], 0) if holder in organs else None
            if box is None:
                continue
            tissue = organs[holder][box] & (ct[box] > FAT_HU) & ~(every[box] & ~mask[box])
            inside = mask[box] & organs[holder][box]
            kept = conspicuous(inside, ct[box], tissue, 0.0 if holder.startswith("kidney") else CONSPICUITY_SIGMAS,
                               voxel_ml, spacing)
            mask[box] &= ~(inside & ~kept)


ENHANCED_KIDNEY_ML = 5.0
"""Least volume (mL, standard body, a full kidney in the slab) of an enhanced kidney's seed at its level: cortex and
medulla enhance over 100-300 mL. A few mL brighter than the liver beside the spine (positive bowel contrast, a rib's
partial volume), in a seed whose wide band took in muscle, are not an enhanced kidney: without an enhanced aorta the
scan is unenhanced."""
NEAR_LEVEL_HU, NEAR_LEVEL_SIGMAS = 8.0, 2.5


def enhanced_kidney(found: tuple[np.ndarray, float] | None, sm: np.ndarray, noise: float, voxel_ml: float,
                    scale: float) -> bool:
    """Whether a kidney seed read brighter than the liver (`classical_anatomy._seed_at`: mask and level) holds
    `ENHANCED_KIDNEY_ML` (times `scale` cubed: the body's size and the slab's share of a kidney) at its level."""
    if found is None:
        return False
    seed, level = found
    box = box_of(seed, 0)
    if box is None:
        return False
    near = np.abs(sm[box][seed[box]] - level) <= max(NEAR_LEVEL_HU, NEAR_LEVEL_SIGMAS * noise)
    return float(np.count_nonzero(near)) * voxel_ml >= ENHANCED_KIDNEY_ML * scale ** 3


def band_quality(sm: np.ndarray, organ: np.ndarray, level: float, noise: float) -> dict[str, float]:
    """Share of an organ within its level band (`near`), its interquartile range and its size: how well it was drawn."""
    box = box_of(organ, 0)
    if box is None:
        return {}
    values = sm[box][organ[box]]
    near = float(np.mean(np.abs(values - level) <= max(NEAR_LEVEL_HU, NEAR_LEVEL_SIGMAS * noise)))
    q1, q3 = np.percentile(values, [25, 75])
    return {"near": round(near, 3), "iqr": round(float(q3 - q1), 1), "n": int(values.size)}


SPLEEN_MAX_X_MM = -20.0
"""The spleen lies in the left upper quadrant: no more than `OFF_SIDE_SHARE` of it right of this (standard body mm
from the vertebral body's centre, patient-right positive)."""
OFF_SIDE_SHARE, SAME_LEVEL_HU = 0.05, 3.0
SPLEEN_MAX_CENTRE_X_MM = -60.0
"""A spleen read within `SAME_LEVEL_HU` of the liver's level has only its place to go by: its centre must lie lateral
to this (standard body mm; the spleen's centre is at or beyond the left kidney's, about -70 mm)."""


def off_side(organs: Mapping[str, np.ndarray], spacing: np.ndarray, notes: Mapping[str, Any]) -> dict[str, str]:
    """A spleen reaching across the midline took in the liver's left lobe or the stomach (a neighbour at its HU, split
    by the watershed alone), one centred below the liver is muscle or bowel at its HU (the spleen lies under the left
    hemidiaphragm, level with the liver), and one read at the liver's HU must be centred lateral to the left kidney
    (else its level was another tissue's, the stomach's content or the liver's): reported not found, with the reason."""
    spleen, liver = organs.get("spleen"), organs.get("liver")
    if spleen is None or not spleen.any() or "spine_mm" not in notes:
        return {}
    if liver is not None and liver.any():
        centre = float(np.average(np.arange(spleen.shape[2]), weights=np.count_nonzero(spleen, axis=(0, 1))))
        if centre < int(np.flatnonzero(liver.any(axis=(0, 1)))[0]):
            return {"spleen": "the mask drawn is centred below the liver, where no spleen lies: a neighbour at its HU"}
    x_mm = (np.arange(spleen.shape[0]) * spacing[0] - float(notes["spine_mm"][0])) / float(notes["scale"])
    per_column = np.count_nonzero(spleen, axis=(1, 2))
    share = float(per_column[x_mm > SPLEEN_MAX_X_MM].sum()) / float(per_column.sum())
    levels = notes.get("levels_hu", {})
    if "liver" in levels and "spleen" in levels and abs(levels["spleen"] - levels["liver"]) < SAME_LEVEL_HU:
        centre = float(np.average(x_mm, weights=per_column))
        if centre > SPLEEN_MAX_CENTRE_X_MM:  # its level may be the stomach's or the liver's, read at its place
            return {"spleen": f"at the liver's HU, the mask drawn is centred {-centre:.0f} mm left of the spine, not "
                              "lateral as a spleen is: a neighbour at the liver's HU"}
    if share <= OFF_SIDE_SHARE:
        return {}
    return {"spleen": f"{share:.0%} of the mask drawn lies at or right of the midline, where no spleen reaches: its "
                      "boundary with a neighbour of the same HU was not found"}


MIN_BAND_SHARE = {"spleen": 0.7}
"""Least share of an organ's mask within its level band (`band_quality`'s `near`) for its volume to be reported. A
spleen drawn well holds 0.85-0.96 of its voxels there on phantoms of two generators; one at 0.59 had taken in a
neighbour at 20 HU off its level and measured twice its volume (a wrong splenomegaly grade)."""


def mixed_tissue(notes: Mapping[str, Any]) -> dict[str, str]:
    """Organs whose mask holds too little of its own level band (`MIN_BAND_SHARE`), with the reason for each."""
    reasons = {}
    for name, least in MIN_BAND_SHARE.items():
        quality = notes.get("quality", {}).get(name)
        if quality and quality.get("near", 1.0) < least:
            reasons[name] = (f"only {quality['near']:.0%} of the mask drawn reads at the {name}'s level (interquartile "
                             f"range {quality['iqr']:.0f} HU): it took in a neighbour, so its volume is not its own")
    return reasons


def screen_organs(organs: dict[str, np.ndarray], notes: dict[str, Any], spacing: np.ndarray) -> None:
    """The organ gates, in place: kidney tails cut, organs beyond their kind's size, on the wrong side, of mixed
    tissue or leaked (`classical_leaks`) moved to `notes['not_found']`."""
    trim_tails(organs)
    found = {**beyond_shape(organs, spacing), **off_side(organs, spacing, notes), **mixed_tissue(notes),
             **leaked(notes)}
    for name, reason in {k: v for k, v in found.items() if k in organs}.items():
        notes.setdefault("not_found", {})[name] = reason
        del organs[name]


def screen_lesions(lesions: dict[str, np.ndarray], organs: dict[str, np.ndarray], ct: np.ndarray,
                   notes: dict[str, Any], voxel_ml: float | None = None, spacing: np.ndarray | None = None) -> None:
    """The lesion gates, in place: neighbours' tissue handed back (`notes['handed_back']`), lesion masks that cannot
    be trusted dropped with their reason (`notes['not_found']`)."""
    faint_out(lesions, organs, ct, voxel_ml, spacing)
    dense_out(lesions, organs, ct, notes)
    handed = neighbour_tissue(lesions, organs, ct, notes.get("levels_hu", {}), float(notes.get("noise_hu", 0.0)),
                               spacing)
    handed += corticomedullary(lesions, organs, ct)
    if handed:
        notes["handed_back"] = handed
    notes.setdefault("not_found", {}).update(unknown_lesions(lesions, notes.get("not_found", {})))
    if notes.get("phase") == "unenhanced" and lesions.pop("kidney_tumor", None) is not None:
        notes["not_found"]["kidney_tumor"] = UNENHANCED_SOLID


DENSE_CONTENT_HU = 250.0
"""A 'lesion' piece whose median reads above this is positive oral contrast, a calcification or bone, never a tumour
(the brightest enhancing tumours stay well below; suite AM: a contrast-filled stomach at 310 HU the liver's drawing took
in was read as a 121 mL hyperattenuating liver lesion)."""


def dense_out(lesions: dict[str, np.ndarray], organs: dict[str, np.ndarray], ct: np.ndarray, notes: dict[str, Any]) -> None:
    """Drops each lesion piece at `DENSE_CONTENT_HU` or above from its lesion mask and its holders' (in place); its
    reason is appended to `notes['lesions_dropped']`."""
    for name, mask in lesions.items():
        if not mask.any():
            continue
        labels, n = cc3d.connected_components(mask, connectivity=26, return_N=True)
        for label, box in enumerate(cc3d.statistics(labels)["bounding_boxes"][1:], start=1):
            piece = labels[box] == label
            hu = float(np.median(ct[box][piece]))
            if hu < DENSE_CONTENT_HU:
                continue
            mask[box][piece] = False
            for holder in LESION_HOLDERS.get(name, ()):
                if holder in organs:
                    organs[holder][box][piece] = False
            notes.setdefault("lesions_dropped", []).append(
                f"a {name} piece of {int(piece.sum())} voxels at {hu:.0f} HU is dense content (oral contrast, a "
                "calcification or bone), no tumour")


UNENHANCED_SOLID = ("an unenhanced scan: a solid renal mass (about 20-70 HU) is not told from the kidney, muscle or bowel "
                    "beside it without contrast enhancement; fluid cysts are")
"""Why no `kidney_tumor` mask is written on an unenhanced scan (its fluid cysts still are): a solid renal mass is
characterised by its enhancement (Bosniak classification v2019, Silverman et al., Radiology 2019; a homogeneous mass of
-10 to 20 HU on an unenhanced CT is a benign cyst), and where the classical segmenter found
one cyst but missed the solid mass beside it, the kidney's 'largest lesion' was the cyst."""


OPEN_LESION_SHARE = 0.55
"""A 'lesion' whose surrounding ring lies more than this much outside its organ is a neighbour taken in."""
MIN_INNER_LESION_ML = 0.25
"""Least volume of a lesion piece kept (a sphere of about 8 mm)."""
THICK_MM = 5.0
"""A piece with a voxel this deep inside it (a 10 mm ball fits) is a lesion's body, never a partial-volume rim."""
THICK_MAX_OPEN = 0.3
"""Most of its ring a thick edge piece (other than a bulging cyst) may have outside every lesion-holding organ."""
CORE_MM = 3.5
"""An enclosed edge piece this deep lies in a notch the band drew round a bright lesion or a cyst, not on a rim."""


def inner_lesions(lesions: np.ndarray, organs: Mapping[str, np.ndarray], voxel_ml: float, spacing: np.ndarray,
                  max_open: float = OPEN_LESION_SHARE, bulging: bool = False) -> np.ndarray:
    """Lesion pieces of at least `MIN_INNER_LESION_ML` that the organ holds rather than borders.

    A watershed organ's edge holds partial-volume voxels of its neighbours, which read as small lesions: a piece mostly
    on the edge is dropped unless it is thick (a voxel `THICK_MM` deep, `CORE_MM` when mostly enclosed: a rim is one or
    two voxels deep) and either `bulging` (a kidney's cyst, often exophytic) or mostly enclosed (at most
    `THICK_MAX_OPEN` of its ring outside: a neighbour's wall or the gall bladder is thick too, but lies mostly outside).
    A piece open to the outside (over `max_open` of its ring outside every holder) is a neighbour the organ took in.
    Not tried: reading a thick edge piece whose ring outside is mostly fat as a mass bulging into fat (a pancreatic
    tumour wider than the gland): a gall bladder the pancreas's drawing took in lies in fat too, and became a
    'pancreatic lesion' on a randomised phantom."""
    holders = {holder for names in LESION_HOLDERS.values() for holder in names}
    edge = np.zeros(lesions.shape, dtype=bool)
    holder = np.zeros(lesions.shape, dtype=bool)
    for name, mask in organs.items():
        if name in holders and mask.any():
            box = box_of(mask, 1)
            assert box is not None
            filled = fill_voids.fill(mask[box])  # a hole the band left at a lesion is no surface
            edge[box] |= filled & ~ndimage.binary_erosion(filled, structure=_CUBE)
            holder[box] |= filled
    labels, n = cc3d.connected_components(lesions, connectivity=26, return_N=True)
    keep = np.zeros(lesions.shape, dtype=bool)
    for label in range(1, n + 1):
        box = box_of(labels == label, 2)
        assert box is not None
        piece = labels[box] == label
        count = int(np.count_nonzero(piece))
        ring = ndimage.binary_dilation(piece, structure=_CUBE, iterations=2) & ~piece
        open_share = float(np.mean(~holder[box][ring])) if ring.any() else 0.0
        on_edge = np.count_nonzero(piece & edge[box]) >= 0.5 * count
        depth = float(ndimage.distance_transform_edt(np.pad(piece, 1), sampling=spacing).max()) if on_edge else 0.0
        if on_edge and (open_share > THICK_MAX_OPEN and not bulging or depth < (CORE_MM if open_share <= THICK_MAX_OPEN
                                                                                else THICK_MM)):
            continue
        if count * voxel_ml >= MIN_INNER_LESION_ML and open_share <= max_open:
            keep[box] |= piece
    return keep
