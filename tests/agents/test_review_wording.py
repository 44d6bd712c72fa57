"""Correct answers in a radiologist's own words pass; the same words with the fact wrong do not.

False alarms found on the independent reviewer sets: "No liver lesions are present" (the word
'present' under a leading no), a change given in mL and in %, "decreased by 81.4 %" on a cited
−81.4 %, "B: Mild splenomegaly — 398 mL, between 314.5 and 500 mL" (the option's words followed by
the answer's own). Each is varied over organ, value, sign and wording, with its wrong twin.
"""

from __future__ import annotations

import pytest

from core.case import Answer
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve


def _verdict(q: Question, text: str, ids: list[str], evidence: list | None = None, choice: str | None = None):  # noqa: ANN202
    intent, _, full = solve(q, evidence)
    answer = Answer(text=text, choice=choice, evidence_ids=ids, backend="hand-built")
    verdict = review_of(q, intent, answer, full)
    return verdict, {c.name: c for c in verdict.checks}


@pytest.mark.parametrize(("task", "organ", "lesion"), [
    ("liver lesion existence", "liver", "liver_lesion"), ("pancreatic lesion existence", "pancreas", "pancreas_lesion"),
    ("colon lesion existence", "colon", "colon_lesion"), ("kidney lesion existence", "kidney", "kidney_lesion")])
@pytest.mark.parametrize("wording", ["No {o} lesions are present ({o} lesion count 0).",
                                     "No, there are no {o} lesions present; the {o} lesion count is 0."])
def test_no_lesions_present_is_read_as_no(task: str, organ: str, lesion: str, wording: str) -> None:
    q = Question(task, f"Are there any {organ} lesions?", None, ("dtvqa-lesion-existence",))
    evidence = replacing(patient_evidence(), hand_measured(lesion, "lesion_count", 0, "count"))
    ids = [f"measurement:{lesion}:lesion_count", "criterion:-:dtvqa-lesion-existence"]
    verdict, _ = _verdict(q, wording.format(o=organ), ids, evidence)
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]
    flipped = wording.format(o=organ).replace("No ", "Yes, ", 1).replace("No, there are no", "Yes, there are")
    verdict, checks = _verdict(q, flipped, ids, evidence)
    assert not checks["rule_grounding"].passed, flipped


@pytest.mark.parametrize(("organ", "prior", "current"), [("spleen", 125.0, 396.6), ("liver", 1650.2, 1402.8),
                                                         ("kidney_left", 150.4, 171.1), ("pancreas", 80.0, 14.9)])
def test_a_change_in_ml_and_percent_with_a_direction_word_is_grounded(organ: str, prior: float, current: float) -> None:
    pct, ml = round((current - prior) / prior * 100, 4), round(current - prior, 4)
    evidence = replacing(patient_evidence(), hand_measured(organ, "volume_ml", current, "mL"),
                         hand_measured(organ, "prior_volume_ml", prior, "mL"),
                         hand_measured(organ, "volume_change_pct", pct, "%"),
                         hand_measured(organ, "volume_change_ml", ml, "mL"))
    q = Question("organ volume change", f"How has the {organ.replace('_', ' ')} volume changed since the prior CT?")
    ids = [f"measurement:{organ}:volume_change_ml", f"measurement:{organ}:volume_change_pct"]
    word, wrong = ("grown", "shrunk") if pct > 0 else ("decreased", "increased")
    right = f"The volume has {word} by {abs(ml):.1f} mL ({abs(pct):.1f} %) since the prior CT."
    verdict, _ = _verdict(q, right, ids, evidence)
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]
    verdict, checks = _verdict(q, right.replace(word, wrong), ids, evidence)
    assert not checks["change_direction"].passed
    signed = f"{pct:+.1f} % ({ml:+.1f} mL) since the prior CT."
    verdict, _ = _verdict(q, signed, ids, evidence)
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]
    verdict, checks = _verdict(q, f"{-pct:+.1f} % since the prior CT.", ids, evidence)  # a bare wrong sign
    assert not checks["numeric_grounding"].passed


SPLEEN_GRADES = {"A": "None", "B": "Mild", "C": "Moderate", "D": "Severe"}


@pytest.mark.parametrize(("volume", "letter", "band"), [(398.0, "B", "between 314.5 and 500 mL"),
                                                        (646.2, "C", "between 500 and 800 mL"),
                                                        (912.5, "D", "above 800 mL")])
def test_an_option_followed_by_the_answers_own_words_is_read(volume: float, letter: str, band: str) -> None:
    q = Question("splenomegaly grading", "Grade the splenomegaly.", SPLEEN_GRADES, ("dtvqa-spleen-volume-grade",))
    evidence = replacing(patient_evidence(), hand_measured("spleen", "volume_ml", volume, "mL"))
    ids = ["measurement:spleen:volume_ml", "criterion:-:dtvqa-spleen-volume-grade"]
    option = SPLEEN_GRADES[letter]
    text = f"{letter}: {option} splenomegaly — the spleen measures {volume:.1f} mL, {band}."
    verdict, _ = _verdict(q, text, ids, evidence, choice=letter)
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]
    other = "C" if letter != "C" else "B"
    wrong = f"{other}: {SPLEEN_GRADES[other]} splenomegaly — the spleen measures {volume:.1f} mL, {band}."
    verdict, _ = _verdict(q, wrong, ids, evidence, choice=other)
    assert not verdict.consistent, wrong
