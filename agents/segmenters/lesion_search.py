"""What the classical lesion search can vouch for: a lesion it finds exists; how many there are, it cannot say.

The search (`classical_lesions.find_lesions`) reads regions clearly darker or brighter than the organ's parenchyma.
A lesion within about 15 HU of the parenchyma (isodense), one at the organ's edge that partial volume hides, or one
the organ's drawing left out is missed. So, per lesion mask:

- **found**: the lesion exists (existence is answered), but the count, the largest lesion, the burden and where the
  lesions lie are a lower bound at best, so they are not reported (`LOWER_BOUND`, `details["lesion_counts"]`);
- **found none**: never "no lesion". Kidneys: enhanced cortex and medulla differ by 30-80 HU, so a solid mass at
  the medulla's or the cortex's level, or a small cyst in the sinus, reads as kidney (`KIDNEY_NONE`); on suites F
  and G (24 phantoms) the kidney search found none in 6 phantoms whose kidneys held a tumour or cyst. Liver and
  pancreas, even enhanced: an isoattenuating lesion is invisible to a contrast gate (`ISODENSE_NONE`); on
  seg_heldout8 two 24-25 mm liver lesions read within 1 HU of the parenchyma and were missed, and on suite H an
  empty liver or pancreas search gave three wrong "no lesion" letters. An empty lesion mask is therefore not
  written, and whether the organ holds a lesion is unknown (`completion.audit_lesion_masks` names the reason).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from agents.segmenters.lesion_contents import bile_out, bowel_out, foreign_out, sinus_fat_out
from agents.segmenters.lesion_leaks import leaks_out

LOWER_BOUND = ("the classical lesion search finds lesions clearly darker or brighter than the parenchyma and misses "
               "isodense ones and some at the organ's edge, so the lesions it found exist but their count, the "
               "largest of them and where they lie are only a lower bound")
"""Why a found lesion mask of the classical segmenter gives existence only (`details["lesion_counts"][mask]`)."""
KIDNEY_NONE = ("the classical kidney lesion search misses lesions close to the kidney's own levels (a solid mass at the "
               "level of the cortex or the medulla, a small cyst by the renal sinus or at the kidney's edge), so finding "
               "none does not rule a kidney lesion out")
"""Why an empty kidney lesion mask of the classical segmenter is not written (its lesions are unknown)."""
ISODENSE_NONE = ("the classical lesion search reads only lesions clearly darker or brighter than the parenchyma; an "
                 "isoattenuating lesion (some metastases and hepatocellular carcinomas in the portal phase, about one "
                 "pancreatic adenocarcinoma in ten) or one outside the organ's drawing is missed, so finding none "
                 "does not rule a lesion out")
"""Why an empty liver or pancreas lesion mask of the classical segmenter is not written, whatever the phase
(isoattenuating pancreatic adenocarcinoma at dynamic CT: Prokesch et al., Radiology 2002;224:764-768; Kim et al.,
Radiology 2010;257:87-96)."""
NONE_NOT_VOUCHED = {"kidney_tumor": KIDNEY_NONE, "kidney_cyst": KIDNEY_NONE, "liver_tumor": ISODENSE_NONE,
                    "pancreas_tumor": ISODENSE_NONE}
"""Lesion masks whose emptiness the search does not vouch for, whatever the phase."""
LESION_MASKS = ("liver_tumor", "kidney_tumor", "kidney_cyst", "pancreas_tumor")


LUMEN_MIN_ML = 20.0
"""Least volume of a fluid liver 'lesion' read for its shape (smaller fluid pieces are cysts or the search's gates')."""
LUMEN_ELONGATION = 2.5
"""A fluid liver 'lesion' whose longest principal axis is this many times its shortest is a lumen, not a cyst."""
LUMEN = ("a fluid 'lesion' of the liver {volume:.0f} mL in size and {ratio:.1f} times as long as it is thick is the "
         "lumen of a neighbour the liver's drawing took in (stomach, gall bladder, bowel), not a cyst (cysts are round)")
NECK_MM = 4.0
"""Radius of the in-plane opening that cuts a round lesion from a lumen it touches (a neck a few mm wide)."""
CORE_ROUND, CORE_MIN_ML = 2.0, 1.0
"""A piece the opening leaves that is this round (principal axes within 2:1) and this large (a 12 mm ball) is a cyst
or a hypodense lesion the lumen touched: it stays a lesion."""


def lumens_out(arrays: dict[str, np.ndarray], ct: np.ndarray, spacing: Any, details: dict[str, Any]) -> None:
    """Drops the fluid liver 'lesions' shaped like a lumen (in place; each reason in `details["lesions_dropped"]`).

    A liver drawn across the stomach or the gall bladder (an unenhanced fatty liver reads near both walls) holds
    their fluid as a large dark region; a simple hepatic cyst is round (its principal axes within about 2:1), while a
    stomach or gall bladder joined to it is long and bent. Only fluid (median at most `FLUID_MAX_HU`) pieces of at
    least `LUMEN_MIN_ML` are read: a solid tumour may be any shape. A round core the lumen touched stays a lesion
    (`_round_cores`).
    """
    import cc3d

    from agents.segmenters.classical_lesions import FLUID_MAX_HU
    from imaging.masks import mask_box

    mask = arrays.get("liver_tumor")
    box = mask_box(mask) if mask is not None else None
    if box is None:
        return
    mask, ct = mask[box], ct[box]  # views of the lesions' bounding box: no full-grid label image
    step = np.asarray(spacing, dtype=np.float64)
    voxel_ml = float(np.prod(step)) / 1000.0
    labels, n = cc3d.connected_components(mask, connectivity=26, return_N=True)
    sizes = np.bincount(labels.ravel(), minlength=n + 1)
    for label in np.flatnonzero(sizes * voxel_ml >= LUMEN_MIN_ML):
        if label == 0:
            continue
        piece = labels == label
        if float(np.median(ct[piece])) > FLUID_MAX_HU:
            continue
        ratio = _elongation(piece, step)
        if ratio >= LUMEN_ELONGATION:
            mask[piece & ~_round_cores(piece, step)] = False
            details.setdefault("lesions_dropped", []).append(LUMEN.format(volume=sizes[label] * voxel_ml, ratio=ratio))


def _elongation(piece: np.ndarray, step: np.ndarray) -> float:
    """Ratio of the longest to the shortest principal axis of a mask (mm; 1 for a ball)."""
    spread = np.linalg.eigvalsh(np.cov((np.argwhere(piece) * step).T))
    return float(np.sqrt(max(spread[-1], 1e-9) / max(spread[0], 1e-9)))


def _round_cores(piece: np.ndarray, step: np.ndarray) -> np.ndarray:
    """The round parts of an elongated piece (`CORE_ROUND`, `CORE_MIN_ML`) once an in-plane opening by `NECK_MM` cuts
    its necks: a lesion joined to a lumen by a neck (on a foreign generator's phantom, a 13 mL liver lesion at
    11 HU joined to a 9 mL tube read 3.5:1 as a whole and was dropped; opened, it read 1.2:1)."""
    import cc3d
    from scipy import ndimage

    radius = np.maximum(np.floor(NECK_MM / step[:2]), 1).astype(int)
    yy, xx = np.mgrid[-radius[0]:radius[0] + 1, -radius[1]:radius[1] + 1]
    disc = ((yy * step[0]) ** 2 + (xx * step[1]) ** 2 <= NECK_MM**2)[:, :, None]
    opened = ndimage.binary_opening(piece, structure=disc)
    labels, n = cc3d.connected_components(opened, connectivity=6, return_N=True)
    voxel_ml = float(np.prod(step)) / 1000.0
    keep = np.zeros(piece.shape, dtype=bool)
    for label in range(1, n + 1):
        core = labels == label
        if np.count_nonzero(core) * voxel_ml >= CORE_MIN_ML and _elongation(core, step) < CORE_ROUND:
            keep |= core
    return keep


FATTY_LIVER_HU = 40.0
"""A liver parenchyma below this reads steatotic (unenhanced liver under 40 HU: moderate to severe steatosis)."""
SPARING_HU = (40.0, 75.0)
"""Where unfattened liver and the soft tissue of its neighbours (stomach wall, bowel, muscle) read."""
SPARING = ("a region of the liver {volume:.1f} mL in size at {hu:.0f} HU, brighter than the steatotic parenchyma "
           "({level:.0f} HU) by no more than soft tissue is, is focal fatty sparing or a neighbour's wall the liver's "
           "drawing took in, not a lesion (a pseudolesion of the fatty liver)")


def parenchyma_level(ct: np.ndarray, organ: np.ndarray, lesions: np.ndarray, organ_box: tuple[slice, ...]) -> float | None:
    """The median HU of an organ less its lesions (at most 200,000 voxels read), in the organ's box (no full-grid
    temporaries); None when nothing is left."""
    parenchyma = ct[organ_box][organ[organ_box] & ~lesions[organ_box]]
    return float(np.median(parenchyma[:: max(1, parenchyma.size // 200_000)])) if parenchyma.size else None


def found_against(arrays: dict[str, np.ndarray], ct: np.ndarray, name: str,
                  holder: str) -> tuple[np.ndarray, tuple[slice, slice, slice], float] | None:
    """A lesion mask with the box of its lesions and its organ's parenchyma level (`parenchyma_level`), which the
    lesion filters judge each piece against; None when the mask or the organ is missing or empty, or no parenchyma is
    left."""
    from imaging.masks import mask_box

    mask, organ = arrays.get(name), arrays.get(holder)
    box = mask_box(mask) if mask is not None else None
    organ_box = mask_box(organ) if organ is not None else None
    if box is None or organ_box is None:
        return None
    level = parenchyma_level(ct, organ, mask, organ_box)  # type: ignore[arg-type]
    return None if level is None else (mask, box, level)  # type: ignore[return-value]


def sparing_out(arrays: dict[str, np.ndarray], ct: np.ndarray, spacing: Any, details: dict[str, Any]) -> None:
    """Drops the brighter liver 'lesions' of a fatty liver that read as ordinary soft tissue (in place; each reason in
    `details["lesions_dropped"]`).

    Against a steatotic parenchyma (median under `FATTY_LIVER_HU`), liver spared from fat and the wall of a stomach or
    bowel loop the liver's drawing took in both read 'hyperdense' at the level of soft tissue (`SPARING_HU`); focal
    fatty sparing is the classic pseudolesion of the fatty liver (Hamer et al., RadioGraphics 2006;26:1637-1653). A
    darker lesion, and a brighter one beyond soft tissue (calcification, a hypervascular lesion), stay.
    """
    import cc3d

    found = found_against(arrays, ct, "liver_tumor", "liver")
    if found is None or found[2] >= FATTY_LIVER_HU:
        return
    mask, box, level = found
    local, values = mask[box], ct[box]
    voxel_ml = float(np.prod(np.asarray(spacing, dtype=np.float64))) / 1000.0
    labels, n = cc3d.connected_components(local, connectivity=26, return_N=True)
    for label in range(1, n + 1):
        piece = labels == label
        hu = float(np.median(values[piece]))
        if SPARING_HU[0] <= hu <= SPARING_HU[1]:
            local[piece] = False
            details.setdefault("lesions_dropped", []).append(
                SPARING.format(volume=np.count_nonzero(piece) * voxel_ml, hu=hu, level=level))


BRANCH_FILL = 0.6
"""Least `ellipsoid_fill` of a liver or pancreas 'lesion' brighter than its parenchyma: hypervascular lesions are
round (a ball fills 1.0), an enhancing vessel's branch, fork or bend the organ's band left out is not (suite AC, a
foreign generator's phantoms: 16 brighter false pieces at 90-128 HU in the liver, fill 0.25-0.65 and 0.55 or less
for all but two; the whole lesions found, 0.9-0.98)."""
LIVER_FILL = 0.5
"""Least `ellipsoid_fill` of any liver 'lesion', darker or brighter: a liver lesion of 10 mm and more is a ball or an
oval, two confluent ones 0.8, the found pieces of suite AC's liver lesions 0.59-0.98; what the liver's band left out
around its veins, fissures and edges is branched or flat (suite AC: seven darker false pieces, 0.25-0.43, among them
a 46 mL piece of a neighbour's fluid). Not the pancreas's: a lesion there takes the thin gland's shape (0.49 found)."""
BRANCH = ("a {name} piece of {volume:.1f} mL at {hu:.0f} HU, brighter than the parenchyma ({level:.0f} HU), fills "
          "{fill:.0%} of its ellipsoid: an enhancing vessel's branch, not a lesion (hypervascular lesions are round)")


FLAT = ("a {name} piece of {volume:.1f} mL at {hu:.0f} HU (parenchyma {level:.0f} HU) fills {fill:.0%} of its "
        "ellipsoid: branched or flat (a vessel, a fissure, the liver's edge or a neighbour's lumen the band left out), not a "
        "lesion")


def branches_out(arrays: dict[str, np.ndarray], ct: np.ndarray, spacing: Any, details: dict[str, Any]) -> None:
    """Drops (in place) the liver and pancreas 'lesions' brighter than their parenchyma that are not round
    (`BRANCH_FILL`), the darker liver 'lesions' that are branched or flat (`LIVER_FILL`) and any that is a vessel-thin tube
    (its ellipsoid's longest axis `classical_lesion_shapes.ELONGATED` times its shortest, which is `THIN_MM` or
    less: the landmark stage's own tube test runs on the coarse grid, this one on the image's; suite AC's lesions
    found: 1.1-2.4; a thick solid tumour may be long); each reason in
    `details["lesions_dropped"]`."""
    import cc3d

    from agents.segmenters.classical_lesion_shapes import ELONGATED, THIN_MM, ellipsoid_fill

    step = np.asarray(spacing, dtype=np.float64)
    voxel_ml = float(np.prod(step)) / 1000.0
    for name, holder in (("liver_tumor", "liver"), ("pancreas_tumor", "pancreas")):
        found = found_against(arrays, ct, name, holder)
        if found is None:
            continue
        mask, box, level = found
        labels, n = cc3d.connected_components(mask[box], connectivity=26, return_N=True)
        for label in range(1, n + 1):
            piece = labels == label
            hu = float(np.median(ct[box][piece]))
            least = BRANCH_FILL if hu > level else LIVER_FILL if holder == "liver" else 0.0
            shape = ellipsoid_fill(piece, step)
            if shape.fill < least or (shape.elongation >= ELONGATED and shape.thickness_mm <= THIN_MM):
                mask[box][piece] = False
                details.setdefault("lesions_dropped", []).append((BRANCH if hu > level else FLAT).format(
                    name=name.replace("_", " "), volume=np.count_nonzero(piece) * voxel_ml, hu=hu, level=level, fill=shape.fill))


def vouch(arrays: dict[str, np.ndarray], details: dict[str, Any], ct: np.ndarray | None = None,
          spacing: Any = None) -> None:
    """Marks what the classical search's lesion masks can support (in place on `arrays` and `details`).

    Lesion pieces inside a neighbour's mask, the gall bladder's bile split off into the liver, fluid against bowel
    gas and renal sinus fat read with the cortex (`lesion_contents`),
    pieces whose level goes on outside their organ (a neighbour inside its drawing) and crumbs (`lesion_leaks`),
    lumen-shaped fluid liver 'lesions'
    a fatty liver's soft-tissue 'lesions' and 'lesions' that are not round (brighter ones, any in the liver) are dropped first (`lumens_out`,
    `sparing_out`, `branches_out`, given the CT and its spacing). A found
    (non-empty) lesion mask stays and is named in `details["lesion_counts"]` with `LOWER_BOUND`; an empty mask
    in `NONE_NOT_VOUCHED` is removed and its reason recorded in `details["landmarks"]["not_found"]`, where the mask
    audit (`completion.audit_lesion_masks`) reads why a lesion mask is missing.
    """
    if ct is not None and spacing is not None:
        foreign_out(arrays, details)
        bile_out(arrays, ct, spacing, details)
        bowel_out(arrays, ct, spacing, details)
        sinus_fat_out(arrays, ct, details)
        leaks_out(arrays, ct, spacing, details)
        lumens_out(arrays, ct, spacing, details)
        sparing_out(arrays, ct, spacing, details)
        branches_out(arrays, ct, spacing, details)
        faint_beside_out(arrays, ct, spacing, details)
    bounded = dict(details.get("lesion_counts") or {})
    for name in LESION_MASKS:
        mask = arrays.get(name)
        if mask is None:
            continue
        if mask.any():
            bounded[name] = LOWER_BOUND
        elif name in NONE_NOT_VOUCHED:
            del arrays[name]
            details.setdefault("landmarks", {}).setdefault("not_found", {})[name] = NONE_NOT_VOUCHED[name]
    if bounded:
        details["lesion_counts"] = bounded


NEIGHBOURS = ("gall_bladder", "postcava", "stomach", "portal_vein_and_splenic_vein", "duodenum", "aorta")
"""Structures against the liver whose partial volume darkens the liver's edge by a few HU (bile, blood, a lumen)."""
FAINT_BESIDE = ("a liver tumor piece of {volume:.1f} mL at {hu:.0f} HU, only {contrast:.0f} HU below the parenchyma "
                "({level:.0f} HU), touches the {neighbour}: the neighbour's partial volume, not a lesion")


def faint_beside_out(arrays: dict[str, np.ndarray], ct: np.ndarray, spacing: Any, details: dict[str, Any]) -> None:
    """Drops (in place) the darker liver 'lesions' less than `MIN_CONSPICUITY_HU` below the parenchyma that touch a
    neighbour (`NEIGHBOURS`); each reason in `details["lesions_dropped"]`.

    Such faint pieces pass only the large-region floor (`classical_lesions.faint_floor`); against the gall bladder or
    the IVC they are the neighbour's partial volume (suite AP, a foreign generator: 2.6-12.6 mL pieces 10-12 HU below a
    98-110 HU enhanced liver beside the gall bladder and the IVC, on two livers with no lesion, were read as lesions
    and answered "is there a liver lesion?" Yes). A lesion as faint away from the neighbours stays, as does any one
    clearly darker."""
    import cc3d
    from scipy import ndimage

    from agents.segmenters.classical_lesions import MIN_CONSPICUITY_HU

    found = found_against(arrays, ct, "liver_tumor", "liver")
    if found is None:
        return
    mask, box, level = found
    grown = tuple(slice(max(0, b.start - 1), min(n, b.stop + 1)) for b, n in zip(box, mask.shape, strict=True))
    near = {name: arrays[name][grown] for name in NEIGHBOURS if arrays.get(name) is not None and arrays[name][grown].any()}
    if not near:
        return
    voxel_ml = float(np.prod(np.asarray(spacing, dtype=np.float64))) / 1000.0
    local = mask[grown]
    labels, n = cc3d.connected_components(local, connectivity=26, return_N=True)
    for label in range(1, n + 1):
        piece = labels == label
        hu = float(np.median(ct[grown][piece]))
        if not level - MIN_CONSPICUITY_HU < hu < level:
            continue
        rim = ndimage.binary_dilation(piece, iterations=1)
        touched = next((name for name, other in near.items() if (rim & other).any()), None)
        if touched is not None:
            local[piece] = False
            details.setdefault("lesions_dropped", []).append(FAINT_BESIDE.format(
                volume=np.count_nonzero(piece) * voxel_ml, hu=hu, contrast=level - hu, level=level,
                neighbour=touched.replace("_", " ")))


def lower_bound_masks(details: Mapping[str, Any]) -> dict[str, str]:
    """The lesion masks a segmentation's details call a lower bound (mask -> reason); {} for an exhaustive backend."""
    bounded = details.get("lesion_counts")
    return {str(k): str(v) for k, v in bounded.items()} if isinstance(bounded, Mapping) else {}
