"""Multi-part questions: every part answered with its own evidence, the first part included.

Found on the independent reviewer sets: "Is the spleen enlarged, and is the liver fatty?" answered on
the liver alone, "How many liver lesions are there and which segment holds the largest?" answered with
the segment alone. The guideline reasoner answers every part (each on its own organ); an answer made of
one part only is flagged, whichever part it keeps and in whichever order the question asks them.
"""

from __future__ import annotations

import pytest

from core.case import Answer
from core.state import Intent
from questions.understanding import understand
from tests.agents.reasoning_cases import Question, review_of, solve

SPLEEN, FAT, LIVER_VOLUME, PANCREAS_VOLUME = ("dtvqa-splenomegaly-detection", "dtvqa-fatty-liver",
                                              "dtvqa-liver-volume", "dtvqa-pancreas-volume")


class AsWritten(Question):
    """A question understood from its words alone (no subtype hint), as `clinorch review` reads it."""

    def intent(self) -> Intent:
        return understand(self.question, self.choices)


TWO_PARTS = [
    ("Is the spleen enlarged, and is the liver fatty?", "Is the spleen enlarged?", "Is the liver fatty?", (SPLEEN, FAT)),
    ("Is the liver fatty, and is the spleen enlarged?", "Is the liver fatty?", "Is the spleen enlarged?", (SPLEEN, FAT)),
    ("Is the pancreas enlarged, and is the spleen enlarged?", "Is the pancreas enlarged?", "Is the spleen enlarged?",
     (PANCREAS_VOLUME, SPLEEN)),
    ("Is the liver enlarged, and how many liver lesions are there?", "Is the liver enlarged?",
     "How many liver lesions are there?", (LIVER_VOLUME,)),
    ("How many liver lesions are there and which segment contains the largest?", "How many liver lesions are there?",
     "Which segment contains the largest liver lesion?", ()),
    ("How many pancreatic lesions are there, and what is the longest diameter of the largest?",
     "How many pancreatic lesions are there?", "What is the longest diameter of the largest pancreatic lesion?", ()),
]


@pytest.mark.parametrize(("question", "first", "second", "criteria"), TWO_PARTS, ids=[q for q, *_ in TWO_PARTS])
def test_an_answer_to_one_part_of_two_is_flagged(question: str, first: str, second: str,
                                                 criteria: tuple[str, ...]) -> None:
    whole = AsWritten("", question, None, criteria)
    intent, answer, evidence = solve(whole)
    assert intent.parts, question
    assert answer is not None
    verdict = review_of(whole, intent, answer, evidence)
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]
    for alone in (first, second):
        _, part_answer, _ = solve(AsWritten("", alone, None, criteria))
        assert part_answer is not None, alone
        dropped = Answer(text=part_answer.text, evidence_ids=part_answer.evidence_ids, backend="hand-built")
        checks = {c.name: c for c in review_of(whole, intent, dropped, evidence).checks}
        assert not checks["parts"].passed, (question, alone, dropped.text)


def test_a_measured_lesion_size_answers_whether_the_lesion_exists() -> None:
    """ "Is there a pancreatic mass, and if so how big?" answered "23.3 mm" says the mass exists."""
    whole = AsWritten("", "Is there a pancreatic mass, and if so what is its longest diameter?", None,
                      ("dtvqa-lesion-existence",))
    intent, _, evidence = solve(whole)
    size = next(e for e in evidence if e.id == "measurement:pancreas_lesion:largest_lesion_diameter_mm")
    answer = Answer(text=f"{size.value:.1f} mm. pancreas lesion largest lesion diameter {size.value:.1f} mm",
                    evidence_ids=[size.id], backend="hand-built")
    checks = {c.name: c for c in review_of(whole, intent, answer, evidence).checks}
    assert checks["parts"].passed, checks["parts"].reason


REFERRING_BACK = [
    ("What is the mean HU of the liver and what steatosis grade does it correspond to?", "hepatic steatosis grading",
     ("dtvqa-hepatic-steatosis-grade",)),
    ("What is the spleen volume, and what grade of splenomegaly does that correspond to?", "splenomegaly grading",
     ("dtvqa-spleen-volume-grade",)),
    ("What is the longest diameter of the pancreatic lesion, and which T stage does that correspond to?",
     "pancreatic tumor staging", ("ajcc8-pancreas-t",)),
]


@pytest.mark.parametrize(("question", "part", "criteria"), REFERRING_BACK, ids=[q for q, *_ in REFERRING_BACK])
def test_a_further_part_referring_back_is_about_this_patient(question: str, part: str,
                                                             criteria: tuple[str, ...]) -> None:
    """ "..., and what grade does it correspond to?" asks this patient's grade, not the rule: the part is planned,
    the reasoner answers both, and the measurement alone is flagged."""
    whole = AsWritten("", question, None, criteria)
    intent, answer, evidence = solve(whole)
    assert part in intent.parts, (question, intent.task, intent.parts)
    assert answer is not None
    verdict = review_of(whole, intent, answer, evidence)
    assert verdict.consistent, (answer.text, [(c.name, c.reason) for c in verdict.checks if not c.passed])
    first = answer.text.split(". ", 1)[0] + "."
    ids = [i for i in answer.evidence_ids if i.startswith("measurement")][:1]
    alone = Answer(text=first, evidence_ids=ids, backend="hand-built")
    checks = {c.name: c for c in review_of(whole, intent, alone, evidence).checks}
    assert not checks["parts"].passed, alone.text


def test_a_general_rule_asked_as_a_further_part_stays_a_knowledge_question() -> None:
    intent = understand("What is the spleen volume, and what is the threshold for splenomegaly in general?")
    assert "splenomegaly detection" not in intent.parts and "splenomegaly grading" not in intent.parts
