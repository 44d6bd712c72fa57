"""The FHIR bundle is valid R4 (4.0.1) as well as R4B: fhirclient's R4 models parse it unchanged.

Each rule is checked on kinds of departure from R4: an element R4 does not know, an R5 form of an
R4 element, a required element missing, a value of the wrong type.
"""

from __future__ import annotations

import copy
import json

import pytest

from core.case import Answer, CaseResult, Evidence
from orchestrator.reports.fhir import build_bundle, validate_r4


def _result(n_measurements: int) -> CaseResult:
    names = [("volume_ml", "spleen", 312.5, "mL"), ("mean_hu", "liver", 58.0, "HU"),
             ("longest_diameter_mm", "liver_lesion_1", 21.4, "mm"), ("liver_spleen_ratio", "liver", 1.1, "ratio")]
    evidence = [Evidence.make("measurement", "measurement", name, target, value=value, unit=unit)
                for name, target, value, unit in names[:n_measurements]]
    answer = Answer(text=f"{evidence[0].value} mL", evidence_ids=[evidence[0].id])
    return CaseResult(case_id="r4-case", status="answered", answer=answer.text, answer_detail=answer,
                      evidence=evidence, question="What is the spleen volume?")


@pytest.mark.parametrize("n", [1, 4])
def test_the_bundle_parses_as_r4_and_round_trips(n: int) -> None:
    from fhirclient.models.bundle import Bundle

    bundle = json.loads(build_bundle(_result(n), impression=[]).model_dump_json())
    parsed = Bundle(bundle)  # strict: raises on any element R4 does not define
    kinds = [type(e.resource).__name__ for e in parsed.entry]
    assert kinds.count("Observation") == n and kinds.count("DiagnosticReport") == kinds.count("ImagingStudy") == 1
    assert parsed.as_json() == bundle


def _edit(bundle: dict, kind: str, change) -> dict:
    edited = copy.deepcopy(bundle)
    change(next(e["resource"] for e in edited["entry"] if e["resource"]["resourceType"] == kind))
    return edited


@pytest.mark.parametrize(("kind", "change", "named"), [
    ("ImagingStudy", lambda r: r["series"][0].update(modality={"coding": [r["series"][0]["modality"]]}), "coding"),
    ("DiagnosticReport", lambda r: r.update(note=[{"text": "R5 only"}]), "note"),
    ("Observation", lambda r: r.pop("status"), "status"),
    ("Observation", lambda r: r["valueQuantity"].update(value="312.5 mL"), "value"),
])
def test_departures_from_r4_are_refused_by_name(kind: str, change, named: str) -> None:
    bundle = json.loads(build_bundle(_result(2), impression=[]).model_dump_json())
    validate_r4(bundle)
    with pytest.raises(ValueError, match="not valid FHIR R4") as err:
        validate_r4(_edit(bundle, kind, change))
    assert named in str(err.value)
