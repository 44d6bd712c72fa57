"""Kinds of wrong answer from reviewer set 7's questions, through the real agents (triage to reviewer).

On main each was answered wrongly or not at all: the attenuation dropped from "which kidney, and what is its
attenuation?" (f16), the current diameter for "by how many mm has it changed?" (f35), a cyst's nature for "is it
larger than before?" (f37), the side dropped from "is there a kidney lesion? If so, on which side?" (f73), the
segment dropped from "give the size and the segment" (f74), the change for "what was it on the earlier exam?"
(f32), "what was it before?" unanswered (f43); a spleen cut by the scan's edge abstained although its lower bound
already decides splenomegaly (f22). Expected values are read from the mask files, the knowledge YAML, or a
separate single-study run of the other study, never from the code path under test; sides, sizes, spacings and
crops vary.
"""

from __future__ import annotations

import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
import yaml
from scipy import ndimage

from synthetic.pairs import derive_study
from synthetic.phantom import PhantomSpec, make_phantom
from tests.asking import approved, ask

ENTRIES = {e["id"]: e for f in (Path(__file__).parents[1] / "knowledge" / "entries").glob("*.yaml")
           for e in (yaml.safe_load(f.read_text()) or {}).get("entries", [])}
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _mask(folder: Path, name: str) -> tuple[np.ndarray, float]:
    img = nib.load(str(folder / "segmentations" / f"{name}.nii.gz"))
    return np.asarray(img.dataobj) > 0, abs(float(np.linalg.det(img.affine[:3, :3]))) / 1000.0


def _first_number(text: str) -> float:
    return float(NUMBER.search(text).group())  # type: ignore[union-attr]


def _largest_lesion_segment(folder: Path) -> int:
    """The Couinaud segment holding most of the largest liver lesion's voxels, from the mask files."""
    lesions, _ = _mask(folder, "liver_tumor")
    labels, count = ndimage.label(lesions, structure=np.ones((3, 3, 3)))
    largest = labels == (1 + int(np.argmax(np.bincount(labels.ravel())[1:])))
    overlaps = {n: int((largest & _mask(folder, f"liver_segment_{n}")[0]).sum()) for n in range(1, 9)}
    return max(overlaps, key=overlaps.__getitem__)


def _crop_below(source: Path, out: Path, structure: str, share: float) -> float:
    """A copy of `source` without the slices holding the lowest `share` of `structure`'s extent (the structure then
    touches the new first slice); returns the structure's volume left in the copy (mL)."""
    mask, voxel_ml = _mask(source, structure)
    held = np.flatnonzero(mask.any(axis=(0, 1)))
    low = int(held[0]) + max(1, int(share * (held[-1] - held[0])))
    (out / "segmentations").mkdir(parents=True, exist_ok=True)
    for path in [source / "ct.nii.gz", *sorted((source / "segmentations").glob("*.nii.gz"))]:
        img = nib.load(str(path))
        affine = img.affine.copy()
        affine[:3, 3] = (img.affine @ np.array([0, 0, low, 1.0]))[:3]
        data = np.asarray(img.dataobj)[:, :, low:]
        target = out / path.relative_to(source)
        nib.save(nib.Nifti1Image(data, affine, img.header), str(target))
    return float(mask[:, :, low:].sum()) * voxel_ml


@pytest.fixture(scope="module")
def phantoms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("kinds7")
    make_phantom(root / "cyst_left", PhantomSpec(seed=91, liver_lesions=3, kidney_lesion="cyst", kidney_lesion_side="left",
                                                 spacing=(1.8, 1.8, 4.0)))
    make_phantom(root / "solid_right", PhantomSpec(seed=92, liver_lesions=4, kidney_lesion="solid",
                                                   kidney_lesion_side="right", spacing=(2.4, 2.4, 5.0),
                                                   splenomegaly="severe"))
    derive_study(root / "cyst_left", root / "grown", (1.4, 1.0, 1.0), seed=4)  # the largest grows, the cyst stays
    derive_study(root / "solid_right", root / "one_fewer", (1.0, 1.0, 1.0, 0.0), seed=5)  # a prior with one lesion less
    return {name: root / name for name in ("cyst_left", "solid_right", "grown", "one_fewer")}


@pytest.mark.parametrize("name", ["cyst_left", "solid_right"])
def test_size_and_segment_asked_together_are_both_given(phantoms: dict[str, Path], name: str) -> None:
    text = approved(ask(phantoms[name], "Give the size and the segment of the largest liver lesion."))
    size = approved(ask(phantoms[name], "What is the largest liver lesion's diameter?"))
    assert _first_number(text) == _first_number(size)
    assert re.search(rf"\bsegment {_largest_lesion_segment(phantoms[name])}\b", text, re.IGNORECASE), text


@pytest.mark.parametrize(("name", "side"), [("cyst_left", "left"), ("solid_right", "right")])
def test_which_kidney_and_its_attenuation_are_both_given(phantoms: dict[str, Path], name: str, side: str) -> None:
    folder = phantoms[name]
    text = approved(ask(folder, "In which kidney is the lesion, and what is its attenuation?"))
    ct = np.asarray(nib.load(str(folder / "ct.nii.gz")).dataobj, dtype=np.float64)
    lesion = _mask(folder, "kidney_cyst" if "cyst" in name else "kidney_tumor")[0]
    assert text.lower().startswith(f"{side} kidney"), text
    assert f"{ct[lesion].mean():.1f} HU" in text, text


@pytest.mark.parametrize(("name", "side", "kind"), [("cyst_left", "left", "cyst"), ("solid_right", "right", "solid")])
def test_the_side_of_a_kidney_lesion_asked_after_its_existence(phantoms: dict[str, Path], name: str, side: str,
                                                               kind: str) -> None:
    text = approved(ask(phantoms[name], "Is there a kidney lesion? If so, on which side, and is it solid?"))
    assert text.startswith("Yes"), text
    assert f"{side.capitalize()} kidney" in text and "is larger" not in text, text
    assert kind in text.lower(), text


def test_a_change_asked_in_mm_is_the_change_not_todays_size(phantoms: dict[str, Path]) -> None:
    now = _first_number(approved(ask(phantoms["grown"], "What is the largest liver lesion's diameter?")))
    before = _first_number(approved(ask(phantoms["cyst_left"], "What is the largest liver lesion's diameter?")))
    text = approved(ask(phantoms["grown"], "By how many millimetres has the largest liver lesion's diameter changed?",
                          prior=phantoms["cyst_left"]))
    assert _first_number(text) == pytest.approx(now - before, abs=0.11), text
    earlier = approved(ask(phantoms["grown"], "What was the largest liver lesion's diameter on the earlier examination?",
                             prior=phantoms["cyst_left"]))
    assert _first_number(earlier) == before, earlier
    both = approved(ask(phantoms["grown"], "What is the largest liver lesion diameter now, and what was it before?",
                          prior=phantoms["cyst_left"]))
    assert [float(v) for v in NUMBER.findall(both)[:2]] == [now, before], both


def test_a_cyst_larger_than_before_is_a_yes_no_change(phantoms: dict[str, Path]) -> None:
    text = approved(ask(phantoms["grown"], "Is the left renal cyst larger than before?", prior=phantoms["cyst_left"]))
    assert text.startswith("No"), text  # derive_study scales the liver lesions only: the cyst is unchanged


def test_new_lesions_asked_yes_no_and_recist_in_a_sentence(phantoms: dict[str, Path]) -> None:
    text = approved(ask(phantoms["solid_right"], "Are there any new liver lesions compared with the prior study?",
                          prior=phantoms["one_fewer"]))
    assert text.startswith("Yes"), text
    recist = approved(ask(phantoms["solid_right"], "What is the RECIST 1.1 response compared with the prior?",
                            prior=phantoms["one_fewer"]))
    assert recist.startswith("Progressive disease"), recist
    assert "new lesion" in recist and "lesion count" not in recist and "diameters mm" not in recist, recist


@pytest.mark.parametrize("question", ["What is the liver volume?", "What is the total volume of the liver lesions in mL?"])
def test_a_value_is_stated_once(phantoms: dict[str, Path], question: str) -> None:
    text = approved(ask(phantoms["solid_right"], question))
    value = NUMBER.search(text).group()  # type: ignore[union-attr]
    assert text.count(value) == 1, text


@pytest.mark.parametrize("share", [0.1, 0.85])
def test_a_spleen_cut_by_the_scan_edge_answers_from_its_lower_bound_when_it_decides(
        phantoms: dict[str, Path], tmp_path: Path, share: float) -> None:
    bound = _crop_below(phantoms["solid_right"], tmp_path / "cut", "spleen", share)
    threshold = next(b["lower"] for b in ENTRIES["dtvqa-splenomegaly-detection"]["criterion"]["quantities"][0]["bands"]
                     if b["label"] == "splenomegaly")
    result = ask(tmp_path / "cut", "Is there splenomegaly?")
    if bound < threshold:
        assert result.status == "abstained", result.answer
        return
    text = approved(result)
    assert text.startswith("Yes") and "lower bound" in text, text
    assert f"{bound:.1f} mL" in text, text
    grade = ask(tmp_path / "cut", "What is the spleen volume?")
    assert grade.status == "abstained", grade.answer  # a bound is not the volume
