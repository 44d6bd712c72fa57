"""Prior and current studies through the real agents: RECIST 1.1 response and organ volume change.

Studies of one phantom patient (`synthetic.pairs.derive_study`: the same anatomy, each liver
lesion rescaled about its centre) give growth, shrinkage, stability, disappearance and a new
lesion; the expected category follows from the scale factors by the RECIST thresholds, and the
reviewer recomputes the answer's category from the cited criterion.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import orchestrator
from agents.reviewer import review_result
from synthetic.pairs import derive_study
from synthetic.phantom import PhantomSpec, make_phantom

QUESTION = "What is the RECIST 1.1 response compared with the prior study?"


@pytest.fixture(scope="module")
def patient(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One phantom patient with three liver lesions (30, 22, 14 mm) and no other lesion."""
    root = tmp_path_factory.mktemp("patient")
    make_phantom(root / "scan", PhantomSpec(seed=5, liver_lesions=3, liver_lesion_diameters_mm=(30.0, 22.0, 14.0),
                                            kidney_lesion="none"))
    return root


@pytest.fixture(scope="module")
def backends() -> dict:
    return {}


def _image(folder: Path, role: str = "current", acquired: str | None = None) -> dict:
    return {"path": str(folder / "ct.nii.gz"), "masks": str(folder / "segmentations"), "role": role,
            "acquired": acquired}


def _run(case_id: str, current: Path, priors: list[tuple[Path, str]], backends: dict, question: str = QUESTION):
    case = {"case_id": case_id, "question": question,
            "images": [_image(current), *[_image(p, "prior", d) for p, d in priors]]}
    return orchestrator.run(case, backends=backends)


@pytest.mark.parametrize(("name", "prior_scale", "expected"), [
    ("growth", 0.7, "PD"),      # current = prior / 0.7: +43% and well over 5 mm from the nadir
    ("shrinkage", 1.6, "PR"),   # current = prior / 1.6: -37.5% from baseline
    ("stable", 0.9, "SD"),      # current = prior / 0.9: +11%
])
def test_response_of_rescaled_lesions(patient: Path, backends: dict, name: str, prior_scale: float, expected: str) -> None:
    prior = patient / f"prior_{name}"
    derive_study(patient / "scan", prior, (prior_scale,) * 3)
    result = _run(name, patient / "scan", [(prior, "2026-01-10")], backends)
    assert result.status == "answered", result.reasons
    assert f"({expected})" in result.answer
    assert result.answer_detail.criterion_id == "recist11-response"
    by_id = result.evidence_by_id()
    assert by_id["measurement:recist:response"].value == expected
    change = by_id["measurement:target_lesions:change_from_baseline_pct"].value
    assert change == pytest.approx(100.0 * (1 / prior_scale - 1), abs=12.0)  # voxel rounding of small lesions
    assert by_id["measurement:new_lesions:lesion_count"].value == 0
    assert all(c.passed for c in result.review.checks)


def test_complete_response_when_every_lesion_is_gone(patient: Path, backends: dict) -> None:
    current = patient / "cleared"
    derive_study(patient / "scan", current, (0.0, 0.0, 0.0))
    result = _run("cleared", current, [(patient / "scan", "2026-01-10")], backends)
    assert result.status == "answered", result.reasons
    assert "(CR)" in result.answer
    assert result.evidence_by_id()["measurement:target_lesions:sum_diameters_mm"].value == 0.0


def test_a_new_lesion_is_progression_whatever_the_sums(patient: Path, backends: dict) -> None:
    prior = patient / "before_new"
    derive_study(patient / "scan", prior, (1.0, 1.0, 0.0))  # the smallest lesion is not on the prior
    result = _run("new-lesion", patient / "scan", [(prior, "2026-01-10")], backends)
    by_id = result.evidence_by_id()
    assert by_id["measurement:new_lesions:lesion_count"].value == 1
    assert by_id["measurement:target_lesions:change_from_baseline_pct"].value == pytest.approx(0.0, abs=1e-6)
    assert result.status == "answered" and "(PD)" in result.answer


@pytest.mark.parametrize("prior_scale", [1.3, 1.6])
def test_a_new_lesion_beside_shrinking_targets_is_progression_and_approved(patient: Path, backends: dict,
                                                                           prior_scale: float) -> None:
    """Targets smaller than at baseline but a lesion the prior did not have: PD, and the attending does not read
    "progressive disease" as a claim that the shrinking sum grew."""
    prior = patient / f"larger_without_smallest_{prior_scale}"
    derive_study(patient / "scan", prior, (prior_scale, prior_scale, 0.0))
    result = _run(f"new-and-shrinking-{prior_scale}", patient / "scan", [(prior, "2026-01-10")], backends)
    by_id = result.evidence_by_id()
    assert by_id["measurement:new_lesions:lesion_count"].value == 1
    assert by_id["measurement:target_lesions:change_from_baseline_pct"].value < -15.0
    assert result.status == "answered", result.reasons
    assert "(PD)" in result.answer and result.review.consistent


def test_nadir_from_a_follow_up_decides_progression(patient: Path, backends: dict) -> None:
    """Baseline large, a follow-up smaller (the nadir), now regrown: PR against baseline, PD against the nadir."""
    baseline, nadir = patient / "baseline_large", patient / "followup_small"
    derive_study(patient / "scan", baseline, (1.6, 1.6, 1.6))
    derive_study(patient / "scan", nadir, (0.75, 0.75, 0.75))
    priors = [(nadir, "2026-03-01"), (baseline, "2025-11-01")]  # out of order on purpose: dates decide
    result = _run("nadir", patient / "scan", priors, backends)
    by_id = result.evidence_by_id()
    assert by_id["measurement:target_lesions:change_from_baseline_pct"].value < -30.0
    assert by_id["measurement:target_lesions:change_from_nadir_pct"].value >= 20.0
    assert by_id["measurement:target_lesions:nadir_sum_diameters_mm"].value < by_id[
        "measurement:target_lesions:baseline_sum_diameters_mm"].value
    assert by_id["measurement:target_lesions:lesion_count"].provenance["baseline_date"] == "2025-11-01"
    assert result.status == "answered" and "(PD)" in result.answer


def test_reviewer_recomputes_the_category(patient: Path, backends: dict) -> None:
    prior = patient / "prior_review"
    derive_study(patient / "scan", prior, (0.7, 0.7, 0.7))
    result = _run("review", patient / "scan", [(prior, "2026-01-10")], backends)
    assert result.status == "answered"
    wrong = result.answer_detail.text.replace("Progressive disease (PD)", "Partial response (PR)")
    tampered = result.model_copy(update={"answer": wrong,
                                         "answer_detail": result.answer_detail.model_copy(update={"text": wrong})})
    verdict = review_result(tampered)
    assert not verdict.consistent
    assert any(not c.passed for c in verdict.checks)


def test_organ_volume_change_between_studies(tmp_path: Path, backends: dict) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    truth_before = make_phantom(before, PhantomSpec(seed=9, splenomegaly="none", liver_lesions=0))
    truth_after = make_phantom(after, PhantomSpec(seed=9, splenomegaly="moderate", liver_lesions=0))
    expected = 100.0 * (truth_after["organs"]["spleen"]["volume_ml"] / truth_before["organs"]["spleen"]["volume_ml"] - 1)
    result = _run("spleen-change", after, [(before, "2025-06-01")], backends,
                  question="How has the spleen volume changed since the prior CT?")
    assert result.status == "answered", result.reasons
    change = result.evidence_by_id()["measurement:spleen:volume_change_pct"]
    assert change.value == pytest.approx(expected, rel=1e-6)
    assert f"{expected:.1f}" in result.answer.replace("+", "")


@pytest.mark.parametrize(("organ", "question"), [
    ("spleen", "What was the spleen volume on the prior study?"),
    ("spleen", "What was the splenic volume on the earlier study?"),
    ("liver", "How large was the liver on the baseline CT, in mL?"),
])
def test_a_value_on_the_prior_study_is_that_study_s_value(tmp_path: Path, backends: dict, organ: str,
                                                          question: str) -> None:
    """Asked what a size *was* on the earlier study: that study's volume, cited, not the change since."""
    before, after = tmp_path / "before", tmp_path / "after"
    truth_before = make_phantom(before, PhantomSpec(seed=9, splenomegaly="none", liver_lesions=0))
    make_phantom(after, PhantomSpec(seed=9, splenomegaly="moderate", liver_lesions=0))
    result = _run(f"prior-value-{organ}", after, [(before, "2025-06-01")], backends, question=question)
    assert result.status == "answered", result.reasons
    expected = truth_before["organs"][organ]["volume_ml"]
    prior = result.evidence_by_id()[f"measurement:{organ}:prior_volume_ml"]
    assert prior.value == pytest.approx(expected, rel=1e-6)
    assert f"{expected:.1f} mL" in result.answer and "%" not in result.answer
    assert prior.id in result.answer_detail.evidence_ids and result.review.consistent


def test_without_a_prior_the_comparison_abstains_naming_it(patient: Path, backends: dict) -> None:
    result = orchestrator.run({"case_id": "alone", "question": QUESTION, "images": [_image(patient / "scan")]},
                              backends=backends)
    assert result.status == "abstained"
    assert any("prior" in r for r in result.reasons), json.dumps(result.reasons)


@pytest.mark.parametrize(("before_grade", "after_grade"), [("none", "moderate"), ("moderate", "none")])
def test_the_attending_checks_the_direction_of_a_real_change(tmp_path: Path, backends: dict, before_grade: str,
                                                             after_grade: str) -> None:
    """A real growth or shrinkage, then the same answer stated backwards and with prior and current swapped."""
    before, after = tmp_path / "before", tmp_path / "after"
    make_phantom(before, PhantomSpec(seed=9, splenomegaly=before_grade, liver_lesions=0))
    make_phantom(after, PhantomSpec(seed=9, splenomegaly=after_grade, liver_lesions=0))
    result = _run(f"direction-{before_grade}", after, [(before, "2025-06-01")], backends,
                  question="How has the spleen volume changed since the prior CT?")
    assert result.status == "answered", result.reasons
    assert not any(c.name == "change_direction" and not c.passed for c in result.review.checks)
    found = result.evidence_by_id()
    change = found["measurement:spleen:volume_change_pct"].value
    prior, current = found["measurement:spleen:prior_volume_ml"], found["measurement:spleen:volume_ml"]
    ids = [*result.answer_detail.evidence_ids, prior.id, current.id]

    def stated(text: str):  # noqa: ANN202 - the result with `text` as its answer
        detail = result.answer_detail.model_copy(update={"text": text, "evidence_ids": list(dict.fromkeys(ids))})
        return review_result(result.model_copy(update={"answer": text, "answer_detail": detail}))

    grew, shrank = "increased", "decreased"
    right_word, wrong_word = (grew, shrank) if change > 0 else (shrank, grew)
    size = f"{change:+.1f} %"  # signed: the magnitude alone does not match a negative change's evidence
    right = f"The spleen volume {right_word}: {size} (from {prior.value:.1f} mL to {current.value:.1f} mL)."
    assert stated(right).consistent, right
    for wrong in (f"The spleen volume {wrong_word}: {size}.",
                  f"{change:+.1f} % (from {current.value:.1f} mL to {prior.value:.1f} mL)."):
        verdict = stated(wrong)
        assert any(c.name == "change_direction" and not c.passed for c in verdict.checks), wrong


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_simple_kidney_cyst_is_not_a_target_lesion(tmp_path: Path, backends: dict, side: str) -> None:
    """Liver lesions grown 25 % beside an unchanged 28 mm kidney cyst: progression (RECIST 1.1 §3.1.2).

    Counted as a target, the cyst would dilute the growth of the sum below 20 % (stable disease),
    which is what clinorch answered on a fresh helper's pair before simple cysts were left out.
    """
    make_phantom(tmp_path / "scan", PhantomSpec(seed=23, liver_lesions=2, liver_lesion_diameters_mm=(26.0, 24.0),
                                                kidney_lesion="cyst", kidney_lesion_diameter_mm=28.0,
                                                kidney_lesion_side=side))
    derive_study(tmp_path / "scan", tmp_path / "prior", (0.8, 0.8))
    result = _run(f"cyst-{side}", tmp_path / "scan", [(tmp_path / "prior", "2026-02-01")], backends)
    assert result.status == "answered", result.reasons
    by_id = result.evidence_by_id()
    assert by_id["measurement:target_lesions:lesion_count"].value == 2
    assert by_id["measurement:recist:response"].value == "PD"
    assert "(PD)" in result.answer and all(c.passed for c in result.review.checks)
