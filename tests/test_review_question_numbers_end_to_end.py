"""A number of the question is no evidence for the answer (reviewer set 16: "How many liver lesions are located in
segment 6?" answered "6 (liver lesion count)" with 2 lesions there was approved: the question's own "6" grounded it,
as a cut-off the question states grounds a restated cut-off). Through the real agents on a phantom with provided
masks; the segment and the count vary."""

from __future__ import annotations

from pathlib import Path

import pytest

import orchestrator
from agents.reviewer import review_result
from synthetic.phantom import PhantomSpec, make_phantom


@pytest.fixture(scope="module")
def phantom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("qnum") / "scan"
    make_phantom(root, PhantomSpec(seed=21, liver_lesions=4, kidney_lesion="none"))
    return root


@pytest.mark.parametrize("segment", [2, 4, 5, 6, 7, 8])
def test_the_segment_number_given_as_the_count_is_refused(phantom: Path, segment: int) -> None:
    result = orchestrator.run({"case_id": f"qnum{segment}", "images": [
        {"path": str(phantom / "ct.nii.gz"), "masks": str(phantom / "segmentations")}],
        "question": f"How many liver lesions are located in segment {segment}?"})
    assert result.status == "answered", result.reasons
    count = int(result.evidence_by_id()[f"finding:liver_lesion:count_in_liver_segment_{segment}"].value)
    assert review_result(result).consistent
    right = result.model_copy(update={"answer": f"{count} (liver lesion count in segment {segment})"})
    assert review_result(right).consistent
    if count != segment:
        wrong = result.model_copy(update={"answer": f"{segment} (liver lesion count)"})
        assert not review_result(wrong).consistent
