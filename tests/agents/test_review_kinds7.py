"""Kinds reviewer set 7 showed, each varied over wording, organ, side, numbers and place in the sentence, on the
hand-built abdomen of `reasoning_cases` (three liver lesions: 36.4 mm / 18.6 mL in segment 7, 2.1 mL in segment 7,
1.2 mL in segment 4; a right kidney cyst of 18.9 mm, 8.3 HU; a 23.3 mm pancreatic tumour in the head: T2).
The end-to-end twins are in tests/test_review_kinds7_end_to_end.py.
"""

from __future__ import annotations

import pytest

from agents.review_checks.lesion_places import lobe_conflicts
from core.case import Answer, Evidence
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve


def _failed(q: Question, text: str, ids: list[str] | None = None, evidence: list[Evidence] | None = None) -> set[str]:
    """The names of the checks an answer fails."""
    intent, answer, full = solve(q, evidence)
    cited = ids if ids is not None else (answer.evidence_ids if answer is not None else [])
    verdict = review_of(q, intent, Answer(text=text, evidence_ids=cited, backend="hand-built"), full)
    return {c.name for c in verdict.checks if not c.passed}


LIVER_SIZE = Question("largest lesion diameter", "What is the diameter of the largest liver lesion?")
PANCREAS_SIZE = Question("largest lesion diameter", "What is the longest diameter of the pancreatic lesion?")
LIVER_COUNT = Question("lesion counting", "How many liver lesions are there?")


# --- a segment put in a lobe that does not hold it (Couinaud) --------------------------------------------------
@pytest.mark.parametrize(("text", "wrong"), [
    ("Segment 7 of the left lobe.", True), ("segment VI, in the left hepatic lobe", True),
    ("Segment 2 of the right lobe.", True), ("segment 5 in the caudate lobe", True),
    ("segment 3, left lateral section", False), ("segment 6 in the right anterior section", True),
    ("Segment 7 of the right lobe.", False), ("segment IVa of the left lobe", False), ("segment 4, right lobe", False),
    ("segment 8 in the right hemiliver", False), ("The left lobe is spared; segment 7 holds it.", False),
])
def test_a_segment_lies_in_the_lobe_it_is_put_in(text: str, wrong: bool) -> None:
    assert bool(lobe_conflicts(text)) is wrong


@pytest.mark.parametrize("text", ["36.4 mm, in segment 7 of the left lobe.", "36.4 mm; the lesion lies in the left lobe.",
                                  "36.4 mm, left hepatic lobe.", "It measures 36.4 mm (segment VII, left liver lobe)."])
def test_a_lesion_in_the_wrong_lobe_fails(text: str) -> None:
    assert "lesions" in _failed(LIVER_SIZE, text)


@pytest.mark.parametrize("text", ["36.4 mm, in segment 7 of the right lobe.", "36.4 mm; the lesion lies in the right lobe.",
                                  "36.4 mm, in segment VII.", "36.4 mm (posterior right liver, segment 7)."])
def test_a_lesion_in_its_own_lobe_or_segment_passes(text: str) -> None:
    assert not _failed(LIVER_SIZE, text)


# --- a place inside a sentence is the lesion's own -------------------------------------------------------------
@pytest.mark.parametrize(("text", "wrong"), [
    ("23.3 mm, in the pancreatic tail.", True), ("23.3 mm, in the body of the pancreas.", True),
    ("A 23.3 mm tumour of the pancreatic tail.", True), ("23.3 mm, in the pancreatic head.", False),
    ("23.3 mm; it sits in the head of the pancreas.", False), ("23.3 mm. The tail is spared.", False),
])
def test_a_pancreatic_part_said_of_the_tumour_is_its_own(text: str, wrong: bool) -> None:
    assert ("lesions" in _failed(PANCREAS_SIZE, text)) is wrong


@pytest.mark.parametrize(("q", "text", "wrong"), [
    (LIVER_SIZE, "36.4 mm; this lesion lies in segment 4.", True),
    (LIVER_SIZE, "36.4 mm; this lesion lies in segment 7.", False),
    (LIVER_COUNT, "3, the largest in segment 4.", True),
    (LIVER_COUNT, "3, the largest in segment 7.", False),
    (LIVER_COUNT, "3: two in segment 7 and one in segment 4.", False),
    (LIVER_COUNT, "3: two in segment 7 and one in segment 8.", True),
    (LIVER_SIZE, "36.4 mm; the other lesions lie in segments 4 and 7.", False),
    (LIVER_SIZE, "36.4 mm; the other lesions lie in segment 2.", True),
])
def test_a_liver_segment_said_of_a_lesion_holds_it(q: Question, text: str, wrong: bool) -> None:
    assert ("lesions" in _failed(q, text)) is wrong


def test_a_segment_value_is_no_place() -> None:
    """'the busiest segment 66.7 %' is a share, not segment 6."""
    q = Question("liver lesion clustering", "Are the liver lesions clustered?", criteria=("dtvqa-liver-lesion-clustering",))
    intent, answer, evidence = solve(q)
    assert answer is not None and "66.7" in answer.text
    assert review_of(q, intent, answer, evidence).consistent


@pytest.mark.parametrize("segment", ["IX", "9", "X", "0", "12"])
def test_no_couinaud_segment_past_eight(segment: str) -> None:
    q = Question("largest lesion location", "Where is the largest liver lesion?")
    assert "entity_grounding" in _failed(q, f"Segment {segment}.")
    assert not _failed(q, "Segment VII.")


# --- two lesions' values said of one ---------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "wrong"), [
    ("36.4 mm, with a volume of 2.1 mL.", True), ("36.4 mm and 1.2 mL.", True), ("36.4 mm (18.6 mL).", False),
    ("36.4 mm, with a volume of 18.6 mL.", False),
])
def test_values_said_of_one_lesion_are_that_lesions(text: str, wrong: bool) -> None:
    assert ("lesions" in _failed(LIVER_SIZE, text)) is wrong


# --- a new lesion denied or asserted against the measured count ------------------------------------------------
def _follow_up(new: int) -> list[Evidence]:
    return replacing(patient_evidence(), hand_measured("new_lesions", "lesion_count", new, "count"),
                     hand_measured("liver_lesion", "prior_lesion_count", 3 - new, "count"),
                     hand_measured("liver_lesion", "lesion_count_change", new, "count"))


@pytest.mark.parametrize("text", ["36.4 mm; no new lesion since the prior study.", "36.4 mm, without any new lesions.",
                                  "36.4 mm. There are no new liver lesions elsewhere.", "36.4 mm; 0 new lesions."])
@pytest.mark.parametrize("new", [1, 2])
def test_a_new_lesion_denied_beside_a_measured_one_fails(text: str, new: int) -> None:
    assert "change_direction" in _failed(LIVER_SIZE, text, evidence=_follow_up(new))


@pytest.mark.parametrize("text", ["36.4 mm; no new lesion since the prior study.", "36.4 mm; new lesions: 0."])
def test_a_new_lesion_denied_with_none_measured_passes(text: str) -> None:
    assert "change_direction" not in _failed(LIVER_SIZE, text, evidence=_follow_up(0))


@pytest.mark.parametrize(("new", "wrong"), [(0, True), (1, False)])
def test_a_new_lesion_asserted_is_held_to_the_count(new: int, wrong: bool) -> None:
    failed = _failed(LIVER_SIZE, "36.4 mm; a new lesion has appeared in segment 4.", evidence=_follow_up(new))
    assert ("change_direction" in failed) is wrong


# --- hedges: numbers and categories offered as alternatives ----------------------------------------------------
@pytest.mark.parametrize("text", ["Four or five liver lesions.", "Approximately two or three.", "3 or 4 lesions.",
                                  "Two to four lesions in the liver."])
def test_numbers_offered_as_alternatives_are_a_hedge(text: str) -> None:
    assert "substance" in _failed(LIVER_COUNT, text)


def test_a_category_said_once_for_two_labels_is_a_hedge() -> None:
    q = Question("splenomegaly grading", "What is the grade of splenomegaly?", criteria=("dtvqa-spleen-volume-grade",))
    assert "substance" in _failed(q, "Mild or moderate splenomegaly.")
    assert "substance" not in _failed(q, "Mild splenomegaly (420.3 mL).")


# --- false alarms removed --------------------------------------------------------------------------------------
def test_a_true_segment_named_beside_the_size_passes() -> None:
    assert not _failed(LIVER_SIZE, "36.4 mm, in segment 7.")


def test_above_the_normal_range_states_no_normal() -> None:
    q = Question("organ enlargement", "Is the liver enlarged?", criteria=("dtvqa-liver-volume",))
    evidence = replacing(patient_evidence(), hand_measured("liver", "volume_ml", 2253.0, "mL"))
    assert not _failed(q, "Yes — 2253.0 mL, above the normal range (hepatomegaly).", evidence=evidence)
    assert "rule_grounding" in _failed(q, "No — 2253.0 mL, above the normal range.", evidence=evidence)


@pytest.mark.parametrize(("mm", "said", "wrong"), [(8.9, "T1b", False), (4.0, "T1a", False), (15.0, "T1c", False),
                                                    (8.9, "T1c", True), (23.3, "T1c", True)])
def test_a_t1_subcategory_stands_for_t1(mm: float, said: str, wrong: bool) -> None:
    q = Question("pancreatic tumor staging", "What is the T stage of the pancreatic tumour?",
                 criteria=("ajcc8-pancreas-t", "ajcc8-pancreas-t1-subcategory"))
    evidence = replacing(patient_evidence(), hand_measured("pancreas_lesion", "largest_lesion_diameter_mm", mm, "mm"))
    assert ("rule_grounding" in _failed(q, f"{said} — {mm} mm.", evidence=evidence)) is wrong


# --- parts the question's words ask ----------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "text", "wrong"), [
    ("Give the size and the segment of the largest liver lesion.", "36.4 mm.", True),
    ("Give the size and the segment of the largest liver lesion.", "36.4 mm, segment 7.", False),
    ("State the diameter and the location of the largest hepatic lesion.", "36.4 mm.", True),
])
def test_a_segment_asked_as_a_noun_is_answered(question: str, text: str, wrong: bool) -> None:
    assert ("parts" in _failed(Question("largest lesion diameter", question), text)) is wrong


@pytest.mark.parametrize(("question", "text", "wrong"), [
    ("In which kidney is the lesion, and what is its attenuation?", "Right kidney.", True),
    ("In which kidney is the lesion, and what is its attenuation?", "Right kidney; 8.3 HU.", False),
    ("Which side is the renal cyst on, and what is its density?", "The right; it is fluid attenuation.", False),
])
def test_an_attenuation_asked_as_a_part_is_stated(question: str, text: str, wrong: bool) -> None:
    assert ("parts" in _failed(Question("bilateral kidney asymmetry", question), text, ids=[
        "measurement:kidney_lesion_1:location", "measurement:kidney_lesion:largest_lesion_mean_hu"])) is wrong


@pytest.mark.parametrize(("text", "wrong"), [
    ("Yes. Left kidney is larger; left kidney volume 150.2 mL.", True),
    ("Yes, in the right kidney.", False), ("Yes — right kidney.", False), ("Yes; the cyst is on the right.", False),
])
def test_a_lesions_side_asked_is_named_of_the_lesion(text: str, wrong: bool) -> None:
    q = Question("kidney lesion existence", "Is there a kidney lesion? If so, on which side?",
                 criteria=("dtvqa-lesion-existence",))
    assert ("parts" in _failed(q, text)) is wrong


@pytest.mark.parametrize(("question", "wrong"), [
    ("By how many millimetres has the largest liver lesion's diameter changed?", True),
    ("By how many mm did the largest liver lesion grow?", True),
])
def test_a_change_asked_is_not_the_current_value(question: str, wrong: bool) -> None:
    q = Question("largest lesion diameter", question)
    evidence = replacing(patient_evidence(), hand_measured("liver_lesion", "prior_largest_lesion_diameter_mm", 26.0, "mm"))
    assert ("parts" in _failed(q, "36.4 mm.", evidence=evidence)) is wrong


@pytest.mark.parametrize(("question", "text", "wrong"), [
    ("Is the right renal cyst larger than before?", "Cyst.", True),
    ("Has the kidney cyst grown since the prior CT?", "A simple cyst, 8.3 HU.", True),
    ("Is the right renal cyst larger than before?", "No — unchanged at 18.9 mm.", False),
    ("Has the kidney cyst grown since the prior CT?", "No, it is stable.", False),
])
def test_a_yes_no_change_question_is_answered_with_a_change(question: str, text: str, wrong: bool) -> None:
    q = Question("lesion type classification", question, criteria=("dtvqa-kidney-lesion-solid-vs-cyst",))
    assert ("parts" in _failed(q, text)) is wrong


@pytest.mark.parametrize(("text", "wrong"), [
    ("Progressive disease (PD).", True), ("Stable disease.", True), ("Yes — one new lesion.", False),
    ("One new lesion, in segment 4.", False),
])
def test_a_yes_no_new_lesion_question_is_not_answered_with_a_response(text: str, wrong: bool) -> None:
    q = Question("lesion change", "Are there any new liver lesions compared with the prior study?")
    failed = _failed(q, text, ids=["measurement:new_lesions:lesion_count"], evidence=_follow_up(1))
    assert ("answer_kind" in failed) is wrong


@pytest.mark.parametrize(("q", "choice"), [
    (Question("lesion type classification", "Is the right renal cyst larger than before?", {"A": "Yes", "B": "No"},
              ("dtvqa-kidney-lesion-solid-vs-cyst",)), "B"),
    (Question("largest lesion attenuation", "What is the attenuation of the largest liver lesion?",
              {"A": "Hypoattenuating", "B": "Hyperattenuating"}, ("dtvqa-lesion-attenuation",)), "A"),
    (Question("largest lesion attenuation", "What is the attenuation of the largest liver lesion?",
              {"A": "Hypoattenuating", "B": "Hyperattenuating"}, ("dtvqa-lesion-attenuation",)), "B"),
])
def test_a_part_asked_is_answered_by_the_chosen_options_words(q: Question, choice: str) -> None:
    intent, answer, evidence = solve(q)
    assert answer is not None
    text = f"{choice}: {(q.choices or {})[choice]}."
    verdict = review_of(q, intent, Answer(text=text, choice=choice, evidence_ids=answer.evidence_ids,
                                          backend="hand-built"), evidence)
    failed = {c.name for c in verdict.checks if not c.passed}
    assert "parts" not in failed  # the option's own words answer the part asked (right or wrong: other checks)
