"""The scrubber leaves clinical questions alone: no organ, sign, unit or grade becomes a placeholder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from privacy.deid import scrub_text

DATA = Path(__file__).resolve().parents[1] / "data"
QUESTION_FILES = [
    DATA / "questions_dev.yaml",
    DATA / "fresh" / "questions_fresh_A.yaml",
    DATA / "fresh" / "questions_fresh_B.yaml",
]
"""The development questions and two sets written by people who never saw the scrubber."""


def _questions(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [
            q
            for k, v in node.items()
            for q in ([v] if k in ("q", "question") and isinstance(v, str) else _questions(v))
        ]
    if isinstance(node, list):
        return [q for v in node for q in _questions(v)]
    return []


def test_benchmark_style_questions_are_not_changed() -> None:
    questions = [q for path in QUESTION_FILES for q in _questions(yaml.safe_load(path.read_text()))]
    assert len(questions) >= 600
    changed = [(q, out) for q in questions if (out := scrub_text(q).text) != q]
    assert not changed, changed[:5]


def test_sentence_openers_and_units_are_not_names_but_possessives_are() -> None:
    for text in ["Splenomegaly severity?", "Liver HU?", "Hepatomegaly?", "Creatinine 1.8 mg/dL today."]:
        assert scrub_text(text).text == text
    assert scrub_text("Ahmed's pain radiates to the groin.").text.startswith("[NAME]'s pain")
    assert "Gonzalez" not in scrub_text("Maria Gonzalez reports pain.").text
