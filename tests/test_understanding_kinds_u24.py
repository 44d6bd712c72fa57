"""Question understanding: the causes behind sets Z's and X's misses (session 24), each fixed as a structural rule and
varied here with phrasings written for this module (other organs, orders and wordings than Z's, X's, W's or V's):

- a rule named as the means of the answer ("by volume criteria", "using the attenuation cut-offs") or options that
  state findings rather than a rule's values, with no question word asking what the rule says: the rule applied to
  this image, not a knowledge question; a question word asking the rule keeps it a knowledge question;
- a limit of normal that the organ is set against ("compared with the normal range") is no negation;
- a value stated in the past tense ("the liver was 1,800 mL") or an earlier study named in another language is a prior:
  a change asked of it is the organ's volume change; a change put aside ("the volume today, not the change") asks
  today's value;
- options that say which way a value went ("Went up ... / Went down ... / About the same") ask a change: the organ's
  own without a lesion named, the lesions' (or their response) with one; ranges of counts ("2-4", "5 or more") are
  no change.
"""

from __future__ import annotations

import pytest

from questions.understanding import Understanding, default_understanding


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize(("question", "choices", "task"), [
    ("Spleen enlarged using the standard volume cut-off? yes/no", None, "splenomegaly detection"),
    ("Kidneys: enlarged per the volume criteria?", None, "organ enlargement"),
    ("Liver size against the usual criteria - enlarged?", None, "organ enlargement"),
    ("Splenic enlargement, graded with the volume thresholds:", {"A": "None", "B": "Mild", "C": "Moderate", "D": "Severe"},
     "splenomegaly grading"),
    ("Most fitting for this spleen:", {"A": "Not enlarged", "B": "Mildly enlarged", "C": "Moderately enlarged",
                                       "D": "Massively enlarged"}, "splenomegaly grading"),
])
def test_a_rule_applied_without_asking_it_is_the_patients(reader: Understanding, question: str,
                                                         choices: dict[str, str] | None, task: str) -> None:
    assert reader.understand(question, choices).task == task


@pytest.mark.parametrize("question", [
    "What volume cut-off defines splenomegaly?",
    "Which criteria define an enlarged kidney by volume?",
    "How is splenomegaly graded by volume thresholds?",
])
def test_a_rule_asked_by_a_question_word_stays_a_knowledge_question(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == "knowledge question"


@pytest.mark.parametrize("question", [
    "Right kidney enlarged compared with the normal range?",
    "Is the spleen big relative to the normal size?",
])
def test_a_limit_of_normal_set_against_is_no_negation(reader: Understanding, question: str) -> None:
    assert reader.understand(question).negated is False


@pytest.mark.parametrize(("question", "choices", "task"), [
    ("Left kidney measured 150 cc in October, before the donor nephrectomy of the right. Change since?", None,
     "organ volume change"),
    ("Volumen del hígado frente al estudio previo?", {"A": "Aumento > 10 %", "B": "Disminución > 10 %", "C": "Igual"},
     "organ volume change"),
])
def test_a_prior_stated_or_a_direction_offered_asks_a_change(reader: Understanding, question: str,
                                                             choices: dict[str, str] | None, task: str) -> None:
    assert reader.understand(question, choices).task == task


@pytest.mark.parametrize("choices", [
    {"A": "None", "B": "1", "C": "2-4", "D": "5 or more"},
    {"A": "0", "B": "1-3", "C": "4-7", "D": "8 or more"},
])
def test_ranges_of_counts_offer_no_change(reader: Understanding, choices: dict[str, str]) -> None:
    assert reader.understand("How many kidney lesions?", choices).task == "lesion counting"


def test_a_direction_offered_for_lesions_asks_their_change(reader: Understanding) -> None:
    intent = reader.understand("After the course of therapy, the liver metastases:", {
        "A": "Shrank", "B": "Grew", "C": "Stayed about the same", "D": "Disappeared"})
    assert intent.task in ("lesion change", "recist response")
