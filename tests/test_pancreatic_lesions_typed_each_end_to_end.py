"""PDAC or PNET present among several pancreatic lesions, each typed on its own measures (suite AC, session 26: "Is a
PNET visible on this CT?" abstained on a pancreas whose largest lesion is a 6 HU cyst and whose smaller one is a
hyperenhancing solid mass, because only the largest lesion's attenuation was typed).

A cyst (the larger ball, fluid HU) and a solid mass (the smaller, brighter or darker than the gland) are painted into
`pancreas_tumor` here, in the head and the tail, on phantoms stored in several orientations; the pipeline, the real
agents, must find the solid mass's type and the reviewer refuse the other letter.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

import orchestrator
from agents.reviewer import review_result
from synthetic.phantom import PhantomSpec, make_phantom

YES_NO = {"A": "Yes", "B": "No", "C": "Equivocal"}


def _load(folder: Path, name: str) -> np.ndarray:
    return np.asanyarray(nib.load(folder / "segmentations" / f"{name}.nii.gz").dataobj) > 0


def _paint_two(folder: Path, cyst_hu: float, solid_hu: float, cyst_mm: float, solid_mm: float) -> None:
    """A cyst ball in the pancreatic head and a smaller solid ball (`solid_hu`, above 30 HU) in its tail, both in
    `pancreas_tumor`."""
    ct_img = nib.load(folder / "ct.nii.gz")
    ct = np.asanyarray(ct_img.dataobj).astype(np.float32)
    spacing = np.asarray(ct_img.header.get_zooms()[:3], dtype=float)
    pancreas = _load(folder, "pancreas")
    grid = np.indices(pancreas.shape, dtype=np.float32)
    lesion = np.zeros(pancreas.shape, dtype=bool)
    for part, radius, hu in (("pancreas_head", cyst_mm / 2, cyst_hu), ("pancreas_tail", solid_mm / 2, solid_hu)):
        inside = np.argwhere(ndimage.binary_erosion(_load(folder, part), iterations=1))
        centre = inside[len(inside) // 2]
        ball = sum(((grid[a] - centre[a]) * spacing[a]) ** 2 for a in range(3)) <= radius ** 2
        ball &= pancreas & ~lesion
        assert ball.sum() > 3, part
        ct[ball] = hu + np.random.default_rng(int(ball.sum())).normal(0.0, 2.0, int(ball.sum()))
        lesion |= ball
    nib.save(nib.Nifti1Image(np.rint(ct).astype(np.int16), ct_img.affine, ct_img.header), folder / "ct.nii.gz")
    like = nib.load(folder / "segmentations" / "pancreas.nii.gz")
    nib.save(nib.Nifti1Image(lesion.astype(np.uint8), like.affine), folder / "segmentations" / "pancreas_tumor.nii.gz")


def _ask(folder: Path, question: str) -> orchestrator.Result:
    return orchestrator.run({"case_id": f"each{abs(hash((str(folder), question))) % 10**6}", "question": question,
                             "choices": YES_NO, "images": [{"path": str(folder / "ct.nii.gz"), "modality": "CT",
                                                            "masks": str(folder / "segmentations")}]})


def _refused(result: orchestrator.Result, letter: str) -> bool:
    detail = result.answer_detail.model_copy(update={"text": f"{letter} — {YES_NO[letter]}", "choice": letter})
    return not review_result(result.model_copy(update={"answer": letter, "answer_detail": detail})).consistent


@pytest.mark.parametrize(("seed", "orientation", "cyst_hu", "solid_hu", "cyst_mm", "solid_mm", "kind"), [
    (71, "LPS", 6.0, 100.0, 24.0, 14.0, "PNET"),  # the phantom's gland: 45 HU (SD 8)
    (72, "RAS", 12.0, 85.0, 28.0, 16.0, "PNET"),
    (73, "PIR", 4.0, 35.0, 26.0, 14.0, "PDAC"),
])
def test_the_smaller_solid_mass_beside_a_larger_cyst_is_typed(tmp_path: Path, seed: int, orientation: str, cyst_hu: float,
                                                              solid_hu: float, cyst_mm: float, solid_mm: float,
                                                              kind: str) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=0, orientation=orientation, spacing=(1.5, 1.5, 3.0),
                                       shape=(200, 160, 60)))
    _paint_two(tmp_path, cyst_hu, solid_hu, cyst_mm, solid_mm)
    for wanted, question in (("PNET", "Is a PNET visible on this CT?"), ("PDAC", "Is a PDAC present in the pancreas?")):
        result = _ask(tmp_path, question)
        assert result.status == "answered", (question, result.reasons)
        expected = "A" if wanted == kind else "B"
        assert result.answer_detail.choice == expected, (question, result.answer_detail.text)
        assert result.review is not None and result.review.consistent
        assert _refused(result, "B" if expected == "A" else "A"), question


STAGES = {"A": "T1", "B": "T2", "C": "T3", "D": "T4"}


@pytest.mark.parametrize(("seed", "orientation", "solid_mm", "stage"), [(74, "LAS", 14.0, "A"), (75, "RAS", 26.0, "B")])
def test_the_solid_tumour_is_staged_not_the_larger_cyst(tmp_path: Path, seed: int, orientation: str, solid_mm: float,
                                                        stage: str) -> None:
    """The content criterion names the solid lesion the T stage is of, and the answer cites it (a 'cystic' in its id is
    no word about the lesion)."""
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=0, orientation=orientation, spacing=(1.5, 1.5, 3.0),
                                       shape=(200, 160, 60)))
    _paint_two(tmp_path, 8.0, 100.0, 34.0, solid_mm)
    result = orchestrator.run({"case_id": f"stage{seed}", "question": "What is the AJCC T stage of the pancreatic tumour?",
                               "choices": STAGES, "images": [{"path": str(tmp_path / "ct.nii.gz"), "modality": "CT",
                                                              "masks": str(tmp_path / "segmentations")}]})
    assert result.status == "answered", result.reasons
    assert result.answer_detail.choice == stage, result.answer_detail.text
    assert any("solid-vs-cystic" in i for i in result.answer_detail.evidence_ids), result.answer_detail.evidence_ids


KINDS = {"A": "PDAC", "B": "Lymphoma", "C": "Pancreatic cyst", "D": "PNET"}


def _paint_one(folder: Path, hu: float, mm: float) -> None:
    """One ball of `hu` in the pancreatic tail, written as `pancreas_tumor`."""
    ct_img = nib.load(folder / "ct.nii.gz")
    ct = np.asanyarray(ct_img.dataobj).astype(np.float32)
    spacing = np.asarray(ct_img.header.get_zooms()[:3], dtype=float)
    pancreas = _load(folder, "pancreas")
    grid = np.indices(pancreas.shape, dtype=np.float32)
    inside = np.argwhere(ndimage.binary_erosion(_load(folder, "pancreas_tail"), iterations=1))
    centre = inside[len(inside) // 2]
    ball = (sum(((grid[a] - centre[a]) * spacing[a]) ** 2 for a in range(3)) <= (mm / 2) ** 2) & pancreas
    ct[ball] = hu + np.random.default_rng(int(ball.sum())).normal(0.0, 2.0, int(ball.sum()))
    nib.save(nib.Nifti1Image(np.rint(ct).astype(np.int16), ct_img.affine, ct_img.header), folder / "ct.nii.gz")
    like = nib.load(folder / "segmentations" / "pancreas.nii.gz")
    nib.save(nib.Nifti1Image(ball.astype(np.uint8), like.affine), folder / "segmentations" / "pancreas_tumor.nii.gz")


@pytest.mark.parametrize(("seed", "orientation", "hu", "letter"), [
    (76, "LPS", 100.0, "D"),  # brighter than the 45 HU gland: PNET
    (77, "RAS", 36.0, "A"),  # solid (> 30 HU) and darker than the gland: PDAC
    (78, "PIR", 6.0, "C"),  # fluid: the cyst
])
def test_a_lesions_type_among_pdac_pnet_and_cyst_options(tmp_path: Path, seed: int, orientation: str, hu: float,
                                                         letter: str) -> None:
    """Suite AF (session 30): "Classify the dominant pancreatic lesion." with PDAC / Lymphoma / Pancreatic cyst / PNET
    abstained on every solid lesion ("'solid tumor' matches none of the choices"): a solid lesion's options are the
    solid kinds, told apart by its attenuation against the gland."""
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=0, orientation=orientation, spacing=(1.5, 1.5, 3.0),
                                       shape=(200, 160, 60)))
    _paint_one(tmp_path, hu, 18.0)
    result = orchestrator.run({"case_id": f"kind{seed}", "question": "Classify the dominant pancreatic lesion.",
                               "choices": KINDS, "images": [{"path": str(tmp_path / "ct.nii.gz"), "modality": "CT",
                                                             "masks": str(tmp_path / "segmentations")}]})
    assert result.status == "answered", result.reasons
    assert result.answer_detail.choice == letter, result.answer_detail.text
    assert result.review is not None and result.review.consistent
