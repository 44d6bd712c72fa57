"""Distances: a length said as a gap to a structure ("lies 6.0 mm from the IVC") is a distance, not a size.

Measurement records the shortest distance from each lesion to each structure near it
(`{structure}.distance_from_{lesion}_mm`). A length the answer says is "from", "away from" or "within ... of" a
structure is held against the distances measured to that structure (cited or not, as a true value beside the
answer), never against the lesion's own sizes; naming the structure it is measured from grounds that structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.review_checks.base import ReviewInput, numeric
from core.anatomy import family
from core.case import Evidence
from questions.intents import extract
from questions.intents.answers import NumberMention, numbers_in

__all__ = ["Distance", "distances_said"]

FROM_STRUCTURE = re.compile(r"\s*(?:away\s+)?(?:from|of|to)\s+(?:the\s+)?(?P<what>[a-z][a-z ,/-]{1,40}?)"
                            r"(?=\s*(?:[.;:)(]|,|$|\band\b|\bon\b|\bat\b|\bin\b|\bwith\b))", re.IGNORECASE)
"""What a length is measured to, right after it ("6.0 mm from the IVC", "4 mm away from the stomach")."""
NAMED_BEFORE = re.compile(r"\b(?:distance|gap|clearance)\s+(?:to|from)\s+(?:the\s+)?(?P<what>[a-z][a-z -]{1,40}?)\s*"
                          r"(?:is|of|measures|measuring|:|=|at)?\s*(?:about\s+|approximately\s+)?$", re.IGNORECASE)
"""What a length is measured to, named before it ("the distance to the IVC is 6.0 mm", "gap to the aorta: 4 mm")."""
AWAY = re.compile(r"\s*(?:away\b|from\s+(?:the\s+|this\s+|that\s+)?(?:[a-z]+\s+){0,3}?(?:cyst|lesion|tumou?r|mass|nodule)s?\b)",
                  re.IGNORECASE)
"""A length said as a gap from the lesion to what the clause before names ("The liver is closest to the cyst, about
4.5 mm away", "Liver, 0.45 cm from the cyst"; reviewer set 25d): the distance to that structure."""
FROM_LESION = re.compile(r"\s*(?:away\s+)?from\s+(?:the\s+|this\s+|that\s+)?(?:[a-z]+\s+){0,3}?(?:cyst|lesion|tumou?r|mass|"
                         r"nodule)s?\b", re.IGNORECASE)
"""A length said from the lesion itself ("4 mm away from the biggest pancreatic tumour")."""
WITHIN = re.compile(r"\b(?:within|lies|lying|sits|situated|located|is|at a distance of|distance of)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Distance:
    """A length the answer says is a distance to a structure, and the measured distances to that structure."""

    mention: NumberMention
    structures: frozenset[str]
    measured: tuple[Evidence, ...]

    @property
    def holds(self) -> bool:
        """Whether the length is one of the distances measured to the structure, to its printed precision."""
        from agents.review_checks.numbers import states_value

        return any(states_value(self.mention, e) for e in self.measured)


def _measured_to(review: ReviewInput, structures: set[str]) -> tuple[Evidence, ...]:
    return tuple(e for e in review.evidence if e.name.startswith("distance_from_") and numeric(e) is not None
                 and family(e.target or "") in structures)


def distances_said(review: ReviewInput, text: str) -> list[Distance]:
    """Every length in the text said as a distance to a named structure ("from the IVC", "within 2 mm of the
    aorta"), with the distances measured to it."""
    out = []
    for mention in numbers_in(text):
        if mention.unit not in ("mm", "cm"):
            continue
        after = FROM_STRUCTURE.match(text, mention.end)
        if after is not None and after.group(0).lstrip().lower().startswith(("of", "to")) and \
                not WITHIN.search(text[max(0, mention.start - 24):mention.start]):
            after = None  # "a diameter of 30 mm of the tumour" is no distance; "within 2 mm of the aorta" is
        named = after or NAMED_BEFORE.search(text[max(0, mention.start - 60):mention.start])
        if after is not None and FROM_LESION.match(text, mention.end):
            named = None  # "about 4 mm away from the biggest pancreatic tumour": measured from the lesion, to what the
            # clause before names
        if named is None and AWAY.match(text, mention.end):
            clause = re.split(r"[.;\n]\s", text[:mention.start])[-1]
            host = {family(o) for o in extract(clause).organs} & {family((review.intent.lesion or "").removesuffix("_lesion"))}
            structures = {family(s) for s in extract(clause).structures} - host
            if structures:
                out.append(Distance(mention, frozenset(structures), _measured_to(review, structures)))
            continue
        if named is None:
            continue
        structures = {family(s) for s in extract(named["what"]).structures}
        if structures:
            out.append(Distance(mention, frozenset(structures), _measured_to(review, structures)))
    return out
