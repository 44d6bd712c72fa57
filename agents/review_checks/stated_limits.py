"""A threshold or normal range a radiologist states beside a value: the registry's own, on the value's right side.

"Spleen volume 142.0 mL, below the 314.5 mL threshold for splenomegaly" and "39.8 mL, just below the 40-100 mL
normal range" add true context to a correct value without citing a criterion. Such a limit is grounded when it is
a band limit of a knowledge entry whose criterion reads the quantity of a cited value (`reading_limits`, read by
`numbers`' grounding as it reads a cited criterion's limits) and said as one ("below", "above", "within"); a
number that is no such limit stays ungrounded ("the
100 mL threshold for splenomegaly"). The side it puts the value on must be true (`misplaced_values`): "60.0 HU,
below the 40 HU cut-off" and "Above the 314.5 mL threshold, the spleen measures 142.0 mL" are refused.
"""

from __future__ import annotations

import re

from agents.review_checks.base import RULE_STATED, ReviewInput, items_stating, numeric, stated_numbers
from agents.review_checks.bound_words import sentences
from agents.review_checks.clauses import denies
from core.anatomy import family
from questions.intents.answers import EVIDENCE_DIMENSION, NumberMention, numbers_in

__all__ = ["misnamed_limits", "misplaced_values", "misplaced_worded_limits", "reading_limits"]

NUMBER = r"\d+(?:\.\d+)?"
LIMIT = re.compile(rf"\b(?P<word>below|under|less than|lower than|above|over|exceed\w*|greater than|higher than|"
                   rf"more than|within|inside|outside|beyond)\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?"
                   rf"(?P<low>{NUMBER})(?:\s*[a-zA-Z%]+)?(?:\s*(?:-|–|to)\s*(?P<high>{NUMBER})(?:\s*[a-zA-Z%]+)?)?",
                   re.IGNORECASE)
"""A side of a limit or range said in words ("below the 314.5 mL threshold", "within the 40-100 mL normal range")."""
NORMAL_AS_SUBJECT = re.compile(r"\bnormal(?:\s+[a-z]+)?\s+(?:is|are|being|would\s+be|lies|sits)\s+$", re.IGNORECASE)
"""Words before a limit that make the normal reference its subject ("855 mL when normal is under 314.5 mL"): the
limit is said of what is normal, not of the value before it."""
BELOW, ABOVE, INSIDE = ("below", "under", "less than", "lower than"), ("above", "over", "greater than", "higher than",
                                                                      "more than", "beyond"), ("within", "inside")


def reading_limits(review: ReviewInput) -> list[tuple[str | None, float]]:
    """(dimension, limit) of every band of the entries whose criterion reads the quantity of a cited value, when the
    answer cites no criterion (one that does may quote the limits of its own criteria only)."""
    if any(e.kind == "criterion" for e in review.cited):
        return []
    keys = {(e.target, e.name) for e in review.cited if e.target}
    keys |= {(family(t), n) for t, n in keys if family(t)}
    keys |= {("lesion", n) for t, n in keys if t.endswith("_lesion")}  # a criterion of any organ's lesions
    out: list[tuple[str | None, float]] = []
    for entry in review.base:
        for scale in entry.criterion.quantities if entry.criterion is not None else []:
            if (scale.target, scale.name) in keys:
                dim = EVIDENCE_DIMENSION.get(scale.unit)
                out += [(dim, float(v)) for band in scale.bands for v in (band.lower, band.upper) if v is not None]
    said = _said_as_limits(review.claim_text)
    return [(dim, v) for dim, v in out if any(d == dim and abs(v - x) <= slack + 1e-9 for d, x, slack in said)]


def _limit_values(text: str, match: re.Match[str]) -> list[tuple[str, float, float]]:
    """(dimension, value in the evidence unit, rounding slack) of the limit or the two ends of the range matched."""
    unit = re.search(r"([a-zA-Z%³]+)\s*$", text[match.start("low"):match.end()])
    out = []
    for raw in (match["low"], match["high"]):
        shown = next(iter(numbers_in(f"{raw} {unit.group(1)}")), None) if raw and unit else None
        converted = shown.in_evidence_unit() if shown is not None else None
        if shown is not None and converted is not None:
            out.append((converted[0], converted[1], shown.tolerance * converted[1] / (shown.value or 1.0)))
    return out


def _said_as_limits(text: str) -> list[tuple[str, float, float]]:
    """(dimension, value, rounding slack) of each number the text says a value is below, above or within."""
    return [limit for match in LIMIT.finditer(text) for limit in _limit_values(text, match)]


def _measured(review: ReviewInput, sentence: str, skip: tuple[int, int]) -> list[tuple[NumberMention, float]]:
    """(mention, value in the evidence unit) of each measured value the sentence states outside the limit phrase."""
    out = []
    for mention in stated_numbers(sentence):
        converted = mention.in_evidence_unit()
        if skip[0] <= mention.start < skip[1] or converted is None:
            continue
        items = items_stating(mention, review.cited)
        if items and (value := numeric(items[0])) is not None:  # the measured value, not as rounded ("40 mL" of 39.8)
            out.append((mention, value))
    return out


def misplaced_values(review: ReviewInput) -> list[str]:
    """Each value a sentence puts below, above, within or outside a stated limit or range where it is not."""
    problems = []
    for _, sentence in sentences(review.claim_text):
        for match in LIMIT.finditer(sentence):
            if denies(sentence[max(0, match.start() - 12):match.start()]):
                continue  # "not more than 1 cm": the other side, said as a denial
            if NORMAL_AS_SUBJECT.search(sentence[:match.start()]):
                continue  # "when normal is under 314.5 mL": a limit of what is normal
            if RULE_STATED.search(sentence[max(0, match.start() - 60):match.end() + 12]):
                continue  # "(the gland would be called enlarged above 100 mL)": the rule's limit, of no value
            limits = _limit_values(sentence, match)
            if not limits:
                continue
            dimension, lo, hi = limits[0][0], limits[0][1], (limits[1][1] if len(limits) > 1 else None)
            for mention, value in _measured(review, sentence, (match.start(), match.end())):
                if (mention.in_evidence_unit() or ("",))[0] != dimension:
                    continue
                word, slack = match["word"].lower(), 1e-9
                wrong = ((word in BELOW and value > lo + slack) or (word.startswith("exceed") or word in ABOVE)
                         and value < (hi if hi is not None else lo) - slack
                         or (word in INSIDE and hi is not None and not lo - slack <= value <= hi + slack)
                         or (word == "outside" and hi is not None and lo + slack < value < hi - slack))
                if wrong:
                    problems.append(f"puts {sentence[mention.start:mention.end]!r} {match.group(0)!r}, "
                                    "which the value is not")
    return list(dict.fromkeys(problems))


def question_limits(review: ReviewInput) -> list[tuple[str | None, float]]:
    """The cut-offs the question states, cited as its rules (`knowledge.stated`): a stated threshold's value, a
    contact rule's reach, with their dimension."""
    out: list[tuple[str | None, float]] = []
    for item in review.cited:
        rule = item.provenance.parameters or {} if item.kind == "criterion" else {}
        limit = rule.get("value", rule.get("contact"))
        if ("comparison" in rule or "contact" in rule) and isinstance(limit, int | float):
            out.append((EVIDENCE_DIMENSION.get(rule.get("unit") or ""), float(limit)))
    return out


NAMED_END = re.compile(rf"(?P<n1>{NUMBER})\s*(?P<u1>[a-zA-Z%³]+)?\s+(?P<e1>upper|lower)\s+(?:limit|bound|end|cut-?off)\b|"
                       rf"\b(?P<e2>upper|lower)\s+(?:limit|bound|end)\s+(?:of\s+(?:the\s+)?normal(?:\s+range)?\s+)?"
                       rf"(?:(?:is|of|at|=)\s+)?(?P<n2>{NUMBER})\s*(?P<u2>[a-zA-Z%³]+)?", re.IGNORECASE)
"""A number named as one end of a range ("the 130 mL upper limit of normal", "upper limit of normal 260 mL")."""


def misnamed_limits(review: ReviewInput) -> list[str]:
    """Each number called a range's upper (lower) limit that is only a lower (upper) limit of the cited criteria's
    bands in its dimension ("167.7 mL is above the 130 mL upper limit of normal" of a 130-260 mL normal kidney)."""
    bands = [(EVIDENCE_DIMENSION.get(scale.unit), band) for entry in review.criterion_entries()
             if entry.criterion is not None for scale in entry.criterion.quantities for band in scale.bands]
    problems = []
    for match in NAMED_END.finditer(review.claim_text):
        raw, unit = (match["n1"], match["u1"]) if match["n1"] else (match["n2"], match["u2"])
        end = (match["e1"] or match["e2"]).lower()
        shown = next(iter(numbers_in(f"{raw} {unit or ''}")), None)
        converted = shown.in_evidence_unit() if shown is not None else None
        if converted is None:
            continue
        dimension, value = converted
        of_normal = re.match(r"\s*of\s+(?:the\s+)?normal\b", review.claim_text[match.end():]) is not None or \
            re.search(r"\bnormal\s*$", review.claim_text[:match.start()]) is not None or "normal" in match.group(0).lower()
        ends = {("lower" if v == band.lower else "upper") for dim, band in bands if dim == dimension
                and (not of_normal or "normal" in band.label.lower())  # "upper limit of normal": the normal band's
                for v in (band.lower, band.upper) if v is not None and abs(v - value) <= 1e-6 * max(1.0, abs(v))}
        if ends and end not in ends:
            problems.append(f"calls {match.group(0).strip()!r} the {end} limit, but it is the {ends.pop()} limit of "
                            "the cited criterion's range")
    return problems


WORDED_LIMIT = re.compile(r"\b(?P<word>below|under|less than|lower than|above|over|exceed\w*|greater than|higher than|"
                          r"more than)\s+(?:the\s+)?(?:[\w/-]+\s+){0,3}?(?:cut-?off|threshold|limit)\b(?!\s*(?:of\s+)?\d)",
                          re.IGNORECASE)
"""A side of a cited criterion's cut-off said without its number ("0.752, below the steatosis cut-off")."""


def misplaced_worded_limits(review: ReviewInput) -> list[str]:
    """Each value a sentence puts below or above a cut-off named without its number, where the cited criteria have one
    cut-off in that value's dimension and the value lies on its other side."""
    problems = []
    for _, sentence in sentences(review.claim_text):
        for match in WORDED_LIMIT.finditer(sentence):
            if denies(sentence[max(0, match.start() - 12):match.start()]):
                continue
            before = [m for m in stated_numbers(sentence[:match.start()])]
            if not before:
                continue
            mention = before[-1]
            items = items_stating(mention, review.cited)
            value = numeric(items[0]) if items else None
            if value is None:
                continue
            unit = items[0].unit
            bands = [band for entry in review.criterion_entries() if entry.criterion is not None
                     for scale in entry.criterion.quantities if scale.unit == unit for band in scale.bands]
            cuts = {b.upper for b in bands if b.upper is not None and any(o.lower == b.upper for o in bands)}
            if len(cuts) != 1:  # one cut-off between two bands ("P/S < 0.70 fatty"): the one the words name
                continue
            cut = cuts.pop()
            word = match["word"].lower()
            below = word in BELOW or word in ("less than", "lower than")
            if (below and value >= cut) or (not below and value <= cut):
                problems.append(f"puts {sentence[mention.start:mention.end]!r} {match.group(0)!r}, but the cut-off is "
                                f"{cut:g}")
    return problems
