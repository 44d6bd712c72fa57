"""Which kidney holds the lesion a question names, through `orchestrator.run` with the real agents (reviewer set 23's
pipeline finding: "On which side is the renal tumor?" with the tumour on the right and a larger cyst on the left was
read as bilateral kidney asymmetry, answered "left", and approved).

A solid lesion is painted into one kidney of the phantom (which holds a cyst in one kidney), larger or smaller than the
cyst; the side of each kind is read back here from the written masks (the kidney holding most of each mask's voxels),
never by the measurement code. The answer must name the side of the kind asked, whichever is larger, and the attending
must hold the opposite side wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.painted_lesions import interior_points, kidney_holding, paint
from tests.phantom_inputs import copy_case, run_case

SIDES = {"A": "Left kidney", "B": "Right kidney", "C": "Both kidneys", "D": "Neither"}


def _letter(side: str) -> str:
    return "A" if side == "left" else "B"


@pytest.mark.parametrize(("painted", "radius_mm"), [("left", 6.0), ("right", 6.0), ("right", 13.0)])
def test_the_kind_named_decides_the_side(phantom_dir: Path, tmp_path: Path, painted: str, radius_mm: float) -> None:
    case = copy_case(phantom_dir, tmp_path)
    interior = interior_points(case, f"kidney_{painted}", depth_vox=4)
    paint(case, "kidney_tumor", f"kidney_{painted}", [interior[len(interior) // 3]], [radius_mm], [], contrast_hu=45.0)
    truth = {"tumor": kidney_holding(case, "kidney_tumor"), "cyst": kidney_holding(case, "kidney_cyst")}
    images = [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}]
    asked = [("On which side is the renal tumor?", "tumor", SIDES), ("Which kidney has the cyst?", "cyst", SIDES),
             ("Is the kidney tumour on the left or right?", "tumor", None),
             ("In which kidney is the renal cyst?", "cyst", None)]
    for question, kind, choices in asked:
        result = run_case({"images": images, "question": question, **({"choices": choices} if choices else {})})
        assert result.status == "answered", (question, result.reasons)
        if choices:
            assert result.answer_detail.choice == _letter(truth[kind]), (question, truth, result.answer)  # type: ignore[union-attr]
        else:
            assert truth[kind] in result.answer.lower(), (question, truth, result.answer)
            other = "left" if truth[kind] == "right" else "right"
            assert f"{other} kidney" not in result.answer.lower(), (question, truth, result.answer)
        assert result.review is not None and result.review.consistent, (question, result.review)
        if choices:  # the other side chosen, the attending holds it wrong
            from agents.reviewer import review_result
            from core.case import CaseResult

            wrong = json.loads(result.model_dump_json())
            other = "B" if _letter(truth[kind]) == "A" else "A"
            wrong["answer"] = other
            wrong["answer_detail"].update(choice=other, text=f"{other} — {SIDES[other]}")
            assert not review_result(CaseResult.model_validate(wrong)).consistent, (question, truth)
