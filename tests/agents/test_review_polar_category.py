"""A yes/no question that names one category asks whether that category holds.

"Is the pancreatic lesion hypoattenuating?" answered "No, it is not hypoattenuating" for a lesion 2.5
organ SDs below the pancreas is a polarity error even though the answer names the right word; and a
category stated against a cited measurement that is itself a category (`largest_lesion_attenuation =
hypo`) is checked without a cited criterion. Varied over organ, category asked, lesion HU and wording.
"""

from __future__ import annotations

import pytest

from core.case import Answer
from questions.understanding import understand
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve

LABELS = ("hypoattenuating", "isoattenuating", "hyperattenuating")


class AsWritten(Question):
    def intent(self):  # noqa: ANN201 - Intent
        return understand(self.question, self.choices)


def _lesion(organ: str, hu: float) -> list:
    return replacing(patient_evidence(), hand_measured(f"{organ}_lesion", "largest_lesion_mean_hu", hu, "HU"),
                     hand_measured(f"{organ}_lesion_1", "mean_hu", hu, "HU"))


@pytest.mark.parametrize(("organ", "hu"), [("pancreas", 10.0), ("pancreas", 40.5), ("pancreas", 80.0),
                                           ("liver", 12.0), ("liver", 45.0), ("liver", 90.0)])
@pytest.mark.parametrize("asked", LABELS)
def test_yes_or_no_to_one_named_category_follows_the_criterion(organ: str, hu: float, asked: str) -> None:
    adjective = "pancreatic" if organ == "pancreas" else organ
    q = AsWritten("", f"Is the {adjective} lesion {asked} relative to the {organ}?", None, ("dtvqa-lesion-attenuation",))
    intent, answer, evidence = solve(q, _lesion(organ, hu))
    assert answer is not None and intent.polar
    label = next(lab for lab in LABELS if lab in answer.text.lower().split(".", 1)[0])  # "Yes — hypoattenuating"
    rationale = answer.text.split(".", 1)[1]
    holds = label == asked
    right = f"{'Yes' if holds else 'No'}, it is {'' if holds else 'not '}{asked}.{rationale}"
    wrong = f"{'No' if holds else 'Yes'}, it is {'not ' if holds else ''}{asked}.{rationale}"
    for text, ok in ((right, True), (wrong, False)):
        verdict = review_of(q, intent, answer.model_copy(update={"text": text}), evidence)
        checks = {c.name: c for c in verdict.checks}
        assert checks["rule_grounding"].passed is ok, (text, checks["rule_grounding"].reason)


@pytest.mark.parametrize("organ", ["pancreas", "liver", "kidney"])
@pytest.mark.parametrize(("measured", "difference"), [("hypo", -18.5), ("iso", 0.4), ("hyper", 22.1)])
def test_a_category_stated_against_a_measured_category_is_checked(organ: str, measured: str, difference: float) -> None:
    adjective = {"pancreas": "pancreatic", "kidney": "renal"}.get(organ, organ)
    q = AsWritten("", f"Relative to the {organ}, is the {adjective} lesion hypo-, iso- or hyperattenuating?")
    evidence = replacing(patient_evidence(),
                         hand_measured(f"{organ}_lesion", "largest_lesion_attenuation", measured),
                         hand_measured(f"{organ}_lesion_1", "organ_hu_difference", difference, "HU"))
    ids = [f"measurement:{organ}_lesion:largest_lesion_attenuation", f"measurement:{organ}_lesion_1:organ_hu_difference"]
    intent = q.intent()
    for label in LABELS:
        text = f"{label.capitalize()}. largest lesion attenuation {measured}; organ hu difference {difference} HU"
        answer = Answer(text=text, evidence_ids=ids, backend="hand-built")
        check = {c.name: c for c in review_of(q, intent, answer, evidence).checks}["rule_grounding"]
        assert check.passed is label.startswith(measured), (text, check.reason)
