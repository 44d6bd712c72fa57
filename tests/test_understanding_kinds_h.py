"""Kinds of question set H (the seventh round's held-out set, scored before any tuning), each fixed as a rule and
varied here with phrasings of our own: none of these questions is in H or any other fresh set.

- a long clinical history naming other organs, then the ask as a request ("all we need is ...", "my actual question
  is whether ...", "I just want ..."): the organ asked is the request's, not the history's;
- organs ranked, ordered or pooled by their own values ("Which organ is the largest?", "Rank ... by mean
  attenuation") is organ aggregation, not a comparison of lesion burden;
- the two kidneys set against each other by how much ("How much bigger is the left kidney than the right?") is
  the kidney volume comparison; held against normal ("bigger than expected") their enlargement;
- inline lettered statements after an empty stem ("Which one is true? A) the spleen is enlarged B) ...") are the
  question; a finding and its denial ask the finding yes/no;
- and the other kinds H showed (an attenuation quotient, a number with its category set aside, two studies set
  side by side, the largest lesion's place, satellites, Fukuoka features, a share occupied, a per-segment count,
  PHT, "one or more", "more than five", a PNET by its hormone, a subtraction, two lobes compared by size, ...).
"""

from __future__ import annotations

import pytest

from questions.context import question_of
from questions.gates_organs import ranks_or_pools
from questions.intents.choices import statements_asked
from questions.understanding import Understanding, default_understanding


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


def _read(reader: Understanding, question: str) -> tuple[str, str | None]:
    intent = reader.understand(question)
    return intent.task, intent.organ


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Seen in clinic for weight loss; the CT report mentioned a bulky spleen and a fatty liver; all we need is the "
     "pancreas volume.", "organ volume measurement", "pancreas"),
    ("History of renal colic, kidneys said to be fine on ultrasound, but my actual question is whether the liver is "
     "enlarged.", "organ enlargement", "liver"),
    ("Known gallstones and a coarse liver on prior imaging; I just want the spleen's mean HU.", "organ HU measurement",
     "spleen"),
    ("Pancreatic cysts aside, is the liver fatty?", "fatty liver", "liver"),
    ("Staging CT for a colon primary, lungs clear per the chest team; the only thing I need is the right kidney volume.",
     "organ volume measurement", "kidney_right"),
])
def test_the_request_after_a_history_names_the_organ(reader: Understanding, question: str, task: str,
                                                      organ: str) -> None:
    assert _read(reader, question) == (task, organ)


def test_a_request_sentence_is_read_as_the_question() -> None:
    read, asking = question_of("Pancreas said to be normal on MRI; all I need is the liver's volume.")
    assert read == asking == "all I need is the liver's volume."


@pytest.mark.parametrize("question", [
    "Which abdominal organ is the largest by volume?",
    "Rank the liver, spleen and both kidneys by mean attenuation.",
    "Among the segmented organs, which is the densest?",
    "Pool the spleen, liver and pancreas: what is their mean attenuation?",
    "Sort the organs from smallest to biggest.",
])
def test_organs_ranked_or_pooled_are_organ_aggregation(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == "organ aggregation"


@pytest.mark.parametrize(("question", "task"), [
    ("Which organ has the heaviest tumour burden?", "multi-organ lesion burden comparison"),  # a lesion word: burden
    ("Which organ carries the most metastatic disease?", "multi-organ lesion burden comparison"),
    ("What are the liver volume and the spleen volume?", "organ volume measurement"),  # two values, no ranking
])
def test_organs_compared_by_their_lesions_or_listed_stay_apart(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


def test_ranking_words_keep_the_organs_values_together() -> None:
    assert ranks_or_pools("which has the lowest density: liver, spleen or pancreas?")
    assert not ranks_or_pools("what are the liver and spleen volumes?")


@pytest.mark.parametrize(("question", "task"), [
    ("How much bigger is the left kidney than the right, in mL?", "kidney volume comparison"),
    ("What is the volume difference between the two kidneys?", "kidney volume comparison"),
    ("Which kidney is larger, and by how many cc?", "kidney volume comparison"),
    ("Are the kidneys bigger than expected for an adult?", "organ enlargement"),
    ("Is there a significant left-right difference in kidney size?", "bilateral kidney asymmetry"),  # asked yes/no
    ("Left-to-right kidney volume ratio, please.", "organ volume measurement"),  # the ratio is its own quantity
])
def test_the_kidneys_set_against_each_other_by_how_much(reader: Understanding, question: str, task: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, "kidney"), intent


def test_a_kidney_ratio_keeps_the_ratio_quantity(reader: Understanding) -> None:
    assert reader.understand("Left-to-right kidney volume ratio, please.").quantities == ["kidney_left/kidney_right.volume_ratio"]


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Which one is true? A) the spleen is enlarged B) the spleen is normal in size", "splenomegaly detection", "spleen"),
    ("Pick the right statement: (a) the liver shows steatosis (b) the liver shows no steatosis", "fatty liver", "liver"),
    ("Which applies here? A) a kidney lesion is present B) no kidney lesion is present", "kidney lesion existence",
     "kidney"),
    ("Which is accurate? A) the kidneys carry more lesion volume than the liver B) the liver carries more",
     "multi-organ lesion burden comparison", None),
])
def test_inline_statements_after_an_empty_stem_are_the_question(reader: Understanding, question: str, task: str,
                                                                  organ: str | None) -> None:
    assert _read(reader, question) == (task, organ)


@pytest.mark.parametrize(("stem", "options", "read"), [
    ("Which one is true?", {"A": "the spleen is enlarged", "B": "the spleen is not enlarged"},
     "On this scan, the spleen is enlarged?"),
    ("Which one is true?", {"A": "left kidney larger", "B": "right kidney larger"},
     "Which one is true: on this scan, left kidney larger or right kidney larger?"),
    ("Liver lesion nature?", {"A": "cyst", "B": "tumour"}, "Liver lesion nature?"),  # the stem asks on its own
])
def test_statements_asked(stem: str, options: dict[str, str], read: str) -> None:
    assert statements_asked(stem, options) == read


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Give the pancreatic/splenic attenuation quotient.", "organ HU ratio", "pancreas"),
    ("Liver density as a fraction of splenic density?", "organ HU ratio", "liver"),
    ("Spleen volume in mL, just the number, no splenomegaly grade.", "organ volume measurement", "spleen"),
    ("Liver HU please, just the value, no steatosis grade.", "organ HU measurement", "liver"),
    ("Spleen size on the March scan versus today's: how has it changed?", "organ volume change", "spleen"),
    ("Did the liver atrophy between the two scans?", "organ volume change", "liver"),
    ("Is the renal cyst unchanged compared with the prior?", "lesion change", "kidney"),
    ("Renal tumour: bigger, smaller or unchanged since last time?", "lesion change", "kidney"),
    ("Which lobe of the liver holds the biggest lesion?", "largest lesion location", "liver"),
    ("Which organ harbours the single biggest tumour?", "largest lesion location", None),
    ("Which organ sits next to the largest pancreatic tumour?", "adjacent organ", "pancreas"),
    ("Which organ has the largest total lesion volume?", "multi-organ lesion burden comparison", None),
    ("Number of liver lesions in each Couinaud segment?", "lesion count by location", "liver"),
    ("Are there daughter nodules around the main liver tumour?", "liver lesion clustering", "liver"),
    ("Any worrisome features on the pancreatic cyst per Fukuoka?", "pancreatic cyst resectability", "pancreas"),
    ("Pancreatic cyst of 35 mm in the tail - should it be resected?", "pancreatic cyst resectability", "pancreas"),
    ("Does the tumour replace more than a third of the liver?", "tumor burden percentage", "liver"),
    ("How much volume does the renal cyst occupy?", "lesion volume measurement", "kidney"),  # no share asked
    ("What is the summed volume of all the liver lesions?", "lesion volume measurement", "liver"),
    ("Liver steatosis grade - which band does it fall into?", "hepatic steatosis grading", "liver"),
    ("Could this be a gastrinoma in the pancreas?", "PNET existence", "pancreas"),
    ("Classify the liver lesion.", "lesion type classification", "liver"),
    ("Benign or malignant, the pancreatic lesion?", "lesion type classification", "pancreas"),
    ("Evaluate for PHT, please.", "portal hypertension assessment", "liver"),
    ("Does the liver hold one or more lesions?", "liver lesion existence", "liver"),
    ("Are there more than five kidney lesions?", "lesion counting", "kidney"),
    ("Subtract the pancreas mean HU from the tumour's mean HU.", "tumor organ HU difference", "pancreas"),
    ("Is the liver tumour hypo- or hyperattenuating relative to the liver, and by how many HU?",
     "tumor organ HU difference", "liver"),
    ("Left and right hemiliver: which carries more lesions?", "inter-segment comparison", "liver"),
    ("Tail, body or head: is there anything focal anywhere in the pancreas?", "pancreatic lesion existence", "pancreas"),
    ("Is the left lobe markedly smaller compared with the right lobe?", "inter-segment comparison", "liver"),
    ("Does the left renal mass contain macroscopic fat suggesting angiomyolipoma?", "renal mass characterization",
     "kidney_left"),
    ("Among the liver metastases, is there one that doesn't fit, maybe a cyst?", "lesion outlier", "liver"),
])
def test_other_kinds_h_showed(reader: Understanding, question: str, task: str, organ: str | None) -> None:
    assert _read(reader, question) == (task, organ)


def test_two_lobes_compared_by_size_name_no_lesion_group(reader: Understanding) -> None:
    intent = reader.understand("Is the caudate lobe clearly bigger than the left lobe?")
    assert (intent.task, intent.lesion) == ("inter-segment comparison", None), intent


@pytest.mark.parametrize(("question", "task", "organ"), [
    # a second batch written after the rules, scored once before any change: 26 of 33 first (the misses were
    # kinds too: "the one question is" points nowhere; "what is left" names no side; "minus" sets kidneys against
    # each other; "more than two lesions" counts; a bare lobe is the liver's; ranking beats the unit gate)
    ("Patient with Crohn's, prior MR enterography showed a thickened terminal ileum and a fatty liver; what I want "
     "today is the spleen volume.", "organ volume measurement", "spleen"),
    ("Background of hepatitis B and a small pancreatic cyst followed elsewhere - the one question is whether the left "
     "kidney is atrophic.", "organ enlargement", "kidney_left"),
    ("Cholecystectomy last year, liver reported as steatotic; I only need to know the mean attenuation of the pancreas.",
     "organ HU measurement", "pancreas"),
    ("Which of the solid organs has the highest mean HU?", "organ aggregation", None),
    ("List the organs in order of volume, largest first.", "organ aggregation", None),
    ("Of liver, spleen and pancreas, which one is smallest?", "organ aggregation", None),
    ("Averaged over the liver, spleen and kidneys, what is the attenuation?", "organ aggregation", None),
    ("What's the difference in volume between the right and left kidney?", "kidney volume comparison", "kidney"),
    ("Right kidney minus left kidney volume, in mL?", "kidney volume comparison", "kidney"),
    ("Are both kidneys larger than normal?", "organ enlargement", "kidney"),
    ("Which is right? A) the pancreas is fatty B) the pancreas is not fatty", "pancreatic steatosis", "pancreas"),
    ("True statement? (a) the liver is enlarged (b) the liver is normal sized", "organ enlargement", "liver"),
    ("Select one: A) there is a liver lesion B) there is no liver lesion", "liver lesion existence", "liver"),
    ("Hepatic attenuation expressed relative to the spleen, as a quotient?", "organ HU ratio", "liver"),
    ("Kidney lesion count only, no Bosniak category please.", "lesion counting", "kidney"),
    ("Liver volume on the June scan versus today's?", "organ volume change", "liver"),
    ("Has the spleen hypertrophied between the two studies?", "organ volume change", "spleen"),
    ("In which segment of the liver does the dominant lesion sit?", "largest lesion location", "liver"),
    ("Which side holds the largest renal tumour?", "largest lesion location", "kidney"),
    ("Tabulate the count of lesions per liver segment.", "lesion count by location", "liver"),
    ("Are there small satellite lesions near the main hepatic tumour?", "liver lesion clustering", "liver"),
    ("Does the pancreatic cyst show any Fukuoka high-risk stigmata?", "pancreatic cyst resectability", "pancreas"),
    ("Do the liver metastases occupy more than half of the liver?", "tumor burden percentage", "liver"),
    ("Total up the volume of the pancreatic lesions.", "lesion volume measurement", "pancreas"),
    ("Spleen size category - which grade does it fall into?", "splenomegaly grading", "spleen"),
    ("Episodes of hypoglycaemia: any insulinoma in the pancreas?", "PNET existence", "pancreas"),
    ("Malignant or benign appearance of the liver lesion?", "lesion type classification", "liver"),
    ("Does the kidney contain one or more cysts?", "kidney cyst existence", "kidney"),
    ("Are there more than two pancreatic lesions?", "lesion counting", "pancreas"),
    ("Take the kidney HU away from the kidney tumour HU: what is left?", "tumor organ HU difference", "kidney"),
    ("Is the right lobe bigger than the left lobe?", "inter-segment comparison", "liver"),
    ("Liver lesion: larger, smaller or same compared with the prior?", "lesion change", "liver"),
])
def test_a_second_batch_of_our_own(reader: Understanding, question: str, task: str, organ: str | None) -> None:
    assert _read(reader, question) == (task, organ)


@pytest.mark.parametrize(("text", "sides"), [
    ("Take the liver HU from the tumour HU: what is left?", []),
    ("Is anything left over in the right kidney?", ["right"]),
    ("left kidney volume", ["left"]),
])
def test_left_as_a_verb_names_no_side(text: str, sides: list[str]) -> None:
    from questions.intents import extract

    assert extract(text).sides == sides
