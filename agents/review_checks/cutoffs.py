"""The cut-off asked: a knowledge answer's first cut-off is the boundary the question asks, not another band's.

"What splenic volume separates moderate from severe splenomegaly?" is asked of the moderate|severe
boundary (800 mL); answering 500 mL quotes a real limit of the same cited criterion, but of another
band. The boundary asked is read from the cited criterion's bands and the labels the question names:
two named labels ask the boundary between them, one named label the boundaries of its band, none the
boundary where the criterion turns from negative to positive (the splenomegaly or fatty-liver cut-off).
"""

from __future__ import annotations

import math
import re
from typing import Any

from agents.review_checks.base import ReviewInput, failed, passed
from core.case import Check
from core.tasks import is_positive
from questions.intents.answers import EVIDENCE_DIMENSION, NumberMention, labels_in, numbers_in
from questions.intents.labels import grouped_labels

NAME = "rule_grounding"
QUOTE = re.compile(r"(?<![\w/])[a-z][a-z0-9_/]*\.[a-z][a-z0-9_]*:")
"""Where a quoted scale starts (`spleen.volume_ml: normal: 0 ≤ x < 314.5 mL; ...`): bands, not the answer."""


def _boundaries(scale: Any, labels: list[str], named: list[str], grouped: bool = False) -> tuple[set[float], set[float]]:
    """(every boundary of one scale, the boundaries the question asks of it)."""
    bands = sorted(scale.bands, key=lambda b: -math.inf if b.lower is None else b.lower)
    pairs = [(a.label, b.label, float(a.upper)) for a, b in zip(bands, bands[1:], strict=False) if a.upper is not None]
    every = {value for _, _, value in pairs}
    own = [lab for lab in named if any(lab in pair[:2] for pair in pairs)]
    if grouped:  # "a T1 renal tumour" names T1a and T1b: the group's outer edges
        asked = {v for a, b, v in pairs if (a in own) != (b in own)}
    elif len(own) >= 2:
        asked = {v for a, b, v in pairs if a in own and b in own}
    elif len(own) == 1:
        asked = {v for a, b, v in pairs if own[0] in (a, b)}
    else:
        asked = {v for a, b, v in pairs if is_positive(a, labels) != is_positive(b, labels)}
    return every, asked or every


def _scales(review: ReviewInput) -> dict[str | None, tuple[set[float], set[float]]]:
    """Dimension -> (every cited boundary, the boundaries asked), over the cited criteria."""
    out: dict[str | None, tuple[set[float], set[float]]] = {}
    for entry in review.criterion_entries():
        if entry.criterion is None:
            continue
        labels = entry.criterion.labels
        named = labels_in(review.question or "", labels)
        grouped = grouped_labels(review.question or "", labels)
        for scale in entry.criterion.quantities:
            every, asked = _boundaries(scale, labels, named or grouped, bool(grouped))
            dim = EVIDENCE_DIMENSION.get(scale.unit or "")
            known, wanted = out.get(dim, (set(), set()))
            out[dim] = (known | every, wanted | asked)
    return out


def _value(mention: NumberMention) -> tuple[str | None, float]:
    converted = mention.in_evidence_unit()
    return converted if converted else (None, mention.value)


def _near(value: float, pool: set[float], mention: NumberMention) -> bool:
    return any(abs(value - v) <= mention.tolerance + 1e-9 * abs(v) for v in pool)


def asked_cutoff(review: ReviewInput) -> Check | None:
    """The first cut-off the answer states in its own words is a boundary the question asks; None: nothing to say."""
    scales = _scales(review)
    if not scales:
        return None
    text = review.claim_text
    quote = QUOTE.search(text)
    prose = text[:quote.start()] if quote else text
    wanted_dim = _dimension_asked(review.question or "")
    for mention in numbers_in(prose):
        dim, value = _value(mention)
        if dim not in scales or not _near(value, scales[dim][0], mention):
            continue  # not a limit of the cited bands (a year, a count, a measured value)
        if wanted_dim is not None and wanted_dim in scales and dim != wanted_dim:
            return failed(NAME, f"the question asks a cut-off in {wanted_dim}, but the answer's "
                                f"{prose[mention.start:mention.end]!r} is a limit of the criterion's "
                                f"{dim or 'ratio'} scale", "reasoner")
        every, asked = scales[dim]
        if _near(value, asked, mention):
            return passed(NAME, f"{prose[mention.start:mention.end]!r} is the cut-off asked")
        wanted = ", ".join(f"{v:g}" for v in sorted(asked))
        return failed(NAME, f"{prose[mention.start:mention.end]!r} is a limit of another band of the cited criterion; "
                            f"the cut-off asked is {wanted}", "reasoner")
    return None


DIMENSION_ASKED = (("attenuation", re.compile(r"\b(?:HU|hounsfield|attenuation|density)\b(?![^?]*\bratio\b)", re.IGNORECASE)),
                   ("volume", re.compile(r"\b(?:volume|mL|millilit\w*)\b(?![^?]*\bratio\b)", re.IGNORECASE)),
                   ("length", re.compile(r"\b(?:diameter|size|mm|cm|millimet\w*|centimet\w*)\b", re.IGNORECASE)))
"""The dimension a cut-off question asks in ("Below what liver attenuation (HU) ...": attenuation, not a ratio)."""


def _dimension_asked(question: str) -> str | None:
    """The one dimension the question's words ask the cut-off in; None when none or several."""
    found = [dim for dim, words in DIMENSION_ASKED if words.search(question)]
    return found[0] if len(found) == 1 and not re.search(r"\bratio\b", question, re.IGNORECASE) else None


CUTOFF_QUESTION = re.compile(
    r"^\s*(?:(?:below|above|under|over|beyond|at|from) what\b|(?:what|which)\b(?:(?!\band\b|,).)*"
    r"\b(?:lower limit|upper limit|limit|cut-?off|threshold)s?\b)", re.IGNORECASE)
"""A question that asks for a cut-off itself ("Below what P/S ratio is steatosis diagnosed?"), not this patient's value."""


def cutoff_given(review: ReviewInput) -> Check | None:
    """To a question asking for a cut-off, the answer leads with a limit of a cited criterion, not the patient's
    own value or category; None when the question asks no cut-off."""
    from agents.review_checks.base import stated_numbers
    from agents.review_checks.numbers import cited_limits

    if not CUTOFF_QUESTION.search(review.question or ""):
        return None
    if review.intent.task == "knowledge question":  # it quotes its entry (`asked_cutoff` checks the limit it gives)
        return _patient_value(review)
    limits = cited_limits(review)
    head = re.split(r"\.(?:\s|$)|;|\n", review.claim_text.strip().lstrip(" .:"), maxsplit=1)[0]
    given = [m for m in stated_numbers(head) if any(abs(_value(m)[1] - v) <= m.tolerance + 1e-9 for v in limits)]
    if given:
        return passed("answer_kind", f"the cut-off asked is given ({head[given[0].start:given[0].end]!r})")
    return failed("answer_kind", f"the question asks for a cut-off, but the answer gives {head[:60]!r}, no limit of a "
                                 "cited criterion", "reasoner")


def _patient_value(review: ReviewInput) -> Check | None:
    """A rule asked, this patient's measured value stated: "Normal. spleen volume 199.8 mL" to "What splenic
    volume is the lower limit of mild splenomegaly?"."""
    from agents.review_checks.base import stated_numbers
    from agents.review_checks.numbers import states_value

    measured = [e for e in review.cited if e.kind in ("measurement", "finding")]
    for mention in stated_numbers(review.claim_text):
        item = next((e for e in measured if states_value(mention, e)), None)
        if item is not None:
            return failed("answer_kind", f"the question asks for a cut-off, but the answer states this patient's "
                                         f"{item.name} ({item.id!r})", "reasoner", [item.id])
    return None


__all__ = ["asked_cutoff", "cutoff_given"]
