"""Question understanding: the causes behind sets W's and V's misses (session 22), each fixed as a general rule and
varied here with phrasings written for this module (other organs, orders and wordings than W's or V's):

- a yes/no about one kind of lesion with no lesion already given ("Spleen - cyst?", "Pancreas, solid mass? Yes / No /
  Only a cyst") asks that kind's presence; the other kind in a distractor option or denied beside it ("not a cyst",
  "rather than a cyst") is no second kind offered, and distractor options of a yes/no name no task;
- every kind counted ("cysts count too", "including cysts", "any kind") asks a lesion's presence;
- yes and no options in German, French, Spanish, Portuguese, Japanese and Chinese make a yes/no question;
- a kind denied after a dash or comma ("a solid mass - not a cyst - present?") negates nothing asked;
- a rule asked by name ("What is Bosniak?"), a category's definition ("progressive disease means ... at least:"), a
  reference value as the topic ("Typical adult spleen volume is about:") or "general knowledge, not this patient" is a
  knowledge question without "in general".
"""

from __future__ import annotations

import pytest

from questions.intents import parse_choices
from questions.understanding import Understanding, default_understanding

KNOWLEDGE = "knowledge question"


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize(("question", "choices", "task"), [
    ("Right kidney - solid mass?", {"A": "Yes", "B": "No", "C": "Cysts only", "D": "Kidney not seen"},
     "kidney tumor existence"),
    ("Cyst, left kidney?", {"A": "No", "B": "Yes", "C": "Only a solid tumour", "D": "Cannot say"}, "kidney cyst existence"),
    ("Any solid enhancing renal lesion worrying for cancer?", {"A": "Yes", "B": "No", "C": "Indeterminate",
                                                               "D": "Only simple cysts"}, "kidney tumor existence"),
    ("Renal cyst present?", {"A": "Oui", "B": "Non", "C": "Tumeur solide seulement"}, "kidney cyst existence"),
])
def test_a_yes_no_about_one_kind_asks_its_presence(reader: Understanding, question: str, choices: dict[str, str],
                                                   task: str) -> None:
    assert reader.understand(question, choices).task == task


@pytest.mark.parametrize(("question", "choices"), [
    ("Is the renal mass solid?", {"A": "Yes", "B": "No", "C": "It is a cyst"}),
    ("Is the largest kidney lesion a cyst?", {"A": "Yes", "B": "No"}),
])
def test_a_yes_no_about_a_given_lesion_asks_its_kind(reader: Understanding, question: str,
                                                     choices: dict[str, str]) -> None:
    assert reader.understand(question, choices).task in ("lesion type classification", "renal mass characterization")


@pytest.mark.parametrize(("question", "task"), [
    ("Does either kidney hold a solid tumour rather than just cysts?", "kidney tumor existence"),
    ("Kidneys: an actual solid mass, not a cyst?", "kidney tumor existence"),
    ("Whatever cysts there are aside - among the renal lesions, is any one a solid tumour rather than a cyst?",
     "kidney tumor existence"),
])
def test_a_kind_denied_beside_another_is_not_offered(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "task"), [
    ("kidney lesion at all? cysts count too", "kidney lesion existence"),
    ("Liver: any focal lesion, cysts included?", "liver lesion existence"),
    ("Pancreas lesion - cystic ones count as well", "pancreatic lesion existence"),
])
def test_every_kind_counted_asks_a_lesions_presence(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


def test_counting_with_every_kind_included_still_counts(reader: Understanding) -> None:
    assert reader.understand("How many liver lesions, cysts included?").task == "lesion counting"


@pytest.mark.parametrize("choices", [
    {"A": "Ja", "B": "Nein", "C": "Nicht beurteilbar"},
    {"A": "Sí", "B": "No"},
    {"A": "Sim", "B": "Não", "C": "Indeterminado"},
    {"A": "はい", "B": "いいえ"},
    {"A": "是", "B": "否"},
])
def test_yes_and_no_options_of_other_languages_make_a_yes_no(choices: dict[str, str]) -> None:
    choice_set = parse_choices(choices)
    assert choice_set is not None and choice_set.form == "yes_no"


@pytest.mark.parametrize("question", [
    "Right kidney: a solid mass - not a cyst - present?",
    "Is there an enhancing tumour in the pancreas, not just a cyst?",
])
def test_a_kind_denied_beside_the_asked_one_negates_nothing(reader: Understanding, question: str) -> None:
    assert not reader.understand(question).negated


def test_a_lesion_said_not_to_be_a_kind_is_still_negated(reader: Understanding) -> None:
    assert reader.understand("Is the biggest pancreatic lesion not a cyst?").negated


@pytest.mark.parametrize("question", [
    "What is Bosniak?",
    "what's LI-RADS v2018? teaching a resident",
    "What does T3 stand for in AJCC pancreas staging?",
    "Under RECIST 1.1, progressive disease means an increase in the sum of at least:",
    "Typical adult spleen volume is about:",
    "Reference range for kidney volume?",
    "Valores normales del volumen del bazo?",
    "General knowledge, not this patient: what liver attenuation means steatosis?",
])
def test_a_rule_or_reference_asked_by_name_is_a_knowledge_question(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == KNOWLEDGE


@pytest.mark.parametrize(("question", "task"), [
    ("What is the spleen volume on this scan?", "organ volume measurement"),
    ("Is the liver volume normal?", "organ enlargement"),
    ("What T stage is the pancreatic tumour?", "pancreatic tumor staging"),
])
def test_a_question_about_this_patient_stays_one(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task
