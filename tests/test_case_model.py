"""The public models: built from objects, dicts and files; exact JSON round trips."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from core.case import (
    Answer,
    Case,
    CaseResult,
    Check,
    Evidence,
    Finding,
    Fix,
    ImageRef,
    PatientContext,
    Review,
    TraceStep,
)


def _case() -> Case:
    return Case(
        case_id="c1",
        images=[
            ImageRef(path="/data/ct.nii.gz", modality="CT", masks="/data/segmentations"),
            ImageRef(path="/data/prior.nii.gz", modality="CT", role="prior", acquired=date(2025, 3, 1)),
        ],
        question="Is the spleen enlarged?",
        choices={"A": "Yes", "B": "No"},
        context=PatientContext(age=61, sex="F", history="cirrhosis", labs={"bilirubin": 2.1}),
    )


def test_case_round_trips_exactly() -> None:
    case = _case()
    again = Case.model_validate_json(case.model_dump_json())
    assert again == case
    assert again.current_images == [case.images[0]]


def test_case_from_dict_and_from_file_with_relative_paths(tmp_path: Path) -> None:
    data = _case().model_dump(mode="json")
    data["images"][0]["path"] = "ct.nii.gz"
    data["images"][0]["masks"] = "segmentations"
    (tmp_path / "case.json").write_text(json.dumps(data))
    from_file = Case.load(tmp_path / "case.json")
    assert from_file.images[0].path == str(tmp_path / "ct.nii.gz")
    assert from_file.images[0].masks == str(tmp_path / "segmentations")
    assert from_file.images[1].path == "/data/prior.nii.gz"  # absolute stays absolute
    assert Case.load(data).images[0].path == "ct.nii.gz"  # a dict is taken as given
    assert Case.load(from_file) is from_file


@pytest.mark.parametrize("bad", [{"a": "x"}, {"AB": "x"}, {"1": "x"}])
def test_choice_keys_must_be_capital_letters(bad: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="single capital letters"):
        Case(case_id="c", choices=bad)


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="questoin"):
        Case.model_validate({"case_id": "c", "questoin": "typo"})


def test_result_round_trips_exactly() -> None:
    volume = Evidence.make("measurement", "measurement", "volume_ml", "spleen", value=412.3, unit="mL",
                           provenance={"mask": "mask:c1:spleen", "method": "voxel count x voxel volume"})
    criterion = Evidence.make("criterion", "knowledge", "dtvqa-splenomegaly", "spleen", value="Mild",
                              citation="DeepTumorVQA knowledge base (2025)")
    assert volume.id == "measurement:spleen:volume_ml"
    result = CaseResult(
        case_id="c1",
        status="answered",
        answer="B",
        answer_detail=Answer(text="Mild splenomegaly (412.3 mL)", choice="B", evidence_ids=[volume.id, criterion.id]),
        track="abdomen_ct",
        findings=[Finding(organ="spleen", statement="enlarged", measurements={"volume_ml": 412.3}, evidence_ids=[volume.id])],
        evidence=[volume, criterion],
        review=Review(consistent=True, checks=[Check(name="numeric_grounding", passed=True, reason="412.3 mL matches")],
                      required_fixes=[Fix(agent="measurement", reason="none")], rounds=1),
        trace=[TraceStep(node="triage", duration_s=0.012, outputs={"track": "abdomen_ct"})],
    )
    text = result.model_dump_json()
    assert CaseResult.model_validate_json(text) == result
    assert json.loads(text)["evidence"][0]["value"] == 412.3
    assert result.evidence_by_id()[criterion.id].citation.startswith("DeepTumorVQA")
