"""Kinds found in session 35 on material another author wrote, each varied in our own words.

- Question set AM: yes/no options written after the question in forms not read before ("Options: - Yes - No",
  "choose one: (i) present (ii) absent", "Select: 1-Yes 2-No", "1 = yes, 2 = no", "A yes / B no"): the offered "No"
  or "absent" had been read as a negation of what is asked.
- Suite AK in predicted mode: "Are there any renal cysts?" where the classical lesion search found a 10 HU kidney
  lesion (a lower bound of the count, no largest lesion known): the reasoner said "Yes: a kidney lesion found, 10.5
  HU: cyst", and the attending refused it for want of the largest lesion's HU. A found lesion of the kind asked
  settles a typed existence question (`completeness._found_of_kind_cited`, `deciding._found_readings`); real agents on
  our phantoms, cyst and solid, both sides, three storages.
- Our own randomised phantom with more lung-base slices than abdominal ones was called left-right flipped by the
  heart's cue (`anatomy.ABDOMEN_CUE_SHARE`).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

import orchestrator
from agents.triage_checks.anatomy import analyse
from questions.understanding import understand
from synthetic.phantom import make_phantom, random_spec


@pytest.mark.parametrize(("question", "negated"), [
    ("Does this CT demonstrate a pancreatic NET? Options: - Yes - No", False),
    ("Hepatic lesion - choose one: (i) present (ii) absent", False),
    ("Are there any renal cysts? Select: 1-Yes 2-No", False),
    ("Renal neoplasm present? 1 = yes, 2 = no", False),
    ("Enlarged spleen? A yes / B no", False),
    ("Colonic mass? pick one: a) present b) absent", False),
    ("Is the liver free of lesions? 1 = yes, 2 = no", True),
    ("Is the spleen not enlarged? Options: - Yes - No", True),
    ("No pancreatic mass, correct? select: (i) yes (ii) no", True),
])  # fmt: skip
def test_offered_yes_no_options_negate_nothing(question: str, negated: bool) -> None:
    assert understand(question).negated is negated


def _case(tmp_path: Path, seed: int, kind: str, side: str, orientation: str) -> Path:
    spec = dataclasses.replace(random_spec(seed), orientation=orientation, kidney_lesion=kind, kidney_lesion_side=side,
                               kidney_lesion_diameter_mm=30.0, top_offset_mm=-20.0)
    make_phantom(tmp_path / "case", spec)
    return tmp_path / "case" / "ct.nii.gz"


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "kind", "side", "orientation", "question"), [
    (811, "cyst", "left", "LPS", "Are there any renal cysts?"),
    (812, "solid", "right", "PIR", "Does this patient have a kidney tumor?"),
    (814, "cyst", "right", "RAS", "Is there a renal cyst?"),
    (815, "solid", "left", "LPS", "Any solid renal mass?"),
])  # fmt: skip
def test_a_found_lesion_of_the_kind_asked_settles_existence(tmp_path: Path, seed: int, kind: str, side: str,
                                                          orientation: str, question: str) -> None:
    ct = _case(tmp_path, seed, kind, side, orientation)
    result = orchestrator.run({"case_id": f"k{seed}", "images": [{"path": str(ct), "modality": "CT"}],
                               "question": question, "choices": {"A": "No", "B": "Yes"}})
    assert result.status == "answered", result.reasons
    assert result.answer == "B"
    assert "lower_bound" in " ".join(result.answer_detail.evidence_ids)  # the search's count is only a lower bound
    assert result.review.consistent


@pytest.mark.slow
def test_a_found_lesion_of_the_other_kind_leaves_it_open(tmp_path: Path) -> None:
    """A cyst found says nothing about a solid tumour the search may have missed: unknown, not "No"."""
    ct = _case(tmp_path, 811, "cyst", "left", "LPS")
    result = orchestrator.run({"case_id": "k811t", "images": [{"path": str(ct), "modality": "CT"}],
                               "question": "Does this patient have a kidney tumor?", "choices": {"A": "No", "B": "Yes"}})
    assert result.status == "abstained" and result.answer is None


@pytest.mark.parametrize(("seed", "orientation"), [(812, "PIR"), (812, "RAS"), (812, "LPS")])
def test_lung_bases_outnumbering_the_abdomen_do_not_call_the_liver_a_heart(tmp_path: Path, seed: int,
                                                                          orientation: str) -> None:
    """Seed 812 draws 16 lung-base slices over 14 abdominal ones; the liver dome, not a heart, leans them right."""
    from imaging.volume import read_image

    spec = dataclasses.replace(random_spec(seed), orientation=orientation, kidney_lesion="solid",
                               kidney_lesion_side="right", kidney_lesion_diameter_mm=30.0)
    make_phantom(tmp_path / "case", spec)
    image = read_image(tmp_path / "case" / "ct.nii.gz")
    anatomy = analyse(image.array, image.spacing)
    assert anatomy.shares["chest"] > anatomy.shares["abdomen"] >= 0.3
    assert anatomy.left_right == "ok"
    assert analyse(np.flip(image.array, 0), image.spacing).left_right == "flipped"


@pytest.mark.parametrize("question", [
    "Any nodule in the right upper lobe of the lung?",
    "Is there a mass in the left lower lobe?",
    "Pulmonary embolism on this study?",
    "Explain my insurance coverage for a liver transplant.",
    "How much will the kidney operation cost?",
    "What dose of gemcitabine for this pancreatic cancer?",
    "Which chemotherapy regimen suits this liver metastasis?",
    "What is the right dosage of contrast for her kidneys?",
])  # fmt: skip
def test_treatment_money_and_the_lungs_are_out_of_scope_whatever_organ_is_named(question: str) -> None:
    """Question set AM: a lung nodule read as a kidney tumour, insurance as the liver's HU, a drug dose as the
    pancreatic lesion's volume. An organ or lesion named beside a dose, a form or a bill is not what is asked."""
    assert understand(question).task == "out of scope"


@pytest.mark.parametrize(("question", "task"), [
    ("Is the pancreatic cancer resectable after FOLFIRINOX?", "pancreatic lesion resectability"),
    ("For the insurance form, what is the liver volume?", "organ volume measurement"),
    ("eGFR 45; is there a kidney mass?", "kidney lesion existence"),
    ("Patient on gemcitabine; any new liver lesion?", "lesion change"),
    ("Is the left lobe of the liver enlarged?", "organ enlargement"),
])  # fmt: skip
def test_a_measurement_or_finding_asked_beside_them_stays_in_scope(question: str, task: str) -> None:
    assert understand(question).task == task


@pytest.mark.parametrize("question", [
    "What's the AJCC T2 size range for pancreatic cancer? A) ≤ 2 cm B) > 2 to ≤ 4 cm C) > 4 cm",
    "What is the T1 size range for a kidney tumour?",
    "What is the grade 2 HU range for steatosis?",
])  # fmt: skip
def test_a_category_s_own_range_asked_is_a_rule(question: str) -> None:
    """Question set AM: "the AJCC T2 size range" had been read as this patient's largest lesion diameter."""
    assert understand(question).task == "knowledge question"
