"""A short run of the fuzz harness (`scripts/fuzz.py`): nothing escapes, nothing hangs, nothing
corrupt is answered; and the pool's clock: a worker that hangs or dies is counted, killed and
replaced. The long run is measured by hand (see docs/triage.md)."""

from __future__ import annotations

import os
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from fuzz import fuzz  # noqa: E402


def test_a_short_fuzz_run_has_no_escape_no_hang_no_answer_on_corrupt_input() -> None:
    report = fuzz(count=300, timeout=20.0, seed=2, budget_s=40.0, quick=True, workers=2)  # ~6 inputs/s quiet
    outcomes = report["outcomes"]
    assert report["inputs"] >= 30, report  # a real sample even on a 2-core machine at load 10
    assert outcomes.get("rejected", 0) > 0 and outcomes.get("answered", 0) > 0, outcomes
    assert not report["problems"], report["problems"]
    assert outcomes.get("escaped", 0) == outcomes.get("hang", 0) == outcomes.get("answered_on_corrupt", 0) == 0


def _first(flag: Path) -> bool:
    """True for the one process that creates `flag` (atomic across workers)."""
    try:
        os.close(os.open(flag, os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return False
    return True


def scripted_worker(conn: Connection, seeds: dict[str, str], quick: bool) -> None:
    """Speaks the worker protocol; input 3 of the first batch hangs, input 5 kills the process.

    A flag file beside the seeds makes each misbehaviour happen once (the replacement behaves).
    """
    flags = Path(seeds["png"]).parent
    conn.send(("ready",))
    while (message := conn.recv())[0] != "stop":
        for index in range(message[2]):
            conn.send(("start", f"scripted:{index}", index == 1))
            for n, act in ((3, "hang"), (5, "die")):
                if index == n and _first(flags / act):
                    if act == "hang":
                        time.sleep(3600)
                    os._exit(3)
            conn.send(("done", "answered", ""))
        conn.send(("batch_end",))


def test_the_pool_counts_a_hang_and_a_dead_worker_and_replaces_them() -> None:
    started = time.monotonic()
    report = fuzz(count=30, timeout=2.0, seed=0, workers=2, target=scripted_worker)
    outcomes = report["outcomes"]
    assert outcomes["hang"] == 1, report
    assert outcomes["escaped"] == 1 and "worker died (exit 3)" in " ".join(report["problems"]), report
    assert outcomes["answered_on_corrupt"] >= 2, report  # input 1 of each batch is marked corrupt
    assert report["inputs"] == 30, report  # the killed batches' unrun inputs went back to the queue
    assert time.monotonic() - started < 120  # the hang cost its timeout, not an hour
