"""Kinds reviewer set 6 showed, each varied over organ, side, number format and place in the sentence, on the
hand-built abdomen of `reasoning_cases` (three liver lesions, a right kidney cyst, a 420.3 mL spleen: mild, a
23.3 mm pancreatic tumour: T2). The end-to-end twins are in tests/test_review_kinds6_end_to_end.py.
"""

from __future__ import annotations

import re

import pytest

from agents.review_checks.base import stated_numbers
from agents.review_checks.clauses import asserted, clauses
from core.case import Answer, Evidence
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve


def _checks(q: Question, text: str, ids: list[str] | None = None, evidence: list[Evidence] | None = None) -> dict:
    intent, answer, full = solve(q, evidence)
    cited = ids if ids is not None else (answer.evidence_ids if answer is not None else [])
    verdict = review_of(q, intent, Answer(text=text, evidence_ids=cited, backend="hand-built"), full)
    return {c.name: c for c in verdict.checks}


def _consistent(q: Question, text: str, ids: list[str] | None = None, evidence: list[Evidence] | None = None) -> bool:
    return all(c.passed for c in _checks(q, text, ids, evidence).values())


# --- one clause splitter, one denial ---------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "word", "said"), [
    ("No ascites; cirrhosis is present.", "cirrhosis", True),
    ("There is no cirrhosis.", "cirrhosis", False),
    ("A cyst rather than a solid mass.", "solid", False),
    ("Not hyperdense, but the lesion is hypodense.", "hypodense", True),
    ("The lesion (not hyperdense) is 24.1 mm.", "hyperdense", False),
    ("The lesion measures 24.1 mm and is hyperdense.", "hyperdense", True),
    ("The left kidney is free of lesions.", "lesions", False),
])
def test_a_phrase_is_asserted_unless_its_own_clause_denies_it(text: str, word: str, said: bool) -> None:
    match = re.search(word, text)
    assert match is not None
    assert asserted(text, match) is said


def test_a_decimal_point_ends_no_clause() -> None:
    assert clauses("The lesion measures 24.1 mm. It is hypodense.") == ["The lesion measures 24.1 mm", " It is hypodense"]


# --- numbers in words ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "values"), [
    ("Six.", [6]), ("Three in total.", [3]), ("Two of them lie in segment 7.", [2, 7]),
    ("Two of the three lesions lie in segment 7.", [2, 3, 7]), ("One of the lesions measures 20 mm.", [20]),
    ("Four liver lesions.", [4]), ("None.", []),
])
def test_counts_in_words_are_read(text: str, values: list[int]) -> None:
    assert [m.value for m in stated_numbers(text)] == values


@pytest.mark.parametrize(("q", "right", "wrong"), [
    (Question("lesion counting", "How many liver lesions are there?"), "Three.", "Two."),
    (Question("lesion counting", "How many liver lesions are there?"), "Three in total.", "Four in total."),
    (Question("lesion count by location", "How many liver lesions are in segment 7?"), "Two of them lie in segment 7.",
     "Three of them lie in segment 7."),
])
def test_a_count_in_words_is_held_to_the_count(q: Question, right: str, wrong: str) -> None:
    assert _consistent(q, right)
    assert not _consistent(q, wrong)


def test_a_count_word_is_no_value_compared_with_a_size() -> None:
    q = Question("largest lesion diameter", "What is the diameter of the pancreatic lesion?")
    assert _checks(q, "23.3 mm: a solitary tumour larger than 2 cm.")["comparison"].passed
    assert not _checks(q, "The tumour, 23.3 mm, is smaller than 2 cm.")["comparison"].passed


# --- laterality inside a sentence (the cyst is in the right kidney) --------------------------------------------
KIDNEY = Question("largest lesion diameter", "What is the diameter of the kidney lesion?")
KIDNEY_IDS = ["measurement:kidney_lesion:largest_lesion_diameter_mm"]
PLACED = ["The cyst in the {s} kidney measures 18.9 mm.", "18.9 mm; a {s} renal cyst.", "18.9 mm, in the {s} kidney.",
          "On both studies the {s} kidney harbours the cyst, 18.9 mm.", "18.9 mm, a {s}-sided renal lesion."]


@pytest.mark.parametrize("placed", PLACED)
def test_a_lesion_placed_in_a_kidney_that_holds_none(placed: str) -> None:
    evidence = patient_evidence() + [hand_measured("kidney_left", "lesion_count", 0, "count"),
                                     hand_measured("kidney_right", "lesion_count", 1, "count")]
    assert not _checks(KIDNEY, placed.format(s="left"), KIDNEY_IDS, evidence)["side"].passed
    assert _checks(KIDNEY, placed.format(s="right"), KIDNEY_IDS, evidence)["side"].passed


def test_the_host_kidneys_stand_for_missing_side_counts() -> None:
    """Without per-kidney counts, each lesion's host (`kidney_lesion_N.organ`) tells the sides."""
    evidence = patient_evidence() + [hand_measured("kidney_lesion_1", "organ", "kidney_right")]
    assert not _checks(KIDNEY, "The cyst in the left kidney measures 18.9 mm.", KIDNEY_IDS, evidence)["side"].passed
    assert _checks(KIDNEY, "18.9 mm; the left kidney has no lesion.", KIDNEY_IDS, evidence)["side"].passed


@pytest.mark.parametrize("question", ["Characterise the kidney lesion: which kidney, and cyst or solid tumour?",
                                      "Is the renal lesion in the left or right kidney?"])
def test_a_side_asked_must_be_named(question: str) -> None:
    q = Question("lesion type classification", question, criteria=("dtvqa-renal-mass-hu",))
    ids = ["measurement:kidney_lesion:largest_lesion_mean_hu", "criterion:-:dtvqa-renal-mass-hu"]
    assert not _checks(q, "Simple cyst (8.3 HU).", ids)["parts"].passed
    assert _checks(q, "Right kidney: a simple cyst (8.3 HU).", ids)["parts"].passed


# --- the quantity asked: one lesion for all, a value for a judgement -------------------------------------------
@pytest.mark.parametrize("words", ["aggregate volume of the liver lesions", "combined volume of all liver lesions",
                                   "total volume of the liver tumours"])
def test_one_lesion_for_the_sum_asked(words: str) -> None:
    q = Question("lesion volume measurement", f"What is the {words}?")
    ids = ["measurement:liver_lesion:largest_lesion_volume_ml", "measurement:liver_lesion:total_lesion_volume_ml"]
    assert not _checks(q, "18.6 mL.", ids)["parts"].passed
    assert _checks(q, "21.9 mL.", ids)["parts"].passed


@pytest.mark.parametrize(("question", "organ", "value"), [
    ("Does the spleen measure within normal limits by volume?", "spleen", "420.3 mL"),
    ("Is the liver volume within the normal range?", "liver", "1650.4 mL"),
    ("Is the pancreas of normal size by volume?", "pancreas", "70.6 mL")])
def test_a_value_alone_does_not_answer_whether_it_is_normal(question: str, organ: str, value: str) -> None:
    q = Question("organ volume measurement", question)
    ids = [f"measurement:{organ}:volume_ml"]
    assert not _checks(q, f"{value}. {organ} volume {value}", ids)["answer_kind"].passed
    for judged in (f"{value}, which is normal.", f"Yes — {value}.", f"No: {value} is above the normal range."):
        assert _checks(q, judged, ids)["answer_kind"].passed, judged


# --- every category asserted ------------------------------------------------------------------------------------
SPLEEN = Question("splenomegaly detection", "Is the spleen enlarged?", criteria=("dtvqa-splenomegaly-detection",))


@pytest.mark.parametrize(("text", "right"), [
    ("Yes — moderate splenomegaly.", False), ("Yes, severe splenomegaly (420.3 mL).", False),
    ("Yes — mild splenomegaly.", True), ("Yes, splenomegaly: 420.3 mL, above the normal limit.", True),
    ("Yes. Findings: spleen 420.3 mL. Impression: no splenomegaly.", False),
    ("Yes. Findings: spleen 420.3 mL. Impression: mild splenomegaly.", True),
])
def test_a_grade_or_impression_beside_the_presence(text: str, right: bool) -> None:
    assert _consistent(SPLEEN, text) is right


def test_a_cited_label_holds_the_grade_word_it_contains() -> None:
    """'moderate' inside 'moderate to severe fatty liver' is the fatty-liver label, not a spleen grade."""
    fatty = replacing(patient_evidence(), hand_measured("liver", "mean_hu", 30.0, "HU"))
    q = Question("splenomegaly detection", "Is the spleen enlarged, and is the liver fatty?",
                 criteria=("dtvqa-splenomegaly-detection", "dtvqa-fatty-liver"))
    assert _checks(q, "Yes, splenomegaly. Moderate to severe fatty liver.", None, fatty)["rule_grounding"].passed


@pytest.mark.parametrize(("headline", "right"), [("T2", True), ("T1c", False), ("T1b", False), ("T3", False)])
def test_a_headline_against_its_own_rule_line(headline: str, right: bool) -> None:
    q = Question("pancreatic tumor staging", "What is the AJCC T category of the pancreatic tumour?",
                 criteria=("ajcc8-pancreas-t",))
    text = f"{headline}. pancreas lesion largest lesion diameter 23.3 mm (20 < x ≤ 40 mm) -> T2 by ajcc8-pancreas-t"
    assert _checks(q, text)["rule_grounding"].passed is right


def test_hepatomegaly_is_the_liver_volume_criterion_s_enlarged() -> None:
    q = Question("organ enlargement", "Is the liver enlarged?", criteria=("dtvqa-liver-volume",))
    assert not _consistent(q, "Yes. Findings: liver 1650.4 mL, within the normal range. Impression: normal.")
    assert _consistent(q, "No. Findings: liver 1650.4 mL. Impression: no hepatomegaly.")
    assert not _consistent(q, "No. Findings: liver 1650.4 mL. Impression: hepatomegaly.")


# --- a true number beside the answer ----------------------------------------------------------------------------
LESION = Question("largest lesion diameter", "What is the longest diameter of the largest liver lesion?")
LESION_IDS = ["measurement:liver_lesion:largest_lesion_diameter_mm"]


@pytest.mark.parametrize(("text", "right"), [
    ("36.4 mm (short axis 25.0 mm).", True), ("3.64 cm; short-axis 2.5 cm.", True),
    ("36.4 mm, volume 18.6 mL.", True), ("36.4 mm (short axis 29.0 mm).", False),
    ("25.0 mm (long axis 36.4 mm).", False), ("36.4 mm; the spleen holds 18.6 mL.", False),
    ("36.4 mm, beside a 2.1 mL lesion.", False),
])
def test_a_true_value_beside_the_answer(text: str, right: bool) -> None:
    evidence = patient_evidence() + [hand_measured("liver_lesion", "largest_lesion_short_axis_mm", 25.0, "mm")]
    assert _consistent(LESION, text, LESION_IDS, evidence) is right


@pytest.mark.parametrize(("text", "right"), [
    ("Segment 7 holds two of the three lesions.", True), ("Two of the three liver lesions lie in segment 7.", True),
    ("Segment 7 holds three lesions.", False), ("Segment 7 holds two of the four lesions.", False),
])
def test_the_group_count_beside_a_segment_count(text: str, right: bool) -> None:
    """The whole liver's count set beside segment 7's is a true aside; given as segment 7's own it is wrong (a word
    ending in 's' before a count, "holds three", makes it no place name)."""
    q = Question("lesion count by location", "How many liver lesions are in segment 7?")
    assert _consistent(q, text, ["finding:liver_lesion:count_in_liver_segment_7"]) is right


@pytest.mark.parametrize(("text", "right"), [
    ("Yes — mild splenomegaly (314.5-500 mL band).", True), ("Yes — mild splenomegaly (314.5-600 mL band).", False),
])
def test_a_band_of_the_grade_beside_the_cited_presence(text: str, right: bool) -> None:
    assert _consistent(SPLEEN, text) is right
