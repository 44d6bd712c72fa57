"""Missing is not zero: lesion masks absent from a provided mask set are unknown until looked for.

AbdomenAtlas-style folders sometimes hold lesion masks only where a lesion exists. Reading an
absent `kidney_cyst.nii.gz` as "no cyst" would answer from nothing. Two steps, in order:

1. `complete_lesion_masks` looks for the missing lesions with the classical lesion finder
   (`classical_lesions.find_lesions`) inside the provided organ masks. When it finds no lesion
   beyond the provided lesion masks, each missing mask is completed as empty, its provenance
   naming the finder (`backend_per_structure`, `completed_lesion_masks`) and not exhaustive (`lesion_counts`:
   the finder misses lesions, so its "none" settles existence, never a count, burden or volume of 0). When it finds more, the
   finding is not taken as a lesion either (on phantoms of two generators the finder's "lesions"
   in a lesion-free fatty liver are vessels and texture): the mask stays missing, so unknown.
   Measured on suites A/B/C (36 phantoms, provided organ masks): no false lesion in 26 lesion-free
   kidney pairs and 10 lesion-free pancreases, 4 in 10 lesion-free livers (those stay unknown);
   it misses low-contrast lesions (4 of 23 pancreatic, 1 of 25 livers with lesions), so a completed
   "none" says which finder decided it. A liver or pancreas whose HU spread is wider than the image noise
   explains (`spread_over_noise` above `homogeneous_limit`) is not completed either: a 27 mm pancreatic tumour
   12.6 HU below the gland at 6.7 HU noise was missed by the finder and read 1.20 times the noise, while every
   lesion-free liver and pancreas of 16 randomised phantoms read 0.96-1.06. The colon has no lesion finder: its mask stays missing.
2. `audit_lesion_masks` marks what is still missing, for every lesion group whose organ is provided:
   - if a provided mask of the group already shows a lesion, the group's lesions are known to exist
     (its count is then a lower bound, said in the evidence);
   - otherwise the group is unknown: its provided (empty) lesion masks are set aside, so no count
     of zero is measured, and the answer abstains naming the missing mask.
   Each missing mask gets `present = None` segmentation evidence whose reason names it and the remedy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cc3d
import numpy as np

from agents.segmenters.base import Segmentation
from core.anatomy import LESION_GROUPS
from core.case import Evidence
from imaging.volume import LabelMap

FINDER = "classical lesion finder"
"""Backend name of a lesion mask completed by `complete_lesion_masks`."""
NOT_EXHAUSTIVE = ("completed as empty by the classical lesion finder, which misses lesions (low-contrast ones: 4 of 23 "
                  "pancreatic and 1 of 25 liver lesions on suites A/B/C), so it is not exhaustive: no lesion count, "
                  "burden or total volume of 0 rests on it")
"""Why a completed mask is a lower bound (`details["lesion_counts"]`): the pipeline withholds its group's counts."""
FINDER_GROUPS = ("liver_lesion", "kidney_lesion", "pancreas_lesion")
"""Lesion groups the classical lesion finder covers (no colon finder)."""


@dataclass
class LesionMaskAudit:
    """What a provided mask set says about each lesion group."""

    segmentation: Segmentation
    """The masks to use: empty lesion masks of an unknown group set aside."""
    evidence: list[Evidence] = field(default_factory=list)
    unknown_groups: list[str] = field(default_factory=list)


def _missing_evidence(mask: str, organ: str, lower_bound: bool, prefix: str, backend: str = "provided",
                      why: str | None = None) -> Evidence:
    kind = mask.split("_", 1)[1].replace("tumor", "tumour")
    missing = (f"no {mask} mask was provided" if backend == "provided" else
               f"segmenter {backend!r} wrote no {mask} mask" + (f" ({why})" if why else ""))
    if lower_bound:
        reason = (f"{missing}: other {organ} lesions are present, but whether the {organ} also "
                  f"holds a {kind} is unknown, so lesion counts are at least the ones measured")
    else:
        reason = (f"{missing}: whether the {organ} holds a {kind} is unknown, not absent; "
                  f"provide the {mask} mask (empty if there is none) or configure a lesion segmentation model")
    return Evidence.make("segmentation", "segmentation", "present", f"{prefix}{mask}", value=None, reason=reason,
                         provenance={"backend": backend, "missing": True})


def audit_lesion_masks(result: Segmentation, prefix: str = "") -> LesionMaskAudit:
    """Marks lesion masks absent from a mask set as unknown and sets aside what would read as zero.

    One rule for every backend (a provided folder, the classical segmenter, a model) and for both the pipeline
    (`agents.segmentation`) and the harness's tool cache (`benchmarks.toolcache`): a lesion mask the set lacks while
    its organ is there is unknown, never empty. A segmenter's own reason for not writing it (its details'
    `landmarks.not_found`, e.g. no solid renal mass read on an unenhanced scan) is quoted in the evidence.
    """
    marks = result.details.get("landmarks")
    why = marks.get("not_found", {}) if isinstance(marks, dict) else {}
    masks = dict(result.masks)
    audit = LesionMaskAudit(result)
    for group in LESION_GROUPS:
        if not any(organ in masks for organ in group.organs):
            continue  # the organ is not provided either: nothing is claimed about its lesions
        missing = [m for m in group.lesion_masks if m not in masks]
        if not missing:
            continue
        present = [m for m in group.lesion_masks if m in masks]
        shows_lesion = any(bool(masks[m].array.any()) for m in present)
        organ = group.organs[0].split("_")[0]
        audit.evidence += [_missing_evidence(m, organ, shows_lesion, prefix, result.backend, why.get(m)) for m in missing]
        if not shows_lesion:
            for name in present:
                del masks[name]
            audit.unknown_groups.append(group.name)
    if audit.unknown_groups:
        details = {**result.details, "unknown_lesion_groups": audit.unknown_groups}
        audit.segmentation = Segmentation(masks, result.backend, details)
    return audit


def complete_lesion_masks(image: Any, result: Segmentation) -> Segmentation:
    """A provided mask set with each missing lesion mask completed as empty where the lesion finder finds nothing new.

    Args:
        image: The CT (HU) the masks belong to, with spacing.
        result: The provided masks.

    Returns:
        The masks, with the completed lesion masks (empty, on the image grid) and in `details`
        `completed_lesion_masks` (mask -> why) and `lesion_finder_findings` (group -> lesions the
        finder saw beyond the provided masks, which leave the group's missing masks unknown).
    """
    masks = dict(result.masks)
    completed: dict[str, str] = {}
    findings: dict[str, int] = {}
    unvouched: dict[str, str] = {}
    for group in LESION_GROUPS:
        missing = [m for m in group.lesion_masks if m not in masks]
        organs = [o for o in group.organs if o in masks and masks[o].array.any()]
        if not missing or group.name not in FINDER_GROUPS or not organs or image.spacing is None:
            continue
        known = np.zeros(image.array.shape, dtype=bool)
        for name in group.lesion_masks:
            if name in masks:
                known |= masks[name].array
        new = sum(_new_lesions(image, masks[o].array, known, o.startswith("kidney")) for o in organs)
        if new:
            findings[group.name] = new
            continue
        spreads = {o: spread_over_noise(image.array, masks[o].array & ~known) for o in organs
                   if not o.startswith("kidney")}
        uneven = [(o, r, limit) for o, (r, n) in spreads.items() if r > (limit := homogeneous_limit(n))]
        if uneven:  # more spread than noise explains: a lesion the finder's contrast gate missed may be there
            organ, ratio, limit = uneven[0]
            unvouched[group.name] = UNEVEN.format(organ=organ, ratio=ratio, limit=limit)
            continue
        template = masks[organs[0]]
        for name in missing:
            masks[name] = LabelMap(array=np.zeros(image.array.shape, dtype=bool), affine=template.affine,
                                   spacing=template.spacing, name=name, source=FINDER)
            completed[name] = (f"no {name} mask was provided; the {FINDER} found no lesion in the provided "
                               f"{' and '.join(organs)} mask(s) beyond the provided lesion masks, so it is empty")
    if not completed and not findings and not unvouched:
        return result
    origin = {**result.details.get("backend_per_structure", {}), **dict.fromkeys(completed, FINDER)}
    bounded = {**(result.details.get("lesion_counts") or {}), **dict.fromkeys(completed, NOT_EXHAUSTIVE)}
    details = {**result.details, "backend_per_structure": origin, "completed_lesion_masks": completed,
               "lesion_finder_findings": findings, "lesion_finder_not_vouched": unvouched,
               **({"lesion_counts": bounded} if bounded else {})}
    return Segmentation(masks, result.backend, details)


HOMOGENEOUS_MAX = 1.08
"""Largest spread of an organ's HU over the image noise for which the finder's "no lesion" completes a missing
lesion mask, before the sampling error of the spread (`homogeneous_limit`). On the tuning half of
`scripts/make_lesion_suite.py --seed 5200` every lesion-free liver and pancreas read 0.97-1.06 (so 1.08) and organs with
lesions up to 1.82 (`scripts/bench_completion.py` for what the finder found)."""


def homogeneous_limit(voxels: int) -> float:
    """`HOMOGENEOUS_MAX` plus three standard errors of a spread estimated from `voxels` voxels (about 1/sqrt(n)):
    a small organ's percentiles scatter more (a lesion-free 5 mm-slice pancreas read 1.12)."""
    return HOMOGENEOUS_MAX + 3.0 / float(np.sqrt(max(voxels, 1)))
UNEVEN = ("the {organ}'s attenuation spreads {ratio:.2f} times as widely as the image noise explains (at most "
          "{limit:.2f} for an organ without lesions), so a lesion too faint for the finder may be there: the missing "
          "lesion mask stays unknown")


def spread_over_noise(ct: np.ndarray, organ: np.ndarray) -> tuple[float, int]:
    """How many times the image noise the organ's HU spread is (1 for an organ that is noise alone), and over how
    many voxels it was read.

    Spread: (95th - 5th percentile) / 3.29 inside the organ eroded by one voxel (a normal distribution's SD).
    Noise: the robust SD of differences between neighbouring voxels inside the organ / sqrt(2), which a region's
    own level does not enter. Kidneys are not read this way (cortex and medulla differ by 30-80 HU).

    Args:
        ct: The CT in HU, (X, Y, Z).
        organ: Boolean mask of the organ on the same grid.
    """
    from scipy import ndimage

    from imaging.masks import mask_box

    box = mask_box(organ)
    if box is None:
        return 1.0, 0
    inner = ndimage.binary_erosion(np.pad(organ[box], 1))[1:-1, 1:-1, 1:-1]
    values = ct[box].astype(np.float32)
    pairs = inner[1:] & inner[:-1]
    if not pairs.any():
        return 1.0, 0
    steps = (values[1:] - values[:-1])[pairs]
    noise = 1.4826 * float(np.median(np.abs(steps - np.median(steps)))) / np.sqrt(2.0)
    low, high = np.percentile(values[inner], [5, 95])
    count = int(np.count_nonzero(inner))
    return (float((high - low) / 3.29 / noise) if noise > 0 else 1.0), count


def _new_lesions(image: Any, organ: np.ndarray, known: np.ndarray, bimodal: bool) -> int:
    """How many lesions the finder sees in `organ` that touch no provided lesion voxel (on its coarse grid)."""
    from agents.segmenters.classical_grid import block_factors, block_mean, upsample
    from agents.segmenters.classical_lesions import find_lesions

    spacing = np.asarray(image.spacing, dtype=np.float64)
    factors = block_factors(spacing, image.array.shape)
    hits = [np.flatnonzero(organ.any(axis=tuple(a for a in range(3) if a != axis))) for axis in range(3)]
    box = tuple(slice(max(0, (int(h[0]) // f - 1) * f), int(h[-1]) + 1 + 2 * f)
                for h, f in zip(hits, factors, strict=True))
    coarse_ct = block_mean(image.array[box], factors)
    coarse_organ = block_mean(organ[box].astype(np.float32), factors) > 0.5
    voxel_ml = float(np.prod(spacing * np.asarray(factors))) / 1000.0
    found = find_lesions(coarse_ct, coarse_organ, voxel_ml, bimodal=bimodal, spacing=spacing * np.asarray(factors))
    if not found.any():
        return 0
    labels, count = cc3d.connected_components(upsample(found, factors, organ[box].shape), connectivity=26,
                                              return_N=True)
    touched = set(np.unique(labels[known[box]]).tolist()) - {0}
    return count - len(touched)
