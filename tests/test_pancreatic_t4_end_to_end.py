"""A pancreatic cancer touching the celiac trunk, the SMA or the common hepatic artery is T4 whatever its size (AJCC
8th), through the real agents, when those masks are given (suite U, session 21: a 42.7 mm PDAC wrapped around the
SMA was staged T3 by size, and the attending approved it). An artery drawn next to the tumour (no separating voxel)
gives T4; the same artery drawn a few voxels away leaves the size category. The tube is drawn from the written tumour
mask, never from the measurement code.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

import orchestrator
from synthetic.phantom import PhantomSpec, make_phantom

CHOICES = {"A": "T1", "B": "T2", "C": "T3", "D": "T4"}


def _artery(folder: Path, name: str, gap: int) -> None:
    """A straight tube along the third array axis beside the tumour's outermost voxel, `gap` voxels off it."""
    tumour_image = nib.load(folder / "segmentations" / "pancreas_tumor.nii.gz")
    tumour = np.asarray(tumour_image.dataobj) > 0
    points = np.argwhere(tumour)
    edge = points[points[:, 0].argmax()]
    zs = points[:, 2]
    artery = np.zeros(tumour.shape, dtype=np.uint8)
    x = min(edge[0] + 1 + gap, tumour.shape[0] - 1)
    artery[x, edge[1], zs.min():zs.max() + 1] = 1
    artery[x, max(edge[1] - 1, 0), zs.min():zs.max() + 1] = 1
    assert not (artery.astype(bool) & tumour).any()
    nib.save(nib.Nifti1Image(artery, tumour_image.affine), folder / "segmentations" / f"{name}.nii.gz")


@pytest.mark.parametrize(("seed", "orientation", "size_mm", "artery"), [
    (71, "RAS", 24.0, "superior_mesenteric_artery"),
    (72, "LPS", 22.0, "celiac_trunk"),
    (73, "LAS", 14.0, "common_hepatic_artery"),
])
@pytest.mark.parametrize("touching", [True, False])
def test_arterial_involvement_is_t4_whatever_the_size(tmp_path: Path, seed: int, orientation: str, size_mm: float,
                                                       artery: str, touching: bool) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, orientation=orientation, pancreatic_tumor_mm=size_mm,
                                       spacing=(1.5, 1.5, 3.0)))
    _artery(tmp_path, artery, gap=0 if touching else 6)
    result = orchestrator.run({"case_id": f"t4{seed}{int(touching)}", "choices": CHOICES,
                               "question": "What is the AJCC T stage of the pancreatic tumour?",
                               "images": [{"path": str(tmp_path / "ct.nii.gz"), "modality": "CT",
                                           "masks": str(tmp_path / "segmentations")}]})
    assert result.status == "answered", result.reasons
    diameter = next(e.value for e in result.evidence if e.name == "largest_lesion_diameter_mm"
                    and e.target == "pancreas_lesion")
    by_size = "T1" if diameter <= 20 else "T2" if diameter <= 40 else "T3"
    assert CHOICES[result.answer] == ("T4" if touching else by_size), (result.answer_detail.text, diameter)
