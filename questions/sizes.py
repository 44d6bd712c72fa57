"""What a question states about the lesions it asks about: a size filter on a count ("How many liver lesions
are 10 mm or larger?", "... smaller than 2 cm?", "... between 10 and 20 mm?") and a solid lesion ("the solid
pancreatic mass").

Such a count is not the group's lesion count: only lesions whose longest axial diameter passes the
filter are counted. The filter is read once, here, into the intent (`Intent.min_diameter_mm` /
`max_diameter_mm` and whether each edge counts); the reasoner counts per lesion and the reviewer
recomputes the count from the same diameters with the same `SizeFilter.admits`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.state import Intent

COUNT_TASKS = ("lesion counting", "lesion count by location")
"""Tasks whose count a size filter applies to."""
_UNIT = r"(?:mm|cm|millimet(?:er|re)s?|centimet(?:er|re)s?)\b"
_SIZE = r"(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>" + _UNIT + ")"
_BETWEEN = re.compile(r"\b(?:between|from)\s*(?P<low>\d+(?:[.,]\d+)?)\s*(?P<low_unit>" + _UNIT + r")?\s*(?:and|to|-|–)\s*"
                      + _SIZE, re.IGNORECASE)
_RANGE = re.compile(r"\b(?P<low>\d+(?:[.,]\d+)?)\s*(?P<low_unit>" + _UNIT + r")?\s*(?:-|–|to)\s*" + _SIZE, re.IGNORECASE)
_NOT_MORE = r"(?:no|not) (?:more|larger|bigger|greater|longer|wider) than"
_NOT_LESS = r"(?:no|not) (?:less|smaller|shorter) than"
_EDGES: tuple[tuple[str, bool, re.Pattern[str]], ...] = (
    ("max", True, re.compile(r"(?:≤|<=|=<|\bat most|\bup to|\b" + _NOT_MORE + r"|\bmaximum(?: of)?|"
                             r"\bequal to or (?:smaller|less|shorter) than)\s*" + _SIZE, re.IGNORECASE)),
    ("min", True, re.compile(r"(?:≥|>=|=>|\bat least|\b" + _NOT_LESS + r"|\bminimum(?: of)?|"
                             r"\bequal to or (?:larger|greater|bigger|more) than)\s*" + _SIZE, re.IGNORECASE)),
    ("max", True, re.compile(_SIZE + r"\s*(?:or|and) (?:less|smaller|under|below|shorter|fewer)\b", re.IGNORECASE)),
    ("min", True, re.compile(_SIZE + r"\s*(?:or|and) (?:more|larger|bigger|greater|above|over|longer|up)\b|"
                             + _SIZE.replace("value", "value2").replace("unit", "unit2") + r"\s*\+", re.IGNORECASE)),
    ("max", False, re.compile(r"(?:<|\b(?<!no )(?<!not )(?:smaller|less|shorter|narrower) than|\bunder|\bbelow|"
                              r"\bbeneath)\s*" + _SIZE, re.IGNORECASE)),
    ("min", False, re.compile(r"(?:>|\b(?<!no )(?<!not )(?:greater|larger|bigger|more|longer|wider) than|\bover|"
                              r"\babove|\bexceed(?:s|ing)?|\bin excess of)\s*" + _SIZE, re.IGNORECASE)),
)
"""(edge, whether a lesion exactly at it counts, pattern): ceilings and floors, the "no more than" forms first."""


@dataclass(frozen=True)
class SizeFilter:
    """The longest axial diameters a count admits: a floor, a ceiling or both, each inclusive or not (mm)."""

    min_mm: float | None = None
    min_inclusive: bool = True
    max_mm: float | None = None
    max_inclusive: bool = True

    def admits(self, diameter_mm: float) -> bool:
        """Whether a lesion of `diameter_mm` counts (the reasoner and the reviewer both ask this)."""
        if self.min_mm is not None and not (diameter_mm >= self.min_mm if self.min_inclusive else diameter_mm > self.min_mm):
            return False
        return self.max_mm is None or (diameter_mm <= self.max_mm if self.max_inclusive else diameter_mm < self.max_mm)

    def words(self) -> str:
        """The filter in words: `at least 10 mm`, `smaller than 20 mm`, `10-20 mm`."""
        if self.min_mm is not None and self.max_mm is not None:
            return f"{self.min_mm:g}-{self.max_mm:g} mm"
        if self.min_mm is not None:
            return f"{'at least' if self.min_inclusive else 'larger than'} {self.min_mm:g} mm"
        return f"{'at most' if self.max_inclusive else 'smaller than'} {self.max_mm:g} mm"

    def name(self) -> str:
        """The filtered count's evidence name: `lesion_count_min_10mm`, `lesion_count_over_10mm`,
        `lesion_count_max_20mm`, `lesion_count_under_20mm`, or both edges joined."""
        edges = []
        if self.min_mm is not None:
            edges.append(f"{'min' if self.min_inclusive else 'over'}_{self.min_mm:g}mm")
        if self.max_mm is not None:
            edges.append(f"{'max' if self.max_inclusive else 'under'}_{self.max_mm:g}mm")
        return "lesion_count_" + "_".join(edges)

    def intent_fields(self) -> dict[str, float | bool | None]:
        """The `Intent` fields that carry this filter."""
        return {"min_diameter_mm": self.min_mm, "min_diameter_inclusive": self.min_inclusive,
                "max_diameter_mm": self.max_mm, "max_diameter_inclusive": self.max_inclusive}


FILTERED_NAME = re.compile(r"lesion_count_(?:(?P<min>min|over)_(?P<low>[\d.]+)mm)?_?(?:(?P<max>max|under)_(?P<high>[\d.]+)mm)?$")
"""A filtered count's evidence name (`SizeFilter.name`), read back."""


def filter_of_name(name: str) -> SizeFilter | None:
    """The size filter a filtered count's name carries (`lesion_count_min_10mm` -> at least 10 mm), else None."""
    match = FILTERED_NAME.match(name)
    if match is None or not (match["min"] or match["max"]):
        return None
    return SizeFilter(float(match["low"]) if match["low"] else None, match["min"] != "over",
                      float(match["high"]) if match["high"] else None, match["max"] != "under")


def filter_of(intent: Intent | None) -> SizeFilter | None:
    """The size filter an intent carries (read once from its question by `stated_size_filter`), else None."""
    if intent is None or (intent.min_diameter_mm is None and intent.max_diameter_mm is None):
        return None
    return SizeFilter(intent.min_diameter_mm, intent.min_diameter_inclusive, intent.max_diameter_mm,
                      intent.max_diameter_inclusive)


def _mm(value: str, unit: str) -> float:
    number = float(value.replace(",", "."))
    return number * 10.0 if unit.lower().startswith("c") else number


def stated_size_filter(task: str, text: str) -> SizeFilter | None:
    """The size filter a count question states (floor, ceiling or both), else None.

    "between 10 and 20 mm" and "10-20 mm" include both edges; a unit stated once ("between 1 and 2 cm")
    holds for both numbers.
    """
    if task not in COUNT_TASKS:
        return None
    span = _BETWEEN.search(text) or _RANGE.search(text)
    if span:
        unit = span["unit"]
        low, high = _mm(span["low"], span["low_unit"] or unit), _mm(span["value"], unit)
        return SizeFilter(min(low, high), True, max(low, high), True) if low != high else None
    edges: dict[str, tuple[float, bool]] = {}
    for edge, inclusive, pattern in _EDGES:
        match = pattern.search(text)
        if match and edge not in edges:
            value = match.group("value") or match.groupdict().get("value2")
            unit = match.group("unit") or match.groupdict().get("unit2")
            edges[edge] = (_mm(value, unit), inclusive)
    if not edges:
        return None
    low, high = edges.get("min"), edges.get("max")
    return SizeFilter(low[0] if low else None, low[1] if low else True, high[0] if high else None, high[1] if high else True)


def stated_min_diameter(task: str, text: str) -> tuple[float, bool] | None:
    """(floor in mm, whether a lesion at the floor counts) for a count question that states one, else None."""
    said = stated_size_filter(task, text)
    return (said.min_mm, said.min_inclusive) if said is not None and said.min_mm is not None else None


def reaches(diameter_mm: float, floor_mm: float, inclusive: bool) -> bool:
    """Whether a lesion of `diameter_mm` counts under the floor alone."""
    return SizeFilter(floor_mm, inclusive).admits(diameter_mm)


SOLID = re.compile(r"\bsolid\b(?![- ]or[- ]cyst)(?:\s+\w+){0,2}\s+(mass|tumou?r|lesion|neoplasm)", re.IGNORECASE)
"""A lesion the question calls solid ("the solid pancreatic mass", "a solid tumour"), not "solid or cystic"."""


def states_solid(text: str) -> bool:
    """Whether the question calls the lesion it asks about solid."""
    asks_solidity = re.search(r"\bsolid\s*(\?|or\b)|\bor\s+solid\b|\bwhether\b[^?]*\bsolid\b", text, re.IGNORECASE)
    return bool(SOLID.search(text)) and not asks_solidity
