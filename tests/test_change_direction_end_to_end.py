"""Yes/no and direction-of-change questions over two studies, through the real agents.

"Has the cyst changed in size?" was answered "0.0 mm", and "Compared with the prior study, the liver
lesions have: Increased / Decreased / Remained unchanged" abstained (reviewer5 b73, b66). The answer
is now yes/no (or the option's direction) first, decided by the cited tolerance
(`knowledge/entries/change.yaml`: a count is exact, a diameter within 2 mm and a volume within 25 %
is unchanged), with the change as support. Expected values come from the mask files alone.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

import orchestrator
from agents.reviewer import review_result
from core.case import CaseResult
from synthetic.pairs import derive_study
from synthetic.phantom import PhantomSpec, make_phantom


def _lesions(folder: Path, mask: str = "liver_tumor") -> tuple[int, float]:
    img = nib.load(str(folder / "segmentations" / f"{mask}.nii.gz"))
    data = np.asarray(img.dataobj) > 0
    count = ndimage.label(data, structure=np.ones((3, 3, 3)))[1]
    return count, float(data.sum()) * abs(float(np.linalg.det(img.affine[:3, :3]))) / 1000.0


def _direction(change: float, tolerance: float) -> str:
    return "increased" if change >= tolerance else "decreased" if change <= -tolerance else "unchanged"


@pytest.fixture(scope="module")
def studies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("direction")
    make_phantom(root / "prior", PhantomSpec(seed=61, liver_lesions=3, liver_lesion_diameters_mm=(26.0, 20.0, 14.0),
                                             kidney_lesion="cyst", kidney_lesion_side="left"))
    derive_study(root / "prior", root / "fewer", (1.3, 1.0, 0.0))  # one resolved, the largest grew
    derive_study(root / "prior", root / "shrunk", (0.7, 0.7, 0.7), seed=1)
    derive_study(root / "prior", root / "same", ())  # unchanged disease, another acquisition
    return {name: root / name for name in ("prior", "fewer", "shrunk", "same")}


def _ask(current: Path, prior: Path, question: str, choices: dict[str, str] | None = None) -> CaseResult:
    images = [{"path": str(f / "ct.nii.gz"), "masks": str(f / "segmentations"), "role": role, "acquired": day}
              for f, role, day in ((current, "current", "2026-09-01"), (prior, "prior", "2026-03-01"))]
    case = {"case_id": f"dir{abs(hash((str(current), question))) % 10**6}", "question": question, "images": images}
    return orchestrator.run({**case, "choices": choices} if choices else case)


def test_an_unchanged_cyst_is_answered_no_first(studies: dict[str, Path]) -> None:
    result = _ask(studies["same"], studies["prior"], "Has the left kidney cyst changed in size since the prior study?")
    assert result.status == "answered", result.reasons
    assert result.answer.startswith("No — unchanged"), result.answer
    assert "0.0 mm" in result.answer and "interval-change-lesion-diameter" in result.answer  # support and tolerance
    assert all(c.passed for c in result.review.checks)


@pytest.mark.parametrize(("current", "question"), [
    ("fewer", "Has the number of liver lesions changed since the prior CT?"),
    ("same", "Has the number of liver lesions changed since the prior CT?"),
    ("shrunk", "Since the previous scan, has the total liver lesion volume changed?"),
    ("same", "Since the previous scan, has the total liver lesion volume changed?"),
])
def test_a_yes_no_change_is_yes_or_no_by_the_tolerance(studies: dict[str, Path], current: str, question: str) -> None:
    (n_now, v_now), (n_before, v_before) = _lesions(studies[current]), _lesions(studies["prior"])
    if "number" in question:
        expected = _direction(n_now - n_before, 1.0)
    else:
        expected = _direction(100.0 * (v_now - v_before) / v_before, 25.0)
    result = _ask(studies[current], studies["prior"], question)
    assert result.status == "answered", result.reasons
    assert result.answer.startswith(f"{'No' if expected == 'unchanged' else 'Yes'} — {expected}"), result.answer
    assert all(c.passed for c in result.review.checks)


@pytest.mark.parametrize("current", ["fewer", "shrunk", "same"])
def test_direction_options_pick_the_measured_direction(studies: dict[str, Path], current: str) -> None:
    choices = {"A": "Increased", "B": "Decreased", "C": "Remained unchanged"}
    (_, v_now), (_, v_before) = _lesions(studies[current]), _lesions(studies["prior"])
    expected = _direction(100.0 * (v_now - v_before) / v_before, 25.0)
    result = _ask(studies[current], studies["prior"], "Compared with the prior study, the liver lesions have:", choices)
    assert result.status == "answered", result.reasons
    assert choices[result.answer].lower().endswith(expected), (result.answer, expected)
    assert all(c.passed for c in result.review.checks)


def test_a_wrong_direction_is_caught(studies: dict[str, Path]) -> None:
    result = _ask(studies["shrunk"], studies["prior"], "Since the previous scan, has the total liver lesion volume changed?")
    assert result.answer.startswith("Yes — decreased"), result.answer
    text = result.answer.replace("Yes — decreased", "No — unchanged", 1)
    detail = result.answer_detail.model_copy(update={"text": text})
    verdict = review_result(result.model_copy(update={"answer": text, "answer_detail": detail}))
    assert not verdict.consistent


def test_a_wrong_yes_to_an_unchanged_cyst_is_caught(studies: dict[str, Path]) -> None:
    result = _ask(studies["same"], studies["prior"], "Has the left kidney cyst changed in size since the prior study?")
    text = result.answer.replace("No — unchanged", "Yes — unchanged", 1)
    detail = result.answer_detail.model_copy(update={"text": text})
    verdict = review_result(result.model_copy(update={"answer": text, "answer_detail": detail}))
    assert not verdict.consistent
