"""Kinds suite AI (another author's phantoms and questions, session 32) showed, each varied on our own phantoms and run
through the real agents (`orchestrator.run`).

- A question about a lesion the case does not have, with an option saying so ("A. No pancreatic lesion", "D. No such
  lesion", "No renal mass", "No liver lesions"): on a complete provided mask set the count 0 is measured, so that option
  answers (10 of suite AI's 25 abstentions). A lesion mask missing from the folder stays unknown: the question abstains
  (missing is not zero), and without such an option it abstains as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import orchestrator


def _phantom(tmp_path: Path, seed: int, orientation: str) -> Path:
    from synthetic.phantom import PhantomSpec, make_phantom

    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, liver_lesions=0))  # type: ignore[arg-type]
    return case


def _run(case: Path, question: str, choices: dict[str, str] | None):  # noqa: ANN202
    image = {"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}
    return orchestrator.run({"case_id": case.name, "images": [image], "question": question, "choices": choices})


ABSENT = [
    ("Relative to the pancreas, how does the largest pancreatic lesion attenuate?",
     {"A": "Hypoattenuating", "B": "No such lesion", "C": "Isoattenuating", "D": "Hyperattenuating"}, "B"),
    ("Is the pancreatic mass a PDAC or a PNET?", {"A": "PNET", "B": "PDAC", "C": "No pancreatic lesion"}, "C"),
    ("Characterise the dominant renal lesion.",
     {"A": "Simple cyst", "B": "Indeterminate", "C": "Hyperattenuating", "D": "No renal mass"}, "D"),
    ("How are the hepatic lesions spread across the segments?",
     {"A": "Highly clustered", "B": "Somewhat clustered", "C": "Widely distributed", "D": "No liver lesions"}, "D"),
    ("What is the T category of the pancreatic tumour?", {"A": "T1", "B": "T2", "C": "No pancreatic tumour", "D": "T3"},
     "C"),
]


@pytest.mark.parametrize(("seed", "orientation"), [(3211, "RAS"), (3212, "LPS")])
@pytest.mark.parametrize(("question", "choices", "letter"), ABSENT)
def test_an_option_saying_the_lesion_is_absent_answers_on_a_complete_mask_set(
        tmp_path: Path, seed: int, orientation: str, question: str, choices: dict[str, str], letter: str) -> None:
    result = _run(_phantom(tmp_path, seed, orientation), question, choices)
    assert result.status == "answered", result.reasons
    assert result.answer == letter
    assert result.review is not None and result.review.consistent


def test_a_missing_lesion_mask_is_unknown_not_absent(tmp_path: Path) -> None:
    case = _phantom(tmp_path, 3213, "RAS")
    (case / "segmentations" / "kidney_tumor.nii.gz").unlink()
    for name in ("kidney_cyst",):
        path = case / "segmentations" / f"{name}.nii.gz"
        if path.exists():
            path.unlink()
    result = _run(case, *ABSENT[2][:2])
    assert result.status != "answered" or result.answer != "D", result.answer


def test_without_such_an_option_a_question_about_no_lesion_abstains(tmp_path: Path) -> None:
    result = _run(_phantom(tmp_path, 3214, "RAS"), "Is the pancreatic mass a PDAC or a PNET?", {"A": "PNET", "B": "PDAC"})
    assert result.status == "abstained"
