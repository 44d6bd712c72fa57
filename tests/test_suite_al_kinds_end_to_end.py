"""Kinds suite AL (another author's phantoms and questions, session 35) showed with provided masks, each varied on our
own phantoms and run through the real agents (`orchestrator.run`).

- An option saying the lesion asked about is not there ("There is no such lesion", "No liver lesion present", "No renal
  lesion", "None of them has a lesion") answers a question about the largest lesion's type, attenuation or place, or
  the organ with the most lesion volume, when the complete masks hold none; clinorch had abstained "no lesion to
  assess" (`compose.absence_option`, `absence_options`).
- "How resectable is the pancreatic cancer?" of a pancreas whose only lesion is a fluid cyst (7 HU) had been staged
  as the cancer the question presupposes (a wrong letter): a lesion plainly of the other kind is not the one asked, and
  "No solid pancreatic tumour" (or "Neither - it is a cystic lesion") answers (`asked_kind`, `absent_kind_option`).
- "Which segment contains the most lesion volume?" is read on the voxels: a lesion with 15 % of its voxels in segment 8
  puts 15 % of its volume there, not all of it (`core.anatomy.volume_held_in`); the superlative asks one segment, not
  every one the lesion spans (`questions.wording`).
- An adjacency question whose options include "None - no other organ is in contact" is answered by the organ the
  lesion touches; the "None" option is no structure to measure.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

import orchestrator
from synthetic.phantom import PhantomSpec, make_phantom


def _run(case: Path, question: str, choices: dict[str, str] | None = None):  # noqa: ANN202
    image = {"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}
    return orchestrator.run({"case_id": case.name, "images": [image], "question": question, "choices": choices})


NONE_ASKED = [
    ("What type of lesion is the largest liver tumour?",
     {"A": "Simple cyst", "B": "Solid tumour", "C": "No liver lesion present"}, "C"),
    ("Is the largest pancreatic mass hypo-, iso- or hyperattenuating to the gland?",
     {"A": "Hypoattenuating", "B": "Isoattenuating", "C": "Hyperattenuating", "D": "There is no such lesion"}, "D"),
    ("Which organ carries the largest total lesion volume: liver, kidneys or pancreas?",
     {"A": "Liver", "B": "Kidneys", "C": "Pancreas", "D": "None of them has a lesion"}, "D"),
    ("Where is the largest kidney lesion?", {"A": "Left kidney", "B": "No renal lesion", "C": "Right kidney"}, "B"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "orientation"), [(3501, "LPS"), (3502, "PIR")])
def test_the_option_saying_there_is_no_such_lesion_answers_on_a_lesion_free_case(tmp_path: Path, seed: int,
                                                                                   orientation: str) -> None:
    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, liver_lesions=0))  # type: ignore[arg-type]
    for question, choices, want in NONE_ASKED:
        result = _run(case, question, choices)
        assert result.status == "answered", (question, result.reasons)
        assert result.answer == want, (question, result.answer_detail.text)


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "orientation", "contrast", "kind"), [
    (3503, "LPS", -40.0, "cyst"), (3504, "RAS", -42.0, "cyst"), (3505, "LPS", -5.0, "solid")])  # fmt: skip
def test_a_fluid_cyst_is_not_the_pancreatic_cancer_a_question_presupposes(tmp_path: Path, seed: int, orientation: str,
                                                                         contrast: float, kind: str) -> None:
    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, liver_lesions=0,  # type: ignore[arg-type]
                                   pancreatic_tumor_mm=24.0, pancreatic_tumor_contrast_hu=contrast))
    staged = _run(case, "How resectable is the pancreatic cancer, given its vessels?",
                  {"A": "Resectable", "B": "Borderline resectable", "C": "Unresectable",
                   "D": "No solid pancreatic tumour"})
    typed = _run(case, "PDAC or PNET: which fits the pancreatic lesion?",
                 {"A": "PDAC", "B": "PNET", "C": "Neither - it is a cystic lesion"})
    if kind == "cyst":
        assert (staged.status, staged.answer) == ("answered", "D"), staged.reasons
        assert (typed.status, typed.answer) == ("answered", "C"), typed.reasons
    else:  # a solid mass (about 40 HU): the cancer is there, never "no solid tumour"
        assert staged.answer != "D" and typed.answer != "C"


def _split_segments(case: Path, share_in_8: float) -> None:
    """Rewrites the liver's segment masks: segment 4 and segment 8 only, the largest liver lesion cut so that
    `share_in_8` of its voxels lie in segment 8, and the second lesion wholly in segment 8."""
    seg = case / "segmentations"
    liver_img = nib.load(str(seg / "liver.nii.gz"))
    liver = np.asarray(liver_img.dataobj) > 0
    labels, n = ndimage.label(np.asarray(nib.load(str(seg / "liver_tumor.nii.gz")).dataobj) > 0,
                              structure=np.ones((3, 3, 3)))
    sizes = np.bincount(labels.ravel())[1:]
    first, second = (np.argsort(sizes)[::-1][:2] + 1).tolist()
    ii = np.nonzero(labels == first)[0]
    cut = np.quantile(ii, share_in_8)  # along the stored first axis
    axis_i = np.arange(liver.shape[0])[:, None, None]
    near_second = ndimage.binary_dilation(labels == second, iterations=2)
    eight = liver & ((axis_i < cut) | near_second)
    eight &= ~((labels == first) & (axis_i >= cut))
    four = liver & ~eight
    for k in range(1, 9):
        mask = eight if k == 8 else four if k == 4 else np.zeros_like(liver)
        nib.save(nib.Nifti1Image(mask.astype(np.uint8), liver_img.affine), str(seg / f"liver_segment_{k}.nii.gz"))


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "orientation"), [(3506, "LPS"), (3507, "RAS")])
def test_the_segment_holding_most_lesion_volume_is_read_on_the_voxels(tmp_path: Path, seed: int,
                                                                       orientation: str) -> None:
    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation,  # type: ignore[arg-type]
                                   liver_lesion_diameters_mm=(34.0, 12.0)))
    _split_segments(case, 0.15)
    result = _run(case, "Of the listed liver segments, which contains the most lesion volume?",
                  {"A": "Segment VIII", "B": "Segment IV"})
    assert result.status == "answered", result.reasons
    assert result.answer == "B", result.answer_detail.text  # 85 % of the large lesion; all of the small one is less


# suiteAL_results: the answered results of suite AL's AL-0098 (the largest liver lesion touches the gall bladder;
# options None / Gallbladder / Aorta / Stomach) and AL-0052 (the largest kidney lesion touches the spleen; options
# Gallbladder / None / IVC / Spleen), saved from the real agents after the fix
@pytest.mark.parametrize(("base", "choice", "text", "right"), [
    ("AL-0098", "B", "B - the lesion abuts the gall bladder.", True),
    ("AL-0052", "D", "D: it touches the spleen.", True),
    ("AL-0098", "A", "A - no other organ is in contact with it.", False),
    ("AL-0052", "C", "C: the inferior vena cava.", False),
])  # fmt: skip
def test_a_none_option_among_organs_is_no_structure_to_measure(base: str, choice: str, text: str, right: bool) -> None:
    from agents.reviewer import review_result
    from tests.review_runs import rewritten

    verdict = review_result(rewritten("suiteAL_results", base, text, choice))
    assert verdict.consistent is right, [(c.name, c.reason) for c in verdict.checks if not c.passed]
