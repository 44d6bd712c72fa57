"""Forecasts: what a lesion or an organ will do is not something a CT measures.

"It will double in 6 months", "doubling time about 40 days", "expected to reach 40 mm by next year", "projected
volume 55 mL at the next scan" state a future value or a growth rate extrapolated from nothing cited. Measurement
records values and changes between studies that happened; it never records a projection, so a forecast of a
measured quantity stands only on a cited item that is one (a `doubling_time` or `projected_*` evidence name).
Advice ("repeat CT in 3 months", "follow-up is recommended") and a denial ("not expected to change") forecast
nothing and pass.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from agents.review_checks.clauses import asserted

GROWTH = (r"(?:double|doubl\w+|tripl\w+|quadrupl\w+|grow\w*|increas\w*|enlarg\w*|reach\w*|exceed\w*|progress\w*|"
          r"shrink\w*|decreas\w*|regress\w*|resolv\w*|measure\w*|become\w*|be\s+(?:about\s+|approximately\s+|around\s+)?"
          r"\d|surpass\w*|attain\w*|hit)")
FORECAST = re.compile(
    rf"\b(?:will|shall|(?:is|are|be)\s+(?:expected|projected|predicted|likely|anticipated|set|bound|going)\s+to|"
    rf"(?:expected|projected|predicted|anticipated|forecast|estimated)\s+to)\s+(?:\w+\s+){{0,3}}?{GROWTH}\b|"
    rf"\b(?:tumou?r\s+|volume\s+|volumetric\s+)?doubling[- ]times?\b|"
    rf"\b(?:projected|predicted|forecast|anticipated|expected|extrapolated)\s+(?:\w+\s+)?"
    rf"(?:volume|size|diameter|growth|value|burden|sum|measurement)s?\b",
    re.IGNORECASE)
"""A forecast: a future value, a growth it will have, a doubling time, a projected measurement."""
PROJECTED = re.compile(r"doubling|projected|predicted|forecast|extrapolat", re.IGNORECASE)


def forecast_claims(review: ReviewInput) -> list[str]:
    """The forecasts the answer asserts that no cited projection supports."""
    if any(PROJECTED.search(e.name) for e in review.cited):
        return []
    text = review.claim_text
    said = next((m for m in FORECAST.finditer(text) if asserted(text, m)), None)
    if said is None:
        return []
    return [f"forecasts {said.group(0)!r}: no cited measurement projects a future value or a growth rate"]


__all__ = ["forecast_claims"]
