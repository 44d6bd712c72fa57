"""The kinds of clinorch's own wrong answers in reviewer set 8, each asked again through the real agents.

An answer states what was asked: the letter its own finding supports ("Preserved (normal)" when it finds
no fatty liver), a yes/no by the cited tolerance for "has the spleen changed?", a new-lesion finding for
"any new lesion?" (not that lesions exist), a stability verdict for "is the cyst stable?", the change for
"what is the change in mL?", the direction for "increase or decrease?", both counts for "now versus
before", the HU cut-off for "below what HU", and both things of "the X of Y and its Z". Phantoms vary
organ, side and size; expected values come from the mask files and the knowledge base, never from the code
under test.
"""

from __future__ import annotations

import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

import knowledge
from synthetic.pairs import EVERY_LESION, derive_study
from synthetic.phantom import PhantomSpec, make_phantom
from tests.asking import approved, ask

ORGAN_TOLERANCE_PCT = 25.0
"""`interval-change-organ-volume`'s band edge, read back from the knowledge base in a test below."""


def _mask(folder: Path, name: str) -> tuple[np.ndarray, float]:
    img = nib.load(str(folder / "segmentations" / f"{name}.nii.gz"))
    return np.asarray(img.dataobj) > 0, abs(float(np.linalg.det(img.affine[:3, :3]))) / 1000.0


def _volume(folder: Path, name: str) -> float:
    data, voxel_ml = _mask(folder, name)
    return float(data.sum()) * voxel_ml


def _count(folder: Path, name: str) -> int:
    return int(ndimage.label(_mask(folder, name)[0], structure=np.ones((3, 3, 3)))[1])


def _mean_hu(folder: Path, name: str) -> float:
    ct = np.asarray(nib.load(str(folder / "ct.nii.gz")).dataobj, dtype=float)
    return float(ct[_mask(folder, name)[0]].mean())


@pytest.fixture(scope="module")
def studies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("r8kinds")
    make_phantom(root / "base", PhantomSpec(seed=83, liver_lesions=3, liver_lesion_diameters_mm=(28.0, 22.0, 15.0),
                                            kidney_lesion="cyst", kidney_lesion_side="left", kidney_lesion_diameter_mm=26.0,
                                            pancreatic_tumor_mm=24.0))
    make_phantom(root / "fatty", PhantomSpec(seed=84, fatty_liver=True, liver_lesions=0))
    make_phantom(root / "big_spleen", PhantomSpec(seed=85, splenomegaly="moderate", liver_lesions=1))
    make_phantom(root / "small_spleen", PhantomSpec(seed=85, liver_lesions=1))
    derive_study(root / "base", root / "one_fewer", (1.0, 1.0, 0.0))  # the smallest liver lesion removed
    derive_study(root / "base", root / "cyst_same", (1.0,), lesions={"kidney_cyst": EVERY_LESION["kidney_cyst"]})
    derive_study(root / "base", root / "cyst_shrunk", (0.6,), lesions={"kidney_cyst": EVERY_LESION["kidney_cyst"]})
    derive_study(root / "base", root / "shrunk", (0.6, 0.6, 0.6), seed=2)
    derive_study(root / "base", root / "same", ())  # unchanged disease, another acquisition
    return {p.name: p for p in root.iterdir()}


@pytest.mark.parametrize(("folder", "choices"), [
    ("base", {"A": "Preserved (normal)", "B": "Reduced (steatosis)"}),
    ("fatty", {"A": "Preserved (normal)", "B": "Reduced (steatosis)"}),
    ("base", {"A": "Reduced (steatosis)", "B": "Preserved (normal)"}),
    ("fatty", {"A": "Unremarkable", "B": "Decreased, in keeping with steatosis"}),
])
def test_the_letter_is_the_one_its_own_finding_supports(studies: dict[str, Path], folder: str,
                                                        choices: dict[str, str]) -> None:
    fatty = _mean_hu(studies[folder], "liver") < _mean_hu(studies[folder], "spleen")  # L/S below 1
    result = ask(studies[folder], "Is hepatic attenuation preserved or reduced?", choices=choices)
    text = approved(result)
    normal = next(letter for letter, option in choices.items() if option.startswith(("Preserved", "Unremarkable")))
    assert (result.answer_detail.choice == normal) is not fatty, text
    assert ("no fatty liver" in text.lower()) is not fatty, text  # the rationale says the same as the letter


def test_the_organ_tolerance_is_a_cited_entry() -> None:
    entry = knowledge.load_base(profile="all").get("interval-change-organ-volume")
    assert entry.source.name and entry.source.year
    edges = {b.upper for s in entry.criterion.quantities for b in s.bands if b.upper is not None}
    assert edges == {-ORGAN_TOLERANCE_PCT, ORGAN_TOLERANCE_PCT}


@pytest.mark.parametrize(("current", "prior", "question", "organ"), [
    ("big_spleen", "small_spleen", "Has the spleen volume changed between the two studies?", "spleen"),
    ("same", "base", "Has the spleen volume changed between the two studies?", "spleen"),
    ("same", "base", "Has the liver volume changed since the prior study?", "liver"),
    ("small_spleen", "big_spleen", "Is the spleen stable in size compared with the prior study?", "spleen"),
])
def test_has_the_organ_changed_is_yes_or_no_by_the_cited_tolerance(studies: dict[str, Path], current: str, prior: str,
                                                                  question: str, organ: str) -> None:
    now, before = _volume(studies[current], organ), _volume(studies[prior], organ)
    change = 100.0 * (now - before) / before
    changed = abs(change) >= ORGAN_TOLERANCE_PCT
    stability = "stable" in question
    text = approved(ask(studies[current], question, prior=studies[prior]))
    assert text.startswith("Yes" if changed is not stability else "No"), text
    assert ("unchanged" in text) is not changed, text
    assert "interval-change-organ-volume" in text and f"{before:.1f} mL" in text and f"{now:.1f} mL" in text


@pytest.mark.parametrize(("current", "prior", "question", "mask"), [
    ("base", "one_fewer", "Is there any new liver lesion on the current study?", "liver_tumor"),
    ("one_fewer", "base", "Is there any new liver lesion on the current study?", "liver_tumor"),
    ("same", "base", "Any new hepatic lesions compared with the prior?", "liver_tumor"),
])
def test_any_new_lesion_is_answered_by_the_lesions_without_a_counterpart(studies: dict[str, Path], current: str,
                                                                        prior: str, question: str, mask: str) -> None:
    appeared = _count(studies[current], mask) > _count(studies[prior], mask)  # derive_study only removes or rescales
    text = approved(ask(studies[current], question, prior=studies[prior]))
    assert text.startswith("Yes — 1 new liver lesion" if appeared else "No — no new liver lesion"), text


@pytest.mark.parametrize(("current", "prior"), [("cyst_same", "base"), ("base", "cyst_shrunk")])
def test_is_the_cyst_stable_is_a_stability_verdict(studies: dict[str, Path], current: str, prior: str) -> None:
    grew = _volume(studies[current], "kidney_cyst") > 1.5 * _volume(studies[prior], "kidney_cyst")
    text = approved(ask(studies[current], "Is the left kidney cyst stable in size?", prior=studies[prior]))
    assert text.startswith("No — increased" if grew else "Yes — unchanged"), text
    assert "interval-change-lesion-diameter" in text


def test_a_change_in_ml_is_the_change(studies: dict[str, Path]) -> None:
    now, before = _volume(studies["shrunk"], "liver_tumor"), _volume(studies["base"], "liver_tumor")
    text = approved(ask(studies["shrunk"], "What is the change in total hepatic tumour volume in mL?",
                        prior=studies["base"]))
    assert text.startswith(f"{now - before:.1f} mL"), text
    assert f"{before:.1f} mL" in text and f"{now:.1f} mL" in text


@pytest.mark.parametrize(("current", "prior"), [("shrunk", "base"), ("base", "shrunk")])
def test_increase_or_decrease_is_the_direction(studies: dict[str, Path], current: str, prior: str) -> None:
    now, before = _volume(studies[current], "liver_tumor"), _volume(studies[prior], "liver_tumor")
    text = approved(ask(studies[current], "Did the total tumour burden of the liver increase or decrease?",
                        prior=studies[prior]))
    assert text.startswith("Increased" if now > before else "Decreased"), text
    assert not text.startswith(("Yes", "No")), text


def test_counts_now_versus_before_are_both_given(studies: dict[str, Path]) -> None:
    now, before = _count(studies["one_fewer"], "liver_tumor"), _count(studies["base"], "liver_tumor")
    text = approved(ask(studies["one_fewer"], "How many hepatic lesions are there now versus before?",
                        prior=studies["base"]))
    assert text.startswith(f"{now} now; {before} on the prior study"), text


def test_an_hu_cutoff_asked_is_the_hu_scale_s(studies: dict[str, Path]) -> None:
    entry = knowledge.load_base(profile="all").get("dtvqa-fatty-liver")
    hu = next(s for s in entry.criterion.quantities if s.unit == "HU")
    cutoff = next(b.upper for b in hu.bands if b.upper is not None)
    text = approved(ask(studies["base"], "Below what liver attenuation (HU) is hepatic steatosis suggested?"))
    assert text.startswith(f"{cutoff:g} HU"), text


@pytest.mark.parametrize(("question", "mask", "first", "second"), [
    ("State the number of liver lesions and their combined volume.", "liver_tumor", "count", "volume"),
    ("Give the greatest dimension of the pancreatic mass and its mean attenuation.", "pancreas_tumor", "mm", "hu"),
])
def test_the_x_of_y_and_its_z_answers_both(studies: dict[str, Path], question: str, mask: str, first: str,
                                           second: str) -> None:
    folder = studies["base"]
    text = approved(ask(folder, question))
    if first == "count":
        assert text.startswith(f"{_count(folder, mask)} "), text
    else:
        assert re.match(r"\d+\.\d mm ", text), text
    expected = f"{_volume(folder, mask):.1f} mL" if second == "volume" else f"{_mean_hu(folder, mask):.1f} HU"
    assert expected in text, text


@pytest.mark.parametrize(("folder", "question", "organs", "largest"), [
    ("big_spleen", "Which is largest: the liver, the spleen or the right kidney?", ("liver", "spleen", "kidney_right"),
     True),
    ("small_spleen", "Which is the smallest organ: the spleen, the pancreas or the left kidney?",
     ("spleen", "pancreas", "kidney_left"), False),
    ("big_spleen", "Rank the spleen, the pancreas and the left kidney by volume.", ("spleen", "pancreas", "kidney_left"),
     True),
])
def test_a_ranking_is_answered_as_a_ranking_with_every_value(studies: dict[str, Path], question: str, folder: str,
                                                             organs: tuple[str, ...], largest: bool) -> None:
    volumes = {organ: _volume(studies[folder], organ) for organ in organs}
    order = sorted(volumes, key=volumes.__getitem__, reverse=largest)
    text = approved(ask(studies[folder], question))
    words = [re.sub(r"^(\w+)_(left|right)$", r"\2 \1", organ) for organ in order]
    assert text.lower().startswith(words[0]), text
    positions = [text.lower().index(f"{w} volume {volumes[o]:.1f} ml") for w, o in zip(words, order, strict=True)]
    assert positions == sorted(positions), text  # every compared value cited, in rank order


@pytest.mark.parametrize(("side", "diameter_mm"), [("right", 26.0), ("left", 45.0)])
def test_a_t_category_of_a_renal_mass_is_staged_not_characterised(tmp_path: Path, side: str, diameter_mm: float) -> None:
    folder = tmp_path / side
    make_phantom(folder, PhantomSpec(seed=86, liver_lesions=0, kidney_lesion="solid", kidney_lesion_side=side,
                                     kidney_lesion_diameter_mm=diameter_mm))
    entry = knowledge.load_base(profile="all").get("ajcc8-kidney-t")
    result = ask(folder, "What is the AJCC 8th edition T category of the renal mass?")
    text = approved(result)
    assert result.answer_detail.criterion_id == entry.id, text
    scale = entry.criterion.quantities[0]  # the requested size sits far from every band edge (40, 70 mm)
    expected = next(b.label for b in scale.bands if (b.lower or 0) <= diameter_mm < (b.upper or float("inf")))
    assert text.split(".")[0] == expected, text  # a T category, not "indeterminate" by attenuation
