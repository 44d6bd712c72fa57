"""Understanding kinds suite Z (session 23's independent DeepTumorVQA-format suite) showed, varied in our own words:
a grade or stage of this case asked "by ... criteria" is the patient's category (suite Z: "What is the hepatic
steatosis grade (G0-G3) by CT attenuation criteria?" was answered as a knowledge question, 9 abstentions), while the
rule's own threshold or definition stays a knowledge question; a structure's own name in a listed value
("gall_bladder") is that structure, not a bladder."""

from __future__ import annotations

import pytest

from questions.intents import extract
from questions.understanding import understand


@pytest.mark.parametrize(("question", "task"), [
    ("What is the hepatic steatosis grade (G0-G3) by CT attenuation criteria?", "hepatic steatosis grading"),
    ("Which steatosis grade applies here per the attenuation criteria?", "hepatic steatosis grading"),
    ("What is the splenomegaly grade per the volumetric criteria?", "splenomegaly grading"),
    ("What is the severity of splenomegaly using volume criteria?", "splenomegaly grading"),
    ("What is the AJCC T stage of the pancreatic mass by AJCC 8th edition criteria?", "pancreatic tumor staging"),
    ("What is the steatosis grade threshold for G2 by attenuation criteria?", "knowledge question"),
    ("What is the definition of grade 3 steatosis by CT criteria?", "knowledge question"),
    ("What are the criteria for moderate splenomegaly?", "knowledge question"),
])
def test_a_grade_asked_by_its_criteria(question: str, task: str) -> None:
    assert understand(question).task == task


@pytest.mark.parametrize(("text", "organs"), [
    ("adjacent organs colon, gall_bladder, kidney_left", ["colon", "gall_bladder", "kidney"]),
    ("in contact with the gall_bladder", ["gall_bladder"]),
    ("urinary bladder wall", ["bladder"]),
])
def test_a_structures_own_name_in_a_listed_value(text: str, organs: list[str]) -> None:
    assert [str(o) for o in extract(text).organs][:len(organs)] == organs
