"""A population's range quoted beside the patient's value is a reference, not the answer.

"1173.0 mL (reference: normal 1000–1800 mL) — within normal limits (1000–1800 mL)", "54.0 HU — in the grade-1 range
(51–57 HU)", "2.91 cm — T2 by size (2–4 cm)", "within the normal 1000–1800 mL range": the two ends are the range a
reader compares the value with ("659.9 mL (314.5-500 mL)" puts the value in it, which `stated_bands` judges). When the answer states a value of its own outside every such range, the range's ends
state nothing of the patient; whether the value lies in it, and whether the category it names is right, are the band
and category checks' to judge (`stated_bands`, `rule_grounding`, `wording`), which still read them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from agents.review_checks.base import ReviewInput, numeric, stated_numbers
from questions.intents.answers import NumberMention, numbers_in, to_evidence_unit

__all__ = ["in_quoted_range", "misquoted_range", "quoted_ranges"]

_NUMBER = r"[-−]?\d+(?:\.\d+)?"
_UNIT = r"(?:mL|ml|L|mm|cm|HU|%|cm³|cc)"
_RANGE = rf"{_NUMBER}\s*{_UNIT}?\s*(?:-|–|—|to)\s*{_NUMBER}\s*{_UNIT}?"
REFERENCE_WORD = r"(?:normal|reference|ref\.?|range|limits?|threshold|cut-?off|interval|usual|typical|expected|healthy|criteri(?:on|a)|guideline)"
BRACKETED = re.compile(rf"\(\s*(?:[A-Za-z][\w\- ]{{0,24}}?\s*[:=]?\s*)?(?P<range>{_RANGE})\s*"
                       rf"(?:[A-Za-z ]{{0,12}}|[\w\- ]{{0,30}}\b{REFERENCE_WORD}\b[\w\- ]{{0,12}})?\)", re.IGNORECASE)
"""A range in brackets, with at most a short label ("(1000–1800 mL)", "(T2 = 2–4 cm)", "(G1 51–57 HU)") or a reference
word after it ("(130–260 mL by the DeepTumorVQA reference)")."""
WORDED = re.compile(rf"\b(?:normal|reference|range|limits?|threshold|cut-?off|interval|usual|typical|expected|healthy)\b[^\d;.\n()]{{0,20}}?"
                    rf"(?P<range>{_RANGE})", re.IGNORECASE)
"""A range after a word that makes it a reference ("the normal 1000–1800 mL range", "reference interval 51–57 HU")."""
WORDED_AFTER = re.compile(rf"(?P<range>{_RANGE})\s+(?:{REFERENCE_WORD})\b", re.IGNORECASE)
"""A range before such a word ("just under the 40-100 cm³ reference range", "below the 130-260 mL normal range")."""


def quoted_ranges(text: str, review: ReviewInput | None = None) -> list[tuple[int, int]]:
    """The spans of the ranges the text quotes as references, provided it states a value outside all of them; with
    the review, a range whose two ends are measured values ("(8.9 mL to 17.5 mL)", two studies') is none."""
    spans = [(m.start("range"), m.end("range")) for m in WORDED.finditer(text)]
    spans += [(m.start("range"), m.end("range")) for m in (*BRACKETED.finditer(text), *WORDED_AFTER.finditer(text))]
    if review is not None:
        spans = [(a, b) for a, b in spans if not _measured_ends(review, text[a:b])]
    if not spans:
        return []
    outside = [m for m in stated_numbers(text) if not any(a <= m.start < b for a, b in spans)]
    return spans if outside else []


def _measured_ends(review: ReviewInput, span: str) -> bool:
    """Whether both ends of a range are measured values of the case (in the range's unit)."""
    ends = stated_numbers(span)
    unit = next((m.unit for m in reversed(ends) if m.unit), None)
    values = [numeric(e) for e in review.evidence if e.kind in ("measurement", "finding") and numeric(e) is not None]
    if len(ends) != 2 or any(m.decimals == 0 for m in ends):
        return False  # "2–4 cm", "1000–1800 mL": a band's round limits, not values measured to a decimal
    return unit is not None and all(
        any(abs(to_evidence_unit(m.value, m.unit or unit)[1] - v) <= m.tolerance * (  # type: ignore[index]
            to_evidence_unit(1.0, m.unit or unit)[1]) + 1e-9 for v in values)  # type: ignore[index]
        for m in ends if to_evidence_unit(m.value, m.unit or unit) is not None) and all(
        to_evidence_unit(m.value, m.unit or unit) is not None for m in ends)


def in_quoted_range(text: str, mention: NumberMention, review: ReviewInput | None = None) -> bool:
    """Whether the number is an end of a reference range quoted beside the answer's own value."""
    return any(a <= mention.start < b for a, b in quoted_ranges(text, review))


def _known_limits(review: ReviewInput) -> set[float]:
    """The band limits (in evidence units) the knowledge base's criteria print for the quantities the question asks."""
    asked = set(review.intent.quantities)
    limits: set[float] = set()
    for entry in review.base:
        for scale in entry.criterion.quantities if entry.criterion is not None else []:
            if scale.quantity in asked:
                limits |= {float(v) for band in scale.bands for v in (band.lower, band.upper) if v is not None}
    return limits


def misquoted_range(review: ReviewInput, text: str, mention: NumberMention) -> bool:
    """Whether a quoted range's end misquotes the knowledge base: its criteria on the asked quantity print limits, and
    this end (in the range's unit) is none of them ("normal 800–1600 mL" where the liver's is 1000–1800 mL)."""
    limits = _known_limits(review)
    if not limits:
        return False
    span = next(((a, b) for a, b in quoted_ranges(text) if a <= mention.start < b), None)
    unit = next((m.unit for m in numbers_in(text[span[0]:span[1]]) if m.unit), None) if span else None
    converted = to_evidence_unit(mention.value, unit) if unit else None
    value = converted[1] if converted else mention.value
    factor = value / mention.value if mention.value else 1.0
    return not any(abs(value - limit) <= 2 * mention.tolerance * factor + 1e-9 for limit in limits)  # "51–57 HU" of [51, 58)


NAMED_REFERENCE = re.compile(rf"\s*[(\[]\s*(?:normal|reference|ref\.?|usual|typical)\b[^()\[\]\d]{{0,20}}{_RANGE}\s*[)\]]",
                             re.IGNORECASE)
"""A bracket naming a reference range ("[normal 120–200 mL]", "(typical 100–300 mL)")."""


def without_named_references(review: ReviewInput, text: str) -> str:
    """The text without its bracketed reference ranges, the word that names them included, unless one misquotes the
    knowledge base's limits for the asked quantity (then the checks read it as any number)."""
    def keep(match: re.Match[str]) -> str:
        inner = match.group(0)
        ends = [replace(m, start=m.start + match.start(), end=m.end + match.start()) for m in numbers_in(inner)]
        return inner if any(misquoted_range(review, text, m) for m in ends) else ""
    return NAMED_REFERENCE.sub(keep, text)
