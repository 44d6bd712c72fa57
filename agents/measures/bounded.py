"""Lesion measurements a lower-bound lesion mask cannot support: its count and what sums over all its lesions.

A segmenter that misses lesions (the classical search, `agents.segmenters.lesion_search`) says so per lesion mask:
the segmentation agent records `lesions_exhaustive = False` for each mask it found lesions in, with the reason.
The lesions in such a mask exist, but how many there are and what is summed or spread over all of them (total
volume, burden, counts per organ, side or sub-segment, clustering, the outlier test, RECIST's sums, which lesion is
the largest and so the largest lesion's size, attenuation and place) are not known: one missed lesion changes each. So those quantities are withheld, and the lesion group's count becomes
`{group}.lesion_count_lower_bound` (at least the lesions found, with the reason), which answers existence. Each
found lesion's own measurements stand (it was measured whole), and so do the organ's volume and attenuation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from core.case import Evidence, Finding
from knowledge.bounds import LESIONS_EXHAUSTIVE

SET_WIDE = re.compile(r"lesion_count|total_lesion_volume|tumor_burden|outlier_lesion|clustering|^count_in_|"
                      r"^volume_in_|segments?_pct$|largest_to_second|^largest_lesion_")
"""Measurement names whose value depends on every lesion of the set (a count, a sum, a share, a spread, which lesion
is the largest: a missed lesion may be larger than every one found, so the largest found is not "the largest")."""
SET_TARGET = re.compile(r"(^|:)(recist|new_lesions|target_lesions?\w*)$")
"""RECIST 1.1's sets: the sum of the target lesions and the new lesions are set-wide as well."""


def bounded_masks(evidence: Iterable[Evidence]) -> dict[str, str]:
    """Mask id -> why its lesions are only a lower bound, from the segmentation agent's `lesions_exhaustive` items."""
    return {str(e.provenance.mask): str(e.reason or "") for e in evidence
            if e.kind == "segmentation" and e.name == LESIONS_EXHAUSTIVE and e.value is False and e.provenance.mask}


def rests_on_bound(item: Evidence, bounded: Mapping[str, str]) -> str | None:
    """The reason a lesion measurement cannot be used (its masks include a bounded one); None when it can."""
    hit = [bounded[m] for m in item.provenance.masks or [] if m in bounded]
    if not hit and SET_TARGET.search(item.target or ""):  # RECIST's sets span every lesion mask of both studies
        hit = list(bounded.values())
    if not hit or item.kind != "measurement":
        return None
    return hit[0] if SET_WIDE.search(item.name) or SET_TARGET.search(item.target or "") else None


def withhold_bounded(measured: list[Evidence], findings: list[Finding],
                     bounded: Mapping[str, str]) -> tuple[list[Evidence], list[Finding]]:
    """The measurements and findings without the set-wide lesion quantities resting on bounded masks, plus each
    lesion group's `lesion_count_lower_bound` where it found a lesion (its reason says why the count is not exact)."""
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
