"""A mask folder in AbdomenAtlas 3.0's layout: an organ's lesions file (`pancreatic_lesion`, `kidney_lesion`) beside
the typed masks it is the union of, and cysts written only in their subtype mask (`pancreatic_cyst`, `liver_cyst`).

Suite U (an independent author's DeepTumorVQA-format suite) shipped this layout and clinorch refused every case
("kidney_lesion.nii.gz and kidney_tumor.nii.gz both hold the kidney_tumor mask"); read as the typed masks alone, a cyst
written only in `liver_cyst` was no liver lesion. The rule: the organ's lesions file is the union of the masks beside
it and adds nothing when it marks their very voxels (refused, naming both counts, when it does not); a subtype mask's
lesion the group's own masks do not hold is a lesion of the group. Varied: seed, orientation, spacing, lesion kinds
and sizes, with and without the union file; the truth is read from the painted voxels.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from imaging.masks import mask_files
from imaging.volume import ImageReadError
from tests.typed_lesion_cases import make_case


def _run(case: Path, question: str, choices: dict[str, str] | None = None):  # noqa: ANN202 - CaseResult
    from tests.phantom_inputs import run_case

    return run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                     "question": question, **({"choices": choices} if choices else {})})


@pytest.mark.parametrize(("seed", "orientation", "spacing", "layout", "typed"), [
    (51, "RAS", (2.0, 2.0, 4.0), [("cyst", 24), ("PDAC", 16)], "union"),
    (52, "LPS", (1.8, 1.8, 5.0), [("PNET", 18), ("cyst", 14), ("PDAC", 12)], "union"),
    (53, "PIR", (2.0, 2.0, 3.0), [("PDAC", 22), ("cyst", 20)], "subtype"),
])
def test_lesions_are_counted_and_typed_in_the_union_layout(tmp_path: Path, seed: int, orientation: str,
                                                           spacing: tuple, layout: list, typed: str) -> None:
    truth = make_case(tmp_path / "case", seed, orientation, spacing, layout, typed)
    assert ("pancreatic_lesion" in mask_files(tmp_path / "case" / "segmentations")) is False
    result = _run(tmp_path / "case", "How many pancreatic lesions are there?")
    assert result.status == "answered", result.reasons
    assert result.answer.split()[0] == str(len(truth)), result.answer
    assert result.review.consistent, result.review
    largest = max(truth, key=lambda t: t.voxels)
    choices = {"A": "Cyst", "B": "PDAC", "C": "PNET"}
    result = _run(tmp_path / "case", "What type is the largest pancreatic lesion?", choices)
    assert result.status == "answered", result.reasons
    assert choices[result.answer].lower() == largest.kind.lower(), (largest, result.answer_detail)
    assert result.review.consistent, result.review


def _save(path: Path, array: np.ndarray) -> None:
    nib.save(nib.Nifti1Image(array.astype(np.uint8), np.eye(4)), str(path))


@pytest.mark.parametrize(("organ", "parts"), [("kidney_lesion", ("kidney_tumor", "kidney_cyst")),
                                              ("Renal_Lesions", ("kidney_tumor", "kidney_cyst")),
                                              ("liver_lesion", ("liver_tumor", "liver_cyst")),
                                              ("pancreatic_lesion", ("pancreas_tumor", "pancreatic_pdac"))])
@pytest.mark.parametrize("shape", [(6, 5, 4), (9, 9, 7)])
def test_an_organs_lesions_file_is_read_only_as_the_union_of_its_typed_masks(
        tmp_path: Path, organ: str, parts: tuple[str, str], shape: tuple[int, int, int]) -> None:
    first, second = np.zeros(shape), np.zeros(shape)
    first[1, 1, 1], second[-2, -2, -2] = 1, 1
    _save(tmp_path / f"{parts[0]}.nii.gz", first)
    _save(tmp_path / f"{parts[1]}.nii.gz", second)
    _save(tmp_path / f"{organ}.nii.gz", first + second)
    assert sorted(mask_files(tmp_path)) == sorted(parts)  # the union adds nothing
    extra = first + second
    extra[0, -1, 0] = 1  # a lesion in no typed mask
    _save(tmp_path / f"{organ}.nii.gz", extra)
    with pytest.raises(ImageReadError, match=f"{organ}.nii.gz .* marks 1 voxel") as raised:
        mask_files(tmp_path)
    assert parts[0] in str(raised.value) and "remove" in str(raised.value)
    (tmp_path / f"{parts[0]}.nii.gz").unlink()
    (tmp_path / f"{parts[1]}.nii.gz").unlink()
    assert list(mask_files(tmp_path)) == [f"{parts[0].split('_')[0]}_tumor"]  # alone it is the group's lesion mask


@pytest.mark.parametrize(("seed", "orientation", "spacing", "layout", "typed", "present"), [
    (54, "LPS", (1.8, 1.8, 4.0), [("fluid PDAC", 22)], "union", True),  # 14 HU: attenuation alone says a cyst
    (55, "RAS", (2.0, 2.0, 3.0), [("fluid PDAC", 16), ("cyst", 12)], "subtype", True),
    (56, "PIR", (2.0, 2.0, 5.0), [("PNET", 18), ("cyst", 14)], "union", False),
])
def test_pdac_presence_is_read_from_its_typed_mask(tmp_path: Path, seed: int, orientation: str, spacing: tuple,
                                                   layout: list, typed: str, present: bool) -> None:
    make_case(tmp_path / "case", seed, orientation, spacing, layout, typed)
    choices = {"A": "No", "B": "Yes"}
    result = _run(tmp_path / "case", "Is a pancreatic ductal adenocarcinoma present?", choices)
    assert result.status == "answered", result.reasons
    assert choices[result.answer] == ("Yes" if present else "No"), result.answer_detail
    assert result.review.consistent, result.review


@pytest.mark.parametrize(("seed", "orientation", "spacing", "layout"), [
    (57, "RAS", (2.0, 2.0, 4.0), [("cyst", 30), ("PNET", 14)]),  # the cyst is the group's largest, over 2 cm
    (58, "LPS", (1.6, 1.6, 3.0), [("PDAC", 12), ("cyst", 36)]),
])
def test_the_t_stage_is_the_solid_tumours_beside_a_larger_cyst(tmp_path: Path, seed: int, orientation: str,
                                                                 spacing: tuple, layout: list) -> None:
    truth = make_case(tmp_path / "case", seed, orientation, spacing, layout, "union")
    solid = next(t for t in truth if t.kind in ("PDAC", "PNET"))
    cyst = next(t for t in truth if t.kind == "cyst")
    assert cyst.voxels > solid.voxels
    result = _run(tmp_path / "case", "What is the AJCC T stage of the pancreatic tumor?")
    assert result.status == "answered", result.reasons
    cited = [e for e in result.evidence if e.id in result.answer_detail.evidence_ids and e.name == "longest_diameter_mm"]
    assert cited and all(e.value <= 20.0 for e in cited), cited  # the solid lesion's, never the cyst's
    assert result.answer_detail.text.startswith("T1"), result.answer_detail
    assert result.review.consistent, result.review
