"""Two readings of liver lesion clustering when a lesion spans Couinaud segments (one definition for the reasoner
and the reviewer).

DeepTumorVQA's rule (`dtvqa-liver-lesion-clustering`: highly if > 50 % of the lesions lie in one segment, somewhat if
the two busiest hold >= 75 %, else widely distributed) does not say where a lesion spanning segments counts. One
reader counts it in its main segment (`liver_lesion.top_segment_pct`), another in every segment holding > 10 % of its
voxels, as "lesion count by location" does (`liver_lesion.top_segment_pct_spanning`, capped at 100 %).
"""

from __future__ import annotations

from typing import Any

READINGS = {"liver_lesion.top_segment_pct": "liver_lesion.top_segment_pct_spanning",
            "liver_lesion.top_two_segments_pct": "liver_lesion.top_two_segments_pct_spanning"}
"""Each share of the main-segment reading -> the same share counting a lesion in every segment holding > 10 %."""
ENTRY_ID = "dtvqa-liver-lesion-clustering"


def spanning_values(values: dict[str, float]) -> dict[str, float] | None:
    """The criterion's inputs under the every-segment reading (its shares put under the criterion's own keys); None
    when that reading was not derived."""
    if not all(k in values for k in READINGS.values()):
        return None
    return values | {main: values[other] for main, other in READINGS.items()}


def readings(entry: Any, values: dict[str, float]) -> tuple[str, str] | None:
    """(main-segment label, every-segment label) the clustering criterion `entry` gives; None when either reading's
    shares are missing.

    Raises:
        KnowledgeError: a share is out of the criterion's range.
    """
    spanning = spanning_values(values)
    if spanning is None or not all(k in values for k in READINGS):
        return None
    return entry.classify(values).label, entry.classify(spanning).label
