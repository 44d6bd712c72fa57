"""Kinds of phrasing the fresh sets D and E showed, each varied over organs and wordings none of the sets uses.

A kind is a rule of reading, not an instance: a leading phrase or label before the asking clause, a list
of lesion kinds after "any", a volume asked of the lesion, a slice versus an axial length, an order that
names its task, a rule asked in general, a negative tag, a follow-up visit without a change asked.
"""

from __future__ import annotations

import pytest

from questions.context import question_of
from questions.polarity import is_negated
from questions.spelling import clean
from questions.understanding import Understanding, default_understanding, drop_qualifiers
from questions.wording import main_clause

ORGANS = [("liver", "liver"), ("pancreatic", "pancreas"), ("kidney", "kidney")]


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


def _read(reader: Understanding, question: str) -> tuple[str, str | None, bool]:
    intent = reader.understand(question)
    return intent.task, intent.organ, intent.negated


@pytest.mark.parametrize(("typed", "spelled"), [
    ("kidney ca?", "kidney cancer?"),
    ("CA 19-9 raised; pancreatic mass?", "CA 19-9 raised; pancreatic mass?"),  # the tumour marker stays
    ("# of renal cysts?", "number of renal cysts?"),
    ("seg 4 lesions", "segment 4 lesions"),
    ("ΔHU of the lesion", "difference in HU of the lesion"),
    ("R kid lesion?", "right kidney lesion?"),
    ("Liver FLL?", "Liver focal liver lesion?"),
    ("pancreatic mas?", "pancreatic mass?"),
])
def test_shorthand_is_spelled_out(typed: str, spelled: str) -> None:
    assert clean(typed) == spelled


@pytest.mark.parametrize(("text", "clause"), [
    ("by hu criteria, is the pancreas fatty?", "is the pancreas fatty?"),
    ("colon aside, is the liver enlarged?", "is the liver enlarged?"),
    ("reading the kidneys: any lesion on either side?", "any lesion on either side?"),
    ("what about the spleen, is it enlarged?", "is it enlarged?"),
    ("in general, what is a normal spleen volume?", "what is a normal spleen volume?"),
    ("is the liver enlarged?", "is the liver enlarged?"),
])
def test_the_asking_clause_after_a_leading_phrase(text: str, clause: str) -> None:
    assert main_clause(text) == clause


@pytest.mark.parametrize(("question", "kept"), [
    ("Anything in the left kidney, cyst or solid mass?", "Anything in the left kidney, any lesion?"),
    ("Look at the pancreas for any lesion, cyst or tumour, whichever one.", "Look at the pancreas for any lesion ."),
    ("Any cyst or tumour in the liver?", "Any lesion in the liver?"),
    ("Is the renal lesion a cyst or a mass?", "Is the renal lesion a cyst or a mass?"),  # which kind: kept
    ("Spleen aside, is there hepatomegaly?", "is there hepatomegaly?"),
])
def test_kinds_listed_after_any_and_organs_set_aside_are_not_asked(question: str, kept: str) -> None:
    assert drop_qualifiers(question) == kept


@pytest.mark.parametrize(("text", "read"), [
    ("Segment 6: how many liver lesions?", "Segment 6: how many liver lesions?"),  # a label says where
    ("Pancreatic head lesion - is it touching the duodenum?", "Pancreatic head lesion - is it touching the duodenum?"),
    ("Kidneys look fine, but is there a lesion in the liver?", "is there a lesion in the liver?"),
    ("Colorectal cancer follow-up - hepatic metastases?", "hepatic metastases?"),
    ("Spleen is fine; is there any renal lesion?", "is there any renal lesion?"),
])
def test_a_label_a_dash_and_but_before_the_question(text: str, read: str) -> None:
    assert question_of(text)[0] == read


@pytest.mark.parametrize(("adjective", "organ"), ORGANS)
def test_a_volume_asked_of_the_lesion(reader: Understanding, adjective: str, organ: str) -> None:
    for question in (f"vol of the {adjective} tumour?", f"How many cc is the {adjective} cyst?",
                     f"Outline the {adjective} lesion and report its volume in mL.",
                     f"{adjective.capitalize()} organ looks small, but I need the tumour volume, not the organ volume."):
        assert _read(reader, question)[:2] == ("lesion volume measurement", organ), question


@pytest.mark.parametrize(("adjective", "organ"), ORGANS)
def test_a_slice_asked_versus_an_axial_length(reader: Understanding, adjective: str, organ: str) -> None:
    assert _read(reader, f"How long is the {adjective} mass in its largest axial dimension?")[:2] == (
        "largest lesion diameter", organ)
    assert _read(reader, f"Give me the slice where the {adjective} lesion is biggest.")[:2] == ("largest lesion slice", organ)
    assert _read(reader, f"Slice of the largest {adjective} lesion?")[:2] == ("largest lesion slice", organ)


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Tally the liver metastases.", "lesion counting", "liver"),
    ("Count the pancreatic cysts.", "lesion counting", "pancreas"),
    ("Single kidney cyst or multiple? Exact count please.", "lesion counting", "kidney"),
    ("Only one pancreatic lesion, or are there several?", "lesion counting", "pancreas"),
    ("Count the kidney cysts, left and right together.", "lesion counting", "kidney"),
    ("seg 4 liver lesions - how many?", "lesion count by location", "liver"),
    ("Largest kidney lesion - segment number of its pole?", "largest lesion location", "kidney"),
    ("Stage the pancreatic tumour, T category only.", "pancreatic tumor staging", "pancreas"),
    ("Which T would you give the pancreatic primary?", "pancreatic tumor staging", "pancreas"),
])
def test_an_order_or_a_count_word_names_its_task(reader: Understanding, question: str, task: str, organ: str) -> None:
    assert _read(reader, question)[:2] == (task, organ)


@pytest.mark.parametrize(("question", "task"), [
    # a rule asked in general
    ("What spleen volume is indicative of splenomegaly?", "knowledge question"),
    ("Above which pancreas-to-spleen ratio is the pancreas considered normal?", "knowledge question"),
    ("How many grades of hepatic steatosis are there?", "knowledge question"),
    ("Is a spleen volume above 500 mL regarded as enlarged?", "knowledge question"),
    ("For a healthy adult, what is the normal pancreas volume?", "knowledge question"),
    ("Normal spleen volume - what is the usual range?", "knowledge question"),
    ("Liver volume over 2500 mL - what does that mean?", "knowledge question"),
    # this patient, whatever rule words it uses
    ("Given its size, is the pancreatic cyst resectable?", "pancreatic cyst resectability"),
    ("Does the liver volume exceed the upper limit of normal?", "organ enlargement"),
    ("What is the T stage of the pancreatic tumour by size criteria?", "pancreatic tumor staging"),
    ("Pancreatic cyst big enough to warrant resection?", "pancreatic cyst resectability"),
])
def test_a_rule_in_general_versus_this_patient(reader: Understanding, question: str, task: str) -> None:
    assert _read(reader, question)[0] == task


@pytest.mark.parametrize(("question", "task", "organ", "negated"), [
    # "Exclude X" asks X, as "rule out X" does: sets A, E, I, J, M, P, Q and R label both not negated (D alone, twice,
    # negated); session 18 follows the many
    ("Exclude a kidney tumour, please.", "kidney tumor existence", "kidney", False),
    ("The spleen isn't enlarged, is it?", "splenomegaly detection", "spleen", True),
    ("Nothing in the pancreas, correct?", "pancreatic lesion existence", "pancreas", True),
    ("Kidneys are clean, yeah?", "kidney lesion existence", "kidney", True),
    ("Has the liver been spared any lesions?", "liver lesion existence", "liver", True),
    ("Liver lesions all of similar size?", "lesion outlier", "liver", True),
    ("Pancreas not fatty, right?", "pancreatic steatosis", "pancreas", True),
    ("Any liver lesion? Doesn't matter which kind.", "liver lesion existence", "liver", False),
    ("There is a kidney cyst, isn't there?", "kidney cyst existence", "kidney", False),
])
def test_negative_tags_and_statements_asked_back(reader: Understanding, question: str, task: str, organ: str,
                                                 negated: bool) -> None:
    assert _read(reader, question) == (task, organ, negated)


def test_a_negative_aside_negates_nothing() -> None:
    assert not is_negated("Check the liver for any lesion, doesn't matter which.")
    assert is_negated("The liver isn't enlarged, is it?")


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Surveillance: liver volume in mL?", "organ volume measurement", "liver"),
    ("Three months after chemo: how much has the spleen volume changed compared with the pre-treatment CT?",
     "organ volume change", "spleen"),
    ("Kidney volume now vs before?", "organ volume change", "kidney"),
    ("Do the renal lesions involve one kidney or both?", "bilateral kidney asymmetry", "kidney"),
    ("Does the right kidney outweigh the left in volume?", "kidney volume comparison", "kidney"),
    ("Check kidney volume symmetry.", "bilateral kidney asymmetry", "kidney"),
    ("Are both kidneys of equal volume?", "bilateral kidney asymmetry", "kidney"),
    ("Compared with the background liver, how does the biggest lesion appear?", "largest lesion attenuation", "liver"),
    ("Is there a hyperattenuating lesion anywhere in the kidneys?", "kidney lesion existence", "kidney"),
    ("Judging by its attenuation relative to the spleen, is the liver steatotic?", "fatty liver", "liver"),
])
def test_visits_sides_and_reference_organs(reader: Understanding, question: str, task: str, organ: str) -> None:
    assert _read(reader, question)[:2] == (task, organ)
