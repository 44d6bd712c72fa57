"""Reviewer set 23's kinds, on answers the real pipeline gave on our own phantom (the set itself is kept in
tests/data/fresh/reviewer23 and scored by test_fresh_reviewer23.py): each wrong kind the set's author made that the
attending missed, and each correct voice it held wrong, varied here in our own words, sides, counts and values.

Every expected value is read back from the written masks (sides by the kidney holding most of a lesion mask, counts by
26-connected components, volumes from voxel counts and the affine), never from the measurement's evidence.
"""

from __future__ import annotations

import json
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

from tests.painted_lesions import interior_points, kidney_holding, load_mask, paint
from tests.phantom_inputs import copy_case, run_case


@pytest.fixture(scope="module")
def case(phantom_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The phantom with a solid renal tumour painted into the kidney that holds no cyst."""
    folder = copy_case(phantom_dir, tmp_path_factory.mktemp("kinds23"))
    cyst_side = kidney_holding(folder, "kidney_cyst")
    other = "left" if cyst_side == "right" else "right"
    interior = interior_points(folder, f"kidney_{other}", depth_vox=4)
    paint(folder, "kidney_tumor", f"kidney_{other}", [interior[len(interior) // 2]], [7.0], [], contrast_hu=45.0)
    return folder


def _count(case: Path, name: str) -> int:
    return int(ndimage.label(load_mask(case, name), np.ones((3, 3, 3)))[1])


def _volume_ml(case: Path, name: str) -> float:
    img = nib.load(case / "segmentations" / f"{name}.nii.gz")
    return float(load_mask(case, name).sum() * abs(np.linalg.det(img.affine[:3, :3])) / 1000.0)


def _ask(case: Path, question: str):  # noqa: ANN202 - CaseResult
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                       "question": question})
    assert result.status == "answered", (question, result.reasons)
    return result


def _verdict(result, text: str) -> bool:  # noqa: ANN001
    from agents.reviewer import review_result
    from core.case import CaseResult

    edited = json.loads(result.model_dump_json())
    edited["answer"] = text
    edited["answer_detail"]["text"] = text
    return review_result(CaseResult.model_validate(edited)).consistent


def test_a_lesion_of_one_kind_placed_in_the_other_kidney_is_caught(case: Path) -> None:
    cyst, tumour = kidney_holding(case, "kidney_cyst"), kidney_holding(case, "kidney_tumor")
    assert cyst != tumour
    result = _ask(case, "Is there a kidney cyst?")
    assert _verdict(result, f"Yes — one cyst in the {cyst} kidney.")
    assert not _verdict(result, f"Yes — one cyst in the {tumour} kidney.")
    assert not _verdict(result, f"Yes, a {tumour} renal cyst.")
    result = _ask(case, "Is there a kidney tumour?")
    assert _verdict(result, f"Yes: a solid tumour in the {tumour} kidney.")
    assert not _verdict(result, f"Yes: a solid tumour in the {cyst} kidney.")


def test_a_count_for_the_side_asked_is_that_sides_count(case: Path) -> None:
    cyst = kidney_holding(case, "kidney_cyst")
    result = _ask(case, f"How many tumours are in the {cyst} kidney?")
    assert result.answer.split()[0] in ("0", "None", "No"), result.answer  # the cyst's kidney holds no tumour
    assert _verdict(result, f"None; the {cyst} kidney holds no tumour.")
    assert not _verdict(result, "One tumour.")
    assert not _verdict(result, "1 tumor.")
    tumour = kidney_holding(case, "kidney_tumor")
    result = _ask(case, f"How many tumours are in the {tumour} kidney?")
    assert result.answer.split()[0] in ("1", "One"), result.answer
    assert not _verdict(result, f"None; the {tumour} kidney holds no tumour.")


def test_a_cyst_called_solid_is_caught_and_a_yardstick_is_not_a_claim(case: Path) -> None:
    result = _ask(case, "What is the mean attenuation of the largest kidney cyst?")
    hu = float(result.answer_detail.text.split("HU")[0].split()[-1]) if "HU" in result.answer_detail.text else None  # type: ignore[union-attr]
    assert hu is not None, result.answer
    assert _verdict(result, f"{hu:.1f} HU, a simple cyst.")
    assert _verdict(result, f"{hu:.1f} HU; no solid component.")
    assert not _verdict(result, f"{hu:.1f} HU — solid, enhancing lesion.")


def test_a_kind_labelled_count_is_that_kinds_count(case: Path) -> None:
    cysts = _count(case, "kidney_cyst")
    result = _ask(case, "Is there a kidney cyst?")
    assert _verdict(result, f"Yes. kidney cyst count {cysts}")
    assert not _verdict(result, f"Yes. kidney cyst count {cysts + 1}")
    assert not _verdict(result, f"Yes; cysts: {cysts + 1}")


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_bare_number_in_the_unit_the_question_sets(case: Path, side: str) -> None:
    volume = _volume_ml(case, f"kidney_{side}")
    result = _ask(case, f"What is the {side} kidney volume in mL?")
    assert _verdict(result, f"{volume:.1f}")
    assert not _verdict(result, f"{volume * 1.2:.1f}")
    result = _ask(case, f"What is the {side} kidney volume?")
    assert not _verdict(result, f"{volume:.1f}")  # no unit set by the question: a bare number is cut short


def test_a_finding_stated_present_answers_yes(case: Path) -> None:
    result = _ask(case, "Is there a pancreatic tumor?")
    assert _verdict(result, "There is a single pancreatic lesion.")
    result = _ask(case, "Is there a kidney tumour?")
    assert _verdict(result, "There is a renal tumour.")
    assert not _verdict(result, "There is no renal tumour.")
    assert not _verdict(result, "Two renal tumours are present.")
