"""Lesion count and lesion volume over time through the real agents (not a RECIST category).

A fresh helper's questions "How has the number of liver lesions changed since the prior CT?" and
"By how much has the total liver lesion volume changed?" were answered with a RECIST response and
approved. The expected values here are read from the mask files with nibabel alone.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

import orchestrator
from synthetic.pairs import derive_study
from synthetic.phantom import PhantomSpec, make_phantom


def _lesions(folder: Path, mask: str = "liver_tumor") -> tuple[int, float]:
    """(instances, total mL) of a lesion mask file, 26-connected."""
    img = nib.load(str(folder / "segmentations" / f"{mask}.nii.gz"))
    data = np.asarray(img.dataobj) > 0
    count = ndimage.label(data, structure=np.ones((3, 3, 3)))[1]
    return count, float(data.sum()) * abs(float(np.linalg.det(img.affine[:3, :3]))) / 1000.0


@pytest.fixture(scope="module")
def studies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("lesion_change")
    make_phantom(root / "prior", PhantomSpec(seed=31, liver_lesions=3, liver_lesion_diameters_mm=(28.0, 20.0, 14.0)))
    derive_study(root / "prior", root / "fewer", (1.25, 1.0, 0.0))  # the smallest resolved, the largest grew
    derive_study(root / "prior", root / "shrunk", (0.7, 0.7, 0.7), seed=1)
    return {"prior": root / "prior", "fewer": root / "fewer", "shrunk": root / "shrunk"}


def _ask(current: Path, prior: Path, question: str):
    images = [{"path": str(f / "ct.nii.gz"), "masks": str(f / "segmentations"), "role": role, "acquired": day}
              for f, role, day in ((current, "current", "2026-09-01"), (prior, "prior", "2026-03-01"))]
    return orchestrator.run({"case_id": current.name + str(abs(hash(question))), "question": question, "images": images})


@pytest.mark.parametrize("question", [
    "How has the number of liver lesions changed since the prior CT?",
    "How many liver lesions are there now compared with the previous study?",
])
def test_count_change_is_the_difference_of_the_counts(studies: dict[str, Path], question: str) -> None:
    result = _ask(studies["fewer"], studies["prior"], question)
    (now, _), (before, _) = _lesions(studies["fewer"]), _lesions(studies["prior"])
    assert (before, now) == (3, 2)
    assert result.status == "answered", result.reasons
    assert result.answer_detail.criterion_id is None  # a number, not a RECIST category
    by_id = result.evidence_by_id()
    assert by_id["measurement:liver_lesion:lesion_count_change"].value == now - before
    assert by_id["measurement:liver_lesion:prior_lesion_count"].value == before
    assert result.answer.startswith(str(now - before))
    assert all(c.passed for c in result.review.checks)


@pytest.mark.parametrize(("study", "question", "unit"), [
    ("shrunk", "By how much has the total liver lesion volume changed since the prior CT?", "mL"),
    ("fewer", "How has the total liver lesion volume changed since the prior examination, in mL?", "mL"),
    ("shrunk", "What is the percentage change in liver tumour volume since the baseline scan?", "%"),
])
def test_volume_change_is_the_difference_of_the_totals(studies: dict[str, Path], study: str, question: str,
                                                       unit: str) -> None:
    result = _ask(studies[study], studies["prior"], question)
    (_, now), (_, before) = _lesions(studies[study]), _lesions(studies["prior"])
    assert result.status == "answered", result.reasons
    name = "total_lesion_volume_change_pct" if unit == "%" else "total_lesion_volume_change_ml"
    value = result.evidence_by_id()[f"measurement:liver_lesion:{name}"].value
    expected = 100.0 * (now - before) / before if unit == "%" else now - before
    assert value == pytest.approx(expected, rel=1e-6)
    assert unit in result.answer and all(c.passed for c in result.review.checks)


def test_without_a_prior_the_lesion_change_abstains_naming_it(studies: dict[str, Path]) -> None:
    result = orchestrator.run({"case_id": "alone", "question": "How has the number of liver lesions changed since the prior CT?",
                               "images": [{"path": str(studies["fewer"] / "ct.nii.gz"),
                                           "masks": str(studies["fewer"] / "segmentations")}]})
    assert result.status == "abstained"
    assert "prior" in " ".join(result.reasons)


def _largest_diameter_mm(folder: Path, mask: str) -> float:
    """The longest in-plane distance between voxel centres of a mask's largest axial section (brute force)."""
    img = nib.load(str(folder / "segmentations" / f"{mask}.nii.gz"))
    data = np.asarray(nib.as_closest_canonical(img).dataobj) > 0
    spacing = nib.as_closest_canonical(img).header.get_zooms()[:2]
    best = 0.0
    for k in range(data.shape[2]):
        points = np.argwhere(data[:, :, k]) * np.asarray(spacing)
        if len(points) > 1:
            best = max(best, float(np.max(np.linalg.norm(points[:, None] - points[None], axis=-1))))
    return best


@pytest.mark.parametrize(("scale", "side"), [(1.0, "right"), (0.7, "left")])
def test_a_cyst_s_size_change_is_its_own_diameter_change(tmp_path: Path, scale: float, side: str) -> None:
    """A simple cyst is no RECIST disease: "Has the kidney cyst changed in size?" compares its diameter."""
    from synthetic.pairs import EVERY_LESION

    make_phantom(tmp_path / "prior", PhantomSpec(seed=37, kidney_lesion="cyst", kidney_lesion_diameter_mm=26.0,
                                                 kidney_lesion_side=side))
    derive_study(tmp_path / "prior", tmp_path / "now", (1 / scale,), lesions={"kidney_cyst": EVERY_LESION["kidney_cyst"]})
    result = _ask(tmp_path / "now", tmp_path / "prior", f"Has the {side} kidney cyst changed in size since the prior study?")
    assert result.status == "answered", result.reasons
    value = result.evidence_by_id()["measurement:kidney_lesion:largest_lesion_diameter_change_mm"].value
    expected = _largest_diameter_mm(tmp_path / "now", "kidney_cyst") - _largest_diameter_mm(tmp_path / "prior", "kidney_cyst")
    assert value == pytest.approx(expected, abs=1e-6)
    assert (expected == 0.0) == (scale == 1.0)
    assert all(c.passed for c in result.review.checks)
