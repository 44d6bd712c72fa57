"""Kinds of question set G through the real agents on phantoms with provided masks.

- one lesion's growth ("Did the liver lesion grow since the prior scan?") and new lesions of a named group
  ("Any new liver lesions compared to prior?") are lesion changes answered yes/no in the direction asked,
  not a RECIST category; the reviewer reads the direction the same way (`change_says_yes`);
- a lesion's own attenuation asked as a value ("Density of the dominant liver lesion in HU?") is that
  lesion's mean HU, not its difference from the organ;
- one lesion set against the rest ("odd-one-out lesion in liver?") is the outlier question.

Expected values come from the mask files and the cited knowledge entries, never from a run.
"""

from __future__ import annotations

import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
import yaml
from scipy import ndimage
from scipy.spatial import ConvexHull
from scipy.spatial.distance import pdist

import orchestrator
from core.case import CaseResult
from synthetic.pairs import derive_study
from synthetic.phantom import PhantomSpec, make_phantom

ENTRIES = Path(__file__).resolve().parents[1] / "knowledge" / "entries"


def _bands(entry_id: str, quantity: int = 0) -> list[dict]:
    """The bands of a cited criterion's quantity, read from its knowledge entry."""
    for path in ENTRIES.glob("*.yaml"):
        for entry in yaml.safe_load(path.read_text())["entries"]:
            if entry["id"] == entry_id:
                return entry["criterion"]["quantities"][quantity]["bands"]
    raise KeyError(entry_id)


def _label(value: float, bands: list[dict]) -> str:
    for band in bands:
        low, high, inclusive = band.get("lower", -np.inf), band.get("upper", np.inf), band.get("inclusive", "lower")
        above = value >= low if inclusive in ("lower", "both") else value > low
        below = value <= high if inclusive in ("upper", "both") else value < high
        if above and below:
            return band["label"]
    raise ValueError(value)


def _components(folder: Path, mask: str) -> tuple[np.ndarray, int, tuple[float, ...]]:
    img = nib.load(str(folder / "segmentations" / f"{mask}.nii.gz"))
    labels, count = ndimage.label(np.asarray(img.dataobj) > 0, structure=np.ones((3, 3, 3)))
    return labels, count, tuple(float(z) for z in img.header.get_zooms()[:3])


def _largest_diameter_mm(folder: Path, mask: str) -> float:
    """The largest lesion's longest axial diameter: the widest in-plane chord over its slices."""
    labels, count, zooms = _components(folder, mask)
    sizes = ndimage.sum(labels > 0, labels, range(1, count + 1))
    largest = labels == (int(np.argmax(sizes)) + 1)
    widest = 0.0
    for z in np.flatnonzero(largest.any(axis=(0, 1))):
        points = np.argwhere(largest[:, :, z]) * np.asarray(zooms[:2])
        if len(points) >= 3:
            try:
                points = points[ConvexHull(points).vertices]
            except Exception:  # noqa: BLE001 - collinear points: all of them are the hull
                pass
        widest = max(widest, float(pdist(points).max()) if len(points) > 1 else 0.0)
    return widest


@pytest.fixture(scope="module")
def studies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("kinds_g")
    make_phantom(root / "prior", PhantomSpec(seed=61, liver_lesions=3, liver_lesion_diameters_mm=(26.0, 20.0, 14.0),
                                             kidney_lesion="cyst", kidney_lesion_side="left"))
    derive_study(root / "prior", root / "fewer", (1.3, 1.0, 0.0))  # one resolved, the largest grew
    derive_study(root / "prior", root / "shrunk", (0.7, 0.7, 0.7), seed=1)
    derive_study(root / "prior", root / "dominant", (1.6, 1.0, 1.0), seed=2)
    derive_study(root / "prior", root / "same", ())  # unchanged disease, another acquisition
    return {name: root / name for name in ("prior", "fewer", "shrunk", "same", "dominant")}


def _ask(current: Path, question: str, prior: Path | None = None) -> CaseResult:
    images = [{"path": str(current / "ct.nii.gz"), "masks": str(current / "segmentations"), "role": "current",
               "acquired": "2026-09-01"}]
    if prior is not None:
        images.append({"path": str(prior / "ct.nii.gz"), "masks": str(prior / "segmentations"), "role": "prior",
                       "acquired": "2026-03-01"})
    return orchestrator.run({"case_id": f"g{abs(hash((str(current), question))) % 10**6}", "question": question,
                             "images": images})


@pytest.mark.parametrize(("current", "question", "mask", "asked"), [
    ("fewer", "Did the liver lesion grow since the prior scan?", "liver_tumor", "increased"),
    ("shrunk", "Did the liver lesion grow since the prior scan?", "liver_tumor", "increased"),
    ("same", "Has the left kidney cyst grown since the previous study?", "kidney_cyst", "increased"),
    ("shrunk", "Since the last CT, has the dominant hepatic lesion shrunk?", "liver_tumor", "decreased"),
])
def test_one_lesions_growth_is_its_diameter_change_in_the_direction_asked(
        studies: dict[str, Path], current: str, question: str, mask: str, asked: str) -> None:
    change = _largest_diameter_mm(studies[current], mask) - _largest_diameter_mm(studies["prior"], mask)
    expected = _label(change, _bands("interval-change-lesion-diameter"))
    result = _ask(studies[current], question, studies["prior"])
    assert result.status == "answered", result.reasons
    assert result.answer.startswith(f"{'Yes' if expected == asked else 'No'} — {expected}"), result.answer
    assert "recist" not in result.answer.lower().split("—")[0]  # not a response category
    assert "interval-change-lesion-diameter" in result.answer
    assert all(c.passed for c in result.review.checks), [c for c in result.review.checks if not c.passed]


def test_new_lesions_of_a_named_group_are_its_count_change_answered_in_that_direction(
        studies: dict[str, Path]) -> None:
    (_, now, _), (_, before, _) = _components(studies["fewer"], "liver_tumor"), _components(studies["prior"], "liver_tumor")
    expected = _label(now - before, _bands("interval-change-lesion-count"))
    result = _ask(studies["fewer"], "Any new liver lesions compared to prior?", studies["prior"])
    assert result.status == "answered", result.reasons
    appeared = expected == "increased"  # studies["fewer"] only loses lesions: none is new (answers9: a new-lesion finding)
    assert result.answer.startswith("Yes — " if appeared else "No — no new liver lesion"), result.answer
    assert all(c.passed for c in result.review.checks), [c for c in result.review.checks if not c.passed]


@pytest.mark.parametrize("question", ["Density of the dominant liver lesion in HU?",
                                      "Largest hepatic lesion - average Hounsfield value?"])
def test_a_lesions_own_attenuation_asked_as_a_value_is_its_mean_hu(studies: dict[str, Path], question: str) -> None:
    folder = studies["prior"]
    labels, count, _ = _components(folder, "liver_tumor")
    ct = np.asarray(nib.load(str(folder / "ct.nii.gz")).dataobj, dtype=np.float64)
    sizes = ndimage.sum(labels > 0, labels, range(1, count + 1))
    truth = float(ct[labels == int(np.argmax(sizes)) + 1].mean())
    result = _ask(folder, question)
    assert result.status == "answered", result.reasons
    value = float(re.search(r"-?\d+(\.\d+)?", result.answer).group(0))
    assert value == pytest.approx(truth, abs=1.0), result.answer
    assert "HU" in result.answer


@pytest.mark.parametrize(("study", "question"), [("dominant", "odd-one-out lesion in liver?"),
                                                 ("prior", "Which of the liver lesions is atypical compared with the rest?")])
def test_one_lesion_against_the_rest_is_the_outlier_question(studies: dict[str, Path], study: str, question: str) -> None:
    labels, count, _ = _components(studies[study], "liver_tumor")
    sizes = sorted(ndimage.sum(labels > 0, labels, range(1, count + 1)), reverse=True)
    by_count = _label(count, _bands("dtvqa-lesion-outlier", 0))  # fewer than three lesions: no outlier
    by_ratio = _label(sizes[0] / sizes[1], _bands("dtvqa-lesion-outlier", 1))
    outlier = by_count == by_ratio == "outlier"
    result = _ask(studies[study], question)
    assert result.status == "answered", result.reasons
    assert result.answer.startswith("Yes" if outlier else "No"), result.answer
    assert "dtvqa-lesion-outlier" in result.answer
