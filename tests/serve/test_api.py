"""The web app's JSON API with the real agents: cases, runs, live events, results, reload, refusals."""

from __future__ import annotations

import gzip
import io
import json
import re
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from orchestrator.serve import check_host
from orchestrator.serve.app import create_app
from orchestrator.serve.cases import CaseInputError, save_upload
from tests.serve.conftest import read_events

AGENTS = ["triage", "segmentation", "measurement", "knowledge", "reasoner", "reviewer"]
SPLEEN = "What is the volume of the spleen in cm3?"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve-data")


@pytest.fixture(scope="module")
def two_runs(data_dir: Path, shared_backends: dict[str, Any]) -> dict[str, Any]:
    """Two runs of the demo case started at once (as from two tabs) with different questions."""
    client = TestClient(create_app(data_dir, backends=shared_backends))
    first = client.post("/api/runs", data={"case_id": "demo"})
    second = client.post("/api/runs", data={"case_id": "demo", "question": SPLEEN})
    assert first.status_code == 200, first.text
    assert second.status_code == 200, second.text
    ids = [first.json()["run_id"], second.json()["run_id"]]
    events: dict[str, list[dict[str, Any]]] = {}

    def follow(run_id: str) -> None:
        events[run_id] = read_events(client, run_id)

    readers = [threading.Thread(target=follow, args=(i,)) for i in ids]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=900)
    return {"client": client, "ids": ids, "events": events}


def test_cases_list_the_demo_and_the_data_dir_cases(data_dir: Path) -> None:
    cases = data_dir / "cases" / "study1"
    cases.mkdir(parents=True)
    (cases / "case.json").write_text(json.dumps({"case_id": "study-1", "images": [{"path": "ct.nii.gz"}],
                                                 "question": "Is the liver enlarged?"}))
    (cases / "legend.json").write_text(json.dumps({"not": "a case"}))
    listed = TestClient(create_app(data_dir)).get("/api/cases").json()
    assert [c["id"] for c in listed] == ["demo", "study1/case.json"]
    assert listed[0]["case_id"] == "demo-pancreas-001" and listed[0]["choices"]["B"] == "T2"
    assert listed[1]["question"] == "Is the liver enlarged?"


def test_two_concurrent_runs_stream_their_own_agents_and_do_not_mix(two_runs: dict[str, Any]) -> None:
    first, second = two_runs["ids"]
    assert first != second
    # the staging question needs the knowledge base; the spleen volume does not (its route skips it)
    for run_id, agents in ((first, AGENTS), (second, [a for a in AGENTS if a != "knowledge"])):
        events = two_runs["events"][run_id]
        assert [e["seq"] for e in events] == list(range(len(events)))  # one run's queue, in order
        started = [e["node"] for e in events if e["event"] == "start"]
        ended = [e for e in events if e["event"] == "end"]
        assert [n for n in started if n in AGENTS] == agents, started  # each agent once, in graph order
        assert len(ended) == len(started) and all(e["duration_s"] >= 0 for e in ended)
        assert events[-1]["event"] == "done", events[-1]
        assert {"result.json", "viewer.npz", "report.html", "segmentation.dcm", "fhir_bundle.json"} <= set(
            events[-1]["files"])
    client = two_runs["client"]
    staged = client.get(f"/api/runs/{first}").json()["result"]
    spleen = client.get(f"/api/runs/{second}").json()["result"]
    assert staged["question"].startswith("Based on the longest diameter") and staged["choices"]
    assert staged["status"] == "answered" and staged["answer"] == "B"  # phantom tumour 32 mm: AJCC T2
    assert spleen["question"] == SPLEEN and spleen["choices"] is None
    assert spleen["status"] == "answered" and "mL" in (spleen["answer"] or "")
    assert any(e["target"] == "spleen" and e["name"].startswith("volume") for e in spleen["evidence"])
    assert not any(e["kind"] == "criterion" and "ajcc" in e["id"].lower() for e in spleen["evidence"])


def test_a_reload_serves_the_stored_run_again(two_runs: dict[str, Any], data_dir: Path) -> None:
    first, _ = two_runs["ids"]
    live_events = two_runs["events"][first]
    reloaded = TestClient(create_app(data_dir))  # a new process over the same data dir
    status = reloaded.get(f"/api/runs/{first}").json()
    assert status["done"] and status["result"]["answer"] == "B"
    assert read_events(reloaded, first) == live_events
    assert first in [r["run_id"] for r in reloaded.get("/api/runs").json()]
    stored = json.loads(reloaded.get(f"/api/runs/{first}/result").text)
    assert stored["case_id"] == "demo-pancreas-001" and stored["status"] == "answered"
    report = reloaded.get(f"/api/runs/{first}/files/report.html")
    assert report.status_code == 200 and "<html" in report.text.lower()
    seg = reloaded.get(f"/api/runs/{first}/files/segmentation.dcm")
    assert seg.status_code == 200 and seg.content[128:132] == b"DICM"
    bundle = reloaded.get(f"/api/runs/{first}/files/fhir_bundle.json").json()
    assert bundle["resourceType"] == "Bundle"


def test_the_viewer_serves_windowed_slices_with_mask_overlays(two_runs: dict[str, Any]) -> None:
    import numpy as np
    from PIL import Image

    client, run_id = two_runs["client"], two_runs["ids"][0]
    viewer = client.get(f"/api/runs/{run_id}/viewer").json()
    names = {label["name"] for label in viewer["labels"]}
    assert {"pancreas", "pancreas_tumor", "liver_tumor"} <= names  # the organ the question needs (the classical
    # segmenter's) and the demo's provided lesion masks
    k = viewer["start_slice"]
    assert 0 <= k < viewer["shape"][2]

    def pixels(**params: Any) -> Any:
        response = client.get(f"/api/runs/{run_id}/slices/{k}", params=params)
        assert response.status_code == 200 and response.headers["content-type"] == "image/png"
        return np.asarray(Image.open(io.BytesIO(response.content)).convert("RGB")).astype(int)

    plain, overlaid = pixels(preset="abdomen", overlay=False), pixels(preset="abdomen")
    nx, ny = viewer["shape"][:2]
    assert plain.shape == (ny, nx, 3)  # radiological view: columns are i, rows are j
    assert (plain != overlaid).any()
    r, g, b = overlaid[..., 0], overlaid[..., 1], overlaid[..., 2]
    assert ((r > 150) & (g < 120) & (b < 140)).sum() > 10  # the lesion on its own slice, in the lesion colour
    assert (pixels(preset="bone", overlay=False) != plain).any()
    assert client.get(f"/api/runs/{run_id}/slices/{k}", params={"preset": "lung"}).status_code == 400
    assert client.get(f"/api/runs/{run_id}/slices/{viewer['shape'][2]}").status_code == 404


def test_paths_outside_the_data_dir_are_refused(data_dir: Path, tmp_path: Path) -> None:
    client = TestClient(create_app(data_dir))
    outside = tmp_path / "elsewhere.json"
    outside.write_text(json.dumps({"case_id": "x", "images": [{"path": "ct.nii.gz"}]}))
    for case_id in ("../../etc/passwd", f"../../../../../../{outside}", str(outside), "nope.json"):
        response = client.post("/api/runs", data={"case_id": case_id})
        assert response.status_code == 400, (case_id, response.text)
        assert "Traceback" not in response.text
    sneaky = data_dir / "cases" / "sneaky.json"
    sneaky.write_text(json.dumps({"case_id": "sneaky", "images": [{"path": "../../../../../etc/hostname"}]}))
    response = client.post("/api/runs", data={"case_id": "sneaky.json"})
    assert response.status_code == 400 and "outside the data folder" in response.json()["detail"]
    assert client.get("/api/runs/..%2F..%2Fetc").status_code == 404
    assert client.get("/api/runs/0123456789abcdef/files/..%2Fcase.json").status_code == 404


@pytest.mark.parametrize("form, files, said", [
    ({"case_id": "smith.json"}, {"file": ("ct.nii.gz", b"x" * 64)}, "not both"),
    ({"case_id": "demo"}, {"file": ("series.zip", b"PK")}, "not both"),
    ({"case_id": "demo"}, {"masks": ("segmentations.zip", b"PK")}, "masks go with an uploaded image"),
    ({}, {"masks": ("segmentations.zip", b"PK")}, "masks go with an uploaded image"),
])
def test_an_ambiguous_request_is_refused_before_anything_is_saved(tmp_path: Path, form: dict, files: dict,
                                                                  said: str) -> None:
    client = TestClient(create_app(tmp_path / "data"))
    response = client.post("/api/runs", data=form, files=files)
    assert response.status_code == 400 and said in response.json()["detail"], response.text
    assert client.get("/api/runs").json() == []
    assert not list((tmp_path / "data").rglob("*.zip")) and not list((tmp_path / "data").rglob("*.nii.gz"))


def test_uploads_over_the_limit_or_of_unknown_kind_are_refused(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path / "data", max_upload_bytes=100_000))
    big = gzip.compress(bytes(300_000), compresslevel=0)
    response = client.post("/api/runs", files={"file": ("ct.nii.gz", big)})
    assert response.status_code == 413 and "limit" in response.json()["detail"]
    response = client.post("/api/runs", files={"file": ("notes.txt", b"hello")})
    assert response.status_code == 400 and "NIfTI" in response.json()["detail"]
    for limit, size in ((1000, 5000), (100_000, 250_000)):  # counted as it streams, not trusted from headers
        with pytest.raises(CaseInputError, match="limit"):
            save_upload(tmp_path / "data", "ct.nii", io.BytesIO(bytes(size)), limit)
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as zipped:
        zipped.writestr("../../escaped.dcm", b"x")
    response = client.post("/api/runs", files={"file": ("series.zip", evil.getvalue())})
    assert response.status_code == 400 and "unsafe path" in response.json()["detail"]
    assert not (tmp_path / "escaped.dcm").exists() and not (tmp_path / "data" / "escaped.dcm").exists()


def test_a_bad_upload_ends_in_readable_reasons_not_a_trace(tmp_path: Path, shared_backends: dict[str, Any]) -> None:
    client = TestClient(create_app(tmp_path / "data", backends=shared_backends))
    garbage = gzip.compress(b"this is not an image" * 50)
    response = client.post("/api/runs", files={"file": ("ct.nii.gz", garbage)}, data={"question": SPLEEN})
    assert response.status_code == 200, response.text
    events = read_events(client, response.json()["run_id"])
    assert "Traceback" not in json.dumps(events)
    result = client.get(f"/api/runs/{response.json()['run_id']}").json()["result"]
    assert result["status"] == "rejected" and result["reasons"], result
    assert all("\n" not in reason and len(reason) < 400 for reason in result["reasons"])


def test_an_exception_in_a_run_becomes_one_error_event(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import orchestrator.api

    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("backend exploded\nTraceback (most recent call last): ...")

    monkeypatch.setattr(orchestrator.api, "run", broken)
    data = tmp_path / "data"
    (data / "cases").mkdir(parents=True)
    (data / "cases" / "c.json").write_text(json.dumps({"case_id": "c1", "images": []}))
    client = TestClient(create_app(data))
    run_id = client.post("/api/runs", data={"case_id": "c.json"}).json()["run_id"]
    events = read_events(client, run_id)
    assert [e["event"] for e in events] == ["queued", "error"]
    assert events[-1]["message"] == "RuntimeError: backend exploded"


@pytest.mark.parametrize(("host", "allowed"), [("127.0.0.1", True), ("::1", True), ("localhost", True),
                                               ("127.0.0.2", True), ("0.0.0.0", False), ("::", False),
                                               ("192.168.1.20", False), ("example.org", False)])
def test_only_loopback_hosts_without_allow_remote(host: str, allowed: bool) -> None:
    if allowed:
        check_host(host, allow_remote=False)
    else:
        with pytest.raises(ValueError, match="--allow-remote"):
            check_host(host, allow_remote=False)
        check_host(host, allow_remote=True)


def test_cli_refuses_all_interfaces_without_the_flag(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from orchestrator.cli import app

    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path)])
    assert result.exit_code != 0 and "--allow-remote" in result.output


def test_an_uploaded_nifti_with_zipped_masks_runs_end_to_end(
        tmp_path: Path, phantom_dir: Path, shared_backends: dict[str, Any]) -> None:
    from synthetic.phantom import lookup_truth

    masks = io.BytesIO()
    with zipfile.ZipFile(masks, "w") as zipped:  # the folder itself zipped, as a user would
        for path in sorted((phantom_dir / "segmentations").glob("*.nii.gz")):
            zipped.write(path, f"segmentations/{path.name}")
    client = TestClient(create_app(tmp_path / "data", backends=shared_backends))
    response = client.post("/api/runs", data={"question": SPLEEN}, files={
        "file": ("patient name ct.nii.gz", (phantom_dir / "ct.nii.gz").read_bytes()),
        "masks": ("masks.zip", masks.getvalue())})
    assert response.status_code == 200, response.text
    run_id = response.json()["run_id"]
    events = read_events(client, run_id)
    assert events[-1]["event"] == "done", events[-1]
    result = client.get(f"/api/runs/{run_id}").json()["result"]
    assert result["status"] == "answered" and "patient name" not in json.dumps(result)
    truth = lookup_truth(json.loads((phantom_dir / "ground_truth.json").read_text()), "spleen", "volume_ml")
    measured = next(e["value"] for e in result["evidence"] if e["id"] == "measurement:spleen:volume_ml")
    assert truth and abs(measured - truth) / truth < 0.05
    assert f"{measured:.1f}" in result["answer"]
    uploads = list((tmp_path / "data" / "uploads").rglob("*"))
    assert not any("patient" in p.name for p in uploads)  # the client's file name never reaches the disk


@pytest.mark.parametrize(("payload", "named"), [
    ({"history": "prior bleed"}, "history: not a field here (allowed: case_id, images"),
    ({"context": {"hx": "x"}}, "context.hx: not a field here (allowed: age, sex, history"),
])
def test_a_case_file_with_a_misplaced_key_names_it(tmp_path: Path, payload: dict, named: str) -> None:
    from orchestrator.serve.cases import load_case

    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "bad.json").write_text(json.dumps({"case_id": "bad", "images": []} | payload))
    with pytest.raises(CaseInputError, match=re.escape(named)):
        load_case(tmp_path, "bad.json")
