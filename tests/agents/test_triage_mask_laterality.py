"""Left and right from the provided liver and spleen masks, which outrank the soft-tissue balance.

An independent generator's phantom (suite C, BDMAP_00001340: stored LPS, a large spleen and stomach
on the left) was rejected as "left-right flipped" by the soft-tissue cue although its header and
masks were right. A flipped file is still refused: its masks, drawn on the anatomy, are flipped too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from agents.triage_checks import anatomy as anatomy_module
from agents.triage_checks.masks import mask_geometry_check, mask_laterality
from imaging.volume import read_image


def _copy(phantom: Path, tmp_path: Path, axcodes: str, flip_data: bool = False, keep: tuple[str, ...] = ()) -> Path:
    """The phantom stored in `axcodes` order; `flip_data` mirrors every voxel left-right under the same header."""
    out = tmp_path / f"{axcodes}{'_flipped' if flip_data else ''}"
    (out / "segmentations").mkdir(parents=True)
    files = [phantom / "ct.nii.gz", *(phantom / "segmentations" / f"{n}.nii.gz" for n in ("liver", "spleen", *keep))]
    for src in files:
        img = nib.load(str(src))
        data = np.asarray(img.dataobj)
        if flip_data:
            data = data[::-1]
        img = nib.Nifti1Image(data, img.affine).as_reoriented(
            nib.orientations.ornt_transform(nib.io_orientation(img.affine), nib.orientations.axcodes2ornt(axcodes)))
        nib.save(img, str(out / src.relative_to(phantom)))
    return out


def _laterality(case: Path) -> tuple[str, float | None]:
    image = read_image(case / "ct.nii.gz")
    return mask_laterality(mask_geometry_check(str(case), image, "current:0", "ct"), image)


@pytest.mark.parametrize("axcodes", ["RAS", "LPS", "LAI", "PIR"])
def test_masks_confirm_a_right_header_and_catch_a_flipped_one(phantom_dir: Path, tmp_path: Path, axcodes: str) -> None:
    right = _copy(phantom_dir, tmp_path, axcodes)
    verdict, offset = _laterality(right)
    assert verdict == "ok" and offset is not None and offset > 50
    flipped = _copy(phantom_dir, tmp_path, axcodes, flip_data=True)
    assert _laterality(flipped)[0] == "flipped"


def test_a_liver_mask_alone_is_judged_against_the_image_centre(phantom_dir: Path, tmp_path: Path) -> None:
    case = _copy(phantom_dir, tmp_path, "LPS")
    (case / "segmentations" / "spleen.nii.gz").unlink()
    assert _laterality(case)[0] == "ok"
    shutil.rmtree(case / "segmentations")
    (case / "segmentations").mkdir()
    assert _laterality(case) == ("unknown", None)


def test_provided_masks_overrule_a_misleading_soft_tissue_balance(phantom_dir: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end with the real agents: the soft-tissue cue is made to say "flipped"; the masks decide."""
    import orchestrator

    monkeypatch.setattr(anatomy_module, "_left_right", lambda facts, si: ("flipped", {"upper_abdomen_lr": -0.18}))
    case = _copy(phantom_dir, tmp_path, "LPS")
    question = "What is the spleen volume?"
    with_masks = orchestrator.run({"case_id": "lr-masks", "question": question, "images": [
        {"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}]})
    assert with_masks.status == "answered", with_masks.reasons
    without = orchestrator.run({"case_id": "lr-none", "question": question,
                                "images": [{"path": str(case / "ct.nii.gz")}]})
    assert without.status == "rejected" and "left-right flipped" in " ".join(without.reasons)
    flipped = _copy(phantom_dir, tmp_path, "RAS", flip_data=True)
    refused = orchestrator.run({"case_id": "lr-flipped", "question": question, "images": [
        {"path": str(flipped / "ct.nii.gz"), "masks": str(flipped / "segmentations")}]})
    assert refused.status == "rejected" and "left-right flipped" in " ".join(refused.reasons)
