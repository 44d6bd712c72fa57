"""Kinds suite AJ (another author's phantoms and questions, session 33) showed, each varied on our own phantoms and run
through the real agents (`orchestrator.run`), or through the reasoner and the attending on measured evidence.

- A size asked of a lesion the case does not have, with an option saying so ("No colonic lesion present"): the count
  0 on a complete mask set answers it (the attending no longer asks for a length).
- A comparison of lesion burden across organs that names the colon: AbdomenAtlas has no colon mask, but an empty
  colon_tumor mask is no lesion, so 0 % whatever the colon's volume.
- "Classify the largest pancreatic lesion." with options "Cystic lesion / PDAC (hypoattenuating) / PNET
  (hyperattenuating) / No pancreatic lesion": the PDAC-or-PNET question, and a cyst answers "Cystic lesion".
- A kidney symmetry question whose options state a cut-off ("Symmetric (volumes within 10%)") on a case with one
  kidney shown absent: the "Solitary kidney" option, and the attending accepts it.
- "None (no direct contact with another organ)" when no organ lies within the adjacency distance; chosen while one
  does, it is flagged.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

import orchestrator
from agents.reviewer import review_result
from questions.understanding import understand
from synthetic.phantom import PhantomSpec, make_phantom


def _empty_mask(case: Path, name: str) -> None:
    """An empty `name` mask beside the liver's, as a complete AbdomenAtlas set writes every lesion mask."""
    liver = nib.load(case / "segmentations" / "liver.nii.gz")
    nib.save(nib.Nifti1Image(np.zeros(liver.shape, dtype=np.uint8), liver.affine, liver.header),
             case / "segmentations" / f"{name}.nii.gz")


def _run(case: Path, question: str, choices: dict[str, str] | None):  # noqa: ANN202
    image = {"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}
    return orchestrator.run({"case_id": case.name, "images": [image], "question": question, "choices": choices})


@pytest.mark.parametrize(("seed", "orientation", "question", "choices", "letter"), [
    (3301, "RAS", "Largest colonic lesion: maximal in-plane diameter?",
     {"A": "18 mm", "B": "No colonic lesion present", "C": "31 mm", "D": "44 mm"}, "B"),
    (3302, "LPS", "How big is the biggest liver lesion (longest axial dimension)?",
     {"A": "No liver lesion present", "B": "2.2 cm", "C": "3.4 cm", "D": "5.0 cm"}, "A"),
    (3303, "LPS", "Volume of the largest pancreatic lesion?",
     {"A": "4.1 mL", "B": "9.0 mL", "C": "No pancreatic lesion", "D": "15.5 mL"}, "C"),
])  # fmt: skip
def test_a_size_of_an_absent_lesion_is_answered_by_the_option_saying_so(
        tmp_path: Path, seed: int, orientation: str, question: str, choices: dict[str, str], letter: str) -> None:
    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, liver_lesions=0))  # type: ignore[arg-type]
    _empty_mask(case, "colon_tumor")
    result = _run(case, question, choices)
    assert result.status == "answered", result.reasons
    assert result.answer == letter
    assert result.review is not None and result.review.consistent


@pytest.mark.parametrize(("seed", "orientation"), [(3304, "RAS"), (3305, "LPS")])
def test_a_burden_comparison_naming_the_colon_reads_no_colon_lesion_as_zero(
        tmp_path: Path, seed: int, orientation: str) -> None:
    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, liver_lesions=3,  # type: ignore[arg-type]
                                   liver_lesion_diameters_mm=(30.0, 22.0, 15.0)))
    assert not (case / "segmentations" / "colon.nii.gz").exists()
    question = "Across liver, kidneys, pancreas and colon, where is the lesion burden greatest?"
    choices = {"A": "No lesions in any of these organs", "B": "Pancreas", "C": "Liver", "D": "Kidneys"}
    unknown = _run(case, question, choices)  # no colon_tumor mask: the colon's lesions are unknown, not none
    assert unknown.status == "abstained" and "colon" in " ".join(unknown.reasons), unknown.reasons
    _empty_mask(case, "colon_tumor")
    result = _run(case, question, choices)
    assert result.status == "answered", result.reasons
    assert result.answer == "C"
    colon = next(e for e in result.evidence if e.id == "measurement:colon_lesion:tumor_burden_pct")
    assert colon.value == 0.0 and "no lesion" in str(colon.provenance.method)


CLASSIFY = {"A": "Cystic lesion", "B": "PDAC (hypoattenuating)", "C": "PNET (hyperattenuating)",
            "D": "No pancreatic lesion"}


@pytest.mark.parametrize("question", ["Classify the largest pancreatic lesion.",
                                      "What type is the largest pancreatic lesion?",
                                      "Which best describes the dominant pancreatic lesion?"])
def test_options_naming_pdac_and_pnet_ask_the_classification(question: str) -> None:
    """Suite AJ labels these "PDAC vs PNET classification", suite AN (session 37) "lesion type classification": both
    ask the largest lesion's type whatever its kind, a cyst among the options. Read as the lesion's type, so no solid
    lesion is presupposed (a larger cyst beside a small PDAC is the cystic option: tests/test_kinds37.py)."""
    from agents.reasoners.asked_kind import kind_asked

    intent = understand(question, CLASSIFY)
    assert intent.task in ("PDAC vs PNET classification", "lesion type classification")
    assert kind_asked(intent) is None, kind_asked(intent)


@pytest.mark.parametrize(("seed", "orientation", "contrast", "letter"), [
    (3306, "RAS", -95.0, "A"), (3307, "LPS", -100.0, "A"), (3308, "LPS", -8.0, "B"), (3309, "RAS", 60.0, "C")])
def test_a_cystic_pancreatic_lesion_is_the_cystic_option(tmp_path: Path, seed: int, orientation: str, contrast: float,
                                                         letter: str) -> None:
    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, liver_lesions=0,  # type: ignore[arg-type]
                                   pancreatic_tumor_mm=28.0, pancreatic_tumor_contrast_hu=contrast))
    result = _run(case, "Classify the largest pancreatic lesion.", CLASSIFY)
    assert result.status == "answered", result.reasons
    lesion_hu = next(e.value for e in result.evidence if e.id == "measurement:pancreas_lesion:largest_lesion_mean_hu")
    assert (lesion_hu <= 20) == (letter == "A"), lesion_hu  # the phantom gives the kind the test is about
    assert result.answer == letter, (lesion_hu, result.answer_detail)
    assert result.review is not None and result.review.consistent


@pytest.mark.parametrize(("seed", "side"), [(3310, "left"), (3311, "right")])
def test_a_solitary_kidney_answers_a_symmetry_question_with_a_stated_cut_off(tmp_path: Path, seed: int,
                                                                             side: str) -> None:
    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, liver_lesions=0))
    path = case / "segmentations" / f"kidney_{side}.nii.gz"
    mask = nib.load(path)
    nib.save(nib.Nifti1Image(np.zeros(mask.shape, dtype=np.uint8), mask.affine, mask.header), path)
    result = _run(case, "Assess bilateral renal volume symmetry.",
                  {"A": "Asymmetric: right kidney larger", "B": "Asymmetric: left kidney larger",
                   "C": "Symmetric (volumes within 10%)", "D": "Solitary kidney (one kidney absent)"})
    assert result.status == "answered", result.reasons
    assert result.answer == "D"
    assert result.review is not None and result.review.consistent


NEIGHBOURS = {"A": "None (no direct contact with another organ)", "B": "left kidney", "C": "right kidney",
              "D": "stomach"}


@pytest.mark.parametrize(("seed", "orientation"), [(3312, "RAS"), (3313, "LPS")])
def test_no_contact_is_the_option_saying_so_and_is_held_to_the_adjacency(tmp_path: Path, seed: int,
                                                                        orientation: str) -> None:
    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, liver_lesions=1,  # type: ignore[arg-type]
                                   liver_lesion_diameters_mm=(10.0,)))
    result = _run(case, "The dominant liver lesion is in contact with which neighbouring organ?", NEIGHBOURS)
    adjacent = next(e.value for e in result.evidence if e.id == "measurement:liver_lesion_1:adjacent_organs")
    assert adjacent == "none", adjacent  # a 10-mm lesion inside the liver: the kind the test is about
    assert result.status == "answered", result.reasons
    assert result.answer == "A"
    assert result.review is not None and result.review.consistent
    moved = result.model_copy(update={"answer": "D", "answer_detail": result.answer_detail.model_copy(  # type: ignore[union-attr]
        update={"choice": "D", "text": "D. Stomach"})})
    assert not review_result(moved).consistent
