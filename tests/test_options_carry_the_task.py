"""A quantity asked with options that are categories asks the category the quantity's criterion gives.

Suite J (a fresh helper's DeepTumorVQA-format suite) asked "Using the liver/spleen attenuation ratio (fatty if < 1.0;
liver < 40 HU suggests moderate-severe), how would you characterise the liver?" with the options "No hepatic
steatosis / Mild steatosis / Moderate to severe steatosis / Cannot be assessed": understanding read the ratio (a
number), and the number's headline was matched to an option by its words — "Mild steatosis" whatever the ratio.
The options name every category of one criterion (fatty liver), so that criterion decides; a number is never read
as a category's words (no criterion fitting the options: an abstention).
"""

from __future__ import annotations

import json
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from tests.phantom_inputs import copy_case, run_case

QUESTION = ("Using the liver/spleen attenuation ratio (fatty if < 1.0; liver < 40 HU suggests moderate-severe), how "
            "would you characterise the liver?")
OPTIONS = ({"none": "No hepatic steatosis", "mild": "Mild steatosis", "severe": "Moderate to severe steatosis",
            "other": "Cannot be assessed"},
           {"none": "Normal liver (no fat)", "mild": "Mild fatty infiltration", "severe": "Moderate-to-severe fatty liver",
            "other": "Not assessable"})


def _with_liver_at(case: Path, liver_hu: float) -> float:
    """Shift the CT inside the liver mask so its mean is `liver_hu`; returns the spleen's mean HU."""
    path = case / "ct.nii.gz"
    img = nib.load(str(path))
    ct = np.asarray(img.dataobj).astype(np.float32)
    liver = np.asarray(nib.load(str(case / "segmentations" / "liver.nii.gz")).dataobj) > 0
    spleen = np.asarray(nib.load(str(case / "segmentations" / "spleen.nii.gz")).dataobj) > 0
    ct[liver] += liver_hu - float(ct[liver].mean())
    nib.save(nib.Nifti1Image(np.round(ct).astype(np.int16), img.affine, img.header), str(path))
    return float(ct[spleen].mean())


@pytest.mark.parametrize(("ratio", "order"), [(1.3, "ABCD"), (0.9, "DCBA"), (0.6, "BDAC")])
@pytest.mark.parametrize("wording", [0, 1])
def test_category_options_decide_a_ratio_question_by_its_criterion(phantom_dir: Path, tmp_path: Path, ratio: float,
                                                                   order: str, wording: int) -> None:
    case = copy_case(phantom_dir, tmp_path)
    spleen_hu = json.loads((case / "ground_truth.json").read_text())["organs"]["spleen"]["mean_hu"]
    liver_hu = ratio * spleen_hu
    _with_liver_at(case, liver_hu)
    truth = "none" if ratio >= 1.0 else ("severe" if liver_hu < 40 else "mild")  # the question's own rule
    options = OPTIONS[wording]
    choices = {letter: options[key] for letter, key in zip(order, ("none", "mild", "severe", "other"), strict=True)}
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                       "question": QUESTION, "choices": choices})
    if result.status == "abstained":  # honest when the criterion's words do not name each option (wording 1: "Normal
        assert wording == 1 or truth == "mild", result.reasons  # liver (no fat)"; "fatty liver" names both positives)
        return
    assert result.status == "answered", result.reasons
    assert choices[result.answer] == options[truth], (result.answer, result.answer_detail)


def test_a_number_is_not_read_as_a_category_when_no_criterion_fits_the_options(phantom_dir: Path) -> None:
    result = run_case({"images": [{"path": str(phantom_dir / "ct.nii.gz"),
                                   "masks": str(phantom_dir / "segmentations")}],
                       "question": "What is the liver to spleen attenuation ratio?",
                       "choices": {"A": "Reassuring", "B": "Concerning", "C": "Borderline", "D": "Not assessable"}})
    assert result.status == "abstained", (result.answer, result.answer_detail)


@pytest.mark.parametrize("cutoff", [2, 7, 10, 25])
@pytest.mark.parametrize("order", ["ABCD", "CADB"])
def test_a_cut_off_stated_in_the_options_decides_kidney_asymmetry(phantom_dir: Path, cutoff: int, order: str) -> None:
    """"How would you describe the bilateral kidney volumes?" with "Left kidney larger by more than 10%" / "Symmetric
    (difference 10% or less)": the options state the rule (suite J answered 'left larger by more than 10%' for 4.5%)."""
    organs = json.loads((phantom_dir / "ground_truth.json").read_text())["organs"]
    left, right = organs["kidney_left"]["volume_ml"], organs["kidney_right"]["volume_ml"]
    pct = abs(left - right) / max(left, right) * 100
    assert abs(pct - cutoff) > 0.5, "the phantom sits on this cut-off: choose another"
    texts = {"left": f"Left kidney larger by more than {cutoff}%", "right": f"Right kidney larger by more than {cutoff}%",
             "symmetric": f"Symmetric (difference {cutoff}% or less)", "solitary": "Solitary kidney"}
    choices = {letter: texts[key] for letter, key in zip(order, ("left", "right", "symmetric", "solitary"), strict=True)}
    truth = "symmetric" if pct <= cutoff else ("left" if left > right else "right")
    result = run_case({"images": [{"path": str(phantom_dir / "ct.nii.gz"), "masks": str(phantom_dir / "segmentations")}],
                       "question": "How would you describe the bilateral kidney volumes?", "choices": choices})
    assert result.status == "answered", result.reasons
    assert choices[result.answer] == texts[truth], (pct, result.answer_detail)
