"""Changes said in words: each is a signed difference, held against the cited change.

"One fewer: three lesions on the prior CT, two now" answers "how has the number changed?" with -1 and gives the two
counts beside it; "One lesion has resolved" is -1, "two more" +2, "unchanged" and "the same number" 0. The words
are read once here: the answer-kind check holds the signed value against the cited change asked, and numeric
grounding reads the number inside them ("One") as that signed change, not as a count of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.review_checks.base import NUMBER_WORDS, ReviewInput, numeric
from core.case import Evidence

__all__ = ["WordedChange", "cited_change", "worded_changes"]

_COUNT = rf"(?P<n>{'|'.join(w for w in NUMBER_WORDS if w not in ('single', 'solitary'))}|(?<![.,\d])\d+(?![.,]?\d))"
"""A whole count, in words or digits; never a piece of a decimal ("0" of "increased by 0.9 %")."""
_THING = r"(?:\s+(?:liver |renal |kidney |pancreatic |hepatic |splenic |target |new )?(?:lesions?|tumou?rs?|mass(?:es)?|" \
         r"cysts?|nodules?|metastas[ie]s|foci|focus))?"
_WORDED = [(re.compile(p, re.IGNORECASE), sign) for p, sign in (
    (rf"\b{_COUNT}{_THING}\s+(?:fewer|less)\b", -1.0),
    (rf"\b(?:decreased|fell|dropped|reduced|down)\s+by\s+{_COUNT}\b(?!\s*(?:(?:mm|cm|ml|l|hu|percent)\b|%))", -1.0),
    (rf"\b{_COUNT}{_THING}\s+(?:(?:has|have)\s+)?(?:resolved|disappeared|gone)\b", -1.0),
    (rf"\b{_COUNT}{_THING}\s+(?:more|additional|extra)\b", 1.0),
    (rf"\b(?:increased|rose|up)\s+by\s+{_COUNT}\b(?!\s*(?:(?:mm|cm|ml|l|hu|percent)\b|%))", 1.0),
)]
"""A count's change in words, with the sign the words give it."""
NONE = re.compile(r"\b(?:unchanged|no (?:interval |net )?change|(?:the )?same (?:number|count)|stable)\b", re.IGNORECASE)


@dataclass(frozen=True)
class WordedChange:
    """A change said in words: its signed value, where it stands, and where its number stands (None for "unchanged")."""

    value: float
    start: int
    end: int
    number_start: int | None = None


def _count(word: str) -> float:
    return float(word) if word.isdigit() else float(NUMBER_WORDS[word.lower()])


def worded_changes(text: str) -> list[WordedChange]:
    """Every change the text says in words, in order: "one fewer" -> -1, "two more" -> +2, "unchanged" -> 0."""
    found = []
    for pattern, sign in _WORDED:
        for m in pattern.finditer(text):
            found.append(WordedChange(sign * _count(m["n"]), m.start(), m.end(), m.start("n")))
    found += [WordedChange(0.0, m.start(), m.end()) for m in NONE.finditer(text)]
    return sorted(found, key=lambda w: w.start)


def cited_change(review: ReviewInput, names: set[str] | None = None) -> list[Evidence]:
    """The cited changes (of the names asked, when given) with a numeric value."""
    return [e for e in review.cited if "change" in e.name and numeric(e) is not None and (names is None or e.name in names)]
