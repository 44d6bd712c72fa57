"""The label written beside a number names what it is: a lesion's value labelled as its organ's is refused.

"28.8 mm (liver diameter)" for the largest liver lesion's diameter, "59.0 HU (right kidney mean attenuation)" for
the kidney lesion's attenuation: the number is the cited lesion item's, so every number check passes, but the
sentence tells the reader it is the organ's. The label is the bracket right after the number; it names an organ and a
quantity and no lesion word, while every cited item the number states is a lesion quantity of that organ. A bracket
naming a place ("36.4 mm (posterior right liver, segment 7)") says where the lesion is, not whose value it is.
"""

from __future__ import annotations

import re

from core.anatomy import family
from core.case import Evidence
from questions.intents import extract
from questions.intents.answers import NumberMention

LABEL = re.compile(r"\s*(?:[a-zA-Z³%]{1,3}\s*)?\(([^()]{1,80})\)")
"""The bracket after a number (and its unit): "28.8 mm (liver diameter)"."""
QUANTITY_WORDS = re.compile(r"\b(diameter|size|volume|attenuation|density|hu|mean|length|axis|measure\w*|span)\b",
                            re.IGNORECASE)
"""A label saying what the number is ("liver diameter"); a place ("posterior right liver, segment 7") says where."""
LESION_WORDS = re.compile(r"\b(lesions?|tumou?rs?|mass(?:es)?|cysts?|nodules?|met\w*|deposits?|foci|focus|"
                          r"neoplasms?|carcinomas?|hcc|rcc|pdac|pnet|adenocarcinoma)\b", re.IGNORECASE)


def _is_lesion_item(item: Evidence) -> bool:
    return "lesion" in item.target or "lesion" in item.name or "tumor" in item.target or "cyst" in item.target


def organ_label_for_lesion_value(text: str, mention: NumberMention, hits: list[Evidence]) -> str | None:
    """Why the bracket after `mention` (a number read from `text`) names an organ for its lesion's value, or None."""
    label = LABEL.match(text, mention.end)
    if label is None or not hits or LESION_WORDS.search(label.group(1)) \
            or not QUANTITY_WORDS.search(label.group(1)):
        return None
    organs = extract(label.group(1)).organs
    if len(organs) != 1 or not all(_is_lesion_item(e) for e in hits):
        return None
    if not any(family(e.target.split("_lesion")[0]) == family(organs[0]) for e in hits):
        return None
    shown = text[mention.start:label.end()].strip()
    return (f"the answer labels {shown!r} as the {organs[0]}'s, but it is the {hits[0].target}'s {hits[0].name} "
            f"({hits[0].id!r})")


__all__ = ["organ_label_for_lesion_value"]
