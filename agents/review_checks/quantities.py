"""A percentage said of one quantity that is the change of another: "its diameter increased by 64.6 %" where
64.6 % is the total lesion volume's change (the diameter grew 33.3 %).

A percentage carries no dimension of its own, so the number check finds it among the cited changes whatever
its clause calls it. The clause's own quantity word (diameter, size, axis; volume) must be the quantity of an
item the percentage states: a volume change given as a diameter change (or the reverse) is flagged.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, items_stating, stated_numbers
from agents.review_checks.clauses import clause_around

LENGTH = re.compile(r"\b(?:diameters?|long(?:est)? axis|short axis|axial size|width|length|sum of (?:the )?(?:target )?"
                    r"diameters|in mm)\b", re.IGNORECASE)
VOLUME = re.compile(r"\b(?:volumes?|in mL|millilit\w*|burden)\b", re.IGNORECASE)


def _kind(name: str) -> str | None:
    if "volume" in name or "burden" in name:
        return "volume"
    if "diameter" in name or "sum" in name or "axis" in name:
        return "length"
    return None


def misnamed_changes(review: ReviewInput) -> list[str]:
    """Each percentage whose clause names a length (or a volume) but which states only the other's change."""
    text = review.claim_text
    percents = [e for e in review.evidence if e.unit == "%" and _kind(e.name) is not None]
    problems = []
    for mention in stated_numbers(text):
        if mention.unit != "%":
            continue
        begin, end = clause_around(text, mention.start)
        clause = text[begin:end]
        said = {kind for kind, words in (("length", LENGTH), ("volume", VOLUME)) if words.search(clause)}
        hits = items_stating(mention, percents)
        kinds = {_kind(e.name) for e in hits}
        if len(said) == 1 and hits and not said & kinds:
            problems.append(f"gives {text[mention.start:mention.end]!r} as a change in {said.pop()}, but it is "
                            f"{hits[0].name} ({hits[0].id!r})")
    return problems


STATE = re.compile(r"\b(?:measur\w*|currently|now|at present|today|is|sized?|spans?)\b", re.IGNORECASE)
CHANGE = re.compile(r"\b(?:chang\w*|gr[eo]w\w*|grown|increas\w*|decreas\w*|shr[iau]nk\w*|enlarg\w*|reduc\w*|"
                    r"by|rose|risen|fell|fallen|difference|progress\w*|regress\w*|interval|delta)\b|[+\u2212-]\s*$",
                    re.IGNORECASE)


def changes_as_states(review: ReviewInput) -> list[str]:
    """Each value with a unit said as what a lesion or organ measures ("the largest lesion measures 10.7 mm") that is
    only a change between the studies (+10.7 mm), never a value either study measured."""
    text = review.claim_text
    measured = [e for e in review.evidence if isinstance(e.value, int | float) and not isinstance(e.value, bool)]
    problems = []
    for mention in stated_numbers(text):
        if mention.unit in (None, "%"):
            continue
        begin, end = clause_around(text, mention.start)
        hits = items_stating(mention, measured)
        if not hits or not all("change" in e.name or "increase_from" in e.name for e in hits):
            continue
        before = text[begin:mention.start]
        if STATE.search(before) and not CHANGE.search(before) and not CHANGE.search(text[mention.end:end]):
            problems.append(f"gives the change {text[mention.start:mention.end]!r} ({hits[0].id!r}) as a measured "
                            "value, not as a change")
    return problems


def another_ratio(review: ReviewInput) -> list[str]:
    """A ratio the question names by its parts (`questions.basis.QUANTITY_WORDS`: the caudate-to-right-lobe ratio, the
    L/S or P/S attenuation ratio) answered with another ratio only: "1.204 (liver/spleen attenuation ratio)" for "What
    is the caudate-to-right-lobe volume ratio?" (our own phantom, approved before)."""
    from knowledge.needs import quantity_phrase
    from questions.basis import QUANTITY_WORDS

    question = (review.question or "").lower()
    named = [key for key, words in QUANTITY_WORDS.items() if key.endswith("_ratio") and re.search(words, question)]
    given = [f"{e.target}.{e.name}" for e in review.cited if e.name.endswith("_ratio")]
    if not named or not given or set(named) & set(given):
        return []
    return [f"the question asks the {quantity_phrase(named[0])}, the answer gives the {quantity_phrase(given[0])}"]


__all__ = ["another_ratio", "changes_as_states", "misnamed_changes"]
