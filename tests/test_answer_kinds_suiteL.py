"""Kinds held-out suite L (a third phantom generator, session 13) found in the option and margin logic:

- a label naming one kind of lesion (PNET, PDAC, HCC, a cyst) is never matched to an option naming only another kind
  because they share a generic word ("PNET (pancreatic neuroendocrine tumor)" was read as "Simple pancreatic cyst");
- a kidney comparison whose question or options state a margin ("larger by 10% or more", "within 10%") is decided by
  that margin, not by which side is larger by any amount. Expected values come from the mask files alone.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from questions.intents.answers import best_option
from questions.intents.choices import parse_choices
from tests.phantom_inputs import run_case

PANCREAS = {"A": "PDAC (hypoattenuating solid mass)", "B": "PNET (hyperattenuating solid mass)",
            "C": "Simple pancreatic cyst", "D": "No pancreatic tumour present"}
LIVER = {"A": "Hepatocellular carcinoma", "B": "Simple cyst", "C": "Liver metastases", "D": "Haemangioma"}


@pytest.mark.parametrize(("options", "label", "expected"), [
    (PANCREAS, "PNET (pancreatic neuroendocrine tumor)", "B"),
    (PANCREAS, "PDAC (pancreatic ductal adenocarcinoma)", "A"),
    (PANCREAS, "a pancreatic neuroendocrine tumour", "B"),
    (PANCREAS, "simple cyst of the pancreas", "C"),
    (LIVER, "HCC", "A"), (LIVER, "metastatic disease of the liver", "C"), (LIVER, "liver cyst", "B"),
    (LIVER, "hemangioma", "D"),
])
def test_a_lesion_kind_is_never_an_option_naming_another_kind(options: dict, label: str, expected: str) -> None:
    shuffled = dict(zip("ABCD", [options[k] for k in "DCAB"], strict=True))  # the same texts under other letters
    for choice in (options, shuffled):
        letter, _ = best_option(label, parse_choices(choice))
        assert choice[letter] == options[expected], (label, choice, letter)


def _volume(path: Path) -> float:
    img = nib.load(str(path))
    return float(np.count_nonzero(np.asanyarray(img.dataobj))) * abs(float(np.linalg.det(img.affine[:3, :3]))) / 1000


@pytest.mark.parametrize("margin_above", [True, False])
@pytest.mark.parametrize("wording", ["question", "options"])
def test_a_kidney_comparison_with_a_stated_margin_is_decided_by_it(phantom_dir: Path, margin_above: bool,
                                                                   wording: str) -> None:
    left = _volume(phantom_dir / "segmentations" / "kidney_left.nii.gz")
    right = _volume(phantom_dir / "segmentations" / "kidney_right.nii.gz")
    pct = 100 * abs(left - right) / max(left, right)
    cutoff = round(pct + 4) if margin_above else max(1, round(pct - 4))
    assert (cutoff > pct) is margin_above
    larger = "Left" if left > right else "Right"
    options = {"A": f"Left kidney larger by {cutoff}% or more", "B": f"Symmetric (volumes within {cutoff}% of each other)",
               "C": "Solitary kidney (one kidney absent)", "D": f"Right kidney larger by {cutoff}% or more"}
    question = ("How do the two kidney volumes compare" + (f" (asymmetric if they differ by {cutoff}% or more of the "
                "larger)?" if wording == "question" else "?"))
    result = run_case({"images": [{"path": str(phantom_dir / "ct.nii.gz"), "masks": str(phantom_dir / "segmentations")}],
                       "question": question, "choices": options})
    assert result.status == "answered", result.reasons
    expected = "B" if margin_above else ("A" if larger == "Left" else "D")
    assert result.answer == expected, (pct, cutoff, result.answer_detail)
