"""A part a segmenter draws as a fixed shape has no size to report (suite AL, AL-0173: the classical caudate, an
ellipsoid of set size, gave a caudate-to-right-lobe ratio of 0.06 on an atrophic liver whose true ratio was 0.77, and
"no portal hypertension" was answered from it). The classical segmenter marks such parts (`LabelMap.size_unknown`),
the measurement agent withholds their sizes and the ratios they enter (`guards.judge`), and an answer that needs one
abstains naming why; an either/or criterion whose other arm is measured and positive still decides. End to end with
the real agents on phantoms of varied seeds and spleen sizes; the mark's journey (resampling, the artifact store) too.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import orchestrator
from agents.measures.guards import judge, withheld
from agents.measures.resample import IsoGrid
from agents.segmenters.classical_parts import SHAPE_MODELS
from core.store import ArtifactStore
from imaging.volume import Image, LabelMap
from synthetic.phantom import PhantomSpec, make_phantom

OPTIONS = {"A": "Yes", "B": "No"}


def _run(tmp_path: Path, seed: int, question: str, grade: str = "none", choices: dict | None = None):
    make_phantom(tmp_path / "p", PhantomSpec(seed=seed, splenomegaly=grade))  # type: ignore[arg-type]
    return orchestrator.run({"case_id": f"sm{seed}", "question": question, "choices": choices,
                             "images": [{"path": str(tmp_path / "p" / "ct.nii.gz"), "modality": "CT"}]},
                            {"segmenter": "classical"})


@pytest.mark.parametrize(("seed", "question"), [
    (41, "What is the caudate-to-right-lobe volume ratio?"),
    (42, "Caudate/right lobe ratio (segment 1 over segments 5-8)?"),
])  # fmt: skip
def test_a_modelled_caudate_gives_no_ratio(tmp_path: Path, seed: int, question: str) -> None:
    result = _run(tmp_path, seed, question)
    assert result.status == "abstained", result.answer
    assert any("ellipsoid of set size" in r for r in result.reasons), result.reasons
    assert not any(e.name == "caudate_right_lobe_ratio" and e.value is not None for e in result.evidence)


@pytest.mark.parametrize("seed", [43, 44])
def test_a_normal_spleen_and_a_modelled_caudate_decide_no_portal_hypertension_nothing(tmp_path: Path, seed: int) -> None:
    result = _run(tmp_path, seed, "Is there CT evidence of portal hypertension?", "none", OPTIONS)
    assert result.status == "abstained", (result.answer, result.answer_detail and result.answer_detail.text)
    assert any("caudate" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize(("seed", "grade"), [(45, "moderate"), (47, "mild")])
def test_a_large_spleen_decides_portal_hypertension_without_the_caudate(tmp_path: Path, seed: int, grade: str) -> None:
    result = _run(tmp_path, seed, "Are there imaging signs suggesting portal hypertension?", grade, OPTIONS)
    assert result.status == "answered", result.reasons
    assert result.answer == "A" and "spleen" in result.answer_detail.text, result.answer_detail.text
    assert result.review is not None and result.review.consistent


def _case(shape: tuple[int, int, int] = (24, 20, 16), spacing=(1.5, 1.5, 3.0)) -> tuple[Image, dict[str, LabelMap]]:
    affine = np.diag([*spacing, 1.0])
    ct = np.full(shape, -1000.0, dtype=np.float32)
    ct[2:-2, 2:-2, :] = 60.0
    liver = np.zeros(shape, dtype=bool)
    liver[4:18, 4:16, 3:13] = True
    caudate = liver & (np.arange(shape[0])[:, None, None] < 8)
    masks = {"liver": LabelMap(liver, affine, spacing, "liver"),
             "liver_segment_1": LabelMap(caudate, affine, spacing, "liver_segment_1",
                                         size_unknown=SHAPE_MODELS["liver_segment_1"])}
    return Image(array=ct, affine=affine, spacing=spacing, modality="CT", source="t"), masks


def test_judge_withholds_a_modelled_parts_sizes_and_only_those() -> None:
    image, masks = _case()
    verdicts = [v for v in judge(image, masks) if v.problem == "size_unknown"]
    assert [v.structure for v in verdicts] == ["liver_segment_1"]
    refs = {"liver_segment_1": "mask:s1", "liver": "mask:l"}
    assert withheld(verdicts, ["mask:s1"], "caudate_right_lobe_ratio", refs) is not None
    assert withheld(verdicts, ["mask:s1"], "volume_ml", refs) is not None
    assert withheld(verdicts, ["mask:s1"], "lesion_count", refs) is None  # where a lesion lies is still read
    assert withheld(verdicts, ["mask:l"], "volume_ml", refs) is None


def test_the_mark_survives_resampling_and_the_store(tmp_path: Path) -> None:
    image, masks = _case()
    moved = IsoGrid.over(image, 2.0).mask(masks["liver_segment_1"])
    assert moved.size_unknown == SHAPE_MODELS["liver_segment_1"]
    key = ArtifactStore("c", tmp_path, types=(Image, LabelMap)).put("mask", "s1", masks["liver_segment_1"])
    assert ArtifactStore("c", tmp_path, types=(Image, LabelMap)).get(key).size_unknown == SHAPE_MODELS["liver_segment_1"]


@pytest.mark.parametrize(("seed", "question"), [
    (48, "What is the caudate-to-right-lobe volume ratio?"),
    (49, "Give the C/RL ratio (caudate over right lobe)."),
])  # fmt: skip
def test_a_caudate_ratio_asked_is_that_ratio_not_an_attenuation_ratio(tmp_path: Path, seed: int, question: str) -> None:
    import nibabel as nib

    make_phantom(tmp_path / "p", PhantomSpec(seed=seed))
    seg = tmp_path / "p" / "segmentations"
    count = {n: int(np.count_nonzero(np.asarray(nib.load(seg / f"liver_segment_{n}.nii.gz").dataobj))) for n in (1, 5, 6, 7, 8)}
    truth = count[1] / sum(count[n] for n in (5, 6, 7, 8))
    result = orchestrator.run({"case_id": f"cr{seed}", "question": question,
                               "images": [{"path": str(tmp_path / "p" / "ct.nii.gz"), "masks": str(seg)}]})
    assert result.status == "answered", result.reasons
    assert "caudate" in result.answer_detail.text and "attenuation" not in result.answer_detail.text, result.answer_detail.text
    assert float(result.answer_detail.text.split()[0]) == pytest.approx(truth, abs=6e-4), (result.answer_detail.text, truth)


@pytest.mark.parametrize(("seed", "asked", "measured"), [
    (50, "What is the caudate-to-right-lobe volume ratio?", "What is the liver-to-spleen attenuation ratio?"),
    (51, "Liver L/S ratio, please.", "What is the caudate to right lobe ratio?"),
    (52, "Pancreas-to-spleen attenuation ratio?", "What is the liver to spleen HU ratio?"),
])  # fmt: skip
def test_the_attending_flags_another_ratio_given_for_the_one_asked(tmp_path: Path, seed: int, asked: str,
                                                                   measured: str) -> None:
    """A correct result for one ratio, re-asked as another: the same answer no longer answers the question."""
    from agents.reviewer import review_result

    make_phantom(tmp_path / "p", PhantomSpec(seed=seed))
    result = orchestrator.run({"case_id": f"ar{seed}", "question": measured,
                               "images": [{"path": str(tmp_path / "p" / "ct.nii.gz"),
                                           "masks": str(tmp_path / "p" / "segmentations")}]})
    assert result.status == "answered" and result.review is not None and result.review.consistent, result.reasons
    assert review_result(result).consistent
    moved = review_result(result.model_copy(update={"question": asked}))
    assert not moved.consistent
    assert any("the question asks the" in c.reason for c in moved.checks if not c.passed), moved.checks
