"""A change asked in percent is answered in percent (reviewer set 16, a fresh author's prior/current pair: "What is
the percent change in the largest liver lesion diameter compared with the prior study?" was answered "5.6 mm", the
change in millimetres, and approved). The truth here is numpy's own: each study's largest 26-connected lesion by voxel
count, its longest in-plane distance between voxel centres over axial slices, in mm from the header."""

from __future__ import annotations

import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

import orchestrator
from agents.reviewer import review_result
from synthetic.pairs import derive_study
from synthetic.phantom import PhantomSpec, make_phantom


def _largest_diameter_mm(folder: Path, mask: str) -> float:
    img = nib.as_closest_canonical(nib.load(folder / "segmentations" / f"{mask}.nii.gz"))
    data = np.asarray(img.dataobj) > 0
    labels, n = ndimage.label(data, structure=np.ones((3, 3, 3)))
    largest = labels == 1 + int(np.argmax(np.bincount(labels.ravel())[1:]))
    longest = 0.0
    for k in np.unique(np.nonzero(largest)[2]):
        ij = np.argwhere(largest[:, :, k])
        xy = (np.c_[ij, np.full(len(ij), k), np.ones(len(ij))] @ img.affine.T)[:, :2]
        longest = max(longest, float(np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1)).max()))
    return longest


@pytest.fixture(scope="module")
def patient(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pct")
    make_phantom(root / "scan", PhantomSpec(seed=9, liver_lesions=2, liver_lesion_diameters_mm=(26.0, 12.0),
                                            kidney_lesion="none"))
    return root


@pytest.mark.parametrize(("prior_scale", "question"), [
    (0.7, "What is the percent change in the largest liver lesion diameter compared with the prior study?"),
    (1.4, "By how many percent did the longest diameter of the largest liver lesion change since the prior CT?"),
    (0.85, "Percentage change of the biggest liver lesion's diameter vs the previous scan?"),
])
def test_a_diameter_change_asked_in_percent_is_given_in_percent(patient: Path, prior_scale: float,
                                                                question: str) -> None:
    prior = patient / f"prior_{prior_scale}"
    derive_study(patient / "scan", prior, (prior_scale, prior_scale))
    result = orchestrator.run({"case_id": f"pct{prior_scale}", "question": question, "images": [
        {"path": str(patient / "scan" / "ct.nii.gz"), "masks": str(patient / "scan" / "segmentations")},
        {"path": str(prior / "ct.nii.gz"), "masks": str(prior / "segmentations"), "role": "prior",
         "acquired": "2026-01-10"}]})
    assert result.status == "answered", result.reasons
    now, before = (_largest_diameter_mm(f, "liver_tumor") for f in (patient / "scan", prior))
    truth = 100.0 * (now - before) / before
    stated = re.match(r"\s*([+-−]?\d+(?:\.\d+)?)\s*%", result.answer.replace("−", "-"))
    assert stated, result.answer
    assert float(stated.group(1)) == pytest.approx(truth, abs=0.6), (result.answer, truth)
    assert review_result(result).consistent


def test_the_change_in_millimetres_given_for_a_percent_asked_is_refused(patient: Path) -> None:
    """The reviewer refuses the millimetre change given for a percent asked (reviewer set 16's pipeline_wrong pair)."""
    prior = patient / "prior_mm"
    derive_study(patient / "scan", prior, (0.75, 0.75))
    result = orchestrator.run({"case_id": "pct-mm", "question": "What is the percent change in the largest liver "
                               "lesion diameter compared with the prior study?", "images": [
        {"path": str(patient / "scan" / "ct.nii.gz"), "masks": str(patient / "scan" / "segmentations")},
        {"path": str(prior / "ct.nii.gz"), "masks": str(prior / "segmentations"), "role": "prior",
         "acquired": "2026-01-10"}]})
    by_id = result.evidence_by_id()
    mm = by_id["measurement:liver_lesion:largest_lesion_diameter_change_mm"].value
    before = by_id["measurement:liver_lesion:prior_largest_lesion_diameter_mm"].value
    wrong = result.model_copy(update={"answer": f"{mm:.1f} mm. largest diameter of the liver lesions: {before:.1f} mm "
                                                f"on the prior study, {before + mm:.1f} mm now (+{mm:.1f} mm)"})
    assert not review_result(wrong).consistent
