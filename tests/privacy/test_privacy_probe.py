"""The privacy probe: a case full of identifiers, in a folder named after the patient, run with the
real agents, a checkpoint and a disk store; no identifier may be found in the result, the events,
the logs, the trace, the checkpoint or any artifact."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np
import pydicom
import pytest

import orchestrator
from synthetic.dicom_series import write_dicom_series
from synthetic.phantom import PhantomSpec, make_phantom

IDENTIFIERS = [
    "Jane", "Doe", "Quinn", "MRN-4417-2291", "4417", "44172291", "1952", "14/03/1952", "Baker", "Elsewhere",
    "Gonzalez", "Maria", "Elm Street", "Springfield", "2023-01-05", "Doe_Jane", "555-123-4567", "Oluwaseun",
    "Adeyemi", "Rigshospitalet",
]  # fmt: skip
"""Every one must be absent, as a whole word (case-insensitive), from everything the run leaves."""
QUESTIONS = [
    "Jane Doe (MRN 44172291), DOB 14/03/1952, of 221 Baker Street, London, seen at St Elsewhere General "
    "Hospital: what is the volume of the spleen in mL?",
    "Oluwaseun Adeyemi asks: what is the volume of the spleen in mL? Call 555-123-4567.",
]
HISTORY = "Maria Gonzalez (daughter) called on 2023-01-05; the patient lives at 14 Elm Street, Springfield."


def _leaks(blob: str) -> list[str]:
    return [i for i in IDENTIFIERS if re.search(rf"(?<![A-Za-z0-9]){re.escape(i)}(?![A-Za-z0-9])", blob, re.I)]


@pytest.fixture(scope="module")
def patient_series(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("probe")
    make_phantom(root / "phantom", PhantomSpec(seed=9, shape=(96, 80, 24), spacing=(3.5, 3.5, 8.0), liver_lesions=1))
    img = nib.as_closest_canonical(nib.load(str(root / "phantom" / "ct.nii.gz")))
    folder = root / "Doe_Jane_Quinn_1952" / "Doe_Jane"
    write_dicom_series(np.asarray(img.dataobj, np.float32), img.affine, folder, patient_id="MRN-4417-2291", study="1")
    for f in folder.iterdir():
        ds = pydicom.dcmread(f)
        ds.PatientName, ds.PatientBirthDate = "Doe^Jane^Quinn", "19520314"
        ds.InstitutionName, ds.ReferringPhysicianName = "St Elsewhere General Hospital", "Adeyemi^Oluwaseun"
        ds.save_as(f, enforce_file_format=False)
    return folder


@pytest.mark.parametrize("question", QUESTIONS)
def test_no_identifier_survives_anywhere(
    patient_series: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, question: str
) -> None:
    events: list[dict[str, Any]] = []
    case = {
        "case_id": "probe",
        "images": [{"path": str(patient_series), "modality": "CT"}],
        "question": question,
        "context": {"history": HISTORY, "labs": {"note": "seen at Rigshospitalet"}},
    }
    checkpoint, store = tmp_path / "ckpt" / "run.sqlite", tmp_path / "store"
    with caplog.at_level(logging.DEBUG):
        result = orchestrator.run(
            case, {"checkpoint": str(checkpoint), "store_dir": str(store)}, on_event=events.append
        )
    assert result.status in ("answered", "abstained"), result.reasons  # it ran through, not a rejection
    found = {
        "result": _leaks(result.model_dump_json()),
        "events": _leaks(json.dumps(events, default=str)),
        "logs": _leaks(caplog.text),
        "trace": _leaks(json.dumps([t.model_dump(mode="json") for t in result.trace])),
    }
    for path in [checkpoint, *checkpoint.parent.glob("*"), *store.rglob("*")]:
        if path.is_file():
            found[str(path.relative_to(tmp_path))] = _leaks(path.read_bytes().decode("latin-1"))
    assert not {k: v for k, v in found.items() if v}, found
