"""The web app stores and lists no identifier typed into a question (bug report newuser15): case.json, every file
of the run and GET /api/runs, /api/runs/<id> carry the de-identified question (`privacy.deid.scrub_case`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from orchestrator.serve.app import create_app
from tests.serve.conftest import read_events


@pytest.mark.parametrize(("question", "identifiers"), [
    ("Is there a liver lesion in John Smith, MRN 12345678, born 03/04/1961?", ["Smith", "12345678", "03/04/1961"]),
    ("Patient: Maria Garcia, DOB 1955-07-21, MRN: A7654321. How large is the spleen?",
     ["Garcia", "1955-07-21", "A7654321"]),
    ("How many kidney lesions does Mr. Peter Okafor (medical record number 99887766) have?", ["Okafor", "99887766"]),
])
def test_a_typed_name_mrn_or_birth_date_is_stored_and_listed_scrubbed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, question: str, identifiers: list[str]) -> None:
    import orchestrator.api

    def broken(*_: Any, **__: Any) -> None:  # the pipeline itself is not under test: its result is scrubbed already
        raise RuntimeError("stopped")

    monkeypatch.setattr(orchestrator.api, "run", broken)
    data = tmp_path / "data"
    (data / "cases").mkdir(parents=True)
    (data / "cases" / "c.json").write_text(json.dumps({"case_id": "c1", "images": []}))
    client = TestClient(create_app(data))
    run_id = client.post("/api/runs", data={"case_id": "c.json", "question": question}).json()["run_id"]
    read_events(client, run_id)
    texts = [client.get("/api/runs").text, client.get(f"/api/runs/{run_id}").text]
    texts += [p.read_text(errors="replace") for p in (data / "runs").rglob("*") if p.is_file()]
    for identifier in identifiers:
        assert not any(identifier in text for text in texts), identifier
    assert "lesion" in client.get("/api/runs").json()[0]["question"] or "spleen" in client.get("/api/runs").json()[0][
        "question"]  # the clinical question itself is kept


@pytest.mark.parametrize(("case_id", "case_file", "identifiers"), [
    ("Smith_John_MRN4471923", "case17.json", ["Smith", "4471923"]),  # a bare surname file name is not detectable
    ("MRN 00123987 Okafor", "Okafor_Peter.json", ["Okafor", "00123987"]),
])
def test_a_case_id_holding_a_name_and_mrn_never_leaves_intake(tmp_path: Path, phantom_dir: Path, case_id: str,
                                                               case_file: str, identifiers: list[str]) -> None:
    """With the real agents: the run's events, result.json, outputs and API replies carry the pseudonym case.json
    keeps, never the case id as given (an ML engineer's first hour, session 17: the queued event, result.json,
    GET /api/runs/<id> and the downloaded result.json all held it)."""
    import shutil

    data = tmp_path / "data"
    image = shutil.copytree(phantom_dir, data / "cases" / "phantom")  # images must lie inside the data folder
    (data / "cases" / case_file).write_text(json.dumps({
        "case_id": case_id, "question": "What is the spleen volume in mL?",
        "images": [{"path": str(image / "ct.nii.gz"), "masks": str(image / "segmentations")}]}))
    client = TestClient(create_app(data))
    run_id = client.post("/api/runs", data={"case_id": case_file}).json()["run_id"]
    events = read_events(client, run_id)
    assert events[-1]["event"] == "done" and events[-1]["status"] == "answered", events[-1]
    texts = [json.dumps(events), client.get("/api/runs").text, client.get(f"/api/runs/{run_id}").text,
             client.get(f"/api/runs/{run_id}/files/result.json").text]
    texts += [p.read_text(errors="replace") for p in (data / "runs").rglob("*")
              if p.is_file() and p.suffix in (".json", ".jsonl", ".md", ".html")]
    for identifier in identifiers:
        assert not any(identifier.lower() in text.lower() for text in texts), identifier
