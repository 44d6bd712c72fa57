"""The interval between two studies: its duration, and the lesions said to have gone.

A duration stated ("over the two-year interval", "in the 12 months since
the prior CT"): it must be the time between the dates the evidence records for the two studies.

Measurement records the prior study's date in the provenance of every change it measures (`prior_date`,
`baseline_date`) and, where the case gives it, the current study's (`current_date`); a duration is held against
the two within a month (a week for one said in weeks or days). Where the evidence does not date both studies, the
duration rests on nothing measured. A lesion said to have resolved needs one the counts let go: the prior count
less the lesions still there (today's count less the new ones).
"""

from __future__ import annotations

import re
from datetime import date

from agents.review_checks.base import NUMBER_WORDS, ReviewInput
from agents.review_checks.clauses import asserted

UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}
DURATION = re.compile(r"\b(\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                      r"eighteen|twenty-four|half a)[- ](day|week|month|year)s?\b(?:[- ](?:interval|period|gap|follow-?up)|"
                      r"\s+(?:since|after|before|between|later|earlier|apart|ago|interval|of follow-?up)|\s+(?:elapsed|passed))",
                      re.IGNORECASE)
"""A duration said of the interval: "two-year interval", "12 months since", "3 weeks after", "six months apart"."""
WORDS = {**NUMBER_WORDS, "a": 1, "an": 1, "eighteen": 18, "twenty-four": 24, "half a": 0.5}


def _dates(review: ReviewInput, keys: tuple[str, ...]) -> set[date]:
    found = set()
    for e in review.evidence:
        params = e.provenance.model_dump()
        for key in keys:
            value = params.get(key) or (params.get("parameters") or {}).get(key)
            if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
                found.add(date.fromisoformat(value[:10]))
    return found


def interval_claims(review: ReviewInput) -> list[str]:
    """The durations the answer gives the interval that the recorded study dates do not give."""
    text = review.claim_text
    problems = []
    for match in DURATION.finditer(text):
        if not asserted(text, match):
            continue
        amount, unit = match.group(1).lower(), match.group(2).lower()
        said = float(WORDS.get(amount, 0) if not amount[0].isdigit() else float(amount)) * UNIT_DAYS[unit]
        prior, current = _dates(review, ("prior_date", "baseline_date")), _dates(review, ("current_date",))
        if not prior or not current:
            problems.append(f"states the interval as {match.group(0)!r}, but the evidence does not date both studies")
            continue
        gaps = [(c - p).days for p in prior for c in current]
        slack = 10.0 if unit in ("day", "week") else 31.0
        if not any(abs(gap - said) <= slack for gap in gaps):
            problems.append(f"states the interval as {match.group(0)!r}, but the studies are {min(gaps)} days apart")
    return problems


RESOLVED = re.compile(r"\b(?:resolved|disappeared|vanished|no longer (?:seen|visible|present|identified)|"
                      r"(?:has|have) gone)\b", re.IGNORECASE)


def resolved_claims(review: ReviewInput) -> list[str]:
    """A lesion said to have resolved where the prior and current counts, and the new lesions, leave none gone."""
    text = review.claim_text
    said = next((m for m in RESOLVED.finditer(text) if asserted(text, m)), None)
    prior, now = review.number("liver_lesion.prior_lesion_count"), review.number("liver_lesion.lesion_count")
    if said is None or prior is None or now is None:
        return []
    new = review.number("new_lesions.lesion_count")
    gone = prior - now + new if new is not None else (prior - now if prior > now else None)
    if gone is not None and gone <= 0:
        return [f"says a lesion {said.group(0)!r}, but {prior:g} lesions before and {now:g} now"
                + (f" with {new:g} new" if new is not None else "") + " leave none gone"]
    return []


__all__ = ["interval_claims", "resolved_claims"]
