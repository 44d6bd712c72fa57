"""Measurements a question states itself: "a spleen of 520 mL", "liver attenuation is 38 HU", "a 32 mm pancreatic mass".

A clinical vignette with no image ("A 45-year-old's CT reports a spleen of 520 mL; does that meet splenomegaly
criteria?") is answerable from the criterion: the stated value is the evidence, and its provenance says the user
stated it (triage records it; nothing is measured). Each value is read as a quantity key of `docs/CONTRACTS.md`
(`spleen.volume_ml`, `liver.mean_hu`, `pancreas_lesion.largest_lesion_diameter_mm`); a key stated twice with two
values ("400 mL then 520 mL") is no single value and is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ORGAN_WORDS = {"spleen": r"spleen|splenic", "liver": r"liver|hepatic", "pancreas": r"pancreas|pancreatic",
               "kidney_left": r"left kidney|left renal", "kidney_right": r"right kidney|right renal"}
"""Organ -> the words that name it in a vignette."""
LESION_GROUP = {"liver": "liver_lesion", "pancreas": "pancreas_lesion", "kidney": "kidney_lesion"}
_LESION_ORGAN = {"liver": r"liver|hepatic", "pancreas": r"pancreas|pancreatic", "kidney": r"kidney|renal"}
_LESION = r"(?:mass|tumou?r|lesion|nodule|carcinoma|adenocarcinoma|cancer)"
_NUMBER = r"(?P<n>\d{1,4}(?:\.\d+)?)"
_GAP = r"[^.;,\d]{0,40}?"  # words between an organ and its value, never another number or clause
_VOLUME_UNIT = r"(?P<u>ml|cc|cm3|cm³)"


@dataclass(frozen=True)
class StatedValue:
    """One value the question states, as a quantity key with its unit and the words it was read from."""

    key: str
    """`{target}.{name}`, e.g. `spleen.volume_ml`."""
    value: float
    unit: str
    """`mL`, `HU` or `mm` (a diameter stated in cm is converted)."""
    words: str


def _organ_patterns() -> list[tuple[str, str, re.Pattern[str]]]:
    out = []
    for organ, words in ORGAN_WORDS.items():
        out.append((f"{organ}.volume_ml", "mL",
                    re.compile(rf"\b(?:{words})\b{_GAP}{_NUMBER}\s*{_VOLUME_UNIT}(?!\w)|{_NUMBER.replace('n>', 'n2>')}\s*"
                               rf"(?P<u2>ml|cc)\s+(?:{words})\b", re.IGNORECASE)))
        out.append((f"{organ}.mean_hu", "HU",
                    re.compile(rf"\b(?:{words})\b(?!\s+(?:lesion|mass|tumou?r|cyst|nodule))(?:[^.;,\d]{{0,40}}?)"
                               rf"(?P<n>-?\d{{1,4}}(?:\.\d+)?)\s*(?:hu|hounsfield)\b", re.IGNORECASE)))
    for organ, words in _LESION_ORGAN.items():
        key = f"{LESION_GROUP[organ]}.largest_lesion_diameter_mm"
        out.append((key, "mm", re.compile(
            rf"{_NUMBER}[- ]?(?P<u>mm|cm)\s+(?:[a-z-]+\s+){{0,2}}?(?:{words})\s+(?:[a-z-]+\s+){{0,2}}?{_LESION}|"
            rf"(?:{words})\s+(?:[a-z-]+\s+){{0,2}}?{_LESION}\s+(?:[a-z-]+\s+){{0,3}}?(?:measur\w*|of|is)\s+"
            rf"(?:[a-z-]+\s+){{0,2}}?(?P<n2>\d{{1,4}}(?:\.\d+)?)\s*(?P<u2>mm|cm)\b", re.IGNORECASE)))
    return out


PATTERNS = _organ_patterns()


def stated_values(question: str | None) -> list[StatedValue]:
    """Every quantity the question states one value of, in the order of `PATTERNS`."""
    text = " ".join((question or "").split())
    found: dict[str, set[float]] = {}
    words: dict[str, str] = {}
    for key, unit, pattern in PATTERNS:
        for match in pattern.finditer(text):
            said = match.group("n") if match.groupdict().get("n") else match.groupdict().get("n2")
            if said is None:
                continue
            value = float(said)
            if unit == "mm" and (match.groupdict().get("u") or match.groupdict().get("u2") or "").lower() == "cm":
                value *= 10.0
            found.setdefault(key, set()).add(value)
            words.setdefault(key, match.group(0))
    out = [StatedValue(key, next(iter(values)), unit, words[key])
           for key, unit, _ in PATTERNS if len(values := found.get(key, set())) == 1]
    return [v for v in out if len(_numbers_in(text, v.unit)) <= sum(1 for w in out if w.unit == v.unit)]


_UNIT_WORDS = {"mL": r"ml|cc|cm3|cm³", "HU": r"hu|hounsfield", "mm": r"mm|cm"}


def _numbers_in(text: str, unit: str) -> set[str]:
    """The distinct numbers said with a unit: more of them than quantities read leaves the reading ambiguous
    ("a spleen of 400 mL last year, now 520 mL")."""
    return set(re.findall(rf"(-?\d+(?:\.\d+)?)\s*(?:{_UNIT_WORDS[unit]})(?!\w)", text, re.IGNORECASE))
