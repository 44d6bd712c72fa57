"""A band the reasons put a value in must hold it: "649.8 mL (314.5 ≤ x < 500 mL) -> moderate" is refused.

The reasoner writes each deciding value with the band of the cited criterion it falls in (`value unit (band)
-> label by criterion`). The label may be right while the band quoted beside it is another label's (the mild
band under "moderate", the T1 band under "T2"): the reasons then say the value is where it is not. Each
`number unit (… x …)` in the answer is read as (lower, upper) limits with their strictness; the value must lie
inside, allowing for the rounding of the value as written (half its last digit). A band in another unit than
the value's is not judged (a reader converts; this check does not).
"""

from __future__ import annotations

import re

NUMBER = r"[-−]?\d+(?:\.\d+)?"
UNIT = r"(?:mL|mm|HU|%|cm³|cm|SD|L)"
VALUE_BAND = re.compile(rf"(?<![\w.])(?P<value>{NUMBER})\s*(?P<unit>{UNIT})?\s*\((?P<band>[^()]*?\bx\b[^()]*)\)")
LOWER = re.compile(rf"(?P<limit>{NUMBER})\s*(?P<op>≤|<=|<)\s*x\b")
UPPER = re.compile(rf"\bx\s*(?P<op>≤|<=|<)\s*(?P<limit>{NUMBER})")
VALUE_RANGE = re.compile(rf"(?<![\w.])(?P<value>{NUMBER})\s*(?P<unit>{UNIT})?\s*\((?:between\s+)?(?P<lower>{NUMBER})\s*"
                         rf"(?P<inner>{UNIT})?\s*(?:-|–|to|and)\s*(?P<upper>{NUMBER})\s*(?P<band_unit>{UNIT})?"
                         r"(?:\s+(?:band|range))?\s*[);:,]")
"""A value with the range quoted beside it ("659.9 mL (314.5-500 mL)", "0.66 L (0.5–0.8 L band)")."""
BAND_UNIT = re.compile(rf"{NUMBER}\s*(?P<unit>{UNIT})\b")


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


def _slack(text: str) -> float:
    """Half the last written digit of a number ("649.8" -> 0.05): how far the true value may lie from it."""
    decimals = len(text.partition(".")[2])
    return 0.5 * 10.0 ** -decimals


def _holds(value: float, slack: float, band: str) -> bool | None:
    """Whether `value` (± slack) lies in the band's limits; None when the band states no limit."""
    lower, upper = LOWER.search(band), UPPER.search(band)
    if lower is None and upper is None:
        return None
    ok = True
    if lower is not None:
        limit = _number(lower.group("limit"))
        ok &= value + slack >= limit if lower.group("op") != "<" else value + slack > limit
    if upper is not None:
        limit = _number(upper.group("limit"))
        ok &= value - slack <= limit if upper.group("op") != "<" else value - slack < limit
    return ok


def bands_not_holding(text: str) -> list[str]:
    """Each `value (band)` of the text whose band does not hold the value, as a phrase naming both."""
    problems = []
    for match in VALUE_BAND.finditer(text):
        band = match.group("band").split(":")[0]  # "(x ≤ 34.8 HU: solid tumor)": the label is judged elsewhere
        if band.count("x") != 1 or " and " in band or " or " in band:  # "20 ≤ x % and 5 ≤ x mm": two quantities
            continue
        stated = BAND_UNIT.search(band)
        if stated and match.group("unit") and stated.group("unit") != match.group("unit"):
            continue
        raw = match.group("value")
        if _holds(_number(raw), _slack(raw), band) is False:
            problems.append(f"the reasons put {raw}{' ' + match.group('unit') if match.group('unit') else ''} in "
                            f"the band ({band.strip()}), which does not hold it")
    for match in VALUE_RANGE.finditer(text):
        units = {u for u in (match.group("unit"), match.group("inner"), match.group("band_unit")) if u}
        if len(units) > 1:  # a range in another unit than the value's is not judged here
            continue
        raw, lower, upper = match.group("value"), _number(match.group("lower")), _number(match.group("upper"))
        value, slack = _number(raw), _slack(raw)
        if lower < upper and not lower - slack <= value <= upper + slack:
            problems.append(f"the reasons put {raw}{' ' + units.pop() if units else ''} in the range "
                            f"{match.group('lower')}-{match.group('upper')}, which does not hold it")
    return problems


__all__ = ["bands_not_holding"]
