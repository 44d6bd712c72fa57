"""A category's threshold, as a knowledge answer states it, is the cited criterion's own.

"Progressive disease is a 30 % increase in the sum of diameters" and "PD at 10 %" name a cited category and a
number the category's bands do not have; "a 20 % decrease is progression" names the right number in the wrong
direction. Each number with a unit (or a bare one after a ratio is named: "the ratio 1.20 exceeds the 0.8
cut-off") in a sentence is read against the category it is said for ("the 30 % increase
needed for progression"), else the one named nearest before it (else after it): it must be a limit of one of the bands that make that category (`Criterion.defining_bands`, the
definition the reasoner quotes), in the same dimension, and an increase or a decrease said of a signed change
must have the limit's sign.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from knowledge.criteria import Band, Criterion, Scale
from questions.intents.answers import EVIDENCE_DIMENSION, numbers_in

INCREASE = re.compile(r"\b(increas\w*|ris(?:e|es|ing)|gr[eo]w\w*|enlarg\w*|more|larger|bigger|above|exceed\w*|"
                      r"gain\w*|up)\b", re.IGNORECASE)
DECREASE = re.compile(r"\b(decreas\w*|reduc\w*|shrink\w*|shr[au]nk|fall\w*|fell|declin\w*|drop\w*|smaller|less|"
                      r"regress\w*|down)\b", re.IGNORECASE)
FOR_CATEGORY = re.compile(r"^[^,;:()]{0,40}\b(?:for|of|defin\w*|to call|marks?|means?)\s+(?:an?\s+|the\s+)?$",
                          re.IGNORECASE)
"""What joins a limit to the category named after it ("increase needed for progression", "decrease of a partial
response")."""
RATIO_SAID = re.compile(r"\b(?:ratio|index)\b", re.IGNORECASE)
"""A ratio named before a bare number said as a limit: the number is that ratio's limit (a criterion's ratio scale)."""
SENTENCE = re.compile(r"(?<=[.;|\n])\s+|(?<=\.)$")


def _names(label: str, others: list[str]) -> list[re.Pattern[str]]:
    """How a text names a category: its words, its abbreviation in brackets, a grade by its number ("G0 (none)" of
    "G0 none"), and the stem of a long first word that no other category shares ("progression" for "progressive
    disease (PD)")."""
    words = re.sub(r"\s*\([^()]*\)\s*", " ", label).strip()
    out = [re.compile(rf"\b{re.escape(words)}\b", re.IGNORECASE)] if words else []
    short = re.search(r"\(([A-Z][A-Za-z0-9]{0,5})\)", label)
    if short:
        out.append(re.compile(rf"\b{re.escape(short.group(1))}\b"))
    grade = re.fullmatch(r"(G[0-4])\s+([a-z]+)", words, re.IGNORECASE)
    if grade:  # "G0 none" said "G0 (none)" or "G0"
        out.append(re.compile(rf"\b{grade.group(1)}\b(?:\s*\(?\s*{grade.group(2)}\s*\)?)?", re.IGNORECASE))
    first = words.split()[0] if " " in words else ""
    if len(first) >= 9 and not any(o != label and o.lower().startswith(first[:8].lower()) for o in others):
        out.append(re.compile(rf"\b{re.escape(first[:8])}\w*", re.IGNORECASE))
    return out


def _limits(bands: list[tuple[Scale, Band]]) -> list[tuple[str | None, float]]:
    """(dimension, signed limit) of every finite end of the bands."""
    return [(EVIDENCE_DIMENSION.get(scale.unit), float(v)) for scale, band in bands
            for v in (band.lower, band.upper) if v is not None]


def _named(criterion: Criterion) -> dict[str, list[tuple[Scale, Band]]]:
    """Each name a sentence may give (a category, or a band's own label such as "at least 30% decrease") -> the
    bands that make it."""
    named = {label: criterion.defining_bands(label) for label in criterion.labels}
    for scale in criterion.quantities:
        for band in scale.bands:
            if band.label not in criterion.labels:
                named.setdefault(band.label, []).append((scale, band))
    return named


def _mentions(sentence: str, names: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, name) of every name in the sentence, the longer kept where two overlap."""
    found = sorted(((m.start(), m.end(), label) for label in names for pattern in _names(label, names)
                    for m in pattern.finditer(sentence)), key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, str]] = []
    for start, end, label in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, label))
    return kept


NOT_REACHED = re.compile(r"\b(?:not|never|nowhere near)\s+(?:over|above|more than|beyond|exceeding|reaching|under|below|"
                         r"less than)\s*$|\b(?:short of|below|under|less than)\s+(?:the\s+)?$", re.IGNORECASE)
"""A limit said as not reached ("(not over 50%)", "short of the 75%"): the next category's, not the one given."""


def misquoted_limits(review: ReviewInput, text: str) -> list[str]:
    """The numbers a knowledge answer gives a cited category that none of that category's bands has."""
    problems: list[str] = []
    criteria = [e.criterion for e in review.criterion_entries() if e.criterion is not None]
    making: dict[str, list[tuple[Scale, Band]]] = {}  # a name several cited criteria give ("T1a" of the kidney
    for criterion in criteria:  # and of the pancreas) is made by the bands of either
        for name, bands in _named(criterion).items():
            making.setdefault(name, []).extend(bands)
    categories = {label for criterion in criteria for label in criterion.labels}
    read = {d for criterion in criteria for d, _ in _limits([(s, b) for s in criterion.quantities for b in s.bands])}
    for sentence in SENTENCE.split(text):
        named = adjective_first(_mentions(sentence, list(making)))
        if not any(label in categories for _, _, label in named):
            continue
        masked = sentence
        for start, end, _ in named:
            masked = masked[:start] + " " * (end - start) + masked[end:]
        for mention in numbers_in(masked):
            converted = mention.in_evidence_unit()
            if converted is None and mention.unit is None and RATIO_SAID.search(masked[:mention.start]):
                converted = (None, mention.value)  # "the ratio 1.20 exceeds the 0.8 cut-off": a ratio's limit, no unit
            if converted is None:
                continue
            before = [label for at, _, label in named if at <= mention.start]
            after = [label for at, _, label in named if at >= mention.end and FOR_CATEGORY.match(
                masked[mention.end:at])]  # "the 30 % increase needed for progression": the category it is for
            label = after[0] if after else before[-1] if before else named[0][2]
            limits = [(d, v) for d, v in _limits(making[label]) if d == converted[0]]
            if not limits and converted[0] not in read:
                continue  # a dimension this criterion does not read: another entry's number
            said = sentence[mention.start:mention.end]
            percent = converted[0] == "percent"  # a change: its size, with its direction in words or a sign
            scale = abs(converted[1] / mention.value) if mention.value else 1.0  # "0.315 L": rounding in litres
            matching = [v for _, v in limits if abs((abs(v) if percent else v) - (abs(converted[1]) if percent
                                                                                   else converted[1])) <= mention.tolerance * scale]
            others = [v for name in making if name != label for d, v in _limits(making[name]) if d == converted[0]]
            if not matching and NOT_REACHED.search(masked[max(0, mention.start - 24):mention.start]) and any(
                    abs(v - converted[1]) <= mention.tolerance * scale for v in others):
                continue  # "the busiest holds 40% (not over 50%)": another category's limit, said as not reached
            if not matching:
                cited = sorted({abs(v) for _, v in limits})
                problems.append(f"gives {label!r} {said!r}, but the cited criterion's limits for it are "
                                f"{cited or 'none in that unit'}")
                continue
            window = masked[max(0, mention.start - 40):mention.end + 40]  # "decreased" names, it says no direction
            up, down = INCREASE.search(window) or sentence[mention.start - 1:mention.start] == "+", \
                DECREASE.search(window) or converted[1] < 0
            if up and not down and all(v < 0 for v in matching) and percent:
                problems.append(f"gives {label!r} an increase of {said!r}, but the cited criterion's is a decrease")
            elif down and not up and all(v > 0 for v in matching) and percent:
                problems.append(f"gives {label!r} a decrease of {said!r}, but the cited criterion's is an increase")
    return problems


def adjective_first(named: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Names side by side are one category, the first naming it ("severe splenomegaly" is 'severe')."""
    kept: list[tuple[int, int, str]] = []
    for start, end, label in named:
        if kept and 0 <= start - kept[-1][1] <= 1:
            continue
        kept.append((start, end, label))
    return kept
