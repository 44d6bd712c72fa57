"""When the named-entity model is not needed: capitals that only open sentences with question words."""

from __future__ import annotations

import pytest

from privacy.deid import scrub_text
from privacy.ner import _has_telling_capitals


@pytest.mark.parametrize("text", [
    "what is the volume of the spleen?",
    "What is the longest axial diameter of the largest pancreatic tumor, in mm?",
    "Is the liver enlarged? How large is it? Based on the scan, which kidney has a cyst?",
    "Compared with the prior study, does the lesion grow?\nWhich segment holds it?",
])
def test_question_openers_alone_need_no_model(text: str) -> None:
    assert not _has_telling_capitals(text)


@pytest.mark.parametrize("text", [
    "Maria Gonzalez reports pain; what is the spleen volume?",
    "what did dr. House say about the spleen?",
    "What is the volume of the spleen in mL?",  # a capital inside a word
    "What did Émile see at Charité?",
    "What's the volume, per Hope?",
    "Is the lesion seen by Will still there? Will it grow?",  # a name that is also a word
    "what is it. Gonzalez asked.",
    "What is in the CT?",
])
def test_any_other_capital_needs_the_model(text: str) -> None:
    assert _has_telling_capitals(text)


@pytest.mark.parametrize(("text", "name"), [
    ("What did Maria Gonzalez ask? Is the spleen enlarged?", "Gonzalez"),
    ("Is the spleen of John Smith enlarged? What is its volume?", "Smith"),
    ("How large is the liver of Ahmed Khan?", "Khan"),
])
def test_names_after_a_question_opener_are_still_scrubbed(text: str, name: str) -> None:
    assert name not in scrub_text(text).text
