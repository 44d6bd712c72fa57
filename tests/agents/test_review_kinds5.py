"""Kinds the independent reviewer set 5 showed, each varied over organ, unit and wording.

- a finding nothing measured added to a right answer (a central scar, a hypertrophied caudate, septa,
  spiculated margins, stones);
- a category said in a radiologist's words ("a solid mass", "cystic", "PR", "moderate to severe hepatic
  steatosis") or denied ("not solid"): a denied label is not stated, and "No, not solid" on a solid lesion is
  a polarity error;
- a right number given for the wrong study ("44.7 mm now versus 24.0 mm at baseline" with the two swapped,
  a prior value dated today's, "from A to B" reversed);
- "no change" to a question asking how much a value changed: right when the cited change is zero.
"""

from __future__ import annotations

import pytest

from core.case import Answer, Evidence
from questions.intents.answers import labels_in
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve


def _checks(q: Question, text: str, ids: list[str], evidence: list[Evidence] | None = None) -> dict:
    intent, _, full = solve(q, evidence)
    verdict = review_of(q, intent, Answer(text=text, evidence_ids=ids, backend="hand-built"), full)
    return {c.name: c for c in verdict.checks}


# --- findings nothing measured ------------------------------------------------------------------------------
ANSWERS = [
    (Question("largest lesion diameter", "What is the size of the largest liver lesion?"),
     ["measurement:liver_lesion:largest_lesion_diameter_mm"], "36.4 mm"),
    (Question("organ volume measurement", "What is the liver volume?"), ["measurement:liver:volume_ml"], "1650.4 mL"),
    (Question("largest lesion diameter", "How big is the kidney lesion in cm?"),
     ["measurement:kidney_lesion:largest_lesion_diameter_mm"], "1.9 cm"),
    (Question("organ volume measurement", "What is the spleen volume?"), ["measurement:spleen:volume_ml"], "420.3 mL"),
]
ADDED = ["with a central scar suggesting focal nodular hyperplasia", "with capsular retraction",
         "with a hypertrophied caudate lobe", "and an enlarged caudate", "with thick enhancing septations",
         "with irregular wall thickening", "with spiculated margins", "; the lesion is lobulated",
         "and a 4 mm calculus", "with cholelithiasis"]
DENIED = ["without a central scar", "; no septations", "; not lobulated"]
"""Denials of lesion features (stones, nodes, ascites: findings nothing looked for are `negatives`' and refused)."""


@pytest.mark.parametrize(("q", "ids", "right"), ANSWERS, ids=[a[0].question for a in ANSWERS])
@pytest.mark.parametrize("added", ADDED)
def test_a_finding_nothing_measured_is_unsupported(q: Question, ids: list[str], right: str, added: str) -> None:
    assert _checks(q, f"{right}.", ids)["support"].passed
    assert not _checks(q, f"{right} {added}.", ids)["support"].passed


@pytest.mark.parametrize("negative", DENIED)
def test_a_denied_finding_asserts_nothing(negative: str) -> None:
    q, ids, right = ANSWERS[0]
    assert _checks(q, f"{right} {negative}.", ids)["support"].passed


def test_a_cited_caudate_ratio_speaks_to_the_caudate() -> None:
    q = Question("portal hypertension assessment", "Are there signs of portal hypertension?", None,
                 ("dtvqa-portal-hypertension",))
    ids = ["measurement:liver:caudate_right_lobe_ratio", "criterion:-:dtvqa-portal-hypertension"]
    checks = _checks(q, "No portal hypertension; no caudate hypertrophy (caudate/right-lobe ratio 0.52).", ids)
    assert checks["support"].passed


# --- labels in a radiologist's words, and denied ------------------------------------------------------------
@pytest.mark.parametrize(("text", "labels", "expected"), [
    ("A solid mass in the right kidney", ["cyst", "solid tumor"], ["solid tumor"]),
    ("a cystic lesion of the left kidney", ["cyst", "solid tumor"], ["cyst"]),
    ("No, the renal lesion is not solid.", ["cyst", "solid tumor"], []),
    ("It isn't a cyst", ["cyst", "solid tumor"], []),
    ("Partial response: the sum fell by 46 %", ["partial response (PR)", "stable disease (SD)"],
     ["partial response (PR)"]),
    ("PD by RECIST 1.1", ["partial response (PR)", "progressive disease (PD)"], ["progressive disease (PD)"]),
    ("mean 40 HU, sd 12 HU", ["stable disease (SD)"], []),
    ("Yes — moderate to severe hepatic steatosis", ["no fatty liver", "fatty liver", "moderate to severe fatty liver"],
     ["moderate to severe fatty liver"]),
    ("No steatosis.", ["no fatty liver", "fatty liver", "moderate to severe fatty liver"], ["no fatty liver"]),
    ("pancreatic steatosis", ["no fatty liver", "fatty liver"], []),
])
def test_labels_in_a_radiologists_words(text: str, labels: list[str], expected: list[str]) -> None:
    assert labels_in(text, labels) == expected


def _kidney_lesion(hu: float) -> list[Evidence]:
    return replacing(patient_evidence(), hand_measured("kidney_lesion", "largest_lesion_mean_hu", hu, "HU"),
                     hand_measured("kidney_lesion_1", "mean_hu", hu, "HU"))


KIDNEY_IDS = ["measurement:kidney_lesion:largest_lesion_mean_hu", "criterion:-:dtvqa-kidney-lesion-solid-vs-cyst"]


@pytest.mark.parametrize(("question", "hu", "right", "wrong"), [
    ("Is the renal lesion solid?", 59.4, "Yes, the renal lesion is solid (59.4 HU).",
     "No, the renal lesion is not solid."),
    ("Is the kidney lesion solid?", 8.3, "No, the kidney lesion is not solid; it is a cyst (8.3 HU).",
     "Yes, a solid mass (8.3 HU)."),
    ("Is the kidney lesion cystic?", 8.3, "Yes, cystic (8.3 HU).", "No, it is not cystic."),
    ("Is the renal lesion cystic?", 61.0, "No — a solid tumour, 61.0 HU.", "Yes, it is cystic."),
])
def test_the_polarity_of_a_lesion_type_question(question: str, hu: float, right: str, wrong: str) -> None:
    q = Question("lesion type classification", question, None, ("dtvqa-kidney-lesion-solid-vs-cyst",))
    evidence = _kidney_lesion(hu)
    good = _checks(q, right, KIDNEY_IDS, evidence)
    assert all(c.passed for c in good.values()), [c.reason for c in good.values() if not c.passed]
    assert not all(c.passed for c in _checks(q, wrong, KIDNEY_IDS, evidence).values())


# --- a value given for the wrong study ----------------------------------------------------------------------
def _with_prior(organ: str, prior: float, now: float, date: str = "2026-05-04") -> list[Evidence]:
    change = hand_measured(organ, "volume_change_pct", round(100 * (now - prior) / prior, 1), "%")
    dated = hand_measured(organ, "prior_volume_ml", prior, "mL").model_copy()
    dated.provenance = dated.provenance.model_copy(update={"prior_date": date})
    return replacing(patient_evidence(), hand_measured(organ, "volume_ml", now, "mL"), dated, change)


TIMED = [  # (organ, prior mL, current mL, right wording, the same numbers for the wrong studies)
    ("spleen", 300.0, 420.3, "420.3 mL now, 300.0 mL on the prior CT", "300.0 mL now versus 420.3 mL on the prior CT"),
    ("liver", 1420.0, 1650.4, "It grew from 1420.0 mL to 1650.4 mL", "It grew from 1650.4 mL to 1420.0 mL"),
    ("kidney_left", 180.5, 150.2, "Previously 180.5 mL, currently 150.2 mL", "Previously 150.2 mL, currently 180.5 mL"),
    ("spleen", 300.0, 420.3, "0.42 L today; 0.30 L at baseline", "0.30 L today; 0.42 L at baseline"),
    ("liver", 1420.0, 1650.4, "1420.0 mL on 2026-05-04 and 1650.4 mL now", "1650.4 mL on 2026-05-04 and 1420.0 mL now"),
]


@pytest.mark.parametrize(("organ", "prior", "now", "right", "wrong"), TIMED)
def test_a_value_said_of_a_study_is_that_studys(organ: str, prior: float, now: float, right: str, wrong: str) -> None:
    q = Question("organ volume change", f"How has the {organ.replace('_', ' ')} volume changed since the prior CT?")
    evidence = _with_prior(organ, prior, now)
    ids = [f"measurement:{organ}:volume_ml", f"measurement:{organ}:prior_volume_ml"]
    assert _checks(q, f"{right}.", ids, evidence)["timing"].passed
    assert not _checks(q, f"{wrong}.", ids, evidence)["timing"].passed


def test_recist_sums_swapped_between_baseline_and_today() -> None:
    evidence = patient_evidence() + [
        hand_measured("target_lesions", "sum_diameters_mm", 24.0, "mm"),
        hand_measured("target_lesions", "baseline_sum_diameters_mm", 44.7, "mm"),
        hand_measured("target_lesions", "change_from_baseline_pct", -46.3, "%")]
    q = Question("recist response", "What is the RECIST 1.1 response compared with the prior study?")
    ids = ["measurement:target_lesions:sum_diameters_mm", "measurement:target_lesions:baseline_sum_diameters_mm"]
    right = "Partial response: the sum of target diameters fell from 44.7 mm to 24.0 mm."
    assert _checks(q, right, ids, evidence)["timing"].passed
    swapped = "Partial response: the sum of target diameters is 44.7 mm now versus 24.0 mm at baseline."
    assert not _checks(q, swapped, ids, evidence)["timing"].passed


def test_an_unchanged_value_may_be_said_of_either_study() -> None:
    q = Question("organ volume change", "How has the spleen volume changed since the prior CT?")
    evidence = _with_prior("spleen", 420.3, 420.3)
    ids = ["measurement:spleen:volume_ml", "measurement:spleen:prior_volume_ml"]
    assert _checks(q, "420.3 mL on the prior CT and 420.3 mL now.", ids, evidence)["timing"].passed


# --- "no change" answers a change question with zero -------------------------------------------------------
@pytest.mark.parametrize("organ", ["spleen", "liver", "kidney_right"])
@pytest.mark.parametrize("wording", ["No change in {o} volume compared with the previous CT.",
                                     "Unchanged since the prior study.", "The {o} volume has not changed."])
def test_no_change_is_zero(organ: str, wording: str) -> None:
    q = Question("organ volume change", f"How has the {organ.replace('_', ' ')} volume changed since the previous CT?")
    name = organ.replace("_", " ")
    ids = [f"measurement:{organ}:volume_change_pct"]
    same = _with_prior(organ, 300.0, 300.0)
    assert _checks(q, wording.format(o=name), ids, same)["answer_kind"].passed
    grown = _with_prior(organ, 300.0, 345.0)
    assert not _checks(q, wording.format(o=name), ids, grown)["answer_kind"].passed
