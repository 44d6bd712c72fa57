"""The side of a limit a knowledge answer gives a category is the cited band's side.

"Lesions below 34.8 HU are solid" names the right number on the wrong side (the solid band starts above it), "a
spleen above 800 mL is moderately enlarged" the moderate band's upper end as the start of it, "500-800 mL counts as
mild" another band's range. Each number said with a side ("above", "at or under", "or more", "this value or
lower") or as a range is held against the bands that make the category it is said of (`Criterion.defining_bands`):
a lower end must be a band's lower limit, an upper end a band's upper limit, a range a band's (or adjoining bands')
two limits. Numbers said without a side, and numbers no band of the category has, are `quoted_limits`' to judge.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from agents.review_checks.quoted_limits import FOR_CATEGORY, SENTENCE, _mentions, _named, adjective_first
from knowledge.criteria import Band, Scale
from questions.intents.answers import EVIDENCE_DIMENSION, numbers_in

__all__ = ["misdirected_limits"]

LOWER_BEFORE = re.compile(r"(?:above|over|more than|greater than|higher than|exceed\w*|>=?|≥|from|at least|"
                          r"starts? (?:at|from)|denser than|beyond|in excess of|at or above)\s*$", re.IGNORECASE)
UPPER_BEFORE = re.compile(r"(?:below|under|less than|lower than|<=?|≤|up to|at or (?:under|below)|at most|"
                          r"no more than|not exceeding|until)\s*$", re.IGNORECASE)
LOWER_AFTER = re.compile(r"^\s*(?:or (?:more|higher|above|greater|over)|and (?:above|over)|\+)|"
                         r"\b(?:above|over|exceeding|beyond) (?:this|that|it|the (?:value|threshold|cut-?off|limit))\b|"
                         r"\b(?:more|higher|greater|denser) than (?:this|that|it)\b", re.IGNORECASE)
UPPER_AFTER = re.compile(r"^\s*(?:or (?:less|lower|below|under|fewer)|and (?:below|under))|"
                         r"\b(?:below|under|beneath) (?:this|that|it|the (?:value|threshold|cut-?off|limit))\b|"
                         r"\b(?:less|lower|smaller) than (?:this|that|it)\b", re.IGNORECASE)
RANGE = re.compile(r"(?:between\s+)?(\d+(?:\.\d+)?)\s*(?:-|–|—|to|and)\s*(\d+(?:\.\d+)?)\s*(mL|ml|cc|cm3|HU|mm|cm|%)",
                   re.IGNORECASE)
LINKED = re.compile(r"^[^,;:.()]{0,25}?(?:\b(?:is|are|counts? as|means?|indicates?|suggests?)|=)\s+"
                    r"(?:an?\s+|the\s+|considered\s+|treated as\s+|classed as\s+)?$", re.IGNORECASE)
"""What joins a limit to the category said after it ("above 800 mL is severe", "34.8 HU or lower = cyst")."""
HIGHER_THAN_IT = re.compile(r"\b(?:higher|greater|more|denser|larger|bigger|above (?:it|this|that)|over (?:it|this|that)|"
                            r"exceeding (?:it|this|that))\b", re.IGNORECASE)
LOWER_THAN_IT = re.compile(r"\b(?:lower|less|smaller|below (?:it|this|that)|under (?:it|this|that)|at or below)\b",
                           re.IGNORECASE)
ADVERB = re.compile(r"\b(mild|moderate|severe)ly\b", re.IGNORECASE)


def misdirected_limits(review: ReviewInput, text: str) -> list[str]:
    """The limits a knowledge answer gives a cited category on the wrong side, and the ranges no band of it has."""
    criteria = [e.criterion for e in review.criterion_entries() if e.criterion is not None]
    making: dict[str, list[tuple[Scale, Band]]] = {}
    for criterion in criteria:
        for name, bands in _named(criterion).items():
            making.setdefault(name, []).extend(bands)
            first = name.split()[0]
            if " " in name and first.lower() not in ("no", "not", "non") and not any(
                    o != name and o.split()[0] == first for o in criterion.labels):
                making.setdefault(first, []).extend(bands)  # "solid" for "solid tumor"
    problems: list[str] = []
    text = re.sub(r"\b(cyst)s\b", r"\1", ADVERB.sub(r"\1", text), flags=re.IGNORECASE)
    last: tuple[float, str] | None = None  # the limit said before: "34.8 HU; lesions with lower attenuation are solid"
    for sentence in SENTENCE.split(text):
        named = adjective_first(_mentions(sentence, list(making)))
        claims = _claims(sentence)
        if not claims and last is not None and len(named) == 1 and (side := _side_of_earlier(sentence)) is not None:
            said = f"{'from' if side == 'lower' else 'up to'} {last[0]:g} {last[1]}"
            claims = [(0, 0, last[0], None, said) if side == "lower" else (0, 0, None, last[0], said)]
        last = next(((m.value, str(m.unit)) for m in reversed(numbers_in(sentence)) if m.unit), last)
        if not named:
            continue
        for start, end, low, high, said in claims:
            after = [label for at, _, label in named if at >= end and (FOR_CATEGORY.match(sentence[end:at])
                                                                       or LINKED.match(sentence[end:at]))]
            before = [label for at, _, label in named if at <= start]
            label = after[0] if after else before[-1] if before else named[0][2]
            bands = making[label]
            lowers = {float(b.lower) for _, b in bands if b.lower is not None}
            uppers = {float(b.upper) for _, b in bands if b.upper is not None}
            near = lambda v, ends: any(abs(v - e) <= 0.051 * max(1.0, abs(e) / 100) for e in ends)  # noqa: E731
            if low is not None and high is not None:
                wrong = not (near(low, lowers) and near(high, uppers))
            elif low is not None:
                wrong = not near(low, lowers) and near(low, uppers)
            else:
                wrong = high is not None and not near(high, uppers) and near(high, lowers)
            if wrong:
                limits = " or ".join(b.describe(scale.unit) for scale, b in bands)
                problems.append(f"says {label!r} is {said!r}, but the cited band of {label!r} is {limits}")
    return problems


def _claims(sentence: str) -> list[tuple[int, int, float | None, float | None, str]]:
    """(start, end, lower end, upper end, words) of each number said with a side, and of each range."""
    out: list[tuple[int, int, float | None, float | None, str]] = []
    masked = sentence
    for m in RANGE.finditer(sentence):
        if EVIDENCE_DIMENSION.get(m.group(3)) is not None or m.group(3).lower() in ("ml", "cc", "cm3", "hu", "%"):
            out.append((m.start(), m.end(), float(m.group(1)), float(m.group(2)), m.group(0)))
            masked = masked[:m.start()] + " " * (m.end() - m.start()) + masked[m.end():]
    for mention in numbers_in(masked):
        if mention.unit is None:
            continue
        head, tail = masked[max(0, mention.start - 25):mention.start], masked[mention.end:]
        if LOWER_BEFORE.search(head) or LOWER_AFTER.search(tail):
            out.append((mention.start, mention.end, mention.value, None, f"from {mention.value:g} {mention.unit}"))
        elif UPPER_BEFORE.search(head) or UPPER_AFTER.search(tail):
            out.append((mention.start, mention.end, None, mention.value, f"up to {mention.value:g} {mention.unit}"))
    return out


def _side_of_earlier(sentence: str) -> str | None:
    """'lower' or 'upper' when a sentence without a number puts its category beyond or below the limit said before
    ("lesions with lower attenuation are solid"); None when it says neither or both."""
    higher, lower = HIGHER_THAN_IT.search(sentence), LOWER_THAN_IT.search(sentence)
    return "lower" if higher and not lower else "upper" if lower and not higher else None
