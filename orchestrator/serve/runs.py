"""Runs of the web app: each case in a worker thread, its events queued and stored under the data dir.

A run lives in `DATA_DIR/runs/<run_id>/`: `case.json` (what was asked, de-identified: `stored_case`), `events.jsonl` (every
progress event, as streamed), `result.json`, `viewer.npz` (the CT and its label map for the slice
viewer) and `outputs/` (report, DICOM SEG, FHIR). A reload reads these files back, so a run
outlives the process that made it.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.case import Case

RUN_ID = re.compile(r"^[0-9a-f]{16}$")
"""Run ids are random hex; anything else in a URL is refused before it touches the disk."""

OUTPUT_FILES = {
    "result.json": "result.json",
    "report.html": "outputs/report.html",
    "report.md": "outputs/report.md",
    "segmentation.dcm": "outputs/dicom/segmentation.dcm",
    "fhir_bundle.json": "outputs/fhir_bundle.json",
    "labels.nii.gz": "outputs/masks/labels.nii.gz",
}
"""Downloadable files of a run, by public name (a fixed table: no path from a request reaches the disk)."""


@dataclass
class Run:
    """One run: its folder, the events so far and whether it has finished."""

    run_id: str
    folder: Path
    events: list[dict[str, Any]] = field(default_factory=list)
    done: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def push(self, event: dict[str, Any]) -> None:
        """Appends an event (numbered in order) to the run's queue and to its `events.jsonl`."""
        with self.lock:
            event = {"seq": len(self.events), "time": time.time(), **event}
            self.events.append(event)
            with (self.folder / "events.jsonl").open("a") as stream:
                stream.write(json.dumps(event, default=str) + "\n")
            if event["event"] in ("done", "error"):
                self.done = True

    def since(self, seq: int) -> tuple[list[dict[str, Any]], bool]:
        """The events from number `seq` on, and whether the run has finished."""
        with self.lock:
            return self.events[seq:], self.done


class RunManager:
    """Creates runs, runs each in its own thread, and finds finished runs on disk again.

    Args:
        data_dir: the app's data folder; runs go under `runs/`.
        backends: a dict shared by runs, so heavy backends load once per process.
        config: `core.config.Config` fields for every run (tests use scripted or light backends).
    """

    def __init__(self, data_dir: Path, backends: dict[str, Any] | None = None,
                 config: dict[str, Any] | None = None) -> None:
        self.root = data_dir / "runs"
        self.root.mkdir(parents=True, exist_ok=True)
        self.backends = backends if backends is not None else {}
        self.config = dict(config or {})
        self._runs: dict[str, Run] = {}
        self._lock = threading.Lock()

    def start(self, case: Case, source: str) -> Run:
        """Creates a run for `case` and starts it in a worker thread; returns at once."""
        from privacy.deid import scrub_case, shareable_key, shareable_path

        run_id = secrets.token_hex(8)
        folder = self.root / run_id
        folder.mkdir(parents=True)
        (folder / "case.json").write_text(json.dumps({"source": shareable_path(source), **stored_case(case),
                                                      "created": time.time()}, indent=2))
        # the run itself sees the de-identified case: its events, result.json and API replies carry what case.json
        # does (a case id holding a name and MRN leaked through them all: an ML engineer's first hour, session 17)
        scrubbed, _ = scrub_case(case)
        case = scrubbed.model_copy(update={"case_id": shareable_key(case.case_id)})
        run = Run(run_id, folder)
        with self._lock:
            self._runs[run_id] = run
        threading.Thread(target=self._work, args=(run, case), name=f"run-{run_id}", daemon=True).start()
        return run

    def get(self, run_id: str) -> Run | None:
        """The run, live or reloaded from its folder; None for an unknown or malformed id."""
        if not RUN_ID.match(run_id):
            return None
        with self._lock:
            if run_id in self._runs:
                return self._runs[run_id]
        folder = self.root / run_id
        if not (folder / "case.json").is_file():
            return None
        run = Run(run_id, folder, done=True)
        log = folder / "events.jsonl"
        if log.is_file():
            run.events = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
        if not any(e["event"] in ("done", "error") for e in run.events):
            run.events.append({"seq": len(run.events), "event": "error",
                               "message": "the server stopped before this run finished"})
        return run

    def listing(self) -> list[dict[str, Any]]:
        """Stored runs, newest first: id, case, question and status."""
        rows = []
        for folder in self.root.iterdir():
            if not RUN_ID.match(folder.name) or not (folder / "case.json").is_file():
                continue
            meta = json.loads((folder / "case.json").read_text())
            result = folder / "result.json"
            status = json.loads(result.read_text()).get("status") if result.is_file() else None
            rows.append({"run_id": folder.name, "case_id": meta.get("case_id"), "source": meta.get("source"),
                         "question": meta.get("question"), "created": meta.get("created"), "status": status})
        return sorted(rows, key=lambda r: r["created"] or 0, reverse=True)

    def _work(self, run: Run, case: Case) -> None:
        """The worker thread: runs the case, stores result, viewer arrays and outputs; never raises."""
        from core.store import ArtifactStore
        from orchestrator.api import artifact_types
        from orchestrator.api import run as run_case

        run.push({"event": "queued", "case_id": case.case_id})
        store = ArtifactStore(case.case_id, types=artifact_types())  # in memory: one store per run
        try:
            result = run_case(case, self.config, on_event=run.push, backends=self.backends, store=store)
            (run.folder / "result.json").write_text(result.model_dump_json(indent=2))
            files = ["result.json"]
            files += _write_viewer(run.folder, store, case.case_id)
            files += _write_outputs(run.folder, result, store, case)
            run.push({"event": "done", "status": result.status, "files": files})
        except Exception as exc:  # noqa: BLE001 — the page gets one readable line, the log the type
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            run.push({"event": "error", "message": f"{type(exc).__name__}: {message}"[:500]})


def stored_case(case: Case) -> dict[str, Any]:
    """What `case.json` keeps of a case (and GET /api/runs lists): its id (a pseudonym when the id holds an
    identifier, `privacy.deid.shareable_key`) and its question, choices and history with identifiers replaced by
    placeholders (`privacy.deid.scrub_case`: a typed patient name, MRN or birth date never reaches the disk)."""
    from privacy.deid import scrub_case, shareable_key

    scrubbed, _ = scrub_case(case)
    return {"case_id": shareable_key(case.case_id), "question": scrubbed.question, "choices": scrubbed.choices,
            "history": scrubbed.context.history}


def _write_viewer(folder: Path, store: Any, case_id: str) -> list[str]:
    """`viewer.npz`: the current CT (int16, canonical RAS) and its masks as one label map."""
    from core.store import artifact_id
    from orchestrator.reports.masks import current_masks

    image_id = artifact_id("img", case_id, "current:0")
    if image_id not in store:
        return []
    image = store.get(image_id)
    array = np.asarray(image.array)
    if array.ndim == 2:
        array = array[:, :, None]
    if array.ndim != 3:
        return []
    labels = np.zeros(array.shape, dtype=np.uint8)
    names: list[str] = []
    for name, mask in current_masks(store, case_id).items():
        plane = np.asarray(mask.array)
        if plane.shape != array.shape or len(names) >= 254:
            continue
        names.append(name)
        labels[plane > 0] = len(names)
    spacing = np.asarray(image.spacing if image.spacing is not None else (1.0, 1.0, 1.0), dtype=float)
    np.savez_compressed(folder / "viewer.npz", ct=np.clip(array, -32768, 32767).astype(np.int16),
                        labels=labels, names=np.array(names, dtype=str), spacing=spacing[:3])
    return ["viewer.npz"]


def _write_outputs(folder: Path, result: Any, store: Any, case: Case) -> list[str]:
    """The report, DICOM SEG and FHIR bundle of the run (the outputs package), under `outputs/`."""
    from orchestrator.reports import write_outputs

    write_outputs(result, store, folder / "outputs", case)
    return [name for name, rel in OUTPUT_FILES.items() if rel.startswith("outputs/") and (folder / rel).is_file()]
