"""End to end with the real agents, for the kinds reviewer set 9 showed: phantoms are run through the pipeline, the
saved result is edited as an editor would, and `review_result` (what `clinorch review` runs) judges it.

Kinds flagged: a superlative swapped ("the smallest of the four" for the largest lesion's value), a kidney lesion
placed on its empty side in any words ("arising from the left kidney"), an answer cut short ("23." for 23.1 mm, a
trailing "in the"), a Bosniak class the measurement cannot give (IIF-IV: septa and walls; I on a solid lesion), an
interval or a rate of change that the recorded study dates and changes do not give. Kinds that pass: the general
form of a graded finding for a yes/no question ("Yes, fatty liver"), two studies' values beside a change ("about
N % (A mL to B mL)"), an interval the dates give ("six months since"), a correct rate, advice ("repeat in 3
months"). Phantoms of my own (other seeds, organs, sides, orientations, spacings than set 9's); expected values
come from each result's own evidence, never typed in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.case import CaseResult
from tests.review_runs import answered, evidence_value, failed_checks, make_studies, run_once

SPECS = {"liver": dict(seed=931, liver_lesions=4, fatty_liver=True, kidney_lesion="cyst", kidney_lesion_side="left",
                       orientation="RAS", spacing=(1.7, 1.7, 4.5)),
         "kidney": dict(seed=932, liver_lesions=2, kidney_lesion="solid", kidney_lesion_side="right",
                        kidney_lesion_diameter_mm=31.0, orientation="LPI")}


@pytest.fixture(scope="module")
def phantoms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_studies(tmp_path_factory.mktemp("kinds9"), SPECS, "kidney", (0.8, 0.8), seed=7)  # the lesions grew since the prior


def _lesion_values(result: CaseResult, group: str, name: str) -> list[float]:
    return sorted(float(e.value) for e in result.evidence  # type: ignore[arg-type]
                  if e.name == name and (e.target or "").startswith(f"{group}_") and e.target[len(group) + 1:].isdigit())


@pytest.mark.parametrize(("name", "question", "quantity", "unit"), [
    ("liver", "What is the longest diameter of the largest liver lesion?", "longest_diameter_mm", "mm"),
    ("liver", "What is the volume of the biggest hepatic lesion?", "volume_ml", "mL"),
    ("kidney", "How large is the dominant liver lesion in mm?", "longest_diameter_mm", "mm"),
])
def test_a_superlative_is_true_of_the_lesions_measured(phantoms: dict[str, Path], name: str, question: str,
                                                       quantity: str, unit: str) -> None:
    result = answered(run_once(phantoms, name, question, case_id="kinds9"))
    sizes = _lesion_values(result, "liver_lesion", quantity)
    assert len(sizes) >= 2 and sizes[-1] > sizes[0]
    largest, smallest, n = sizes[-1], sizes[0], len(sizes)
    assert not failed_checks(result, f"{largest:.1f} {unit}, the largest of the {n} lesions.")
    assert not failed_checks(result, f"{largest:.1f} {unit} (the biggest lesion; not the smaller ones).")
    assert "comparison" in failed_checks(result, f"{largest:.1f} {unit} — the smallest of the {n} lesions.")
    assert "comparison" in failed_checks(result, f"{largest:.1f} {unit}, the smaller of the lesions.")
    assert "comparison" in failed_checks(result, f"{largest:.1f} {unit}; the largest lesion measures {smallest:.1f} {unit}.")


@pytest.mark.parametrize(("name", "own", "other"), [("liver", "left", "right"), ("kidney", "right", "left")])
def test_a_kidney_lesion_is_placed_on_its_own_side_in_any_words(phantoms: dict[str, Path], name: str, own: str,
                                                                other: str) -> None:
    result = answered(run_once(phantoms, name, "How large is the renal lesion?", case_id="kinds9"))
    size = evidence_value(result, "kidney_lesion", "largest_lesion_diameter_mm")
    assert not failed_checks(result, f"{size:.1f} mm, arising from the {own} kidney.")
    assert not failed_checks(result, f"{size:.1f} mm, {own}-sided.")
    assert "side" in failed_checks(result, f"{size:.1f} mm, arising from the {other} kidney.")
    assert "side" in failed_checks(result, f"{size:.1f} mm; a {other}-sided lesion.")
    assert "side" in failed_checks(result, f"It measures {size:.1f} mm within the {other} kidney.")


def test_an_answer_cut_short_is_no_answer(phantoms: dict[str, Path]) -> None:
    diameter = answered(run_once(phantoms, "kidney", "What is the largest liver lesion's diameter?", case_id="kinds9"))
    size = evidence_value(diameter, "liver_lesion", "largest_lesion_diameter_mm")
    assert not failed_checks(diameter, f"{size:.1f} mm.")
    assert not failed_checks(diameter, f"{size:.0f} millimetres.")
    assert "substance" in failed_checks(diameter, f"{size:.0f}.")
    assert "substance" in failed_checks(diameter, f"{size:.1f} mm, in the")
    assert "substance" in failed_checks(diameter, f"{size:.1f} mm (largest liver")
    volume = answered(run_once(phantoms, "liver", "What is the volume of the spleen?", case_id="kinds9"))
    assert "substance" in failed_checks(volume, f"{evidence_value(volume, 'spleen', 'volume_ml'):.1f}")
    count = answered(run_once(phantoms, "liver", "How many liver lesions are there?", case_id="kinds9"))
    assert not failed_checks(count, f"{evidence_value(count, 'liver_lesion', 'lesion_count'):.0f}.")  # a count needs no unit


def test_a_graded_finding_in_its_general_form_answers_yes_or_no(phantoms: dict[str, Path]) -> None:
    result = answered(run_once(phantoms, "liver", "Is there hepatic steatosis?", case_id="kinds9"))
    grade = (result.answer_detail.text if result.answer_detail else "").split(".")[0]
    assert "moderate to severe fatty liver" in grade, grade  # the criterion gives the graded label
    assert not failed_checks(result, "Yes, fatty liver.")
    assert not failed_checks(result, "Yes — the liver is fatty (fatty liver).")
    assert not failed_checks(result, "Yes, there is fatty liver.")
    assert "rule_grounding" in failed_checks(result, "No, no fatty liver.")
    assert "rule_grounding" in failed_checks(result, "Yes — mild fatty liver.")  # graded one step off
    assert "rule_grounding" in failed_checks(result, "Yes; slight fatty liver.")
    graded = answered(run_once(phantoms, "liver", "Is the fatty liver moderate to severe?", case_id="kinds9"))
    assert not failed_checks(graded, "Yes, moderate to severe fatty liver.")


@pytest.mark.parametrize(("name", "question"), [("liver", "Is the kidney lesion a simple cyst?"),
                                                ("kidney", "How would you characterise the renal mass?")])
def test_a_bosniak_class_rests_on_what_was_measured(phantoms: dict[str, Path], name: str, question: str) -> None:
    result = answered(run_once(phantoms, name, question, case_id="kinds9"))
    head = (result.answer_detail.text if result.answer_detail else str(result.answer)).split(".")[0]
    for featured in ("Bosniak III", "Bosniak IIF", "Bosniak class IV"):
        assert "support" in failed_checks(result, f"{head} ({featured}).")
    hu = evidence_value(result, "kidney_lesion", "largest_lesion_mean_hu")
    cyst = hu <= 20
    assert ("support" in failed_checks(result, f"{head} (Bosniak I).")) is not cyst


def test_an_interval_and_a_rate_rest_on_the_recorded_dates(phantoms: dict[str, Path]) -> None:
    from tests.review_runs import CURRENT_ACQUIRED, PRIOR_ACQUIRED

    result = answered(run_once(phantoms, "kidney", "How has the largest liver lesion's diameter changed since the "
                                "prior CT?", prior=True, case_id="kinds9"))
    dates = {e.provenance.model_dump().get("current_date") for e in result.evidence} - {None}
    assert dates == {CURRENT_ACQUIRED}  # measurement records the current study's date beside the prior's
    change = evidence_value(result, "liver_lesion", "largest_lesion_diameter_change_mm")
    assert change > 0
    months = 6  # PRIOR_ACQUIRED 2025-12-01 to CURRENT_ACQUIRED 2026-06-01
    assert PRIOR_ACQUIRED < CURRENT_ACQUIRED
    head = f"+{change:.1f} mm"
    assert not failed_checks(result, f"{head}, six months since the prior study.")
    assert not failed_checks(result, f"{head} over the past 6 months.")
    assert not failed_checks(result, f"{head}, about {change / months:.2f} mm per month.")
    assert not failed_checks(result, f"{head}; repeat CT in 3 months.")  # advice, not the interval
    assert "support" in failed_checks(result, f"{head}, two months since the prior study.")
    assert "support" in failed_checks(result, f"{head} in 2 years.")
    assert "support" in failed_checks(result, f"{head}, about {3 * change / months:.2f} mm/month.")


@pytest.mark.parametrize(("question", "organ"), [("Are there any focal liver lesions?", "liver"),
                                                 ("Is there a pancreatic tumour?", "pancreas"),
                                                 ("Is there a renal mass?", "kidney")])
def test_a_double_negative_says_lesions_are_there(phantoms: dict[str, Path], question: str, organ: str) -> None:
    from core.case import Evidence

    result = answered(run_once(phantoms, "kidney", question, case_id="kinds9"))
    group = {"liver": "liver_lesion", "pancreas": "pancreas_lesion", "kidney": "kidney_lesion"}[organ]
    if evidence_value(result, group, "lesion_count") != 0:  # make this organ lesion-free, as a lesion-free study is
        evidence = [e.model_copy(update={"value": 0}) if e.target == group and e.name == "lesion_count" else e
                    for e in result.evidence]
        assert any(isinstance(e, Evidence) for e in evidence)
        result = result.model_copy(update={"evidence": evidence})
    for text in (f"No, the {organ} is not free of lesions.", f"No — the {organ} is not lesion-free.",
                 f"No; the {organ} is not without a mass.", f"The {organ} is certainly not devoid of tumours."):
        assert "support" in failed_checks(result, text), text
    assert "support" not in failed_checks(result, f"No, the {organ} is free of lesions.")


def test_a_side_free_of_lesions_is_that_side_s_count(phantoms: dict[str, Path]) -> None:
    result = answered(run_once(phantoms, "kidney", "Which kidney holds the lesion?", case_id="kinds9"))
    assert evidence_value(result, "kidney_right", "lesion_count") >= 1
    assert evidence_value(result, "kidney_left", "lesion_count") == 0
    assert "support" not in failed_checks(result, "Right; the left kidney contains no lesion.")
    assert "support" in failed_checks(result, "Right; the right kidney contains no lesion.")


def test_an_absence_added_in_passing_rests_on_the_counts(phantoms: dict[str, Path]) -> None:
    result = answered(run_once(phantoms, "liver", "What is the volume of the liver?", case_id="kinds9"))
    volume = evidence_value(result, "liver", "volume_ml")
    assert evidence_value(result, "liver_lesion", "lesion_count") >= 2
    assert "support" in failed_checks(result, f"{volume:.1f} mL; no liver lesions are present.")
    assert "support" in failed_checks(result, f"{volume:.1f} mL, with no hepatic lesion seen.")
    assert not failed_checks(result, f"{volume:.1f} mL; no new liver lesions.")
    assert not failed_checks(result, f"{volume:.1f} mL; no liver lesion in the caudate lobe.")
    assert not failed_checks(result, f"{volume:.1f} mL; no suspicious liver lesion.")


def test_an_approximate_value_may_round_the_value_shown(phantoms: dict[str, Path]) -> None:
    result = answered(run_once(phantoms, "liver", "What is the volume of the spleen?", case_id="kinds9"))
    shown = round(evidence_value(result, "spleen", "volume_ml"), 1)
    import math

    rounded = math.floor(shown + 0.5)
    assert not failed_checks(result, f"About {rounded} mL.")
    assert "numeric_grounding" in failed_checks(result, f"About {rounded + 1} mL.")
    assert "numeric_grounding" in failed_checks(result, f"{rounded + 1} mL.")


def test_a_size_asked_is_answered_with_a_size(phantoms: dict[str, Path]) -> None:
    nature = run_once(phantoms, "liver", "What is the size of the renal cyst?", case_id="kinds9")
    assert nature.status != "answered" or " mm" in str(nature.answer)  # a nature for a size is not approved
    result = answered(run_once(phantoms, "liver", "What is the diameter of the renal cyst in mm?", case_id="kinds9"))
    size = evidence_value(result, "kidney_lesion", "largest_lesion_diameter_mm")
    assert not failed_checks(result, f"{size:.1f} mm.")
    assert "parts" in failed_checks(result, "Cyst.")
    assert "parts" in failed_checks(result, "A simple cyst, hypoattenuating.")
    two = answered(run_once(phantoms, "kidney", "What was the largest liver lesion's diameter on the prior scan, and "
                             "what is it now?", prior=True, case_id="kinds9"))
    now = evidence_value(two, "liver_lesion", "largest_lesion_diameter_mm")
    before = evidence_value(two, "liver_lesion", "prior_largest_lesion_diameter_mm")
    assert not failed_checks(two, f"{before:.1f} mm on the prior study; {now:.1f} mm now.")
    assert "substance" in failed_checks(two, f"{now:.1f} mm now; {before:.0f}.")


def test_a_change_and_a_baseline_are_said_of_their_own_quantity_and_time(phantoms: dict[str, Path]) -> None:
    result = answered(run_once(phantoms, "kidney", "Has the largest liver lesion grown since the previous CT?",
                                prior=True, case_id="kinds9"))
    volume = evidence_value(result, "liver_lesion", "total_lesion_volume_change_pct")
    before = evidence_value(result, "liver_lesion", "prior_largest_lesion_diameter_mm")
    now = evidence_value(result, "liver_lesion", "largest_lesion_diameter_mm")
    assert abs(volume - 100 * (now - before) / before) > 2  # a volume grows faster than its diameter
    assert not failed_checks(result, f"Yes — the lesion volume increased by {volume:.1f} %.")
    assert "support" in failed_checks(result, f"Yes — its diameter increased by {volume:.1f} %.")
    assert "support" in failed_checks(result, f"Yes; the longest axis grew {volume:.1f} %.")
    assert not failed_checks(result, f"Yes — {now:.1f} mm now, {before:.1f} mm on the prior study.")
    assert "timing" in failed_checks(result, f"Yes — the current diameter is {before:.1f} mm.")
