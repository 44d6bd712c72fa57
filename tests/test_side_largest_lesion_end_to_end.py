""""The largest lesion in the left kidney" is the largest of the lesions lying in that kidney, not the group's largest
(suite U, session 21: a left renal cyst was typed by the right kidney's larger solid tumour, in reasoner and attending
alike, two wrong letters). Through the real agents on phantoms with a lesion painted in each kidney - a larger solid
one on one side, a smaller cyst on the other - each side asked in turn; the kind expected is the one painted there.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

import orchestrator
from synthetic.phantom import PhantomSpec, make_phantom
from tests.painted_lesions import interior_points, paint

CHOICES = {"A": "Renal cyst", "B": "Solid renal tumor (RCC)", "C": "Angiomyolipoma (fat-containing)"}


def _hu(folder: Path, organ: str) -> float:
    ct = np.asarray(nib.load(folder / "ct.nii.gz").dataobj, dtype=float)
    return float(np.median(ct[np.asarray(nib.load(folder / "segmentations" / f"{organ}.nii.gz").dataobj) > 0]))


@pytest.mark.parametrize(("seed", "orientation", "solid_side"), [(81, "RAS", "right"), (82, "LPS", "left"),
                                                                 (83, "LAS", "right")])
def test_the_largest_lesion_of_one_kidney_is_that_kidneys(tmp_path: Path, seed: int, orientation: str,
                                                           solid_side: str) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, orientation=orientation, kidney_lesion="none", spacing=(1.5, 1.5, 3.0)))
    cyst_side = "left" if solid_side == "right" else "right"
    solid_kidney, cyst_kidney = f"kidney_{solid_side}", f"kidney_{cyst_side}"
    solid_centre, cyst_centre = (interior_points(tmp_path, k, 5) for k in (solid_kidney, cyst_kidney))
    paint(tmp_path, "kidney_tumor", solid_kidney, [solid_centre[len(solid_centre) // 2]], [11.0], [],
          contrast_hu=55.0 - _hu(tmp_path, solid_kidney))
    paint(tmp_path, "kidney_cyst", cyst_kidney, [cyst_centre[len(cyst_centre) // 2]], [7.0], [],
          contrast_hu=5.0 - _hu(tmp_path, cyst_kidney))
    for side, expected in ((cyst_side, "Renal cyst"), (solid_side, "Solid renal tumor (RCC)")):
        result = orchestrator.run({
            "case_id": f"side{seed}{side}", "choices": CHOICES,
            "question": f"Based on its attenuation, what is the most likely nature of the largest lesion in the {side} kidney?",
            "images": [{"path": str(tmp_path / "ct.nii.gz"), "modality": "CT", "masks": str(tmp_path / "segmentations")}]})
        assert result.status == "answered", (side, result.reasons)
        assert CHOICES[result.answer] == expected, (side, result.answer_detail.text)


@pytest.mark.parametrize(("seed", "orientation", "side", "kind"), [(84, "RAS", "right", "cyst"), (85, "LPS", "left", "solid")])
def test_a_kidney_without_lesions_counts_zero_and_its_largest_lesion_is_named_absent(
        tmp_path: Path, seed: int, orientation: str, side: str, kind: str) -> None:
    """The side holding no lesion: its count is 0 (the side's measured count; it had no `count_in_<side>` and the
    count abstained), its presence is no; a question reading every lesion of the group is not re-pointed to a side."""
    make_phantom(tmp_path, PhantomSpec(seed=seed, orientation=orientation, kidney_lesion=kind, kidney_lesion_side=side))
    other = "left" if side == "right" else "right"
    image = {"path": str(tmp_path / "ct.nii.gz"), "modality": "CT", "masks": str(tmp_path / "segmentations")}
    for question, choices, expected in (
            (f"How many kidney lesions are located in the {other} kidney?", {"A": "0", "B": "1", "C": "2"}, "0"),
            (f"How many kidney lesions are located in the {side} kidney?", {"A": "0", "B": "1", "C": "2"}, "1"),
            (f"Is there a lesion in the {other} kidney?", {"A": "Yes", "B": "No"}, "No")):
        result = orchestrator.run({"case_id": f"zero{seed}{question[:30]}", "question": question, "choices": choices,
                                   "images": [image]})
        assert result.status == "answered", (question, result.reasons)
        assert choices[result.answer] == expected, (question, result.answer_detail.text)
