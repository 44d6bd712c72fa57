"""Lesion measurements a lower-bound lesion mask cannot support: it shows that a lesion exists, nothing more.

A segmenter that misses lesions (the classical search, `agents.segmenters.lesion_search`) says so per lesion mask:
the segmentation agent records `lesions_exhaustive = False` for each mask it found lesions in, with the reason.
The lesions in such a mask exist, but how many there are, which is the largest, what share of the organ they take,
where they lie and how they changed are not known: one missed lesion changes each of them. So every lesion quantity
resting on such a mask is withheld, and the lesion group's count becomes `{group}.lesion_count_lower_bound` (at
least the lesions found, with the reason), which answers existence only. The organ's own volume and attenuation
(measured with its lesions removed) stand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from core.case import Evidence, Finding
from knowledge.bounds import LESIONS_EXHAUSTIVE

LESION_TARGET = re.compile(r"_lesion(_\d+)?$|_tumor$|_cyst$|(^|:)(recist|new_lesions|target_lesions?\w*)$")
"""Targets that are lesions or sets of lesions (a group, one of its instances, a lesion mask, RECIST's sets)."""
LESION_NAME = re.compile(r"lesion|burden|clustering|^distance_from_")
"""Measurement names about lesions whatever their target (an organ's or a segment's lesion count, a distance)."""


def bounded_masks(evidence: Iterable[Evidence]) -> dict[str, str]:
    """Mask id -> why its lesions are only a lower bound, from the segmentation agent's `lesions_exhaustive` items."""
    return {str(e.provenance.mask): str(e.reason or "") for e in evidence
            if e.kind == "segmentation" and e.name == LESIONS_EXHAUSTIVE and e.value is False and e.provenance.mask}


def rests_on_bound(item: Evidence, bounded: Mapping[str, str]) -> str | None:
    """The reason a lesion measurement cannot be used (its masks include a bounded one); None when it can."""
    hit = [bounded[m] for m in item.provenance.masks or [] if m in bounded]
    if not hit or item.kind != "measurement":
        return None
    return hit[0] if LESION_TARGET.search(item.target or "") or LESION_NAME.search(item.name) else None


def withhold_bounded(measured: list[Evidence], findings: list[Finding],
                     bounded: Mapping[str, str]) -> tuple[list[Evidence], list[Finding]]:
    """The measurements and findings without the lesion quantities resting on bounded masks, plus each lesion
    group's `lesion_count_lower_bound` where it found a lesion (its reason says why the count is not exact)."""
    if not bounded:
        return measured, findings
    kept: list[Evidence] = []
    dropped: set[str] = set()
    for item in measured:
        why = rests_on_bound(item, bounded)
        if why is None:
            kept.append(item)
            continue
        dropped.add(item.id)
        group = (item.target or "").rsplit(":", 1)[-1]
        if item.name == "lesion_count" and group.endswith("_lesion") and isinstance(item.value, int | float) \
                and item.value > 0:
            kept.append(Evidence.make("measurement", "measurement", "lesion_count_lower_bound", item.target,
                                      value=item.value, unit="count",
                                      reason=why,
                                      provenance={**item.provenance.model_dump(exclude_none=True),
                                                  "method": f"lower bound: {item.provenance.method}"}))
    return kept, [f for f in findings if not dropped & set(f.evidence_ids)]
