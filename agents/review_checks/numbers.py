"""Numeric grounding: every number in the answer is a cited evidence value (after unit conversion).

The derivation check (every derived item recomputes from its inputs) is `derivation.derivations`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import permutations

from agents.review_checks.asides import criterion_cutoff_aside, true_structure_aside
from agents.review_checks.base import (
    ReviewInput,
    failed,
    numeric,
    passed,
    stated_numbers,
    target_families,
    unit_identity,
    worked_constant,
    worked_result,
)
from agents.review_checks.categories import bands_beside
from agents.review_checks.change import DECREASE, INCREASE
from agents.review_checks.combined import derived_value
from agents.review_checks.distances import distances_said
from agents.review_checks.interval import without_intervals
from agents.review_checks.number_roles import in_label, named_place, shared_unit, worded_change_stated
from agents.review_checks.part_counts import (
    count_of_cited_places,
    count_of_kind,
    lesions_held,
    miscounted_places,
    part_count,
    parts_tally,
)
from agents.review_checks.precision import rounded, rounded_across, rounds_as_shown, sum_of_shown
from agents.review_checks.presence import TYPED
from agents.review_checks.quantifiers import quantified_limits
from agents.review_checks.recompute import bracketed_sum, derivation_inputs, operand_of_cited_result, sum_of_inputs
from agents.review_checks.reference_ranges import in_quoted_range, misquoted_range
from agents.review_checks.restated import restates_value
from agents.review_checks.spelt_twice import bound_said_whole, spellings_disagree
from agents.review_checks.threshold_words import in_comparison, is_threshold, worded_as_threshold
from agents.review_checks.typed_kinds import said_of_other_kind
from core.anatomy import LESION_GROUPS, STUDY_TARGETS, family, instance_of, is_lesion
from core.case import Check, Evidence
from core.tasks import REGISTRY
from questions.intents import extract, locations_of
from questions.intents.answers import (
    EVIDENCE_DIMENSION,
    UNIT_DIMENSION,
    NumberMention,
    numbers_in,
    to_evidence_unit,
    yes_no,
)

UNIT_FACTOR = {unit: factor for unit, (_, factor) in UNIT_DIMENSION.items()}

RELATIVE = 1e-6
POWER = re.compile(r"\s*(²|³|\^\s*[23]\b|\s(?:squared|cubed)\b)", re.IGNORECASE)
UNIT_POWER = re.compile(r"\s*(?:ml|l|cc|hu|%|mm|cm)(²|³|\^\s*[23]\b)", re.IGNORECASE)
"""A unit with a power the number reader leaves unread ("40.8 mL²": the unit no word boundary ends)."""
CUBED = ("³", "^3", "^ 3", " cubed")


def _thresholds(review: ReviewInput) -> list[tuple[str | None, float]]:
    """(dimension, value) of every number the cited criteria print: band limits and their text, and the cut-off of a
    rule the question states."""
    out: list[tuple[str | None, float]] = []
    for entry in review.criterion_entries():
        if entry.criterion is not None:
            for scale in entry.criterion.quantities:
                dim = EVIDENCE_DIMENSION.get(scale.unit)
                for band in scale.bands:
                    out += [(dim, float(v)) for v in (band.lower, band.upper) if v is not None]
        rendered = entry.render()
        for m in numbers_in(rendered):
            converted = m.in_evidence_unit()
            out.append((converted[0], converted[1]) if converted else (None, m.value))
        out += [(None, float(end.replace("−", "-"))) for r in VALUE_RANGE.finditer(rendered)  # "HU 51-57": the number
                for end in r.groups() if end is not None]  # reader takes "-57" for a negative, not the band's end
    from agents.review_checks.stated_limits import question_limits, reading_limits
    return out + question_limits(review) + reading_limits(review)


def quoted_threshold(review: ReviewInput, text: str, mention: NumberMention,
                     thresholds: list[tuple[str | None, float]] | None = None) -> bool:
    """Whether the number is a cited limit quoted as one: in a band ("314.5 ≤ x") or worded as a cut-off ("below
    40 HU"), and equal to a limit the cited criteria (or the question's own rule) print; or an end of a range both of
    whose ends they print ("51-57 HU")."""
    thresholds = _thresholds(review) if thresholds is None else thresholds
    if _one_band(text, mention, {value for _, value in thresholds}):
        return True  # "53.0 HU (51-57 HU band)": both ends limits the cited criteria print
    worded = in_comparison(text, mention) or worded_as_threshold(text, mention, review.intent.task)
    return worded and is_threshold(mention, thresholds)


def cited_limits(review: ReviewInput) -> set[float]:
    """The band limits the cited criteria print, as plain numbers (in their own units)."""
    return {value for _, value in _thresholds(review)}


VALUE_RANGE = re.compile(r"(?<![\w.\-−/])(?<!from )(?<!\d{4}-)([-−]?\d+(?:\.\d+)?)\s*(?:[a-zA-Z%]+\s*)?(?:-|–|to)\s*"
                         r"([-−]?\d+(?:\.\d+)?)(?![\d-])|\bbetween\s+([-−]?\d+(?:\.\d+)?)\s*(?:[a-zA-Z%]+\s*)?and\s+([-−]?\d+(?:\.\d+)?)",
                         re.IGNORECASE)
""""1-3 lesions", "1 to 2 cm", "between 10 and 20 mm": two ends where one value was asked."""


def _cited_band(text: str, mention: NumberMention, limits: set[float],
                beside: tuple[set[float], ...] = ()) -> bool:
    """Whether a number is an end of a range both of whose ends are cited limits ("the 500–800 mL moderate band"),
    or limits of one criterion beside a cited one ("mild splenomegaly (314.5-500 mL band)" beside the cited
    presence)."""
    return any(_one_band(text, mention, ends) for ends in (limits, *beside))


def open_band_quoted(review: ReviewInput, text: str, mention: NumberMention) -> bool:
    """Whether a number is the limit of the band of a category named beside it, said as that band's bound
    ("hyperattenuating, > 70 HU": the band above 70 HU; not "simple cyst, > 70 HU"), of a criterion of the knowledge
    base, cited or not, about the value asked (`named_bands`)."""
    from questions.intents.answers import labels_in
    bound = BOUND_BEFORE.search(text[max(0, mention.start - 16):mention.start])
    if bound is None:
        return False
    above = re.search(r"[>≥]|above|over|more|greater|exceeding|at least", bound.group(0), re.IGNORECASE) is not None
    asked = _asked_with_groups(review)
    for entry in review.base:
        criterion = entry.criterion
        if criterion is None or not asked & set(criterion.quantity_keys):
            continue
        named = set(labels_in(text, criterion.labels))
        for band in (b for scale in criterion.quantities for b in scale.bands if b.label in named):
            limit = band.lower if above else band.upper
            if limit is not None and abs(mention.value - float(limit)) < 1e-9:
                return True
    return False


BOUND_BEFORE = re.compile(r"(?:[<>≤≥]=?|\b(?:above|over|below|under|more than|less than|greater than|exceeding|at least|"
                          r"at most))\s*$", re.IGNORECASE)


BOUND_BEFORE = re.compile(r"(?:[<>≤≥]=?|\b(?:above|over|below|under|more than|less than|greater than|exceeding|at least|"
                          r"at most))\s*$", re.IGNORECASE)


def _asked_with_groups(review: ReviewInput) -> set[str]:
    """The quantities asked, with each typed mask's quantity also as its group's (`kidney_tumor.largest_lesion_mean_hu`
    is read by the criteria of `kidney_lesion.largest_lesion_mean_hu`)."""
    from questions.resolve import TYPED_MASK

    group_of = {mask: group for (group, _), mask in TYPED_MASK.items()}
    asked = set(review.intent.quantities)
    return asked | {f"{group_of[t]}.{n}" for q in asked for t, _, n in [q.partition(".")] if t in group_of}


def named_bands(review: ReviewInput, text: str) -> tuple[set[float], ...]:
    """The band limits of each criterion of the knowledge base, cited or not, about the value asked (its quantity
    keys name the asked organ's quantity) whose category the answer names: "moderate splenomegaly (500–800 mL)"
    beside a spleen volume quotes that grade's band, a population's rule, not a measurement."""
    from questions.intents.answers import labels_in

    asked = _asked_with_groups(review)
    out = []
    for entry in review.base:
        criterion = entry.criterion
        if criterion is None or not asked & set(criterion.quantity_keys) or not labels_in(text, criterion.labels):
            continue
        out.append({float(v) for scale in criterion.quantities for band in scale.bands
                    for v in (band.lower, band.upper) if v is not None})
    return tuple(out)


def _one_band(text: str, mention: NumberMention, limits: set[float]) -> bool:
    """Whether a number is an end of a range both of whose ends are among `limits`."""
    for match in VALUE_RANGE.finditer(text):
        if not match.start() <= mention.start < match.end():
            continue
        unit = next((m.unit for m in reversed(numbers_in(text[match.start():match.end() + 12])) if m.unit), None) or \
            _unit_after(text, match.end())  # "0.5-0.8 L": the number reader takes "-0.8" for no number
        ends = [float(v.replace("−", "-")) for v in match.groups() if v is not None]  # the typographic minus too
        factor = UNIT_FACTOR.get(unit or "", 1.0)  # "0.5–0.8 L" quotes the 500 and 800 mL limits
        if all(any(abs(end - limit) < 1e-9 or abs(end * factor - limit) < 1e-6 * max(1.0, limit) for limit in limits)
               for end in ends):
            return True
    return False


def _unit_after(text: str, end: int) -> str | None:
    """The unit written right after a range's last number ("0.5-0.8 L band"), as the number reader names it."""
    word = re.match(r"\s*([^\W\d_]+|%)", text[end:])
    found = numbers_in(f"1 {word.group(1)}") if word is not None else []
    return found[0].unit if found else None


DIFFERENCE_WORD = re.compile(r"\b(by|differ\w*|difference( of)?)\s*(about |approximately |roughly |around |nearly |~|≈\s*|=\s*|:\s*)?$", re.IGNORECASE)


DIFFERENCE_AFTER = re.compile(r"\s*(difference|more|less|larger|smaller|bigger|greater|higher|lower|fewer|apart)\b",
                              re.IGNORECASE)
"""A difference worded after its number ("a 5 mL difference", "about 78 mL more")."""


AFTER_PLACE = re.compile(r"\s*(?:in|of|for|within) (?:the |your |this )?[a-z]", re.IGNORECASE)
"""Words after a number that say whose it is ("66 HU in the pancreas divided by 112 HU in the spleen")."""
AFTER_FROM = re.compile(r"\s*(?:away\s+)?from\s+(?:the\s+)?[a-z]", re.IGNORECASE)
"""Words after a distance that name the structure it is measured to ("1.1 mm from the stomach")."""
AFTER_ORGAN = re.compile(r"\s*(?:the\s+)?(?:(?:left|right)\s+)?(?:liver|hepatic|spleen|splenic|pancreas|pancreatic|kidneys?|"
                         r"renal|colon|colonic|stomach|gall\s*bladder)\b(?:\s+(?:lesions?|mass(?:es)?|tumou?rs?|cysts?|"
                         r"nodules?|metastas[ie]s))?(?=\s*(?:and\b|or\b|vs\.?|versus\b|[,;)]|\.(?:\s|$)|$))",
                         re.IGNORECASE)
"""An organ named right after a value, alone or with its lesion ("vs 3.1 mL kidney and 1.1 mL pancreas", "a 10.6 mL
pancreatic mass;"): the value is that organ's."""


WORKED_SUBTRACTION = re.compile(r"\d\s*(?:mL|ml|cm³|cc|HU|mm|cm|%)?\s*(?:[-−–]|\bminus\b)\s*\d+(?:\.\d+)?\s*"
                                r"(?:mL|ml|cm³|cc|HU|mm|cm|%)?\s*[=≈]\s*$", re.IGNORECASE)
"""A subtraction worked out before its result ("145.1 − 137.2 = 7.9 mL")."""


def _difference(text: str, mention: NumberMention, cited: list[Evidence]) -> list[Evidence]:
    """The two cited values of one unit a worded difference is ("larger by 11.1 mL (113.6 mL vs 102.5 mL)", "a 5 mL
    difference")."""
    worded = DIFFERENCE_WORD.search(text[max(0, mention.start - 30):mention.start]) or \
        DIFFERENCE_AFTER.match(text, mention.end) or WORKED_SUBTRACTION.search(text[:mention.start]) or \
        PAIR_THEN_GAP.search(text[:mention.start])
    if not worded or mention.value <= 0:
        return []
    for i, first in enumerate(cited):
        for second in cited[i + 1:]:
            a, b = numeric(first), numeric(second)
            if first.unit != second.unit or a is None or b is None:
                continue
            if a != b and states_value(mention, first.model_copy(update={"value": abs(a - b)})):
                return [first, second]
    return []


PAIR_THEN_GAP = re.compile(r"\d\s*(?:mL|ml|cm³|cc|HU|mm|cm)?\s+(?:vs\.?|versus|against)\s+\d+(?:\.\d+)?\s*(?:mL|ml|cm³|cc|HU|"
                           r"mm|cm)?\s*\(\s*(?:about|approximately|roughly|~|≈|a|just|only)?\s*$", re.IGNORECASE)
"""Two values set against each other with their gap in brackets after them ("109.3 mL vs 108.4 mL (about 1 mL)")."""
MARGIN_AFTER = re.compile(r"\s*(?:mL|ml|cm³|cc|HU|mm|cm|%)?\s*(?:\([^()]{0,20}\)\s*)?(?:above|over|below|under|beyond|"
                          r"past|short of|more than|less than|higher than|lower than|larger than|bigger than|greater than|"
                          r"smaller than|in excess of)\s+(?:the\s+|a\s+|its\s+)?",
                          re.IGNORECASE)
"""A number's margin over a limit said after it ("62.2 mL over the threshold", "roughly 20 % above the 314.5 mL cut-off")."""
MARGIN_BEFORE = re.compile(r"\b(?:exceed\w*|surpass\w*|(?:is|lies|sits)\s+(?:above|over|below|under|beyond)|falls?\s+short of)"
                           r"\b[^.;\n]{0,50}\bby\s+(?:about\s+|approximately\s+|~\s*)?$", re.IGNORECASE)
"""The margin said after its limit ("exceeds the 1800 cm³ threshold by 319 mL")."""


def _margin_over_limit(text: str, mention: NumberMention, cited: list[Evidence],
                       thresholds: list[tuple[str | None, float]]) -> bool:
    """Whether a number said to lie above or below a limit is a cited value's distance from one of the cited criteria's
    limits, in the value's unit or as a percentage of the limit (spleen 376.7 mL: "62.2 mL over the 314.5 mL cut-off",
    "about 20 % above it")."""
    after = MARGIN_AFTER.match(text, mention.end) or MARGIN_BEFORE.search(text[max(0, mention.start - 80):mention.start])
    if after is None or mention.value <= 0:
        return False
    for e in cited:
        value = numeric(e)
        dimension = EVIDENCE_DIMENSION.get(e.unit or "")
        if value is None or dimension is None:
            continue
        for dim, limit in thresholds:
            if dim != dimension or limit == value:
                continue
            margin = e.model_copy(update={"value": abs(value - limit)})
            share = 100 * abs(value - limit) / abs(limit) if limit else None
            if mention.unit != "%" and states_value(mention, margin, widen=2.0):
                return True
            if mention.unit == "%" and share is not None and abs(mention.value - share) <= max(1.0, mention.tolerance * 2):
                return True
    return False


def _ratio_of_stated(text: str, mention: NumberMention) -> bool:
    """Whether a bare number is the ratio of two values the answer states in one unit ("24.16 mL vs 1.64 mL, a ratio
    of 14.7", "14.7× the second (1.64 mL)"), said beside the answer (a ratio asked is a cited value): their own grounding is checked on each; the ratio is arithmetic on them, to the precision of
    the three numbers as printed."""
    if mention.unit is not None and not TIMES_SAID.match(text, mention.end):
        return False  # a percentage has a base of its own (a change of the baseline), which its cited value states
    if not TIMES_SAID.match(text, mention.end) and not RATIO_BEFORE.search(text[max(0, mention.start - 30):mention.start]):
        return False  # "kidney lesion count 3": a count, whatever two volumes of a report divide to
    before = [m for m in stated_numbers(text) if m.unit and m.in_evidence_unit() is not None and m.start != mention.start]
    for i, first in enumerate(before):
        for second in before[i + 1:]:
            a, b = first.in_evidence_unit(), second.in_evidence_unit()
            if a is None or b is None or a[0] != b[0] or not a[1] or not b[1]:
                continue
            for top, bottom, (top_m, bottom_m) in ((a[1], b[1], (first, second)), (b[1], a[1], (second, first))):
                ratio = top / bottom
                slack = abs(ratio) * (top_m.tolerance / abs(top_m.value) + bottom_m.tolerance / abs(bottom_m.value)) \
                    if top_m.value and bottom_m.value else 0.0
                if abs(mention.value - ratio) <= mention.tolerance + slack + 1e-9:
                    return True
    return False


FRACTION_WORKED = re.compile(r"\s*(?:/|of|out of)\s*(\d+)(?:\s+(?:[\w-]+\s+)?(?:lesions?|tumou?rs?|masses|cysts?|metastases))?\s*(?:=|→|->|:|,)\s*(\d+(?:\.\d+)?)\s*%")


def _fraction_worked(text: str, mention: NumberMention) -> bool:
    """Whether a bare number is the numerator of a share worked out beside it ("two busiest segments: 4/6 = 67 %"):
    the denominator and the share are numbers of their own, grounded on their own; the numerator is their
    arithmetic, to the share's printed precision."""
    worked = FRACTION_WORKED.match(text, mention.end) if mention.unit is None else None
    if worked is None or not int(worked.group(1)):
        return False
    share = float(worked.group(2))
    decimals = len(worked.group(2).partition(".")[2])
    return abs(100.0 * mention.value / int(worked.group(1)) - share) <= 0.5 * 10 ** -decimals + 1e-9


RATIO_BEFORE = re.compile(r"\bratio\b[^\d.;]{0,15}$", re.IGNORECASE)
TIMES_SAID = re.compile(r"\s*(?:×|x\b|times\b|-?fold\b)", re.IGNORECASE)


def _loose_numbers(review: ReviewInput) -> set[float]:
    """Numbers that stand as words, not measurements: in the question, in location names."""
    found = {m.value for m in numbers_in(review.question or "")}
    for e in review.cited:
        for name in (e.target, e.provenance.location):  # `liver_segment_7`: a name, its digit a word
            if isinstance(name, str) and locations_of(name):
                found |= {float(d) for loc in locations_of(name) for d in re.findall(r"\d+", loc)}
        if isinstance(e.value, str):
            found |= {float(d) for d in re.findall(r"\d+", e.value)}
            for loc in locations_of(e.value):
                found |= {float(d) for d in re.findall(r"\d+", loc)}
    return found


def _distance_ends(e: Evidence) -> set[str]:
    """The organ families at a distance item's two ends: its target and what it is measured from
    (`distance_from_liver_lesion_1_mm` of the stomach: stomach and liver)."""
    return target_families(e.target) | target_families(re.sub(r"^distance_from_|(?:_\d+)?_mm$", "", e.name))


def _between_its_ends(e: Evidence, clause: str) -> bool:
    """Whether a distance's clause names its two ends and nothing else ("It's the stomach - the big liver lesion sits
    just 1.3 mm from it" of the stomach's distance from the liver lesion)."""
    if not e.name.startswith("distance_from_"):
        return False
    named = {str(family(o)) for o in extract(clause).organs}
    return bool(named) and named <= _distance_ends(e) and len(named) >= 2


def _clause(text: str, mention: NumberMention) -> str:
    """The words before a number in its clause, after any earlier number's: what the number is said to be
    ("Liver 45.2 HU, spleen 50.4 HU": the 50.4 is the spleen's)."""
    starts = [text.rfind(sep, 0, mention.start) + len(sep) for sep in
              (";", ". ", "\n", "->", "(", " versus ", " vs ", " vs. ", " compared with ", " than ", ", and ", ", while ",
               ", whereas ")
              if text.rfind(sep, 0, mention.start) >= 0]
    starts += [m.end for m in numbers_in(text) if m.end <= mention.start and (m.unit or text[m.end:m.end + 1] == ","
                                                                               or text[m.end:m.end + 5] == " and "
                                                                               or text[m.end:m.end + 3] == " + ")]
    # a measured value, not "segment 7"; or a listed one ("L/S 1.20, liver 60.0 HU": the 60.0 is the liver's), or a
    # summed term ("spleen 276.76 + pancreas 76.03": the 76.03 is the pancreas')
    start = max(starts, default=0)
    if re.match(r"\W*(?:which|whose)\b", text[start:mention.start]) and (
            antecedent := re.search(r"\b(?:lesion|tumou?r|mass|cyst|nodule)\s*#?\d+\s*,?\s*$", text[:start])):
        start = antecedent.start()  # "lesion 3, which ... has 22 % of its voxels in segment 6": of lesion 3
    return text[start:mention.start]


RATIO_ABBREVIATION = re.compile(r"\b([LPS])\s?/\s?([LPS])\b")
"""A ratio of two organs' attenuation written as radiologists abbreviate it: L/S (liver/spleen), P/S."""
ABBREVIATED = {"L": "liver", "P": "pancreas", "S": "spleen"}


LESION_WORD = re.compile(r"\b(lesions?|tumou?rs?|mass(es)?|(?:pseudo)?cysts?|cystic|nodules?|metastas\w*|hcc|carcinoma|pdac|pnet|spots?|lumps?|growths?|"
                         r"foci|focus|burden)\b", re.IGNORECASE)
ORGAN_OWN = re.compile(r"\b(measures|measuring|volume|attenuation|density|mean|diameter|size|is|of)\b", re.IGNORECASE)


LESIONS_LEFT_OUT = re.compile(r"\b(?:lesions?|tumou?rs?)\s+(?:excluded|left out|removed)\b|"
                              r"\b(?:excluding|without|minus|less)\s+(?:the\s+|its\s+|any\s+)?(?:lesions?|tumou?rs?)\b",
                              re.IGNORECASE)
"""Lesions named as left out of an organ's measurement ("118.3 HU (lesions excluded)"): the organ's value."""


def _same_kind(e: Evidence, clause: str, organs: set[str]) -> bool:
    """A lesion's value is not said of the organ, nor the organ's of a lesion: "Pancreatic tumour volume
    36.7 mL" for the gland's volume, "The pancreas measures 24.1 HU" for its tumour's attenuation."""
    target = (e.target or "").split("/")[0]
    lesion = is_lesion(target) or instance_of(target) is not None or target in STUDY_TARGETS
    said_lesion = LESION_WORD.search(LESIONS_LEFT_OUT.sub(" ", clause)) is not None
    if said_lesion and not lesion and e.target and not e.target.startswith(("liver_segment", "pancreas_")):
        return e.kind != "measurement" or "lesion" in e.name  # a sub-segment's lesion count names its lesions
    if lesion and not said_lesion and organs and ORGAN_OWN.search(clause) and not e.name.startswith(("top_", "count_in_")):
        return False  # ("Two busiest segments: 3 of 4 = 75 %" is the lesions' share, which the segments hold)
    return True


def _about(e: Evidence, clause: str) -> bool:
    """Whether the clause names the item's structures (all of them) and, if it has one, its sub-segment."""
    clause = RATIO_ABBREVIATION.sub(lambda m: f"{ABBREVIATED[m.group(1)]}/{ABBREVIATED[m.group(2)]}", clause)
    clause = re.sub(r"(?<=[a-z])_(?=[a-z\d])", " ", clause)  # "pancreas_lesion_2 longest diameter": an item's own name
    organs = set(extract(clause).organs)
    if organs and organs != target_families(e.target) and not (e.target or "").startswith("target_lesion"):
        return False  # RECIST's target sums are of the lesions the answer may name by organ ("liver targets 79.7 mm")
    if not _same_kind(e, clause, organs):
        return False
    place = item_place(e)
    counted = re.sub(r"\b\d+\s*(?:of|/|out of)\s*\d+\b", " ", clause)  # "Two busiest segments: 3 of 4 = 75 %": counts, no
    named = [p for p in locations_of(counted) if not p.startswith("kidney_")]  # segments 3 and 4
    if named and not place and re.search(r"_lesion(?:_\d+)?$", e.target or "") and not e.name.startswith(
            ("lesion_count", "total_", "tumor_burden", "count_", "volume_in")):
        return True  # "Pancreatic tail mass, longest axial diameter 43 mm": where the lesion lies (the places check
        # holds it to the lesion's measured place), not a part's own value
    if named and not place:
        return False  # "count in segment 7: 3" is not the whole organ's count of 3
    return not (place and named and place not in named)


PRESENCE_CUT = re.compile(r"\b(present|presence|positive|call\w*|needed|required|threshold|cut-?off|criterion|at least)\b|[≥>]=?\s*$")


def _presence_threshold(review: ReviewInput, text: str, mention: NumberMention) -> bool:
    """One lesion said as what an existence question's "present" needs ("threshold for present: >= 1", "below the 1
    lesion needed to call a lesion present"): the definition of presence, not a measured value."""
    if mention.unit is not None or mention.value != 1 or not review.intent.task.endswith("existence"):
        return False
    return PRESENCE_CUT.search(text[max(0, mention.start - 40):mention.start]) is not None or bool(
        re.match(r"\s*(lesions?|tumou?rs?|cysts?)?\s*(needed|required)\b", text[mention.end:]))


def _said_of_each(clause: str, mention: NumberMention, hits: list[Evidence]) -> list[Evidence]:
    """The items of each organ a clause lists with one value ("kidneys, pancreas and colon 0 %"), when every organ
    listed has an item stating that value and no organ outside them is named; empty otherwise."""
    organs = set(extract(clause).organs)
    if len(organs) < 2:
        return []
    each = [e for e in hits if states_value(mention, e) and target_families(e.target) <= organs]
    covered = set().union(*(target_families(e.target) for e in each)) if each else set()
    return each if covered == organs else []


def item_place(e: Evidence) -> str | None:
    """The organ part an item is of: its provenance's, its target's (`liver_segment_6`), or its quantity's
    (`liver_lesion.count_in_liver_segment_6`; a kidney side is a side, not a part)."""
    in_part = re.match(r"(?:count|volume|share)_in_(\w+?)(?:_pct)?$", e.name)
    return e.provenance.location or next(iter(locations_of(e.target or "")), None) or (
        in_part.group(1) if in_part and not in_part.group(1).startswith("kidney_") else None)


def states_value(mention: NumberMention, e: Evidence, widen: float = 1.0) -> bool:
    """Whether the mention states the item's value, in a unit it converts to, within its printed precision (`widen`
    times the display tolerance: 2 for a number hedged with "about")."""
    value = numeric(e)
    if value is None:
        return False
    if mention.unit is None:
        return abs(mention.value - value) <= widen * mention.tolerance + RELATIVE * abs(value) or \
            rounds_as_shown(mention, value, 1.0)
    converted = mention.in_evidence_unit()
    if converted is None or EVIDENCE_DIMENSION.get(e.unit or "") != converted[0]:
        return False
    factor = converted[1] / mention.value if mention.value else UNIT_FACTOR.get(mention.unit or "", 1.0)
    return abs(converted[1] - value) <= widen * mention.tolerance * abs(factor) + RELATIVE * abs(value) or \
        rounds_as_shown(mention, value, factor)


ORGAN_PAIR_COLON = re.compile(r"\b(liver|spleen|pancreas|kidney|left|right)\s*:\s*(liver|spleen|pancreas|kidney|left|right)"
                              r"(?=\s+(?:[\w-]+\s+){0,2}?ratio\b)", re.IGNORECASE)
"""Two organs joined by a colon before "ratio" ("Liver:spleen HU ratio"): the ratio's terms, written as "liver/spleen"."""


FRACTION_SAID = re.compile(r"\b(?:fraction|proportion|decimal)\b[^.;\n\d]{0,20}$", re.IGNORECASE)
"""A number said to be a fraction of one ("a fraction of 0.0704", "as a decimal: 0.07")."""


FRACTION_OF = re.compile(r"\s*(?:of|as a share of)\s+(?:the|its|this|her|his|their|total)\s+(?:[\w-]+\s+){0,2}?"
                         r"(?:volume|liver|kidneys?|pancreas|spleen|organ|parenchyma)\b", re.IGNORECASE)
"""A number said after it to be a share of an organ ("roughly 0.017 of the liver volume")."""


INDEX_BASE = re.compile(r"\b(?:counting|counted|numbered|indexed|index|starting|start)\s+(?:from|at)\s+[01]\b|\b[01][- ]based\b|"
                        r"\b(?:zero|one)[- ]based\b", re.IGNORECASE)
"""How an index is counted ("counting from 0", "0-based"): the base, no measured value."""


def _percent_as_fraction(review: ReviewInput, text: str, mention: NumberMention) -> bool:
    """Whether a unitless number said to be a fraction (`FRACTION_SAID` before it, `FRACTION_OF` after it) is a cited
    percentage over 100, to its own decimals ("7.04 % (a fraction of 0.0704)" of a cited 7.042 %, "about 1.7 % - roughly
    0.017 of the liver volume")."""
    if mention.unit is not None or not (FRACTION_SAID.search(text[max(0, mention.start - 40):mention.start])
                                        or FRACTION_OF.match(text, mention.end)):
        return False
    return any(e.unit == "%" and isinstance(e.value, int | float) and not isinstance(e.value, bool)
               and abs(float(e.value) / 100 - mention.value) <= 0.5 * 10 ** -max(mention.decimals, 2) for e in review.cited)


def numeric_grounding(review: ReviewInput) -> Check:
    """Every number the answer states is a cited value, in a unit it converts to, about the organ named."""
    name = "numeric_grounding"
    text = review.claim_text
    for entry in review.criterion_entries():  # a quoted source (year, volume, pages) is not a claim
        text = text.replace(entry.citation, " ")
    text = without_intervals(text)  # "6 months since", "2 mm per month": the support check judges them
    text = ORGAN_PAIR_COLON.sub(r"\1/\2", text)  # "Liver:spleen HU ratio 1.29": a ratio's two organs, no label
    cited = [e for e in review.cited if numeric(e) is not None]
    inputs = [i for e in list(cited) for i in derivation_inputs(e, review.by_id) if i not in cited]
    cited += inputs
    inputs = [i for i in inputs if any(i in parts and len(parts) > 1 for parts in  # a burden's, a ratio's parts
                                       (derivation_inputs(e, review.by_id) for e in review.cited))]
    everything = [e for e in review.evidence if numeric(e) is not None]
    thresholds = _thresholds(review)
    limits = {value for _, value in thresholds}
    loose = _loose_numbers(review)
    option = review.chosen_option
    if review.choice_set is not None and review.choice_set.form == "number":
        option = ""  # a numeric option is a value, checked as one; a category's numbers ("Grade 3") are its words
    stated = {(m.value, m.unit) for m in numbers_in(f"{review.question or ''} {option}")}  # the question's own cut-off
    stated |= quantified_limits(review)  # "each over 15 mm": a yardstick every lesion is held to (`quantifiers`)
    problems, used = [], []
    answered = _the_value_given(review, text)
    worked = worked_result(text)  # "14.4 / 1636.7 × 100 = 0.9 %": where a worked computation's result begins
    distances = {d.mention.start: d for d in distances_said(review, text)}
    problems += miscounted_places(review, text)  # "four out of four lie in segments 7 and 8"
    problems += spellings_disagree(text) + bound_said_whole(review, text)  # "Four (3)"; "completely imaged" of a bound
    for mention in map(lambda m: shared_unit(text, m), stated_numbers(text)):
        if not review.criterion_entries() and in_quoted_range(text, mention, review) and not misquoted_range(review, text, mention):
            continue  # "within normal limits (1000–1800 mL)": the population's range, no value of this patient (a
            # cited criterion's range is its bands, quoted right or wrong: checked as its limits below)
        if worked_constant(text, mention, worked):
            continue  # "14.4 / 1636.7 × 100 = 0.9 %": the constant that makes a fraction a percentage
        if restates_value(review, text, mention) or _as_fraction(review, text, mention):
            continue  # "61.9 mL (0.062 L)", "0.59 — about 59 %": the value before it, in another unit
        distance = distances.get(mention.start)
        if distance is not None:  # "6.0 mm from the IVC": a distance measured to that structure, not a size
            if not distance.holds:
                measured = ", ".join(f"{numeric(e):.1f} mm" for e in distance.measured) or "none"
                problems.append(f"{text[mention.start:mention.end]!r} from the {'/'.join(sorted(distance.structures))} "
                                f"is no distance measured to it (measured: {measured})")
            continue
        if mention.unit is not None and mention.in_evidence_unit() is None:
            problems.append(f"{text[mention.start:mention.end]!r} has a unit the evidence never uses")
            continue
        power = POWER.match(text, mention.end) or UNIT_POWER.match(text, mention.end)
        if (mention.unit is not None or power is not None and power.re is UNIT_POWER) and power is not None and not (
                power.group(1) in CUBED and mention.unit in ("mm", "cm", "m")):
            problems.append(f"{text[mention.start:power.end()]!r} raises its unit to a power: no area or squared "
                            "quantity is measured")
            continue
        if mention.unit is None and mention.value in (0, 1) and INDEX_BASE.search(text[max(0, mention.start - 30):mention.end + 8]):
            continue  # "slice 12 (counting from 0 at the inferior end)", "1-based": how the index counts, no value
        if mention.unit is None and named_place(text, mention, known=False):
            continue  # "location segment 5": a segment's name (whether the right one is `places`' check)
        if mention.unit is None and _lesion_named(review, text, mention):
            continue  # "- lesion 2: 2.7 mL": a measured lesion's own number, its name
        if _presence_threshold(review, text, mention):
            continue  # "count 0, below the 1 lesion needed to call a lesion present": what "present" means
        miscounted = _part_miscounted(review, text, mention)
        if miscounted:
            problems.append(miscounted)
            continue
        if CUTOFF_NAMED.match(text, mention.end) and not (
                quoted_threshold(review, text, mention, thresholds) or _in_stated(mention, stated)
                or _stated_cutoff(review, mention) or criterion_cutoff_aside(review, text, mention)):
            problems.append(f"{text[mention.start:mention.end]!r} is called a cut-off, but neither a cited criterion "
                            "nor the question states it")  # "ratio 0.884, below the 0.9 cut-off": not the value rounded
            continue
        counted = mention.unit is None and (COUNT_SAID.search(text[max(0, mention.start - 30):mention.start]) is not None
                                            or mention.value == int(mention.value) and mention.decimals == 0
                                            and text[mention.start:mention.end].isdigit()
                                            and COUNTED_NOUN.match(text, mention.end) is not None)  # "3 liver lesions"
        pool = [e for e in cited if e.unit == "count"] if counted else cited  # "lesion count 3" is no 3.1 mL
        exact = [e for e in pool if states_value(mention, e)] or _directed(text, mention, pool)
        exact = _of_kind_counted(review, text, mention, exact)
        hits = exact or rounded(text, mention, pool) or _hedged(text, mention, pool) or sum_of_shown(
            mention, pool, review.by_id)
        across = None if exact else next(filter(None, (rounded_across(text, mention, e) for e in hits)), None)
        if across is not None:
            problems.append(across)
            continue
        clause = _clause(text, mention)
        if re.search(r"=\s*$", text[:mention.start]):  # "1436.1 mL (liver) + 239.8 mL (spleen) = 1675.9 mL": a worked
            clause = re.split(r"[.;\n]\s", text[:mention.start])[-1] + text[mention.start:mention.end]  # result is of its terms
        if not hits and (_difference(text, mention, cited) or _margin_over_limit(text, mention, cited, thresholds)
                         or not _is_answer(answered, mention) and _ratio_of_stated(text, mention)
                         or _fraction_worked(text, mention)
                         or bracketed_sum(text, mention)):
            continue
        if hits:
            after = re.split(r"[\d;(]", text[mention.end:mention.end + 40])[0]  # "in a 994.6 mL liver": said after
            placed = set(extract(after).organs) if AFTER_PLACE.match(after) or AFTER_ORGAN.match(after) else set()  # "112 HU in the spleen": its
            if (named := BRACKETED_NAME.match(text, mention.end)) is not None:  # "23.5 mL (liver) > 6.7 mL (pancreas)"
                placed = set(extract(named.group(1)).organs)
            if not placed and AFTER_FROM.match(after) and all(e.name.startswith("distance_from_") for e in hits):
                ends = set(extract(after).organs)  # "lies 1.1 mm from the stomach": a distance has two ends,
                hits = [e for e in hits if ends & _distance_ends(e)] or hits  # the structure and what it is measured from
                placed = {o for e in hits for o in target_families(e.target)} if ends else set()
            label = BRACKETED_LABEL.match(text, mention.end)
            parts = set(locations_of(label.group(1))) - {"kidney_left", "kidney_right"} if label else set()
            if parts and all(item_place(e) for e in hits) and not any(set(str(item_place(e)).split("+")) <= parts
                                                                        for e in hits):  # "3
                # (liver lesion count in segment 7)" of segment 6's count; a lesion's size "(segment 5)" says where it lies
                problems.append(f"{text[mention.start:mention.end]!r} is the value of {hits[0].id!r}, but the answer "
                                f"says it is {label.group(1).strip()!r}")  # type: ignore[union-attr]
                continue
            rest = re.split(r"[.;(\n]", text[mention.end:], maxsplit=1)[0]  # "1.23 times as dense as the spleen"
            about = [e for e in hits if placed & target_families(e.target)] if placed else [  # place said after it decides
                e for e in hits if _about(e, clause) or _group_total(text, mention, e)
                or ("/" in (e.target or "") and _about(e, f"{clause} {rest}"))
                or e in inputs and set(extract(clause).organs) <= target_families(e.target) and _about(e, after)
                or _between_its_ends(e, clause)]
            if not about and _said_of_part(review, text, mention):
                continue  # "- Head: 0 lesions" of a pancreas with none
            about = about or _said_of_each(clause, mention, hits)
            if not about:
                problems.append(f"{text[mention.start:mention.end]!r} is the value of {hits[0].id!r}, "
                                f"but the answer says it is {clause.strip()!r}")
                continue
            hits = about
        inverted = _inverted_ratio(text, mention, hits)
        if inverted is not None:
            problems.append(inverted)
            continue
        if hits and _is_answer(answered, mention) and not any(e in review.cited for e in hits):
            problems.append(f"{text[mention.start:mention.end]!r} is the value of {hits[0].id!r}, which the answer does "
                            "not cite: the evidence it cites only derives from it")
            continue
        if hits:
            used.append(hits[0].id)
            continue
        if unit_identity(text, mention):
            continue  # "1 mL = 1 cm³": a unit's identity, no measured value
        cut_off = _in_stated(mention, stated) or any(abs(limit - mention.value) < 1e-9 for _, limit in thresholds)
        if not hits and cut_off and _stated_as_measured(text, mention, cited):
            problems.append(f"{text[mention.start:mention.end]!r} is said as the measured value, but it is a cut-off: "
                            "the cited value is another")  # "spleen volume 314.5 mL", "ratio 0.70" of a cited 0.938
            continue
        if mention.unit is None and worded_change_stated(review, text, mention):
            continue  # "One fewer", "one lesion has resolved": the cited change, signed by its words
        if mention.unit is None and in_label(review, text, mention):
            continue  # "Grade 3 (severe)": the number names a cited criterion's label, which `rule_grounding` checks
        if not counted and quoted_threshold(review, text, mention, thresholds) and not _stated_as_measured(
                text, mention, cited) or (
                mention.unit is None and named_place(text, mention, mention.value in loose)) or (
                (_in_stated(mention, stated) or _stated_cutoff(review, mention)) and not _is_answer(
                    answered, mention) and not _stated_as_measured(text, mention, cited)) or \
                _cited_band(text, mention, limits, (*bands_beside(review), *named_bands(review, text))) or \
                open_band_quoted(review, text, mention):
            continue
        line = _line_before(text, mention)  # "one renal cyst, right kidney, 42.4 mm, 134 HU": the tumour's values
        elsewhere = [e for e in everything if states_value(mention, e) and not said_of_other_kind(review, e, line)
                     and not _lesion_placed_elsewhere(review, e, text[mention.end:mention.end + 50])]
        if (inverted := _inverted_ratio(text, mention, elsewhere)) is not None:
            problems.append(inverted)  # "right/left volume ratio 1.06" of the uncited left/right ratio
            continue
        ratio = mention.unit is None and mention.decimals >= 1 and any(e.name.endswith("_ratio") for e in elsewhere)
        aside = (mention.unit is not None or ratio or _unitless_quantity(text, mention, elsewhere)) and \
            (answered is None or mention.start != answered.start)
        second = BY_SECOND.search(text[:mention.start]) is not None  # "57.9 x 50.8 mm": the short axis second
        said_after = re.split(r"[.;(\n]|,\s|\d+(?:\.\d+)?\s*(?:mL|ml|HU|mm|cm|%)", text[mention.end:], maxsplit=1)[0]  # "22 % of
        # its voxels in segment 6": what the number is, said after it
        if aside and (any(_true_aside(review, e, f"{clause} (short axis)" if second else clause) or _true_aside(
                review, e, f"{clause} {said_after}") for e in elsewhere) or criterion_cutoff_aside(review, text, mention)
                      or true_structure_aside(review, text, mention, elsewhere)):
            continue  # true context beside the answer, said to be what it is
        if any(_criterion_reads(review, e, clause) or _cited_in_other_unit(review, e) for e in elsewhere):
            continue
        first = _is_answer(answered, mention) and stated_numbers(text)[0].start == mention.start  # "≈1.0 — at the cut-off"
        if mention.unit is None and not first and criterion_cutoff_aside(review, text, mention):
            continue  # a ratio's cut-off worded as one ("not below the 0.70 cut-off") of a criterion reading it
        if mention.unit is None and (answered is None or mention.start != answered.start) and \
                _true_count_aside(review, text, mention, elsewhere):
            continue
        if mention.unit is None and any(e.target in {c.target for c in review.cited} and _group_total(text, mention, e)
                                        for e in elsewhere):
            continue  # "Of the 4 liver lesions, 3 sit in segment VI": the group's whole beside a cited part's count
        if mention.unit is None and parts_tally(review, text, mention.start, mention.end, mention.value):
            continue  # "8 lesions across 7 segments, no segment with more than 2": the per-segment counts tallied
        if mention.unit is None and (_breakdown_part(review, text, mention) or count_of_cited_places(
                review, text, mention.start, mention.end, mention.value) or count_of_kind(
                review, text, mention.start, mention.end, mention.value)):  # "three of them lie in segments 7 and 8",
            continue  # "one solid growth and one small cyst"
        if _said_of_part(review, text, mention):
            continue  # "- left kidney: 1 (cyst)", "- right kidney: 1 (indeterminate, 62 HU)"
        if derived_value(review, text, mention) and not (mention.unit is None and _is_answer(answered, mention)
                                                         and _asked_cited(review)):
            continue  # "left/right 0.99" of two cited volumes; "229.3 mL in total" of the two cited sides
        if not _is_answer(answered, mention) and (sum_of_inputs(review, mention) or share_of_said(review, text, mention)):
            continue  # "19.9 mL of lesion in 215.2 mL of kidney": the whole a cited share divides by; "5.7 % of the
            # right kidney's 108.4 mL": a share of two true values said beside it
        if elsewhere and operand_of_cited_result(review, text, mention):
            continue  # "12.9 cm³ (8.74 + 4.15 = 12.89 mL)": measured parts of a cited total, the sum shown
        if _chosen_option_value(review, mention):
            continue  # "B" / "126.4 HU" of a measured 126.46 HU: the option the cited value picks, as the options read
        if _percent_as_fraction(review, text, mention):
            continue  # "7.04 % (a fraction of 0.0704)": the cited percentage as its fraction of one, said so
        hint = f" (it matches uncited {elsewhere[0].id!r})" if elsewhere else ""
        problems.append(f"{text[mention.start:mention.end]!r} matches no cited evidence value{hint}")
    if problems:
        return failed(name, "; ".join(problems), "reasoner", used)
    return passed(name, f"{len(stated_numbers(text))} number(s), each a cited value or a cited threshold", used)


def share_of_said(review: ReviewInput, text: str, mention: NumberMention) -> bool:
    """Whether a percentage is the share of one true value said in the answer in another of the same unit ("6.2 mL of
    lesion, about 5.7 % of the right kidney's 108.4 mL"), to its printed precision: arithmetic on values each grounded
    on its own."""
    if mention.unit != "%" or mention.value <= 0 or any(c.unit == "%" for c in review.cited):
        return False  # a cited percentage is the one to state ("increased by 26.7 % (13.5 mm of 50.5 mm)" of another base)
    said = [m for m in stated_numbers(text) if m.unit and m.unit != "%" and m.value > 0
            and any(states_value(m, e) for e in review.evidence)]
    def close(a: NumberMention, b: NumberMention) -> bool:
        share = 100.0 * a.value / b.value
        slack = share * (a.tolerance / a.value + b.tolerance / b.value)  # the terms are rounded too
        return a.unit == b.unit and abs(share - mention.value) <= 0.51 * 10 ** -mention.decimals + slack + 1e-9

    return any(close(a, b) for a, b in permutations(said, 2))


def _in_stated(mention: NumberMention, stated: set[tuple[float, str | None]]) -> bool:
    """Whether the number is one the question (or the option) states, in its unit or converted ("diameter > 3 cm"
    quoted back as "≤ 30 mm")."""
    if (mention.value, mention.unit) in stated:
        return True
    mine = mention.in_evidence_unit()
    return mine is not None and any(
        (theirs := to_evidence_unit(value, unit) if unit else None) is not None and theirs[0] == mine[0]
        and abs(theirs[1] - mine[1]) <= 1e-9 * max(1.0, abs(mine[1])) for value, unit in stated)


LABEL_NAMES = {"volume": "volume", "difference": "difference", "diameter": "diameter", "size": "", "ratio": "ratio",
               "attenuation": "hu", "density": "hu", "mean hu": "hu", "measures": "", "measured": "", "measuring": ""}
"""The word a measured quantity's item name holds for each label word (`MEASURED_LABEL`)."""
CUTOFF_AFTER = re.compile(r"\s*(?:%|mL|ml|HU|mm|cm|cm³)?\s*(?:or (?:less|more|fewer|greater|above|below|higher|lower)|and "
                          r"(?:above|below|over|under)|at (?:most|least)|cut-?off|threshold|limit|or smaller|or larger)\b",
                          re.IGNORECASE)
"""Words after a number that make it a bound ("difference 10% or less")."""
CUTOFF_NAMED = re.compile(r"[^\S\n]*(?:mL|ml|cm³|cc|HU|mm|cm|%)?[^\S\n]*(?:cut-?off|threshold|limit)\b", re.IGNORECASE)
"""A number said to be a cut-off ("the 0.9 cut-off", "a 1800 mL threshold")."""
MEASURED_LABEL = re.compile(r"\b(volume|difference|diameter|size|ratio|attenuation|density|mean hu|measures|"
                            r"measured|measuring)\s*(?:is|was|being|of|at|=|:)?\s*(?:about|approximately|~|≈)?\s*$", re.IGNORECASE)
"""A quantity named right before a number ("liver volume 1800 mL", "relative difference 10%"): the number is said to be
the measured value."""
CUTOFF_WORDS = re.compile(r"\b(threshold|cut-?off|limit|criterion|defin\w*|above|below|over|under|exceed\w*|than|"
                          r"at least|at most|upper|lower|normal|if|when|rule|band|range|per)\b|[<>≤≥]", re.IGNORECASE)


def _stated_as_measured(text: str, mention: NumberMention, cited: list[Evidence]) -> bool:
    """A number the question states (its cut-off) said as the measured quantity ("Yes: liver volume 1800 mL" where the
    question's cut-off is 1800 cm³ and the cited volume 2119.1 mL; "relative difference 10%" of a 10 % cut-off): the
    clause names the quantity right before it, no cut-off word, and a cited value in its unit says otherwise."""
    clause = re.split(r"[.;,(\n]|\s[-–—]\s", text[:mention.start])[-1]
    label = MEASURED_LABEL.search(clause)
    if not label or CUTOFF_WORDS.search(clause) or CUTOFF_AFTER.match(text, mention.end):
        return False
    named = LABEL_NAMES.get(label.group(1).lower(), "")
    cited = [e for e in cited if named in e.name]  # the cited value of the quantity named ("volume" of a volume)
    if mention.unit is None:  # "attenuation ratio 0.70": a ratio's cut-off said as the cited ratio
        return "ratio" in clause.lower().split()[-2:] and any(
            "ratio" in e.name and isinstance(e.value, int | float) and not states_value(mention, e) for e in cited)
    mine = mention.in_evidence_unit()
    return mine is not None and any(
        isinstance(e.value, int | float) and not isinstance(e.value, bool) and e.unit
        and (theirs := to_evidence_unit(float(e.value), e.unit)) is not None and theirs[0] == mine[0]
        and not states_value(mention, e) for e in cited)


HEDGE = re.compile(r"\b(?:about|approximately|approx\.?|roughly|around|nearly|almost|some)\s*$|[~≈]\s*$", re.IGNORECASE)
"""A word that says the number after it is rounded loosely ("about 3.5 cm" of 35.5 mm)."""


def _hedged(text: str, mention: NumberMention, cited: list[Evidence]) -> list[Evidence]:
    """Cited items a hedged number states within one unit of its last printed digit (twice the display tolerance):
    "about 3.5 cm" of a 35.5 mm diameter, not of 32 mm."""
    if not HEDGE.search(text[max(0, mention.start - 16):mention.start]):
        return []
    return [e for e in cited if states_value(mention, e, widen=2.0)]


COUNT_SAID = re.compile(r"\b(?:count|number of [\w\s]{0,30}?|n)\s*[:=]?\s*$", re.IGNORECASE)
"""Words that make the bare number after them a count ("kidney lesion count 3", "number of lesions: 3")."""


def _stated_cutoff(review: ReviewInput, mention: NumberMention) -> bool:
    """The percentage cut-off the question states (`Intent.cutoff_pct`), at the precision printed: "larger/smaller >
    1.25" states a relative difference of 20 %, "> 1.5" one of 33.3333 %."""
    cutoff = review.intent.cutoff_pct
    return cutoff is not None and mention.unit == "%" and abs(mention.value - cutoff) <= mention.tolerance + 1e-9


LESION_NAME = re.compile(r"\b(?:lesion|tumou?r|cyst|mass|nodule|target)\s*(?:#|no\.?)?\s*$", re.IGNORECASE)


def _lesion_named(review: ReviewInput, text: str, mention: NumberMention) -> bool:
    """Whether a bare number names a measured lesion ("lesion 2" where `liver_lesion_2` was measured)."""
    if not LESION_NAME.search(text[max(0, mention.start - 16):mention.start]) or mention.value != int(mention.value):
        return False
    return any((w := instance_of(e.target)) is not None and w[1] == int(mention.value) for e in review.evidence)


FRACTION = re.compile(r"\s*\(?\s*(?:as a |a )?(?:fraction|proportion)\b", re.IGNORECASE)


def _as_fraction(review: ReviewInput, text: str, mention: NumberMention) -> bool:
    """A cited percentage said as a fraction ("0.011 as a fraction of liver volume" for 1.1 %), the word saying so."""
    if mention.unit is not None or not FRACTION.match(text, mention.end):
        return False
    shown = 10 ** -mention.decimals
    return any(e.unit == "%" and (v := numeric(e)) is not None and abs(v / 100.0 - mention.value) <= 0.51 * shown
               for e in review.cited)


def _is_answer(answered: NumberMention | None, mention: NumberMention) -> bool:
    """Whether `mention` is the number that answers the question: a number of the question itself ("segment 6")
    grounds a restated cut-off, never the answer ("How many lesions are in segment 6?" answered "6")."""
    return answered is not None and mention.start == answered.start


WORDED_NONE = re.compile(r"\s*(?:no (?:interval |significant |measurable )?change|unchanged|stable)\b", re.IGNORECASE)
"""A change answered in words as none, first ("Unchanged — ..."): the numbers after it are the studies' values."""


def _the_value_given(review: ReviewInput, text: str) -> NumberMention | None:
    """The number that answers a question asking a number: the first stated; None when a yes/no or a category is
    asked or the answer leads with yes or no (its numbers support the answer, they are not it)."""
    spec = REGISTRY.get(review.intent.task)
    if spec is None or spec.form != "number" or review.intent.polar or yes_no(text.lstrip(" .:")) is not None:
        return None
    values = [shared_unit(text, m) for m in stated_numbers(text) if not named_place(text, m)]  # "segment 7": a place
    result = worked_result(text)  # "liver 2082.4 mL + spleen 299.7 mL = 2382.1 mL": the answer is after the "="
    values = [m for m in values if m.start >= result] or values if result is not None else values
    signed = [m for m in values if re.match(r"[+−-]|\(\s*[+−]", text[max(0, m.start - 1):m.end])]
    if "change" in review.intent.task and signed:  # "grew from 204.9 mL to 257.2 mL (+52.3 mL)": the change is the +52.3
        values = signed
    elif "change" in review.intent.task and WORDED_NONE.match(text):
        return None  # "Unchanged — about 249.6 mL on both studies": the change is said in words; the volume is beside it
    ratio_asked = bool(review.intent.quantities) and review.intent.quantities[0].endswith("_ratio")  # "left to right"
    if ratio_asked and any(m.unit is None for m in values):  # "the left (110.7 mL) ... a ratio of 0.99": the 0.99
        values = [m for m in values if m.unit is None]
    if spec.unit == "slice" and any(m.unit is None for m in values):  # "Axial slice 12, where the lesion spans 17.9 mm":
        values = [m for m in values if m.unit is None]  # the slice's index, the lesion's size beside it
    elif spec.unit not in (None, "count", "ratio") and not ratio_asked and any(m.unit for m in values):  # "the six tumours measure 40.8 mL": the mL
        values = [m for m in values if m.unit]
    return next(iter(values), None)


UNITLESS_QUANTITY = {
    "slice": re.compile(r"\b(?:slice|image|section)s?\s*(?:no\.?|number|#)?\s*$", re.IGNORECASE),
    "std": re.compile(r"(?:\bSD|\bs\.d\.|\bstandard deviation|σ|±)\s*(?:of\s*)?(?:about\s*|approximately\s*|~\s*|≈\s*)?$",
                      re.IGNORECASE),
}
"""Quantities a number is written without a unit for, by the word right before it: a slice's index ("on slice 25"), a
standard deviation whose unit its mean already gave ("50.0 HU (SD about 8)")."""


def _unitless_quantity(text: str, mention: NumberMention, items: list[Evidence]) -> bool:
    """Whether a bare number is said, by the word right before it, to be a quantity of one of `items` that is written
    without a unit (a slice index, a standard deviation)."""
    before = text[max(0, mention.start - 30):mention.start]
    return any(word.search(before) and any(part in e.name for e in items)
               for part, word in UNITLESS_QUANTITY.items())


BY_SECOND = re.compile(r"\d(?:\.\d+)?\s*(?:mm|cm)?\s*[x×]\s*$")
"""The words before the second term of a bidimensional size ("57.9 x 50.8 mm"): long axis by short axis."""
SHORT_AXIS = re.compile(r"\bshort(?:est)?[- ]axis\b|\bshort(?:er)? diameter\b|\bwidth\b", re.IGNORECASE)


def _true_aside(review: ReviewInput, e: Evidence, clause: str) -> bool:
    """A true value stated beside the answer, not cited but of a structure the answer cites and said to be what it
    is ("29.1 mm (short axis 22.8 mm)", "unchanged (398.5 mL on both studies)", "rose by 3.0 mL (+33 %)").

    The value that answers the question must be cited; a number set beside it needs the same structure (the
    lesion group's own items, not another organ's or another lesion's; a term of a cited ratio or sum, "L/S 1.20
    (liver 59.9 HU / spleen 49.8 HU)"), its unit, and the words of its own quantity (a short axis said as one).
    """
    targets = {c.target for c in review.cited if c.target}
    if re.fullmatch(r"[a-z]+_lesion_\d+", e.target or "") and re.sub(r"_\d+$", "", str(e.target)) in targets:
        targets.add(str(e.target))  # "2 kidney lesions: a 42.4 mm one ... and a 24.0 mm one in the left kidney"
    targets |= {o for g in LESION_GROUPS if g.name in targets for o in g.organs}  # "Pancreas 49.9 mL, mean 100.0 HU; no
    # focal lesion": the organ of a cited lesion count, set beside it
    parts = {part for t in targets for part in re.split(r"[/+]", t) if part != t}  # a cited ratio's or sum's own terms
    of_cited = bool(e.target) and len(terms := re.split(r"[/+]", e.target)) > 1 and set(terms) <= targets  # "(0.59
    if (e.target not in targets and e.target not in parts and not of_cited) or not _about(e, clause):  # of the spleen's)"
        return False
    return said_as_itself(review, e, clause)


SMALLER_FIRST = re.compile(r"\b(?:second|smaller)[- ]?(?:to|/|over)[- ]?(?:the\s+)?(?:largest|biggest|first|larger)\b", re.IGNORECASE)
"""A ratio of two lesions named smaller first ("second-to-largest ratio")."""


def _inverted_ratio(text: str, mention: NumberMention, hits: list[Evidence]) -> str | None:
    """A cited ratio said under its terms' reverse order ("spleen/liver attenuation ratio 0.874" of the liver/spleen
    ratio, "right/left volume ratio 1.06" of the left/right one, "second-to-largest ratio 2.2" of the largest over the
    second); None when the words name it in its own order or name no order."""
    from agents.review_checks.combined import RATIO_ORDER

    ratios = [e for e in hits if "ratio" in e.name]
    if not ratios or mention.unit is not None:
        return None
    clause = re.split(r"[.;\n]\s|\(", text[:mention.start])[-1]
    if SMALLER_FIRST.search(clause) and any(e.name.startswith("largest_to_second") for e in ratios):
        return f"{text[mention.start:mention.end]!r} is the largest-to-second ratio, named the other way round"
    order = next(reversed(list(RATIO_ORDER.finditer(clause))), None)  # the ratio named last before the number
    if order is None:
        return None
    first, second = order.group(1).lower(), order.group(2).lower()
    for e in ratios:
        terms = [t.replace("kidney_", "") for t in (e.target or "").split("/")]
        if len(terms) == 2 and first in terms[1] and second in terms[0] and first != second:
            return (f"{text[mention.start:mention.end]!r} is the {terms[0]}/{terms[1]} ratio, named "
                    f"{first}/{second}")
    return None


def _chosen_option_value(review: ReviewInput, mention: NumberMention) -> bool:
    """Whether the number is the chosen option's own value and a cited value picks that option by the options' rule
    (`questions.intents.answers.nearest_option`, the reasoner's too): an option written 126.4 HU for a measured
    126.46 HU, another author's rounding. A unit said with it is the cited value's own ("14 mm across" is no slice 14)."""
    from questions.intents.answers import nearest_option

    choice = review.answer.choice if review.answer is not None else None
    choice_set = review.choice_set
    if not choice or choice_set is None or choice not in (review.choices or {}):
        return False
    own = [m for m in numbers_in(review.choices[choice]) if abs(m.value - mention.value) < 1e-9]  # type: ignore[index]
    dimension = (mention.in_evidence_unit() or ("",))[0] if mention.unit else None
    if not own or (dimension is not None and own[0].unit and dimension != (own[0].in_evidence_unit() or ("",))[0]):
        return False  # "B - 126.4 mL" of the option "126.4 HU": the number, in another quantity's unit
    return any(isinstance(e.value, int | float) and not isinstance(e.value, bool)
               and (dimension is None or EVIDENCE_DIMENSION.get(e.unit or "") == dimension)  # "14 mm across" of slice 14
               and nearest_option(float(e.value), e.unit, choice_set) == choice for e in review.cited)


def _lesion_placed_elsewhere(review: ReviewInput, e: Evidence, after: str) -> bool:
    """Whether the words right after a numbered lesion's value put it in an organ other than its measured one ("a
    24.0 mm lesion in the right kidney" of a left kidney lesion)."""
    after = re.sub(r"^\s*(?:[\w-]+\s+)?(?:lesion|tumou?r|mass|cyst|nodule)s?\b", "", after, flags=re.IGNORECASE)
    place, named_places = item_place(e), [p for p in locations_of(re.split(r"[.;(\n]", after)[0]) if not p.startswith("kidney_")]
    if place and named_places and not set(place.split("+")) & set(named_places):
        return True  # "100% of the liver lesions lie in segment VI" of a share in segment II
    numbered = re.fullmatch(r"[a-z]+_lesion_\d+", e.target or "") is not None
    largest = re.fullmatch(r"[a-z]+_lesion", e.target or "") is not None and e.name.startswith("largest_lesion_")
    if numbered and re.match(r"\s*of\s+(?:the\s+|all\s+)?(?:[\w-]+\s+)?(?:lesions|tumou?rs|masses|cysts|nodules)\b", after,
                             re.IGNORECASE):
        return True  # "100% of the liver lesions" is no one lesion's share
    if not (numbered or largest) or not (AFTER_PLACE.match(after) or AFTER_ORGAN.match(after)):
        return False
    held = review.by_key.get(f"{e.target}{'_1' if largest else ''}.organ")
    said = extract(re.split(r"[.;,(\n]| and ", after)[0])
    named = {f"{o}_{said.sides[0]}" if o == "kidney" and len(said.sides) == 1 else o for o in said.organs}
    return held is not None and isinstance(held.value, str) and bool(named) and held.value not in named and not (
        named & target_families(held.value) and not {"kidney_left", "kidney_right"} & named)


def said_as_itself(review: ReviewInput, e: Evidence, words: str) -> bool:
    """Whether an uncited item the words set beside the answer is said as what it is: not the value a cited criterion
    decides on with its own input uncited (`deciding_uncited`), not a value of another lesion kind than the words name
    ("kidney cyst of 29.5 mL" of the tumour's volume), and its own quantity (`quantity_as_said`). Both readers of a
    true aside (`_true_aside`, `asides.true_structure_aside`) hold an item to this."""
    return not deciding_uncited(review, e) and not said_of_other_kind(review, e, words) and quantity_as_said(e, words) \
        and not _asked_cited_away(review, e)


def _asked_cited(review: ReviewInput) -> bool:
    """Whether the answer cites an item of a quantity the question asks: the value that answers must then be that
    item's, not arithmetic on others ("Liver-to-spleen ratio: 0.83 (spleen 49.9 HU divided by liver 60.1 HU)" beside a
    cited ratio of 1.20)."""
    asked = set(review.intent.quantities)
    return any(f"{c.target}.{c.name}" in asked for c in review.cited)


def _asked_cited_away(review: ReviewInput, e: Evidence) -> bool:
    """An uncited item of a quantity the question asks, where the answer cites none of the asked quantities ("Yes:
    liver volume 2119.1 mL" citing the spleen's volume): the value that answers is cited away, not set beside."""
    if getattr(review.intent, "lesion_burden", False) and "lesion" not in (e.target or ""):
        return False  # "Which kidney carries more lesion burden?": the lesion volumes answer, each kidney's own volume
        # is the share's whole, set beside them
    asked = set(review.intent.quantities)
    return f"{e.target}.{e.name}" in asked and not any(f"{c.target}.{c.name}" in asked for c in review.cited)


def quantity_as_said(e: Evidence, words: str) -> bool:
    """Whether the item's quantity is the one the words call it: a short axis said as one, a longest diameter
    otherwise; the two busiest segments' share said of two ("100% of the lesions lie in segment VI" is not)."""
    if e.name.startswith("top_two") and not re.search(r"\b(?:two|2|both|top)\b", words, re.IGNORECASE):
        return False
    return ("short_axis" in e.name) == (SHORT_AXIS.search(words) is not None)


def _criterion_reads(review: ReviewInput, e: Evidence, clause: str) -> bool:
    """A true value of a quantity the cited criterion itself reads, said to be what it is ("steatosis (liver 30.1 HU;
    liver-to-spleen ratio 0.60)" beside a cited fatty-liver criterion that reads both the HU and the ratio)."""
    read = _criterion_keys(review)
    if f"{e.target}.{e.name}" not in read or not _about(e, clause):
        return False
    return not deciding_uncited(review, e) and \
        ("ratio" in e.name) == bool(re.search(r"\bratio\b|\b[LPS]\s?/\s?[LPS]\b", clause))


def _criterion_keys(review: ReviewInput) -> set[str]:
    """The quantity keys (`spleen.volume_ml`) the cited criteria read."""
    return {key for entry in review.criterion_entries() if entry.criterion is not None
            for key in entry.criterion.quantity_keys}


def deciding_uncited(review: ReviewInput, e: Evidence) -> bool:
    """Whether the item is an input of a cited criterion none of whose inputs the answer cites (a spleen HU cited for
    splenomegaly by volume): the value that decides must be cited, not set beside."""
    read = _criterion_keys(review)
    return f"{e.target}.{e.name}" in read and not any(
        f"{c.target}.{c.name}" in read for c in review.cited if c.kind in ("measurement", "finding"))


UNIT_SUFFIX = re.compile(r"_(?:ml|pct|mm|cm|hu)$")


def _cited_in_other_unit(review: ReviewInput, e: Evidence) -> bool:
    """A value of a cited quantity in another unit, of the same structure ("0 mL change" beside a cited
    `volume_change_pct` of 0 %): the unit is normalised, the quantity is the one cited."""
    stem = UNIT_SUFFIX.sub("", e.name)
    return stem != e.name and any(c.target == e.target and c.name != e.name and UNIT_SUFFIX.sub("", c.name) == stem
                                  for c in review.cited)


COUNTED_NOUN = re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:lesions?|tumou?rs?|mass(?:es)?|cysts?|nodules?|metastas[ie]s|spots?|lumps?)\b",
                          re.IGNORECASE)


def _group_total(text: str, mention: NumberMention, e: Evidence) -> bool:
    """A group's whole count said as the total a part is "of" ("two of the three lesions", "3 of 4")."""
    if e.name != "lesion_count":
        return False
    if re.search(r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten))\s+(?:of|out of)\s+(?:the\s+|all\s+)?$",
                 text[:mention.start], re.IGNORECASE):
        return True  # "hold 3 of 4": a share, its whole the group's count
    return re.search(r"\bof (?:the |all |all the |its )?$", text[:mention.start], re.IGNORECASE) is not None \
        and COUNTED_NOUN.match(text, mention.end) is not None


PRIOR_AFTER = re.compile(r"\s+(?:[a-z-]+\s+){0,2}?(?:before|previously|earlier|at baseline|(?:on|in|at) (?:the )?"
                         r"(?:prior|previous|earlier|last|baseline)\b)", re.IGNORECASE)
PRIOR_BEFORE = re.compile(r"\b(?:previously|before|earlier|prior|previous|baseline|then)\s*[:*]*\s*(?:there (?:were|was)\s+)?$",
                          re.IGNORECASE)
"""A count said of the earlier study ("two before", "previously three", "Prior: 2")."""


BRACKETED_LABEL = re.compile(r"\s*\(([^()]{3,60})\)")
"""Any label in brackets right after a value ("3 (liver lesion count in segment 7)")."""
BRACKETED_NAME = re.compile(r"\s*\(([^()\d]{3,40})\)")
"""A name in brackets right after a value: what the value is of ("23.5 mL (liver)")."""
COUNT_LABEL = re.compile(r"\b(?:[\w-]+\s+){0,2}?(?:tumou?rs?|neoplasms?|mass(?:es)?|cysts?)\s*(?:count|number|n)?\s*[:=]?\s*$",
                         re.IGNORECASE)
"""A lesion kind labelling the count after it ("kidney cyst count 2", "cysts: 2")."""


def _of_kind_counted(review: ReviewInput, text: str, mention: NumberMention, hits: list[Evidence]) -> list[Evidence]:
    """The hits a count of one kind may be ("two cysts" is the cyst mask's count, not the kidney lesions' of every
    kind), when that kind's own count is measured; the hits unchanged otherwise."""
    noun = COUNTED_NOUN.match(text, mention.end) if mention.unit is None else None
    if noun is None and mention.unit is None:  # "kidney cyst count 2", "cysts: 2": the kind labelled before it
        noun = COUNT_LABEL.search(text[max(0, mention.start - 30):mention.start])
    kinds = [kind for word, kind in TYPED if noun is not None and word.search(noun.group(0))]
    if not kinds or not any(e.name == "lesion_count" for e in hits):
        return hits
    groups = {e.target.removesuffix("_lesion") for e in hits if e.target and e.target.endswith("_lesion")}
    typed = [e for e in review.evidence if e.name == "lesion_count" and e.target in {f"{g}_{kinds[0]}" for g in groups}]
    if not typed:
        return hits
    return [e for e in hits if e.name != "lesion_count" or e in typed or any(e.value == t.value for t in typed)]
    # a group count equal to its kind's ("liver tumours: 3" where every liver lesion is in the tumour mask) is that count


LABELLED_COUNT = re.compile(r"(?:\b(?:lesions?|tumou?rs?|mass(?:es)?|cysts?|nodules?|metastas[ie]s)(?:\s+count)?|"
                         r"\bnumber of\s+(?:[\w-]+\s+){0,2}?(?:lesions?|tumou?rs?|mass(?:es)?|cysts?|nodules?))"
                         r"\**\s*[:=]\s*\**\s*$", re.IGNORECASE)
"""What a count is of, as the label before it ("- kidney lesions: 1", "number of lesions: 2")."""


def _true_count_aside(review: ReviewInput, text: str, mention: NumberMention, items: list[Evidence]) -> bool:
    """A count set beside the answer that is the cited lesion group's own count, said before what it counts
    ("three of the six lesions" where segment 7's count is the answer)."""
    targets = {c.target for c in review.cited if c.target}
    targets |= {group for t in targets if (group := re.sub(r"_\d+$", "", t)) != t}  # "Single pancreatic lesion" beside
    # the cited pancreas_lesion_1: its group's count (reviewer set 25d)
    if PRIOR_AFTER.match(text, mention.end) or PRIOR_BEFORE.search(text[max(0, mention.start - 30):mention.start]):
        return any(e.name == "prior_lesion_count" and e.target in targets for e in items)  # "(there were two before)"
    noun = COUNTED_NOUN.match(text, mention.end) or LABELLED_COUNT.search(text[max(0, mention.start - 40):mention.start])
    if noun is None:
        return False
    typed = {f"{t.removesuffix('_lesion')}_{kind}" for t in targets if t.endswith("_lesion") for word, kind in TYPED
             if word.search(noun.group(0))}  # "two spots: one solid, one a cyst": the cyst mask's
    if any(e.name == "lesion_count" and e.target in typed for e in review.evidence):
        targets = set()  # "two cysts": the cyst mask's own count, not the group's of every kind
    return any(e.name == "lesion_count" and (e.target in targets or e.target in typed) for e in items)  # own count


def _line_before(text: str, mention: NumberMention) -> str:
    """The words of the number's own line before it ("- right kidney: " of "- right kidney: 1 (cyst)")."""
    return text[text.rfind("\n", 0, mention.start) + 1:mention.start]


PART_LABEL = re.compile(r"^[\W_]*(?P<label>[A-Za-z]+(?:\s+[A-Za-z]+){0,2})\s*:\s*$")
"""A line's label of up to three words naming what its value is of ("- right kidney: ")."""


def _part_miscounted(review: ReviewInput, text: str, mention: NumberMention) -> str | None:
    """A bare count on a line labelled with one organ part ("- Right kidney: 2") that is not the lesion count
    measured there, whatever other count it equals."""
    line = _line_before(text, mention)
    label = PART_LABEL.match(line)
    if mention.unit is not None or label is None or mention.decimals or re.match(r"\s*[-−–+×x*/=]", text[mention.end:]):
        return None  # "Left: 199.9 − 171.7 = 28.2 mL larger": a worked value, no count
    counted = part_count(review, label.group("label"))
    if counted is None or counted[1] == mention.value:
        return None
    return f"{text[mention.start:mention.end]!r} is said of the {counted[0]}, where {counted[1]:g} lesion(s) are measured"


def _said_of_part(review: ReviewInput, text: str, mention: NumberMention) -> bool:
    """A value on a line of a breakdown that names one organ part ("- left kidney: 1 (cyst)"): the part's measured
    lesion count, or (with a unit) a value of the one lesion the group has there ("right kidney: 1 (indeterminate,
    62 HU)")."""
    line = _line_before(text, mention)
    if mention.unit is None:
        piece = re.split(r"[,;(\n]", text[:mention.start])[-1]  # "(head 0, body 0, tail 0)": each part its own
        counted = part_count(review, line) if not piece.strip() or piece == line else (
            part_count(review, piece) or part_count(review, line))
        return counted is not None and counted[1] == mention.value
    held = lesions_held(review, line)
    return len(held) == 1 and any(e.target == held[0] and states_value(mention, e) and not said_of_other_kind(
        review, e, line) for e in review.evidence)


def _breakdown_part(review: ReviewInput, text: str, mention: NumberMention) -> bool:
    """A count said of a segment ("3 lesions in segment VII") that is the count measured there."""
    from agents.review_checks.lesion_places import PART_COUNT

    match = PART_COUNT.match(text, mention.start)
    place = next(iter(locations_of(match.group(2))), None) if match else None
    return place is not None and review.number(f"{place}.lesion_count") == mention.value


def _directed(text: str, mention: NumberMention, cited: list[Evidence]) -> list[Evidence]:
    """Change items a magnitude with a direction word stands for: "decreased by 81.4 %" is the cited -81.4 %.

    Only the magnitude is grounded here; whether the direction word agrees with the sign is
    `change.change_direction`'s check.
    """
    before = text[max(0, mention.start - 40):mention.start]
    below = re.match(r"[^.;,]{0,25}?\b(?:below|under|lower than|less than|beneath|darker|less dense)\b",
                     text[mention.end:])  # a difference said below ("2.2 SDs below", "about 5 organ SDs darker")
    if mention.value <= 0 or not (DECREASE.search(before) or INCREASE.search(before) or below):
        return []
    flipped = replace(mention, value=-mention.value)
    return [e for e in cited if ("change" in e.name or below and "difference" in e.name) and states_value(flipped, e)]
