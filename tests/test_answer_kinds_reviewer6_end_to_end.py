"""Kinds of wrong answer from reviewer set 6's questions, through the real agents (triage to reviewer).

Each question was answered wrongly or abstained on main: a volume for "within normal limits?" (d21), the
kidney dropped from "which kidney, and cyst or solid?" (d28), the largest lesion's volume for "the aggregate
volume" (d65), the pancreatic T1 for "a T1 renal tumour" (d72), "-1" for "how many on the prior, and how many
now?" (d36), the prior diameter dropped (d39), a category for "what is the attenuation of the mass?" (d23),
"where is the largest one?" read as the busiest segment (d58), "Smaller" matched to no option (d51). Every
expected value is read from the mask files or the knowledge YAML here, without the code under test; organs,
sides, counts and spacings vary.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
import yaml
from scipy import ndimage

import orchestrator
from synthetic.pairs import derive_study
from synthetic.phantom import PhantomSpec, make_phantom
from tests.asking import approved, ask

ENTRIES = {e["id"]: e for f in (Path(__file__).parents[1] / "knowledge" / "entries").glob("*.yaml")
           for e in (yaml.safe_load(f.read_text()) or {}).get("entries", [])}


def _mask(folder: Path, name: str) -> tuple[np.ndarray, float]:
    img = nib.load(str(folder / "segmentations" / f"{name}.nii.gz"))
    return np.asarray(img.dataobj) > 0, abs(float(np.linalg.det(img.affine[:3, :3]))) / 1000.0


def _volume_ml(folder: Path, name: str) -> float:
    data, voxel_ml = _mask(folder, name)
    return float(data.sum()) * voxel_ml


def _pieces(folder: Path, name: str) -> list[float]:
    data, voxel_ml = _mask(folder, name)
    labels, count = ndimage.label(data, structure=np.ones((3, 3, 3)))
    return sorted((float((labels == i).sum()) * voxel_ml for i in range(1, count + 1)), reverse=True)


def _band(entry_id: str, value: float) -> str:
    scale = ENTRIES[entry_id]["criterion"]["quantities"][0]
    for band in scale["bands"]:
        low, high = band.get("lower", -np.inf), band.get("upper", np.inf)
        if low <= value <= high:
            return band["label"]
    raise AssertionError(value)


@pytest.fixture(scope="module")
def phantoms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("kinds6")
    specs = {
        "cyst_left": PhantomSpec(seed=71, liver_lesions=3, kidney_lesion="cyst", kidney_lesion_side="left",
                                 spacing=(1.8, 1.8, 4.0)),
        "solid_right": PhantomSpec(seed=72, liver_lesions=5, kidney_lesion="solid", kidney_lesion_side="right",
                                   spacing=(2.5, 2.5, 5.0)),
    }
    for name, spec in specs.items():
        make_phantom(root / name, spec)
    derive_study(root / "solid_right", root / "shrunk", (0.7,) * 5, seed=2)
    derive_study(root / "cyst_left", root / "fewer", (1.3, 1.0, 0.0), seed=3)
    return {name: root / name for name in ("cyst_left", "solid_right", "shrunk", "fewer")}


@pytest.mark.parametrize(("name", "question"), [
    ("cyst_left", "Does the spleen measure within normal limits by volume?"),
    ("solid_right", "Does the spleen measure within the normal range?"),
    ("solid_right", "Does the liver measure within normal limits?"),
])
def test_within_normal_limits_is_answered_yes_or_no(phantoms: dict[str, Path], name: str, question: str) -> None:
    organ = "spleen" if "spleen" in question else "liver"
    entry = "dtvqa-splenomegaly-detection" if organ == "spleen" else "dtvqa-liver-volume"
    if entry not in ENTRIES:
        entry = next(i for i, e in ENTRIES.items() if "organ enlargement" in e.get("question_subtypes", [])
                     and organ in e.get("organs", []))
    label = _band(entry, _volume_ml(phantoms[name], organ))
    text = approved(ask(phantoms[name], question))
    normal = label.startswith(("no ", "normal"))
    assert text.startswith("Yes" if normal else "No"), (label, text)


@pytest.mark.parametrize(("name", "question"), [
    ("cyst_left", "Characterise the kidney lesion: which kidney, and cyst or solid tumour?"),
    ("solid_right", "Which kidney is the lesion in, and is it a cyst or a solid tumour?"),
])
def test_which_kidney_is_stated_with_the_lesion_type(phantoms: dict[str, Path], name: str, question: str) -> None:
    side = name.split("_")[1]
    kind = "Cyst" if name.startswith("cyst") else "Solid"
    text = approved(ask(phantoms[name], question))
    assert kind.lower() in text.lower(), text
    assert f"{side} kidney" in text.lower() and f"{'right' if side == 'left' else 'left'} kidney" not in text.lower()


@pytest.mark.parametrize(("name", "word"), [("cyst_left", "aggregate"), ("solid_right", "cumulative"),
                                            ("solid_right", "summed")])
def test_a_summing_word_asks_the_total_lesion_volume(phantoms: dict[str, Path], name: str, word: str) -> None:
    pieces = _pieces(phantoms[name], "liver_tumor")
    assert len(pieces) >= 3
    text = approved(ask(phantoms[name], f"What is the {word} volume of the liver lesions?"))
    value = float(text.split(" ")[0])
    assert abs(value - sum(pieces)) <= 0.05 * sum(pieces) + 0.1, (text, pieces)
    assert abs(value - pieces[0]) > 0.5


def test_a_parent_t_category_is_the_span_of_its_sub_categories(phantoms: dict[str, Path]) -> None:
    bands = ENTRIES["ajcc8-kidney-t"]["criterion"]["quantities"][0]["bands"]
    t1_upper = max(b["upper"] for b in bands if b["label"].startswith("T1"))
    text = approved(ask(phantoms["solid_right"], "What is the upper diameter limit for a T1 renal tumour under AJCC 8?"))
    assert text.startswith(f"{t1_upper:g} mm"), text
    assert "ajcc8-kidney-t" in text


def test_the_attenuation_of_a_mass_is_its_hu(phantoms: dict[str, Path]) -> None:
    text = approved(ask(phantoms["solid_right"], "What is the attenuation of the kidney mass?"))
    assert text.split(" ")[1].rstrip(".") == "HU" and float(text.split(" ")[0]) > 30, text


@pytest.mark.parametrize("name", ["cyst_left", "solid_right"])
def test_where_is_the_largest_one_after_a_count(phantoms: dict[str, Path], name: str) -> None:
    count = len(_pieces(phantoms[name], "liver_tumor"))
    text = approved(ask(phantoms[name], "How many liver lesions are present and where is the largest one?"))
    assert text.startswith(f"{count} ("), text  # the count, stated once, then its place
    assert "segment" in text.split(". ", 1)[1].lower(), text


def test_counts_on_the_prior_and_now_are_both_given(phantoms: dict[str, Path]) -> None:
    now, before = len(_pieces(phantoms["fewer"], "liver_tumor")), len(_pieces(phantoms["cyst_left"], "liver_tumor"))
    assert now != before
    result = ask(phantoms["fewer"], "How many liver lesions were present on the prior scan, and how many now?",
                  prior=phantoms["cyst_left"])
    text = approved(result)
    assert text.startswith(f"{now}"), text
    assert f"{before}" in text and "prior" in text, text


@pytest.mark.parametrize(("current", "prior", "expected"), [("shrunk", "solid_right", "Smaller")])
def test_a_direction_option_in_other_words_is_picked(phantoms: dict[str, Path], current: str, prior: str,
                                                     expected: str) -> None:
    choices = {"A": "Larger", "B": "Smaller", "C": "Unchanged", "D": "Resolved"}
    result = ask(phantoms[current], "Relative to the prior study the liver lesions are:", choices=choices,
                  prior=phantoms[prior])
    approved(result)
    assert choices[result.answer] == expected


@pytest.mark.parametrize(("fatty", "seed"), [(True, 81), (False, 82)])
def test_a_work_up_impression_states_the_organ_findings(tmp_path: Path, fatty: bool, seed: int) -> None:
    """A full work-up cited no criterion, so its impression named lesions only (splenomegaly, hepatomegaly and
    a fatty liver went unsaid on suite E); the impression now judges each organ by its cited criterion."""
    make_phantom(tmp_path, PhantomSpec(seed=seed, fatty_liver=fatty, liver_lesions=1, spacing=(2.2, 2.2, 5.0)))
    ct = np.asarray(nib.load(str(tmp_path / "ct.nii.gz")).dataobj)
    ratio = float(ct[_mask(tmp_path, "liver")[0]].mean() / ct[_mask(tmp_path, "spleen")[0]].mean())
    case = {"case_id": f"wu{seed}", "images": [{"path": str(tmp_path / "ct.nii.gz"),
                                                "masks": str(tmp_path / "segmentations")}]}
    text = approved(orchestrator.run(case))
    impression = text.split("IMPRESSION:", 1)[1].lower()
    assert ("fatty liver" in impression) is (ratio < 1.0), (ratio, impression)
    assert "liver lesions present" in impression


@pytest.mark.parametrize(("kind", "side", "question", "missing", "answer"), [
    ("solid", "left", "Is there a kidney tumour?", "kidney_cyst", "Yes"),
    ("cyst", "right", "Is there a renal cyst?", "kidney_tumor", "Yes"),
])
def test_a_lesion_kind_is_decided_by_its_own_mask_when_the_other_is_missing(
        tmp_path: Path, kind: str, side: str, question: str, missing: str, answer: str) -> None:
    """Suite E's incomplete masks: a provided kidney_tumor mask showing a tumour answers "is there a tumour?"
    though the kidney_cyst mask is absent. The harness route had abstained (its reviewer asked for the group's
    largest lesion; `tests/bench/test_incomplete_mask_sets.py` fails without the fix); the pipeline route
    already answered, and this pins it with the real agents and no segmenter to complete the mask."""
    make_phantom(tmp_path, PhantomSpec(seed=91, liver_lesions=1, kidney_lesion=kind, kidney_lesion_side=side))  # type: ignore[arg-type]
    (tmp_path / "segmentations" / f"{missing}.nii.gz").unlink(missing_ok=True)
    case = {"case_id": f"typed{kind}", "question": question,
            "images": [{"path": str(tmp_path / "ct.nii.gz"), "masks": str(tmp_path / "segmentations")}]}
    result = orchestrator.run(case, {"segmenter": "provided"})
    assert approved(result).startswith(answer)
