"""A pancreatic lesion whose attenuation leaves solid or cystic open (21-30 HU), typed by the mask it came from when
the cyst mask was provided beside the tumour mask (suite T, round 20: "Is there a PDAC?" and "PDAC or PNET?" abstained
on a 23 HU lesion of `pancreas_tumor.nii.gz` with an empty `pancreas_cyst.nii.gz` beside it).

The lesion's HU is set here and its file chosen here; without the cyst mask the attenuation alone still leaves it open.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

import orchestrator
from agents.reviewer import review_result
from synthetic.phantom import PhantomSpec, make_phantom


def _set_lesion(folder: Path, hu: float, into: str, cyst_mask: bool) -> None:
    """Sets the pancreatic lesion's voxels to `hu` (pancreas kept as generated) and writes it into `into`, with the
    other of pancreas_tumor / pancreas_cyst written empty when `cyst_mask`, else absent."""
    seg = folder / "segmentations"
    lesion_img = nib.load(seg / "pancreas_tumor.nii.gz")
    lesion = np.asanyarray(lesion_img.dataobj) > 0
    assert lesion.any()
    ct_img = nib.load(folder / "ct.nii.gz")
    ct = np.asanyarray(ct_img.dataobj).astype(np.float32)
    ct[lesion] = hu + np.random.default_rng(0).normal(0.0, 2.0, int(lesion.sum()))
    nib.save(nib.Nifti1Image(np.rint(ct).astype(np.int16), ct_img.affine, ct_img.header), folder / "ct.nii.gz")
    other = "pancreas_cyst" if into == "pancreas_tumor" else "pancreas_tumor"
    nib.save(nib.Nifti1Image(lesion.astype(np.uint8), lesion_img.affine), seg / f"{into}.nii.gz")
    if cyst_mask:
        nib.save(nib.Nifti1Image(np.zeros(lesion.shape, np.uint8), lesion_img.affine), seg / f"{other}.nii.gz")
    else:
        (seg / f"{other}.nii.gz").unlink(missing_ok=True)


def _run(folder: Path, question: str, choices: dict[str, str]) -> orchestrator.Result:
    return orchestrator.run({"case_id": f"mtp{abs(hash(question)) % 10**6}", "question": question, "choices": choices,
                             "images": [{"path": str(folder / "ct.nii.gz"), "modality": "CT",
                                         "masks": str(folder / "segmentations")}]})


def _refused(result: orchestrator.Result, letter: str, choices: dict[str, str]) -> bool:
    detail = result.answer_detail.model_copy(update={"text": f"{letter} — {choices[letter]}", "choice": letter})
    return not review_result(result.model_copy(update={"answer": letter, "answer_detail": detail})).consistent


@pytest.mark.parametrize(("seed", "orientation", "hu", "into"), [
    (61, "LPS", 24.0, "pancreas_tumor"), (62, "RAS", 28.0, "pancreas_tumor"), (63, "LAS", 23.0, "pancreas_cyst"),
])
def test_an_open_attenuation_is_typed_by_the_mask_beside_the_cyst_mask(tmp_path: Path, seed: int, orientation: str,
                                                                        hu: float, into: str) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=0, pancreatic_tumor_mm=26.0, orientation=orientation))
    _set_lesion(tmp_path, hu, into, cyst_mask=True)
    solid = into == "pancreas_tumor"
    yes_no = {"A": "Yes", "B": "No"}
    pdac = _run(tmp_path, "Is there a pancreatic ductal adenocarcinoma?", yes_no)
    assert pdac.status == "answered", pdac.reasons
    assert pdac.answer == ("A" if solid else "B"), pdac.answer_detail.text  # hypoattenuating to the gland: PDAC-like
    assert pdac.review is not None and pdac.review.consistent
    assert _refused(pdac, "B" if solid else "A", yes_no)
    kinds = {"A": "PNET", "B": "PDAC"}
    kind = _run(tmp_path, "Is the pancreatic tumour more likely a PDAC or a PNET?", kinds)
    if solid:
        assert kind.status == "answered" and kind.answer == "B", kind.reasons or kind.answer_detail.text
        assert _refused(kind, "A", kinds)
    else:  # a cyst by its mask: neither
        assert kind.status == "abstained", kind.answer


@pytest.mark.parametrize(("seed", "hu"), [(64, 25.0), (65, 27.0)])
def test_without_the_cyst_mask_the_attenuation_still_leaves_it_open(tmp_path: Path, seed: int, hu: float) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=0, pancreatic_tumor_mm=26.0))
    _set_lesion(tmp_path, hu, "pancreas_tumor", cyst_mask=False)
    result = _run(tmp_path, "Is the pancreatic tumour more likely a PDAC or a PNET?", {"A": "PNET", "B": "PDAC"})
    assert result.status == "abstained", result.answer
    assert any("indeterminate" in reason for reason in result.reasons), result.reasons
