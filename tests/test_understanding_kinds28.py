"""Session 28's understanding kinds (question set AC's misses, tuned on after its first score), each varied in our own
words: a lesion's kind asked "cyst or tumour?" in Portuguese, Italian, Spanish and French, where the indefinite article
("um", "una", "un", "une") is "a" and the kind's adjective follows its noun ("tumore solido"); a change "par rapport à
l'examen précédent" (the article glued to the next word had run "the" into it); a pancreatic cyst asked "pseudo or not?"
with the cyst word apart from "pseudo"."""

from __future__ import annotations

import pytest

from questions.multilingual import english_question
from questions.understanding import understand


@pytest.mark.parametrize(("question", "organ"), [
    ("A lesão pancreática é um cisto ou um tumor sólido?", "pancreas"),
    ("O nódulo renal esquerdo é um cisto ou uma massa sólida?", "kidney_left"),
    ("La lesione del pancreas è una cisti o un tumore?", "pancreas"),
    ("La lesione renale è una cisti o una massa solida?", "kidney"),
    ("¿La lesión pancreática es un quiste o un tumor sólido?", "pancreas"),
    ("La lésion pancréatique est-elle un kyste ou une tumeur solide ?", "pancreas"),
])  # fmt: skip
def test_cyst_or_tumour_asked_in_another_language_is_the_lesion_type(question: str, organ: str) -> None:
    intent = understand(question)
    assert (intent.task, intent.organ) == ("lesion type classification", organ), (english_question(question), intent)


@pytest.mark.parametrize("question", [
    "Évolution des lésions hépatiques par rapport à l'examen précédent ?",
    "Comment ont évolué les lésions du foie par rapport à l'examen antérieur ?",
    "Les lésions hépatiques ont-elles changé par rapport au scanner précédent ?",
])
def test_a_change_against_the_prior_study_in_french(question: str) -> None:
    intent = understand(question)
    assert intent.task == "lesion change", (english_question(question), intent.task)


@pytest.mark.parametrize("question", [
    "Cyst in the pancreatic tail after two bouts of pancreatitis: pseudo or not?",
    "Pancreatic head cyst - pseudo, or a true cystic neoplasm?",
    "Is that pancreatic cyst a pseudo?",
])
def test_pseudo_said_apart_from_cyst_asks_the_pseudocyst(question: str) -> None:
    assert understand(question).task == "pseudocyst determination"
