"""A range where one value is asked ("1-3 lesions, the largest about 1-2 cm") is an abstention, not an answer.

Varied over the quantity asked (count, diameter, volume), organ, unit and range wording; a change "from
A to B", a study date and a cited band's own limits are not ranges of the value asked.
"""

from __future__ import annotations

import pytest

from agents.review_checks.base import ReviewInput
from agents.review_checks.meaning import substance
from core.case import Answer
from knowledge import shared_base
from questions.understanding import understand
from tests.agents.reasoning_cases import Question, review_of, solve


class AsWritten(Question):
    def intent(self):  # noqa: ANN201 - Intent
        return understand(self.question, self.choices)


ASKED = [
    ("How many liver lesions are there?", "{a}-{b} lesions", 1, 3),
    ("How many pancreatic lesions are there?", "between {a} and {b} lesions", 1, 2),
    ("What is the longest diameter of the largest liver lesion?", "about {a}–{b} cm", 3, 4),
    ("What is the volume of the spleen?", "{a} to {b} mL", 400, 450),
    ("What is the longest diameter of the pancreatic lesion in mm?", "{a}-{b} mm", 20, 25),
]


@pytest.mark.parametrize(("question", "wording", "low", "high"), ASKED, ids=[a[0] for a in ASKED])
def test_a_range_for_a_value_is_not_an_answer(question: str, wording: str, low: int, high: int) -> None:
    q = AsWritten("", question)
    intent, answer, evidence = solve(q)
    assert answer is not None
    assert review_of(q, intent, answer, evidence).consistent, answer.text
    rest = answer.text.split(".", 1)[1] if "." in answer.text else ""
    vague = answer.model_copy(update={"text": wording.format(a=low, b=high) + "." + rest})
    checks = {c.name: c for c in review_of(q, intent, vague, evidence).checks}
    assert not checks["substance"].passed, vague.text


@pytest.mark.parametrize("text", [
    "The spleen grew from 125.0 mL to 396.6 mL since 2026-03-10.",
    "271.6 mL (+217.3 %) since the prior CT of 2026-03-10.",
])
def test_a_change_from_a_to_b_and_a_date_are_not_ranges(text: str) -> None:
    question = "How has the spleen volume changed since the prior CT?"
    intent = understand(question)
    answer = Answer(text=text, evidence_ids=[], backend="hand-built")
    subject = ReviewInput(question=question, choices=None, intent=intent, answer=answer, evidence=[],
                          base=shared_base(), track="abdomen_ct")
    assert substance(subject).passed, text
