"""Free-text questions another author's suites asked and clinorch answered wrong (session 30), end to end with the real
agents on the project's phantoms in several storages: "lesion HU minus parenchymal HU" was answered with the
magnitude; "What grade of splenomegaly, if any, does the spleen volume indicate?" was read as a knowledge question and
answered with the 314.5 mL threshold; "Which pancreatic sub-segment (head, body, tail) has the largest volume?"
abstained because the attending read the reasons' list of all three parts as the answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import orchestrator
from agents.reviewer import review_result
from synthetic.phantom import PhantomSpec, make_phantom


def _run(folder: Path, question: str, case: str) -> orchestrator.Result:
    return orchestrator.run({"case_id": case, "question": question,
                             "images": [{"path": str(folder / "ct.nii.gz"), "modality": "CT",
                                         "masks": str(folder / "segmentations")}]})


def _value(result: orchestrator.Result, key: str) -> float:
    item = next(e for e in result.evidence if f"{e.target}.{e.name}" == key)
    return float(item.value)  # type: ignore[arg-type]


@pytest.mark.parametrize(("seed", "orientation", "question"), [
    (301, "RAS", "Compute lesion HU minus parenchymal HU for the largest liver lesion."),
    (302, "LPS", "What is the attenuation difference (lesion minus liver) of the largest liver lesion?"),
])
def test_lesion_minus_organ_is_answered_with_its_sign(tmp_path: Path, seed: int, orientation: str, question: str) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=2, orientation=orientation, spacing=(1.5, 1.5, 3.0),
                                       shape=(200, 160, 60)))
    result = _run(tmp_path, question, f"signed{seed}")
    assert result.status == "answered", result.reasons
    signed = _value(result, "liver_lesion.hu_difference")
    said = float(re.search(r"[-−]?\d+(?:\.\d+)?", result.answer_detail.text).group(0).replace("−", "-"))  # type: ignore[union-attr]
    assert said == pytest.approx(signed, abs=0.06), result.answer_detail.text
    magnitude = f"{abs(signed):.1f} HU (liver lesion-organ attenuation difference (magnitude))"
    detail = result.answer_detail.model_copy(update={"text": magnitude})
    if signed < 0:  # the magnitude of a negative difference is another value than the one asked
        assert not review_result(result.model_copy(update={"answer": magnitude, "answer_detail": detail})).consistent


@pytest.mark.parametrize(("seed", "orientation"), [(303, "RAS"), (304, "PIR")])
def test_the_grade_a_spleen_volume_indicates_is_this_spleens_grade(tmp_path: Path, seed: int, orientation: str) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=0, orientation=orientation, spacing=(1.5, 1.5, 3.0),
                                       shape=(200, 160, 60)))
    result = _run(tmp_path, "What grade of splenomegaly, if any, does the spleen volume indicate?", f"grade{seed}")
    assert result.status == "answered", result.reasons
    ids = result.answer_detail.evidence_ids
    assert "measurement:spleen:volume_ml" in ids, ids  # this spleen measured, not a rule quoted
    assert any(i.startswith("criterion:spleen:") for i in ids), ids  # and graded by a cited criterion
    assert not re.match(r"\s*314\.5", result.answer_detail.text), result.answer_detail.text


@pytest.mark.parametrize(("seed", "orientation"), [(305, "RAS"), (306, "LAS")])
def test_the_largest_pancreatic_part_is_answered_by_the_part_named_first(tmp_path: Path, seed: int,
                                                                         orientation: str) -> None:
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=0, orientation=orientation, spacing=(1.5, 1.5, 3.0),
                                       shape=(200, 160, 60)))
    result = _run(tmp_path, "Which pancreatic sub-segment (head, body, tail) has the largest volume?", f"part{seed}")
    assert result.status == "answered", result.reasons
    volumes = {part: _value(result, f"pancreas_{part}.volume_ml") for part in ("head", "body", "tail")}
    largest = max(volumes, key=volumes.__getitem__)
    assert result.answer_detail.text.lower().startswith(largest), (result.answer_detail.text, volumes)


FREE_OF = {"A": "No", "B": "Equivocal", "C": "Yes", "D": "Not evaluable"}


@pytest.mark.parametrize(("seed", "orientation", "lesion", "letter"), [
    (307, "RAS", "solid", "C"),  # a lesion present: Yes, as the question's own instruction defines it
    (308, "LPS", "none", "A"),
    (309, "PIR", "cyst", "C"),
])
def test_a_yes_the_question_defines_decides_the_letter(tmp_path: Path, seed: int, orientation: str, lesion: str,
                                                       letter: str) -> None:
    """Suite AF: "Are the kidneys free of focal lesions? Answer Yes if a lesion IS present." answered as a plain
    "free of lesions?" (yes = no lesion): three wrong letters."""
    make_phantom(tmp_path, PhantomSpec(seed=seed, liver_lesions=0, orientation=orientation, spacing=(1.5, 1.5, 3.0),
                                       shape=(200, 160, 60), kidney_lesion=lesion))  # type: ignore[arg-type]
    result = orchestrator.run({"case_id": f"yes{seed}", "choices": FREE_OF,
                               "question": "Are the kidneys free of focal lesions? Answer Yes if a lesion IS present.",
                               "images": [{"path": str(tmp_path / "ct.nii.gz"), "modality": "CT",
                                           "masks": str(tmp_path / "segmentations")}]})
    assert result.status == "answered", result.reasons
    assert result.answer_detail.choice == letter, result.answer_detail.text
