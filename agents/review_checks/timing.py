"""Timing: a value said of a study date is that study's value.

"The sum of target diameters is 44.7 mm now versus 24.0 mm at baseline", with 44.7 mm the baseline sum and
24.0 mm today's, states two right numbers for the wrong studies: each number matches evidence, so only its
time says it is wrong. A number tied to a time in its own phrase ("now", "currently", "at baseline", "on the
prior CT", "previously", "from A to B", a date) must match an item of that time — the prior study's
(`prior_*`, `baseline_*`, `nadir_*`, dated the prior study) or today's — when it matches one of the other time
only. Changes and differences belong to neither.
"""

from __future__ import annotations

import re
from typing import Literal

from agents.review_checks.base import ReviewInput, failed, items_stating, passed, stated_numbers
from core.case import Check, Evidence

NAME = "timing"
When = Literal["prior", "current"]

DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
CURRENT = re.compile(r"\b(now|currently|today|at present|presently|at follow-?up|on (?:the |today's )?(?:current|"
                     r"latest|present|follow-?up|most recent|new) (?:study|scan|ct|exam\w*|imaging)|current)\b", re.IGNORECASE)
PRIOR = re.compile(r"\b(previously|formerly|at baseline|at (?:the )?nadir|on (?:the )?(?:prior|previous|earlier|first|"
                   r"initial|baseline|older?) ?(?:study|scan|ct|exam\w*|imaging)?|(?:on|at|in) (?:the )?baseline|"
                   r"prior|previous|baseline(?! (?:to|and|vs\.?|versus)\b)|before|earlier)\b", re.IGNORECASE)
BREAK = re.compile(r"[,;:(\n→⇒]|->|=>|\.\s|\.$|\b(?:and|versus|vs\.?|compared|whereas|while|but)\b", re.IGNORECASE)
"""Where a number's own phrase ends: its time words stand between the number and the next break ("Prior 16 mm →
current 20 mm": an arrow parts the two studies' values)."""
SINCE = re.compile(r"\b(?:since|than|with|from|to|over|relative to)\s+$", re.IGNORECASE)
"""Words that make a time the other end of a change or comparison, not the number's own study."""
BOTH_TIMES = re.compile(r"[\s,]*(?:(?:just |exactly )?as (?:on|in|at)|(?:the )?same as (?:on |in |at )?|unchanged from|as before"
                        r"|as previously)(?: the)?(?:\s+(?:prior|previous|baseline|earlier|last|first)(?:\s+(?:study|scan|ct|exam\w*))?)?\b",
                        re.IGNORECASE)
"""Words after a value that say it holds on both studies ("19.8 mm, as on the prior study", "unchanged from baseline")."""
CHANGE = re.compile(r"change|increase|decrease|difference|_from_|ratio|growth")
NEW_COUNTED = re.compile(r"\s+(?:new|additional|further|resolved|disappeared)\b", re.IGNORECASE)


def _time_of(item: Evidence) -> When | None:
    """The study an item measures: None for changes and for anything not a measured value."""
    if item.kind != "measurement" or CHANGE.search(item.name):
        return None
    if item.name.startswith(("prior_", "baseline_", "nadir_")) or ":prior:" in item.id:
        return "prior"
    return "current"


def _prior_dates(review: ReviewInput) -> set[str]:
    dates = set()
    for e in review.evidence:
        params = e.provenance.model_dump()  # the prior's date is an extra of the measuring step's provenance
        for key in ("prior_date", "baseline_date"):
            value = params.get(key) or (params.get("parameters") or {}).get(key)
            if isinstance(value, str):
                dates.add(value[:10])
    return dates


def _said_time(text: str, start: int, end: int, prior_dates: set[str]) -> When | None:
    """The time a number at text[start:end] is said of, read from its own phrase (after it first, then before)."""
    after = text[end:]
    cut = BREAK.search(after)
    after = after[:cut.start()] if cut else after
    before = text[:start]
    cuts = list(BREAK.finditer(before))
    before = before[cuts[-1].end():] if cuts else before
    for window, last in ((after, False), (before, True)):
        found = [(m.start(), "date" if m.re is DATE else ("current" if m.re is CURRENT else "prior"), m.group(0))
                 for pattern in (CURRENT, PRIOR, DATE) for m in pattern.finditer(window)
                 if not SINCE.search(window[:m.start()])]  # "grew by 120 mL since the prior CT" dates the change
        if last and re.search(r"\bfrom\s*$", window) and re.match(r"\s*\S*\s*to\s+\d", text[end:]):
            return "prior"  # "from 44.7 mm to 24.0 mm"
        if last and re.search(r"\bto\s*$", window) and re.search(r"\bfrom\s*\d[^,;]*$", text[:start]):
            return "current"
        if found:
            _, when, said = sorted(found)[-1 if last else 0]
            if when == "date":
                return "prior" if said in prior_dates else ("current" if prior_dates else None)
            return when  # type: ignore[return-value]
    return None


def _same_unit(said: str | None, measured: str | None) -> bool:
    """A percentage states no count or length, a length no volume: units compared by their dimension."""
    if not said or not measured:
        return True
    from questions.intents.answers import to_evidence_unit

    said_dim, measured_dim = to_evidence_unit(1.0, said), to_evidence_unit(1.0, measured)
    if said_dim is None or measured_dim is None:
        return said.lower() == measured.lower() or said_dim is None and measured_dim is None
    return said_dim[0] == measured_dim[0]


def timing(review: ReviewInput) -> Check:
    """Every number tied to a study time in its own phrase matches that study's evidence, when it matches any."""
    prior_dates = _prior_dates(review)
    timed = [(e, t) for e in review.evidence if (t := _time_of(e)) is not None]
    if not any(t == "prior" for _, t in timed):
        return passed(NAME, "no prior study measured: no time to confuse")
    text = review.claim_text
    masked = DATE.sub(lambda m: "#" * len(m.group(0)), text)  # a date's digits are no measurement
    problems = []
    for mention in stated_numbers(masked):
        both = BOTH_TIMES.match(text, mention.end)  # "measures 19.8 mm, as on the prior study": today's and then's
        if both is not None:
            cited = [e for e, _ in timed if e in review.cited]  # the quantity answered, not another lesion's
            hits = [e for e in items_stating(mention, cited) if _same_unit(mention.unit, e.unit)]
            times = {t for e, t in timed if e in hits}
            if hits and times != {"prior", "current"} and len({t for e, t in timed if e in cited}) == 2:
                missing = "current" if "current" not in times else "prior"
                problems.append(f"gives {text[mention.start:mention.end]!r} as the value of both studies "
                                f"({both.group(0).strip()!r}), but it is the {next(iter(times))} study's only: "
                                f"the {missing} study's differs")
            continue
        said = _said_time(text, mention.start, mention.end, prior_dates)
        if said is None or NEW_COUNTED.match(text, mention.end):  # "one new lesion" counts a change, of no one study
            continue
        hits = [e for e in items_stating(mention, [e for e, _ in timed]) if _same_unit(mention.unit, e.unit)]
        times = {t for e, t in timed if e in hits}
        if hits and said not in times:
            item = hits[0]
            problems.append(f"gives {text[mention.start:mention.end]!r} as the {said} value, but it is the "
                            f"{'prior' if said == 'current' else 'current'} study's {item.name} ({item.id!r})")
    if problems:
        return failed(NAME, "; ".join(problems), "reasoner")
    return passed(NAME, "every value said of a study time is that study's")


__all__ = ["timing"]
