"""A kidney comparison after a nephrectomy: one kidney's mask provided and empty (shown absent) completes the
comparison as "only one kidney"; a kidney only not found (its mask not provided, a segmenter's miss) is unknown and
the comparison abstains.

Cases are `clinorch phantom` cases of any seed with one kidney blanked: its mask emptied (or removed) and its image
region set to fat, its lesions dropped. Both the reasoner's draft and the reviewer's verdict run (`orchestrator.run`).
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from agents.reasoners.solitary import _says_absent


def _nephrectomy(out: Path, seed: int, side: str, mask: str) -> Path:
    """A phantom at `out` without its `side` kidney; its mask written empty (`mask="empty"`) or not at all."""
    from synthetic.phantom import PhantomSpec, make_phantom

    make_phantom(out, PhantomSpec(seed=seed, liver_lesions=0))
    seg = out / "segmentations"
    ct_img = nib.load(str(out / "ct.nii.gz"))
    ct = np.asarray(ct_img.dataobj).astype(np.int16)
    kidney_img = nib.load(str(seg / f"kidney_{side}.nii.gz"))
    kidney = np.asarray(kidney_img.dataobj) > 0
    ct[kidney] = -100  # fat fills the renal fossa
    nib.save(nib.Nifti1Image(ct, ct_img.affine, ct_img.header), str(out / "ct.nii.gz"))
    for lesion in ("kidney_tumor", "kidney_cyst"):
        path = seg / f"{lesion}.nii.gz"
        if path.exists():
            kept = (np.asarray(nib.load(str(path)).dataobj) > 0) & ~kidney
            nib.save(nib.Nifti1Image(kept.astype(np.uint8), kidney_img.affine, kidney_img.header), str(path))
    if mask == "empty":
        nib.save(nib.Nifti1Image(np.zeros(kidney.shape, np.uint8), kidney_img.affine, kidney_img.header),
                 str(seg / f"kidney_{side}.nii.gz"))
    else:
        (seg / f"kidney_{side}.nii.gz").unlink()
    (out / "ground_truth.json").unlink(missing_ok=True)
    return out


def _run(case: Path, question: str, choices: dict[str, str] | None):  # noqa: ANN202 - CaseResult
    from tests.phantom_inputs import run_case

    return run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                     "question": question, **({"choices": choices} if choices else {})})


@pytest.mark.parametrize(("option", "side", "fits"), [
    ("Only one kidney is present", "left", True), ("The left kidney is absent", "left", True),
    ("The left kidney is absent", "right", False), ("Solitary right kidney", "left", True),
    ("Solitary right kidney", "right", False), ("Right kidney", "left", False),
    ("Left kidney missing (nephrectomy)", "left", True), ("Neither (symmetric)", "right", False),
])
def test_an_option_saying_the_kidney_is_absent_names_the_absent_side(option: str, side: str, fits: bool) -> None:
    other = "right" if side == "left" else "left"
    assert _says_absent(option, side, other) is fits


@pytest.mark.parametrize(("seed", "side", "question", "choices", "expected"), [
    (5, "left", "Which kidney is larger?", {"A": "Left kidney", "B": "Right kidney",
                                           "C": "Only one kidney is present", "D": "They are equal"}, "C"),
    (9, "right", "Comparing kidney volumes, which side is bigger?",
     {"A": "The right kidney is absent", "B": "Left kidney", "C": "Right kidney", "D": "Equal"}, "A"),
    (13, "left", "Is there bilateral kidney asymmetry in volume, and which side is larger?",
     {"A": "Right kidney larger", "B": "Symmetric", "C": "Left kidney larger", "D": "The left kidney is absent"}, "D"),
    (17, "right", "Which kidney is larger?", None, "only the left kidney is present"),
])
def test_a_kidney_shown_absent_completes_the_comparison(tmp_path: Path, seed: int, side: str, question: str,
                                                       choices: dict[str, str] | None, expected: str) -> None:
    case = _nephrectomy(tmp_path / "case", seed, side, "empty")
    result = _run(case, question, choices)
    assert result.status == "answered", (result.reasons, result.review)
    if choices:
        assert result.answer == expected, result.answer_detail
    else:
        assert expected in result.answer.lower(), result.answer
    cited = {e.id: e for e in result.evidence if e.id in result.answer_detail.evidence_ids}
    assert any(e.target == f"kidney_{side}" and e.name == "present" and e.value is False for e in cited.values())
    assert result.review.consistent


@pytest.mark.parametrize("seed", [5, 21])
def test_a_kidney_only_not_found_still_abstains(tmp_path: Path, seed: int) -> None:
    case = _nephrectomy(tmp_path / "case", seed, "left", "not provided")
    choices = {"A": "Left kidney", "B": "Right kidney", "C": "Only one kidney is present", "D": "They are equal"}
    result = _run(case, "Which kidney is larger?", choices)
    assert result.status == "abstained", result.answer_detail
    assert result.answer is None
