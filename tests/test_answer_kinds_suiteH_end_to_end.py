"""The kinds of suite H's and reviewer set 9's misses, each asked again through the real agents.

- an organ size asked in the large direction against the normal range ("Does the liver exceed the upper limit
  of normal size?", "larger than normal") asks about enlargement: an organ below the normal range is *no*;
- options written in one criterion's categories decide which criterion answers ("Renal calculus /
  Angiomyolipoma (fat-containing) / Renal cyst / Solid renal mass": solid versus cyst, not the HU classes);
- a category asked as a yes/no about one of its labels ("Is the kidney lesion a simple cyst?") answers that
  yes/no and names the category found;
- the size of a lesion its kind names ("What is the size of the kidney cyst?") is a size, not the kind;
- "Is there a tumor in either kidney? If so, how large is it?" with another kind's mask unknown (the classical
  lesion search writes no cyst mask): "it" is the tumour found, whose size is given; a kind whose own mask is
  unknown is not called absent.

Phantoms vary organ, side, size, spacing and option order; expected answers come from the mask files and the
knowledge base's own bands, never from the code under test.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

import knowledge
import orchestrator
from core.case import CaseResult
from synthetic.phantom import PhantomSpec, make_phantom
from tests.asking import approved, ask

YES_NO = ({"A": "Cannot be judged from CT", "B": "No", "C": "The organ is not visualised", "D": "Yes"},
          {"A": "Yes", "B": "The organ is not visualised", "C": "No", "D": "Cannot be judged from CT"})
RENAL_KINDS = ("Renal calculus", "Angiomyolipoma (fat-containing)", "Renal cyst", "Solid renal mass (suspicious for RCC)")


def _mask(folder: Path, name: str) -> tuple[np.ndarray, np.ndarray]:
    img = nib.load(str(folder / "segmentations" / f"{name}.nii.gz"))
    return np.asarray(img.dataobj) > 0, img.affine


def _volume_ml(folder: Path, name: str) -> float:
    data, affine = _mask(folder, name)
    return float(data.sum()) * abs(float(np.linalg.det(affine[:3, :3]))) / 1000.0


def _mean_hu(folder: Path, name: str) -> float:
    ct = np.asarray(nib.load(str(folder / "ct.nii.gz")).dataobj, dtype=float)
    return float(ct[_mask(folder, name)[0]].mean())


def _longest_axial_mm(folder: Path, name: str) -> float:
    """The longest in-plane distance between two voxel centres of the mask, over its axial slices."""
    data, affine = _mask(folder, name)
    longest = 0.0
    for k in np.unique(np.nonzero(data)[2]):
        ij = np.argwhere(data[:, :, k])
        points = np.c_[ij, np.full(len(ij), k), np.ones(len(ij))] @ affine.T
        xy = points[:, :2]
        longest = max(longest, float(np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1)).max()))
    return longest


def _entry(entry_id: str) -> knowledge.KnowledgeEntry:
    return knowledge.load_base(profile="all").get(entry_id)


def _enlarged_from(entry_id: str) -> float:
    """The lower edge of the criterion's `enlarged` band (mL)."""
    bands = _entry(entry_id).criterion.quantities[0].bands
    return float(next(b.lower for b in bands if b.label == "enlarged"))


def _rescaled(source: Path, target: Path, factor: float) -> None:
    """A copy of a study whose headers say every voxel is `factor` times longer (the voxels are the same)."""
    for path in [source / "ct.nii.gz", *sorted((source / "segmentations").glob("*.nii.gz"))]:
        img = nib.load(str(path))
        affine = img.affine.copy()
        affine[:3, :3] *= factor
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        nib.save(nib.Nifti1Image(np.asarray(img.dataobj), affine, img.header), str(out))


@pytest.fixture(scope="module")
def studies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hkinds")
    make_phantom(root / "small", PhantomSpec(seed=12, spacing=(1.4, 1.4, 3.0), randomise=True))  # organs below normal
    make_phantom(root / "default", PhantomSpec(seed=11, randomise=True))
    _rescaled(root / "default", root / "large", 1.25)  # every length x 1.25: a liver near twice the volume
    make_phantom(root / "solid_left", PhantomSpec(seed=21, kidney_lesion="solid", kidney_lesion_side="left",
                                                  kidney_lesion_diameter_mm=32.0, liver_lesions=1))
    make_phantom(root / "cyst_right", PhantomSpec(seed=22, kidney_lesion="cyst", kidney_lesion_side="right",
                                                  kidney_lesion_diameter_mm=22.0, liver_lesions=0))
    shutil.copytree(root / "solid_left", root / "solid_left_no_kidney_cyst")
    (root / "solid_left_no_kidney_cyst" / "segmentations" / "kidney_cyst.nii.gz").unlink()  # an incomplete mask set
    shutil.copytree(root / "cyst_right", root / "cyst_right_no_kidney_tumor")
    (root / "cyst_right_no_kidney_tumor" / "segmentations" / "kidney_tumor.nii.gz").unlink()  # the other kind missing
    shutil.copytree(root / "cyst_right", root / "cyst_right_no_kidney_cyst")
    (root / "cyst_right_no_kidney_cyst" / "segmentations" / "kidney_cyst.nii.gz").unlink()
    return {p.name: p for p in root.iterdir()}


@pytest.mark.parametrize(("folder", "organ", "mask", "entry_id", "question", "options"), [
    ("small", "liver", "liver", "dtvqa-liver-volume", "Does the liver exceed the upper limit of normal size?", 0),
    ("large", "liver", "liver", "dtvqa-liver-volume", "Does the liver exceed the upper limit of normal size?", 1),
    ("default", "liver", "liver", "dtvqa-liver-volume", "Is the liver larger than normal?", 1),
    ("default", "left kidney", "kidney_left", "dtvqa-kidney-volume", "Is the left kidney bigger than the normal range?",
     0),
    ("default", "pancreas", "pancreas", "dtvqa-pancreas-volume",
     "Is the pancreas above the upper limit of normal volume?", 1),
    ("large", "liver", "liver", "dtvqa-liver-volume", "Is the liver volume beyond the upper limit of normal?", None),
])
def test_a_size_asked_upwards_is_enlargement(studies: dict[str, Path], folder: str, organ: str, mask: str,
                                             entry_id: str, question: str, options: int | None) -> None:
    enlarged = _volume_ml(studies[folder], mask) > _enlarged_from(entry_id)
    choices = YES_NO[options] if options is not None else None
    result = ask(studies[folder], question, choices=choices)
    text = approved(result)
    if choices is None:
        assert text.startswith("Yes" if enlarged else "No"), text
    else:
        assert choices[result.answer_detail.choice] == ("Yes" if enlarged else "No"), text


def test_the_phantoms_cover_both_answers(studies: dict[str, Path]) -> None:
    """The size cases above hold an organ below the normal range and one above it (else the test could not fail)."""
    edge = _enlarged_from("dtvqa-liver-volume")
    assert _volume_ml(studies["small"], "liver") < 1000.0 < edge < _volume_ml(studies["large"], "liver")


@pytest.mark.parametrize(("folder", "mask", "order"), [
    ("solid_left", "kidney_tumor", (0, 1, 2, 3)),
    ("solid_left", "kidney_tumor", (3, 2, 0, 1)),
    ("cyst_right", "kidney_cyst", (1, 3, 2, 0)),
    ("cyst_right", "kidney_cyst", (2, 0, 3, 1)),
])
def test_the_options_name_the_criterion_that_answers(studies: dict[str, Path], folder: str, mask: str,
                                                     order: tuple[int, ...]) -> None:
    choices = {letter: RENAL_KINDS[i] for letter, i in zip("ABCD", order, strict=True)}
    entry = _entry("dtvqa-kidney-lesion-solid-vs-cyst")
    kind = entry.classify({"kidney_lesion.largest_lesion_mean_hu": _mean_hu(studies[folder], mask)}).label
    result = ask(studies[folder], "What type of lesion is the largest renal lesion?", choices=choices)
    text = approved(result)
    wanted = "Solid renal mass (suspicious for RCC)" if kind == "solid tumor" else "Renal cyst"
    assert choices[result.answer_detail.choice] == wanted, text


@pytest.mark.parametrize(("folder", "mask", "question", "label"), [
    ("solid_left", "kidney_tumor", "Is the kidney lesion a simple cyst?", "simple cyst"),
    ("cyst_right", "kidney_cyst", "Is the kidney lesion a simple cyst?", "simple cyst"),
    ("solid_left", "kidney_tumor", "Is the renal mass indeterminate?", "indeterminate"),
    ("cyst_right", "kidney_cyst", "Would you call the right renal lesion indeterminate?", "indeterminate"),
])
def test_one_category_asked_is_answered_yes_or_no(studies: dict[str, Path], folder: str, mask: str, question: str,
                                                  label: str) -> None:
    entry = _entry("dtvqa-renal-mass-hu")
    found = entry.classify({"kidney_lesion.largest_lesion_mean_hu": _mean_hu(studies[folder], mask)}).label
    text = approved(ask(studies[folder], question))
    assert text.startswith(f"{'Yes' if found == label else 'No'} — {found}"), text


@pytest.mark.parametrize(("folder", "question"), [
    ("cyst_right", "Is the kidney lesion cystic or solid?"),
    ("solid_left", "Is the renal lesion a simple cyst or indeterminate?"),
])
def test_two_categories_offered_are_not_a_yes_or_no(studies: dict[str, Path], folder: str, question: str) -> None:
    text = approved(ask(studies[folder], question))
    assert not re.match(r"(Yes|No)\b", text), text


@pytest.mark.parametrize(("folder", "mask", "question"), [
    ("cyst_right", "kidney_cyst", "What is the size of the kidney cyst?"),
    ("cyst_right", "kidney_cyst", "How large is the renal cyst?"),
    ("solid_left", "kidney_tumor", "How big is the kidney tumour?"),
    ("cyst_right", "kidney_cyst", "How big is the cyst in the right kidney?"),
])
def test_the_size_of_a_named_kind_is_a_size(studies: dict[str, Path], folder: str, mask: str, question: str) -> None:
    text = approved(ask(studies[folder], question))
    stated = re.match(r"([\d.]+) mm\b", text)
    assert stated is not None, text
    assert float(stated.group(1)) == pytest.approx(_longest_axial_mm(studies[folder], mask), rel=0.12), text
    assert not re.search(r"\b(cyst|solid tumou?r)\b", text.split("(")[0], re.IGNORECASE), text


def _classical(folder: Path, question: str) -> CaseResult:
    """The question on the CT alone: the classical segmenter, whose lesion search vouches only for what it finds."""
    return orchestrator.run({"case_id": f"c{abs(hash((str(folder), question))) % 10**6}", "question": question,
                             "images": [{"path": str(folder / "ct.nii.gz")}]})


@pytest.mark.parametrize(("folder", "mask", "question"), [
    ("solid_left", "kidney_tumor", "Is there a tumor in either kidney? If so, how large is it?"),
    ("solid_left", "kidney_tumor", "Is there a kidney tumour, and what is its size?"),
    # the other kind's mask missing from the folder: the kind asked is counted by its own mask, so "is there" holds
    ("solid_left_no_kidney_cyst", "kidney_tumor", "Is there a renal tumor? If so, how big is it?"),
    ("cyst_right_no_kidney_tumor", "kidney_cyst", "Is there a kidney cyst, and what is its size?"),
    ("cyst_right_no_kidney_tumor", "kidney_cyst", "Is there a cyst in the right kidney? If so, how large is it?"),
])
def test_the_size_of_the_kind_found_is_given(studies: dict[str, Path], folder: str, mask: str, question: str) -> None:
    """With provided masks the size of the kind found is given. On the CT alone the classical lesion search finds a
    lower bound of the lesions (session 33: the largest found need not be the largest, suite AJ's wrong predicted
    letters), so "how large is it?" abstains and says why, rather than size one tumour of possibly several."""
    if folder == "solid_left":
        result = _classical(studies[folder], question)
        assert result.status == "abstained", result.answer
        assert any("lower bound" in reason for reason in result.reasons), result.reasons
        return
    result = ask(studies[folder], question)
    text = approved(result)
    assert text.startswith("Yes"), text
    sizes = [float(m) for m in re.findall(r"([\d.]+) mm\b", text)]
    assert sizes and sizes[0] == pytest.approx(_longest_axial_mm(studies[folder], mask), rel=0.2), text


@pytest.mark.parametrize(("folder", "mask", "question"), [
    ("solid_left_no_kidney_cyst", "kidney_tumor", "Is there a renal tumor? If so, how big is it?"),
    ("cyst_right_no_kidney_cyst", "kidney_tumor", "Is there a tumour in either kidney, and how large is it?"),
    ("cyst_right_no_kidney_tumor", "kidney_cyst", "Is there a renal cyst? If so, what size is it?"),
])
def test_the_kind_asked_rests_on_its_own_mask(studies: dict[str, Path], folder: str, mask: str, question: str) -> None:
    """With the other kind's mask missing, the kind asked is yes or no by its own mask file (the group count is
    withheld, the kind's own count is not)."""
    present = bool(_mask(studies[folder], mask)[0].any())
    assert approved(ask(studies[folder], question)).startswith("Yes" if present else "No")


def test_a_kind_whose_mask_is_unknown_is_not_absent_in_two_parts(studies: dict[str, Path]) -> None:
    """Missing is not zero: "is there a <kind>, and how big" with that kind's mask missing from the folder abstains."""
    for folder, question in (("solid_left_no_kidney_cyst", "Is there a renal cyst? If so, how big is it?"),
                             ("cyst_right_no_kidney_tumor", "Is there a solid kidney tumour, and what is its size?")):
        result = ask(studies[folder], question)
        assert result.status == "abstained", (folder, result.answer)


@pytest.mark.parametrize(("folder", "question"), [
    ("solid_left", "Is there a renal cyst?"),
    ("solid_left", "Does either kidney contain a simple cyst?"),
])
def test_a_kind_whose_mask_is_unknown_is_not_absent(studies: dict[str, Path], folder: str, question: str) -> None:
    result = _classical(studies[folder], question)
    assert result.status == "abstained", result.answer
    # the reason names why absence cannot be said: the cyst mask is unknown, or the search's lesions are a lower bound
    assert any("kidney_cyst mask" in reason or "lower bound" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize(("folder", "question", "present"), [
    ("solid_left", "Is there a renal cyst?", False),
    ("cyst_right", "Is there a renal cyst?", True),
    ("cyst_right", "Is there a solid kidney tumour?", False),
])
def test_a_kind_whose_mask_is_known_is_answered(studies: dict[str, Path], folder: str, question: str,
                                               present: bool) -> None:
    assert approved(ask(studies[folder], question)).startswith("Yes" if present else "No")
