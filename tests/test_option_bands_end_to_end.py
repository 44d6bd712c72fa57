"""Options that carry the grading: "Grade the volume asymmetry between the kidneys" with options "Marked asymmetry
(> 25%)", "Mild asymmetry (10-25%)", "Symmetric (difference < 10%)" (suite T, round 20: 5 of 5 abstained with "the
answer 'left kidney is larger' matches none of the choices"). The answer is the option whose band holds the measured
relative difference; the attending refuses any other band.

One kidney mask is shrunk here by erosion so the difference varies; the expected band comes from the written masks'
voxel counts and header spacing, never from the measurement code.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

import orchestrator
from agents.reasoners.option_bands import option_bands
from agents.reviewer import review_result
from questions.intents import parse_choices
from synthetic.phantom import PhantomSpec, make_phantom

GRADES = [("Marked asymmetry (> 25%)", 25.0, np.inf), ("Mild asymmetry (10-25%)", 10.0, 25.0),
          ("Symmetric (difference < 10%)", -np.inf, 10.0)]
WORDED = [("over 15 percent apart", 15.0, np.inf), ("5 to 15 percent", 5.0, 15.0), ("under 5 percent", -np.inf, 5.0)]


def _volume_ml(path: Path) -> float:
    image = nib.load(path)
    return float(np.count_nonzero(np.asanyarray(image.dataobj))) * float(np.prod(image.header.get_zooms()[:3])) / 1000.0


def _shrink(path: Path, iterations: int) -> None:
    image = nib.load(path)
    mask = np.asanyarray(image.dataobj) > 0
    if iterations:
        mask = ndimage.binary_erosion(mask, iterations=iterations)
    nib.save(nib.Nifti1Image(mask.astype(np.uint8), image.affine, image.header), path)


@pytest.mark.parametrize(("seed", "orientation", "side", "iterations", "grades", "question"), [
    (41, "LPS", "kidney_left", 0, GRADES, "Grade the volume asymmetry between the kidneys (|L - R| / larger kidney)."),
    (42, "RAS", "kidney_right", 1, GRADES, "How asymmetric are the two kidneys in volume?"),
    (43, "LAS", "kidney_left", 2, GRADES, "Grade the volume asymmetry between the kidneys (|L - R| / larger kidney)."),
    (44, "RAS", "kidney_right", 1, WORDED, "By how much do the kidney volumes differ, relative to the larger one?"),
])
def test_the_option_whose_band_holds_the_relative_difference(tmp_path: Path, seed: int, orientation: str, side: str,
                                                             iterations: int, grades: list, question: str) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=0, orientation=orientation))
    masks = tmp_path / "segmentations"
    _shrink(masks / f"{side}.nii.gz", iterations)
    left, right = _volume_ml(masks / "kidney_left.nii.gz"), _volume_ml(masks / "kidney_right.nii.gz")
    pct = 100.0 * abs(left - right) / max(left, right)
    expected = next(text for text, lower, upper in grades if lower <= pct < upper)
    assert all(abs(pct - edge) > 1.0 for _, lower, upper in grades for edge in (lower, upper) if np.isfinite(edge)), pct
    choices = {letter: text for letter, (text, _, _) in zip("ABC", [grades[i] for i in (seed % 3, (seed + 1) % 3,
                                                                                        (seed + 2) % 3)], strict=True)}
    result = orchestrator.run({"case_id": f"bands{seed}", "question": question, "choices": choices,
                               "images": [{"path": str(tmp_path / "ct.nii.gz"), "modality": "CT", "masks": str(masks)}]})
    assert result.status == "answered", result.reasons
    assert choices[result.answer] == expected, (pct, result.answer_detail.text)
    assert result.review is not None and result.review.consistent
    for letter, text in choices.items():  # every other band, with the true reasons kept, is refused
        if text != expected:
            detail = result.answer_detail.model_copy(update={"text": f"{letter} — {text}", "choice": letter})
            assert not review_result(result.model_copy(update={"answer": letter, "answer_detail": detail})).consistent


@pytest.mark.parametrize(("options", "bands"), [
    ({"A": "Symmetric (< 10%)", "B": "Mild (10-25%)", "C": "Marked (> 25%)"}, [(-np.inf, 10), (10, 25), (25, np.inf)]),
    ({"A": "below 5 per cent", "B": "5 to 20 per cent", "C": "more than 20 percent"}, [(-np.inf, 5), (5, 20), (20, np.inf)]),
    ({"A": "Left kidney", "B": "Right kidney"}, None),  # no bands
    ({"A": "< 10%", "B": "5-25%"}, None),  # overlapping bands are not a grading
    ({"A": "10-25% or > 40%", "B": "< 10%"}, None),  # two bands in one option
])
def test_options_are_read_as_bands_only_when_each_states_one(options: dict, bands: list | None) -> None:
    read = option_bands(parse_choices(options))
    assert (read is None) == (bands is None)
    if bands is not None:
        assert [(b.lower, b.upper) for b in read] == bands  # type: ignore[union-attr]
