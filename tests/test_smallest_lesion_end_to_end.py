""""The smallest liver lesion" is the last of its group by volume, not the largest (suite U, session 21: "the smaller
pancreatic cyst" was typed by the larger one, a wrong letter). Through the real agents on phantoms with lesions of
three sizes; the expected volume is counted back from the written mask (26-connected components, |det| of the affine
per voxel), never from the measurement code.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

import orchestrator
from synthetic.phantom import PhantomSpec, make_phantom


@pytest.mark.parametrize(("seed", "orientation", "diameters", "question"), [
    (91, "RAS", (26.0, 12.0, 18.0), "What is the volume of the smallest liver lesion in mL?"),
    (92, "LPS", (14.0, 24.0), "How large is the smaller of the liver lesions by volume (mL)?"),
    (93, "PIR", (20.0, 10.0, 30.0), "Volume of the tiniest hepatic lesion, in millilitres?"),
])
def test_the_smallest_lesion_is_the_last_by_volume(tmp_path: Path, seed: int, orientation: str, diameters: tuple,
                                                   question: str) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, orientation=orientation, liver_lesions=len(diameters),
                                       liver_lesion_diameters_mm=diameters))
    image = nib.load(tmp_path / "segmentations" / "liver_tumor.nii.gz")
    labels, n = ndimage.label(np.asarray(image.dataobj) > 0, structure=np.ones((3, 3, 3)))
    assert n == len(diameters)
    voxel_ml = abs(float(np.linalg.det(image.affine[:3, :3]))) / 1000.0
    smallest = min(np.bincount(labels.ravel())[1:]) * voxel_ml
    result = orchestrator.run({"case_id": f"small{seed}", "question": question,
                               "images": [{"path": str(tmp_path / "ct.nii.gz"), "modality": "CT",
                                           "masks": str(tmp_path / "segmentations")}]})
    assert result.status == "answered", result.reasons
    stated = float(result.answer_detail.text.split()[0])
    assert abs(stated - smallest) <= 0.05 + 0.01 * smallest, (result.answer_detail.text, smallest)
