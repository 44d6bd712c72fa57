"""An answer cut short: a value asked with a unit given as a bare number ("23."), or text that stops mid-phrase.

A saved answer can lose its tail on the way to the reader ("23.1 mm (largest liver lesion diameter)" shown as
"23."): the number left may even round to the measured one. A question whose task the registry gives a physical
unit (mm, mL, HU, %) is answered with that unit; a leading number with no unit, in an answer that states no unit
at all, is a value the reader cannot use; so is a bare number ending an answer whose other values carry units
("32.0 mm now; 24."). Text that ends inside a bracket or on a word that needs a sequel ("and",
"of", "the", a comma) was cut, whatever it said before.
"""

from __future__ import annotations

import re

from agents.review_checks.base import JSON_FIELD, ReviewInput, field_words, items_stating, stated_numbers
from core.tasks import REGISTRY

PHYSICAL = ("mm", "mL", "HU", "%")
"""Units a value cannot be read without (a count, a ratio or a slice index can)."""
DANGLING = re.compile(r"(?:[,(:]|[—–-]|\b(?:and|or|of|the|a|an|in|with|to|from|by|at|is|are|was|measures?|"
                      r"measuring|than))\s*$", re.IGNORECASE)
"""The end of a text that needs more words after it."""


COUNT_LABEL = re.compile(r"\b(?:total|count|number|n|lesions?|tumou?rs?|cysts?|nodules?|masses|ratio|index|slice|sds?|z-?score)\s*[:=]\s*$",
                         re.IGNORECASE)
"""A label that makes the bare number after it a count, a ratio, an index or a number of SDs ("total: 2",
"caudate-to-right-lobe ratio: 0.033", "difference in organ SD: -8.32"), which has no unit to lose."""


def truncated(review: ReviewInput) -> str | None:
    """Why the answer reads as cut short, or None."""
    answer = review.answer
    if answer is None or answer.choice:
        return None
    text = JSON_FIELD.sub(field_words, answer.text).strip()  # {"spleen_mean_hu": 47.0}: the key gives the unit
    if DANGLING.search(text) or text.count("(") > text.count(")"):
        return f"the answer stops mid-phrase ({text[-30:]!r})"
    said = stated_numbers(text)
    last = said[-1] if said else None
    if last is not None and last.unit is None and re.fullmatch(r"\.?", text[last.end:].strip()) and \
            re.search(r"(?:^|[;,:—–(])$", text[:last.start].rstrip()) and any(m.unit in PHYSICAL for m in said[:-1]) and \
            not COUNT_LABEL.search(text[:last.start]):  # "- total: 2": a count, labelled
        return f"the answer ends on a bare number ({text[last.start:]!r}) after values with units: it is cut short"
    spec = REGISTRY.get(review.intent.task)
    if spec is None or spec.unit not in PHYSICAL or spec.form != "number" or review.intent.parts or \
            review.intent.unit not in (None, spec.unit):  # an aggregation of lesion counts has no unit to lose
        return None
    if _unit_asked(review.question or "", spec.unit):
        return None  # "What is the right kidney volume in mL?" "209.9": the unit the question set
    of_unit = [e for e in review.evidence if e.unit == spec.unit]
    if said and said[0].unit is None and not any(m.unit for m in said) and not _unit_words(text, spec.unit) and \
            items_stating(said[0], of_unit):  # "23." for 23.1 mm; not "0.997", a ratio said under a volume task
        return (f"the question asks a value in {spec.unit}, but the answer gives {text[said[0].start:said[0].end]!r} "
                "with no unit: the answer is cut short")
    return None


def _unit_asked(question: str, unit: str) -> bool:
    """Whether the question sets the unit of the value it asks ("volume in mL", "diameter (mm)", "in Hounsfield
    units"): a bare number answering it is in that unit."""
    token = {"mm": r"mm", "mL": r"ml|cc|cm3|cm³", "HU": r"hu", "%": r"%|percent(?:age)?"}[unit]
    return re.search(rf"(?:\bin|\(|\bas(?: a)?|\bunits?:?)\s*(?:{token})(?![\w])", question, re.IGNORECASE) is not None or (
        re.search(r"\b(?:in|as)\s+(?:\w+\s+)?$", question) is None and
        re.search(rf"\bin\s+(?:{_UNIT_WORDS[unit]})", question, re.IGNORECASE) is not None)


_UNIT_WORDS = {"mm": r"mill?imet(?:er|re)s?", "mL": r"mill?ilit(?:er|re)s?|cubic", "HU": r"hounsfield", "%": r"per ?cent"}


def _unit_words(text: str, unit: str) -> bool:
    """Whether the text names the unit in words ("millimetres", "Hounsfield units", "per cent")."""
    words = {"mm": r"mill?imet(?:er|re)s?", "mL": r"mill?ilit(?:er|re)s?|cc\b|cubic",
             "HU": r"hounsfield|\d+(?:\.\d+)?\s+(?:ct\s+)?units?\b[^.;]{0,30}\b(?:ct|density|attenuation)\b|ct (?:units?|numbers?)",
             "%": r"per ?cent"}  # "46 units darker on the CT scale": the CT's own unit said in words
    return re.search(rf"\b(?:{words[unit]})", text, re.IGNORECASE) is not None


__all__ = ["truncated"]
