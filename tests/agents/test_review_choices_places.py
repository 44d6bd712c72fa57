"""Letters, places and counts: the option chosen, the place named and the count stated are the measured ones.

Kinds from the independent reviewer sets: a segment's count written with another number (the digit of a
segment name is a word, not a licence for any count); a saved result whose top-level letter is not the
letter its answer chooses; "No tumour" chosen while a lesion is measured; "Solid tumour" (British
spelling) chosen for a lesion the cited criterion calls a cyst.
"""

from __future__ import annotations

import pytest

from agents.review_checks.base import ReviewInput
from agents.review_checks.choices import choice_validity
from core.case import Answer
from knowledge import shared_base
from questions.understanding import understand
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve


class AsWritten(Question):
    def intent(self):  # noqa: ANN201 - Intent
        return understand(self.question, self.choices)


def _checks(q: Question, answer: Answer, evidence: list) -> dict:
    intent = q.intent()
    return {c.name: c for c in review_of(q, intent, answer, evidence).checks}


def _located(lesions: dict[int, str], group: str = "liver_lesion") -> list:
    """Patient evidence with the group's lesions placed as given (number -> segment), largest first."""
    items = [hand_measured(group, "lesion_count", len(lesions), "count")]
    for n, place in lesions.items():
        items += [hand_measured(f"{group}_{n}", "location", place),
                  hand_measured(f"{group}_{n}", "volume_ml", round(20.0 / n, 2), "mL")]
    kept = [e for e in patient_evidence() if not (e.target or "").startswith(group)]
    return kept + items


@pytest.mark.parametrize(("lesions", "group", "question"), [
    ({1: "liver_segment_7", 2: "liver_segment_7", 3: "liver_segment_4"}, "liver_lesion",
     "Which liver segment contains the most lesions?"),
    ({1: "liver_segment_2", 2: "liver_segment_3", 3: "liver_segment_3", 4: "liver_segment_3"}, "liver_lesion",
     "Which liver segment has the most lesions?"),
    ({1: "liver_segment_6", 2: "liver_segment_6", 3: "liver_segment_8"}, "liver_lesion",
     "In which segment of the liver are most lesions found?"),
])
def test_a_segment_count_is_the_measured_count_of_that_segment(lesions: dict, group: str, question: str) -> None:
    q = AsWritten("", question)
    intent, answer, evidence = solve(q, _located(lesions, group))
    assert answer is not None and review_of(q, intent, answer, evidence).consistent, answer
    top = max(set(lesions.values()), key=list(lesions.values()).count)
    n, count = top.rsplit("_", 1)[1], list(lesions.values()).count(top)
    said = f"segment {n}: {count}"
    assert said in answer.text, answer.text
    for wrong in (count + 1, count + 2):
        bad = answer.model_copy(update={"text": answer.text.replace(said, f"segment {n}: {wrong}")})
        assert not _checks(q, bad, evidence)["numeric_grounding"].passed, bad.text


PLACES = {"A": "Head", "B": "Body", "C": "Tail", "D": "No tumour"}


@pytest.mark.parametrize(("reported", "chosen"), [("B", "C"), ("A", "D"), ("D", "A"), ("C", "B")])
def test_the_reported_letter_is_the_letter_chosen(reported: str, chosen: str) -> None:
    q = Question("inter-segment comparison", "In which part of the pancreas does the tumour lie?", PLACES)
    answer = Answer(text=f"{chosen}: {PLACES[chosen]}.", choice=chosen, evidence_ids=[], backend="hand-built")
    subject = ReviewInput(question=q.question, choices=PLACES, intent=q.intent(), answer=answer,
                          evidence=patient_evidence(), base=shared_base(), reported=reported)
    check = choice_validity(subject)
    assert not check.passed and "reports" in check.reason, check.reason
    same = ReviewInput(question=q.question, choices=PLACES, intent=q.intent(), answer=answer,
                       evidence=patient_evidence(), base=shared_base(), reported=chosen)
    assert "reports" not in choice_validity(same).reason


@pytest.mark.parametrize(("question", "choices", "group", "place"), [
    ("In which part of the pancreas does the tumour lie?", PLACES, "pancreas_lesion", "pancreas_head"),
    ("In which part of the pancreas does the tumour lie?", PLACES, "pancreas_lesion", "pancreas_tail"),
    ("Where is the largest liver lesion?", {"A": "Segment 4", "B": "Segment 7", "C": "Segment 2", "D": "No lesion"},
     "liver_lesion", "liver_segment_7"),
    ("Where is the largest liver lesion?", {"A": "No lesion", "B": "Segment 7", "C": "Segment 4", "D": "Segment 2"},
     "liver_lesion", "liver_segment_4"),
])
def test_no_lesion_chosen_while_a_lesion_is_measured_is_flagged(question: str, choices: dict, group: str,
                                                                place: str) -> None:
    q = AsWritten("", question, choices)
    intent, answer, evidence = solve(q, _located({1: place}, group))
    assert answer is not None and review_of(q, intent, answer, evidence).consistent, answer
    none = next(k for k, v in choices.items() if v.lower().startswith("no "))
    rest = answer.text.split(".", 2)[-1]
    bad = answer.model_copy(update={"choice": none, "text": f"{none}: {choices[none]}. {choices[none]}.{rest}"})
    assert not review_of(q, intent, bad, evidence).consistent, bad.text


@pytest.mark.parametrize("hu", [5.5, 8.3, 21.0, 48.0, 61.2])
@pytest.mark.parametrize("spelling", ["Solid tumour", "Solid tumor"])
def test_a_lesion_type_in_either_spelling_is_checked_against_the_criterion(hu: float, spelling: str) -> None:
    choices = {"A": "Cyst", "B": spelling}
    q = AsWritten("", "Is the renal lesion more likely a cyst or a solid tumour?", choices,
                  ("dtvqa-kidney-lesion-solid-vs-cyst",))
    evidence = replacing(patient_evidence(), hand_measured("kidney_lesion", "largest_lesion_mean_hu", hu, "HU"),
                         hand_measured("kidney_lesion_1", "mean_hu", hu, "HU"))
    intent, answer, full = solve(q, evidence)
    assert answer is not None and review_of(q, intent, answer, full).consistent, answer
    other = "B" if answer.choice == "A" else "A"
    label = choices[other]
    rationale = answer.text.split("->", 1)[0]
    bad = answer.model_copy(update={"choice": other, "text": f"{other}: {label}. {label}. {rationale}-> "
                                                             f"{label.lower()} by dtvqa-kidney-lesion-solid-vs-cyst"})
    assert not _checks(q, bad, full)["rule_grounding"].passed, bad.text
