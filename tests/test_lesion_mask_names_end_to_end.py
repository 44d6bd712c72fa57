"""A lesion mask named for its organ's lesions (`liver_lesion`, `renal_tumour`, `hcc`) is that group's provided mask.

Bug report (newuser15): `liver_lesion.nii.gz` (616 voxels) was read under its own name while the liver's lesions were
counted from the lesion finder's empty `liver_tumor`: "0 liver lesions". The kind: any name that plainly names a
structure's lesion group is read as the group's mask (or, beside the group's own file, refused naming both).
"""

from __future__ import annotations

from pathlib import Path

import cc3d
import nibabel as nib
import numpy as np
import pytest

import orchestrator
from imaging.masks import lesion_mask_name, mask_files, structure_name
from imaging.volume import ImageReadError


@pytest.mark.parametrize(("file", "name"), [
    ("liver_lesion.nii.gz", "liver_tumor"), ("Liver_Lesions.nii.gz", "liver_tumor"), ("hepatic_lesion.nii", "liver_tumor"),
    ("liver_mets.nii.gz", "liver_tumor"), ("HCC.nii.gz", "liver_tumor"), ("liver-metastases.nii.gz", "liver_tumor"),
    ("kidney_lesions.nii.gz", "kidney_tumor"), ("renal_tumour.nii.gz", "kidney_tumor"), ("renal_cysts.nii.gz", "kidney_cyst"),
    ("pancreatic_lesion.nii.gz", "pancreas_tumor"), ("pancreas_mass.nii.gz", "pancreas_tumor"),
    ("colon_cancer.nii.gz", "colon_tumor"),
    ("liver_tumor.nii.gz", "liver_tumor"), ("pancreatic_cyst.nii.gz", "pancreatic_cyst"),  # already AbdomenAtlas names
    ("liver.nii.gz", "liver"), ("liver_segment_4.nii.gz", "liver_segment_4"), ("spleen_lesion.nii.gz", "spleen_lesion"),
])
def test_a_lesion_mask_named_for_its_organ_is_its_groups_mask(tmp_path: Path, file: str, name: str) -> None:
    assert structure_name(tmp_path / file) == name


def test_names_that_are_no_group_mask_make_no_alias() -> None:
    assert lesion_mask_name("liver_lesion_left") is None  # a side: not a plain group name
    assert lesion_mask_name("spleen_lesion") is None      # no spleen lesion group
    assert lesion_mask_name("liver_cyst") is None         # already a (typed) lesion mask


def _save(path: Path, array: np.ndarray) -> None:
    nib.save(nib.Nifti1Image(array.astype(np.uint8), np.eye(4)), str(path))


@pytest.mark.parametrize("other", ["HCC.nii.gz", "hepatic_tumour.nii.gz", "liver_lesion_1.nii.gz"])
def test_an_alias_beside_the_groups_own_file_is_refused_naming_both(tmp_path: Path, other: str) -> None:
    array = np.zeros((4, 4, 4))
    array[1, 1, 1] = 1
    _save(tmp_path / "liver_tumor.nii.gz", array)
    _save(tmp_path / other, array)
    with pytest.raises(ImageReadError, match="both hold the liver_tumor mask") as raised:
        mask_files(tmp_path)
    assert "liver_tumor.nii.gz" in str(raised.value) and other in str(raised.value)


def _case(tmp_path: Path, seed: int, mask: str, renamed: str, **spec: object) -> tuple[Path, int]:
    """A phantom whose `mask` file is renamed to `renamed`; returns the case and the mask's lesion count (26-connected
    components of the file as written)."""
    from synthetic.phantom import PhantomSpec, make_phantom

    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, **spec))  # type: ignore[arg-type]
    folder = case / "segmentations"
    lesions = int(cc3d.connected_components(np.asarray(nib.load(str(folder / f"{mask}.nii.gz")).dataobj) > 0,
                                            connectivity=26, return_N=True)[1])
    (folder / f"{mask}.nii.gz").rename(folder / renamed)
    return case, lesions


@pytest.mark.parametrize(("seed", "mask", "renamed", "question", "spec"), [
    (31, "liver_tumor", "liver_lesion.nii.gz", "How many liver lesions are there?", {"liver_lesions": 2}),
    (32, "liver_tumor", "hepatic_lesions.nii.gz", "How many lesions are in the liver?",
     {"liver_lesions": 3, "orientation": "RAS", "liver_lesion_diameters_mm": (30.0, 24.0, 18.0)}),
    (33, "liver_tumor", "hcc.nii.gz", "How many liver tumors does the patient have?", {"liver_lesions": 1}),
    (34, "kidney_tumor", "renal_tumour.nii.gz", "How many kidney lesions are there?",
     {"liver_lesions": 0, "kidney_lesion": "solid", "kidney_lesion_side": "left"}),
    (35, "pancreas_tumor", "pancreatic_lesion.nii.gz", "How many pancreatic lesions are there?",
     {"liver_lesions": 0, "pancreatic_tumor_mm": 26.0}),
])
def test_a_renamed_lesion_mask_is_counted(tmp_path: Path, seed: int, mask: str, renamed: str, question: str,
                                          spec: dict) -> None:
    case, lesions = _case(tmp_path, seed, mask, renamed, **spec)
    assert lesions > 0
    image = {"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}
    result = orchestrator.run({"case_id": f"renamed{seed}", "images": [image], "question": question})
    assert result.status == "answered", (result.status, result.answer, result.reasons)
    assert str(result.answer).startswith(str(lesions)), (result.answer, lesions)
    assert any(e.target == mask and e.name == "present" and e.value is True for e in result.evidence)
    # not read under its own name and then ignored (`liver_lesion` is also the group's measurement target)
    assert not any(e.kind == "segmentation" and e.target == renamed.split(".")[0] for e in result.evidence)

