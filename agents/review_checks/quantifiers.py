"""Quantifiers said of lesions hold for each lesion measured: "all", "every", "each", "both", "none of".

"All liver lesions lie in segment 7" is false when one of three lies in segment 6; "both lesions" is false of three;
"none of the lesions lies in segment 4" is false when one does. Measurement records each lesion's own place
(`liver_lesion_2.location`, the part holding most of it, and `.locations`, every part it touches), attenuation
(`hypo`, `iso`, `hyper`) and longest diameter. The predicate after the quantifier (a place, an attenuation, a size
above or below a number) is read in the quantifier's sentence and tested lesion by lesion: "all" holds when every
lesion touches the place, "none" when no lesion lies mainly in it.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from agents.review_checks.bound_words import sentences
from agents.review_checks.clauses import denies
from core.anatomy import family
from questions.intents import extract, locations_of
from questions.intents.answers import numbers_in

__all__ = ["false_quantifiers"]

NOUN = r"(?:lesions?|tumou?rs?|mass(?:es)?|cysts?|nodules?|metastases|foci)"
QUANTIFIER = re.compile(rf"\b(?:(?P<all>all|every|each)(?:\s+of)?(?:\s+(?:the|three|four|five|six|seven|eight|"
                        rf"these|its))*|(?P<none>none)\s+of\s+the|(?P<both>both)(?:\s+of\s+the)?)"
                        rf"\s+(?:[\w-]+\s+){{0,2}}?{NOUN}\b", re.IGNORECASE)
"""A quantifier over the lesions of an organ ("all three liver lesions", "none of the hepatic lesions")."""
ATTENUATION = re.compile(r"\b(?P<kind>hypo|iso|hyper)[- ]?(?:dense|attenuat\w*|intense|enhancing)\b", re.IGNORECASE)
SIZE = re.compile(r"\b(?:(?P<over>over|above|larger than|bigger than|greater than|more than|exceed\w*|at least)|"
                  r"(?P<under>under|below|smaller than|less than|at most))\s+(?=\d)", re.IGNORECASE)
GROUPS = {"liver": "liver_lesion", "kidney": "kidney_lesion", "pancreas": "pancreas_lesion"}


def _lesions(review: ReviewInput, group: str) -> dict[str, dict[str, object]]:
    """Each measured lesion of the group -> its per-lesion items by name."""
    out: dict[str, dict[str, object]] = {}
    for e in review.evidence:
        if e.target and re.fullmatch(rf"{group}_\d+", e.target):
            out.setdefault(e.target, {})[e.name] = e.value
    return out


def _places(value: object) -> set[str]:
    return {p.strip() for p in str(value or "").split(",") if p.strip()}


def _holds(predicate: str, rest: str, lesion: dict[str, object], mainly: bool) -> bool | None:
    """Whether one lesion has the predicate read from `rest`; None when `rest` states none this check reads."""
    if predicate == "place":
        wanted = set(locations_of(rest))
        own = _places(lesion.get("location")) if mainly else _places(lesion.get("locations")) | _places(lesion.get("location"))
        return bool(wanted & own)
    if predicate == "attenuation":
        kind = ATTENUATION.search(rest)
        return kind is not None and str(lesion.get("attenuation", "")).lower().startswith(kind["kind"].lower())
    size = SIZE.search(rest)
    limits = numbers_in(rest[size.end():]) if size is not None else []
    converted = limits[0].in_evidence_unit() if limits else None
    diameter = lesion.get("longest_diameter_mm")
    if size is None or converted is None or converted[0] != "length" or not isinstance(diameter, int | float):
        return None
    return float(diameter) > converted[1] if size["over"] else float(diameter) < converted[1]


def _predicate(rest: str) -> str | None:
    """What the words after the quantifier say of each lesion: a place, an attenuation or a size; None otherwise."""
    if locations_of(rest):
        return "place"
    if ATTENUATION.search(rest):
        return "attenuation"
    return "size" if SIZE.search(rest) else None


def false_quantifiers(review: ReviewInput) -> list[str]:
    """Each "all/every/each/both/none of the lesions ..." that a measured lesion contradicts."""
    problems = []
    for _, sentence in sentences(review.claim_text):
        for match in QUANTIFIER.finditer(sentence):
            if denies(sentence[max(0, match.start() - 12):match.start()]):
                continue  # "not all lesions": no claim about each
            organs = extract(sentence).organs or ([review.intent.organ] if review.intent.organ else [])
            group = GROUPS.get(str(family(organs[0]))) if organs else None
            lesions = _lesions(review, group) if group else {}
            count = review.number(f"{group}.lesion_count") if group else None
            if not lesions or (count is not None and count != len(lesions)):
                continue  # not every lesion measured one by one: a quantifier over them cannot be told
            said = match.group(0)
            if match["both"] and len(lesions) != 2:
                problems.append(f"says {said!r}, but {len(lesions)} {group.replace('_', ' ')}s were measured")  # type: ignore[union-attr]
                continue
            rest = sentence[match.end():]
            predicate = _predicate(rest)
            if predicate is None:
                continue
            held = {name: _holds(predicate, rest, own, mainly=bool(match["none"])) for name, own in lesions.items()}
            if None in held.values():
                continue
            wrong = [n for n, ok in held.items() if ok is bool(match["none"])]
            if wrong:
                problems.append(f"says {said!r} {rest.strip()[:40]!r}, which {wrong[0]!r} contradicts")
    return problems
