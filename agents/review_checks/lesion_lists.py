"""Values listed one per lesion are each lesion's own, said as a list, not one lesion's pair nor a total.

"both cysts (6.2 mL and 3.2 mL) are in the right kidney", "2 kidney cysts: - 6.2 mL - 3.2 mL", "the two tumours, 31.5
and 12.0 mm": two or more values in a row, each stating a different measured lesion of one group (same dimension).
Such a list is grounded in the lesions it names one by one; the checks then read the text without it, so the
sentence around it ("both cysts are in the right kidney") is judged on its own words. A list whose values are not
distinct lesions' (one lesion's volume and another's diameter, a value no lesion has) is left for the checks.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, items_stating, stated_numbers
from agents.review_checks.number_roles import shared_unit
from core.anatomy import instance_of
from core.case import Evidence
from core.tasks import REGISTRY
from questions.intents.answers import EVIDENCE_DIMENSION, NumberMention

__all__ = ["without_lesion_lists"]

BETWEEN = re.compile(r"^[\s,;:\n\-–*•]*(?:and\s+)?[\s\-–*•]*$", re.IGNORECASE)
"""What separates two listed values: a comma, "and", a line break or a bullet."""
BRACKETED = re.compile(r"\(\s*([^()]*)\)")


def _lesion_of(mention: NumberMention, items: list[Evidence]) -> set[tuple[str, int]]:
    """The (group, n) lesion instances whose measurement of the mention's dimension it states."""
    converted = mention.in_evidence_unit()
    if converted is None:
        return set()
    return {w for e in items_stating(mention, items)
            if EVIDENCE_DIMENSION.get(e.unit or "") == converted[0] and (w := instance_of(e.target)) is not None}


def _lists(review: ReviewInput, text: str) -> list[tuple[int, int]]:
    """The spans of the per-lesion lists in the text."""
    instances = [e for e in review.evidence if instance_of(e.target) is not None]
    said = [(m, _lesion_of(m, instances)) for m in map(lambda m: shared_unit(text, m), stated_numbers(text)) if m.unit]
    spans, run = [], []
    for mention, lesions in [*said, (None, set())]:
        joined = run and mention is not None and lesions and BETWEEN.match(text[run[-1][0].end:mention.start])
        if joined:
            run.append((mention, lesions))
            continue
        if len(run) >= 2 and _distinct(run):
            spans.append((run[0][0].start, run[-1][0].end))
        run = [(mention, lesions)] if mention is not None and lesions else []
    return spans


def _distinct(run: list[tuple[NumberMention, set[tuple[str, int]]]]) -> bool:
    """Whether each value of the run can be a different lesion of one group."""
    groups = set.intersection(*({g for g, _ in lesions} for _, lesions in run))
    for group in groups:
        taken: set[int] = set()
        for _, lesions in run:
            free = sorted(n for g, n in lesions if g == group and n not in taken)
            if not free:
                break
            taken.add(free[0])
        else:
            return True
    return False


def without_lesion_lists(review: ReviewInput, text: str) -> str:
    """The text without its per-lesion lists (a bracket holding only the list goes with it)."""
    spans = _lists(review, text)
    spec = REGISTRY.get(review.intent.task)
    if spans and spec is not None and spec.form == "number":  # the list may be the answer itself: it must leave one
        rest = text
        for start, end in reversed(spans):
            rest = rest[:start] + rest[end:]
        if not stated_numbers(rest):
            return text
    for start, end in reversed(spans):
        bracket = next((b for b in BRACKETED.finditer(text) if b.start(1) <= start and end <= b.end(1)
                        and not text[b.start(1):start].strip() and not text[end:b.end(1)].strip()), None)
        if bracket is not None:
            start, end = bracket.start(), bracket.end()
        if not text[end:].strip():  # "2 kidney cysts: - 6.2 mL - 3.2 mL": the list's lead-in ends the text
            text, end = text[:start].rstrip(" \n-*•").rstrip(":").rstrip() + text[end:].strip(), start
            continue
        text = text[:start].rstrip(" ") + (" " if text[end:end + 1] not in ("", "\n", ".", ",", ";") else "") + \
            text[end:].lstrip(" ")
    return text
