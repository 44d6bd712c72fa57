"""The FastAPI app of `clinorch serve`: a JSON API under `/api` and the one-page walkthrough.

The API (documented at `/docs`): `GET /api/cases`, `POST /api/runs` (a case id or an upload),
`GET /api/runs/{id}/events` (server-sent events, as the agents start and end), `GET /api/runs/{id}`
(status and result), slices for the viewer and the run's files (result, report, DICOM SEG, FHIR).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sse_starlette.sse import EventSourceResponse

from orchestrator.serve.cases import CaseInputError, list_cases, load_case, save_upload, series_folder
from orchestrator.serve.runs import OUTPUT_FILES, Run, RunManager
from orchestrator.serve.viewer import PRESETS, describe, render

STATIC = Path(__file__).resolve().parent / "static"
DEFAULT_UPLOAD_LIMIT = 1_000_000_000
"""Largest upload (bytes) by default: a full abdominal CT series zipped fits well under it."""


def create_app(data_dir: Path, *, max_upload_bytes: int = DEFAULT_UPLOAD_LIMIT,
               config: dict[str, Any] | None = None, backends: dict[str, Any] | None = None) -> FastAPI:
    """The app over `data_dir` (created if missing): runs stored under it, cases read only from it.

    Args:
        data_dir: folder of case files (`cases/`), uploads, the demo phantom and the runs.
        max_upload_bytes: a request larger than this is refused (413) before it is read.
        config: `core.config.Config` fields for every run.
        backends: backends shared by all runs (heavy models load once).
    """
    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    runs = RunManager(data_dir, backends, config)
    app = FastAPI(title="clinorch", version="1", description="Multi-agent abdominal CT workflow: "
                  "cases, runs, their live agent steps, results and clinical outputs.")
    app.state.runs = runs
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def upload_limit(request: Request, call_next: Any) -> Response:
        length = request.headers.get("content-length")
        if request.method == "POST" and length and length.isdigit() and int(length) > max_upload_bytes + 65536:
            return JSONResponse({"detail": f"the upload is larger than the limit of "
                                           f"{max_upload_bytes // 1_000_000} MB"}, status_code=413)
        return await call_next(request)

    @app.exception_handler(CaseInputError)
    async def refused(_: Request, exc: CaseInputError) -> JSONResponse:
        status = 413 if "limit" in str(exc) else 400
        return JSONResponse({"detail": str(exc)}, status_code=status)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/api/cases")
    def cases() -> list[dict[str, Any]]:
        """The bundled demo case and the case files under `DATA_DIR/cases/`."""
        return list_cases(data_dir)

    @app.post("/api/runs")
    def create_run(
        case_id: Annotated[str | None, Form(description="A case from /api/cases (or upload a file).")] = None,
        file: Annotated[UploadFile | None, File(description="NIfTI, zipped DICOM series or PNG.")] = None,
        masks: Annotated[UploadFile | None, File(description="Zipped segmentations/ folder.")] = None,
        question: Annotated[str | None, Form()] = None,
        choices: Annotated[str | None, Form(description="One option a line: A=Normal")] = None,
    ) -> dict[str, str]:
        """Starts a run of a listed case or of an uploaded image; returns its id at once."""
        from orchestrator.quickcase import build_case, parse_choices

        options = [line for line in (choices or "").replace(";", "\n").splitlines() if line.strip()]
        try:
            parsed = parse_choices(options)
        except ValueError as exc:
            raise CaseInputError(str(exc).replace("--choice ", "option ")) from exc
        uploaded = file is not None and bool(file.filename)
        if uploaded and case_id:  # which one the user meant is not ours to guess
            raise CaseInputError("give a listed case (case_id) or an uploaded image (file), not both")
        if masks is not None and masks.filename and not uploaded:
            raise CaseInputError("masks go with an uploaded image (file); a listed case names its own masks")
        if uploaded:
            assert file is not None and file.filename
            image = save_upload(data_dir, file.filename, file.file, max_upload_bytes)
            mask_dir = None
            if masks is not None and masks.filename:
                mask_dir = series_folder(save_upload(data_dir, masks.filename, masks.file, max_upload_bytes))
            image = series_folder(image) if image.is_dir() else image
            case = build_case(image, masks=mask_dir)
            source = "upload"
        elif case_id:
            case = load_case(data_dir, case_id)
            source = case_id
        else:
            raise CaseInputError("choose a case or upload an image")
        update: dict[str, Any] = {}
        if question and question.strip():
            update = {"question": question.strip(), "choices": parsed}
        elif parsed:
            update = {"choices": parsed}
        case = case.model_copy(update=update) if update else case
        run = runs.start(case, source)
        return {"run_id": run.run_id}

    @app.get("/api/runs")
    def list_runs() -> list[dict[str, Any]]:
        """Stored runs, newest first."""
        return runs.listing()

    def find(run_id: str) -> Run:
        run = runs.get(run_id)
        if run is None:
            raise HTTPException(404, f"no run {run_id!r}")
        return run

    @app.get("/api/runs/{run_id}")
    def run_status(run_id: str) -> dict[str, Any]:
        """A run's case, whether it has finished, its last event and its result (once there)."""
        run = find(run_id)
        events, done = run.since(0)
        result = run.folder / "result.json"
        return {"run_id": run_id, "case": json.loads((run.folder / "case.json").read_text()), "done": done,
                "last_event": events[-1] if events else None,
                "result": json.loads(result.read_text()) if result.is_file() else None}

    @app.get("/api/runs/{run_id}/events")
    async def run_events(run_id: str, request: Request) -> EventSourceResponse:
        """Server-sent events: `queued`, `start`/`end` per agent (with `duration_s`), then `done` or `error`."""
        run = find(run_id)

        async def stream() -> AsyncIterator[dict[str, Any]]:
            seq = 0
            while True:
                events, done = run.since(seq)
                for event in events:
                    yield {"id": str(event["seq"]), "data": json.dumps(event, default=str)}
                seq += len(events)
                if done and not events or await request.is_disconnected():
                    return
                await asyncio.sleep(0.1)

        return EventSourceResponse(stream())

    @app.get("/api/runs/{run_id}/result")
    def run_result(run_id: str) -> FileResponse:
        """The run's `result.json` (404 until the run has finished)."""
        return run_file(run_id, "result.json")

    @app.get("/api/runs/{run_id}/viewer")
    def viewer(run_id: str) -> dict[str, Any]:
        """The viewer's volume: shape, spacing, mask labels and colours, a slice to open on."""
        path = find(run_id).folder / "viewer.npz"
        if not path.is_file():
            raise HTTPException(404, "this run has no image to show")
        return describe(path)

    @app.get("/api/runs/{run_id}/slices/{k}", response_class=Response,
             responses={200: {"content": {"image/png": {}}}})
    def slice_png(run_id: str, k: int, preset: Annotated[str | None, Query()] = None,
                  width: float = 400.0, level: float = 50.0, overlay: bool = True) -> Response:
        """Axial slice `k` as PNG, windowed (a preset: abdomen, liver, bone, or width/level), masks blended."""
        path = find(run_id).folder / "viewer.npz"
        if not path.is_file():
            raise HTTPException(404, "this run has no image to show")
        if preset is not None:
            if preset not in PRESETS:
                raise HTTPException(400, f"unknown preset {preset!r}; one of {sorted(PRESETS)}")
            width, level = PRESETS[preset]
        try:
            return Response(render(path, k, width, level, overlay), media_type="image/png")
        except IndexError as exc:
            raise HTTPException(404, str(exc)) from exc

    @app.get("/api/runs/{run_id}/files/{name}")
    def run_file(run_id: str, name: str) -> FileResponse:
        """A file of the run by name: result.json, report.html, report.md, segmentation.dcm, fhir_bundle.json."""
        run = find(run_id)
        if name not in OUTPUT_FILES:
            raise HTTPException(404, f"no file {name!r}; one of {sorted(OUTPUT_FILES)}")
        path = run.folder / OUTPUT_FILES[name]
        if not path.is_file():
            raise HTTPException(404, f"{name} is not (yet) written for this run")
        return FileResponse(path, filename=f"{run_id}-{name}")

    return app
