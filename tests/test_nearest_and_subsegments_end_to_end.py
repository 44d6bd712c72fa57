"""'Which structure lies closest to the lesion?' and 'which sub-segment is largest?' through the real agents.

Phantoms from the project's generator with provided masks; the expected option is computed here, from the
written files, by brute force in scanner millimetres (not by the measurement code).
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy.spatial import cKDTree

import orchestrator
from synthetic.phantom import PhantomSpec, make_phantom

WORDS = {"liver": "Liver", "spleen": "Spleen", "stomach": "Stomach", "kidney_left": "Left kidney",
         "kidney_right": "Right kidney", "aorta": "Aorta", "postcava": "Inferior vena cava",
         "gall_bladder": "Gallbladder", "pancreas": "Pancreas"}


def _points(path: Path) -> np.ndarray:
    image = nib.load(path)
    ijk = np.argwhere(np.asarray(image.dataobj) > 0)
    return ijk @ image.affine[:3, :3].T + image.affine[:3, 3]


def _case(folder: Path, question: str, choices: dict[str, str]) -> dict:
    image = {"path": str(folder / "ct.nii.gz"), "modality": "CT", "masks": str(folder / "segmentations")}
    return {"case_id": "e2e-near", "images": [image], "question": question, "choices": choices}


@pytest.mark.parametrize(("seed", "spacing", "orientation"), [(3, (2.0, 2.0, 5.0), "LPS"), (8, (2.2, 2.2, 4.0), "RAS")])
def test_the_closest_structure_to_the_pancreatic_lesion(tmp_path: Path, seed: int, spacing: tuple, orientation: str) -> None:
    out = tmp_path / "case"
    make_phantom(out, PhantomSpec(seed=seed, liver_lesions=0, pancreatic_tumor_mm=28.0, spacing=spacing,
                                  orientation=orientation))
    lesion = cKDTree(_points(out / "segmentations" / "pancreas_tumor.nii.gz"))
    distances = {}
    for name in WORDS:
        if name != "pancreas" and (out / "segmentations" / f"{name}.nii.gz").exists():
            points = _points(out / "segmentations" / f"{name}.nii.gz")
            if len(points):
                distances[name] = float(lesion.query(points)[0].min())
    ranked = sorted(distances, key=distances.__getitem__)
    farther = [n for n in ranked[1:] if distances[n] - distances[ranked[0]] > max(spacing)]  # told apart on the grid
    assert len(farther) >= 3, distances
    options = [ranked[0], *farther[-3:]]  # the nearest and three clearly farther, in a fixed shuffled order
    order = [options[i] for i in (2, 0, 3, 1)]
    choices = {letter: WORDS[name] for letter, name in zip("ABCD", order, strict=True)}
    result = orchestrator.run(_case(out, "Which of these structures lies closest to the largest pancreatic lesion?",
                                    choices))
    assert result.status == "answered", result.reasons
    assert choices[result.answer] == WORDS[ranked[0]], (distances, result.answer_detail.text)
    assert result.review is not None and result.review.consistent


@pytest.mark.parametrize(("organ", "question", "choices"), [
    ("pancreas", "Comparing the pancreatic head, body and tail, which sub-segment is largest?",
     {"A": "Tail", "B": "All three have the same volume", "C": "Head", "D": "Body"}),
    ("liver", "Among the following liver segments, which is biggest by volume?",
     {"A": "Segment II", "B": "Segment VIII", "C": "Segment IV", "D": "Segment VI"}),
])
def test_the_largest_subsegment_by_volume(tmp_path: Path, phantom_dir: Path, organ: str, question: str,
                                          choices: dict[str, str]) -> None:
    from questions.intents import locations_of

    sizes = {}
    for letter, text in choices.items():
        for place in locations_of(text):
            mask = nib.load(phantom_dir / "segmentations" / f"{place}.nii.gz")
            sizes[letter] = int(np.count_nonzero(np.asarray(mask.dataobj)))
    result = orchestrator.run(_case(phantom_dir, question, choices))
    assert result.status == "answered", result.reasons
    assert result.answer == max(sizes, key=sizes.__getitem__), (sizes, result.answer_detail.text)
    assert result.review is not None and result.review.consistent
