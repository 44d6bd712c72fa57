"""The edge of a category a cut-off question asks is parsed once, into `Intent.cutoff_edge`; the reasoner reads it
there (`agents.reasoners.cutoffs.bare_cutoff`) instead of reading the question's words again."""

from __future__ import annotations

import pytest

from agents.reasoners.cutoffs import bare_cutoff
from knowledge.loader import shared_base
from questions.understanding import understand


@pytest.mark.parametrize(("question", "edge"), [
    ("What spleen volume is the upper limit of mild splenomegaly?", "upper"),
    ("Up to what splenic volume is splenomegaly still graded mild?", "upper"),
    ("At what volume is the spleen no longer mildly enlarged?", "upper"),
    ("Above what splenic volume is splenomegaly graded severe?", "lower"),
    ("What is the minimum spleen volume for moderate splenomegaly?", "lower"),
    ("From what volume does moderate splenomegaly start?", "lower"),
    ("What are the lower limit and the upper limit of mild splenomegaly?", "both"),
    ("How is mild splenomegaly defined by volume?", None),
])
def test_the_edge_asked_is_in_the_intent(question: str, edge: str | None) -> None:
    assert understand(question).cutoff_edge == edge


@pytest.mark.parametrize(("edge", "expected"), [("upper", "500 mL"), ("lower", "314.5 mL"), ("both", None)])
def test_the_reasoner_takes_the_edge_from_the_intent_not_the_words(edge: str, expected: str | None) -> None:
    entry = shared_base().get("dtvqa-spleen-volume-grade")
    said = bare_cutoff("Which spleen volume bounds mild splenomegaly?", entry, edge)  # the words name no edge
    assert (said.split(" (")[0] if said else None) == expected
