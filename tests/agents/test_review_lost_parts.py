"""Parts a question's words ask, checked even when the parse lost them; segments in any numeral or list form.

From the independent reviewer sets 3–5: "How many liver lesions are there, and in which segment?" answered
"2" (the place never given), "What is the diameter now and on the prior?" answered with today's value alone,
"Which kidney is larger, and by how much?" answered with the two volumes, "the liver volume and the spleen
volume" answered with one sum, "2 lesions, both in segment VIII" for two lesions in segment 7, and the L/S
ratio part "answered" by the liver's HU (the ratio's input). Each kind varied over organ and wording.
"""

from __future__ import annotations

import pytest

from core.case import Answer, Evidence
from core.state import Intent
from questions.intents import locations_of
from questions.understanding import understand
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve


class AsWritten(Question):
    """A question understood from its words alone (no subtype hint), as `clinorch review` reads it."""

    def intent(self) -> Intent:
        return understand(self.question, self.choices)


def _parts(question: str, text: str, ids: list[str] | None = None, evidence: list[Evidence] | None = None,
           criteria: tuple[str, ...] = ()) -> bool:
    q = AsWritten("", question, None, criteria)
    intent, answer, full = solve(q, evidence)
    cited = ids if ids is not None else (answer.evidence_ids if answer is not None else [])
    checks = {c.name: c for c in review_of(q, intent, Answer(text=text, evidence_ids=cited, backend="t"), full).checks}
    return checks["parts"].passed


@pytest.mark.parametrize(("text", "expected"), [
    ("segments VII and VIII", ["liver_segment_7", "liver_segment_8"]),
    ("segments 6, 7 and 8", ["liver_segment_6", "liver_segment_7", "liver_segment_8"]),
    ("segments 5/8", ["liver_segment_5", "liver_segment_8"]),
    ("Couinaud segment IVa", ["liver_segment_4"]),
    ("one in segment 7 and 2 in segment 4", ["liver_segment_7", "liver_segment_4"]),
])
def test_segments_in_any_numeral_or_list(text: str, expected: list[str]) -> None:
    assert locations_of(text) == expected


SEGMENT_Q = "How many liver lesions are there, and in which Couinaud segment do they lie?"


@pytest.mark.parametrize("text", ["Three liver lesions: two in segment VII and one in segment IV.",
                                  "3 lesions, in segments 4 and 7; none in segment 8.",
                                  "Three lesions (segments VII and IVb)."])
def test_the_segments_holding_the_lesions_pass(text: str) -> None:
    assert _parts(SEGMENT_Q, text)


@pytest.mark.parametrize("text", ["There are 3 liver lesions, all in segment VIII.",
                                  "Three lesions, in segments VII and VIII.", "3 lesions; segment 2."])
def test_a_segment_holding_no_lesion_is_flagged(text: str) -> None:
    assert not _parts(SEGMENT_Q, text)


@pytest.mark.parametrize(("question", "right", "dropped"), [
    ("How many liver lesions are there, and in which segment?", "3, in segments 7 and 4.", "3."),
    ("In which segment is the largest liver lesion, and what is its longest diameter?", "Segment 7; 36.4 mm.",
     "36.4 mm."),
    ("Where is the pancreatic tumour, and how large is it?", "In the pancreatic head; 23.3 mm.", "23.3 mm."),
])
def test_a_place_asked_is_named(question: str, right: str, dropped: str) -> None:
    assert _parts(question, right)
    assert not _parts(question, dropped)


def _with_prior(organ: str, prior: float, now: float) -> list[Evidence]:
    return replacing(patient_evidence(), hand_measured(organ, "prior_volume_ml", prior, "mL"),
                     hand_measured(organ, "volume_ml", now, "mL"),
                     hand_measured(organ, "volume_change_pct", round(100 * (now - prior) / prior, 1), "%"))


@pytest.mark.parametrize(("organ", "prior", "now"), [("spleen", 300.0, 420.3), ("liver", 1420.0, 1650.4),
                                                     ("kidney_left", 180.5, 150.2)])
def test_a_value_on_the_prior_is_stated(organ: str, prior: float, now: float) -> None:
    name = organ.replace("_", " ")
    evidence = _with_prior(organ, prior, now)
    ids = [f"measurement:{organ}:volume_ml", f"measurement:{organ}:prior_volume_ml"]
    question = f"What is the {name} volume now, and what was it on the prior study?"
    assert _parts(question, f"{now:.1f} mL now; {prior:.1f} mL on the prior study.", ids, evidence)
    assert not _parts(question, f"{now:.1f} mL.", ids, evidence)


def test_the_largest_lesion_on_the_prior_reads_the_baseline_targets() -> None:
    evidence = patient_evidence() + [hand_measured("target_lesion_1", "baseline_longest_diameter_mm", 26.8, "mm"),
                                     hand_measured("target_lesion_2", "baseline_longest_diameter_mm", 17.9, "mm"),
                                     hand_measured("target_lesions", "baseline_sum_diameters_mm", 44.7, "mm")]
    question = "What is the largest liver lesion's diameter now and on the prior?"
    ids = ["measurement:liver_lesion:largest_lesion_diameter_mm", "measurement:target_lesions:baseline_sum_diameters_mm"]
    assert _parts(question, "36.4 mm now; 26.8 mm on the prior.", ids, evidence)
    assert not _parts(question, "36.4 mm. Baseline sum of target diameters 44.7 mm.", ids, evidence)


@pytest.mark.parametrize(("question", "right", "wrong"), [
    ("Which kidney is larger, and by how much?", "The right kidney, by 21.7 mL.",
     "The right kidney is larger: left 150.2 mL, right 171.9 mL."),
    ("Which kidney is larger and by how much?", "Right, larger by 14.4 %.", "Right kidney (171.9 mL)."),
    ("How much larger is the spleen than the pancreas?", "The spleen is larger by 349.7 mL.",
     "Spleen 420.3 mL, pancreas 70.6 mL."),
])
def test_by_how_much_needs_the_difference(question: str, right: str, wrong: str) -> None:
    ids = ["measurement:kidney_left:volume_ml", "measurement:kidney_right:volume_ml", "measurement:spleen:volume_ml",
           "measurement:pancreas:volume_ml"]
    assert _parts(question, right, ids)
    assert not _parts(question, wrong, ids)


@pytest.mark.parametrize(("question", "organs"), [
    ("What are the liver volume and the spleen volume?", ("liver", "spleen")),
    ("Give the volumes of the left kidney and the right kidney.", ("kidney_left", "kidney_right")),
])
def test_one_sum_for_two_values_asked_is_flagged(question: str, organs: tuple[str, str]) -> None:
    first, second = organs
    values = {e.target: e.value for e in patient_evidence() if e.name == "volume_ml"}
    total = values[first] + values[second]
    summed = hand_measured(f"{first}+{second}", "volume_ml", total, "mL")
    summed = summed.model_copy(update={"kind": "finding", "id": f"finding:{first}+{second}:volume_ml"})
    evidence = patient_evidence() + [summed]
    ids = [summed.id, f"measurement:{first}:volume_ml", f"measurement:{second}:volume_ml"]
    assert not _parts(question, f"{total:.1f} mL.", ids, evidence)
    both = f"{values[first]:.1f} mL and {values[second]:.1f} mL."
    assert _parts(question, both, ids[1:], evidence)
    assert _parts(question.replace("What are", "What is the total of").replace("Give the volumes", "Give the combined "
                                                                              "volume"), f"{total:.1f} mL.", ids, evidence)


@pytest.mark.parametrize("organ", ["liver", "pancreas"])
def test_a_ratio_part_is_answered_by_the_ratio_not_its_input(organ: str) -> None:
    evidence = patient_evidence()
    hu = next(e.value for e in evidence if e.target == organ and e.name == "mean_hu")
    spleen = next(e.value for e in evidence if e.target == "spleen" and e.name == "mean_hu")
    ratio = hand_measured(f"{organ}/spleen", "hu_ratio", round(hu / spleen, 3), "ratio")
    evidence.append(ratio)
    question = f"What is the mean attenuation of the {organ}, and what is the {organ}-to-spleen attenuation ratio?"
    ids = [f"measurement:{organ}:mean_hu", ratio.id, "measurement:spleen:mean_hu"]
    assert _parts(question, f"{hu:.1f} HU; ratio {hu / spleen:.3f}.", ids, evidence)
    assert not _parts(question, f"{hu:.1f} HU.", ids, evidence)


@pytest.mark.parametrize(("question", "right", "wrong", "ids"), [
    ("What is the mean attenuation of the kidney lesion?", "8.3 HU.", "Indeterminate.",
     ["measurement:kidney_lesion:largest_lesion_mean_hu"]),
    ("What is the mean attenuation of the pancreatic tumour?", "33.4 HU.", "Hypoattenuating.",
     ["measurement:pancreas_lesion:largest_lesion_mean_hu"]),
])
def test_a_value_asked_in_so_many_words_is_a_number(question: str, right: str, wrong: str, ids: list[str]) -> None:
    """Whatever task the parse reads ("renal mass characterization"), the words ask a value."""
    assert _kind(question, right, ids)
    assert not _kind(question, wrong, ids)


@pytest.mark.parametrize(("group", "organ_words"), [("kidney_lesion", "renal lesion"), ("liver_lesion", "liver lesion")])
def test_the_attenuation_asked_is_the_lesions_own_not_its_difference(group: str, organ_words: str) -> None:
    evidence = patient_evidence()
    own = next(e for e in evidence if e.target == group and e.name == "largest_lesion_mean_hu")
    difference = hand_measured(group, "hu_difference", round(float(own.value) - 60.0, 1), "HU")
    evidence.append(difference)
    ids = [own.id, difference.id]
    question = f"What is the HU difference between the {organ_words} and its organ?"
    assert _kind(question, f"{difference.value} HU.", ids, evidence)
    asked = f"What is the attenuation of the {organ_words} in HU?"
    assert _kind(asked, f"{own.value} HU.", ids, evidence)
    assert not _kind(asked, f"{difference.value} HU.", ids, evidence)


def test_a_yes_no_asked_of_two_studies_is_answered_yes_or_no() -> None:
    evidence = _with_prior("spleen", 133.7, 420.3)
    ids = ["measurement:spleen:prior_volume_ml", "measurement:spleen:volume_ml"]
    question = "Was the spleen enlarged on the prior study, and is it enlarged now?"
    assert _kind(question, "No, not enlarged on the prior study (133.7 mL); yes, enlarged now (420.3 mL).", ids, evidence)


def _kind(question: str, text: str, ids: list[str], evidence: list[Evidence] | None = None) -> bool:
    q = AsWritten("", question, None, ())
    intent, _, full = solve(q, evidence)
    checks = {c.name: c for c in review_of(q, intent, Answer(text=text, evidence_ids=ids, backend="t"), full).checks}
    return checks["answer_kind"].passed


def test_words_that_only_look_like_a_prior_or_a_value_asked_pass() -> None:
    evidence = _with_prior("spleen", 300.0, 420.3)
    ids = ["measurement:spleen:volume_ml", "measurement:spleen:volume_change_pct"]
    assert _parts("How many liver lesions are in the first segment?", "None.",
                  ["measurement:liver_segment_1:lesion_count"])
    q = AsWritten("", "How has the spleen volume changed since the prior CT?", None, ())
    intent, _, full = solve(q, evidence)
    answer = Answer(text="420.3 mL, up by 40.1 % since the prior CT.", evidence_ids=ids, backend="t")
    assert {c.name: c for c in review_of(q, intent, answer, full).checks}["timing"].passed


@pytest.mark.parametrize(("question", "text", "named"), [
    ("Comparing the liver, kidneys, pancreas and colon, where is the lesion burden greatest?", "Kidneys", True),
    ("Where is the tumour burden larger, liver or pancreas?", "The liver (12.1 mL against 3.4 mL).", True),
    ("Across liver and kidneys, where is most of the lesion volume?", "B. Kidneys", True),
    ("In which segment is the largest liver lesion?", "The liver lesion measures 25.3 mm.", False),
    ("Where is the largest liver lesion?", "In the liver.", False),
])
def test_an_organ_is_the_place_only_where_organs_are_compared(question: str, text: str, named: bool) -> None:
    from agents.review_checks.asked import _names_place

    assert _names_place(text, question) is named
