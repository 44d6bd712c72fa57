"""Meaning kinds missed on the independent reviewer sets 3 and 4, each as a rule varied over its inputs.

A part cited but not stated ("26.8 mm" to "how large, and in which segment?" citing the location), a
number part answered with another part's number, a further category part one step off ("Yes ... Mild"
for a moderate spleen), "Yes — small" to "is it within the normal range?", a finding withdrawn past the
headline or two categories offered ("T1a or T1b"), the sides of two volumes swapped in one sentence, a
lesion's value said of its organ and the organ's of a lesion, a grading system named that no cited
criterion is, and the patient's own value given where the question asks for a cut-off.
"""

from __future__ import annotations

import re

import pytest

from core.case import Answer
from core.state import Intent
from knowledge import shared_base
from questions.understanding import understand
from tests.agents.reasoning_cases import (
    Question,
    criterion,
    hand_measured,
    patient_evidence,
    replacing,
    review_of,
    solve,
)


class Plain(Question):
    """A question read as a new user's would be: no subtype hint, so every part it asks is understood."""

    def intent(self) -> Intent:
        return understand(self.question, self.choices)


def _checks(q: Question, text: str, ids: list[str], evidence: list | None = None) -> dict:
    intent, _, full = solve(q, evidence)
    verdict = review_of(q, intent, Answer(text=text, evidence_ids=ids, backend="hand-built"), full)
    return {c.name: c for c in verdict.checks}


def _fails(checks: dict) -> list[str]:
    return [f"{c.name}: {c.reason}" for c in checks.values() if not c.passed]


@pytest.mark.parametrize(("segment", "diameter", "roman"), [(6, 26.8, "VI"), (7, 14.4, "VII"), (4, 31.2, "IV")])
def test_a_location_part_is_stated_not_only_cited(segment: int, diameter: float, roman: str) -> None:
    q = Plain("", "What is the longest diameter of the largest liver lesion, and in which "
                                            "Couinaud segment is it?")
    evidence = replacing(patient_evidence(), hand_measured("liver_lesion", "largest_lesion_diameter_mm", diameter, "mm"),
                         hand_measured("liver_lesion_1", "location", f"liver_segment_{segment}"))
    ids = ["measurement:liver_lesion:largest_lesion_diameter_mm", "measurement:liver_lesion_1:location"]
    assert not _fails(_checks(q, f"{diameter} mm, in segment {roman}.", ids, evidence))
    assert not _checks(q, f"{diameter} mm.", ids, evidence)["parts"].passed
    wrong = {6: "VII", 7: "VI", 4: "VIII"}[segment]
    assert not _checks(q, f"{diameter} mm, in segment {wrong}.", ids, evidence)["parts"].passed


@pytest.mark.parametrize(("organ", "hu"), [("liver", 60.0), ("liver", 28.5)])
def test_a_number_part_is_answered_by_its_own_number(organ: str, hu: float) -> None:
    q = Plain("", "Is there fatty infiltration of the liver, and what is the liver attenuation?",
                 None, ("dtvqa-fatty-liver",))
    ratio = hu / 50.4
    evidence = replacing(patient_evidence(), hand_measured(organ, "mean_hu", hu, "HU"),
                         hand_measured("liver/spleen", "hu_ratio", ratio, "ratio"))
    ids = ["measurement:liver/spleen:hu_ratio", "measurement:liver:mean_hu", "criterion:-:dtvqa-fatty-liver"]
    head = "No fatty liver" if ratio >= 1 else "Yes, fatty liver"
    assert _checks(q, f"{head}; liver/spleen ratio {ratio:.3f}; the liver measures {hu:.1f} HU.", ids,
                   evidence)["parts"].passed
    assert not _checks(q, f"{head}; liver/spleen ratio {ratio:.3f}.", ids, evidence)["parts"].passed


@pytest.mark.parametrize(("volume", "grade", "wrong"), [(646.2, "Moderate", "Mild"), (420.3, "Mild", "Moderate"),
                                                        (912.0, "Severe", "Moderate")])
def test_a_further_category_part_is_recomputed(volume: float, grade: str, wrong: str) -> None:
    q = Plain("", "Does this patient have splenomegaly, and if so what grade?", None,
                 ("dtvqa-splenomegaly-detection", "dtvqa-spleen-volume-grade"))
    evidence = replacing(patient_evidence(), hand_measured("spleen", "volume_ml", volume, "mL"))
    ids = ["measurement:spleen:volume_ml", "criterion:-:dtvqa-splenomegaly-detection",
           "criterion:-:dtvqa-spleen-volume-grade"]
    assert not _fails(_checks(q, f"Yes. {grade} splenomegaly, spleen volume {volume:.1f} mL.", ids, evidence))
    assert _fails(_checks(q, f"Yes. {wrong} splenomegaly, spleen volume {volume:.1f} mL.", ids, evidence))  # a grade
    # asked after its finding is read as the grading task (session 22); the grade given is held to it either way


@pytest.mark.parametrize(("side", "volume"), [("right", 60.7), ("left", 65.6), ("right", 250.0), ("left", 160.0),
                                             ("right", 310.0)])
def test_within_the_normal_range_is_no_for_small_as_for_enlarged(side: str, volume: float) -> None:
    q = Plain("", f"What is the volume of the {side} kidney, and is it within the normal "
                                             "range?")
    evidence = replacing(patient_evidence(), hand_measured(f"kidney_{side}", "volume_ml", volume, "mL"),
                         criterion("dtvqa-kidney-volume", f"kidney_{side}"))
    ids = [f"measurement:kidney_{side}:volume_ml", f"criterion:kidney_{side}:dtvqa-kidney-volume"]
    label = shared_base().get("dtvqa-kidney-volume").classify({"kidney.volume_ml": volume}).label
    normal = label == "normal"
    right = f"{volume:.1f} mL. {'Yes' if normal else 'No'} — {label}."
    flipped = f"{volume:.1f} mL. {'No' if normal else 'Yes'} — {label}."
    checks = _checks(q, right, ids, evidence)
    assert checks["parts"].passed, _fails(checks)
    assert not _checks(q, flipped, ids, evidence)["parts"].passed


@pytest.mark.parametrize("text", [
    "No splenomegaly (420.3 mL), though the spleen could still be enlarged.",
    "Yes — splenomegaly, 420.3 mL, although it may not be present.",
    "No splenomegaly at 420.3 mL, but splenomegaly cannot be excluded.",
])
def test_a_finding_withdrawn_past_the_headline_is_a_hedge(text: str) -> None:
    q = Question("splenomegaly detection", "Is there splenomegaly?", None, ("dtvqa-splenomegaly-detection",))
    ids = ["measurement:spleen:volume_ml", "criterion:-:dtvqa-splenomegaly-detection"]
    assert not _checks(q, text, ids)["substance"].passed


@pytest.mark.parametrize(("diameter", "labels"), [(24.3, ("T1a", "T1b")), (55.0, ("T1b", "T2a")), (85.0, ("T2a", "T2b"))])
def test_two_categories_offered_are_a_hedge(diameter: float, labels: tuple[str, str]) -> None:
    q = Plain("", "What is the AJCC T category of the renal tumour?", None, ("ajcc8-kidney-t",))
    evidence = replacing(patient_evidence(), hand_measured("kidney_lesion", "largest_lesion_diameter_mm", diameter, "mm"))
    ids = ["measurement:kidney_lesion:largest_lesion_diameter_mm", "criterion:-:ajcc8-kidney-t"]
    assert _checks(q, f"{labels[0]}; the tumour measures {diameter} mm.", ids, evidence)["substance"].passed
    assert not _checks(q, f"{labels[0]} or {labels[1]}; the tumour measures {diameter} mm.", ids,
                       evidence)["substance"].passed


@pytest.mark.parametrize(("left", "right"), [(105.8, 107.7), (150.2, 171.9), (180.0, 120.5)])
def test_two_volumes_swapped_between_sides_in_one_sentence(left: float, right: float) -> None:
    q = Question("kidney volume comparison", "Which kidney is larger by volume?")
    evidence = replacing(patient_evidence(), hand_measured("kidney_left", "volume_ml", left, "mL"),
                         hand_measured("kidney_right", "volume_ml", right, "mL"))
    ids = ["measurement:kidney_left:volume_ml", "measurement:kidney_right:volume_ml"]
    big, small = ("left", "right") if left > right else ("right", "left")
    volumes = {"left": left, "right": right}
    right_text = f"The {big} kidney ({volumes[big]:.1f} mL) is larger than the {small} ({volumes[small]:.1f} mL)."
    assert not _fails(_checks(q, right_text, ids, evidence))
    aside = f"The {big} kidney is larger ({volumes[big]:.1f} mL vs {volumes[small]:.1f} mL on the {small})."
    assert not _fails(_checks(q, aside, ids, evidence))
    swapped = f"The {small} kidney ({volumes[big]:.1f} mL) is larger than the {big} ({volumes[small]:.1f} mL)."
    assert not _checks(q, swapped, ids, evidence)["side"].passed
    impression = f"{aside} Impression: the {small} kidney is the larger of the two."
    assert not _checks(q, impression, ids, evidence)["rule_grounding"].passed


@pytest.mark.parametrize(("question", "cited", "right", "wrong"), [
    ("What is the mean HU of the pancreatic lesion?", "measurement:pancreas_lesion:largest_lesion_mean_hu",
     "The pancreatic lesion measures 33.4 HU.", "The pancreas measures 33.4 HU."),
    ("What is the pancreas volume?", "measurement:pancreas:volume_ml", "Pancreas volume 70.6 mL.",
     "Pancreatic tumour volume 70.6 mL."),
    ("What is the liver volume?", "measurement:liver:volume_ml", "The liver measures 1650.4 mL.",
     "The liver lesion volume is 1650.4 mL."),
    ("What is the mean attenuation of the largest liver lesion?", "measurement:liver_lesion:largest_lesion_mean_hu",
     "The largest liver lesion measures 21.5 HU.", "The liver attenuation is 21.5 HU."),
])
def test_a_lesion_value_is_not_said_of_its_organ_nor_the_organs_of_a_lesion(question: str, cited: str, right: str,
                                                                           wrong: str) -> None:
    q = Plain("", question)
    assert _checks(q, right, [cited])["numeric_grounding"].passed
    assert not _checks(q, wrong, [cited])["numeric_grounding"].passed


@pytest.mark.parametrize(("question", "entry", "ids", "system"), [
    ("Is there splenomegaly?", "dtvqa-splenomegaly-detection", ["measurement:spleen:volume_ml"], "the Kodama grading"),
    ("Is the kidney lesion a cyst or a solid tumour?", "dtvqa-kidney-lesion-solid-vs-cyst",  # (a side asked needs the
     ["measurement:kidney_lesion:largest_lesion_mean_hu"], "LI-RADS v2018"),  # lesions' kidneys, which this has not)
    ("What is the AJCC T category of the renal tumour?", "ajcc8-kidney-t",
     ["measurement:kidney_lesion:largest_lesion_diameter_mm"], "Bosniak 2019"),
])
def test_a_named_grading_system_must_be_a_cited_criterion(question: str, entry: str, ids: list[str],
                                                          system: str) -> None:
    q = Plain("", question, None, (entry,))
    intent, answer, full = solve(q)
    assert answer is not None
    own = review_of(q, intent, answer, full)
    assert own.consistent, [c.reason for c in own.checks if not c.passed]
    named = answer.model_copy(update={"text": f"{answer.text} (by {system})"})
    checks = {c.name: c for c in review_of(q, intent, named, full).checks}
    assert not checks["support"].passed


@pytest.mark.parametrize(("question", "ids", "text"), [
    ("What splenic volume is the lower limit of mild splenomegaly?", ["measurement:spleen:volume_ml"],
     "Mild. spleen volume 420.3 mL."),
    ("Below what pancreas-to-spleen attenuation ratio is pancreatic steatosis diagnosed?",
     ["measurement:pancreas:mean_hu"], "40.3 HU."),
    ("Above what liver volume is the liver enlarged?", ["measurement:liver:volume_ml"], "1650.4 mL."),
])
def test_the_patients_value_is_no_answer_to_a_cut_off_question(question: str, ids: list[str], text: str) -> None:
    q = Plain("", question)
    intent, _, full = solve(q)  # read as a patient question or as a rule, the patient's own value answers neither
    for task in dict.fromkeys([intent.task, "knowledge question"]):
        verdict = review_of(q, intent.model_copy(update={"task": task}), Answer(text=text, evidence_ids=ids,
                                                                                 backend="hand-built"), full)
        assert not {c.name: c for c in verdict.checks}["answer_kind"].passed, task
    verdict = review_of(q, intent, Answer(text=text, evidence_ids=ids, backend="hand-built"), full)
    assert not {c.name: c for c in verdict.checks}["answer_kind"].passed


@pytest.mark.parametrize(("question", "ids", "label"), [
    ("Is the pancreatic lesion solid or cystic?", ["measurement:pancreas_lesion:largest_lesion_mean_hu"], "Solid"),
    ("Is the right kidney lesion a cyst or a solid tumour?", ["measurement:kidney_lesion:largest_lesion_mean_hu"],
     "Cyst"),
    ("Is the liver lesion hypoattenuating or hyperattenuating?", ["measurement:liver_lesion:largest_lesion_mean_hu"],
     "Hypoattenuating"),
])
@pytest.mark.parametrize("bare", ["Yes.", "No.", "Yes, a lesion is present."])
def test_either_or_answered_by_a_bare_yes_or_no_is_no_answer(question: str, ids: list[str], label: str,
                                                             bare: str) -> None:
    q = Plain("", question)
    assert not _checks(q, bare, ids)["answer_kind"].passed
    assert _checks(q, f"{label}.", ids)["answer_kind"].passed


@pytest.mark.parametrize(("text", "hedged"), [
    ("No. The lesion is hypoattenuating, so not a PNET whether solid or cystic.", False),
    ("No — not a PDAC, regardless of whether it is solid or cystic.", False),
    ("It is either T1a or T1b.", True),
])
def test_a_disjunction_said_to_make_no_difference_is_no_hedge(text: str, hedged: bool) -> None:
    from agents.review_checks.meaning import CONCESSION

    alternatives = re.search(r"\b(T1a|solid) or (T1b|cystic)\b", CONCESSION.sub(" ", text))
    assert bool(alternatives) is hedged
