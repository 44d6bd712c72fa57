"""Laterality stated inside a sentence: a lesion placed in a kidney that holds none.

"T1a: the mass in the left kidney measures 29.2 mm" keeps the right stage and the right diameter, and
puts the tumour on the wrong side; "on both studies the cyst in the left kidney measures 24.3 mm" does
the same inside a longer sentence. Measurement records each kidney's lesion count
(`kidney_left.lesion_count`) and each lesion's host kidney (`kidney_lesion_N.organ`); a lesion placed,
and not denied, in a kidney those give no lesion is a finding, wherever in the sentence it stands.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from agents.review_checks.clauses import asserted

LESION = r"(?:lesions?|mass(?:es)?|tumou?rs?|cysts?|nodules?|neoplasms?|carcinomas?|rcc|foc(?:us|i))"
PLACED = re.compile(
    rf"\b{LESION}\b(?:\s+[\w-]+){{0,4}}?\s+(?:in|within|of|on|at|from|involving|arising from)\s+the\s+"
    rf"(?P<a>left|right)\s+(?:kidney|renal|side)\b"
    rf"|\b(?P<b>left|right)(?:[- ]sided)?\s+(?:kidney|renal)\s+(?:\w+\s+)?{LESION}\b(?![-\w])(?![^.;]*\b0\b)"
    rf"|\b(?P<c>left|right)\s+kidney\s+(?:contains|has|harbou?rs|holds|shows|bears)\b(?!\s+(?:no|none|nothing|not)\b)"
    rf"|\bin\s+the\s+(?P<d>left|right)\s+kidney\b(?![^.;]*\b0\b)",
    re.IGNORECASE)
"""A kidney lesion placed on a side: "the mass in the left kidney", "a right renal cyst", "the left kidney has",
"24.3 mm, in the left kidney" (not "the left kidney has none", "the left kidney is lesion-free", nor "volume in the
left kidney: 0 mL", "left kidney lesion volume 0.0 mL")."""


BOTH = re.compile(rf"\b(?:bilateral(?:ly)?|both kidneys|both sides|each kidney)\b(?!\s+(?:(?:are|is|appear|look|were)\s+"
                  rf"(?:\w+\s+)?)?(?:lesion-free|free|clear|normal|unremarkable|clean|without|negative|"
                  rf"(?:with|show|shows|have|has|contain|contains|demonstrate)\s+no)\b)"
                  rf"(?:\s+[\w-]+){{0,2}}?(?:\s+{LESION}\b)?|"
                  rf"\b{LESION}\b[^.;]{{0,30}}?\b(?:bilateral(?:ly)?|in both kidneys|on both sides)\b|"
                  rf"\b(?:also|too|as well)\s+(?:in|on)\s+the\s+(?P<also>left|right)\b|"
                  rf"\b(?:in|on)\s+the\s+(?P<too>left|right)\s+(?:kidney\s+)?(?:too|as well)\b", re.IGNORECASE)
"""Kidney lesions said to lie on both sides ("bilateral renal tumours", "also on the left", "in both kidneys")."""
SIDE_ALONE = re.compile(r"(?:^|[;:.]\s*|,\s*)(?:in\s+)?(?:the\s+)?(?P<side>left|right)\s+kidney\s*(?=[.;]|$)", re.IGNORECASE)
"""A side given as a clause of its own ("31.6 mm; left kidney."): where the question asks of a lesion, its place."""
SIDE_SAID = re.compile(r"\b(?:in|within|from|of|on|into|involving)\s+the\s+(?P<side>left|right)\s+(?:kidney|side)\b"
                       r"(?![^.;]*\b0(?:\.0+)?\b)|\b(?P<sided>left|right)[- ]sided\b", re.IGNORECASE)
"""A side said anywhere in the answer ("34.1 mm, arising from the left kidney", "left-sided"): where the question
asks of a lesion and names no side, the place of that lesion."""
ZERO_BEFORE = re.compile(r"(?<![\d.])0(?:\.0+)?\s*(?:ml|cc|cm3|cm³|mm|lesions?|%)?(?:\s+(?:of\s+)?(?:lesions?|tumou?rs?|cysts?))?"
                         r"\s*(?:in|on|for)?\s*$", re.IGNORECASE)
"""A zero amount said right before "each kidney" / "both kidneys" ("0.0 mL of lesion in each kidney"): no lesion on either."""


def _lesions_by_side(review: ReviewInput) -> dict[str, float]:
    """Each kidney's lesion count: its own count item, else the host kidneys of the measured lesions."""
    counts = {side: value for side in ("left", "right")
              if (value := review.number(f"kidney_{side}.lesion_count")) is not None}
    if len(counts) == 2:
        return counts
    hosts = [str(e.value) for e in review.evidence if e.name == "organ"
             and re.fullmatch(r"kidney_lesion_\d+", e.target or "")]
    total = review.number("kidney_lesion.lesion_count")
    if not hosts or total is None or len(hosts) != int(total):
        return counts
    return {side: float(sum(h == f"kidney_{side}" for h in hosts)) for side in ("left", "right")}


CYST_WORD = re.compile(r"\bcysts?\b|\bcystic\b", re.IGNORECASE)
SOLID_WORD = re.compile(r"\b(?:tumou?rs?|neoplasms?|carcinomas?|rcc|solid)\b", re.IGNORECASE)


def _kind_named(words: str) -> str | None:
    """`cyst` or `solid` when the placed words name one kind only ("the cyst in the right kidney", "a left renal
    tumour"); None for "lesion" / "mass" (a renal mass may be cystic) or both."""
    cyst, solid = bool(CYST_WORD.search(words)), bool(SOLID_WORD.search(words))
    return "cyst" if cyst and not solid else "solid" if solid and not cyst else None


def _kinds_by_side(review: ReviewInput) -> dict[tuple[str, str], float]:
    """Each kidney's count of cysts and of solid lesions, by the mask each lesion came from when the kidney cyst mask
    was provided beside the tumour mask (`agents.reasoners.asked_kind`); {} when it was not, or a lesion's side or
    kind is not known."""
    from agents.reasoners.asked_kind import _cyst_mask_read, _source_verdict

    source = _cyst_mask_read("kidney_lesion", review.by_key)
    total = review.number("kidney_lesion.lesion_count")
    if source is None or not total:
        return {}
    counts = {(side, kind): 0.0 for side in ("left", "right") for kind in ("cyst", "solid")}
    for n in range(1, int(total) + 1):
        host = review.by_key.get(f"kidney_lesion_{n}.organ")
        verdict = _source_verdict(review.by_key, f"kidney_lesion_{n}", source, "cyst")
        side = str(host.value).removeprefix("kidney_") if host is not None else ""
        if verdict == "unknown" or side not in ("left", "right"):
            return {}
        counts[(side, "cyst" if verdict == "yes" else "solid")] += 1
    return counts


def misplaced_sides(review: ReviewInput) -> list[str]:
    """The sides the answer places a kidney lesion on, and does not deny, where no kidney lesion was measured."""
    counts = _lesions_by_side(review)
    if not counts:
        return []  # a lesion placed where none was measured is a finding too, when the kidneys hold none at all
    text = review.claim_text
    problems = []
    kinds = _kinds_by_side(review)
    for match in PLACED.finditer(text):
        side = (match["a"] or match["b"] or match["c"] or match["d"]).lower()
        other = "right" if side == "left" else "left"
        if counts.get(side) == 0 and asserted(text, match):
            problems.append(f"places a lesion in the {side} kidney ({match.group(0)!r}), which holds none; the "
                            f"{other} kidney holds {numeric_count(counts.get(other))}")
            continue
        sentence = re.split(r"[.;\n]", text[:match.start()])[-1] + match.group(0)  # "One cyst, in the right kidney"
        after = re.split(r"[.;\n]", text[match.end():], maxsplit=1)[0]  # "the left renal lesion is a tumour, not a cyst"
        said_after = re.sub(r"\b(?:not|no|never)\s+(?:an?\s+)?[\w-]+", " ", after, flags=re.IGNORECASE)  # the denied kind
        kind = _kind_named(match.group(0)) or _kind_named(sentence) or _kind_named(said_after) or \
            _kind_named(review.question or "")
        if kind is not None and kinds and kinds.get((side, kind)) == 0 and asserted(text, match):
            words = "cyst" if kind == "cyst" else "solid lesion"
            problems.append(f"places a {words} in the {side} kidney ({match.group(0)!r}), which holds none by the "
                            f"provided cyst mask; the {other} kidney holds {kinds.get((other, kind), 0):g}")
    for match in BOTH.finditer(text):
        empty = [side for side in ("left", "right") if counts.get(side) == 0]
        said = match["also"] or match["too"]
        if ZERO_BEFORE.search(text[:match.start()]):
            continue  # "0.0 mL of lesion in each kidney": nothing on either side
        if empty and asserted(text, match) and (said is None or said.lower() in empty) and (
                said is not None or re.search(LESION, match.group(0), re.IGNORECASE) or
                re.search(LESION, review.question or "", re.IGNORECASE)):
            problems.append(f"says the kidney lesions lie on both sides ({match.group(0)!r}), but the {empty[0]} "
                            "kidney holds none")
    if re.search(LESION, review.question or "", re.IGNORECASE):
        for match in SIDE_ALONE.finditer(text):
            side = match["side"].lower()
            if counts.get(side) == 0:
                problems.append(f"places the lesion in the {side} kidney ({match.group(0).strip(' ;:.,')!r}), which "
                                "holds none")
        if not review.intent.sides:
            for match in SIDE_SAID.finditer(text):
                side = (match["side"] or match["sided"]).lower()
                if counts.get(side) == 0 and asserted(text, match):
                    problems.append(f"places the lesion asked on the {side} side ({match.group(0)!r}), whose kidney "
                                    "holds none")
    return list(dict.fromkeys(problems))


def numeric_count(value: float | None) -> str:
    """'2 lesions' for a count, 'the lesions' when it is unknown."""
    return "the lesions" if value is None else f"{value:g} lesion{'s' if value != 1 else ''}"


__all__ = ["misplaced_sides"]
