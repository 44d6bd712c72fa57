"""Question understanding: the causes behind set X's misses (session 23), each fixed as a general rule and varied here
with phrasings written for this module (other organs, orders and wordings than X's, W's or V's):

- a question asked yes/no has a polarity whatever its task: "Is the biggest renal lesion not in the upper pole?",
  "The spleen is not larger than the liver, is it?" ask the negative proposition though their task is a category;
- negations cancel in pairs in a frame that judges what follows ("It's not untrue that ...", "Is it not false that
  ..."): the frame then affirms;
- an offered presence and absence ("yes|no", "[ ] present [ ] absent") name the answer form, not a negation;
- a question wholly in another language reads more of its clinical words: a fatty organ ("graso", "Verfettung"), a
  change over time ("im Verlauf", "ha cambiado"), "no evidence of" ("kein Anhalt für"), a definition asked ("Was
  bedeutet", "¿Qué es"), resectability's grades, an outlier, "Quel rein", Portuguese "no/na" before an organ ("in the",
  not a negation), a German "oder?" tag, Chinese and Japanese sides, means, totals, portal hypertension and reports.
"""

from __future__ import annotations

import pytest

from questions.context import aside, split_context
from questions.multilingual import english_question
from questions.understanding import Understanding, default_understanding


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize(("question", "negated"), [
    ("Is the biggest renal lesion not in the upper pole?", True),
    ("The spleen is not larger than the liver, is it?", True),
    ("Is the largest pancreatic lesion not hyperattenuating?", True),
    ("Is the pancreatic mass not touching the duodenum?", True),
    ("Is the biggest renal lesion in the upper pole?", False),
    ("Is the largest pancreatic lesion hyperattenuating?", False),
])
def test_a_question_asked_yes_no_has_a_polarity_whatever_its_task(reader: Understanding, question: str,
                                                                  negated: bool) -> None:
    assert reader.understand(question).negated is negated


def test_a_question_in_general_has_no_polarity(reader: Understanding) -> None:
    assert not reader.understand("Is 12 cm a large liver lesion for anyone? Not this patient, just in general.").negated


@pytest.mark.parametrize(("question", "negated"), [
    ("It's not untrue that the pancreas has no lesion, is it?", True),
    ("Is it not false that there is no splenomegaly?", True),
    ("It is not untrue that the liver is fatty, right?", False),
    ("Is it false that the pancreas has no lesion?", False),
    ("Is it not true that the spleen is enlarged?", True),
])
def test_negations_of_a_frame_cancel_in_pairs(reader: Understanding, question: str, negated: bool) -> None:
    assert reader.understand(question).negated is negated


@pytest.mark.parametrize("question", [
    '{"question": "kidney_cyst_present", "reply": "yes|no"}',
    "Form 2, line 7 - hepatic steatosis [ ] yes [ ] no",
    "Pancreatic lesion: [x] present [ ] absent - which applies?",
])
def test_an_offered_presence_and_absence_negate_nothing(reader: Understanding, question: str) -> None:
    assert not reader.understand(question).negated


@pytest.mark.parametrize(("question", "english"), [
    ("¿Bazo graso?", "spleen fatty"),
    ("Pankreasverfettung?", "pancreas steatosis"),
    ("Zahl der Nierenläsionen im Verlauf?", "change over time"),
    ("¿Ha cambiado el tamaño del quiste renal?", "has changed"),
    ("Kein Anhalt für Milzvergrößerung?", "no evidence of"),
    ("Was bedeutet Bosniak IIF?", "what is"),
    ("¿Qué es una lesión quística?", "what is"),
    ("Massa pancreática: ressecável ou localmente avançada?", "locally advanced"),
    ("Quel rein contient le plus de kystes ?", "which kidney"),
    ("Tem alguma lesão na pâncreas?", "in the pancreas"),
    ("Keine Nierenzyste, oder?", "right?"),
    ("胰腺平均CT值？", "mean"),
    ("左肾和右肾的总体积？", "total"),
    ("門脈圧亢進はありますか？", "portal hypertension"),
])
def test_more_clinical_words_of_other_languages(question: str, english: str) -> None:
    assert english in english_question(question)


@pytest.mark.parametrize(("question", "choices", "task", "organ", "negated"), [
    ("¿Bazo agrandado? Sí o no.", None, "splenomegaly detection", "spleen", False),
    ("Nierenläsionen: Anzahl im Verlauf?", None, "lesion change", "kidney", False),
    ("Graisseux, le foie ?", None, "fatty liver", "liver", False),
    ("Hay lesión en el páncreas?", None, "pancreatic lesion existence", "pancreas", False),
    ("Existe algum cisto no rim?", None, "kidney cyst existence", "kidney", False),
    ("Keine Pankreasläsion, oder?", None, "pancreatic lesion existence", "pancreas", True),
    ("左肾的平均CT值是多少？", None, "organ HU measurement", "kidney_left", False),
    ("肝臓の平均CT値は？", None, "organ HU measurement", "liver", False),
    ("脾脏与肝脏总体积？", {"A": "< 1500 mL", "B": "1500-2000 mL", "C": "> 2000 mL"}, "organ aggregation", None, False),
])
def test_questions_in_other_languages(reader: Understanding, question: str, choices: dict[str, str] | None, task: str,
                                      organ: str | None, negated: bool) -> None:
    intent = reader.understand(question, choices)
    assert (intent.task, intent.negated) == (task, negated)
    if organ is not None:
        assert intent.organ == organ


@pytest.mark.parametrize(("question", "task"), [
    ("Is the spleen enlarged by volume? She had mononucleosis last spring; now feels well.", "splenomegaly detection"),
    ("Any pancreatic lesion? Weight loss over three months, new diabetes.", "pancreatic lesion existence"),
    ("Where is the biggest kidney cyst? (planning an aspiration next week)", "largest lesion location"),
    ("How many liver lesions? The oncologist wants to know before the next cycle of chemo.", "lesion counting"),
])
def test_a_story_told_after_the_question_is_history(reader: Understanding, question: str, task: str) -> None:
    assert split_context(question)[1] == question.split("?")[0] + "?"
    assert reader.understand(question).task == task


@pytest.mark.parametrize("question", [
    "what's the SUV of the spleen? sorry - I mean its mean CT number, not PET",
    "volume of the left kidney in mL? (the right one does not interest me)",
    "Spleen volume? By the ellipsoid formula.",
    "Is the liver lesion a cyst? Answer with one word.",
])
def test_a_correction_a_scope_or_an_instruction_after_the_question_is_no_history(question: str) -> None:
    after = question.split("?", 1)[1]
    assert not aside(after)


@pytest.mark.parametrize(("question", "task"), [
    ("Any carcinoma of the pancreas on this scan?", "PDAC existence"),
    ("Pancreatic cancer? Please check.", "PDAC existence"),
    ("Is there a neuroendocrine carcinoma in the pancreas?", "PNET existence"),
    ("Any lesion at all in the pancreas?", "pancreatic lesion existence"),
])
def test_a_pancreatic_cancer_asked_is_its_ductal_adenocarcinoma(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "negated"), [
    ("Pancreas clear of any fatty change?", True),
    ("Spleen free of focal lesions?", True),
    ("Kidneys equal in volume, without a real difference - can you confirm?", True),
    ("No pancreatic lesion. Please verify.", True),
    ("The spleen is enlarged - confirm?", False),
])
def test_a_verbless_state_or_a_confirmation_tag_is_asked_yes_no(reader: Understanding, question: str,
                                                                negated: bool) -> None:
    intent = reader.understand(question)
    assert intent.polar
    assert intent.negated is negated


@pytest.mark.parametrize("question", [
    "If it isn't too much bother, could you measure the biggest liver lesion's longest axis?",
    "If it's no trouble, can you work out the liver-to-spleen HU ratio?",
])
def test_a_request_put_as_a_question_has_no_polarity(reader: Understanding, question: str) -> None:
    assert not reader.understand(question).negated
