"""An organ shown absent (its mask provided with the case, and empty) as against one not found (unknown).

A provided AbdomenAtlas mask set writes every structure; an empty `kidney_left` in it says the left kidney is not
there (a nephrectomy), evidence as good as a volume. A structure a segmenter did not find, or a mask not provided,
is unknown: nothing may be concluded from it. The segmentation agent (and the benchmark harness, for a tool cache
built from provided masks) marks the first kind with `ABSENT` in the `present` item's provenance; the reasoner and
the reviewer read it through `evidenced_absence`, one predicate for both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.case import Evidence

ABSENT = "absent"
"""Provenance key of a `present = False` item whose structure is shown absent by an empty provided mask."""
ABSENCE_WORDS = re.compile(r"\b(?:absent|absence|missing|not present|removed|resected|nephrectom\w*|solitary|only one|"
                           r"single (?:remaining )?kidney|only (?:the )?(?:left|right) kidney|all (?:of it )?(?:from )?(?:the )?(?:left|right) "
                           r"kidney|no (?:left|right) kidney|(?:left|right) kidney (?:is )?(?:not seen|not identified|not "
                           r"visuali[sz]ed|empty))\b", re.IGNORECASE)
"""Words an answer uses to say an organ is absent ("the left kidney is absent", "only one kidney is present", "all of it
right kidney, as no left kidney is present")."""


def evidenced_absence(evidence: Iterable[Evidence], structure: str) -> Evidence | None:
    """The segmentation item showing `structure` absent (its provided mask is empty), or None when it is present,
    unknown, or only not found by a segmenter."""
    return next((e for e in evidence if e.kind == "segmentation" and e.name == "present" and e.target == structure
                 and e.value is False and e.provenance.get(ABSENT) is True), None)
