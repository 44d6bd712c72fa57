"""A knowledge answer gives the cut-off asked, not a real limit of another band of the same criterion.

"What splenic volume separates moderate from severe splenomegaly?" answered "500 mL" (the mild|moderate
limit), "What spleen volume defines splenomegaly?" answered "500 mL", "Below what L/S ratio is a liver
fatty?" answered "0.8" (a steatosis grade limit): each flagged, over several criteria, units and wordings,
while the right cut-off (in another unit too) and the reasoner's own quote of the whole scale pass.
"""

from __future__ import annotations

import pytest

from core.case import Answer
from questions.understanding import understand
from tests.agents.reasoning_cases import Question, criterion, review_of, solve

CASES = [
    ("What splenic volume separates moderate from severe splenomegaly?", ("dtvqa-spleen-volume-grade",),
     "800 mL", ["500 mL", "314.5 mL"]),
    ("What splenic volume separates mild from moderate splenomegaly?", ("dtvqa-spleen-volume-grade",),
     "0.5 L", ["800 mL", "314.5 mL"]),
    ("What spleen volume defines splenomegaly?", ("dtvqa-spleen-volume-grade", "dtvqa-splenomegaly-detection"),
     "314.5 mL", ["500 mL", "800 mL"]),
    ("What is the upper limit of normal splenic volume?", ("dtvqa-splenomegaly-detection", "dtvqa-spleen-volume-grade"),
     "314.5 mL", ["500 mL"]),
    ("Below what liver-to-spleen attenuation ratio is a liver considered fatty?",
     ("dtvqa-fatty-liver", "dtvqa-hepatic-steatosis-grade"), "1.0", ["0.8", "0.5"]),
    ("What liver attenuation separates G2 moderate from G3 severe steatosis?", ("dtvqa-hepatic-steatosis-grade",),
     "39 HU", ["51 HU", "58 HU"]),
]
WORDINGS = ["{v}: that is the cut-off.", "A value of {v} is the threshold.", "The limit is {v} (see the cited entry)."]


@pytest.mark.parametrize(("question", "entries", "right", "wrongs"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("wording", WORDINGS)
def test_the_cutoff_asked_passes_and_another_bands_limit_fails(question: str, entries: tuple[str, ...], right: str,
                                                               wrongs: list[str], wording: str) -> None:
    q = Question("knowledge question", question, None, entries)
    intent = understand(question)
    assert intent.task == "knowledge question"
    evidence = [criterion(e) for e in entries]
    ids = [e.id for e in evidence]

    def rule(value: str):  # noqa: ANN202
        answer = Answer(text=wording.format(v=value), evidence_ids=ids, backend="hand-built")
        return {c.name: c for c in review_of(q, intent, answer, evidence).checks}["rule_grounding"]

    assert rule(right).passed, rule(right).reason
    for wrong in wrongs:
        assert not rule(wrong).passed, wrong


@pytest.mark.parametrize(("question", "entries"), [c[:2] for c in CASES], ids=[c[0] for c in CASES])
def test_the_reasoners_quote_of_the_whole_scale_passes(question: str, entries: tuple[str, ...]) -> None:
    q = Question("knowledge question", question, None, entries)
    intent, answer, evidence = solve(q, [])
    assert answer is not None
    verdict = review_of(q, intent, answer, evidence)
    assert {c.name: c for c in verdict.checks}["rule_grounding"].passed, answer.text
