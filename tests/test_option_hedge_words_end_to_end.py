"""An option's own hedge word is the benchmark's wording, not the answer's hedge (suite AQ, session 41).

Suite AQ offered "Solid tumor (possible RCC)" for the largest kidney lesion's type; clinorch chose it, quoted the
option ("B - Solid tumor (possible RCC): ... 80.8 HU -> solid tumor"), and the attending's substance check read
"possible" as a hedge and turned three right answers into abstentions (`meaning._without_options`). Varied here on our
own phantoms through the real agents: side, orientation, the option's hedge word and its letter; and a hedge of the
answer's own ("possibly a solid tumour", no option) is still no answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import orchestrator
from agents.reviewer import review_result
from synthetic.phantom import PhantomSpec, make_phantom


def _run(case: Path, question: str, choices: dict[str, str] | None = None):  # noqa: ANN202
    image = {"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}
    return orchestrator.run({"case_id": case.name, "images": [image], "question": question, "choices": choices})


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "orientation", "side", "solid", "letter"), [
    (4101, "LPS", "left", "Solid tumour (possible RCC)", "B"),
    (4102, "RAS", "right", "Likely solid neoplasm", "A"),
    (4103, "PIR", "left", "Solid mass, probably renal cell carcinoma", "C"),
])
def test_an_option_with_a_hedge_word_is_answered(tmp_path: Path, seed: int, orientation: str, side: str, solid: str,
                                                 letter: str) -> None:
    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, liver_lesions=0,  # type: ignore[arg-type]
                                   kidney_lesion="solid", kidney_lesion_side=side,  # type: ignore[arg-type]
                                   kidney_lesion_diameter_mm=28.0))
    others = iter(["Simple cyst", "No kidney lesion present"])
    choices = {k: (solid if k == letter else next(others)) for k in "ABC"}
    result = _run(case, "Is the largest kidney lesion a cyst or a solid tumour?", choices)
    assert (result.status, result.answer) == ("answered", letter), result.reasons

    hedged = result.model_copy(update={"answer": "Possibly a solid tumour.", "choices": None,
                                       "answer_detail": result.answer_detail.model_copy(
                                           update={"text": "Possibly a solid tumour.", "choice": None})})
    verdict = review_result(hedged)
    assert not verdict.consistent
    assert any(c.name == "substance" and not c.passed for c in verdict.checks)
