"""Issue 11 kind 6, missing is not zero, end to end: a lesion mask the lesion finder completed as empty (not a
provided mask) answers no count, burden or volume of 0; the answer abstains naming the mask (bug report newuser15)."""

from __future__ import annotations

from pathlib import Path

import pytest

import orchestrator


@pytest.mark.parametrize(("seed", "drop", "question", "spec"), [
    (41, ("pancreas_tumor",), "How many pancreatic lesions are there?", {"liver_lesions": 1}),
    (42, ("kidney_tumor", "kidney_cyst"), "How many lesions are in the kidneys?",
     {"liver_lesions": 0, "orientation": "RAS"}),
    (43, ("pancreas_tumor",), "What is the total volume of pancreatic lesions in mL?",
     {"liver_lesions": 2, "spacing": (1.6, 1.6, 3.0)}),
])
def test_the_lesion_finders_empty_completion_is_no_count_of_zero(tmp_path: Path, seed: int, drop: tuple,
                                                                  question: str, spec: dict) -> None:
    """Issue 11 kind 6: a missing lesion mask the finder completes as empty settles no count, burden or volume of 0
    (the finder misses lesions); the answer abstains naming the mask and why."""
    from synthetic.phantom import PhantomSpec, make_phantom

    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, **spec))  # type: ignore[arg-type]
    for name in drop:
        (case / "segmentations" / f"{name}.nii.gz").unlink()
    image = {"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}
    result = orchestrator.run({"case_id": f"finder{seed}", "images": [image], "question": question})
    assert result.status != "answered", (result.status, result.answer)
    assert any(name in reason for reason in result.reasons for name in drop), result.reasons
