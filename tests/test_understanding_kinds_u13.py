"""Question understanding: the kinds of the session-13 held-out set's misses (issue 11), each fixed as a kind of frame
(`questions.gates_frame`, `questions.rules.explains_finding`, `questions.cues.FULL_REPORT`) and varied here by organ,
side, wording and options so that the rule passes, not the instance; and understand13's own phrasings
(tests/data/own/questions_own_u13.yaml, written and labelled by hand before any run), tuned on their even half while
the odd half was held back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from questions.rules import explains_finding
from questions.understanding import Understanding, default_understanding

OWN = Path(__file__).parent / "data" / "own" / "questions_own_u13.yaml"


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize(("question", "task"), [
    ("Explain which kidney is smaller in this patient.", "kidney volume comparison"),
    ("Could you explain whether the spleen is enlarged?", "splenomegaly detection"),
    ("Explain the severity of the hepatic steatosis on this CT.", "hepatic steatosis grading"),
    ("Explain whether there is portal hypertension on this study.", "portal hypertension assessment"),
    ("Explain what the largest liver lesion's diameter is.", "largest lesion diameter"),
    ("Explain what portal hypertension is.", "knowledge question"),
    ("Explain the definition of pancreatic steatosis.", "knowledge question"),
    ("Explain how splenomegaly is graded.", "knowledge question"),
])
def test_explain_about_this_patients_finding_is_not_a_knowledge_question(reader: Understanding, question: str,
                                                                        task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("low", "finding"), [
    ("explain which kidney is bigger", True),
    ("explain the grade of the splenomegaly", True),
    ("explain whether the ct supports portal hypertension", True),
    ("explain the criteria for splenomegaly", False),
    ("explain what a bosniak iif cyst means", False),
    ("explain the difference between pdac and pnet", False),
])
def test_explains_finding(low: str, finding: bool) -> None:
    assert explains_finding(low) == finding


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("The dominant pancreatic lesion is largest on slice 88, isn't it?", "largest lesion slice", "pancreas"),
    ("Four lesions are in segment 2, right?", "lesion count by location", "liver"),
    ("There is one cyst in the pancreatic head, correct?", "lesion count by location", "pancreas"),
    ("The tumour in the pancreas is borderline resectable, right?", "pancreatic lesion resectability", "pancreas"),
    ("The left kidney lesion looks malignant, doesn't it?", "renal mass characterization", "kidney_left"),
    ("The biggest kidney lesion is around 40 HU below the kidney, correct?", "tumor organ HU difference", "kidney"),
])
def test_a_statement_to_confirm_asks_what_it_states(reader: Understanding, question: str, task: str, organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("No cyst in either kidney, right?", "kidney cyst existence", "kidney"),
    ("There is no mass in the pancreas, correct?", "pancreatic lesion existence", "pancreas"),
])
def test_an_absence_to_confirm_stays_an_existence_question(reader: Understanding, question: str, task: str,
                                                           organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ, intent.negated) == (task, organ, True)


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("IMPRESSION: pancreatic lesions (total n = ___)", "lesion counting", "pancreas"),
    ("Liver, segment 4a: lesions (n = ____)", "lesion count by location", "liver"),
    ("right kidney ___ left kidney (<, >, =) in volume", "kidney volume comparison", "kidney"),
])
def test_a_template_blank_asks_what_the_template_names(reader: Understanding, question: str, task: str,
                                                        organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize("question", [
    "complete CT abdomen read, please",
    "Could you go through my entire scan and explain what you find?",
    "I'd like a comprehensive interpretation of this study.",
])
def test_a_full_read_in_other_words_is_the_report(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == "report"


@pytest.mark.parametrize(("question", "task"), [
    ("A liver attenuation under 40 HU is a common cutoff; is the liver fatty here?", "fatty liver"),
    ("A P/S ratio below 0.7 is one definition; is the pancreas fatty?", "pancreatic steatosis"),
    ("The spleen is only a reference - is the liver steatotic?", "fatty liver"),
    ("Liver attenuation: what is it in HU?", "organ HU measurement"),  # a value asked stays a value
])
def test_a_stated_cutoff_is_given_and_the_category_asked(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("PDAC → T?", "pancreatic tumor staging", "pancreas"),
    ("portal venous system => hypertension?", "portal hypertension assessment", "liver"),
    ("Sort the liver segments by tumour volume and give the first.", "inter-segment comparison", "liver"),
    ("As a textbook value, what is the normal liver attenuation on unenhanced CT?", "knowledge question", "liver"),
    ("Which kidney volume is commonly quoted as the lower limit of normal?", "knowledge question", "kidney"),
])
def test_arrows_orders_and_textbook_frames(reader: Understanding, question: str, task: str, organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "task"), [
    ("Before the Whipple: which organ is the pancreatic head mass abutting?", "adjacent organ"),
    ("Is the largest spot on my pancreas darker than the pancreas around it?", "largest lesion attenuation"),
    ("The lesions look alike; is one of them an outlier in size?", "lesion outlier"),
    ("kidneys differ in volume much?", "bilateral kidney asymmetry"),
    ("Left kidney tumour count?", "lesion counting"),
    ("Which kidney is bigger, or do they not differ?", "kidney volume comparison"),  # which one asked: the comparison
    ("Spleen 300 mL. By how many mL do the two kidneys differ?", "kidney volume comparison"),  # how much: the values
    ("What is the size difference between the kidneys in mL?", "kidney volume comparison"),
])
def test_lay_and_terse_singles(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


def test_own_phrasings_tuned_and_held_back_halves(reader: Understanding) -> None:
    """understand13's own phrasings of the eight kinds (68): the even half tuned on (task 0.529 -> 1.000), the odd half
    held back (task 0.559 -> 0.971; left: "Right kidney: number of lesions?", read as a count by location)."""
    records = yaml.safe_load(OWN.read_text())["questions"]
    assert len(records) == 68
    for half, floor in ((0, 1.0), (1, 0.97)):
        part = records[half::2]
        task = sum(reader.understand(r["q"]).task == r["task"] for r in part) / len(part)
        assert task >= floor, (half, task)
