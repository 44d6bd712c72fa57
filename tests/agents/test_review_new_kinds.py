"""Wrong-answer kinds no independent set has held yet, as a careful radiologist would make them.

- the other organ's value for the organ asked ("What is the spleen volume?" -> the liver's 1650.4 mL);
- two organs' values in one sentence, each read by its own words ("Liver 45.2 HU, spleen 50.4 HU" passes; swapped
  does not);
- a work-up whose impression contradicts its findings or its cited criteria ("No splenomegaly." over a
  splenomegaly, "No focal liver lesion." over three measured ones, "- Severe: ... -> mild by ...");
- a category said in plain words ("the spleen is enlarged", "the liver is not fatty") is that category.
- a per-lesion value given as the total (the largest lesion's volume for all lesions') and the reverse;
- a burden over the wrong denominator (lesion volume over the spleen's, over the whole liver with lesions removed).
(The right number for the wrong study is in test_review_kinds5.py.)
"""

from __future__ import annotations

import pytest

from core.case import Answer, Evidence
from core.state import Intent
from questions.intents.answers import labels_in
from questions.understanding import understand
from tests.agents.reasoning_cases import Question, patient_evidence, review_of, solve


class AsWritten(Question):
    def intent(self) -> Intent:
        return understand(self.question, self.choices)


def _failed(question: str, text: str, ids: list[str] | None = None, criteria: tuple[str, ...] = (),
            evidence: list[Evidence] | None = None) -> set[str]:
    q = AsWritten("", question, None, criteria)
    intent, answer, full = solve(q, evidence)
    cited = ids if ids is not None else (answer.evidence_ids if answer is not None else [])
    verdict = review_of(q, intent, Answer(text=text, evidence_ids=cited, backend="t"), full)
    return {c.name for c in verdict.checks if not c.passed}


VALUES = {(e.target, e.name): e.value for e in patient_evidence() if isinstance(e.value, float)}


@pytest.mark.parametrize(("asked", "other", "quantity", "unit", "words"), [
    ("spleen", "liver", "volume_ml", "mL", "volume"),
    ("liver", "spleen", "volume_ml", "mL", "volume"),
    ("pancreas", "liver", "mean_hu", "HU", "mean attenuation"),
    ("spleen", "pancreas", "mean_hu", "HU", "mean HU"),
])
@pytest.mark.parametrize("wording", ["{v} {u}.", "The {o} measures {v} {u}.", "It is {v} {u}."])
def test_the_other_organs_value_is_flagged(asked: str, other: str, quantity: str, unit: str, words: str,
                                           wording: str) -> None:
    question = f"What is the {words} of the {asked}?"
    ids = [f"measurement:{asked}:{quantity}", f"measurement:{other}:{quantity}"]
    right = VALUES[(asked, quantity)]
    wrong = VALUES[(other, quantity)]
    assert not _failed(question, wording.format(v=right, u=unit, o=asked), ids)
    assert _failed(question, wording.format(v=wrong, u=unit, o=other), ids)


@pytest.mark.parametrize(("first", "second", "quantity", "unit"), [
    ("liver", "spleen", "mean_hu", "HU"), ("spleen", "pancreas", "volume_ml", "mL"), ("kidney_left", "liver", "volume_ml", "mL")])
def test_two_values_in_one_sentence_are_read_by_their_own_words(first: str, second: str, quantity: str,
                                                                  unit: str) -> None:
    a, b = VALUES[(first, quantity)], VALUES[(second, quantity)]
    name_a, name_b = first.replace("kidney_left", "left kidney"), second
    question = f"What are the values of the {name_a} and of the {name_b}?"
    ids = [f"measurement:{first}:{quantity}", f"measurement:{second}:{quantity}"]
    right = f"{name_a.capitalize()} {a} {unit}, {name_b} {b} {unit}."
    swapped = f"{name_a.capitalize()} {b} {unit}, {name_b} {a} {unit}."
    assert "numeric_grounding" not in _failed(question, right, ids)
    assert "numeric_grounding" in _failed(question, swapped, ids)


REPORT_CRITERIA = ("dtvqa-spleen-volume-grade", "dtvqa-fatty-liver", "dtvqa-splenomegaly-detection")


@pytest.fixture(scope="module")
def work_up() -> tuple:
    q = Question("report", "", criteria=REPORT_CRITERIA)
    intent, answer, full = solve(q)
    assert answer is not None and "IMPRESSION" in answer.text
    return q, intent, answer, full


def _report_failures(work_up: tuple, old: str, new: str) -> set[str]:
    q, intent, answer, full = work_up
    assert old in answer.text
    text = answer.text.replace(old, new, 1)
    return {c.name for c in review_of(q, intent, answer.model_copy(update={"text": text}), full).checks if not c.passed}


def test_the_work_up_as_written_passes(work_up: tuple) -> None:
    assert _report_failures(work_up, "IMPRESSION:", "IMPRESSION:") == set()


@pytest.mark.parametrize("added", ["- No splenomegaly.", "No focal liver lesion.", "No fatty liver; mild splenomegaly.",
                                   "No renal lesion; no ascites.", "No suspicious pancreatic mass.",
                                   "The spleen is not enlarged."])
def test_an_impression_contradicting_the_findings_is_flagged(work_up: tuple, added: str) -> None:
    assert "rule_grounding" in _report_failures(work_up, "IMPRESSION:\n", f"IMPRESSION:\n{added}\n")


@pytest.mark.parametrize("added", ["No colon lesion.", "No ascites.", "Splenomegaly.", "The spleen is enlarged."])
def test_an_impression_agreeing_with_the_findings_passes(work_up: tuple, added: str) -> None:
    assert "rule_grounding" not in _report_failures(work_up, "IMPRESSION:\n", f"IMPRESSION:\n{added}\n")


def test_a_line_naming_its_criterion_states_only_that_criterions_label(work_up: tuple) -> None:
    assert "rule_grounding" in _report_failures(work_up, "- Mild splenomegaly: spleen", "- Severe splenomegaly: spleen")


@pytest.mark.parametrize(("text", "labels", "expected"), [
    ("The spleen is enlarged.", ["splenomegaly", "no splenomegaly"], ["splenomegaly"]),
    ("Normal-sized spleen.", ["splenomegaly", "no splenomegaly"], ["no splenomegaly"]),
    ("The spleen is not enlarged.", ["splenomegaly", "no splenomegaly"], ["no splenomegaly"]),
    ("The liver is not fatty.", ["no fatty liver", "fatty liver"], ["no fatty liver"]),
    ("An enlarged spleen, 420 mL.", ["splenomegaly", "no splenomegaly"], ["splenomegaly"]),
])
def test_a_category_in_plain_words(text: str, labels: list[str], expected: list[str]) -> None:
    assert labels_in(text, labels) == expected


@pytest.mark.parametrize(("group", "organ"), [("liver_lesion", "liver"), ("pancreas_lesion", "pancreas")])
def test_a_per_lesion_value_is_not_the_total_nor_the_total_a_lesions(group: str, organ: str) -> None:
    values = {e.name: e.value for e in patient_evidence() if e.target == group and isinstance(e.value, float)}
    largest, total = values["largest_lesion_volume_ml"], values["total_lesion_volume_ml"]
    ids = [f"measurement:{group}:largest_lesion_volume_ml", f"measurement:{group}:total_lesion_volume_ml"]
    name = "pancreatic" if organ == "pancreas" else organ
    total_q = f"What is the total volume of the {name} lesions?"
    largest_q = f"What is the volume of the largest {name} lesion?"
    assert not _failed(total_q, f"The total {name} lesion volume is {total} mL.", ids)
    assert not _failed(largest_q, f"The largest {name} lesion measures {largest} mL.", ids)
    if largest != total:
        assert _failed(total_q, f"The total {name} lesion volume is {largest} mL.", ids)
        assert _failed(largest_q, f"The largest {name} lesion measures {total} mL.", ids)


@pytest.mark.parametrize(("group", "organ", "other"), [("liver_lesion", "liver", "spleen"),
                                                       ("pancreas_lesion", "pancreas", "liver")])
def test_a_burden_over_the_wrong_denominator_is_flagged(group: str, organ: str, other: str) -> None:
    lesion = VALUES[(group, "total_lesion_volume_ml")]
    ids = [f"measurement:{group}:total_lesion_volume_ml", f"measurement:{other}:volume_ml",
           f"measurement:{organ}:volume_ml", f"measurement:{group}:tumor_burden_pct"]
    question = f"What percentage of the {organ} is tumor?"
    right = next(e.value for e in patient_evidence() if e.target == group and e.name == "tumor_burden_pct")
    assert not _failed(question, f"{right:.2f} %.", ids)
    for denominator in (VALUES[(other, "volume_ml")], VALUES[(organ, "volume_ml")] - lesion):
        assert _failed(question, f"{100 * lesion / denominator:.2f} %.", ids)


@pytest.mark.parametrize(("question", "key", "right", "wrong"), [
    ("What is the size of the largest liver lesion?", "measurement:liver_lesion:largest_lesion_diameter_mm",
     "Thirty-six millimetres.", "Twenty-five millimetres."),
    ("What is the size of the largest liver lesion?", "measurement:liver_lesion:largest_lesion_diameter_mm",
     "About three point six centimetres.", "About four point two centimetres."),
    ("What is the spleen volume?", "measurement:spleen:volume_ml", "Four hundred and twenty mL.",
     "Three hundred and twenty mL."),
    ("What is the mean attenuation of the liver?", "measurement:liver:mean_hu", "Forty-five HU.", "Fifty-five HU."),
])
def test_a_value_spelt_out_is_checked_like_digits(question: str, key: str, right: str, wrong: str) -> None:
    assert "numeric_grounding" not in _failed(question, right, [key])
    assert "numeric_grounding" in _failed(question, wrong, [key])
