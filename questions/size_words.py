"""What a question asks of organ sizes: a size in the small direction or against the normal range, and organs of
different kinds asked side by side (each its own value) rather than summed or ranked.

Read by `questions.understanding` into `Intent.size_asked` and the quantity keys of a side-by-side question.
"""

from __future__ import annotations

import re

from core.anatomy import family
from questions.cues import AGGREGATE
from questions.gates_organs import ranks_or_pools
from questions.intents import Entities

__all__ = ["ASKS_LARGE", "ASKS_SMALL", "separate_values", "size_asked"]


def separate_values(low: str, ents: Entities) -> bool:
    """Whether organs of different kinds are asked side by side, each its own value, not summed nor ranked.

    "What are the liver volume and the spleen volume?" asks two volumes; "the combined volume of the
    liver and spleen", "both kidneys together", "the total" ask one sum (`cues.AGGREGATE`).
    """
    return len({family(s) for s in ents.structures}) >= 2 and not re.search(AGGREGATE, low) and not ranks_or_pools(low)


ASKS_SMALL = re.compile(r"\b(atroph\w*|shrunken|shrivel\w*|undersized|hypoplas\w*|(too|abnormally|unusually) small|"
                        r"small(er)? than (normal|expected)|below (the )?normal)\b", re.IGNORECASE)
"""A size question put in the small direction ("Is the liver atrophic?", "Is the kidney abnormally small?")."""
ASKS_LARGE = re.compile(r"\b(exceed\w*|above|over|beyond|past|larger|bigger|greater|more)\b( than)?"
                        r"( (the|its|their|his|her))?( (upper|normal|expected))"
                        r"|\bupper (limit|bound|end)\b", re.IGNORECASE)
"""A size question put in the large direction against the normal range ("exceed the upper limit of normal",
"larger than normal"): enlargement, not any departure from normal."""


def size_asked(task: str, text: str) -> str | None:
    """`Intent.size_asked` of a question: "atrophic" for atrophy words, "small" for other small words,
    "abnormal" for an organ size asked against the normal range ("within the normal range?"), else None."""
    match = ASKS_SMALL.search(text)
    if match is not None:
        return "atrophic" if re.match(r"atroph|shrunken|shrivel", match.group(0).lower()) else "small"
    if task == "organ enlargement" and re.search(r"\bnormal\b", text, re.IGNORECASE) and not ASKS_LARGE.search(text):
        return "abnormal"
    return None
