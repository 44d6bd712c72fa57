"""Kinds of question set I (the eighth round's held-out set, scored before any tuning), each fixed as a rule and
varied here with phrasings of our own (organ, side, order, options format): none of these questions is in set I.

- where the history ends and the request starts: a statement of a finding ("Pancreas and liver fine.", "Spleen
  unchanged.", "Liver is clear of mets, so:") is history, never the question's topic label, before or after the
  question; a purpose clause ("For surgical planning,") says why, not what; a pronoun after an organ the question
  names ("what about the liver - is it enlarged?") is that organ; a terse finding word ("Splenomegaly?") names its
  own subject;
- what options say about the task, inline as well as given: directions of change ask a lesion change, distribution
  words the clustering, organs the burden comparison, numbered lesions ("lesion 1") which lesion, not a number;
- what quantity is asked: a lesion group's change with no direction or measure, lesions resolved, a year-named prior
  (a lesion change, not RECIST); a lesion's HU "in Hounsfield units" or as a "CT number" (its own value, not a
  difference); a summed lesion volume (not presence); organs joined by "+" (a sum); a kidney size discrepancy with
  a cut-off (their asymmetry);
- a lesion's kind: two kinds set against each other ("HCC or simple cyst", "mets or cysts"), "the nature of the
  largest lesion"; one lesion that does not fit the others (the outlier, not negated); Bosniak named alone; a
  lesion's contact with a structure (its neighbour) and a pancreatic cyst's management ("Operate or watch?");
- the bulk of a liver's disease asked by segment or lobe (the segments compared); a normal value asked ("What is the
  normal liver-to-spleen attenuation ratio?", a reference: a knowledge question);
- polarity: "X or normal X?" asks either; the shorthand "r/o X" (a requisition's "evaluate for X") asks presence.
"""

from __future__ import annotations

import pytest

from questions.context import question_of, split_context
from questions.intents import parse_choices
from questions.understanding import Understanding, default_understanding


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Spleen and pancreas unremarkable. Left kidney - any tumour?", "kidney tumor existence", "kidney_left"),
    ("Kidneys fine, liver fine. Pancreatic tail: mass present?", "pancreatic lesion existence", "pancreas"),
    ("The spleen is clear of lesions, so: how many lesions are there in the liver?", "lesion counting", "liver"),
    ("Pancreas is clear, so: how many lesions are in the right kidney?", "lesion counting", "kidney_right"),  # a side
    # names the kidney counted in, not a place within it (sets I, L, M and session 14's label it so)
    ("Which liver segment holds the largest lesion? The kidneys are unremarkable.", "largest lesion location", "liver"),
    ("How many pancreatic lesions are there? Liver looks normal.", "lesion counting", "pancreas"),
    ("For MDT purposes, where in the kidney is the largest mass? Spleen is normal.", "largest lesion location", "kidney"),
    ("For staging purposes, which liver segment holds the largest lesion?", "largest lesion location", "liver"),
    ("Liver is obviously enlarged; what about the spleen - is it big too?", "splenomegaly detection", "spleen"),
    ("Pancreas looks fine; how about the spleen - is it enlarged?", "splenomegaly detection", "spleen"),
    ("Pancreas looks atrophic. Hepatomegaly?", "organ enlargement", "liver"),
    ("Liver looks cirrhotic. Splenomegaly?", "splenomegaly detection", "spleen"),
])
def test_a_stated_finding_is_history_and_the_request_decides(reader: Understanding, question: str, task: str,
                                                              organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ), intent


@pytest.mark.parametrize(("text", "context"), [
    ("In which segment is the largest liver lesion? Spleen is normal.", "Spleen is normal."),
    ("Where is the largest kidney mass? The liver and pancreas look fine.", "The liver and pancreas look fine."),
    ("For surgical planning, in what part of the pancreas is the tumour?", "For surgical planning."),
])
def test_history_after_the_question_and_a_purpose_are_context(text: str, context: str) -> None:
    assert split_context(text)[0] == context
    assert context.rstrip(".") not in question_of(text)[0]


def test_options_after_the_question_are_no_history() -> None:
    """Lettered options after the question name findings ("A) normal B) enlarged") but state none."""
    for text in ("Which best describes the liver? A) normal B) enlarged", "Spleen size? (a) normal (b) enlarged"):
        assert split_context(text) == ("", text)


def test_a_finding_and_a_label_after_it_keep_the_label() -> None:
    """The label ("Right kidney -") asks; the finding stated before it ("Pancreas and liver fine.") does not."""
    read, _ = question_of("Pancreas and liver fine. Right kidney - tumour present?")
    assert "Right kidney" in read and "Pancreas" not in read
    read, _ = question_of("Segment VIII: number of liver lesions there?")
    assert read.startswith("Segment VIII")  # a label without a statement stays the topic


@pytest.mark.parametrize(("question", "quantity", "form"), [
    ("Pancreatic lesions vs the prior CT: A) larger B) smaller C) unchanged", "pancreas_lesion.total_lesion_volume_change_pct",
     "number"),
    ("Compared with the previous scan, the kidney lesions are: A) increased B) decreased C) stable",
     "kidney_lesion.total_lesion_volume_change_pct", "number"),
    ("Have any kidney lesions disappeared since the prior study?", "kidney_lesion.lesion_count_change", "yes_no"),
    ("Did any liver metastases resolve compared with baseline?", "liver_lesion.lesion_count_change", "yes_no"),
    ("Interval change of the pancreatic lesions since the January CT?", "pancreas_lesion.total_lesion_volume_change_pct",
     "number"),
    ("How have the kidney tumours changed since the previous study?", "kidney_lesion.total_lesion_volume_change_pct",
     "number"),
    ("Has the liver mass grown since the 2022 scan?", "liver_lesion.largest_lesion_diameter_change_mm", "yes_no"),
    ("Prior from last year available. Liver stable. What happened to the kidney cyst size?",
     "kidney_lesion.largest_lesion_diameter_change_mm", "number"),
])
def test_a_lesion_groups_change_is_a_lesion_change(reader: Understanding, question: str, quantity: str,
                                                   form: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.quantities[0], intent.answer_form) == ("lesion change", quantity, form), intent


@pytest.mark.parametrize("question", [
    "Did the liver metastases respond since the prior scan?",  # a response asked: RECIST's (growth alone is a lesion
    "RECIST response of the kidney tumours since baseline?",  # change since the tenth round, as sets G-J label it)
])
def test_growth_and_response_stay_recist(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == "recist response"


@pytest.mark.parametrize(("question", "choices", "task"), [
    ("Hepatic metastases - A) scattered B) grouped together", None, "liver lesion clustering"),
    ("Distribution of the liver lesions?", {"A": "Clustered", "B": "Scattered"}, "liver lesion clustering"),
    ("Which organ carries the most tumour? A) kidneys B) liver", None, "multi-organ lesion burden comparison"),
    ("Where is most of the disease?", {"A": "Pancreas", "B": "Liver", "C": "Colon"}, "multi-organ lesion burden comparison"),
    ("Which kidney lesion is the odd one? A) lesion 1 B) lesion 2", None, "lesion outlier"),
    ("Choose the pancreatic lesion that looks different", {"A": "Lesion #1", "B": "Lesion #2", "C": "Lesion #3"},
     "lesion outlier"),
])
def test_options_say_what_is_asked(reader: Understanding, question: str, choices: dict[str, str] | None,
                                   task: str) -> None:
    assert reader.understand(question, choices).task == task


def test_a_numbered_lesion_is_an_item_and_a_count_is_a_number() -> None:
    assert parse_choices({"A": "lesion 1", "B": "Tumour #2"}).form == "category"  # type: ignore[union-attr]
    assert parse_choices({"A": "3 lesions", "B": "4 lesions"}).form == "number"  # type: ignore[union-attr]


@pytest.mark.parametrize(("question", "task", "quantity"), [
    ("How dense, in Hounsfield units, is the biggest kidney lesion?", "largest lesion attenuation",
     "kidney_lesion.largest_lesion_mean_hu"),
    ("CT number of the dominant pancreatic mass?", "largest lesion attenuation", "pancreas_lesion.largest_lesion_mean_hu"),
    ("In HU, how much darker is the liver lesion than the liver?", "tumor organ HU difference",
     "liver_lesion.largest_lesion_mean_hu"),
    ("Combined tumour volume in the pancreas?", "lesion volume measurement", "pancreas_lesion.total_lesion_volume_ml"),
    ("Total lesion volume of the kidneys?", "lesion volume measurement", "kidney_lesion.total_lesion_volume_ml"),
    ("spleen + liver volume?", "organ aggregation", "spleen.volume_ml"),
    ("Is there a kidney size discrepancy above 15%?", "bilateral kidney asymmetry", "kidney_left.volume_ml"),
    ("Renal volume disparity of more than 10 percent? y/n", "bilateral kidney asymmetry", "kidney_left.volume_ml"),
])
def test_the_quantity_asked_decides(reader: Understanding, question: str, task: str, quantity: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, quantity in intent.quantities) == (task, True), intent


@pytest.mark.parametrize(("question", "task"), [
    ("Hemangioma or metastasis for the liver lesion?", "lesion type classification"),
    ("Pancreatic lesions: cysts or tumours?", "lesion type classification"),
    ("Can you see a liver metastasis or a cyst?", "liver lesion existence"),  # presence of either kind asked
    ("What is the nature of the biggest kidney lesion?", "lesion type classification"),
    ("Which of the liver lesions does not match the others?", "lesion outlier"),
    ("Is there one pancreatic lesion that fails to resemble the rest?", "lesion outlier"),
    ("Of the kidney cysts, is there one which differs in size?", "lesion outlier"),
    ("Bosniak category?", "renal mass characterization"),
    ("What does Bosniak IIF mean in general?", "knowledge question"),
    ("Does the left kidney mass touch the psoas?", "adjacent organ"),
    ("Is the liver lesion abutting the gallbladder?", "adjacent organ"),
    ("Pancreatic tumour 2.5 cm, no arterial contact - what T stage?", "pancreatic tumor staging"),
    ("Mucinous pancreatic cyst of 35 mm? Resect or surveil?", "pancreatic cyst resectability"),
    ("Hepatic steatosis: G0, G1, G2 or G3?", "hepatic steatosis grading"),
    ("Pancreas? Spleen? Just give me the full report.", "report"),
    ("Which lobe holds the majority of the hepatic disease?", "inter-segment comparison"),
    ("Most of the liver metastases - by segment, where?", "inter-segment comparison"),
    ("What is the normal pancreas-to-spleen attenuation ratio?", "knowledge question"),
    ("What is the usual spleen volume?", "knowledge question"),
    ("What is the pancreas-to-spleen attenuation ratio?", "organ HU ratio"),  # this patient's, no reference asked
])
def test_a_lesions_kind_contact_and_management(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "negated"), [
    ("Fatty liver or normal liver?", False),
    ("Enlarged spleen or a normal one?", False),
    ("r/o pancreatic mass", False),
    ("Jaundice and weight loss: r/o PDAC", False),
    ("Which of the kidney lesions does not fit the pattern of the others?", False),
    ("Is the liver free of lesions?", True),  # a negation stays one
])
def test_polarity_of_alternatives_rule_outs_and_outliers(reader: Understanding, question: str, negated: bool) -> None:
    assert reader.understand(question).negated is negated
