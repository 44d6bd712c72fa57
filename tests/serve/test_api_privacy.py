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
