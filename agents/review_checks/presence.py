"""Lesions said present or absent in passing, against the lesion counts measured.

"No, the liver is not free of lesions" leads with the right "No" and then says, by a double negative, that lesions
are there; "438.7 mL; no liver lesions are present" answers the volume and adds an absence that six measured
lesions contradict. A double negative ("not free of", "not without", "not lesion-free", "neither kidney is free
of") asserts presence; a bare denial ("no liver lesions", "no renal mass is seen") asserts absence. Each is held
against the measured lesion count of the organ its clause names (else the organ asked); a double negative after a
leading "No" contradicts the answer itself.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from agents.review_checks.clauses import clause_around
from agents.review_checks.part_counts import part_count
from core.anatomy import family
from questions.intents import extract
from questions.intents.answers import yes_no

LESION_WORDS = r"(?:lesions?|tumou?rs?|mass(?:es)?|nodules?|cysts?|metastas[ie]s|neoplasms?|foci|focus)"
DOUBLE_NEGATIVE = re.compile(
    r"\b(?:not|never|n't|no longer)\s+(?:\w+\s+)?(?:free\s+of|without|devoid\s+of|clear\s+of|"
    r"(?:lesion|tumou?r|mass|nodule|cyst)[- ]free)\b|\bneither\b[^.;]*?\b(?:is|are)\s+(?:free\s+of|without|devoid\s+of)\b",
    re.IGNORECASE)
"""A presence said by denying an absence ("not free of lesions", "neither kidney is free of a mass")."""
SEEN = r"(?:present|seen|identified|detected|noted|found|visible|evident|demonstrated)"
DENIED = re.compile(rf"\bno\s+(?:focal\s+|discrete\s+)?(?:[\w-]+\s+)?{LESION_WORDS}\b"
                    rf"(?=\s*(?:[.;,:)]|$)|\s+(?:(?:is|are|was|were)\s+)?{SEEN}\b)", re.IGNORECASE)
"""An absence of lesions said outright ("no liver lesions are present", "no hepatic lesion seen", "free of focal
lesions", "lesion-free"), not of some of them ("no lesion in segment 4", "no lesion larger than 2 cm"), nor of a
change ("no lesion has resolved")."""
FREE_OF = re.compile(rf"\b(?:free\s+of|devoid\s+of|clear\s+of|without)\s+(?:any\s+)?(?:focal\s+|discrete\s+)?(?:[\w-]+\s+)?"
                     rf"{LESION_WORDS}(?=\s*(?:[.;,:)]|$))|\b(?:lesion|tumou?r|mass|nodule|cyst)[- ]free\b", re.IGNORECASE)
NOT_ALL = re.compile(r"\b(?:new|further|additional|other|measurable|target|suspicious|enhancing|solid|cystic|dominant|"
                     r"dominating|outlier|outlying|single|solitary|standout|stand-out|index|large|larger|big|bigger)\b",
                     re.IGNORECASE)
"""Words that make a denial speak of some lesions only ("no new lesions", "no suspicious mass", "no dominant lesion":
reviewer set 25d, three liver lesions none of which stands out)."""
GROUPS = {"liver": "liver_lesion", "kidney": "kidney_lesion", "pancreas": "pancreas_lesion"}


def _count(review: ReviewInput, clause: str) -> tuple[str, float] | None:
    """(organ, measured lesion count) of the organ the clause names, else of the organ asked."""
    organs = extract(clause).organs or ([review.intent.organ] if review.intent.organ else [])
    sides = set(re.findall(r"\b(left|right)\b", clause.lower()))
    for organ in organs:
        sided = f"{organ}_{next(iter(sides))}" if len(sides) == 1 else str(organ)
        own = review.number(f"{sided}.lesion_count") if sided != family(organ) else None  # "the left kidney"
        if own is not None:
            return sided.replace("_", " "), own
        if len(sides) > 1:
            continue  # "the right kidney has one; the left none": each side's count, not their sum
        group = GROUPS.get(str(family(organ)))
        value = review.number(f"{group}.lesion_count") if group else None
        if value is not None:
            return str(family(organ)), value
    return None


TYPED = ((re.compile(r"\b(?:tumou?rs?|neoplasms?|mass(?:es)?)\b", re.IGNORECASE), "tumor"),
         (re.compile(r"\bcysts?\b", re.IGNORECASE), "cyst"))
"""A lesion word that names one kind, and the typed mask group (`kidney_tumor`, `kidney_cyst`) that counts it: a denial
of that kind here, a count of it beside the group's in `numbers`."""


def _typed(review: ReviewInput, denial: str, counted: tuple[str, float] | None, clause: str = "") -> tuple[str, float] | None:
    """The count of the kind a denial names ("no kidney tumour": `kidney_tumor.lesion_count`) where that kind was
    counted on its own mask; else the count given."""
    if counted is None:
        return None
    organ = counted[0].split()[0]
    sides = set(re.findall(r"\b(left|right)\b", f"{clause} {review.question or ''}".lower()))
    for word, kind in TYPED:  # "the right kidney holds no tumour": that side's count of the tumour mask's lesions
        sided = review.number(f"kidney_{kind}.count_in_kidney_{next(iter(sides))}") \
            if word.search(denial) and len(sides) == 1 and organ.startswith("kidney") else None
        if sided is not None:
            return f"{next(iter(sides))} kidney {kind}", sided
    for word, kind in TYPED:
        value = review.number(f"{organ}_{kind}.lesion_count") if word.search(denial) else None
        if value is not None:
            return f"{organ} {kind}", value
    return counted


def presence_claims(review: ReviewInput) -> list[str]:
    """Double negatives and denials of lesions that the measured counts, or the answer's own yes/no, contradict."""
    text = review.claim_text
    lead = yes_no(text.lstrip(" .:"))
    problems = []
    for match in DOUBLE_NEGATIVE.finditer(text):
        begin, end = clause_around(text, match.start())
        counted = _count(review, text[begin:end])
        if counted is not None and counted[1] == 0:
            problems.append(f"says {match.group(0)!r} (a double negative: lesions are present), but the {counted[0]} "
                            "holds no measured lesion")
        elif lead is not None and lead == review.intent.negated:  # the lead says absent: "No" to "Is there ...?",
            problems.append(f"answers {'yes' if lead else 'no'}, then says {match.group(0)!r} (a double negative: "  # "Yes"
                            "lesions are present)")  # to "Is the liver free of ...?"; "No, it is not free of masses" agrees
    doubled = [m.span() for m in DOUBLE_NEGATIVE.finditer(text)]
    denials = [*DENIED.finditer(text), *(m for m in FREE_OF.finditer(text)
                                         if not any(s <= m.start() < e or s < m.end() <= e for s, e in doubled))]
    for match in denials:
        if NOT_ALL.search(match.group(0)) or re.match(r"\s*:\s*[1-9]", text[match.end():]):
            continue  # "No / - pancreatic lesions: 1 (body)": a "No" above a field that counts one
        begin, end = clause_around(text, match.start())
        counted = part_count(review, text[begin:end]) or _count(review, text[begin:end])  # "none in the tail"
        counted = _typed(review, match.group(0), counted, text[begin:end])  # "no kidney tumour" beside two measured cysts
        if counted is not None and counted[1] > 0:
            problems.append(f"says {match.group(0)!r}, but {counted[1]:g} {counted[0]} lesion"
                            f"{'s' if counted[1] != 1 else ''} were measured")
    return list(dict.fromkeys(problems))


__all__ = ["presence_claims"]
