"""Session 25's understanding kinds (reviewer set 23's pipeline finding and question set AB's misses), each varied in
our own words: which kidney holds the lesion a question names, lesions counted again at follow-up, lay words for a
cyst, what no task answers (an aneurysm's size, the lung bases, a booking), a describing word that sounds like an
organ, and the European and Chinese words AB used.
"""

from __future__ import annotations

import pytest

from questions.understanding import understand

SIDES = {"A": "Left kidney", "B": "Right kidney", "C": "Both kidneys", "D": "Neither"}


@pytest.mark.parametrize(("question", "kind"), [
    ("On which side is the renal tumor?", "tumor"),
    ("In which kidney is the renal tumour?", "tumor"),
    ("Is the kidney tumor on the left or right?", "tumor"),
    ("Is the renal tumor left or right sided?", "tumor"),
    ("Which kidney has the cyst?", "cyst"),
    ("The renal cyst: left or right?", "cyst"),
    ("Which side is the kidney mass on?", None),
    ("Which kidney harbours the lesion?", None),
])
@pytest.mark.parametrize("choices", [SIDES, None])
def test_the_side_of_a_named_lesion_is_its_location(question: str, kind: str | None, choices: dict | None) -> None:
    intent = understand(question, choices)
    assert (intent.task, intent.lesion) == ("largest lesion location", "kidney_lesion"), (question, intent.task)
    assert intent.lesion_kind == kind, (question, intent.lesion_kind)


@pytest.mark.parametrize("question", ["Which kidney is larger?", "Which kidney is bigger by volume, left or right?",
                                      "Is one kidney smaller than the other?"])
def test_a_kidney_size_question_is_still_a_size_question(question: str) -> None:
    assert understand(question).task in ("kidney volume comparison", "bilateral kidney asymmetry"), question


@pytest.mark.parametrize("question", [
    "Prior CT counted 3 liver lesions. Are there new ones now?",
    "Any new liver lesions since the prior CT?",
    "¿Han aparecido nuevas lesiones hepáticas respecto al estudio anterior?",
    "Gibt es neue Leberläsionen im Vergleich zur Voruntersuchung?",
])
def test_lesions_counted_again_are_a_lesion_change(question: str) -> None:
    intent = understand(question)
    assert (intent.task, intent.organ) == ("lesion change", "liver"), (question, intent.task)


@pytest.mark.parametrize(("question", "organ"), [
    ("Does my kidney have those little water bubbles (cysts)?", "kidney"),
    ("Is there a fluid-filled sac on my kidney?", "kidney"),
])
def test_lay_words_for_a_cyst(question: str, organ: str) -> None:
    intent = understand(question)
    assert (intent.task, intent.organ) == ("kidney cyst existence", organ), (question, intent.task)


@pytest.mark.parametrize("question", [
    "Is the AAA bigger than 5.5 cm? Need it for the vascular referral.",
    "Lung bases -- any nodules?",
    "Can you book me an MRI for next week?",
])
def test_what_no_task_answers_is_out_of_scope(question: str) -> None:
    assert understand(question).task == "out of scope", question


def test_a_describing_word_is_no_organ_misheard() -> None:
    intent = understand("Mass with a clean SMA and coeliac axis -- which resectability category?")
    assert (intent.task, intent.organ) == ("pancreatic lesion resectability", "pancreas"), intent
    assert understand("Is there a mass in the coal on?").organ == "colon"  # a misheard organ is still read


@pytest.mark.parametrize(("question", "task"), [
    ("肝脏有没有占位？", "liver lesion existence"),
    ("肝脏病灶是集中还是分散？", "liver lesion clustering"),
    ("Die größte Leberläsion ist auf welcher axialen Schicht am breitesten?", "largest lesion slice"),
    ("La rate est-elle augmentée de volume ?", "splenomegaly detection"),
    ("Tumor neuroendócrino pancreático presente?", "PNET existence"),
    ("Diagnóstico diferencial: ¿ADCP o TNE pancreático?", "PDAC vs PNET classification"),
    ("Quiste pancreático: ¿cirugía o vigilancia según tamaño?", "pancreatic cyst resectability"),
    ("NCCN resectability? any SMA contact > 180°?", "pancreatic lesion resectability"),
])
def test_words_of_other_languages_and_shorthand(question: str, task: str) -> None:
    assert understand(question).task == task, question
