"""A question about a rule in general versus a question about this patient's image (knowledge routing)."""

from __future__ import annotations

import pytest

from questions.understanding import Understanding, default_understanding

KNOWLEDGE = "knowledge question"


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize("adverb", ["Typically,", "In general,", "Usually,", "As a rule,"])
@pytest.mark.parametrize(("question", "organ"), [
    ("does a hyperenhancing pancreatic mass suggest PDAC or PNET?", "pancreas"),
    ("is a renal lesion below 20 HU a simple cyst?", "kidney"),
    ("what spleen volume counts as enlarged?", "spleen"),
])
def test_a_generic_adverb_asks_the_rule(reader: Understanding, adverb: str, question: str, organ: str) -> None:
    intent = reader.understand(f"{adverb} {question}")
    assert (intent.task, intent.organ) == (KNOWLEDGE, organ), intent


@pytest.mark.parametrize(("question", "organ"), [
    ("On CT, what does a caudate-to-right-lobe ratio above 0.65 suggest?", "liver"),
    ("What does a liver-to-spleen attenuation ratio below 0.8 indicate?", "liver"),
    ("What does a pancreas-to-spleen ratio under 0.7 imply?", "pancreas"),
    ("What does a left-to-right kidney volume ratio of 1.3 mean?", "kidney"),
])
def test_a_value_with_an_indefinite_article_asks_the_rule(reader: Understanding, question: str, organ: str) -> None:
    intent = reader.understand(question)
    assert intent.task == KNOWLEDGE, intent
    assert intent.organ is not None and intent.organ.startswith(organ), intent


@pytest.mark.parametrize(("question", "task"), [
    # the same words about this patient are not a knowledge question
    ("Does the hyperenhancing pancreatic mass in this patient suggest PDAC or PNET?", "PDAC vs PNET classification"),
    ("Does this patient's caudate-to-right-lobe ratio suggest portal hypertension?", "portal hypertension assessment"),
    ("Name the organ next to the largest liver tumour.", "adjacent organ"),
    ("Name the structure bordering the dominant pancreatic tumour.", "adjacent organ"),
    ("Name the criteria for splenomegaly.", KNOWLEDGE),
    ("List the grades of hepatic steatosis.", KNOWLEDGE),
])
def test_patient_questions_stay_about_the_patient(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "organ"), [
    # a knowledge question naming a condition but no organ is about the condition's organ
    ("What CT signs suggest portal hypertension in general?", "liver"),
    ("How is splenomegaly graded?", "spleen"),
    ("What is the threshold for hepatomegaly?", "liver"),
    ("How is tumour burden percentage calculated?", None),
])
def test_knowledge_questions_name_the_organ_of_their_condition(reader: Understanding, question: str,
                                                               organ: str | None) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (KNOWLEDGE, organ), intent
