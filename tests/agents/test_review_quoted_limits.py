"""A knowledge answer gives each category the limits and the direction of the bands that make it.

`Criterion.defining_bands` is the one definition: the reasoner quotes it for the category a knowledge question names
(`agents.reasoners.reports.asked_bands`) and the reviewer reads every number said beside a category against it
(`agents.review_checks.quoted_limits`). Every band edge of every category of every criterion in the knowledge base is
run through both: said right it passes, moved off the edge or said in the other direction it fails.
"""

from __future__ import annotations

import pytest

from agents.reasoners.reports import asked_bands
from agents.review_checks.quoted_limits import misquoted_limits
from core.case import Answer
from knowledge import shared_base
from knowledge.criteria import Criterion
from questions.intents.answers import EVIDENCE_DIMENSION
from questions.understanding import understand
from tests.agents.reasoning_cases import Question, criterion

ENTRIES = [e for e in shared_base("deeptumorvqa", ()).entries if e.criterion is not None]
UNIT_WORD = {"mm": "mm", "mL": "mL", "HU": "HU", "%": "%"}


def _edges(entry_criterion: Criterion) -> list[tuple[str, float, str]]:
    """(category, signed limit, unit) of every finite end of a band that makes a category, in a unit with a dimension."""
    out = []
    for label in entry_criterion.labels:
        bands = entry_criterion.defining_bands(label)
        if len(bands) == sum(len(s.bands) for s in entry_criterion.quantities) and entry_criterion.combine == "rules":
            continue  # the remainder ("anything else is stable disease") has every band; no one limit is its own
        for scale, band in bands:
            if EVIDENCE_DIMENSION.get(scale.unit) is None:
                continue
            out += [(label, float(v), scale.unit) for v in (band.lower, band.upper) if v is not None and v != 0]
    return out


CASES = [(e.id, label, value, unit) for e in ENTRIES for label, value, unit in _edges(e.criterion)]


def _criterion(entry_id: str) -> Criterion:
    return next(e.criterion for e in ENTRIES if e.id == entry_id)


def _review(entry_id: str, text: str) -> list[str]:
    question = "What are the thresholds of this criterion?"
    q = Question("knowledge question", question, None, (entry_id,))
    evidence = [criterion(entry_id)]
    answer = Answer(text=text, evidence_ids=[e.id for e in evidence], backend="hand-built")
    from agents.reviewer import ReviewInput

    subject = ReviewInput(question=q.question, choices=None, intent=understand(question), answer=answer,
                          evidence=evidence, base=shared_base("deeptumorvqa"), track="abdomen_ct")
    return misquoted_limits(subject, text)


def _said(value: float, unit: str) -> str:
    if unit == "%":
        return f"{'an increase' if value > 0 else 'a decrease'} of {abs(value):g} %"
    return f"{value:g} {UNIT_WORD[unit]}"


def test_the_edges_cover_the_knowledge_base() -> None:
    assert len(CASES) >= 20 and len({c[0] for c in CASES}) >= 8


@pytest.mark.parametrize(("entry_id", "label", "value", "unit"), CASES,
                         ids=[f"{c[0]}:{c[1]}:{c[2]:g}" for c in CASES])
def test_every_band_edge_said_right_passes_and_moved_fails(entry_id: str, label: str, value: float, unit: str) -> None:
    assert not _review(entry_id, f"{label.capitalize()}: {_said(value, unit)}."), (label, value)
    moved = value + (3.7 if value > 0 else -3.7)  # off every edge: no limit of the knowledge base ends in .7
    assert _review(entry_id, f"{label.capitalize()}: {_said(moved, unit)}."), (label, moved)
    two_sided = any(v == -value for lab, v, _ in _edges(_criterion(entry_id)) if lab == label)
    if unit == "%" and not two_sided:  # "unchanged" is -25 < x < 25: both directions are its edges
        assert _review(entry_id, f"{label.capitalize()}: {_said(-value, unit)}."), (label, -value)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_the_reasoners_quote_of_a_named_category_is_its_defining_bands(entry) -> None:  # noqa: ANN001
    for label in entry.criterion.labels:
        quoted = asked_bands(f"What is the threshold for {label}?", entry)
        bands = entry.criterion.defining_bands(label)
        if not quoted or len(bands) == sum(len(s.bands) for s in entry.criterion.quantities):
            continue
        text = " ".join(quoted)
        for scale, band in bands:
            assert scale.quantity in text and band.describe(scale.unit) in text, (label, text)
        assert not _review(entry.id, text), text
