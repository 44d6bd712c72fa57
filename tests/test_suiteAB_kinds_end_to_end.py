"""Suite AB's wrong letters by kind (session 25, an independent DeepTumorVQA-format suite), each varied on our own
phantoms through the real agents (`orchestrator.run`), expected values read back from the written masks:

- options that say which kidney is the smaller ("Left kidney smaller"): the larger side's finding said from the other
  side; both the answer and the attending must read them so (a wrong letter the attending approved);
- a Couinaud range written after "Couinaud" ("the right hemiliver (Couinaud V-VIII)"): the lesions in those segments,
  not every liver lesion;
- resectability "judged from its contact with the peripancreatic vessels", options by the kind of contact: NCCN's
  vessels (SMA and celiac trunk arterial, portal/splenic vein venous), never the aorta and the IVC.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

from tests.painted_lesions import interior_points, kidney_holding, load_mask, paint
from tests.phantom_inputs import copy_case, run_case
from tests.test_vessel_contact_end_to_end import _vessel_case

SMALLER = {"A": "Left kidney smaller", "B": "No significant asymmetry", "C": "Right kidney smaller"}


def _shrink(case: Path, side: str, iterations: int) -> None:
    """Erodes one kidney's mask (the CT is left as it is): that kidney's volume shrinks, the other's stays."""
    path = case / "segmentations" / f"kidney_{side}.nii.gz"
    image = nib.load(path)
    kidney = np.asanyarray(image.dataobj) > 0
    nib.save(nib.Nifti1Image(ndimage.binary_erosion(kidney, iterations=iterations).astype(np.uint8), image.affine), path)


@pytest.mark.parametrize(("shrunk", "iterations"), [("left", 3), ("right", 3), ("left", 5)])
def test_options_naming_the_smaller_kidney(phantom_dir: Path, tmp_path: Path, shrunk: str, iterations: int) -> None:
    from agents.reviewer import review_result
    from core.case import CaseResult

    case = copy_case(phantom_dir, tmp_path)
    _shrink(case, shrunk, iterations)
    left, right = int(load_mask(case, "kidney_left").sum()), int(load_mask(case, "kidney_right").sum())
    smaller = "left" if left < right else "right"
    assert (max(left, right) - min(left, right)) / max(left, right) > 0.2, (left, right)  # beyond the stated 20 %
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                       "question": "Assess bilateral renal size: is there kidney asymmetry (volume difference greater "
                                   "than 20% of the larger kidney)?", "choices": SMALLER})
    expected = "A" if smaller == "left" else "C"
    assert result.answer == expected, (left, right, result.answer_detail, result.reasons)
    assert result.review is not None and result.review.consistent
    other = "C" if expected == "A" else "A"
    wrong = result.model_copy(update={"answer": other, "answer_detail": result.answer_detail.model_copy(  # type: ignore[union-attr]
        update={"choice": other, "text": f"{other} — {SMALLER[other]}."})})
    assert not review_result(CaseResult.model_validate(wrong.model_dump())).consistent


@pytest.mark.parametrize(("where", "segments"), [("right hemiliver (Couinaud V-VIII)", (5, 6, 7, 8)),
                                                 ("left hemiliver (Couinaud II-IV)", (2, 3, 4)),
                                                 ("Couinaud segments 6-7", (6, 7))])
def test_a_couinaud_range_counts_the_lesions_there(phantom_dir: Path, tmp_path: Path, where: str,
                                                   segments: tuple[int, ...]) -> None:
    case = copy_case(phantom_dir, tmp_path)
    centres = [interior_points(case, f"liver_segment_{s}", depth_vox=1) for s in (2, 4, 7)]
    paint(case, "liver_tumor", "liver", [c[len(c) // 2] for c in centres], [5.0, 5.0, 6.0], [])  # one lesion in each
    lesions, n = ndimage.label(load_mask(case, "liver_tumor"), np.ones((3, 3, 3)))
    parts = np.any([load_mask(case, f"liver_segment_{s}") for s in segments], axis=0)
    held = sum(1 for k in range(1, n + 1) if (lesions == k).sum() and ((lesions == k) & parts).sum() > 0.1 * (lesions == k).sum())
    assert n >= 2 and held < n, (n, held)  # the range holds some, not all, of the liver's lesions
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                       "question": f"How many liver lesions are located in the {where}?"})
    assert result.status == "answered", result.reasons
    assert result.answer.split()[0].rstrip(".") == str(held), (where, held, n, result.answer)


def _resectability(case: Path):  # noqa: ANN202 - CaseResult
    """Suite AB's question: resectability judged on the peripancreatic vessels, options by the kind of contact."""
    return run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                     "question": "What is the resectability status of the largest solid pancreatic tumor, judged from "
                                 "its contact with the peripancreatic vessels?",
                     "choices": {"A": "Resectable", "B": "Borderline resectable (venous contact)",
                                 "C": "Unresectable (locally advanced, arterial involvement)"}})


@pytest.mark.parametrize(("sma", "portal", "expected"), [("away", "away", "A"), ("away", "edge", "B"),
                                                          ("edge", "away", "C")])
def test_resectability_on_the_peripancreatic_vessels_reads_nccns_vessels(tmp_path: Path, sma: str, portal: str,
                                                                         expected: str) -> None:
    case, touches = _vessel_case(tmp_path, 5, "LPS", (1.5, 1.5, 3.0), sma, portal)
    assert touches["superior_mesenteric_artery"] == (sma != "away") and touches["portal_vein_and_splenic_vein"] == (
        portal != "away"), touches
    result = _resectability(case)
    assert result.answer == expected, (touches, result.answer_detail, result.reasons)
    assert "aorta" not in (result.answer_detail.text or "").lower()  # type: ignore[union-attr]
    assert result.review is not None and result.review.consistent


@pytest.mark.parametrize("kind", ["cyst", "tumour"])
def test_a_kind_asked_of_one_kidney_is_that_kidneys(phantom_dir: Path, tmp_path: Path, kind: str) -> None:
    """"Does the left kidney contain a cyst?" with a cyst in one kidney and a solid tumour painted into the other: yes
    on the cyst's side only (suite AB abstained on all nine: the group's cyst count is of both kidneys)."""

    case = copy_case(phantom_dir, tmp_path)
    cyst_side = kidney_holding(case, "kidney_cyst")
    other = "left" if cyst_side == "right" else "right"
    interior = interior_points(case, f"kidney_{other}", depth_vox=4)
    paint(case, "kidney_tumor", f"kidney_{other}", [interior[len(interior) // 2]], [7.0], [], contrast_hu=45.0)
    holding = cyst_side if kind == "cyst" else kidney_holding(case, "kidney_tumor")
    for side in ("left", "right"):
        result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                           "question": f"Does the {side} kidney contain a {kind}?", "choices": {"A": "Yes", "B": "No"}})
        assert result.answer == ("A" if side == holding else "B"), (kind, side, holding, result.reasons)
        assert result.review is not None and result.review.consistent


@pytest.mark.parametrize(("portal", "expected"), [("edge", "B"), ("away", "A")])
def test_the_solid_tumours_own_vessel_contact_beside_a_larger_cyst(tmp_path: Path, portal: str, expected: str) -> None:
    """"the largest solid pancreatic tumour" beside a larger cyst (a typed `pancreatic_cyst` mask): its own distances
    to the vessels decide, not the cyst's (suite AB read the cyst's 9 mm from the portal vein for a tumour touching it).
    """

    case, touches = _vessel_case(tmp_path, 7, "RAS", (1.5, 1.5, 3.0), "away", portal)
    tumour = load_mask(case, "pancreas_tumor")
    centre = np.argwhere(tumour).mean(axis=0)
    inside = interior_points(case, "pancreas", depth_vox=1)
    far = inside[np.argmax(np.linalg.norm(inside - centre, axis=1))]
    seg = case / "segmentations"
    image = nib.load(seg / "pancreas.nii.gz")
    pancreas = np.asanyarray(image.dataobj) > 0
    vessels = np.any([load_mask(case, v) for v in ("superior_mesenteric_artery", "portal_vein_and_splenic_vein",
                                               "celiac_trunk")], axis=0)
    region = ndimage.binary_dilation(pancreas, iterations=8) & ~ndimage.binary_dilation(tumour | vessels, iterations=3)
    nib.save(nib.Nifti1Image(region.astype(np.uint8), image.affine), seg / "region.nii.gz")  # where the cyst may grow
    paint(case, "pancreatic_cyst", "region", [far], [12.0], [], contrast_hu=-30.0)
    (seg / "region.nii.gz").unlink()
    cyst = load_mask(case, "pancreatic_cyst")
    nib.save(nib.Nifti1Image((pancreas | cyst).astype(np.uint8), image.affine), seg / "pancreas.nii.gz")  # the
    # organ mask holds its lesions
    assert cyst.sum() > tumour.sum() and not (ndimage.binary_dilation(cyst) & tumour).any()  # larger, apart
    result = _resectability(case)
    assert result.answer == expected, (touches, result.answer_detail, result.reasons)
    assert result.review is not None and result.review.consistent
