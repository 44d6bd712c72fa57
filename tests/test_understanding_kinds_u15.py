"""Question understanding: the kinds of the session-15 held-out set's misses (issue 11), each fixed as a kind and varied
here by organ, side, verb, key spelling and option wording so that the rule passes, not the instance; and understand15's
own phrasings (tests/data/own/questions_own_u15.yaml, written and labelled by hand before any run), tuned on their even
half while the odd half was held back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from questions.analysis import decision_asked
from questions.fields import field_question
from questions.understanding import Understanding, default_understanding

OWN = Path(__file__).parent / "data" / "own" / "questions_own_u15.yaml"


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


# kind 1: an analysis request; the task is the decision asked at the end, not the quantity computed on the way
@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Compute the mean HU of the liver and the spleen and report whether it indicates fatty liver.", "fatty liver", "liver"),
    ("Calculate the liver and spleen attenuation, then state the steatosis grade.", "hepatic steatosis grading", "liver"),
    ("Measure the spleen volume in mL and report yes or no for splenomegaly.", "splenomegaly detection", "spleen"),
    ("Measure the splenic volume and report which splenomegaly grade it is.", "splenomegaly grading", "spleen"),
    ("Measure the left and right kidney volumes and report which side is larger.", "kidney volume comparison", "kidney"),
    ("Compute the liver volume and report whether the liver is enlarged.", "organ enlargement", "liver"),
    ("Compute the pancreas volume, and tell me if it is enlarged.", "organ enlargement", "pancreas"),
    ("Compute each kidney lesion's volume and report whether one is an outlier.", "lesion outlier", "kidney"),
    ("Measure the pancreatic cyst diameter and report yes/no whether resection is indicated.",
     "pancreatic cyst resectability", "pancreas"),
    ("Compute the distance from the liver tumour to each organ and report the organ closest to the tumour.",
     "adjacent organ", "liver"),
    ("Compute V(kidney_left) + V(kidney_right) and report the total.", "organ aggregation", "kidney"),
])
def test_an_analysis_request_asks_the_decision_at_its_end(reader: Understanding, question: str, task: str,
                                                          organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "first", "part"), [
    ("Measure the biggest pancreatic tumour's diameter and give the T stage.", "largest lesion diameter",
     "pancreatic tumor staging"),
    ("Calculate the liver volume and report the splenomegaly grade.", "organ volume measurement", "splenomegaly grading"),
    ("Count the liver lesions and give the largest one's diameter.", "lesion counting", "largest lesion diameter"),
])
def test_a_second_thing_named_after_the_method_is_a_part(reader: Understanding, question: str, first: str,
                                                         part: str) -> None:
    """ "and give the T stage" names a second thing asked (set B labels its measured diameter the task), not a decision
    asked as "whether ..." or "which ...": both are answered, each with its own evidence."""
    intent = reader.understand(question)
    assert (intent.task, part in intent.parts) == (first, True)


def test_a_decision_naming_nothing_keeps_the_method_s_organ_and_lesion() -> None:
    assert decision_asked("Compute each liver lesion's volume and report whether one is an outlier.") == \
        "liver lesion: whether one is an outlier?"
    assert decision_asked("Measure the pancreatic cyst diameter and report whether it needs resection.") == \
        "whether the pancreatic cyst needs resection?"
    assert decision_asked("Measure both kidneys and report which is larger.") == "kidney: which is larger?"
    assert decision_asked("What is the liver volume, and is it enlarged?") == "What is the liver volume, and is it enlarged?"
    assert decision_asked("Measure the spleen and report the value.") == "Measure the spleen and report the value."


# kind 2: a form field or JSON key read as the phrase it abbreviates
@pytest.mark.parametrize(("key", "question"), [
    ("total_kidney_volume_ml:", "What is the total kidney volume in mL?"),
    ("spleen_vol_cc", "What is the spleen volume in mL?"),
    ("Liver lesions (n):", "How many Liver lesions?"),
    ("pancreas_lesion_count:", "How many pancreas lesions?"),
    ("pnet_detected (true/false)", "Is there a pnet?"),
    ("kidney_cyst_present:", "Is there a kidney cyst?"),
    ("renal_lesion_outlier (bool):", "Is there a renal lesion outlier?"),
    ("TNM_T_pancreas:", "What is the T stage pancreas?"),
    ("Is the liver fatty?", "Is the liver fatty?"),
    ("Liver:", "Liver:"),
    ("Liver density please (excluding lesions)", "Liver density please (excluding lesions)"),
])
def test_a_key_is_read_as_its_phrase(key: str, question: str) -> None:
    assert field_question(key) == question


@pytest.mark.parametrize(("organ", "word"), [("liver", "liver"), ("spleen", "spleen"), ("pancreas", "pancreas"),
                                             ("kidney_left", "left_kidney"), ("kidney_right", "right_kidney")])
def test_an_organ_key_asks_the_organ_s_value(reader: Understanding, organ: str, word: str) -> None:
    assert (reader.understand(f"{word}_volume_ml:").task, reader.understand(f"{word}_volume_ml:").organ) == \
        ("organ volume measurement", organ)
    assert reader.understand(f"{word}_mean_HU:").task == "organ HU measurement"


@pytest.mark.parametrize(("key", "task", "organ"), [
    ("liver_lesion_count:", "lesion counting", "liver"), ("Kidney lesions (n):", "lesion counting", "kidney"),
    ("pancreatic_lesions (count):", "lesion counting", "pancreas"),
    ("liver_lesion_present (bool):", "liver lesion existence", "liver"),
    ("colon_lesion_detected (true/false)", "colon lesion existence", "colon"),
    ("pdac_present (bool):", "PDAC existence", "pancreas"),
    ("hepatic_lesion_outlier (bool):", "lesion outlier", "liver"),
    ("kidney_lesion_outlier (true/false):", "lesion outlier", "kidney"),
    ("largest_lesion_segment:", "largest lesion location", "liver"),
    ("total_kidney_volume_ml:", "organ aggregation", "kidney"),
])
def test_a_count_key_counts_and_a_boolean_key_asks_existence(reader: Understanding, key: str, task: str,
                                                             organ: str) -> None:
    intent = reader.understand(key)
    assert (intent.task, intent.organ) == (task, organ)


# kind 3: a terse stem whose options carry the task and the organ
@pytest.mark.parametrize(("organ", "word", "lesion"), [("liver", "liver", "liver_lesion"),
                                                       ("kidney", "kidney", "kidney_lesion"),
                                                       ("pancreas", "pancreatic", "pancreas_lesion")])
def test_a_lone_organ_of_the_options_is_the_one_asked(reader: Understanding, organ: str, word: str, lesion: str) -> None:
    intent = reader.understand("How many?", {"A": f"No {word} lesion", "B": f"One {word} lesion",
                                             "C": f"Two {word} lesions"})
    assert (intent.task, intent.organ, intent.lesion) == ("lesion counting", organ, lesion)


@pytest.mark.parametrize(("stem", "choices", "task", "organ"), [
    ("Which finding is present?", {"A": "Splenomegaly", "B": "Normal spleen size"}, "splenomegaly detection", "spleen"),
    ("Which finding is present?", {"A": "PNET present", "B": "No PNET"}, "PNET existence", "pancreas"),
    ("Which statement applies?", {"A": "PDAC present", "B": "No PDAC"}, "PDAC existence", "pancreas"),
    ("Classify the lesion.", {"A": "PDAC", "B": "PNET"}, "PDAC vs PNET classification", "pancreas"),
    ("What is the diagnosis of the mass?", {"A": "Ductal adenocarcinoma", "B": "Neuroendocrine tumour"},
     "PDAC vs PNET classification", "pancreas"),
    ("Where is it?", {"A": "Pancreatic head", "B": "Pancreatic body", "C": "Pancreatic tail"},
     "largest lesion location", "pancreas"),
    ("Where is it?", {"A": "Segment II", "B": "Segment IV", "C": "Segment VII"}, "largest lesion location", "liver"),
    ("Which describes the kidneys?", {"A": "Symmetric", "B": "Asymmetric"}, "bilateral kidney asymmetry", "kidney"),
    ("What is the assessment?", {"A": "Portal hypertension present", "B": "Portal hypertension absent"},
     "portal hypertension assessment", "liver"),
    ("What is the volume?", {"A": "Spleen 150 mL", "B": "Spleen 250 mL", "C": "Spleen 400 mL"},
     "organ volume measurement", "spleen"),
])
def test_the_options_decide_when_the_stem_names_nothing(reader: Understanding, stem: str, choices: dict[str, str],
                                                        task: str, organ: str) -> None:
    intent = reader.understand(stem, choices)
    assert (intent.task, intent.organ) == (task, organ)


# kind 5: the organ of the question, not the asker's specialty nor the numerator's reference; an eponym's organ
@pytest.mark.parametrize("specialist", ["Nephrologist", "Hepatologist", "Gastroenterologist", "Urologist"])
@pytest.mark.parametrize(("question", "organ"), [("is the spleen enlarged?", "spleen"),
                                                 ("what is the pancreas volume?", "pancreas"),
                                                 ("how many lesions are in the liver?", "liver")])
def test_the_asker_s_specialty_names_no_organ(reader: Understanding, specialist: str, question: str, organ: str) -> None:
    assert reader.understand(f"{specialist} asking: {question}").organ == organ


@pytest.mark.parametrize(("one", "other"), [("spleen", "liver"), ("liver", "spleen"), ("pancreas", "spleen"),
                                            ("spleen", "pancreas")])
def test_the_organ_set_over_another_is_the_numerator(reader: Understanding, one: str, other: str) -> None:
    intent = reader.understand(f"{one.capitalize()}-to-{other} attenuation ratio?")
    assert (intent.task, intent.organ) == ("organ HU ratio", one)


@pytest.mark.parametrize(("question", "task"), [
    ("What are the Fukuoka worrisome features?", "knowledge question"),
    ("What are the Sendai high-risk stigmata?", "knowledge question"),
    ("Does this cyst show Fukuoka high-risk stigmata?", "pancreatic cyst resectability"),
    ("Per Fukuoka, should the pancreatic cyst be resected?", "pancreatic cyst resectability"),
])
def test_a_pancreatic_eponym_names_the_pancreas(reader: Understanding, question: str, task: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, "pancreas")


# kind 6: a severity word asks a grade
@pytest.mark.parametrize("word", ["intense", "pronounced", "extensive", "severe"])
def test_how_intense_asks_the_grade(reader: Understanding, word: str) -> None:
    assert reader.understand(f"How {word} is the fatty change in the liver?").task == "hepatic steatosis grading"
    assert reader.understand(f"How {word} is the splenic enlargement?").task == "splenomegaly grading"


def test_own_phrasings_tuned_and_held_back_halves(reader: Understanding) -> None:
    """understand15's own phrasings of the six kinds (108, 18 a kind): the even half tuned on (task 0.648 -> 0.981, organ
    0.792 -> 1.000, lesion 0.767 -> 1.000), the odd half held back (task 0.593 -> 0.852, organ 0.854 -> 0.979, lesion
    0.840 -> 0.960). Left in the tuned half: "Compute the diameter ... and report the T stage", read as two parts (the
    diameter first) because set B labels "Measure the pancreatic mass diameter and give the AJCC T stage" so."""
    records = yaml.safe_load(OWN.read_text())["questions"]
    assert len(records) == 108
    for half, floor in ((0, 0.98), (1, 0.85)):
        part = records[half::2]
        intents = [reader.understand(r["q"], r.get("choices")) for r in part]
        for field in ("task", "organ"):
            share = sum(getattr(i, field) == r.get(field) for i, r in zip(intents, part, strict=True)
                        if field == "task" or "organ" in r) / sum(field == "task" or "organ" in r for r in part)
            assert share >= floor, (half, field, share)


@pytest.mark.parametrize(("stem", "options", "organ"), [
    # suite N (a fifth generator's suite): "Fat-containing" among the options drew the renal mass's HU category
    ("Relative to the surrounding left kidney parenchyma, how does the largest kidney tumor appear?",
     ["Isoattenuating", "Fat-containing", "Hyperattenuating", "Hypoattenuating"], "kidney_left"),
    ("Compared with the liver, how does the largest hepatic lesion look?",
     ["Hypodense", "Isodense", "Hyperdense", "Fat-containing"], "liver"),
    ("Versus the pancreatic parenchyma, the largest pancreatic tumour is", ["hypoattenuating", "isoattenuating",
                                                                           "hyperattenuating", "calcified"], "pancreas"),
    ("How does the biggest right renal mass compare with the renal cortex?",
     ["Hyperenhancing", "Hypoenhancing", "Isoenhancing", "Cystic"], "kidney_right"),
])
def test_attenuation_categories_against_the_organ_ask_the_lesion_s_attenuation(reader: Understanding, stem: str,
                                                                                options: list[str], organ: str) -> None:
    intent = reader.understand(stem, dict(zip("ABCD", options, strict=True)))
    assert (intent.task, intent.organ) == ("largest lesion attenuation", organ)


def test_a_renal_mass_category_without_its_organ_stays_a_characterisation(reader: Understanding) -> None:
    choices = {"A": "Simple cyst", "B": "Hyperattenuating cyst", "C": "Indeterminate", "D": "Solid (RCC)"}
    assert reader.understand("What is the renal mass?", choices).task == "renal mass characterization"
