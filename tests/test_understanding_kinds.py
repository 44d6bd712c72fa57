"""The kind of answer asked, where tasks share a finding (`questions.gates_kind`), over organs and wordings."""

from __future__ import annotations

import pytest

from questions.understanding import Understanding, default_understanding


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


def _task(reader: Understanding, question: str) -> str:
    return reader.understand(question).task


@pytest.mark.parametrize(("question", "task"), [
    # a grade needs a severity word; the same finding without one asks its presence
    ("How severe is the fatty infiltration of the liver?", "hepatic steatosis grading"),
    ("What degree of hepatic steatosis does this liver show?", "hepatic steatosis grading"),
    ("Is the fatty change of the liver mild, moderate or severe?", "hepatic steatosis grading"),
    ("Grade the fatty infiltration of the liver.", "hepatic steatosis grading"),
    ("Is there fatty infiltration of the liver?", "fatty liver"),
    ("Does this liver show steatosis by the L/S criterion?", "fatty liver"),
    ("How severe is the splenomegaly?", "splenomegaly grading"),
    ("Is the spleen mildly, moderately or massively enlarged?", "splenomegaly grading"),
    ("Using the 314.5 mL cut-off, is the spleen enlarged?", "splenomegaly detection"),
    ("How big is the spleen?", "organ volume measurement"),
])
def test_severity_or_presence(reader: Understanding, question: str, task: str) -> None:
    assert _task(reader, question) == task


@pytest.mark.parametrize("organ", ["liver", "pancreatic", "kidney", "colon"])
def test_an_outlier_compares_one_lesion_with_the_others(reader: Understanding, organ: str) -> None:
    assert _task(reader, f"Is the largest {organ} lesion much larger than the others?") == "lesion outlier"
    assert _task(reader, f"Volume of the largest {organ} tumour?") == "lesion volume measurement"
    assert _task(reader, f"Describe the density of the largest {organ} lesion relative to the background "
                         f"{organ}.") == "largest lesion attenuation"


@pytest.mark.parametrize("organ", ["liver", "pancreatic", "kidney"])
def test_offered_attenuation_categories_are_not_a_yes_no_question(reader: Understanding, organ: str) -> None:
    question = f"Does the main {organ} tumour look darker, brighter or similar to the rest of the organ?"
    assert _task(reader, question) == "largest lesion attenuation"


@pytest.mark.parametrize(("question", "task"), [
    ("Is the biggest pancreatic tumour in the head, body or tail?", "largest lesion location"),
    ("Does the largest liver lesion lie in segment 4 or segment 8?", "largest lesion location"),
    ("Which pancreatic part, head or tail, holds more lesions?", "inter-segment comparison"),
    ("Which Couinaud segment carries the largest lesion burden?", "inter-segment comparison"),
])
def test_the_largest_lesions_place_versus_a_comparison_of_segments(reader: Understanding, question: str,
                                                                   task: str) -> None:
    assert _task(reader, question) == task


@pytest.mark.parametrize("organ", ["liver", "kidney", "pancreatic"])
@pytest.mark.parametrize("template", [
    "Give the z-index of the widest cross-section of the largest {organ} lesion.",
    "Identify the axial image on which the biggest {organ} tumour is longest.",
    "Which slice shows the maximal diameter of the dominant {organ} mass?",
])
def test_a_slice_asked_by_its_image_or_index(reader: Understanding, organ: str, template: str) -> None:
    assert _task(reader, template.format(organ=organ)) == "largest lesion slice"


@pytest.mark.parametrize(("question", "task"), [
    ("Do the two kidneys differ markedly in volume?", "bilateral kidney asymmetry"),
    ("Are the kidneys of unequal size?", "bilateral kidney asymmetry"),
    ("Which kidney has the larger volume?", "kidney volume comparison"),
    ("Is the left kidney bigger than the right?", "kidney volume comparison"),
])
def test_kidneys_differing_asks_symmetry_which_is_larger_asks_comparison(reader: Understanding, question: str,
                                                                       task: str) -> None:
    assert _task(reader, question) == task


@pytest.mark.parametrize(("question", "task"), [
    ("What is the HU gap between the pancreatic tumour and the surrounding pancreas?", "tumor organ HU difference"),
    ("What is the attenuation gap between the renal mass and the surrounding kidney in HU?",
     "tumor organ HU difference"),
    ("Subtract the pancreatic parenchymal HU from the tumour HU.", "tumor organ HU difference"),
    ("Subtract the liver HU from the HU of the largest liver lesion.", "tumor organ HU difference"),
    ("Which organ borders the largest liver tumour?", "adjacent organ"),
    ("Identify the structure bordering the main kidney lesion.", "adjacent organ"),
])
def test_the_surrounding_organ_is_the_lesions_own(reader: Understanding, question: str, task: str) -> None:
    assert _task(reader, question) == task


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("template", [
    "Per Hounsfield-unit criteria, what is the {side} kidney lesion?",
    "Bosniak-style HU category of the {side} renal lesion?",
    "Based on HU, is the {side} renal mass a simple cyst?",
])
def test_a_kidney_lesions_hu_category_is_characterization(reader: Understanding, side: str, template: str) -> None:
    intent = reader.understand(template.format(side=side))
    assert (intent.task, intent.organ) == ("renal mass characterization", f"kidney_{side}"), intent


@pytest.mark.parametrize(("question", "task"), [
    ("Does this patient have hepatic steatosis by the liver/spleen attenuation criterion?", "fatty liver"),
    ("Is there pancreatic steatosis by the pancreas-to-spleen ratio?", "pancreatic steatosis"),
    ("What kind of lesion is in the right kidney?", "lesion type classification"),
    ("Any growth in the colon on this study?", "colon lesion existence"),
])
def test_a_polar_or_kind_question_asks_no_number(reader: Understanding, question: str, task: str) -> None:
    assert _task(reader, question) == task
