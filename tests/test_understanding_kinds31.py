"""Session 31's understanding kinds (question set AH's misses, tuned on after its first score), each varied in our own
words: a disease name asked alone is whether it is there (and the spelling corrector no longer turns "hepatoma" into
"hepatomegaly"); an organ named only as a reference is not the one asked; a trial's response asked without a prior
named is RECIST's; "panc res?" and "cT" are resectability and the clinical T stage; lesion volume compared across
organs is the burden comparison; a kidney lesion count split by side is a count by location; the time of day, an
HbA1c and a neurological disease are out of scope; a resectability question's stated premises are carried."""

from __future__ import annotations

import pytest

from questions.understanding import understand


@pytest.mark.parametrize(("question", "task"), [
    ("Hepatoma?", "liver lesion existence"),
    ("HCC? Known cirrhosis, AFP rising.", "liver lesion existence"),
    ("Hypernephroma? Haematuria for two weeks.", "kidney tumor existence"),
    ("RCC?", "kidney tumor existence"),
    ("Insulinoma? Recurrent hypoglycaemia.", "PNET existence"),
    ("Gastrinoma?", "PNET existence"),
    ("Is er een neuro-endocriene tumor in de alvleesklier?", "PNET existence"),
    ("How big is the hepatoma?", "largest lesion diameter"),
    ("Is there hepatomegaly?", "organ enlargement"),
])
def test_a_disease_named_alone_asks_whether_it_is_there(question: str, task: str) -> None:
    assert understand(question).task == task


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Relative to the liver, is the spleen enlarged?", "splenomegaly detection", "spleen"),
    ("Compared with the liver, is the spleen big?", "splenomegaly detection", "spleen"),
    ("In comparison with the spleen, is the liver fatty?", "fatty liver", "liver"),
    ("Against the liver as reference, is the pancreas fatty?", "pancreatic steatosis", "pancreas"),
])
def test_an_organ_named_only_as_a_reference_is_not_the_one_asked(question: str, task: str, organ: str) -> None:
    intent = understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "task"), [
    ("Tumour response assessment for the trial, please.", "recist response"),
    ("Objective response category?", "recist response"),
    ("panc res?", "pancreatic lesion resectability"),
    ("Panc. res - SMA?", "pancreatic lesion resectability"),
    ("cT for the panc lesion?", "pancreatic tumor staging"),
    ("cT stage of the pancreatic mass, please", "pancreatic tumor staging"),
    ("Compare total lesion volume across liver, kidneys and pancreas.", "multi-organ lesion burden comparison"),
    ("Between the liver and the pancreas, where is the tumour volume larger?", "multi-organ lesion burden comparison"),
    ("Number of kidney lesions on the left vs on the right?", "lesion count by location"),
    ("Breakdown of renal cysts by side, please.", "lesion count by location"),
    ("How many kidney lesions in total?", "lesion counting"),
])
def test_these_wordings_ask_their_task(question: str, task: str) -> None:
    assert understand(question).task == task


@pytest.mark.parametrize("question", [
    "Wie spät ist es?",
    "What time is the next scan?",
    "What was the HbA1c last month?",
    "Does the patient have Alzheimer's disease?",
    "Any sign of Parkinson's disease?",
])
def test_what_no_abdominal_ct_answers_is_out_of_scope(question: str) -> None:
    assert understand(question).task == "out of scope"


@pytest.mark.parametrize("question", [
    "Is the CT for the pancreas enough to see a lesion?",
    "At what time point was the liver lesion largest?",
])
def test_ct_and_time_words_beside_a_finding_stay_in_scope(question: str) -> None:
    assert understand(question).task != "out of scope"


@pytest.mark.parametrize("question", [
    "Relative to the liver, is the spleen large? I want to know if there's splenomegaly, not its grade.",
    "Is there splenomegaly? Not the grade, just yes or no.",
    "Is the spleen enlarged (not asking for the grade)?",
    "Splenomegaly present - not the severity, only whether?",
])
def test_what_a_question_puts_aside_is_neither_asked_nor_a_negation(question: str) -> None:
    intent = understand(question)
    assert (intent.task, intent.negated) == ("splenomegaly detection", False)


@pytest.mark.parametrize(("question", "task"), [
    ("Milzvergrößerung?", "splenomegaly detection"),
    ("Vergrößerte Leber?", "organ enlargement"),
    ("Nierenzyste rechts?", "kidney cyst existence"),
    ("Kidney cyst right?", "kidney cyst existence"),
    ("Renal tumour left?", "kidney tumor existence"),
    ("Pancreatic mass?", "pancreatic lesion existence"),
    ("Welke organen raakt de grootste leverlaesie?", "adjacent organ"),
])
def test_a_finding_named_alone_in_any_language_asks_whether_it_is_there(question: str, task: str) -> None:
    assert understand(question).task == task


@pytest.mark.parametrize(("question", "task", "negated"), [
    ("Is the liver free of focal lesions? Answer whether a liver lesion exists.", "liver lesion existence", False),
    ("Are the kidneys lesion-free? Reply whether any kidney lesion is present.", "kidney lesion existence", False),
    ("Can a renal mass or cyst be seen in the kidneys?", "kidney lesion existence", False),
    ("Is there a pancreatic cyst or tumour present?", "pancreatic lesion existence", False),
    ("Is the renal lesion a cyst or a solid mass?", "lesion type classification", False),
])
def test_what_the_question_says_its_yes_means_and_either_kind_present(question: str, task: str, negated: bool) -> None:
    intent = understand(question)
    assert (intent.task, intent.negated) == (task, negated)
