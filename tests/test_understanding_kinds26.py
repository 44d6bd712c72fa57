"""Session 26's understanding kinds (question set AC's misses, scored once before any tuning), each varied in our own
words: Dutch and Italian questions (and the Dutch organ glued to its noun, "niercysten"), Italian "e" is "and", not
"is"; what no task answers (vital signs, genetics, a knee, the brain, which medication); two parts of one organ compared
by their own sizes; a word or category asked for its meaning.
"""

from __future__ import annotations

import pytest

from questions.multilingual import english_question
from questions.understanding import understand


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Zijn er levercysten of leverlaesies?", "liver lesion existence", "liver"),
    ("Hoeveel nierlaesies zijn er?", "lesion counting", "kidney"),
    ("Hoe groot is het miltvolume?", "organ volume measurement", "spleen"),
    ("Is er een tumor in de alvleesklier?", "pancreatic lesion existence", "pancreas"),
    ("Quante cisti renali ci sono?", "lesion counting", "kidney"),
    ("C'è una splenomegalia?", "splenomegaly detection", "spleen"),
    ("Il volume del fegato?", "organ volume measurement", "liver"),
    ("Ci sono lesioni pancreatiche?", "pancreatic lesion existence", "pancreas"),
])
def test_dutch_and_italian_questions(question: str, task: str, organ: str) -> None:
    intent = understand(question)
    assert (intent.task, intent.organ) == (task, organ), (question, english_question(question), intent.task, intent.organ)


def test_italian_e_joins_two_organs() -> None:
    assert "spleen and pancreas" in english_question("Somma dei volumi di fegato, milza e pancreas?")


@pytest.mark.parametrize("question", [
    "What was her heart rate during the scan?",
    "Is there a subdural haematoma? Check the intracranial compartment.",
    "Meniscal tear in the left knee?",
    "KRAS mutation status from imaging?",
    "Which medications should he stop before surgery?",
    "Welche Medikamente soll sie nehmen?",
    "Is the blood pressure controlled?",
])
def test_what_no_task_answers_is_out_of_scope(question: str) -> None:
    assert understand(question).task == "out of scope", (question, understand(question).task)


@pytest.mark.parametrize("question", [
    "Blood pressure 160/95; is the left kidney smaller than the right?",
    "KRAS-mutant PDAC known; what is the T stage of the pancreatic tumour?",
])
def test_context_words_keep_an_image_question_in_scope(question: str) -> None:
    assert understand(question).task != "out of scope", question


@pytest.mark.parametrize("question", [
    "Compare the volume of the pancreatic body with that of the head.",
    "Is segment 2 larger than segment 3 by volume?",
    "Is the pancreatic head shrunken relative to the tail, by volume?",
    "胰体和胰尾哪个部分体积最大？",
])
def test_two_parts_compared_by_their_own_size(question: str) -> None:
    assert understand(question).task == "inter-segment comparison", (question, understand(question).task)


@pytest.mark.parametrize("question", [
    "What does 'isoattenuating' mean?",
    "What does the term hyperattenuating refer to?",
    "Definition of splenomegaly?",
    "Was ist die Definition einer Fettleber?",
    "What is a Bosniak IIF lesion?",
])
def test_a_word_asked_for_its_meaning_is_knowledge(question: str) -> None:
    assert understand(question).task == "knowledge question", (question, understand(question).task)


@pytest.mark.parametrize("question", [
    "What does hypoattenuating mean for the lesion in this patient's liver?",
    "Is the liver hypoattenuating here?",
    "What do you get when you divide the mean density of the pancreas by that of the spleen?",
])
def test_this_patients_finding_is_not_a_definition(question: str) -> None:
    assert understand(question).task != "knowledge question", question
