"""Negated yes/no questions: understanding marks their polarity (`Intent.negated`)."""

from __future__ import annotations

import pytest

from questions.understanding import is_negated, understand

NEGATED = [
    "Is the liver parenchyma free of focal masses?",
    "Is there no lesion in the pancreas?",
    "Are the kidneys free of cysts?",
    "Can a liver tumor be ruled out?",
    "Is the spleen not enlarged?",
    "Is there no evidence of a pancreatic tumor?",
    "Is the colon clear of lesions?",
    "Is the pancreas negative for tumors?",
    "Are liver lesions absent?",
]
PLAIN = [
    "Is there any lesion in the liver?",
    "Is there a liver lesion?",
    "Is the spleen enlarged?",
    "Is a liver lesion present or absent?",
    "Is there a kidney cyst or not?",
    "Is there a liver lesion, yes or no?",
    "Spleen size normal or enlarged?",
    "Is the liver enlarged or of normal size?",
    "Are the kidneys normal or abnormally large?",
]


@pytest.mark.parametrize("question", NEGATED)
def test_negative_polarity_is_marked(question: str) -> None:
    assert is_negated(question)
    assert understand(question).negated, question


@pytest.mark.parametrize("question", PLAIN)
def test_positive_and_open_polarity_is_not_marked(question: str) -> None:
    assert not is_negated(question)
    assert not understand(question).negated, question


def test_negation_reads_yes_no_choices_and_subtype_hints_but_not_other_forms() -> None:
    assert understand("Are the kidneys free of cysts?", {"A": "Yes", "B": "No"}).negated
    assert understand("Is the liver free of lesions?", hint_subtype="liver lesion existence").negated
    assert not understand("How many lesions are not in segment 4 of the liver?").negated


@pytest.mark.parametrize(
    ("question", "part", "negated_part"),
    [
        ("What is the spleen volume, and is the spleen of normal size?", "splenomegaly detection", True),
        ("How large is the spleen and is it normal in size?", "splenomegaly detection", True),
        ("What is the splenic volume in mL; is the spleen not enlarged?", "splenomegaly detection", True),
        ("What is the spleen volume, and is the spleen enlarged?", "splenomegaly detection", False),
        ("What is the volume of the spleen, and does the patient have splenomegaly?", "splenomegaly detection", False),
    ],
)
def test_each_part_of_a_multi_part_question_has_its_own_polarity(question: str, part: str, negated_part: bool) -> None:
    """A negated further part is marked on its own; the first part's polarity is read from the first part only."""
    intent = understand(question)
    assert part in intent.parts, (question, intent.parts)
    assert (part in intent.negated_parts) is negated_part
    assert not intent.negated


def test_a_negated_second_part_does_not_flip_the_first() -> None:
    intent = understand("Is there a liver lesion, and is the spleen normal in size?")
    assert intent.task == "liver lesion existence" and not intent.negated


@pytest.mark.parametrize("organ", ["liver", "pancreas", "left kidney", "right kidney", "colon"])
@pytest.mark.parametrize(("template", "negated"), [
    ("Is the {organ} lesion-free?", True),
    ("Is the {organ} tumour-free on this CT?", True),
    ("Is a {organ} lesion unlikely on this scan?", True),
    ("{organ} lesion present? yes/no", False),
    ("{organ} lesion y/n", False),
    ("Is there a {organ} lesion?", False),
])
def test_compound_free_unlikely_and_yes_no_suffixes(organ: str, template: str, negated: bool) -> None:
    question = template.format(organ=organ)
    assert understand(question).negated is negated, question


@pytest.mark.parametrize(("question", "task", "negated"), [
    # a contrast negates the question when the task's own finding is the rejected alternative
    ("Is the pancreatic cyst mucinous rather than a pseudocyst?", "pseudocyst determination", True),
    ("Is the pancreatic cyst a pseudocyst rather than a mucinous cyst?", "pseudocyst determination", False),
    ("Is the cyst in the pancreatic tail more likely a mucinous lesion than a pseudocyst?", "pseudocyst determination",
     True),
    ("Should this pancreatic cyst be followed up instead of resected?", "pancreatic cyst resectability", True),
    ("Should the pancreatic cyst be resected rather than watched?", "pancreatic cyst resectability", False),
    ("Is the spleen volume below the threshold for splenomegaly?", "splenomegaly detection", True),
    ("Is the spleen volume above the cut-off for splenomegaly?", "splenomegaly detection", False),
])
def test_contrasts_and_thresholds(question: str, task: str, negated: bool) -> None:
    intent = understand(question)
    assert intent.task == task, intent
    assert intent.negated is negated, question


@pytest.mark.parametrize(("question", "task", "negated"), [
    # a graded finding asked yes/no has a polarity too (the reviewer reads `negated` with `polar`)
    ("Is the liver free of steatosis?", "fatty liver", True),
    ("Is the liver free of fatty infiltration on this CT?", "fatty liver", True),
    ("Is there fatty infiltration of the liver?", "fatty liver", False),
    ("Is the spleen free of enlargement?", "splenomegaly detection", True),
])
def test_graded_findings_asked_yes_no_carry_their_polarity(question: str, task: str, negated: bool) -> None:
    intent = understand(question)
    assert intent.task == task and intent.polar, intent
    assert intent.negated is negated, question
