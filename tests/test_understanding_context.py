"""Clinical context before the question ("68-year-old with jaundice. Is ...?"): the question decides."""

from __future__ import annotations

import pytest

from questions.context import question_of
from questions.understanding import Understanding, default_understanding

CONTEXTS = [
    "72-year-old man with weight loss.",
    "History of colorectal cancer treated two years ago.",  # names another organ and a time
    "Referred from the emergency department with abdominal pain and fever.",
    "Pre-operative planning:",
    "Staging CT for a known breast primary.",
    "No prior imaging available.",  # a 'no' that negates nothing asked
]
QUESTIONS = [
    ("Is there a lesion in the left kidney?", "kidney lesion existence", "kidney_left", False),
    ("Is the right kidney free of cysts?", "kidney cyst existence", "kidney_right", True),
    ("What is the volume of the spleen?", "organ volume measurement", "spleen", False),
    ("How many tumours are in the liver?", "lesion counting", "liver", False),
    ("What is the total liver volume in mL?", "organ volume measurement", "liver", False),
    ("Is a pancreatic mass present?", "pancreatic lesion existence", "pancreas", False),
    ("What is the mean attenuation of the liver in HU?", "organ HU measurement", "liver", False),
]


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize(("question", "task", "organ", "negated"), QUESTIONS)
def test_history_before_the_question_changes_nothing(reader: Understanding, context: str, question: str, task: str,
                                                     organ: str, negated: bool) -> None:
    intent = reader.understand(f"{context} {question}")
    assert (intent.task, intent.organ, intent.negated) == (task, organ, negated), intent
    assert intent.polar == reader.understand(question).polar


@pytest.mark.parametrize(("text", "task", "organ"), [
    # the question needs its history: a pronoun, no organ, a basis or an earlier study named before it
    ("Known liver metastases. How many are there?", "lesion counting", "liver"),
    ("Incidental left renal lesion. What is its volume?", "lesion volume measurement", "kidney_left"),
    ("Spleen: what is its volume in mL?", "organ volume measurement", "spleen"),
    ("Compared with the prior CT: is the spleen larger?", "organ volume change", "spleen"),
    ("Follow-up CT after chemotherapy. Have the liver lesions grown?", "lesion change", "liver"),  # no RECIST word
])
def test_history_the_question_needs_is_kept(reader: Understanding, text: str, task: str, organ: str) -> None:
    intent = reader.understand(text)
    assert (intent.task, intent.organ) == (task, organ), intent


@pytest.mark.parametrize(("text", "read"), [
    ("Known cirrhosis. Is the spleen enlarged?", "Is the spleen enlarged?"),
    ("ADPKD follow-up: what is the right kidney volume?", "what is the right kidney volume?"),
    ("Is the spleen enlarged?", "Is the spleen enlarged?"),
    ("Liver: any lesion?", "Liver: any lesion?"),  # a topic, not a history: the question alone names no organ
    ("Using the L/S ratio: is there fatty liver?", "Using the L/S ratio: is there fatty liver?"),  # a basis
    ("The spleen measures 14.5 cm. Is it enlarged?", "The spleen measures 14.5 cm. Is it enlarged?"),
    ("No prior imaging. Is there a liver lesion?", "Is there a liver lesion?"),  # an earlier study, no change asked
])
def test_question_of(text: str, read: str) -> None:
    got, asking = question_of(text)
    assert got == read
    assert asking == text.split(". ")[-1].split(": ")[-1]  # polarity is read from the asking sentence alone
