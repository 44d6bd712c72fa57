"""End to end with the real agents, for the kinds fixed at this round's merge and the reviewer's character rule:
'How large is the <organ>?' is its volume; a burden comparison across organs answered with an organ is
approved; a lesion called hyperdense or solid against its measured HU is caught by `review_result`.
Expected values come from the phantom's own ground truth (mask voxels x spacing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents.reviewer import review_result


@pytest.fixture(scope="module")
def phantom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from synthetic.phantom import PhantomSpec, make_phantom

    out = tmp_path_factory.mktemp("merge_kinds") / "case"
    make_phantom(out, PhantomSpec(seed=41, liver_lesions=2))
    return out


def _run(case: Path, question: str):
    from orchestrator.api import run

    return run({"case_id": "merge-kinds", "question": question,
                "images": [{"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}]})


@pytest.mark.parametrize("organ", ["liver", "spleen"])
def test_how_large_is_an_organ_is_its_volume(phantom: Path, organ: str) -> None:
    truth = json.loads((phantom / "ground_truth.json").read_text())["organs"][organ]["volume_ml"]
    result = _run(phantom, f"How large is the {organ}?")
    assert result.status == "answered", result.reasons
    assert result.answer.startswith(f"{truth:.1f} mL")


def test_the_organ_named_answers_where_the_burden_is(phantom: Path) -> None:
    result = _run(phantom, "Comparing the liver, kidneys and pancreas, where is the lesion burden greatest?")
    assert result.status == "answered", result.reasons
    assert "liver" in result.answer.lower()


@pytest.mark.parametrize(("added", "consistent"), [("the lesion is hyperdense to the liver", False),
                                                   ("the lesion is hypodense to the liver", True)])
def test_a_lesion_character_against_its_measurement_is_caught(phantom: Path, added: str, consistent: bool) -> None:
    result = _run(phantom, "What is the diameter of the largest liver lesion?")
    assert result.status == "answered", result.reasons
    measured = {e.name: e.value for e in result.evidence if e.target == "liver_lesion"}
    assert measured["largest_lesion_attenuation"] == "hypo"  # the phantom's lesions are darker than the liver
    text = f"{result.answer}; {added}."
    detail = result.answer_detail.model_copy(update={"text": text})  # what the reviewer reads, as an editor writes it
    edited = result.model_copy(update={"answer": text, "answer_detail": detail})
    assert review_result(edited).consistent is consistent
    assert review_result(result).consistent
