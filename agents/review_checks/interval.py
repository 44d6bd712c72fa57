"""The interval between two studies: its duration, and the lesions said to have gone.

A duration stated ("over the two-year interval", "in the 12 months since
the prior CT"): it must be the time between the dates the evidence records for the two studies.

Measurement records the prior study's date in the provenance of every change it measures (`prior_date`,
`baseline_date`) and, where the case gives it, the current study's (`current_date`); a duration is held against
the two within a month (a week for one said in weeks or days). Where the evidence does not date both studies, the
duration rests on nothing measured. A rate of change ("2 mm per month", "15 mL/year") is a measured change over
that interval: the rate times the recorded interval must give a change the evidence records (a cited change, or a
value less its prior), within 15 %. A lesion said to have resolved needs one the counts let go: the prior count
less the lesions still there (today's count less the new ones).
"""

from __future__ import annotations

import re
from datetime import date

from agents.review_checks.base import NUMBER_WORDS, ReviewInput, numeric
from agents.review_checks.clauses import asserted

UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}
DURATION = re.compile(r"\b(\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                      r"eighteen|twenty-four|half a)[- ](day|week|month|year)s?\b(?:[- ](?:interval|period|gap|follow-?up)|"
                      r"\s+(?:since|after|before|between|later|earlier|apart|ago|interval|of follow-?up)|\s+(?:elapsed|passed))",
                      re.IGNORECASE)
"""A duration said of the interval: "two-year interval", "12 months since", "3 weeks after", "six months apart"."""
_AMOUNT = (r"\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four|"
           r"half a")
SPAN = re.compile(rf"\b(?:in|over|within|during|across|after)\s+(?:the\s+(?:(?:past|last|intervening)\s+)?|about\s+|"
                  rf"approximately\s+|roughly\s+|some\s+)?({_AMOUNT})\s+(day|week|month|year)s?\b", re.IGNORECASE)
"""A duration said as the span a change took ("grew 12 mm in 6.2 months", "over the past six months")."""
ADVICE = re.compile(r"\b(?:follow-?up|repeat\w*|re-?imag\w*|re-?scan\w*|recommend\w*|suggest\w*|advis\w*|"
                    r"control|surveillance|again)\b[^.;]*$", re.IGNORECASE)
"""Words before a span that make it advice ("repeat CT in 6 months"), not the interval measured."""
RATE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(mm|cm|mL|ml|cc|%)\s*(?:/|per|an?|each)\s*(day|week|month|year)\b",
                  re.IGNORECASE)
"""A rate of change: "2 mm/month", "15 mL per year", "3 % a month"."""
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


def _durations(text: str) -> list[re.Match[str]]:
    """The interval durations the text asserts, said of the interval or as the span of a change (not advice)."""
    spans = [m for m in SPAN.finditer(text) if not ADVICE.search(text[:m.start()])]
    found = [*DURATION.finditer(text), *(m for m in spans if not any(d.start() <= m.start(1) < d.end()
                                                                    for d in DURATION.finditer(text)))]
    return [m for m in found if asserted(text, m)]


def without_intervals(text: str) -> str:
    """The text with every duration, span and rate blanked (same length): this module judges them, and their numbers
    ("6 months", "0.8 mm per month") are no measured value for the number and comparison checks to read."""
    for pattern in (SPAN, DURATION, RATE):  # a span first: "over the six months since" is one duration
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def interval_claims(review: ReviewInput) -> list[str]:
    """The durations and rates the answer gives the interval that the recorded study dates do not give."""
    text = review.claim_text
    problems = rate_claims(review)
    for match in _durations(text):
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


def _interval_days(review: ReviewInput) -> list[int]:
    """The days between each recorded prior date and the recorded current date."""
    prior, current = _dates(review, ("prior_date", "baseline_date")), _dates(review, ("current_date",))
    return [(c - p).days for p in prior for c in current]


def rate_claims(review: ReviewInput) -> list[str]:
    """Each rate of change stated that no recorded change over the recorded interval gives."""
    text = review.claim_text
    problems = []
    for match in RATE.finditer(text):
        if not asserted(text, match):
            continue
        gaps = _interval_days(review)
        if not gaps:
            problems.append(f"states a rate of change ({match.group(0)!r}), but the evidence does not date both studies")
            continue
        unit = {"ml": "mL", "cc": "mL", "cm": "mm"}.get(match.group(2).lower(), match.group(2))
        scale = 10.0 if match.group(2).lower() == "cm" else 1.0
        per_day = float(match.group(1)) * scale / UNIT_DAYS[match.group(3).lower()]
        changes = _changes(review, unit)
        if not any(abs(per_day * gap - change) <= 0.15 * abs(change) + 1e-9 for gap in gaps for change in changes):
            over = min(gaps)
            near = ", ".join(f"{c:+.1f} {unit}" for c in changes[:3]) or "none"
            problems.append(f"states a rate of {match.group(0)!r}, but over the {over} days between the studies the "
                            f"recorded changes are {near}")
    return problems


def _changes(review: ReviewInput, unit: str) -> list[float]:
    """The changes the evidence records in `unit`: change items, and each value less its prior or baseline."""
    changes = [v for e in review.evidence if e.unit == unit and "change" in e.name and "pct" not in e.name
               and (v := numeric(e)) is not None]
    for e in review.evidence:
        for prefix in ("prior_", "baseline_"):
            if e.unit == unit and e.name.startswith(prefix) and (then := numeric(e)) is not None:
                if (value := review.number(f"{e.target}.{e.name[len(prefix):]}")) is not None:
                    changes.append(value - then)
    return [c for c in changes if c]


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


__all__ = ["interval_claims", "rate_claims", "resolved_claims", "without_intervals"]
