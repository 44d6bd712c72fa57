"""Session 32's understanding kinds (question set AJ's misses, tuned on after its first score), each varied in our own
words: yes/no options written into the question in any format ("A. Yes B. No", "1) yes 2) no", "- present - absent")
and answer formats ('{"pnet": true} or {"pnet": false}', "true/false", "No prose") negate nothing; a benchmark's
"Answer with ONLY the single letter" instruction is no part of the question; laboratory values, appointments in other
languages, administrative letters, chemotherapy drugs and other studies (a mammogram) are out of scope; a preliminary
or wet read of the study is the report; real words typed for question words ("how manny", "witch kidny") are read;
"How is X T-staged", "What does X refer to" and "en général" ask the rule in general; a symptom's history with its
time ("she had blood in her stool last month") names no earlier study."""

from __future__ import annotations

import pytest

from questions.polarity import is_negated
from questions.understanding import understand


@pytest.mark.parametrize("question", [
    "Is there a liver lesion? A. Yes B. No",
    "Splenomegaly present? 1) yes 2) no",
    "KIDNEY CYST? A. YES B. NO",
    "Pancreatic lesion on this scan: - present - absent",
    "Colon tumour? - yes - no",
    'Detect a kidney tumour. Output {"kidney_tumor": true} or {"kidney_tumor": false}, nothing else.',
    'Return JSON {"pdac": true/false}. No prose.',
    "Is there a PNET? Answer with ONLY the single letter (A or B).",
])
def test_offered_answers_and_formats_negate_nothing(question: str) -> None:
    assert is_negated(question) is False


@pytest.mark.parametrize("question", [
    "Is the liver free of lesions? A. Yes B. No",
    "Is the spleen of normal size? 1) yes 2) no",
    "Can a kidney tumour be excluded? - yes - no",
])
def test_a_negated_question_stays_negated_with_its_options(question: str) -> None:
    assert is_negated(question) is True


@pytest.mark.parametrize(("question", "choices", "task"), [
    ("Does the patient have a PNET? A. Yes B. No Answer with ONLY the single letter (A or B).",
     {"A": "Yes", "B": "No"}, "PNET existence"),
    ("Is the spleen enlarged? Answer with only one letter.", {"A": "Yes", "B": "No"}, "splenomegaly detection"),
])
def test_a_letter_instruction_is_no_part_of_the_question(question: str, choices: dict, task: str) -> None:
    assert understand(question, choices).task == task


@pytest.mark.parametrize("question", [
    "What is her sodium today?",
    "Potassium level before the contrast run?",
    "¿Cuándo es la próxima cita del paciente?",
    "Quand est le prochain rendez-vous ?",
    "Please draft a prior authorisation letter for the insurer.",
    "Should she switch from FOLFOX to another regimen after this scan?",
    "Is gemcitabine still the right drug?",
    "What BI-RADS category does the mammogram get?",
])
def test_labs_appointments_letters_drugs_and_other_studies_are_out_of_scope(question: str) -> None:
    assert understand(question).task == "out of scope"


@pytest.mark.parametrize("question", [
    "Preliminary read of the whole study please.",
    "Trauma bay, 30 F. Wet read of this CT?",
    "Quick read of the abdominal CT, please.",
])
def test_a_preliminary_read_is_the_report(question: str) -> None:
    assert understand(question).task == "report"


@pytest.mark.parametrize(("question", "task"), [
    ("how manny spots are on the kidneys", "lesion counting"),
    ("how meny lesions in the liver?", "lesion counting"),
    ("witch kidny is biger", "kidney volume comparison"),
])
def test_real_words_typed_for_question_words_are_read(question: str, task: str) -> None:
    assert understand(question).task == task


@pytest.mark.parametrize("question", [
    "How is pancreatic cancer T-staged under AJCC?",
    "How are pancreatic adenocarcinomas T-staged by size?",
    "What does Couinaud segment 7 refer to?",
    "Qu'est-ce qu'une splénomégalie, en général ?",
])
def test_a_rule_asked_in_general_is_a_knowledge_question(question: str) -> None:
    assert understand(question).task == "knowledge question"


@pytest.mark.parametrize(("question", "task"), [
    ("Anything growing in his colon? He had rectal bleeding two weeks ago.", "colon lesion existence"),
    ("Is there a liver lesion? She noticed pain in her right side last month.", "liver lesion existence"),
    ("She had a CT last month; has the liver lesion grown?", "lesion change"),
])
def test_a_symptom_history_names_no_earlier_study(question: str, task: str) -> None:
    assert understand(question).task == task
