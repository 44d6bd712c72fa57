"""The yes/no of a further part of a two-part question ("How large is the liver, and is there hepatomegaly?" answered
"1,912 mL (liver volume). Yes. ..."): read from the part's own sentence, held against the part's criterion.

The first sentence answers the first part (a value); the yes/no that answers the further part starts a later sentence,
so a check that reads only the answer's start would find no yes/no and call the part unanswered, or miss a wrong one.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from core.tasks import REGISTRY
from questions.intents.answers import NEGATIVE_LABEL, yes_no

__all__ = ["part_yes_no"]


def part_yes_no(review: ReviewInput, entry_id: str, expected: str, labels: list[str]) -> tuple[bool | None, list[str]]:
    """(the further part's yes/no as the finding asked, problems): None when no later sentence starts with yes or
    no or no further part is decided by `entry_id`; a problem when the yes/no disagrees with `expected`."""
    part = next((p for p in review.intent.parts if p in REGISTRY and any(e == entry_id for _, e in REGISTRY[p].criteria)),
                None)
    if part is None:
        return None, []
    sentences = re.split(r"(?<=[.;!?])\s+", review.claim_text.strip())[1:]
    said = next((s for piece in sentences if (s := said_yes_no(piece.lstrip(" .:"))) is not None), None)
    if said is None:
        return None, []
    said = said != (part in review.intent.negated_parts)  # "..., and is the spleen of normal size?": yes is no finding
    wanted = REGISTRY[part].says_yes(expected, labels, review.intent.size_asked)
    if said != wanted:
        return said, [f"answers {'yes' if said else 'no'} to the further part ({part!r}), but {entry_id} gives {expected!r}"]
    return said, []


def said_yes_no(piece: str) -> bool | None:
    """The yes or no a sentence says: its leading yes/no, or a finding stated absent ("Not steatotic.", "Normal.")."""
    said = yes_no(piece)
    return False if said is None and NEGATIVE_LABEL.match(piece) else said
