"""Missing is not zero: lesion masks absent from a provided mask set are unknown.

AbdomenAtlas-style folders sometimes hold lesion masks only where a lesion exists. Reading an
absent `kidney_cyst.nii.gz` as "no cyst" would answer from nothing. For every lesion group whose
organ is provided but some of whose lesion masks are not:

- if a provided mask of the group already shows a lesion, the group's lesions are known to exist
  (its count is then a lower bound, said in the evidence);
- otherwise the group is unknown: its provided (empty) lesion masks are set aside, so no count of
  zero is measured, and the answer abstains naming the missing mask.

Each missing mask gets `present = None` segmentation evidence whose reason names it and the
remedy. Completing it with a lesion segmenter is left to a configured backend that produces
lesion masks (the embedded classical segmenter's lesion detection is not trusted to say "none").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agents.segmenters.base import Segmentation
from core.anatomy import LESION_GROUPS
from core.case import Evidence


@dataclass
class LesionMaskAudit:
    """What a provided mask set says about each lesion group."""

    segmentation: Segmentation
    """The masks to use: empty lesion masks of an unknown group set aside."""
    evidence: list[Evidence] = field(default_factory=list)
    unknown_groups: list[str] = field(default_factory=list)


def _missing_evidence(mask: str, organ: str, lower_bound: bool, prefix: str) -> Evidence:
    kind = mask.split("_", 1)[1].replace("tumor", "tumour")
    if lower_bound:
        reason = (f"no {mask} mask was provided: other {organ} lesions are present, but whether the {organ} also "
                  f"holds a {kind} is unknown, so lesion counts are at least the ones measured")
    else:
        reason = (f"no {mask} mask was provided: whether the {organ} holds a {kind} is unknown, not absent; "
                  f"provide the {mask} mask (empty if there is none) or configure a lesion segmentation model")
    return Evidence.make("segmentation", "segmentation", "present", f"{prefix}{mask}", value=None, reason=reason,
                         provenance={"backend": "provided", "missing": True})


def audit_lesion_masks(result: Segmentation, prefix: str = "") -> LesionMaskAudit:
    """Marks lesion masks absent from a provided set as unknown and sets aside what would read as zero."""
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
        audit.evidence += [_missing_evidence(m, organ, shows_lesion, prefix) for m in missing]
        if not shows_lesion:
            for name in present:
                del masks[name]
            audit.unknown_groups.append(group.name)
    if audit.unknown_groups:
        details = {**result.details, "unknown_lesion_groups": audit.unknown_groups}
        audit.segmentation = Segmentation(masks, result.backend, details)
    return audit
