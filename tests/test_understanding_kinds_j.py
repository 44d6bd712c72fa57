"""Kinds of question set J (the ninth round's held-out set), each fixed as a rule and varied here with phrasings of
our own (organ, side, order, wording): none of these questions is in set J. Only J's odd-numbered items were read
while tuning; its even-numbered half was held back to estimate what a new author's set shows.

- a value stated in passing before the question ("Spleen 420 mL.") is history when the question asks about another
  organ: it neither names the organ nor the task;
- a whole report asked in other words: a general work-up or review of the study, or every organ listed and gone
  through with a summary;
- disease held against disease across the sub-segments of one organ ("worst affected", "where is the disease
  heaviest") compares their lesions, though no lesion word is said;
- a grade word said after the finding ("Is the splenomegaly severe?") asks the grade;
- a lesion group's growth or shrinkage asked with no RECIST word ("Have they grown, shrunk or stayed the same?") is
  the group's lesion change (sets G-J label it so; A-F have no such label), RECIST only when its words are said;
- a clinical word typed in two pieces ("neuro-endocrine", "adeno carcinoma") is the word;
- a lesion's contact with the vessels of resection (SMA, SMV, coeliac axis, portal vein) asks its resectability;
- "What stage?" after a diagnosis stated as known asks the stage, not the finding's existence;
- "What about the pancreas - anything focal?": the organ named after "what about" is the question's topic;
- a kidney lesion's renal kinds (clear-cell or papillary RCC, angiomyolipoma, oncocytoma) or "benign or malignant"
  ask renal mass characterisation (a liver lesion's "benign or malignant" stays its type, as sets H and I label it);
  Bosniak classes offered as options ask this patient's lesion, not the rule;
- a lesion's HU held against its organ's as a "contrast", "gap", "delta" or "attenuation difference" asks the number.
"""

from __future__ import annotations

import pytest

from questions.understanding import Understanding, default_understanding


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Spleen 420 mL. What is the volume of the left kidney?", "organ volume measurement", "kidney_left"),
    ("Right kidney 160 mL. Is the pancreas atrophic?", "organ enlargement", "pancreas"),
    ("Spleen 55 HU. What is the mean attenuation of the liver?", "organ HU measurement", "liver"),
    ("Liver 2.1 L, spleen 380 mL, pancreas 70 mL. How many lesions are in the right kidney?", "lesion counting",
     "kidney_right"),  # a side is the kidney counted in, not a place within it
    ("Pancreas 48 HU. Are the two kidneys of equal size?", "bilateral kidney asymmetry", "kidney"),
])
def test_a_value_stated_in_passing_of_another_organ_is_history(reader: Understanding, question: str, task: str,
                                                                organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize("question", [
    "Liver 2100 mL. Is it enlarged?",  # the stated value is the question's own organ: read with it
    "Spleen 610 mL. Is there splenomegaly?",
])
def test_a_value_stated_of_the_organ_asked_stays_with_the_question(reader: Understanding, question: str) -> None:
    intent = reader.understand(question)
    assert intent.task in ("organ enlargement", "splenomegaly detection")
    assert intent.organ in ("liver", "spleen")


@pytest.mark.parametrize("question", [
    "Referral letter: 70M, anaemia. A complete evaluation of the abdomen, please.",
    "MDT note: first visit. Overall review of this CT.",
    "Kidneys, liver and spleen: run through each and sum up.",
    "Walk through all the organs and give me an impression.",
    "Pancreas, spleen, both kidneys - work through them all and report.",
])
def test_a_whole_report_asked_in_other_words(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == "report"


@pytest.mark.parametrize(("question", "organ"), [
    ("Which part of the pancreas is worst affected?", "pancreas"),
    ("Which segment of the liver is least affected?", "liver"),
    ("Which lobe of the liver is most heavily involved by metastases?", "liver"),
    ("Across the Couinaud segments, where is the tumour load greatest?", "liver"),
    ("Of the hepatic segments, which carries the bulk of the disease?", "liver"),
])
def test_disease_compared_across_sub_segments(reader: Understanding, question: str, organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == ("inter-segment comparison", organ)
    assert intent.lesion == f"{organ}_lesion"


@pytest.mark.parametrize(("question", "task"), [
    ("Which segment holds the biggest liver lesion, the most affected one?", "largest lesion location"),
    ("Which organ is most affected?", "multi-organ lesion burden comparison"),
])
def test_the_largest_lesion_or_organs_compared_are_not_sub_segments(reader: Understanding, question: str,
                                                                   task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize("question", [
    "Is the splenomegaly severe?",
    "Is the splenomegaly in this patient marked or only mild?",
    "The splenomegaly - would you call it moderate?",
])
def test_a_grade_word_after_the_finding_asks_the_grade(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == "splenomegaly grading"


def test_a_grade_word_alone_is_still_presence(reader: Understanding) -> None:
    assert reader.understand("Is there splenomegaly?").task == "splenomegaly detection"


@pytest.mark.parametrize("question", [
    "Previous CT showed three kidney lesions. Have they grown, shrunk or stayed the same?",
    "Pancreatic lesions versus last year: larger or smaller?",
    "Have the kidney lesions shrunk after treatment compared with the previous CT?",
    "Colonic lesions, more or less than on the last scan?",
    "Since the prior study, have the hepatic metastases got bigger?",
])
def test_a_groups_growth_without_recist_words_is_a_lesion_change(reader: Understanding, question: str) -> None:
    intent = reader.understand(question)
    assert intent.task == "lesion change", intent
    assert intent.quantities[0].endswith("total_lesion_volume_change_pct"), intent


@pytest.mark.parametrize("question", [
    "Did the liver mets respond since baseline?",
    "Have the kidney lesions progressed compared with the previous CT?",
    "Sum of target diameters versus the prior: what category?",
])
def test_recist_words_still_ask_recist(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == "recist response"


@pytest.mark.parametrize(("question", "task"), [
    ("Is there a pancreatic neuro-endocrine tumour?", "PNET existence"),
    ("Any sign of a neuro endocrine neoplasm in the pancreas?", "PNET existence"),
    ("Could there be an adeno carcinoma in the pancreatic head?", "PDAC existence"),
    ("Is there spleno-megaly?", "splenomegaly detection"),
])
def test_a_clinical_word_in_two_pieces(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "task"), [
    ("Is the superior mesenteric artery encased by the pancreatic tumour?", "pancreatic lesion resectability"),
    ("Is the pancreatic lesion in contact with the coeliac axis?", "pancreatic lesion resectability"),
    ("Does the pancreatic body mass involve the SMV?", "pancreatic lesion resectability"),
    ("Does the kidney tumour touch the liver?", "adjacent organ"),  # an organ, not a vessel of resection
    ("Which organ does the pancreatic mass abut?", "adjacent organ"),
])
def test_contact_with_the_vessels_of_resection(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "organ"), [
    ("Known kidney cancer. What T category?", "kidney"),
    ("Biopsy-proven HCC. Which stage?", "liver"),
    ("Pancreatic adenocarcinoma on biopsy. Which T stage applies?", "pancreas"),
])
def test_a_stage_asked_after_a_known_diagnosis(reader: Understanding, question: str, organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == ("pancreatic tumor staging", organ)


def test_a_stage_defined_stays_knowledge(reader: Understanding) -> None:
    assert reader.understand("What T category defines a 5 cm kidney tumour?").task == "knowledge question"


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Kidneys fine. How about the liver? Any lesions?", "liver lesion existence", "liver"),
    ("Spleen and liver clear. What about the left kidney: any tumour?", "kidney tumor existence", "kidney_left"),
    ("What about the spleen, is it enlarged?", "splenomegaly detection", "spleen"),
    ("Colorectal cancer staging - hepatic mets?", "liver lesion existence", "liver"),  # a label, not "what about"
])
def test_what_about_an_organ_names_the_topic(reader: Understanding, question: str, task: str, organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "choices", "organ"), [
    ("Left kidney lesion - papillary or chromophobe?", None, "kidney_left"),
    ("Is the right renal mass benign or malignant?", None, "kidney_right"),
    ("Kidney tumour: oncocytoma versus renal cell carcinoma?", None, "kidney"),
    ("Bosniak group of the cyst: 1) I 2) II 3) IIF 4) III 5) IV", None, "kidney"),
    ("Which Bosniak class?", {"A": "I", "B": "II", "C": "IIF", "D": "III", "E": "IV"}, "kidney"),
])
def test_a_kidney_lesions_renal_kind_is_characterisation(reader: Understanding, question: str,
                                                        choices: dict[str, str] | None, organ: str) -> None:
    intent = reader.understand(question, choices)
    assert (intent.task, intent.organ) == ("renal mass characterization", organ)


@pytest.mark.parametrize(("question", "task"), [
    ("Is the hepatic lesion benign or malignant?", "lesion type classification"),
    ("Benign cyst or tumour - classify the renal lesion.", "lesion type classification"),  # cyst vs tumour (set D)
    ("What does Bosniak IIF mean?", "knowledge question"),
])
def test_other_kinds_stay(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "organ"), [
    ("Density gap between the colon tumour and the colonic wall?", "colon"),
    ("What is the density difference between the largest kidney lesion and the kidney?", "kidney"),
    ("Tell me the HU contrast of the hepatic lesion against background liver.", "liver"),
    ("Delta HU, pancreatic mass versus pancreas?", "pancreas"),
])
def test_a_lesions_hu_held_against_its_organ(reader: Understanding, question: str, organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == ("tumor organ HU difference", organ)


def test_a_category_asked_stays_the_category(reader: Understanding) -> None:
    assert reader.understand("Is the liver lesion hypodense compared with the liver?").task == "largest lesion attenuation"


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Kidneys fine. What about the pancreas - fat infiltration, present or not?", "pancreatic steatosis", "pancreas"),
    ("Liver is fatty - what about pancreatic fat infiltration, present or not?", "pancreatic steatosis", "pancreas"),
])
def test_what_about_a_finding_keeps_the_finding(reader: Understanding, question: str, task: str, organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)
