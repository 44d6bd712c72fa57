"""RECIST targets: a simple cyst is never a target lesion (RECIST 1.1, section 3.1.2).

A saved RECIST answer whose target list holds a simple cyst (a 24 mm renal cyst of 5 HU beside the liver
metastases) dilutes the targets' growth: +27 % of the liver targets became "+18 %, stable disease". The
targets carry only their diameters; each is matched to the measured lesion of the same current and
baseline diameter, and a target matched only to a lesion of a simple-cyst mask is a finding.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, failed, numeric, passed
from core.anatomy import SIMPLE_CYST_MASKS
from core.case import Check, Evidence

NAME = "recist_targets"
TARGET = re.compile(r"target_lesion_\d+")
INSTANCE = re.compile(r"[a-z]+_lesion_\d+")


def _is_cyst(item: Evidence) -> bool:
    return any(mask.rsplit(":", 1)[-1] in SIMPLE_CYST_MASKS for mask in item.provenance.masks or [])


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(a))


def recist_targets(review: ReviewInput) -> Check:
    """No RECIST target is a lesion of a simple-cyst mask (matched by its measured diameter)."""
    targets = [e for e in review.evidence if TARGET.fullmatch(e.target or "") and e.name == "longest_diameter_mm"]
    lesions = [e for e in review.evidence if INSTANCE.fullmatch(e.target or "") and not TARGET.fullmatch(e.target or "")
               and e.name == "longest_diameter_mm" and numeric(e) is not None]
    cysts = [e for e in lesions if _is_cyst(e)]
    if not targets or not cysts:
        return passed(NAME, "no simple cyst among the measured lesions")
    problems = []
    for target in targets:
        same = [e for e in lesions if _same(numeric(e), numeric(target))]
        if same and all(_is_cyst(e) for e in same):
            problems.append(f"{target.target} ({numeric(target):.1f} mm) is {same[0].target}, a simple cyst "
                            f"({same[0].provenance.masks[-1].rsplit(':', 1)[-1]}), which RECIST 1.1 never counts")
    if problems:
        return failed(NAME, "; ".join(problems), "measurement", [t.id for t in targets])
    return passed(NAME, "no target lesion is a simple cyst")


__all__ = ["recist_targets"]
