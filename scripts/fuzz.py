"""Fuzzes `orchestrator.run` with mutated NIfTI, DICOM, PNG and case JSON inputs, bounded in count and time.

Seeds are a small phantom (``ct.nii.gz`` and an uncompressed ``.nii``), the same volume as a DICOM
series, a single DICOM slice, a PNG, and a case JSON (`fuzz_mutations.py`). Hypothesis draws one
mutation per input (header fields, byte flips, truncation, zero-filled tails, tag values, odd VRs,
huge declared sizes, case fields).

Inputs run in a pool of long-lived worker processes (imports and models loaded once per worker),
each running many inputs. The parent enforces a deadline per input: a worker that gives no outcome
in time is killed, the input counted as a hang, and a fresh worker takes its place. Each outcome is
counted:

- ``rejected`` / ``answered`` / ``abstained``: a result;
- ``misuse``: a typed error for misuse (an invalid case: pydantic's ValidationError, InvalidCaseError);
- ``escaped``: any other exception (listed by type and message), or a worker that died mid-input;
- ``hang``: no outcome within the timeout (the worker is killed and replaced).

Inputs whose mutation breaks an integrity check the pipeline can make (gzip CRC or length, a
file shorter than its header announces) are marked; an ``answered`` on such an input is counted
apart as ``answered_on_corrupt``.

    nice -n 10 python scripts/fuzz.py --count 10000 --workers 2 --timeout 30 --seed 31
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz_mutations import KNOWLEDGE_QUESTION, QUESTION, draw_mutant, make_seeds  # noqa: E402

Outcome = str  # rejected | answered | abstained | misuse | escaped | hang | answered_on_corrupt
BATCH = 10  # inputs per Hypothesis batch handed to a worker
HARNESS_COUNTS = ("unwritable_mutation", "harness_stall", "harness_error")  # not inputs to run()
WARMUP_S = 600.0  # a worker's imports and first case, on a loaded machine


def questions_for(quick: bool) -> list[str | None]:
    """The questions drawn per image: knowledge only (`quick`, no segmentation) or the full mix."""
    if quick:
        return [KNOWLEDGE_QUESTION, "what value " * 1000]
    return [QUESTION, QUESTION, None, KNOWLEDGE_QUESTION, "what value " * 1000, "a." * 20000]


def classify(case: Any, backends: dict[str, Any]) -> tuple[Outcome, str]:
    """Runs one case; the outcome and, for an escaped exception, its type, message and place."""
    from pydantic import ValidationError

    import orchestrator
    from core.case import InvalidCaseError

    try:
        result = orchestrator.run(case, backends=backends)
    except (ValidationError, InvalidCaseError) as exc:
        return "misuse", type(exc).__name__
    except Exception as exc:  # noqa: BLE001 - the point is to count what escapes
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        return "escaped", f"{type(exc).__name__}: {str(exc)[:120]} at {Path(tb.filename).name}:{tb.lineno}"
    return result.status, ""


# -- the worker ------------------------------------------------------------------------------


def worker_main(conn: Connection, seeds: dict[str, str], quick: bool) -> None:
    """A long-lived worker: loads once, then runs the batches the parent sends, reporting each input.

    Messages to the parent: ``("ready",)``; per input ``("start", label, corrupt)`` then
    ``("done", outcome, detail)`` (or ``("unwritable",)``); ``("batch_end",)``.
    """
    import torch
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis import strategies as st

    torch.set_num_threads(1)
    seed_paths = {k: Path(v) for k, v in seeds.items()}
    questions = questions_for(quick)
    backends: dict[str, Any] = {}
    classify({"case_id": "warm", "images": [{"path": seeds["nii_gz"]}], "question": QUESTION}, backends)
    root = Path(tempfile.mkdtemp(prefix="clinorch-fuzz-w"))
    conn.send(("ready",))

    def one(data: st.DataObject) -> None:
        work = Path(tempfile.mkdtemp(dir=root))
        try:
            try:
                mutant = draw_mutant(seed_paths, work, data, questions)
            except (OSError, ValueError, TypeError, OverflowError):  # pydicom cannot write every mutation
                conn.send(("unwritable",))
                return
            conn.send(("start", mutant.label, mutant.corrupt))
            conn.send(("done", *classify(mutant.case, backends)))
        finally:
            shutil.rmtree(work, ignore_errors=True)

    try:
        while True:
            message = conn.recv()
            if message[0] == "stop":
                return
            _, batch_seed, size = message
            try:
                settings(max_examples=size, deadline=None, database=None, suppress_health_check=list(HealthCheck),
                         phases=[Phase.generate])(hypothesis_seed(batch_seed)(given(st.data())(one)))()  # fmt: skip
            except Exception as exc:  # noqa: BLE001 - a fault of the harness, reported, never silent
                conn.send(("harness_error", f"{type(exc).__name__}: {str(exc)[:200]}"))
            conn.send(("batch_end",))
    finally:
        shutil.rmtree(root, ignore_errors=True)


# -- the pool --------------------------------------------------------------------------------


@dataclass
class Worker:
    """The parent's view of one worker: its process, pipe, batch and the input it is running."""

    process: Any
    conn: Connection
    ready: bool = False
    busy: bool = False  # a batch was sent and its batch_end has not come back
    assigned: int = 0  # inputs of the current batch not yet reported
    label: str | None = None  # the input running now
    corrupt: bool = False
    since: float = field(default_factory=time.monotonic)


class Pool:
    """Workers that run batches of fuzzed inputs; the parent holds the clock."""

    def __init__(self, workers: int, seeds: dict[str, str], quick: bool, timeout: float, target: Any) -> None:
        self.context = multiprocessing.get_context("spawn")
        self.seeds, self.quick, self.timeout, self.target = seeds, quick, timeout, target
        self.workers = [self._spawn() for _ in range(workers)]

    def _spawn(self) -> Worker:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(target=self.target, args=(child_end, self.seeds, self.quick), daemon=True)
        process.start()
        child_end.close()
        return Worker(process, parent_end)

    def replace(self, worker: Worker) -> int:
        """Kills `worker` and starts a fresh one in its place; the inputs of its batch left unrun."""
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self.workers[self.workers.index(worker)] = self._spawn()
        return max(worker.assigned - (1 if worker.label else 0), 0) if worker.busy else 0

    def overdue(self, worker: Worker, now: float) -> bool:
        """A busy or loading worker without a message within the deadline (input timeout, or warm-up)."""
        if worker.ready and not worker.busy:
            return False  # idle
        return now - worker.since > (self.timeout if worker.ready else WARMUP_S)

    def close(self) -> None:
        """Asks each worker to stop, then makes sure it has."""
        for worker in self.workers:
            try:
                worker.conn.send(("stop",))
            except OSError:
                pass
        for worker in self.workers:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()


@dataclass
class Tally:
    """Outcome counts overall and by mutation, and the findings worth reading."""

    counts: Counter[str] = field(default_factory=Counter)
    by_label: dict[str, Counter[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    verbose: bool = False

    def add(self, label: str, corrupt: bool, outcome: Outcome, detail: str) -> None:
        """Counts one input's outcome (an answer on a corrupt input counted apart)."""
        if outcome == "answered" and corrupt:
            outcome = "answered_on_corrupt"
        self.counts[outcome] += 1
        self.by_label.setdefault(label, Counter())[outcome] += 1
        if outcome in ("escaped", "hang", "answered_on_corrupt"):
            self.problems.append(f"{label}: {outcome} {detail}")
        if self.verbose:
            sys.stderr.write(f"{self.inputs} {label} {outcome} {detail}\n")

    @property
    def inputs(self) -> int:
        """Inputs with an outcome (unwritable mutations are not inputs)."""
        return sum(n for k, n in self.counts.items() if k not in HARNESS_COUNTS)


def _handle(pool: Pool, worker: Worker, tally: Tally) -> int:
    """Reads one message from `worker`; returns inputs handed back to the queue (a worker that died)."""
    try:
        message = worker.conn.recv()
    except (EOFError, OSError):
        worker.process.join(timeout=10)
        if worker.label is not None:
            tally.add(worker.label, worker.corrupt, "escaped", f"worker died (exit {worker.process.exitcode})")
        return pool.replace(worker)
    worker.since = time.monotonic()
    kind = message[0]
    if kind == "ready":
        worker.ready = True
    elif kind == "start":
        worker.label, worker.corrupt = message[1], message[2]
    elif kind == "done":
        tally.add(worker.label or "?", worker.corrupt, message[1], message[2])
        worker.label, worker.assigned = None, worker.assigned - 1
    elif kind == "unwritable":  # not an input: left in the batch's count, so drawn again
        tally.counts["unwritable_mutation"] += 1
    elif kind == "harness_error":
        tally.counts["harness_error"] += 1
        tally.problems.append(f"harness: {message[1]}")
    elif kind == "batch_end":  # only now is the worker idle: one batch in flight per worker, never a backlog
        left, worker.assigned, worker.busy = worker.assigned, 0, False  # Hypothesis may run fewer than asked
        return max(left, 0)
    return 0


def fuzz(
    count: int,
    timeout: float = 30.0,
    seed: int = 0,
    budget_s: float | None = None,
    verbose: bool = False,
    quick: bool = False,
    workers: int = 2,
    target: Any = worker_main,
) -> dict[str, Any]:
    """Runs `count` fuzzed inputs (or until `budget_s` seconds of fuzzing); the outcome counts and findings.

    `quick` asks only a knowledge question with each image (read and checked in full, no
    segmentation), for a short run in CI. The budget starts when the first worker is ready.
    `target` is the worker's function (tests put a scripted worker there to check the clock).
    """
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core per worker
    tally = Tally(verbose=verbose)
    with tempfile.TemporaryDirectory(prefix="clinorch-fuzz-") as tmp:
        seeds = {k: str(v) for k, v in make_seeds(Path(tmp) / "seeds").items()}
        pool = Pool(workers, seeds, quick, timeout, target)
        started: float | None = None
        queued, batch = count, 0  # inputs not yet handed to a worker
        try:
            while tally.inputs < count and (queued > 0 or any(w.busy for w in pool.workers)):
                now = time.monotonic()
                over_budget = started is not None and budget_s is not None and now - started >= budget_s
                if over_budget and not any(w.busy for w in pool.workers):
                    break
                for worker in list(pool.workers):
                    if worker.ready and not worker.busy and queued > 0 and not over_budget:
                        size = min(BATCH, queued)
                        worker.conn.send(("batch", seed * 100_003 + batch, size))
                        worker.assigned, worker.busy, worker.since = size, True, now
                        queued, batch = queued - size, batch + 1
                    elif pool.overdue(worker, now):
                        if worker.label is not None:
                            tally.add(worker.label, worker.corrupt, "hang", f"no outcome in {timeout:.0f} s")
                        elif worker.ready:
                            tally.counts["harness_stall"] += 1  # no input running: the generator stalled
                        queued += pool.replace(worker)
                for conn in wait([w.conn for w in pool.workers], timeout=1.0):
                    worker = next(w for w in pool.workers if w.conn is conn)
                    was_ready = worker.ready
                    queued += _handle(pool, worker, tally)
                    if worker.ready and not was_ready and started is None:
                        started = time.monotonic()  # the budget is for fuzzing, not for loading
        finally:
            pool.close()
    seconds = time.monotonic() - started if started is not None else 0.0
    return {
        "inputs": tally.inputs,
        "workers": workers,
        "seconds": round(seconds, 1),
        "inputs_per_second": round(tally.inputs / seconds, 2) if seconds else 0.0,
        "outcomes": dict(tally.counts),
        "by_mutation": {k: dict(v) for k, v in sorted(tally.by_label.items())},
        "problems": tally.problems[:50],
    }


def main() -> None:
    """Prints the outcome counts as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per input before it counts as a hang")
    parser.add_argument("--budget", type=float, default=None, help="stop after this many seconds of fuzzing")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2, help="long-lived worker processes")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--quick", action="store_true", help="knowledge questions only (no segmentation)")
    args = parser.parse_args()
    report = fuzz(args.count, args.timeout, args.seed, args.budget, args.verbose, args.quick, args.workers)
    sys.stdout.write(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
