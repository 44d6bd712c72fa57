"""The privacy probe through the CLI with every output: a case file in a folder named after the
patient, its DICOM series and its provided masks in patient-named folders, names, an address, an
MRN, a phone number and dates in the question and the history, run by `clinorch run --report
--checkpoint --keep-checkpoint` with the real agents. No identifier may be found in stdout, stderr,
result.json, the reports, the key images, the label map and its legend, the DICOM SEG, the FHIR
bundle or the checkpoint (`test_privacy_probe.py` searches a disk artifact store)."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest

from synthetic.dicom_series import write_dicom_series
from synthetic.phantom import PhantomSpec, make_phantom

ROOT = Path(__file__).resolve().parents[2]
PATIENT_FOLDER = "Doe_Jane_Quinn_1952"
IDENTIFIERS = [
    "Jane", "Doe", "Quinn", "Doe_Jane", "Doe_Jane_Quinn_1952", "MRN-4417-2291", "4417", "44172291", "1952",
    "14/03/1952", "19520314", "20230105", "2023-01-05", "Baker", "London", "NW1 6XE", "NW1", "Elsewhere", "Gonzalez",
    "Maria", "Elm", "Springfield", "555-123-4567", "Oluwaseun", "Adeyemi", "Rigshospitalet",
]  # fmt: skip
"""Each must be absent, as a whole word (any case), from everything the run prints or leaves."""
CASE_ID = "Doe_Jane_MRN-4417-2291"
"""A case id holding the patient's name and MRN (an accession-number or file-name key): result.json's own
`case_id` field gives it back to its caller (documented); no artifact or mask id, report, SEG, FHIR bundle or
checkpoint carries it."""
QUESTION = (
    "Jane Doe (MRN 44172291), DOB 14/03/1952, of 221 Baker Street, London NW1 6XE, seen at St Elsewhere General "
    "Hospital on 2023-01-05: what is the volume of the spleen in mL?"
)
HISTORY = "Maria Gonzalez (daughter, 555-123-4567) says the patient lives at 14 Elm Street, Springfield."


def _leaks(blob: str) -> list[str]:
    return [i for i in IDENTIFIERS if re.search(rf"(?<![A-Za-z0-9]){re.escape(i)}(?![A-Za-z0-9])", blob, re.I)]


def _text(path: Path) -> str:
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("latin-1")


@pytest.fixture(scope="module")
def case_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """case.json in the patient's folder, with its series and its masks beside it (relative paths)."""
    root = tmp_path_factory.mktemp("cli_probe")
    make_phantom(root / "phantom", PhantomSpec(seed=9, shape=(96, 80, 24), spacing=(3.5, 3.5, 8.0), liver_lesions=1))
    img = nib.as_closest_canonical(nib.load(str(root / "phantom" / "ct.nii.gz")))
    folder = root / PATIENT_FOLDER
    series = folder / "Doe_Jane"
    write_dicom_series(np.asarray(img.dataobj, np.float32), img.affine, series, patient_id="MRN-4417-2291", study="1")
    for f in series.iterdir():
        ds = pydicom.dcmread(f)
        ds.PatientName, ds.PatientBirthDate, ds.StudyDate = "Doe^Jane^Quinn", "19520314", "20230105"
        ds.InstitutionName, ds.ReferringPhysicianName = "St Elsewhere General Hospital", "Adeyemi^Oluwaseun"
        ds.AccessionNumber = "44172291"
        ds.StationName, ds.InstitutionalDepartmentName = "ELSEWHERE-CT2", "Rigshospitalet Radiology"  # PS3.15: X
        ds.save_as(f, enforce_file_format=False)
    shutil.copytree(root / "phantom" / "segmentations", folder / "masks_Doe_Jane" / "segmentations")
    case = {
        "case_id": CASE_ID,
        "images": [{"path": "Doe_Jane", "masks": "masks_Doe_Jane", "modality": "CT"}],
        "question": QUESTION,
        "context": {"history": HISTORY, "labs": {"note": "seen at Rigshospitalet"}},
    }
    path = folder / "case.json"
    path.write_text(json.dumps(case))
    return path


@pytest.mark.integration
def test_no_identifier_in_any_cli_output_report_seg_fhir_or_checkpoint(case_file: Path, tmp_path: Path) -> None:
    out, checkpoint = tmp_path / "out", tmp_path / "ckpt" / "run.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    command = [sys.executable, "-m", "orchestrator.cli", "run", str(case_file), "--out", str(out), "--report",
               "--checkpoint", str(checkpoint), "--keep-checkpoint"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads((out / "result.json").read_text())
    assert result["status"] == "answered", result.get("reasons")
    spleen = [e for e in result["evidence"] if e["kind"] == "segmentation" and e["target"].endswith("spleen")]
    assert spleen and spleen[0]["provenance"]["backend"] == "provided"  # the patient-named masks were read
    assert spleen[0]["provenance"]["source"].startswith("<masks 0>/"), spleen[0]["provenance"]["source"]
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    for expected in ("report.md", "report.html", "fhir_bundle.json", "dicom/segmentation.dcm", "masks/labels.json"):
        assert expected in written, sorted(written)
    stored = [p for p in checkpoint.parent.rglob("*") if p.is_file()]
    assert checkpoint in stored, stored  # kept, so searched (with --report the artifacts stay in memory)
    folder = str(case_file.parent.parent)  # any absolute path to the case's files
    found = {"stdout": _leaks(done.stdout), "stderr": _leaks(done.stderr)}
    found["stdout lines"] = [line for line in done.stdout.splitlines() if _leaks(line)]
    for path in [*out.rglob("*"), *stored]:
        if path.is_file():
            text = _text(path)
            if path == out / "result.json":  # the caller's own key, once, in its own field
                assert text.count(CASE_ID) == 1 and f'"case_id": "{CASE_ID}"' in text
                text = text.replace(f'"case_id": "{CASE_ID}"', "")
            if path == checkpoint:  # the resume file holds the case as given, to run it again; never shared
                text = text.replace(CASE_ID, "")
            found[str(path.relative_to(tmp_path))] = _leaks(text) + ([folder] if folder in text else [])
    assert not {k: v for k, v in found.items() if v}, {k: v for k, v in found.items() if v}
    seg = pydicom.dcmread(out / "dicom" / "segmentation.dcm")
    first = pydicom.dcmread(next((case_file.parent / "Doe_Jane").iterdir()))
    assert seg.ReferencedSeriesSequence[0].SeriesInstanceUID == first.SeriesInstanceUID  # still attaches to its series
