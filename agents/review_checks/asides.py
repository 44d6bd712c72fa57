"""True context a radiologist sets beside an answer: a measured value of another structure, or a criterion's cut-off.

The value that answers the question must be cited (`numbers.numeric_grounding`); a number beside it may rest on
the case's other evidence when its sentence names what it is: the structure (organ or lesion, and the side when
it names one) of a measured item holding that value ("114.0 mL; the right kidney holds a 5.6 mL solid lesion"),
or a cut-off worded as one of a criterion that reads a cited quantity ("396.2 mL, above the 314.5 mL
splenomegaly threshold").
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, target_families
from core.anatomy import instance_of, side_of
from core.case import Evidence
from questions.intents import extract, locations_of
from questions.intents.answers import EVIDENCE_DIMENSION, NumberMention

SIDE_WORD = re.compile(r"\b(left|right)\b", re.IGNORECASE)


def sentence_around(text: str, mention: NumberMention) -> str:
    """The words of the mention's own sentence part: back to the last separator, on to the next one ("larger than the
    spleen (659.9 mL)": a bracket is part of it)."""
    start = max(text.rfind(sep, 0, mention.start) for sep in (";", ". ", "\n", ","))
    ends = [i for i in (text.find(sep, mention.end) for sep in (";", ". ", "\n", ",")) if i >= 0]
    return text[max(start + 1, 0):min(ends, default=len(text))]


def _sides(review: ReviewInput, e: Evidence) -> set[str]:
    """The sides an item is about: its own, the side its name gives (`volume_in_kidney_right`), its lesion's organ's,
    or every side its group's lesions lie on."""
    own = side_of(e.target) or side_of(e.name)
    if own:
        return {own}
    instance = instance_of(e.target)
    group = instance[0] if instance else e.target
    organs = [o.value for o in review.evidence if o.name == "organ" and isinstance(o.value, str)
              and (o.target == e.target or (instance is None and instance_of(o.target) is not None
                                            and instance_of(o.target)[0] == group))]  # type: ignore[index]
    return {s for o in organs if (s := side_of(o))}


GROUP_SHARE = re.compile(r"\bof\s+(?:the\s+|all\s+|all the\s+)?(?:[\w-]+\s+){0,2}?(?:lesions|tumou?rs|masses|cysts)\b",
                         re.IGNORECASE)
"""A share said of a group ("100% of the liver lesions"), which one lesion's share in a part is not."""


def true_structure_aside(review: ReviewInput, text: str, mention: NumberMention, items: list[Evidence]) -> bool:
    """Whether an uncited item holding the mention's value is what its sentence says it is: the same organ family,
    a lesion when a lesion is named (an organ's value otherwise), the side named, and its axis (a short axis said as
    one)."""
    from agents.review_checks.numbers import LESION_WORD, item_place, said_as_itself

    lead = text[max(0, mention.start - 30):mention.start]
    if not text[:mention.start].strip(" (—–-:") and review.answer is not None and review.answer.choice:
        lead = (review.choices or {}).get(review.answer.choice, "")  # "A — Spleen (4.0 mm ...)": the option read away
    before = set(extract(lead).organs)
    if any(e.name == f"distance_from_{c.target}_mm" and target_families(e.target) & before for e in items
           for c in review.cited if c.target):  # "A - Spleen (4.0 mm; next nearest, the IVC, at 6.0 mm)": each organ's
        return True  # distance from the cited lesion, the organ named right before it
    around = sentence_around(text, mention)
    organs = set(extract(around).organs)
    if not organs:
        return False
    said_sides = {m.lower() for m in SIDE_WORD.findall(around)}
    said_lesion = LESION_WORD.search(around) is not None
    for e in items:
        target = (e.target or "").split("/")[0]
        lesion = instance_of(target) is not None or target.endswith(("_lesion", "_tumor", "_cyst"))
        if organs != target_families(e.target) or lesion != said_lesion:
            continue
        if said_sides and not said_sides <= _sides(review, e):
            continue
        place, named = item_place(e), set(locations_of(around)) - {"kidney_left", "kidney_right"}
        if place and named and place not in named:
            continue  # "100% of the lesions lie in segment VI" of one lesion's share in segment 2
        if e.name.startswith("share_in_") and GROUP_SHARE.search(around):
            continue  # "100% of the liver lesions lie in segment VI": the group's share, not one lesion's
        if not said_as_itself(review, e, around):
            continue  # "largest lesion diameter 13.8 mm" of the short axis; "kidney cyst of 29.5 mL" of the tumour
        return True
    return False


THRESHOLD_WORDS = re.compile(r"\b(thresholds?|cut-?offs?|limits?|criteri(?:on|a)|definition)\b", re.IGNORECASE)


def criterion_cutoff_aside(review: ReviewInput, text: str, mention: NumberMention) -> bool:
    """Whether the mention is a cut-off, worded as one, of a knowledge criterion that reads a quantity the answer
    cites, in that quantity's dimension ("above the 314.5 mL splenomegaly threshold" beside a cited spleen volume)."""
    from agents.review_checks.threshold_words import (
        THRESHOLD_WORDS as COMPARED,  # "more than 2 cm but not more than 4 cm"
    )
    from agents.review_checks.threshold_words import in_comparison  # "(hepatomegaly would be > 1800 mL)"

    around = sentence_around(text, mention)
    converted = mention.in_evidence_unit()
    if converted is None and mention.unit is None:
        converted = ("ratio", mention.value)  # "not below the 0.70 cut-off" beside a cited P/S ratio
    if not (THRESHOLD_WORDS.search(around) or COMPARED.search(around.lower()) or in_comparison(text, mention)) or \
            converted is None:
        return False
    cited = {f"{e.target}.{e.name}" for e in review.cited}
    for entry in review.base:
        for scale in entry.criterion.quantities if entry.criterion is not None else []:
            if scale.quantity not in cited or EVIDENCE_DIMENSION.get(scale.unit, scale.unit) != converted[0]:
                continue
            slack = mention.tolerance * (converted[1] / mention.value if mention.value else 1.0)
            if any(v is not None and abs(converted[1] - float(v)) <= slack + 1e-9 * abs(float(v))
                   for band in scale.bands for v in (band.lower, band.upper)):
                return True
    return False


def true_asides(review: ReviewInput) -> list[tuple[NumberMention, list[Evidence]]]:
    """Each number with a unit the answer states beside a structure it names whose measured value it is, cited or
    not, with the items holding it."""
    from agents.review_checks.base import numeric, stated_numbers
    from agents.review_checks.numbers import states_value

    text = review.claim_text
    items = [e for e in review.evidence if e.kind in ("measurement", "finding") and numeric(e) is not None]
    out = []
    for mention in stated_numbers(text):
        holding = [e for e in items if states_value(mention, e)] if mention.unit is not None else []
        if holding and true_structure_aside(review, text, mention, holding):
            out.append((mention, holding))
    return out


def organs_of_true_asides(review: ReviewInput) -> set[str]:
    """Organ families the answer names beside a true value of theirs ("larger than the spleen (659.9 mL)"): named
    with their own measurement, they are grounded."""
    organs: set[str] = set()
    for mention, holding in true_asides(review):
        organs |= set(extract(sentence_around(review.claim_text, mention)).organs)
        organs |= {f for e in holding if e.name.startswith("distance_from_") for f in target_families(e.target)}  # "the
        # IVC, at 6.0 mm": the organ its distance was measured to
    return organs
