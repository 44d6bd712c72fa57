"""Question kinds first missed on question set AK (session 33), each varied in our own words.

- Options written after the question with a colon or a dash, or numbered "1." ("A: yes B: no", "A - present
  B - absent", "1. present 2. absent"): an offered "no"/"absent" is an answer, not a negation.
- A conditional follow-up or an instruction ("..., and if not, which lower T category?", "yes/no only, no grading
  needed"): its "not"/"no" negates nothing asked; a real negation beside it still counts.
- A one-pair JSON template names what is asked ('{"renal_lesion_present": true|false}', '{"segment_6_lesion_count":
  <int>}', '{"metric": "liver_spleen_hu_ratio"}'); keys that say how to answer ('{"answer": "A|B"}') do not.
- Out of scope: an ECG, survival prediction, starting a drug (beta-blocker, statin, anticoagulant).
"""

from __future__ import annotations

import pytest

from questions.fields import json_asked
from questions.polarity import is_negated
from questions.understanding import understand


@pytest.mark.parametrize("question", [
    "Any mass in the left kidney? A: yes B: no",
    "Is a liver cyst seen? a: present b: absent",
    "Pancreatic tumour on this scan? A - yes B - no",
    "Is there a renal neoplasm? A – present B – absent",
    "Colon lesion anywhere? 1. present 2. absent",
    "Does the spleen look enlarged? 1: yes 2: no",
])  # fmt: skip
def test_options_after_the_question_do_not_negate_it(question: str) -> None:
    assert is_negated(question) is False
    assert understand(question).negated is False


@pytest.mark.parametrize("question", [
    "Is the liver free of lesions? A: yes B: no",
    "Is the spleen of normal size? 1. yes 2. no",
    "Can a kidney tumour be excluded? A - yes B - no",
])  # fmt: skip
def test_a_negated_question_stays_negated_with_such_options(question: str) -> None:
    assert understand(question).negated is True


@pytest.mark.parametrize(("question", "negated"), [
    ("Does the pancreatic mass involve the SMA, and if not, which T category is it?", False),
    ("Is there splenomegaly -- yes/no only, no grading needed.", False),
    ("Liver lesion present? No explanation required.", False),
    ("If there is no lesion, say so. Is there a kidney cyst?", False),
    ("Is the spleen not enlarged? If so, say by how much.", True),
    ("Is the liver free of tumour, and if not, how many lesions?", True),
])  # fmt: skip
def test_a_follow_up_or_an_instruction_negates_nothing(question: str, negated: bool) -> None:
    assert is_negated(question) is negated


@pytest.mark.parametrize(("question", "task", "organ"), [
    ('Output {"renal_lesion_present": true|false} for the kidneys.', "kidney lesion existence", "kidney"),
    ('Check the liver and fill {"liver_lesion": true|false}', "liver lesion existence", "liver"),
    ('JSON {"segment_6_lesion_count": <int>}', "lesion count by location", "liver"),
    ('{"pancreatic_lesion_count": <int>} please', "lesion counting", "pancreas"),
    ('{"metric": "liver_spleen_hu_ratio"} - compute it', "organ HU ratio", "liver"),
    ('{"measure": "spleen_volume_ml"}', "organ volume measurement", "spleen"),
])  # fmt: skip
def test_a_one_pair_json_template_names_the_ask(question: str, task: str, organ: str) -> None:
    intent = understand(question)
    assert (intent.task, intent.organ) == (task, organ), json_asked(question)


@pytest.mark.parametrize("question", [
    'Reply {"answer": "A|B|C|D"}. Is the spleen enlarged?',
    'Is the spleen enlarged? Format: {"reason": "..."}',
])  # fmt: skip
def test_a_format_key_leaves_the_question_as_it_is(question: str) -> None:
    assert json_asked(question) == question
    assert understand(question).task == "splenomegaly detection"


@pytest.mark.parametrize("question", [
    "INTERPRET THE ECG", "Read this EKG please", '{"task": "predict_5yr_survival"}',
    "What is the 3-year survival for this patient?", "Should we start a beta-blocker? A. yes B. no",
    "Does she need a statin?", "Should anticoagulation be started?",
])  # fmt: skip
def test_other_tests_prognosis_and_drugs_are_out_of_scope(question: str) -> None:
    assert understand(question).task == "out of scope"


@pytest.mark.parametrize(("question", "task"), [
    ("Cirrhosis, platelets 72k, INR 1.6. Does the CT suggest portal hypertension? A) yes B) no",
     "portal hypertension assessment"),
    ("Low platelets (60k); is the spleen enlarged?", "splenomegaly detection"),
    ("Hb 9.1, INR 1.4 - is there hepatic steatosis?", "fatty liver"),
    ("What is her platelet count?", "out of scope"),
])  # fmt: skip
def test_laboratory_values_in_the_history_leave_the_imaging_question_asked(question: str, task: str) -> None:
    assert understand(question).task == task


@pytest.mark.parametrize("question", [
    "Liver mets: sum of target diameters was 84 mm at baseline. Current RECIST category?",
    "Baseline sum of diameters 61 mm. What is the RECIST 1.1 response now?",
    "Target lesions summed to 40 mm at baseline; response category today?",
])  # fmt: skip
def test_a_response_asked_after_a_baseline_value_is_the_recist_response(question: str) -> None:
    assert understand(question).task == "recist response"


@pytest.mark.parametrize(("question", "task"), [
    ("LESION COUNT CHANGE LIVER", "lesion change"),
    ("Liver lesion count change?", "lesion change"),
    ("Prelim read for the ED attending -- whole abdomen, no specific question.", "report"),
    ("Wet read please, no particular question.", "report"),
])  # fmt: skip
def test_terse_orders_for_a_change_or_a_read(question: str, task: str) -> None:
    assert understand(question).task == task
