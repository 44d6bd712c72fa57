"""A pancreas whose lesions are written to ``pancreas_cyst`` beside ``pancreas_tumor`` (suite M's layout, as AbdomenAtlas
writes ``kidney_cyst`` beside ``kidney_tumor``), through the real agents: the cysts are pancreatic lesions;
without the ``pancreas_tumor`` file itself the count is unknown (a missing group mask is not an empty one)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

from tests.phantom_inputs import copy_case, run_case


@pytest.mark.parametrize("split", ["all_cyst", "cyst_beside_empty_tumour_mask"])
def test_pancreatic_cysts_beside_the_tumour_mask_are_counted(phantom_dir: Path, tmp_path: Path, split: str) -> None:
    case = copy_case(phantom_dir, tmp_path)
    masks = case / "segmentations"
    tumour = nib.load(str(masks / "pancreas_tumor.nii.gz"))
    count = ndimage.label(np.asarray(tumour.dataobj) > 0, np.ones((3, 3, 3)))[1]
    assert count >= 1, "the phantom must hold a pancreatic lesion"
    shutil.move(masks / "pancreas_tumor.nii.gz", masks / "pancreas_cyst.nii.gz")
    if split == "cyst_beside_empty_tumour_mask":
        nib.save(nib.Nifti1Image(np.zeros(tumour.shape, np.uint8), tumour.affine), str(masks / "pancreas_tumor.nii.gz"))
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(masks)}],
                       "question": "How many pancreatic lesions are there?"})
    if split == "all_cyst":  # pancreas_tumor itself missing: its lesions are unknown, so the count is
        assert result.status != "answered"
        assert any("pancreas_tumor" in r or "pancreas tumor" in r for r in result.reasons), result.reasons
        return
    assert result.status == "answered", result.reasons
    assert result.answer.split()[0] == str(count), result.answer
