"""Kinds suite AK (another author's phantoms and questions, session 34) showed with its incomplete mask set, each varied
on our own phantoms and run through the real agents (`orchestrator.run`).

- A kidney lesion question on a folder without the kidney lesion masks: the abstention names the missing lesion mask
  ("no kidney_cyst mask was provided: whether the kidney holds a cyst is unknown"), not a "kidney" said not found
  while both kidney masks are there.
- "Any renal lesion at all, left or right?" asks whether there is one on either side: "Yes" answers it, with no side
  needed; "Which kidney, left or right?" still needs the side.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import orchestrator
from synthetic.phantom import PhantomSpec, make_phantom


def _run(case: Path, question: str, choices: dict[str, str] | None = None, segmenter: str = "classical"):  # noqa: ANN202
    image = {"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}
    return orchestrator.run({"case_id": case.name, "images": [image], "question": question, "choices": choices},
                            {"segmenter": segmenter})


@pytest.mark.parametrize(("seed", "orientation", "question", "removed", "segmenter", "said"), [
    (3421, "LPS", "Is a kidney cyst present on this examination?", ("kidney_cyst", "kidney_tumor"), "provided",
     "no kidney_cyst mask was provided"),
    (3422, "RAS", "Is there a solid renal tumour?", ("kidney_tumor",), "provided", "no kidney_tumor mask was provided"),
    (3423, "LPS", "Do the kidneys show any focal abnormality?", ("kidney_cyst", "kidney_tumor"), "classical",
     "mask is completed as empty by the classical lesion finder"),
])  # fmt: skip
def test_a_missing_kidney_lesion_mask_is_named_as_the_reason(tmp_path: Path, seed: int, orientation: str,
                                                              question: str, removed: tuple[str, ...], segmenter: str,
                                                              said: str) -> None:
    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, liver_lesions=1))  # type: ignore[arg-type]
    for name in removed:
        (case / "segmentations" / f"{name}.nii.gz").unlink()
    result = _run(case, question, {"A": "Yes", "B": "No"}, segmenter)
    assert result.status == "abstained", result.answer
    reasons = " ".join(result.reasons)
    assert said in reasons and "kidney" in reasons, result.reasons
    assert "'kidney' not found" not in reasons
    assert not any(e.name == "present" and e.target.endswith(":kidney") for e in result.evidence)


@pytest.mark.parametrize(("seed", "orientation", "side"), [(3424, "LPS", "left"), (3425, "RAS", "right")])
def test_either_side_asked_needs_no_side_but_which_side_does(tmp_path: Path, seed: int, orientation: str,
                                                              side: str) -> None:
    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, kidney_lesion="cyst",  # type: ignore[arg-type]
                                   kidney_lesion_side=side))  # type: ignore[arg-type]
    either = _run(case, "Any renal lesion at all, left or right?", {"A": "No", "B": "Yes"})
    assert either.status == "answered", either.reasons
    assert either.answer == "B"
    which = _run(case, "Which kidney holds the lesion, left or right?")
    assert which.status == "answered", which.reasons
    assert side in which.answer.lower()
