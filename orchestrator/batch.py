"""Many cases: a local loop or a Ray pool, resumable, with a status per case file.

`run_batch` reads each case file, skips cases whose result already exists (unless `force`),
and runs the rest either in this process (one after another, sharing loaded backends) or on
Ray: a local cluster started for the batch (`workers=N`) or an existing one (`address=`).
Each Ray worker is an actor that loads its backends once and keeps them for every case it is
given. A case file that cannot be read is reported as an `error` item; the other cases still
run. Results are the same `CaseResult` JSON as `clinorch run`, whatever ran them.
"""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from core.case import Case, CaseResult
from core.config import Config

ItemStatus = Literal["answered", "abstained", "rejected", "skipped", "error"]


class RayUnavailable(RuntimeError):
    """`workers`/`address` asked for Ray, and Ray is not installed (`pip install clinorch[ray]`)."""


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


def run_batch(case_files: Sequence[Path], out_dir: Path, config: Config, *, workers: int = 0,
              address: str | None = None, force: bool = False,
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
    for index, path in enumerate(case_files):
        item, case = _prepare(path, out_dir, force)
        if item is not None:
            items[index] = item
            if on_item is not None:
                on_item(item)
        else:
            pending.append((index, case))
    results = (_ray_results(pending, config, workers, address) if (workers > 0 or address)
               else _local_results(pending, config, backends if backends is not None else {}))
    for index, result_json, seconds in results:
        result = CaseResult.model_validate_json(result_json)
        (out_dir / f"{result.case_id}.json").write_text(result.model_dump_json(indent=2))
        item = BatchItem(str(case_files[index]), result.case_id, result.status, result.answer, round(seconds, 3))
        items[index] = item
        if on_item is not None:
            on_item(item)
    done = [item for item in items if item is not None]
    write_summary(done, out_dir / "summary.csv")
    return done


def _prepare(path: Path, out_dir: Path, force: bool) -> tuple[BatchItem | None, Any]:
    """The case of a file, or the item that says why it will not run (error or skipped)."""
    try:
        case = Case.load(path)
    except ValidationError as err:
        fields = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors()[:3])
        return BatchItem(str(path), None, "error", error=f"not a valid case ({fields})"), None
    except (OSError, ValueError) as err:  # JSONDecodeError is a ValueError
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return BatchItem(str(path), None, "error", error=f"not a valid case ({type(err).__name__}: {first})"), None
    existing = out_dir / f"{case.case_id}.json"
    if existing.is_file() and not force:
        try:
            done = CaseResult.model_validate_json(existing.read_text())
        except ValueError:
            return None, case  # a broken earlier result is redone
        return BatchItem(str(path), case.case_id, "skipped", done.answer), None
    return None, case


def _local_results(pending: list[tuple[int, Case]], config: Config,
                   backends: dict[str, Any]) -> Iterator[tuple[int, str, float]]:
    from orchestrator.api import run

    for index, case in pending:
        started = time.perf_counter()
        result = run(case, config, backends=backends)
        yield index, result.model_dump_json(), time.perf_counter() - started


def _ray_results(pending: list[tuple[int, Case]], config: Config, workers: int,
                 address: str | None) -> Iterator[tuple[int, str, float]]:
    try:
        import ray
        from ray.util.actor_pool import ActorPool
    except ImportError as err:
        raise RayUnavailable("Ray is not installed: `pip install 'clinorch[ray]'` (or run without --workers/--address)"
                             ) from err
    if not pending:
        return
    started_here = not ray.is_initialized()
    if started_here:
        env = {k: v for k, v in os.environ.items() if k in ("PYTHONPATH", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE",
                                                          "TOKENIZERS_PARALLELISM", "OPENBLAS_NUM_THREADS")}
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": "ERROR",
                                   "runtime_env": {"env_vars": env}}
        if address:
            ray.init(address=address, **options)
        else:
            ray.init(num_cpus=max(1, workers), **options)
    try:
        worker = ray.remote(num_cpus=1)(_CaseWorker)
        count = max(1, workers or int(ray.available_resources().get("CPU", 1)))
        pool = ActorPool([worker.remote(config.model_dump_json()) for _ in range(count)])
        tasks = pool.map_unordered(lambda actor, job: actor.run.remote(*job),
                                   [(index, case.model_dump_json()) for index, case in pending])
        yield from tasks
    finally:
        if started_here:
            ray.shutdown()


class _CaseWorker:
    """A Ray actor: one configuration, backends loaded once, many cases."""

    def __init__(self, config_json: str) -> None:
        self.config = Config.model_validate_json(config_json)
        self.backends: dict[str, Any] = {}

    def run(self, index: int, case_json: str) -> tuple[int, str, float]:
        from orchestrator.api import run

        started = time.perf_counter()
        result = run(Case.model_validate_json(case_json), self.config, backends=self.backends)
        return index, result.model_dump_json(), time.perf_counter() - started


def write_summary(items: Sequence[BatchItem], path: Path) -> None:
    """A CSV with one row per case file: file, case id, status, answer, seconds, error."""
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(BatchItem.__dataclass_fields__))
        writer.writeheader()
        for item in items:
            writer.writerow(asdict(item))
