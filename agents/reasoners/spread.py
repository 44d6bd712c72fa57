"""Where a lesion spanning sub-segments lies: every sub-segment holding > 10 % of its voxels (DeepTumorVQA's location,
`{lesion}_1.locations`), named as the question asks them."""

from __future__ import annotations

from agents.reasoners.base import ReasonerInput
from agents.reasoners.compose import Draft, describe, number
from core.case import Evidence
from questions.intents import locations_of


def place_words(location: str) -> str:
    """A sub-segment as written in an answer (`liver_segment_7` -> "segment 7", `pancreas_head` -> "head")."""
    return location.replace("liver_", "").replace("pancreas_", "").replace("_", " ")


def places_held(task: ReasonerInput, spread: Evidence) -> Draft:
    """A lesion holding > 10 % of its voxels in several sub-segments (DeepTumorVQA's location: every one of them).

    Asked in the plural ("In which segment(s)...", "Which segments does it involve?", `Intent.every_place`), every
    such sub-segment is the answer, largest share first, with its share; asked in the singular, the main one is,
    and the others are named as the lesion's extension.
    """
    places = locations_of(str(spread.value))
    known = task.by_key()
    shares = {p: item for p in places if (item := known.get(f"{spread.target}.share_in_{p}_pct")) is not None}
    said = [f"{place_words(p)} ({number(shares[p]):.1f} %)" if p in shares else place_words(p) for p in places]
    ids = [spread.id, *(e.id for e in shares.values())]
    statement = f"{describe(spread)}; share of the lesion's voxels in each: {', '.join(said)}"
    if task.intent.every_place:
        label = " and ".join(place_words(p) for p in places)
        return Draft("category", label, statement, ids, label=label)
    label = place_words(places[0])
    headline = f"{label}, extending into {' and '.join(place_words(p) for p in places[1:])}"
    return Draft("category", headline, statement, ids, label=label)
