"""What a question states about the lesions it asks about: a size floor in a count ("How many liver lesions
are 10 mm or larger?") and a solid lesion ("the solid pancreatic mass").

Such a count is not the group's lesion count: only lesions whose longest axial diameter reaches the
floor are counted. The floor is read once, here, into `Intent.min_diameter_mm`; the reasoner counts
per lesion and the reviewer recomputes the count from the same diameters.
"""

from __future__ import annotations

import re

COUNT_TASKS = ("lesion counting", "lesion count by location")
"""Tasks whose count a size floor filters."""
_SIZE = r"(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>mm|cm|millimet(?:er|re)s?|centimet(?:er|re)s?)\b"
_AT_LEAST = re.compile(r"(?:≥|>=|=>|\bat least|\bno (?:less|smaller) than|\bnot (?:less|smaller) than|\bminimum(?: of)?|"
                       r"\bequal to or (?:larger|greater|bigger|more) than)\s*" + _SIZE, re.IGNORECASE)
_OR_MORE = re.compile(_SIZE + r"\s*(?:or|and) (?:more|larger|bigger|greater|above|over|longer|up)\b|" + _SIZE.replace(
    "value", "value2").replace("unit", "unit2") + r"\s*\+", re.IGNORECASE)
_ABOVE = re.compile(r"(?:>|\b(?:greater|larger|bigger|more|longer|wider) than|\bover|\babove|\bexceed(?:s|ing)?|"
                    r"\bin excess of)\s*" + _SIZE, re.IGNORECASE)


def _mm(value: str, unit: str) -> float:
    number = float(value.replace(",", "."))
    return number * 10.0 if unit.lower().startswith("c") else number


def stated_min_diameter(task: str, text: str) -> tuple[float, bool] | None:
    """(floor in mm, whether a lesion at the floor counts) for a count question that states one, else None."""
    if task not in COUNT_TASKS:
        return None
    match = _AT_LEAST.search(text)
    if match:
        return _mm(match.group("value"), match.group("unit")), True
    match = _OR_MORE.search(text)
    if match:
        value = match.group("value") or match.group("value2")
        return _mm(value, match.group("unit") or match.group("unit2")), True
    match = _ABOVE.search(text)
    if match:
        return _mm(match.group("value"), match.group("unit")), False
    return None


def reaches(diameter_mm: float, floor_mm: float, inclusive: bool) -> bool:
    """Whether a lesion of `diameter_mm` counts under the floor (the reasoner and the reviewer both ask this)."""
    return diameter_mm >= floor_mm if inclusive else diameter_mm > floor_mm


SOLID = re.compile(r"\bsolid\b(?![- ]or[- ]cyst)(?:\s+\w+){0,2}\s+(mass|tumou?r|lesion|neoplasm)", re.IGNORECASE)
"""A lesion the question calls solid ("the solid pancreatic mass", "a solid tumour"), not "solid or cystic"."""


def states_solid(text: str) -> bool:
    """Whether the question calls the lesion it asks about solid."""
    asks_solidity = re.search(r"\bsolid\s*(\?|or\b)|\bor\s+solid\b|\bwhether\b[^?]*\bsolid\b", text, re.IGNORECASE)
    return bool(SOLID.search(text)) and not asks_solidity
