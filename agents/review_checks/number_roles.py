"""Numbers that are words, not measured values: a label's digit ("grade 3" for G3 severe) and the size of a change
said in words ("One fewer", "one lesion has resolved"). Numeric grounding reads them as what they name: the label
is `rule_grounding`'s to check, the change is the cited change with the sign its words give it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from agents.review_checks.base import ReviewInput, items_stating
from agents.review_checks.change_words import cited_change, worded_changes
from questions.intents.answers import NumberMention, numbers_in
from questions.intents.labels import label_pattern

__all__ = ["in_label", "named_place", "shared_unit", "worded_change_stated"]


def worded_change_stated(review: ReviewInput, text: str, mention: NumberMention) -> bool:
    """Whether a bare number is the size of a change said in words whose signed value is a cited change."""
    signed = [w.value for w in worded_changes(text) if w.number_start == mention.start]
    return bool(signed) and bool(items_stating(replace(mention, value=signed[0]), cited_change(review)))


def in_label(review: ReviewInput, text: str, mention: NumberMention) -> bool:
    """Whether a bare number is part of a cited criterion's label as the text states it ("grade 3" for G3 severe)."""
    low = text.lower()
    for entry in review.criterion_entries():
        for label in entry.criterion.labels if entry.criterion is not None else []:
            pattern, _ = label_pattern(label)
            if any(m.start() <= mention.start and mention.end <= m.end()
                   for m in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", low)):
                return True
    return False


PLACE_WORD = re.compile(r"(?<![a-z])(segments?|seg\.?|couinaud|s|lesion|#|no\.?|number)\s*(?:\(\s*)?"
                        r"(?:(?:\d+|[IVX]+)\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?"
                        r"(?:,|and|or|to|through|-|–|&|/|\(|partly|partially|mostly|mainly|(?:,\s*)?(?:and\s+|also\s+)?"
                        r"(?:extend(?:s|ing)?(?:\s+in)?to|involv(?:es|ing)|into|reaching))+\s*)*$", re.IGNORECASE)
"""The name a bare number is a digit of, also further on in a list or range ("segments 6 to 8", "segments 5, 7"),
with each share beside it ("segment 6 (37%), also involving 5 (32%) and 8 (14%)", "segment 5, extending into 8"), in
brackets ("segments (8, 4, 6 and 2)", "Segment 8 (partly 7)")."""


def named_place(text: str, mention: NumberMention, known: bool = True) -> bool:
    """Whether a bare number is a name's digit ("segment 7", "lesion 2"), not a value ("count in segment 7: 3"); one
    no cited name holds (`known` False) names a segment only (whether it is the right one is `places`' check)."""
    word = PLACE_WORD.search(text[max(0, mention.start - 80):mention.start])
    return word is not None and (known or word.group(1).lower()[:3] in ("seg", "cou"))


SHARED_UNIT = re.compile(r"(?:\s*/\s*|:|\s*(?:→|->)\s*|\s+(?:vs\.?|versus|against)\s+|\s*[x×]\s*)\d+(?:\.\d+)?\s*"
                         r"(ml|mm|hu|cm)\b", re.IGNORECASE)
"""What joins a number to the next one's unit: a pair ("59.9/49.8 HU", "12.1 vs 8.9 mL") or a bidimensional size
("57.9 × 50.8 mm")."""


SCALE_UNIT = re.compile(r"\s+(?:on|in) (?:the |a )?[a-z\s-]{0,30}?scale\s*\(\s*(hounsfield units|hu)\s*\)", re.IGNORECASE)
"""A lay number whose unit is named after the scale it is on ("43 on the CT density scale (Hounsfield units)")."""


def shared_unit(text: str, mention: NumberMention) -> NumberMention:
    """A number written before another's unit in a pair ("110.7:112.0 mL", "59.9/49.8 HU", "12.1 vs 8.9 mL") takes that
    unit, as does one said on a scale named after it (`SCALE_UNIT`); a label's colon ("segment 4: 1.2 mL") makes no
    pair."""
    pair = (SHARED_UNIT.match(text, mention.end) or SCALE_UNIT.match(text, mention.end)) if mention.unit is None else None
    if pair is not None and pair.group(0).lstrip().startswith(":") and named_place(text, mention):
        return mention  # "- lesion 1: 13.7 mL": a lesion's name and its value, no pair
    if pair is None:
        return mention
    return next((replace(mention, unit=m.unit) for m in numbers_in(f"{mention.value} {pair.group(1)}")), mention)
