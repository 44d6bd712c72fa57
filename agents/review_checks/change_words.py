"""Changes said in words: each is a signed difference, held against the cited change.

"One fewer: three lesions on the prior CT, two now" answers "how has the number changed?" with -1 and gives the two
counts beside it; "One lesion has resolved" is -1, "two more" +2, "unchanged" and "the same number" 0. The words
are read once here: the answer-kind check holds the signed value against the cited change asked, and numeric
grounding reads the number inside them ("One") as that signed change, not as a count of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.review_checks.base import NUMBER_WORDS, ReviewInput, items_stating, numeric, passed
from core.case import Check, Evidence
from questions.intents.answers import NumberMention, numbers_in

__all__ = ["FROM_TO", "WordedChange", "an_end_of_change", "cited_change", "ends_given", "ends_of_change",
           "worded_changes"]

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
NONE = re.compile(r"(?<!essentially )(?<!largely )(?<!roughly )(?<!virtually )(?<!practically )(?<!nearly )"
                  r"\b(?:unchanged|no (?:interval |net )?change|(?:the )?same (?:number|count)|stable)\b", re.IGNORECASE)
"""A change said as none. "Essentially stable" is a judgement against measurement noise (`change_noise`), not zero."""


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


FROM_TO = re.compile(r"\bfrom\s+([-+]?\d+(?:\.\d+)?)\s*\w*\s+to\s+([-+]?\d+(?:\.\d+)?)", re.IGNORECASE)
"""A change said as its two ends ("went from 40.0 to 25.6 mm")."""


def ends_of_change(review: ReviewInput, match: re.Match[str] | None, asked: set[str]) -> Check | None:
    """"Shrank from 28.8 mm to 17.0 mm" with no difference said: the ends' signed difference is the cited change
    asked (`asked`: the quantity names the answer may be; to the ends' printed precision); which end is the prior is
    `change_direction`'s and `timing`'s check."""
    if match is None:
        return None
    first, second = float(match.group(1)), float(match.group(2))
    said = [m for m in numbers_in(match.string[match.start():match.end() + 8]) if m.unit]
    factor = said[-1].in_evidence_unit()[1] / said[-1].value if said and said[-1].value and \
        said[-1].in_evidence_unit() else 1.0  # "from 1.8 cm to 2.7 cm": ends in cm, the change in mm
    for e in cited_change(review, asked):
        if e.unit != "%" and abs((second - first) * factor - (numeric(e) or 0.0)) <= 0.1 * factor + 1e-9:
            return passed("answer_kind", f"the change from {first:g} to {second:g} is {e.id!r}", [e.id])
    return None


def an_end_of_change(review: ReviewInput, mention: NumberMention, asked: set[str]) -> bool:
    """Whether the number is today's or the prior's value of a quantity whose change is asked (`asked`): the change
    given after its two ends is the answer, in whatever order the ends are said ("40.8 mm now versus 28.8 mm")."""
    stems = {re.sub(r"_change_(?:pct|ml|mm)$", "", n) for n in asked if re.search(r"_change_(?:pct|ml|mm)$", n)}
    return any(re.sub(r"_(?:ml|mm)$", "", e.name.removeprefix("prior_")) in stems
               for e in items_stating(mention, review.cited))


def ends_given(review: ReviewInput, mentions: list[NumberMention], asked: set[str]) -> Check | None:
    """Two numbers said as the change's two ends ("7.14 mL then and 14.62 mL now", either order) whose difference is
    the cited change asked; None when no two are. Which end is the prior is `change_direction`'s and `timing`'s."""
    ends = [(m, c[1]) for m in mentions if m.unit and (c := m.in_evidence_unit()) is not None]
    changes = [e for e in cited_change(review, asked) if e.unit != "%" and numeric(e) is not None]
    for i, (first, a) in enumerate(ends):
        for second, b in ends[i + 1:]:
            slack = first.tolerance * (a / first.value if first.value else 1.0) + second.tolerance * (
                b / second.value if second.value else 1.0)
            for e in changes:
                if abs(abs(b - a) - abs(numeric(e) or 0.0)) <= slack + 1e-9:
                    return passed("answer_kind", f"{a:g} and {b:g} are the two ends of {e.id!r}", [e.id])
    return None
