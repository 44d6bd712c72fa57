"""Many cases: a local loop or a Ray pool, resumable, with a status per case file and per-case reports.

`run_batch` reads each case file, skips cases whose result already exists (unless `force`), and
runs the rest with `run_one` (one case: the graph, and with `report` the report, label map, DICOM
SEG and FHIR bundle) through `orchestrator.pool.map_jobs`: in this process, one after another and
sharing loaded backends, or on Ray actors that load their backends once. Whatever ran a case, the
driver writes what it returned: `out_dir/<case_id>.json` (the same `CaseResult` JSON as
`clinorch run`) and, with `report`, the outputs under `out_dir/<case_id>/`. A case id that holds
an identifier (a record number, a name: `privacy.deid.key_identifies`) names those files, the
summary's `case_id` and `case_file` columns by a stable pseudonym instead (the result JSON keeps the
caller's key), so a batch still resumes. A case file that cannot be read is reported as an `error`
item; the other cases still run.
"""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from core.case import Case, CaseResult, describe_invalid_case
from core.config import Config
from orchestrator.pool import RayUnavailable, map_jobs
from privacy.deid import shareable_key, shareable_path

__all__ = ["BatchItem", "CaseOutcome", "RayUnavailable", "load_backends", "report_folder", "run_batch", "run_one",
           "write_summary"]

ItemStatus = Literal["answered", "abstained", "rejected", "skipped", "error"]


@dataclass
class BatchItem:
    """What happened to one case file."""

    case_file: str
    case_id: str | None
    status: ItemStatus
    answer: str | None = None
    seconds: float = 0.0
    error: str | None = None
    """Why the case file could not be run (an unreadable or invalid file)."""
    report: str | None = None
    """The folder of the case's report and outputs (`--report`)."""
    cpu_seconds: float = 0.0
    """CPU time (user + system) of the process that ran the case, while it ran (every thread of it)."""


@dataclass
class CaseOutcome:
    """What running one case returns, wherever it ran: the result JSON and the output files' bytes."""

    result_json: str
    seconds: float
    cpu_seconds: float = 0.0
    files: dict[str, bytes] = field(default_factory=dict)
    """Output files by path relative to the case's report folder (empty without `report`)."""
    output_seconds: dict[str, float] = field(default_factory=dict)


def run_one(case: Case, backends: dict[str, Any], *, config: Config, report: bool = False) -> CaseOutcome:
    """Runs one case and, with `report`, writes its outputs and returns them as bytes.

    The outputs are built from the run's artifact store as the case finishes (before a
    checkpointed run removes its artifacts), in a temporary folder, so a Ray worker on another
    node returns them whole; the caller writes them where they belong.
    """
    from orchestrator.api import run

    started, started_cpu = time.perf_counter(), time.process_time()
    outcome = CaseOutcome("", 0.0)

    def write(result: CaseResult, store: Any) -> None:
        from orchestrator.reports import write_outputs

        with tempfile.TemporaryDirectory(prefix="clinorch-outputs-") as tmp:
            outcome.output_seconds = write_outputs(result, store, tmp, case).seconds
            outcome.files = {str(f.relative_to(tmp)): f.read_bytes() for f in sorted(Path(tmp).rglob("*"))
                             if f.is_file()}

    result = run(case, config, backends=backends, on_result=write if report else None)
    outcome.result_json = result.model_dump_json()
    outcome.seconds = time.perf_counter() - started
    outcome.cpu_seconds = time.process_time() - started_cpu
    return outcome


def load_backends(backends: dict[str, Any], *, config: Config) -> None:
    """What a worker loads before its first case: the graph, the agents and (if none) the configured backends."""
    from orchestrator.graph import default_feedback_readers, default_nodes
    from orchestrator.preflight import build_backends

    default_nodes()
    default_feedback_readers()
    if not backends:
        backends.update(build_backends(config))


def report_folder(out_dir: Path, case_id: str) -> Path:
    """`out_dir/<case_id>/`, the case id made safe as one folder name (its pseudonym when it holds an
    identifier: `privacy.deid.shareable_key`)."""
    name = re.sub(r"[^A-Za-z0-9._-]", "_", shareable_key(case_id)).lstrip(".") or "_"
    return out_dir / name


def result_file(out_dir: Path, case_id: str) -> Path:
    """`out_dir/<case_id>.json`, named like `report_folder` (a pseudonym for an identifying case id)."""
    return out_dir / f"{report_folder(out_dir, case_id).name}.json"


def run_batch(case_files: Sequence[Path], out_dir: Path, config: Config, *, workers: int = 0,
              address: str | None = None, force: bool = False, report: bool = False,
              on_item: Callable[[BatchItem], None] | None = None,
              backends: dict[str, Any] | None = None) -> list[BatchItem]:
    """Runs the cases and writes `out_dir/<case_id>.json` per case and `out_dir/summary.csv`.

    Args:
        case_files: case JSON files.
        out_dir: folder for the results and the summary.
        config: the run configuration every case gets.
        workers: 0 runs in this process; N > 0 runs N Ray workers (a local Ray unless `address`).
        address: an existing Ray cluster (`auto`, `ray://host:10001`); implies Ray.
        force: re-run cases whose result file exists (default: skip them, so a batch resumes).
        report: also write each case's report.md/html, label map, DICOM SEG and FHIR bundle
            under `out_dir/<case_id>/` (a case with a result but no report is run again).
        on_item: called with each item as it finishes (progress displays).
        backends: loaded backends for the local loop (shared across its cases); Ray workers load their own.

    Returns:
        One item per case file, in the order given.

    Raises:
        RayUnavailable: Ray was asked for and is not installed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    items: list[BatchItem | None] = [None] * len(case_files)
    pending: list[tuple[int, Case]] = []
    claimed: dict[Path, Path] = {}  # result file -> the case file whose result it will hold
    for index, path in enumerate(case_files):
        item, case = _prepare(path, out_dir, force, report, claimed)
        if item is not None:
            items[index] = item
            if on_item is not None:
                on_item(item)
        else:
            pending.append((index, case))
    task = partial(run_one, config=config, report=report)
    for position, outcome in map_jobs(task, [case for _, case in pending], workers=workers, address=address,
                                      backends=backends, prepare=partial(load_backends, config=config)):
        index = pending[position][0]
        item = _write(outcome, case_files[index], out_dir)
        items[index] = item
        if on_item is not None:
            on_item(item)
    done = [item for item in items if item is not None]
    write_summary(done, out_dir / "summary.csv")
    return done


def _write(outcome: CaseOutcome, case_file: Path, out_dir: Path) -> BatchItem:
    """Writes a case's result and outputs; its item."""
    result = CaseResult.model_validate_json(outcome.result_json)
    folder = None
    if outcome.files:
        folder = report_folder(out_dir, result.case_id)
        if folder.is_dir():
            shutil.rmtree(folder)  # a forced re-run leaves no key image of the earlier one
        for name, data in outcome.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    result_file(out_dir, result.case_id).write_text(result.model_dump_json(indent=2))
    return BatchItem(shareable_path(str(case_file)), shareable_key(result.case_id), result.status, result.answer, round(outcome.seconds, 3),
                     report=str(folder) if folder else None, cpu_seconds=round(outcome.cpu_seconds, 3))


def _prepare(path: Path, out_dir: Path, force: bool, report: bool,
             claimed: dict[Path, Path]) -> tuple[BatchItem | None, Any]:
    """The case of a file, or the item that says why it will not run (error or skipped).

    Results are stored by case id, so a second case file under a case id this batch already uses is an error, not
    a result written over the first one's; and a stored result whose question is not this case's question belongs
    to another case, so it is neither skipped as done nor overwritten.
    """
    try:
        case = Case.load(path)
    except ValidationError as err:
        return BatchItem(shareable_path(str(path)), None, "error", error=f"not a valid case ({describe_invalid_case(err)})"), None
    except (OSError, ValueError) as err:  # JSONDecodeError is a ValueError
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return BatchItem(shareable_path(str(path)), None, "error", error=f"not a valid case ({type(err).__name__}: {first})"), None
    existing = result_file(out_dir, case.case_id)
    if existing in claimed:
        return BatchItem(shareable_path(str(path)), shareable_key(case.case_id), "error", error=(
            f"case_id {shareable_key(case.case_id)!r} is also the case_id of {shareable_path(str(claimed[existing]))} in "
            "this batch: results are stored by case_id, give each case its own")), None
    claimed[existing] = path
    reported = not report or (report_folder(out_dir, case.case_id) / "report.html").is_file()
    if existing.is_file() and not force:
        try:
            done = CaseResult.model_validate_json(existing.read_text())
        except ValueError:
            return None, case  # a broken earlier result is redone
        if (done.question or None) != (case.question or None):
            return BatchItem(shareable_path(str(path)), shareable_key(case.case_id), "error", error=(
                f"{existing.name} holds another case's result under this case_id (its question differs): give this "
                "case its own case_id, or --force to replace that result")), None
        if reported:
            folder = report_folder(out_dir, case.case_id) if report else None
            return BatchItem(shareable_path(str(path)), shareable_key(case.case_id), "skipped", done.answer,
                             report=str(folder) if folder else None), None
    return None, case


def write_summary(items: Sequence[BatchItem], path: Path) -> None:
    """A CSV with one row per case file: file, case id, status, answer, seconds, error, report folder, CPU seconds."""
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(BatchItem.__dataclass_fields__))
        writer.writeheader()
        for item in items:
            writer.writerow(asdict(item))
