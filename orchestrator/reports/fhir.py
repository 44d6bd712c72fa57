"""A FHIR bundle of the case: DiagnosticReport, one Observation per measurement, ImagingStudy, Patient.

Built with `fhir.resources` (version 8 ships R4B and R5 models only; the R4B ones validate every
element's type and primitive format on construction), then validated as **FHIR R4 (4.0.1)** with
`fhirclient`'s generated R4 models (every element known to R4, of its R4 type, required ones
present) and required to round-trip through them unchanged. The patient appears only as a
pseudonym; units are UCUM.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from core.case import CaseResult, Evidence
from orchestrator.reports.content import Sentence
from orchestrator.reports.dicomseries import pseudonym
from orchestrator.reports.masks import ORGAN_CODES, SegWritten

UCUM = {"mL": ("mL", "mL"), "mm": ("mm", "mm"), "HU": ("[hnsf'U]", "HU"), "%": ("%", "%"), "ratio": ("1", "ratio")}
"""clinorch unit to (UCUM code, display unit)."""
SNOMED, UCUM_SYSTEM, LOCAL = "http://snomed.info/sct", "http://unitsofmeasure.org", "urn:clinorch:measurement"
DICOM_UID, DCM = "urn:dicom:uid", "http://dicom.nema.org/resources/ontology/DCM"


def _id(case_id: str, *parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(("clinorch", pseudonym(case_id), *parts))))


def _body_site(target: str) -> dict[str, Any] | None:
    """SNOMED CT body site of a measurement target (`liver`, `kidney_left`, `liver_lesion_1`, ...)."""
    from pydicom.sr.codedict import codes

    organ = target.removeprefix("prior:")
    key = next((k for k in ORGAN_CODES if organ.startswith(k)), None)
    if key is None:
        return None
    code = getattr(codes.SCT, ORGAN_CODES[key])
    return {"coding": [{"system": SNOMED, "code": code.value, "display": code.meaning}],
            "text": organ.replace("_", " ")}


def _observation(e: Evidence, case_id: str, patient: str, study: str, seg: SegWritten | None) -> dict[str, Any]:
    code, unit = UCUM[e.unit or ""]
    obs: dict[str, Any] = {
        "resourceType": "Observation", "id": _id(case_id, "obs", e.id), "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                  "code": "imaging", "display": "Imaging"}]}],
        "code": {"coding": [{"system": LOCAL, "code": e.name, "display": e.name.replace("_", " ")}],
                 "text": f"{(e.target or '').replace('_', ' ')} {e.name.replace('_', ' ')}".strip()},
        "subject": {"reference": f"urn:uuid:{patient}"},
        "valueQuantity": {"value": round(float(e.value), 4), "unit": unit, "system": UCUM_SYSTEM, "code": code},
        "identifier": [{"system": "urn:clinorch:evidence", "value": e.id}],
        "derivedFrom": [{"reference": f"urn:uuid:{study}",
                         "display": f"ImagingStudy, {'DICOM SEG series ' + seg.series_uid if seg else 'source series'}"}],
    }
    if e.provenance.method:
        obs["method"] = {"text": e.provenance.method + (f" ({e.provenance.version})" if e.provenance.version else "")}
    site = _body_site(e.target or "")
    if site is not None:
        obs["bodySite"] = site
    if seg is not None:
        names = [m.split(":")[-1] for m in (e.provenance.masks or [])] or [e.target or ""]
        numbers = [seg.segments[n] for n in names if n in seg.segments]
        if numbers:
            obs["derivedFrom"][0]["display"] += f", segment(s) {', '.join(map(str, numbers))}"
    return obs


def _imaging_study(case_id: str, patient: str, seg: SegWritten | None, modality: str) -> dict[str, Any]:
    study: dict[str, Any] = {"resourceType": "ImagingStudy", "id": _id(case_id, "study"), "status": "available",
                             "subject": {"reference": f"urn:uuid:{patient}"}}
    if seg is None:
        study["series"] = [{"uid": _id(case_id, "series"), "modality": {"system": DCM, "code": modality}}]
        return study
    study["identifier"] = [{"system": DICOM_UID, "value": f"urn:oid:{seg.study_uid}"}]
    study["series"] = [
        {"uid": seg.source_series_uid, "modality": {"system": DCM, "code": seg.modality},
         "description": seg.references},
        {"uid": seg.series_uid, "modality": {"system": DCM, "code": "SEG"}, "description": "clinorch DICOM SEG"},
    ]
    return study


def build_bundle(result: CaseResult, impression: Sequence[Sentence], seg: SegWritten | None = None,
                 modality: str = "CT") -> Any:
    """The validated `Bundle` (type collection) of the case."""
    from fhir.resources.R4B.bundle import Bundle

    case_id = result.case_id
    patient_id, study_id, report_id = _id(case_id, "patient"), _id(case_id, "study"), _id(case_id, "report")
    patient = {"resourceType": "Patient", "id": patient_id,
               "identifier": [{"system": "urn:clinorch:pseudonym", "value": pseudonym(case_id)}]}
    measurements = [e for e in result.evidence if e.kind == "measurement" and e.unit in UCUM
                    and isinstance(e.value, (int, float)) and not isinstance(e.value, bool)]
    observations = [_observation(e, case_id, patient_id, study_id, seg) for e in measurements]
    conclusion = " ".join(s.text for s in impression)
    if result.status == "answered" and result.answer_detail is not None and result.question:
        conclusion += f" Answer to '{result.question}': {result.answer_detail.text}"
    elif result.status != "answered":
        conclusion += f" No answer ({result.status}): " + "; ".join(result.reasons)
    report = {
        "resourceType": "DiagnosticReport", "id": report_id,
        "status": "final" if result.status == "answered" else "preliminary",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": "RAD",
                                  "display": "Radiology"}]}],
        "code": {"coding": [{"system": "http://loinc.org", "code": "18748-4", "display": "Diagnostic imaging study"}]},
        "subject": {"reference": f"urn:uuid:{patient_id}"},
        "imagingStudy": [{"reference": f"urn:uuid:{study_id}"}],
        "result": [{"reference": f"urn:uuid:{o['id']}"} for o in observations],
        "conclusion": conclusion.strip() or "No conclusion.",
    }
    resources = [report, patient, _imaging_study(case_id, patient_id, seg, modality), *observations]
    bundle = Bundle.model_validate({"resourceType": "Bundle", "id": _id(case_id, "bundle"), "type": "collection",
                                    "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]})
    validate_r4(json.loads(bundle.model_dump_json()))
    return bundle


def validate_r4(bundle: dict[str, Any]) -> None:
    """Checks a bundle against FHIR R4 (4.0.1) with fhirclient's models; it must also round-trip unchanged.

    Raises:
        ValueError: an element R4 does not know, of another type, or a required one missing (named).
    """
    from fhirclient.models.bundle import Bundle as R4Bundle
    from fhirclient.models.fhirabstractbase import FHIRValidationError

    try:
        parsed = R4Bundle(bundle, strict=True)
    except FHIRValidationError as err:
        raise ValueError(f"not valid FHIR R4 (4.0.1): {err}") from err
    if parsed.as_json() != bundle:
        raise ValueError("FHIR R4 (4.0.1) models drop or change elements of the bundle")
