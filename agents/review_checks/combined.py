"""Combined quantities: a total of paired or several structures, and values derived from two cited ones.

- `combined_quantity` (a check): a total asked or said ("total kidney volume", "both kidneys together", "the
  lesions total") must not be one part's value: 115.3 mL for both kidneys when the right one alone is 115.3 mL
  (left 114.0 mL, both 229.3 mL) is the wrong quantity although the number is in the evidence.
- `derived_value`: a number that is a ratio of two cited values of one unit (to its printed precision: "left/right
  0.99" from 114.0 and 115.3 mL) or, said as a total, the sum of cited parts of one quantity ("229.3 mL in total")
  is grounded by those values.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import permutations

from agents.review_checks.base import ReviewInput, failed, numeric, passed, stated_numbers, target_families
from core.case import Check, Evidence
from questions.intents import extract
from questions.intents.answers import NumberMention, numbers_in

COMBINED = re.compile(r"\b(total\w*|combined|together|both|in all|altogether|sum(?:med)?|overall|bilateral(?:ly)?|"
                      r"all (?:the )?(?:lesions|tumou?rs|kidneys|masses))\b", re.IGNORECASE)
"""Words that make a quantity the sum of its parts (both kidneys, all lesions)."""
ONE_PART = re.compile(r"\b(left|right|largest|biggest|smallest|second|alone|each|single|one|lesion \d)\b",
                      re.IGNORECASE)
"""Words that make a value one part's, even in an answer about a total."""
RATIO_SAID = re.compile(r"\b(?:ratio|times|fold|index|x)\b|[/×]|\d\s+of\s+(?:the|its|their)\b", re.IGNORECASE)
"""Words that say a number is a ratio of two values ("0.59 of the spleen's 112 HU": a fraction of another value)."""
PART = re.compile(r"^(?P<family>.+?)(?:_(?:left|right)|_\d+)$")


def _parts(cited: list[Evidence]) -> dict[tuple[str, str], list[Evidence]]:
    """Cited items that are parts of one quantity: (family, name) -> the items of >= 2 sides or numbered lesions
    (kidney_left/kidney_right volume_ml; liver_lesion_1/liver_lesion_2 volume_ml)."""
    groups: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for e in cited:
        match = PART.match(e.target or "")
        if match and numeric(e) is not None:
            groups[(match.group("family"), e.name)].append(e)
    return {key: items for key, items in groups.items() if len({e.target for e in items}) >= 2}


def _in_unit(mention: NumberMention) -> tuple[float, float] | None:
    """The mention's value in the evidence unit and its tolerance there (None for a unit never measured)."""
    if mention.unit is None:
        return mention.value, mention.tolerance
    converted = mention.in_evidence_unit()
    if converted is None:
        return None
    factor = converted[1] / mention.value if mention.value else 1.0
    return converted[1], mention.tolerance * abs(factor)


def _totals(review: ReviewInput, family: str, name: str, parts: list[Evidence]) -> list[float]:
    """The whole a group of parts adds up to: their sum and any cited total of that family ("total_lesion_volume_ml")."""
    values = [sum(numeric(e) or 0.0 for e in parts)]
    stem = name.split("_", 1)[-1] if name.startswith(("largest_", "total_")) else name
    values += [numeric(e) or 0.0 for e in review.cited if numeric(e) is not None and e.name.startswith("total_")
               and e.name.endswith(stem) and (e.target or "").startswith(family.split("_")[0])]
    return values


def _before(text: str, mention: NumberMention) -> str:
    """The words before the number in its clause, after any earlier number ("left 114.0 mL and right 115.3 mL,
    229.3 mL combined": the 229.3 has none of the sides' words)."""
    ends = [m.end for m in numbers_in(text) if m.end <= mention.start]
    return text[max(0, text.rfind(";", 0, mention.start) + 1, mention.start - 45, *ends):mention.start]


def _said_as_total(text: str, mention: NumberMention) -> bool:
    """Whether the words just before (or right after) the number make it a total, not one part's value."""
    before = _before(text, mention)
    after = text[mention.end:mention.end + 25].split(";")[0].split("(")[0]
    return (COMBINED.search(before) is not None or COMBINED.search(after) is not None) and \
        ONE_PART.search(before) is None


LARGER_OVER_SMALLER = re.compile(r"\b(?:largest|larger|biggest|bigger|greatest|max(?:imum)?)(?:[- ]lesion)?(?:[\s-]+to[\s-]+|\s*[/-]\s*|\s+over\s+)"
                                 r"(?:the\s+)?(?:second|smaller|smallest|next|min(?:imum)?)\b", re.IGNORECASE)
"""A ratio named the larger over the smaller ("largest-to-second", "larger/smaller"): 1 or more by its name."""


RATIO_ORDER = re.compile(r"\b(left|right|liver|spleen|pancreas|caudate)\s*(?:/|:|-to-|\s+to\s+)\s*(left|right|liver|spleen|"
                         r"pancreas)\b(?![^0-9]{0,40}\b(?:left|right|liver|spleen|pancreas)\s*(?:/|:|-to-|\s+to\s+))",
                         re.IGNORECASE)
"""The order a ratio is named in ("left/right volume ratio", "liver-to-spleen"): its numerator first."""


def derived_value(review: ReviewInput, text: str, mention: NumberMention) -> bool:
    """Whether the number is a ratio of two cited values of one unit (unitless, to its precision), or a total said
    as one that is the sum of cited parts of one quantity."""
    shown = _in_unit(mention)
    if shown is None:
        return False
    value, tolerance = shown
    cited = [e for e in review.cited if numeric(e) is not None]
    if mention.unit is None:
        window = text[max(0, mention.start - 30):mention.end + 12]
        if value <= 0 or not RATIO_SAID.search(window):
            return False  # a ratio said as one ("left/right 0.99", "6.97 times"), not any unitless number
        if value < 1 - tolerance and LARGER_OVER_SMALLER.search(re.split(r"[.;:\n]\s", text[:mention.start])[-1]):
            return False  # "largest-to-second ratio 0.749": the larger over the smaller is never below 1
        named = set(extract(_before(text, mention)).organs)
        from agents.review_checks.numbers import states_value
        said = [m for m in stated_numbers(text) if m.unit]  # a value said beside it and true ("of the spleen's 112
        cited += [e for e in review.evidence if e not in cited and numeric(e) is not None and e.unit  # HU") is a term
                  and any(states_value(m, e) for m in said)]
        order = RATIO_ORDER.search(re.split(r"[.;:\n]\s", text[:mention.start])[-1])
        return any((not named or named <= target_families(e.target) | target_families(f.target)) and
                   e.unit == f.unit and e.unit and numeric(f) and abs((numeric(e) or 0.0) / (numeric(f) or 1.0) - value) <= tolerance + 1e-9
                   and (order is None or (order.group(1).lower() in (e.target or "") and order.group(2).lower() in (f.target or "")))
                   for e, f in permutations(cited, 2))  # "left/right 0.45" of a left kidney twice the right's: inverted
    if not _said_as_total(text, mention):
        return False
    return any(abs(total - value) <= tolerance + 1e-9 for (family, name), parts in _parts(cited).items()
               for total in _totals(review, family, name, parts))


def _subtotals(review: ReviewInput, parts: dict[tuple[str, str], list[Evidence]]) -> list[Evidence]:
    """Cited items computed from some of the parts (a per-segment lesion volume from the lesions in that segment):
    a number stating one of them is that subtotal, even where it equals a single lesion's value (segment III's
    0.9 mL is lesion 3's, the only lesion there)."""
    part_ids = {e.id for items in parts.values() for e in items}
    return [e for e in review.cited if numeric(e) is not None and e.id not in part_ids
            and part_ids & set(e.provenance.inputs or [])]


ADDEND = re.compile(r"\s*(?:\([^()\n]{0,30}\))?\s*\+")
"""A number followed by a plus sign (its part's name in brackets between): "166.9 mL (left) + 129.7 mL (right) = 296.6
mL" adds parts up to the total said after them; the first number said is then no total."""


def combined_quantity(review: ReviewInput) -> Check:
    """A total (asked in the question or said in the answer) is not given as one part's value."""
    from agents.review_checks.numbers import states_value

    name = "combined_quantity"
    text = review.claim_text
    parts = _parts([e for e in review.cited if numeric(e) is not None])
    if not parts:
        return passed(name, "no quantity of several cited parts")
    asked = COMBINED.search(review.question or "") is not None
    subtotals = _subtotals(review, parts)
    mentions = [m for m in stated_numbers(text) if m.unit is not None]
    problems = []
    for index, mention in enumerate(mentions):
        before = _before(text, mention)
        as_total = _said_as_total(text, mention) or (asked and index == 0 and ONE_PART.search(before) is None
                                                     and not ADDEND.match(text, mention.end))
        if not as_total or any(states_value(mention, e) for e in subtotals):
            continue
        for (family, quantity), items in parts.items():
            part = next((e for e in items if states_value(mention, e)), None)
            totals = _totals(review, family, quantity, items)
            if part is not None and not any(abs(t - (numeric(part) or 0.0)) < 1e-6 for t in totals):
                problems.append(f"{text[mention.start:mention.end]!r} is given as the total, but it is "
                                f"{part.target}'s alone (total {max(totals):.1f})")
                break
    if problems:
        return failed(name, "; ".join(problems), "reasoner")
    return passed(name, "no part's value given as the whole")
