"""A pancreatic tumour against the aorta, with no celiac trunk, SMA or common hepatic artery mask, is not staged by
its size: those arteries arise from the aorta at the pancreas, so T4 (arterial involvement, whatever the size) cannot
be excluded. Suite AD (an independent author) staged a 59 mm PDAC abutting the aorta T4; clinorch had answered T3.

End to end with the real agents: a hypoattenuating ball painted in the pancreas at its point nearest the aorta (so it
touches it) or at its point farthest from it (the control, staged by size), on phantoms of two seeds; the attending
refuses a size category written for the touching tumour.

Also: an undecided option that names another cause ("Indeterminate (organ not visualised)") is not chosen for a
lesion that was seen and measured but whose content the criteria leave open (suite AD, AD-0128: chosen before, a
wrong letter); a plain "Cannot be determined from this CT" still is."""

from __future__ import annotations

import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

import orchestrator
from agents.reviewer import review_result
from core.case import Answer
from synthetic.phantom import PhantomSpec, make_phantom

T_OPTIONS = {"A": "T1", "B": "T2", "C": "T3", "D": "T4"}
QUESTION = "What is the AJCC T stage of the pancreatic tumor?"


def _tumour_case(tmp_path: Path, seed: int, against_aorta: bool, radius_mm: float = 14.0, hu: float | None = None) -> Path:
    """The phantom with its pancreatic tumours replaced by one ball centred at the pancreas voxel nearest the aorta
    (`against_aorta`; grown until it touches the aorta, never into it) or farthest from it."""
    case = tmp_path / f"case{seed}{int(against_aorta)}"
    make_phantom(case, PhantomSpec(seed=seed))
    seg = case / "segmentations"
    ct_img = nib.load(case / "ct.nii.gz")
    ct = np.asanyarray(ct_img.dataobj).astype(np.float32)
    spacing = np.asarray(ct_img.header.get_zooms()[:3], dtype=np.float64)
    pancreas = np.asanyarray(nib.load(seg / "pancreas.nii.gz").dataobj) > 0
    aorta = np.asanyarray(nib.load(seg / "aorta.nii.gz").dataobj) > 0
    gap = ndimage.distance_transform_edt(~aorta, sampling=spacing)
    points = np.argwhere(pancreas)
    centre = points[np.argmin(gap[pancreas])] if against_aorta else points[np.argmax(gap[pancreas])]
    grid = np.indices(ct.shape).reshape(3, -1).T
    reach = max(radius_mm, gap[tuple(centre)] + 2 * spacing.max()) if against_aorta else radius_mm
    ball = np.linalg.norm((grid - centre) * spacing, axis=1) <= reach
    ball = ball.reshape(ct.shape) & ~aorta
    level = float(ct[pancreas].mean())
    ct[ball] = max(level - 30.0, 50.0) if hu is None else hu  # hypoattenuating, solid (above a cyst's band)
    nib.save(nib.Nifti1Image(ct, ct_img.affine, ct_img.header), case / "ct.nii.gz")
    for name, mask in (("pancreas_tumor", ball), ("pancreas", pancreas | ball)):
        img = nib.load(seg / f"{name}.nii.gz")
        nib.save(nib.Nifti1Image(mask.astype(np.uint8), img.affine), seg / f"{name}.nii.gz")
    return case


def _run(case: Path, choices: dict | None) -> object:
    return orchestrator.run({"case_id": case.name, "question": QUESTION, "choices": choices,
                             "images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}]})


@pytest.mark.parametrize(("seed", "choices"), [(41, T_OPTIONS), (42, None)])
def test_a_tumour_against_the_aorta_is_not_staged_by_size(tmp_path: Path, seed: int, choices: dict | None) -> None:
    result = _run(_tumour_case(tmp_path, seed, against_aorta=True), choices)
    assert result.status == "abstained", result.answer
    assert any("T4 whatever the size" in r and "cannot be excluded" in r for r in result.reasons), result.reasons
    staged = Answer(text="C — T3: the largest pancreatic lesion measures over 40 mm", choice="C",
                    evidence_ids=[e.id for e in result.evidence if e.name in ("largest_lesion_diameter_mm",)]
                    + ["criterion:pancreas:ajcc8-pancreas-t"], criterion_id="ajcc8-pancreas-t")
    shown = result.model_copy(update={"status": "answered", "answer": "C", "answer_detail": staged,
                                      "question": QUESTION, "choices": T_OPTIONS})
    verdict = review_result(shown)
    assert not verdict.consistent
    assert any("cannot be excluded" in c.reason for c in verdict.checks if not c.passed), verdict.checks


@pytest.mark.parametrize("seed", [41, 42])
def test_the_same_tumour_away_from_the_aorta_is_staged_by_size(tmp_path: Path, seed: int) -> None:
    result = _run(_tumour_case(tmp_path, seed, against_aorta=False), T_OPTIONS)
    assert result.status == "answered", result.reasons
    assert result.answer in ("A", "B", "C") and result.answer_detail is not None
    assert re.search(r"\bT[123]\b", result.answer_detail.text), result.answer_detail.text


@pytest.mark.parametrize(("option", "chosen"), [("Indeterminate (organ not visualised)", None),
                                                ("Not assessable: pancreas not covered by the scan", None),
                                                ("Cannot be determined from this CT", "D")])
def test_an_undecided_option_is_chosen_only_for_the_cause_it_names(tmp_path: Path, option: str, chosen: str | None) -> None:
    case = _tumour_case(tmp_path, 43, against_aorta=False, hu=25.0)  # 20-30 HU: a cyst with debris or a poor solid mass
    result = orchestrator.run({"case_id": case.name, "question": "Is PDAC present in this patient?",
                               "choices": {"A": "Not applicable", "B": "Yes", "C": "No", "D": option},
                               "images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}]})
    assert result.answer == chosen, (result.status, result.answer, result.reasons)
    if chosen is None:
        assert any("indeterminate content" in r for r in result.reasons), result.reasons
