"""A full work-up (no question) of one axial slice says what the slice shows and that the rest lies outside it, with
in-plane values only; a full work-up of a volume names the finding of a graded category. Slices vary in level and
storage orientation; truths come from the mask files with scipy, never clinorch's measurement."""

from __future__ import annotations

import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

from tests.phantom_inputs import run_case

ORGANS = {"liver": "liver", "spleen": "spleen", "kidney_left": "left kidney", "kidney_right": "right kidney",
          "pancreas": "pancreas", "stomach": "stomach", "gall_bladder": "gall bladder", "aorta": "aorta",
          "postcava": "postcava"}


def _one_slice(case: Path, out: Path, level: str) -> Path:
    """The axial slice through the middle of the liver ("liver") or of the kidneys ("kidney"), as a one-slice NIfTI
    in the case's own storage orientation, with its masks."""
    img = nib.load(str(case / "ct.nii.gz"))
    axis = next(i for i, c in enumerate(nib.aff2axcodes(img.affine)) if c in "SI")
    organ = np.asarray(nib.load(str(case / "segmentations" / f"{'liver' if level == 'liver' else 'kidney_right'}.nii.gz"))
                       .dataobj) > 0
    others = tuple(i for i in range(3) if i != axis)
    k = int(np.argmax(organ.sum(axis=others)))
    (out / "segmentations").mkdir(parents=True)

    def cut(src: Path, dst: Path) -> None:
        im = nib.load(str(src))
        index = [slice(None)] * 3
        index[axis] = slice(k, k + 1)
        shift = np.zeros(3)
        shift[axis] = k
        affine = im.affine.copy()
        affine[:3, 3] = im.affine[:3, :3] @ shift + im.affine[:3, 3]
        nib.save(nib.Nifti1Image(np.asarray(im.dataobj)[tuple(index)], affine, im.header), str(dst))

    cut(case / "ct.nii.gz", out / "ct.nii.gz")
    for mask in (case / "segmentations").glob("*.nii.gz"):
        cut(mask, out / "segmentations" / mask.name)
    return out


@pytest.mark.parametrize("level", ["liver", "kidney"])
def test_a_single_slice_work_up_says_what_the_slice_shows_and_no_volume(phantom_dir: Path, tmp_path: Path,
                                                                        level: str) -> None:
    case = _one_slice(phantom_dir, tmp_path / "slice", level)
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}]})
    assert result.status == "answered", result.reasons
    assert all(c.passed for c in result.review.checks), [c for c in result.review.checks if not c.passed]
    text = result.answer_detail.text
    shown = {words for name, words in ORGANS.items()
             if (np.asarray(nib.load(str(case / "segmentations" / f"{name}.nii.gz")).dataobj) > 0).any()}
    listed = re.search(r"In this slice: ([^.\n]*)", text)
    assert listed is not None and set(listed.group(1).split(", ")) == shown, text
    assert "outside" in text and not re.search(r"\d\s*mL\b", text), text
    ct = np.asarray(nib.load(str(case / "ct.nii.gz")).dataobj).astype(float).squeeze()
    liver = (np.asarray(nib.load(str(case / "segmentations" / "liver.nii.gz")).dataobj) > 0).squeeze()
    tumour = (np.asarray(nib.load(str(case / "segmentations" / "liver_tumor.nii.gz")).dataobj) > 0).squeeze()
    core = ndimage.binary_erosion(liver & ~tumour, np.ones((3, 3)))
    said = re.search(r"liver mean attenuation (-?\d+(?:\.\d+)?) HU", text)
    if core.any():  # in-plane erosion: the slice's own liver attenuation
        assert said is not None and abs(float(said.group(1)) - ct[core].mean()) < 0.15, text
    else:
        assert said is None, text


def test_a_work_up_names_the_finding_of_a_graded_category(tmp_path: Path) -> None:
    from synthetic.phantom import PhantomSpec, make_phantom

    case = tmp_path / "case"
    make_phantom(case, PhantomSpec(seed=31, liver_lesions=1, splenomegaly="moderate", orientation="RAS"))
    result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}]})
    assert result.status == "answered" and all(c.passed for c in result.review.checks), result.reasons
    impression = result.answer_detail.text.split("IMPRESSION:")[1]
    volume = float((np.asarray(nib.load(str(case / "segmentations" / "spleen.nii.gz")).dataobj) > 0).sum()
                   * np.prod(nib.load(str(case / "ct.nii.gz")).header.get_zooms()[:3]) / 1000.0)
    import knowledge

    grade = str(knowledge.load_base().get("dtvqa-spleen-volume-grade").classify({"spleen.volume_ml": volume}).label)
    assert re.search(rf"^- {grade} splenomegaly:", impression, re.IGNORECASE | re.MULTILINE), impression
