"""An organ the scan cuts withholds its size, and says so only when the question asks a size: "Is there a kidney
cyst?" on a kidney that touches the lowest slice answers (or abstains) for its own reason, while "What is the right
kidney volume?" names the cut (suite AC in predicted mode: 27 lesion questions led with "the right kidney touches the
lowest slice of the scan ..."). End to end with the real agents on phantoms cropped at the organ: organ, side and
seed vary."""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

import orchestrator
from synthetic.phantom import PhantomSpec, make_phantom


def _cropped(tmp_path: Path, seed: int, organ: str) -> Path:
    """The phantom cut along the third axis at a few slices into `organ` (its lowest slices removed)."""
    make_phantom(tmp_path / "p", PhantomSpec(seed=seed))
    mask = nib.load(tmp_path / "p" / "segmentations" / f"{organ}.nii.gz")
    slices = np.flatnonzero(np.asarray(mask.dataobj).any(axis=(0, 1)))
    start = int(slices[0]) + max(2, len(slices) // 5)
    out = tmp_path / "cut"
    (out / "segmentations").mkdir(parents=True)
    for path in [tmp_path / "p" / "ct.nii.gz", *sorted((tmp_path / "p" / "segmentations").glob("*.nii.gz"))]:
        image = nib.load(path)
        cut = image.slicer[:, :, start:]
        nib.save(cut, out / path.relative_to(tmp_path / "p"))
    return out


@pytest.mark.parametrize(("seed", "organ", "lesion_question", "size_question"), [
    (21, "kidney_right", "Is there a cyst in the kidneys?", "What is the right kidney volume in mL?"),
    (22, "kidney_left", "How many kidney lesions are there?", "How large is the left kidney, in mL?"),
    (23, "liver", "Does the liver contain a tumor?", "What is the liver volume?"),
])  # fmt: skip
def test_a_cut_organ_names_its_cut_only_for_a_size(tmp_path: Path, seed: int, organ: str, lesion_question: str,
                                                   size_question: str) -> None:
    case = _cropped(tmp_path, seed, organ)
    image = {"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}
    words = organ.replace("kidney_right", "right kidney").replace("kidney_left", "left kidney")
    sized = orchestrator.run({"case_id": f"cut{seed}", "question": size_question, "images": [image]})
    assert sized.status == "abstained", sized.answer
    assert any(f"the {words} touches" in r for r in sized.reasons), sized.reasons
    asked = orchestrator.run({"case_id": f"cut{seed}l", "question": lesion_question, "images": [image]})
    assert not any("touches" in r for r in asked.reasons), asked.reasons
    assert asked.status == "answered", asked.reasons
