"""A count of lesions summed over several organs: "How many lesions are there in total across the liver, both kidneys
and the pancreas?" asks one number, the sum of each organ's lesion count (suite U's `organ aggregation` of counts),
not the first organ's count (read as `lesion counting` of the liver, every answer was that organ's count alone).

The task is `organ aggregation` with one `<group>.lesion_count` per organ named; the reasoner sums them as it sums
organ volumes (`agents.reasoners.derive`), each part cited.
"""

from __future__ import annotations

import re

from core.anatomy import family
from questions.cues import LESION_WORDS, SUM_WORDS
from questions.intents import LESION_GROUP, Entities, normalise

__all__ = ["lesion_total"]

ACROSS = re.compile(rf"\b(?:{SUM_WORDS}|across|in all|all told|between them|all (?:the )?organs)\b")
COUNT_ASKED = re.compile(r"\bhow many\b|\bnumber of\b|\bcount\b")


def lesion_total(task: str, ents: Entities, text: str) -> list[str]:
    """The lesion counts to sum when a count of lesions is asked over two or more lesion-bearing organs together
    (`<group>.lesion_count` each, in the order named); empty otherwise ("How many liver lesions?", "the liver or
    the pancreas: which has more lesions?" compares, `multi-organ lesion burden comparison`)."""
    if task not in ("lesion counting", "organ aggregation", "multi-organ lesion burden comparison"):
        return []
    groups = list(dict.fromkeys(LESION_GROUP[f] for f in (family(o) for o in ents.organs) if f in LESION_GROUP))
    low = normalise(text)
    if len(groups) < 2 or not COUNT_ASKED.search(low) or not re.search(LESION_WORDS, low) or not ACROSS.search(low):
        return []
    if re.search(r"\b(which|more|fewer|most|least|compare\w*|versus|vs)\b", low):
        return []  # a comparison between the organs, not their sum
    return [f"{group}.lesion_count" for group in groups]
