"""Session 30's understanding kinds (question set AF's misses, tuned on after its first score, and two free-text
questions of suite AE answered wrong), each varied in our own words: an organ named through its neighbour ("the organ
next to the left kidney - the spleen -"); a lesion of an organ outside the abdomen, a laboratory order and a poem are
out of scope; an order to explain a rule, a threshold asked in German and a T3/T4 difference asked in Spanish are
knowledge questions; a grade "the spleen volume indicates" is this spleen's grade; "where is the tumour burden
highest" across named organs ranks the organs."""

from __future__ import annotations

import pytest

from questions.analysis import neighbour_named
from questions.multilingual import english_question
from questions.understanding import understand


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Is the organ next to the left kidney - the spleen - bigger than normal?", "splenomegaly detection", "spleen"),
    ("The organ just above the right kidney, the liver, does it hold any focal lesion?", "liver lesion existence",
     "liver"),
    ("Is the structure beside the stomach — the spleen — enlarged?", "splenomegaly detection", "spleen"),
    ("The liver's neighbour, the right kidney: is it enlarged?", "organ enlargement", "kidney_right"),
    ("The spleen's neighbour, the pancreas: how large is its volume?", "organ volume measurement", "pancreas"),
])  # fmt: skip
def test_an_organ_named_through_its_neighbour_is_the_one_asked(question: str, task: str, organ: str) -> None:
    intent = understand(question)
    assert (intent.task, intent.organ) == (task, organ), (neighbour_named(question), intent)


@pytest.mark.parametrize("question", [
    "Is there a brain metastasis?",
    "Any metastasis in the brain on this study?",
    "Is the thyroid nodule TI-RADS 4?",
    "Does the heart show a mass?",
    "Order a CBC and LFTs for this patient.",
    "Please request a liver panel and a hepatology referral.",
    "Write me a poem about the liver.",
    "Compose a short song about the kidneys.",
])
def test_what_no_abdominal_ct_task_answers_is_out_of_scope(question: str) -> None:
    assert understand(question).task == "out of scope"


@pytest.mark.parametrize("question", [
    "Any liver metastases? History of breast cancer.",
    "Thyroid cancer survivor: is the spleen enlarged?",
    "Tell me the liver volume.",
])
def test_an_abdominal_question_beside_those_words_stays_in_scope(question: str) -> None:
    assert understand(question).task != "out of scope"


@pytest.mark.parametrize("question", [
    "Explain the Fukuoka high-risk stigmata for IPMN.",
    "Please explain the Bosniak classification.",
    "List the AJCC criteria for T4 pancreatic cancer.",
    "Was ist die HU-Schwelle für Lebersteatose im nativen CT?",
    "Was ist der Grenzwert für Splenomegalie?",
    "¿Qué diferencia hay entre T3 y T4 en el cáncer de páncreas según AJCC 8?",
])
def test_a_rule_asked_in_general_is_a_knowledge_question(question: str) -> None:
    intent = understand(question)
    assert intent.task == "knowledge question", (english_question(question), intent.task)


@pytest.mark.parametrize("question", [
    "Explain the findings of this pancreatic lesion.",
    "Describe the liver lesions seen here.",
])
def test_describing_this_image_is_not_a_knowledge_question(question: str) -> None:
    assert understand(question).task != "knowledge question"


@pytest.mark.parametrize(("question", "task"), [
    ("What grade of splenomegaly, if any, does the spleen volume indicate?", "splenomegaly grading"),
    ("Which steatosis grade does the liver attenuation suggest?", "hepatic steatosis grading"),
    ("Does the spleen size indicate splenomegaly?", "splenomegaly detection"),
])
def test_what_this_images_value_indicates_is_the_patients_category(question: str, task: str) -> None:
    assert understand(question).task == task


@pytest.mark.parametrize("question", [
    "Across liver, kidneys, pancreas and colon, where is the tumour burden (total lesion volume) highest?",
    "Of the liver, the kidneys and the pancreas, which carries the greatest tumour load (summed lesion volume)?",
    "Liver vs kidneys vs pancreas: where is the lesion burden (total lesion volume) largest?",
])
def test_where_a_burden_is_highest_across_named_organs_ranks_them(question: str) -> None:
    assert understand(question).task == "multi-organ lesion burden comparison"


# Suite AF (session 30, another author's DeepTumorVQA-format suite, first scored before these): a kind named as a
# lesion's type asks that kind's presence; an instruction saying what a yes means decides the polarity; options that
# are findings ask a verdict, whatever measurement the stem names as its means.
@pytest.mark.parametrize(("question", "task"), [
    ("Is a PDAC-type lesion (solid, hypoenhancing relative to the pancreas) present?", "PDAC existence"),
    ("Any PDAC-like mass in the pancreas?", "PDAC existence"),
    ("Is a lesion of PNET type present?", "PNET existence"),
    ("Is a PNET lesion present?", "PNET existence"),
    ("Is the pancreatic mass a PDAC or a PNET?", "PDAC vs PNET classification"),
])
def test_a_kind_named_as_a_lesions_type_asks_its_presence(question: str, task: str) -> None:
    assert understand(question).task == task


@pytest.mark.parametrize(("question", "negated"), [
    ("Are the kidneys free of focal lesions? Answer Yes if a lesion IS present.", False),
    ("Is the liver free of lesions? Reply yes when a lesion is seen.", False),
    ("Is there a pancreatic lesion? Answer yes if the pancreas is free of lesions.", True),
    ("Any colon tumour? Say yes only if one is found.", False),
])
def test_an_instruction_saying_what_yes_means_decides_the_polarity(question: str, negated: bool) -> None:
    assert understand(question).negated is negated


@pytest.mark.parametrize(("question", "choices", "task"), [
    ("Assess for hepatic steatosis using liver attenuation and the liver/spleen ratio.",
     {"A": "Hepatic iron overload", "B": "Diffuse cirrhotic change", "C": "Fatty liver (hepatic steatosis)",
      "D": "No fatty liver"}, "fatty liver"),
    ("Evaluate the spleen using its volume.",
     {"A": "Splenomegaly", "B": "No splenomegaly", "C": "Asplenia", "D": "Accessory spleen"}, "splenomegaly detection"),
])
def test_options_that_are_findings_ask_a_verdict(question: str, choices: dict[str, str], task: str) -> None:
    assert understand(question, choices).task == task


# Question set AG (session 30, another author, first scored on 5781545 before these): a sub-segment ranked by volume
# without "which"; dictated "legion"; weather, blood group, another modality's study and months left to live.
@pytest.mark.parametrize("question", [
    "Smallest part of the pancreas by volume?",
    "Rank the liver segments from largest to smallest volume.",
    "Head or tail of the pancreas: larger part by volume?",
    "Welches Lebersegment hat das kleinste Volumen?",
    "Biggest portion of the liver by volume, segment-wise?",
])
def test_parts_ranked_by_volume_are_the_inter_segment_comparison(question: str) -> None:
    assert understand(question).task == "inter-segment comparison"


@pytest.mark.parametrize(("question", "task"), [
    ("How many colon legions?", "lesion counting"),
    ("panc legion y/n", "pancreatic lesion existence"),
    ("Any liver legion?", "liver lesion existence"),
])
def test_a_dictated_legion_is_a_lesion(question: str, task: str) -> None:
    assert understand(question).task == task


@pytest.mark.parametrize("question", [
    "What is the patient's blood group?",
    "Wie wird das Wetter morgen in München?",
    "Can you read yesterday's chest X-ray for me?",
    "Is the LV ejection fraction reduced on the echo?",
    "Given the liver lesions, how many months does the patient have left to live?",
])
def test_what_this_ct_cannot_answer_is_out_of_scope(question: str) -> None:
    assert understand(question).task == "out of scope"
