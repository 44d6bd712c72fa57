"""Precision: a number said to fewer digits than clinorch shows is judged by the precision it states.

"31 mm" for a diameter shown as 30.5 mm is that value rounded half up to a whole millimetre, and so is "3.1 cm";
"roughly 930 mL" for 927.3 mL keeps two significant digits. A rounding is held against the value as shown (one
decimal, `questions.intents.answers.format_value`) and against the measured value, never looser than the
number's own last digit.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from agents.review_checks.base import numeric
from core.case import Evidence
from questions.intents.answers import EVIDENCE_DIMENSION, NumberMention, numbers_in

__all__ = ["APPROXIMATELY", "rounded", "rounded_across", "rounds_as_shown"]


def rounds_as_shown(mention: NumberMention, value: float, factor: float = 1.0) -> bool:
    """Whether the number is the value as clinorch shows it (one decimal, `format_value`) rounded half up to the
    number's own precision ("31 mm" for 30.46 mm shown as 30.5 mm; "3.1 cm" for it too); `factor` is evidence units
    per unit of the number (10 for cm against mm)."""
    if not factor:
        return False
    if mention.decimals >= 1 and factor == 1.0:  # printed to the shown precision or finer: its own tolerance, or the
        scale = 10 ** (mention.decimals + 1)  # value rounded one place further first ("0.71" of 0.7049 shown 0.705)
        finer = math.floor(abs(value) * scale + 0.5) / scale
        again = math.floor(finer * scale / 10 + 0.5 + 1e-9) / (scale / 10) * (1 if value >= 0 else -1)
        return abs(again - mention.value) < 1e-9
    shown = math.floor(abs(value) * 10 + 0.5) / 10 * (1 if value >= 0 else -1)
    scale = 10 ** mention.decimals
    in_unit = shown / factor
    rounded = math.floor(abs(in_unit) * scale + 0.5 + 1e-9) / scale * (1 if in_unit >= 0 else -1)
    return abs(rounded - mention.value) < 1e-9


APPROXIMATELY = re.compile(r"\b(?:about|approximately|approx\.?|roughly|around|nearly|almost|some|circa|ca\.)\s*$|~\s*$",
                           re.IGNORECASE)


def rounded(text: str, mention: NumberMention, cited: list[Evidence]) -> list[Evidence]:
    """Cited items a value said as approximate rounds ("roughly 930 mL" for 927.3 mL): the number's trailing zeros
    are its precision, it keeps two significant digits, and the value rounded to that place is the number."""
    if not APPROXIMATELY.search(text[max(0, mention.start - 16):mention.start]) or mention.decimals:
        return []
    converted = mention.in_evidence_unit()
    factor = converted[1] / mention.value if converted and mention.value else 1.0
    shown = [e for e in cited if (v := numeric(e)) is not None and (converted is None or EVIDENCE_DIMENSION.get(
        e.unit or "") == converted[0]) and math.floor(round(v / factor, 1) + 0.5) == mention.value]
    if shown:  # "about 106 mL" for 105.5 mL as shown (105.47): the shown value rounded half up
        return shown
    if mention.value < 100 or mention.value % 10:
        return []
    digits = str(int(mention.value))
    place = min(10 ** (len(digits) - len(digits.rstrip("0"))), 10 ** (len(digits) - 2))  # two significant digits
    # at least: "about 700 mL" is 703.2 mL to the tens (not 650-750), "about 900 mL" is not 927.3 mL
    return [e for e in cited if (v := numeric(e)) is not None and (converted is None or
            EVIDENCE_DIMENSION.get(e.unit or "") == converted[0]) and round(v / factor / place) * place == mention.value]


def sum_of_shown(mention: NumberMention, cited: list[Evidence], by_id: dict[str, Evidence]) -> list[Evidence]:
    """Cited sums stated as the sum of their addends each rounded as shown ("2119.1 mL + 197.8 mL = 2316.9 mL" of
    2119.13 + 197.83 = 2316.96): the addends' rounding adds up, so the total may differ from the sum rounded by up to
    half a unit of its last digit per addend."""
    converted = mention.in_evidence_unit()
    if converted is None:
        return []
    found = []
    for e in cited:
        inputs = [by_id.get(i) for i in (e.provenance.inputs or [])] if e.provenance.formula == "sum" else []
        values = [numeric(i) for i in inputs if i is not None]
        if len(values) < 2 or len(values) != len(inputs) or None in values or \
                EVIDENCE_DIMENSION.get(e.unit or "") != converted[0]:
            continue
        factor = converted[1] / mention.value if mention.value else 1.0
        shown = sum(round(v / factor, mention.decimals) for v in values)  # type: ignore[operator, arg-type]
        if abs(shown - mention.value) <= 10 ** -mention.decimals / 2 - 1e-9 + 1e-9 * abs(shown):
            found.append(e)
    return found


UNDER = re.compile(r"(?<!not )\b(?:just |slightly )?(?:below|under|less than|short of)\b", re.IGNORECASE)
"""Words saying a value rounded onto a limit is under it ("about 500 mL, just under the 500 mL cut-off")."""


def rounded_across(text: str, mention: NumberMention, e: Evidence) -> str | None:
    """A loose rounding that moves the value onto or over a limit the answer itself quotes ("about 1000 mL — within
    the normal 1000–1800 mL range" of 966 mL, "≈0.7 — not below the 0.70 cut-off" of 0.623): the category follows
    the measured value, which lies on the limit's other side; None when the rounding keeps its side."""
    value = numeric(e)
    converted = mention.in_evidence_unit()
    if value is None or (converted is not None and EVIDENCE_DIMENSION.get(e.unit or "") != converted[0]):
        return None
    factor = converted[1] / mention.value if converted and mention.value else 1.0
    stated = mention.value * factor
    others = numbers_in(text)
    for k, other in enumerate(others):
        unit = other.unit
        if unit is None and k + 1 < len(others) and re.fullmatch(r"\s*(?:-|–|to)\s*", text[other.end:others[k + 1].start]):
            unit = others[k + 1].unit  # "1000–1800 mL": the range's first end in its unit
        other_converted = replace(other, unit=unit).in_evidence_unit() if unit else None
        if other.start == mention.start or (other_converted is None) != (converted is None) or (
                other_converted is not None and converted is not None and other_converted[0] != converted[0]):
            continue
        limit = other_converted[1] if other_converted else other.value * factor
        if abs(limit - value) <= other.tolerance * (other_converted[1] / other.value if other_converted and other.value
                                                     else factor) + 1e-9:
            continue  # the measured value itself, said again at full precision ("about 640 mL (641.7 mL)")
        crossed = (stated - limit) * (value - limit) < 0
        onto = stated == limit and value < limit and not UNDER.search(text[min(mention.end, other.end):other.end + 24])
        if limit and (crossed or onto):  # a limit is reached from below: "about 1000 mL" of 1004 mL is at it
            return (f"{text[mention.start:mention.end]!r} rounds {value:g} {e.unit or ''} onto the limit "
                    f"{text[other.start:other.end]!r} it lies {'below' if value < limit else 'above'}: the category "
                    "follows the measured value")
    return None
