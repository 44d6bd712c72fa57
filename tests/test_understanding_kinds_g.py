"""The kinds question set G showed, each as a rule varied by organ, phrasing and order (none of these is G's text).

G's phrasings themselves are scored in tests/test_understanding_fresh.py; the end-to-end runs are in
tests/test_understanding_kinds_g_end_to_end.py.
"""

from __future__ import annotations

import pytest

from questions.intents.choices import inline_choices
from questions.longitudinal import change_says_yes
from questions.understanding import Understanding, default_understanding


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize(("question", "organ"), [
    ("Is one of the pancreatic lesions the odd one out?", "pancreas"),
    ("Which of the hepatic tumours is atypical compared with the others?", "liver"),
    ("Several renal cysts are seen - does any single one of them look different?", "kidney"),
    ("Compared with the rest, does one liver lesion stand out?", "liver"),
    ("odd one out among the kidney lesions?", "kidney"),
])
def test_one_lesion_unlike_the_rest_is_the_outlier(reader: Understanding, question: str, organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == ("lesion outlier", organ), intent


@pytest.mark.parametrize(("question", "task"), [
    ("Characterize the left renal lesion: cystic or solid?", "renal mass characterization"),
    ("Is the right kidney mass a septated cystic lesion or predominantly solid?", "renal mass characterization"),
    ("Renal lesion - minimally complex cyst or solid?", "renal mass characterization"),
    ("Is the renal lesion solid or cystic?", "lesion type classification"),  # A-F: solid or cystic alone is the type
    ("Classify the type of the pancreatic lesion.", "lesion type classification"),
    ("Hepatic lesion nature - cyst or solid tumour?", "lesion type classification"),
    ("What sort of lesion is in the liver?", "lesion type classification"),
    ("Is there a liver tumour or cyst?", "liver lesion existence"),  # presence asked: not the kind
    ("What kind of pancreatic lesion is this, PDAC or PNET?", "PDAC vs PNET classification"),
])
def test_a_lesions_kind_and_a_kidney_mass_characterised(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "quantity", "form", "comparison"), [
    ("Has the pancreatic tumour grown since the baseline CT?", "pancreas_lesion.largest_lesion_diameter_change_mm",
     "yes_no", "larger"),
    ("Did the dominant liver lesion shrink compared with the previous study?",
     "liver_lesion.largest_lesion_diameter_change_mm", "yes_no", "smaller"),
    ("By how many mm has the right kidney lesion changed since the prior exam?",
     "kidney_lesion.largest_lesion_diameter_change_mm", "number", None),
    ("Any new pancreatic lesions since the last scan?", "pancreas_lesion.lesion_count_change", "yes_no", "larger"),
    ("Compared to the previous study, are there new kidney lesions?", "kidney_lesion.lesion_count_change", "yes_no",
     "larger"),
    ("Kidney lesion volume change since baseline - numbers only, no RECIST response needed.",
     "kidney_lesion.total_lesion_volume_change_ml", "number", None),
])
def test_one_lesions_size_change_and_new_lesions_are_a_lesion_change(
        reader: Understanding, question: str, quantity: str, form: str, comparison: str | None) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.quantities[0], intent.answer_form, intent.comparison) == (
        "lesion change", quantity, form, comparison), intent


@pytest.mark.parametrize("question", [
    "Has the liver disease responded since the prior scan?",  # a response asked (growth alone: a lesion change, as
    # sets G-J label it; tests/test_understanding_kinds_j.py)
    "Any new lesions compared with baseline?",  # no group named: RECIST's new lesions
    "Did the kidney tumours respond to treatment?",  # a response in the past tense: against the prior
    "Has the pancreatic cancer progressed per RECIST 1.1 criteria?",
])
def test_a_groups_response_stays_recist(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == "recist response"


@pytest.mark.parametrize(("question", "task"), [
    ("spleen volume then vs now?", "organ volume change"),
    ("What's the pancreas volume before vs now?", "organ volume change"),
    ("How many target lesions in total does RECIST 1.1 permit?", "knowledge question"),
    ("Which T categories does the AJCC 8th edition define for pancreatic cancer?", "knowledge question"),
])
def test_then_versus_now_and_a_criterion_as_subject(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "task", "organ", "negated"), [
    ("Liver enlarged? A) Yes B) No", "organ enlargement", "liver", False),
    ("Pancreatic steatosis present? (a) yes (b) no", "pancreatic steatosis", "pancreas", False),
    ("Kidney lesion type? (a) cyst (b) solid tumour", "lesion type classification", "kidney", False),
    ("Spleen's not enlarged, right?", "splenomegaly detection", "spleen", True),
    ("Kidneys equal in size, right?", "bilateral kidney asymmetry", "kidney", True),
    ("Is the spleen bigger than what is considered normal?", "splenomegaly detection", "spleen", False),
])
def test_inline_options_and_tags_keep_the_questions_polarity(reader: Understanding, question: str, task: str,
                                                             organ: str, negated: bool) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ, intent.negated) == (task, organ, negated), intent


@pytest.mark.parametrize(("text", "stem", "options"), [
    ("Liver lesion nature? A) cyst B) tumor", "Liver lesion nature?", {"A": "cyst", "B": "tumor"}),
    ("Grade? (a) none (b) mild (c) severe", "Grade?", {"A": "none", "B": "mild", "C": "severe"}),
    ("Is segment a) the one?", "Is segment a) the one?", None),  # one letter is not a list of options
    ("Which is larger? B) left C) right", "Which is larger? B) left C) right", None),  # not from A
])
def test_inline_choices_are_read_only_as_a_lettered_list(text: str, stem: str, options: dict | None) -> None:
    assert inline_choices(text) == (stem, options)


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("The liver looks fine but what is the volume of the left kidney?", "organ volume measurement", "kidney_left"),
    ("Spleen unremarkable but how dense is the liver in HU?", "organ HU measurement", "liver"),
    ("Where is most of the tumour burden, pancreatic or hepatic?", "multi-organ lesion burden comparison", None),
    ("Are all the liver metastases in the same part of the liver?", "liver lesion clustering", "liver"),
    ("Is the left or the right hepatic lobe more involved by lesions?", "inter-segment comparison", "liver"),
    ("Any suspicious hepatic observation on this LI-RADS study?", "liver lesion existence", "liver"),
    ("nafpd present?", "pancreatic steatosis", "pancreas"),
    ("Pancreatic tumour: which T?", "pancreatic tumor staging", "pancreas"),
    ("We need the volumetric measurement of the liver lesion.", "lesion volume measurement", "liver"),
])
def test_other_kinds_g_showed(reader: Understanding, question: str, task: str, organ: str | None) -> None:
    intent = reader.understand(question)
    assert intent.task == task, intent
    if organ is not None or task == "multi-organ lesion burden comparison":
        assert intent.organ == organ, intent


@pytest.mark.parametrize(("question", "group"), [
    ("Mean attenuation of the largest kidney lesion?", "kidney_lesion"),
    ("Density of the biggest liver tumour in HU?", "liver_lesion"),
    ("Average Hounsfield value of the pancreatic mass?", "pancreas_lesion"),
])
def test_a_lesions_own_hu_keeps_its_lesion_group(reader: Understanding, question: str, group: str) -> None:
    intent = reader.understand(question)
    assert intent.lesion == group and intent.quantities == [f"{group}.largest_lesion_mean_hu"], intent


@pytest.mark.parametrize(("label", "comparison", "yes"), [
    ("increased", "larger", True), ("decreased", "larger", False), ("unchanged", "larger", False),
    ("decreased", "smaller", True), ("increased", "smaller", False),
    ("increased", None, True), ("decreased", None, True), ("unchanged", None, False),
])
def test_a_change_says_yes_only_in_the_direction_asked(label: str, comparison: str | None, yes: bool) -> None:
    assert change_says_yes(label, comparison) is yes
