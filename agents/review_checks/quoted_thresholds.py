"""A threshold a case answer quotes for a cited category is that category's own cut.

"Moderate to severe fatty liver: liver 30.0 HU, below the 58 HU cut-off for moderate-severe steatosis" gives the
category a limit its cited criterion does not have (its cut is 40 HU; 58 HU is another grading's normal limit), and
"progressive disease needs a 30 % increase" gives PD the partial-response decrease. Only numbers said as a limit
("below the 58 HU cut-off", "needs a 30 % increase", "x < 40 HU", "the 314.5 mL threshold") are read, each against
the category named nearest before it (else after it) by `quoted_limits.misquoted_limits`; measured values stated
beside them are not limits and are left to `numeric_grounding`. A cited criterion's own limit in another unit is
not read (it may be another category's cut said beside this one); a percentage change's limit is, for its
direction ("30 %" is the partial-response decrease, never an increase).
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, failed, passed
from agents.review_checks.quoted_limits import misquoted_limits
from core.case import Check
from questions.intents.answers import numbers_in

BEFORE_LIMIT = re.compile(r"(?:cut-?offs?|thresholds?|limits?|needs?|needed|requires?|required|defined (?:as|by)|"
                          r"below|above|under|over|short of|exceed(?:s|ing)?|at least|at most|[<>≤≥]=?)\s*(?:of\s+)?"
                          r"(?:the |a |an )?(?:x\s*[<>≤≥]=?\s*)?$", re.IGNORECASE)
AFTER_LIMIT = re.compile(r"^\s*(?:cut-?off|threshold|limit)", re.IGNORECASE)
CUT_WORDS = re.compile(r"(?:cut-?offs?|thresholds?|limits?)\s*(?:of\s+)?(?:the |a |an )?(?:x\s*[<>≤≥]=?\s*)?$|"
                       r"(?:the|a)\s*$", re.IGNORECASE)
"""A number said as a named cut ("the 30 HU cut-off", "threshold 30 HU"): a limit even when it equals a measured value."""


def limits_only(text: str, known: frozenset[float] = frozenset(), measured: frozenset[float] = frozenset()) -> str:
    """The text with every number that is not said as a limit, or is (by its size) a limit of a cited criterion
    (`known`: "40 HU" of the moderate-severe cut said beside "fatty liver"; the "800" of "500-800 mL"), or is a
    measured value (`measured`: "volume at least 975.5 mL" states a lower bound, not a cut), blanked out (same
    length, so positions hold)."""
    out = text
    for mention in numbers_in(text):
        before = text[max(0, mention.start - 40):mention.start]
        named_cut = bool(CUT_WORDS.search(before) or AFTER_LIMIT.match(text, mention.end))
        if any(abs(abs(mention.value) - k) <= mention.tolerance for k in known) or (not named_cut and any(
                abs(abs(mention.value) - m) <= mention.tolerance for m in measured)) or \
                (mention.start > 0 and text[mention.start - 1].isdigit()):  # "500-800 mL": a range's end
            out = out[:mention.start] + " " * (mention.end - mention.start) + out[mention.end:]
            continue
        if BEFORE_LIMIT.search(before) or AFTER_LIMIT.match(text, mention.end):
            continue
        out = out[:mention.start] + " " * (mention.end - mention.start) + out[mention.end:]
    return out


def quoted_thresholds(review: ReviewInput) -> Check:
    """Every limit the answer quotes beside a cited category is one of that category's band limits."""
    name = "quoted_thresholds"
    if review.answer is None or not review.criterion_entries():
        return passed(name, "no cited criterion whose limits could be quoted")
    known = frozenset(abs(float(v)) for entry in review.criterion_entries() if entry.criterion
                      for scale in entry.criterion.quantities if scale.unit != "%" for band in scale.bands
                      for v in (band.lower, band.upper) if v is not None)  # a change's % has a direction to check
    text = re.sub(r"(\d)\s*[-–]\s*(\d)", r"\1 to \2", review.claim_text)  # "500-800 mL": a range, no "-800"
    measured = frozenset(abs(float(e.value)) for e in review.cited if e.kind == "measurement"
                         and isinstance(e.value, int | float) and not isinstance(e.value, bool))
    problems = misquoted_limits(review, limits_only(text, known, measured))
    if problems:
        return failed(name, "; ".join(problems), "reasoner")
    return passed(name, "every quoted limit is its category's own")
