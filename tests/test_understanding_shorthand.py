"""Kinds found on an independent phrasing set (D) after it was scored: side shorthand, tag questions, and a rule
question that opens by naming its source."""

from __future__ import annotations

import pytest

from questions.understanding import understand


@pytest.mark.parametrize(("question", "organ"), [
    ("LK cyst y/n", "kidney_left"), ("RK - any cystic lesion at all?", "kidney_right"),
    ("lk volume?", "kidney_left"), ("RK mass?", "kidney_right"), ("Any tumour in the LK?", "kidney_left"),
])
def test_kidney_side_shorthand(question: str, organ: str) -> None:
    assert understand(question).organ == organ


@pytest.mark.parametrize("tag", [", right?", ", is that right?", ", correct?", " - right?", ", isn't it right?"])
@pytest.mark.parametrize(("stem", "organ"), [("No renal cysts", "kidney"), ("No kidney cancer seen", "kidney"),
                                             ("Spleen not enlarged", "spleen"), ("Liver lesion-free", "liver")])
def test_a_tag_question_is_not_a_side(tag: str, stem: str, organ: str) -> None:
    intent = understand(stem + tag)
    assert intent.organ == organ and intent.sides == []


@pytest.mark.parametrize("question", [
    "Under RECIST 1.1, what percentage decrease qualifies as partial response?",
    "In the Bosniak classification, which category is a simple cyst?",
    "Per AJCC 8th edition, what size separates T1 from T2 pancreatic tumours?",
    "According to the LI-RADS system, what does LR-5 mean?",
])
def test_a_rule_question_opening_with_its_source(question: str) -> None:
    assert understand(question).task == "knowledge question"


@pytest.mark.parametrize(("question", "task"), [
    ("Under RECIST 1.1, what is the response compared with the prior study?", "recist response"),
    ("Per AJCC 8th edition, what is the T stage of this pancreatic tumour?", "pancreatic tumor staging"),
    ("Using the L/S ratio, is this liver fatty?", "fatty liver"),
])
def test_a_patient_question_opening_with_its_source_stays_about_the_patient(question: str, task: str) -> None:
    assert understand(question).task == task


@pytest.mark.parametrize(("question", "organ"), [
    ("Is the left kidney bigger than the right?", "kidney"), ("Any cyst on the right?", "kidney_right"),
    ("Is the lesion in the right?", None),
])
def test_a_closing_side_without_a_comma_is_still_a_side(question: str, organ: str | None) -> None:
    intent = understand(question)
    assert "right" in intent.sides
    if organ == "kidney":
        assert intent.task == "kidney volume comparison"
