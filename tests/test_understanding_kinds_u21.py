"""Question understanding: the kinds behind set S's misses (session 21), each fixed as a kind and varied here with
phrasings written for this module (other organs, orders and wordings than S's):

- a planner's numbered step ("Step 4:", "Step 3 of 7:") is read past; its closing "return ..." / "label a/b/c" /
  "Output 'x' or 'y'." says the decision or only how to answer it;
- a trial's quoted eligibility criterion asked of this subject is a question about this scan (its "baseline CT" is
  the study screened now);
- lay words: "a real tumour, not just a cyst" asks the tumour; "Which part of the liver is it in?" after a history
  naming a lesion asks that lesion's place;
- abbreviations (PHTN, AAA) are spelled out;
- a question said not to be about this patient ("in general, not about me"), an examination stem ("All of the
  following ... EXCEPT", "Which statement about RECIST 1.1 is true?") and a vignette under a named rule are knowledge
  questions, whatever their options weigh; an examination stem about this patient's finding asks the image;
- structures and checks no task answers (an adrenal nodule in any word order, lymph nodes named by their place, a
  vessel's diameter, image-quality artefacts) are out of scope;
- "Confirm: X" asks X with X's own polarity; "smaller than normal" asserts a finding; a label naming a finding
  before "any evidence ...?" is the finding asked.
"""

from __future__ import annotations

import pytest

from core.tasks import OUT_OF_SCOPE
from questions.understanding import Understanding, default_understanding

KNOWLEDGE = "knowledge question"


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Step 2: compare V(kidney_right) with V(kidney_left) and return the side with the smaller volume.",
     "kidney volume comparison", "kidney"),
    ("Step 3 of 9: evaluate hepatic steatosis from the liver-to-spleen attenuation ratio; return yes/no.",
     "fatty liver", "liver"),
    ("Step 4: assess splenomegaly using the splenic volume; output yes/no.", "splenomegaly detection", "spleen"),
    ("Step 5: compare the largest liver lesion's mean HU with the liver parenchyma; label hypo/iso/hyper.",
     "largest lesion attenuation", "liver"),
    ("Step 2: compare the lesion counts of Couinaud segments 2 and 7; return the segment with more lesions.",
     "inter-segment comparison", "liver"),
    ("Step 9: sum lesion volumes in the kidneys, pancreas and liver; return the organ with the highest burden.",
     "multi-organ lesion burden comparison", None),
    ("Step 6: list the structures within 2 voxels of the left kidney tumour mask.", "adjacent organ", "kidney_left"),
    ("Step 1: from the kidney volumes, decide whether the kidneys are asymmetric. Return 'asymmetric' or 'symmetric'.",
     "bilateral kidney asymmetry", "kidney"),
    ("Compare the largest liver lesion's mean HU with the liver parenchyma, and report hypo, iso or hyper.",
     "largest lesion attenuation", "liver"),
    ("Compute the spleen volume, then report mild, moderate or severe.", "splenomegaly grading", "spleen"),
])
def test_a_planner_step_asks_its_decision(reader: Understanding, question: str, task: str, organ: str | None) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "task", "organ", "negated"), [
    ("Inclusion criterion 1: 'Hepatic steatosis on the baseline scan.' Does the participant satisfy it?",
     "fatty liver", "liver", False),
    ("Exclusion criterion 3: 'Any pancreatic lesion on baseline CT.' Does the subject meet it?",
     "pancreatic lesion existence", "pancreas", False),
    ("Eligibility criterion 5: 'No enlarged spleen at baseline imaging.' Is it met?", "splenomegaly detection",
     "spleen", True),
    ("Trial eligibility: 'Measurable kidney tumour on baseline CT.' Is there a tumour in either kidney?",
     "kidney tumor existence", "kidney", False),
])
def test_a_quoted_trial_criterion_asks_this_scan(reader: Understanding, question: str, task: str, organ: str,
                                                 negated: bool) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ, intent.negated) == (task, organ, negated)


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("The letter says 'left renal lesion'. Is it an actual tumour, and not merely a cyst?", "kidney tumor existence",
     "kidney_left"),
    ("Is the right kidney mass a true tumour, not only a cyst?", "kidney tumor existence", "kidney_right"),
    ("My oncologist mentioned the largest spot in my liver. Which segment of the liver is it in?",
     "largest lesion location", "liver"),
    ("They found a mass in my right kidney last week. Where in the kidney is it located?", "largest lesion location",
     "kidney"),
    ("Largest liver lesion - which lobe of the liver is it in?", "largest lesion location", "liver"),  # a label, kept
])
def test_lay_words_ask_the_finding(reader: Understanding, question: str, task: str, organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)
    assert intent.lesion is not None
    assert not intent.negated


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("PHTN: any features on today's CT?", "portal hypertension assessment", "liver"),
    ("Known PHTN. Is the spleen enlarged?", "splenomegaly detection", "spleen"),
    ("Hepatomegaly - any signs on this scan?", "organ enlargement", "liver"),
    ("Splenomegaly: any evidence here from the volume?", "splenomegaly detection", "spleen"),
])
def test_abbreviations_and_finding_labels(reader: Understanding, question: str, task: str, organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "choices"), [
    ("Purely hypothetically, how large is a normal kidney?", None),
    ("Not about my scan, just curious: what liver attenuation counts as fatty?", None),
    ("All of the following are features of a simple renal cyst EXCEPT:",
     {"A": "Fluid attenuation", "B": "Thin wall", "C": "Enhancing nodule", "D": "Homogeneous content"}),
    ("Each of the following is a Couinaud segment of the right lobe except", None),
    ("Which of the following statements about the Bosniak classification is correct?",
     {"A": "Category I cysts need surgery", "B": "Category IV lesions are likely malignant"}),
    ("Per the AJCC staging system, what T category is a kidney tumour of 8 cm confined to the kidney?",
     {"A": "T1a", "B": "T1b", "C": "T2a", "D": "T3"}),
])
def test_a_question_said_general_or_an_exam_stem_is_knowledge(reader: Understanding, question: str,
                                                               choices: dict[str, str] | None) -> None:
    assert reader.understand(question, choices).task == KNOWLEDGE


@pytest.mark.parametrize(("question", "task"), [
    ("The left kidney lesion touches all of the following structures EXCEPT:", "adjacent organ"),
    ("Which statement about the colon lesion versus the prior study is true?", "lesion change"),
])
def test_an_exam_stem_about_this_patients_finding_asks_the_image(reader: Understanding, question: str,
                                                                 task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize("question", [
    "Does the right adrenal gland contain a mass?",
    "Is there an adrenal adenoma on the left?",
    "Any enlarged retroperitoneal lymph nodes?",
    "Peripancreatic lymph nodes - are any enlarged?",
    "What is the diameter of the abdominal aorta?",
    "Screening for AAA: how wide is the aorta?",
    "Is the study degraded by beam-hardening artefact from the hip prosthesis?",
    "QA check: any motion artifact on this CT?",
])
def test_structures_and_checks_no_task_answers_are_out_of_scope(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == OUT_OF_SCOPE


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Is the peripancreatic fat stranding an artefact, or is there a pancreatic lesion?", "pancreatic lesion existence",
     "pancreas"),
    ("Does the right kidney lesion abut the adrenal gland?", "adjacent organ", "kidney_right"),
])
def test_in_scope_questions_beside_those_words_stay_in_scope(reader: Understanding, question: str, task: str,
                                                             organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "task", "negated"), [
    ("Confirm: spleen not enlarged.", "splenomegaly detection", True),
    ("Please confirm that the pancreas is free of lesions.", "pancreatic lesion existence", True),
    ("Verify: the two kidneys are of equal size.", "bilateral kidney asymmetry", True),
    ("Confirm: hepatic steatosis present.", "fatty liver", False),
    ("Confirm: the right kidney has a cyst.", "kidney cyst existence", False),
])
def test_confirm_asks_the_statement_with_its_polarity(reader: Understanding, question: str, task: str,
                                                      negated: bool) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.negated) == (task, negated)


@pytest.mark.parametrize("question", [
    "Is my left kidney smaller than normal?",
    "Could the spleen be below the normal size?",
    "Is the liver less than normal in volume?",
])
def test_smaller_than_normal_asserts_a_finding(reader: Understanding, question: str) -> None:
    assert not reader.understand(question).negated


@pytest.mark.parametrize(("question", "choices", "task", "organ"), [
    ("Which statement is true about the pancreas?",
     {"A": "It is enlarged", "B": "It is normal in size", "C": "It is atrophic"}, "organ enlargement", "pancreas"),
    ("Which of these statements about the liver lesions is correct for this patient?",
     {"A": "They are all of similar size", "B": "One lesion is far larger than the others", "C": "There is one lesion"},
     "lesion outlier", "liver"),
    ("Which statement best describes the left kidney?",
     {"A": "It contains at least one lesion", "B": "It is free of lesions"}, "kidney lesion existence", "kidney_left"),
    ("Which statement about the spleen is true here?",
     {"A": "The spleen is enlarged", "B": "The spleen is not enlarged"}, "splenomegaly detection", "spleen"),
    ("Which statement is true about the largest pancreatic lesion?",
     {"A": "It is darker than the pancreas", "B": "It is as dense as the pancreas", "C": "It is brighter than the pancreas"},
     "largest lesion attenuation", "pancreas"),
])
def test_a_stem_naming_only_its_subject_is_asked_by_its_options(reader: Understanding, question: str,
                                                                choices: dict[str, str], task: str, organ: str) -> None:
    intent = reader.understand(question, choices)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "choices", "task"), [
    ("big kidney cyst + tiny ones? outlier yes/no", None, "lesion outlier"),
    ("Is one pancreatic lesion 5 times the size of the others?", None, "lesion outlier"),
    ("Does the liver have a lesion at least twice as large as the rest?", {"A": "Yes", "B": "No", "C": "No lesions"},
     "lesion outlier"),
    ("Is there a meaningful volume disparity between the kidneys?", None, "bilateral kidney asymmetry"),
    ("Is there a solid tumour in the right kidney?", {"A": "Yes", "B": "No", "C": "Only a simple cyst"},
     "kidney tumor existence"),
    ("Which Bosniak band does the left renal cyst's HU fall in, and what does that mean for it?",
     {"A": "-10 to 20 HU: simple cyst", "B": "20 to 70 HU: indeterminate", "C": ">= 70 HU: hyperattenuating"},
     "renal mass characterization"),
])
def test_outliers_asymmetry_and_offered_answers(reader: Understanding, question: str, choices: dict[str, str] | None,
                                                task: str) -> None:
    assert reader.understand(question, choices).task == task


@pytest.mark.parametrize(("question", "task", "organ", "negated"), [
    ("Outside report: 'liver 1,950 mL, enlarged.' Today, is the liver enlarged?", "organ enlargement", "liver", False),
    ("Prior read: 'right renal cyst 12 mm, no follow-up needed.' Is there a solid mass in the right kidney on this scan?",
     "kidney tumor existence", "kidney_right", False),
    ("The surgeon wants to know if the liver is free of lesions before the resection. Is it?",
     "liver lesion existence", "liver", True),
    ("Our GP asked whether the kidneys are enlarged. Are they?", "organ enlargement", "kidney", False),
    ("Are the liver metastases responding to the treatment?", "recist response", "liver", False),
    ("The left kidney looks small. What is its volume?", "organ volume measurement", "kidney_left", False),
    ("Gallbladder seems large. What is its mean HU?", "organ HU measurement", "gall_bladder", False),
])
def test_history_words_are_not_the_question(reader: Understanding, question: str, task: str, organ: str,
                                            negated: bool) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ, intent.negated) == (task, organ, negated)


@pytest.mark.parametrize(("question", "expected"), [
    ("Is there renal artery stenosis or a kidney lesion?", "stenosis"),
    ("Peripancreatic fat: any pancreatic lesion?", "peripancreatic"),
    ("Are the criteria met for splenomegaly?", "criteria met"),
])
def test_words_that_are_no_slips(reader: Understanding, question: str, expected: str) -> None:
    assert expected in reader.clean(question).lower()


def test_a_subject_only_stem_with_values_offered_asks_the_value(reader: Understanding) -> None:
    intent = reader.understand("Which option best describes the spleen volume?",
                               {"A": "About 150 mL", "B": "About 300 mL", "C": "About 600 mL"})
    assert (intent.task, intent.organ) == ("organ volume measurement", "spleen")
