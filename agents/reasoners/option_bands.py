"""Options that are bands of one percentage ("Marked asymmetry (> 25%)", "Mild asymmetry (10-25%)", "Symmetric
(difference < 10%)"): the options carry the grading the question asks, so the answer is the option whose band holds the
measured value (suite T, round 20: the kidney-asymmetry grade abstained on 5 of 5 such questions).

A band is read from the option's own words: "< 10%", "≤ 10 %", "below 10%", "> 25%", "over 25 percent", "10-25%",
"10 to 25%". Every option must state one and the bands must not overlap, or the options are not read as bands.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from questions.intents import ChoiceSet

_NUMBER = r"(\d+(?:\.\d+)?)"
_PERCENT = r"\s*(?:%|percent\b|per cent\b)"
_RANGE = re.compile(_NUMBER + r"\s*%?\s*(?:-|–|—|to)\s*" + _NUMBER + _PERCENT, re.IGNORECASE)
_BELOW = re.compile(r"(?:<|≤|<=|below|under|less than|up to)\s*" + _NUMBER + _PERCENT, re.IGNORECASE)
_ABOVE = re.compile(r"(?:>|≥|>=|above|over|more than|greater than|at least)\s*" + _NUMBER + _PERCENT, re.IGNORECASE)


@dataclass(frozen=True)
class OptionBand:
    """One option's band of a percentage, [lower, upper) in %."""

    letter: str
    text: str
    lower: float
    upper: float

    def holds(self, value: float) -> bool:
        return self.lower <= value < self.upper


def _band(text: str) -> tuple[float, float] | None:
    found = [(m.start(), (float(m.group(1)), float(m.group(2)))) for m in _RANGE.finditer(text)]
    found += [(m.start(), (-math.inf, float(m.group(1)))) for m in _BELOW.finditer(text)]
    found += [(m.start(), (float(m.group(1)), math.inf)) for m in _ABOVE.finditer(text)]
    if len(found) != 1:
        return None  # no band, or several: the option is not one band
    lower, upper = found[0][1]
    return (lower, upper) if lower < upper else None


def option_bands(choice_set: ChoiceSet | None) -> list[OptionBand] | None:
    """The options as bands of one percentage, or None when any option states no band or two bands overlap."""
    if choice_set is None or len(choice_set.options) < 2:
        return None
    bands = []
    for option in choice_set.options:
        band = _band(option.text)
        if band is None:
            return None
        bands.append(OptionBand(option.letter, option.text, *band))
    ordered = sorted(bands, key=lambda b: b.lower)
    if any(b.lower < a.upper - 1e-9 for a, b in zip(ordered, ordered[1:], strict=False)):
        return None
    return bands


def band_holding(value: float, bands: list[OptionBand]) -> OptionBand | None:
    """The option whose band holds `value` (%); None when none does (a gap between the options' bands)."""
    return next((b for b in bands if b.holds(value)), None)
