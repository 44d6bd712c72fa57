"""`orchestrator.pool`'s Ray worker, without Ray: it loads once with the collector paused and shares the cores."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import Config
from orchestrator.batch import load_backends

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> None:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]


@pytest.mark.parametrize("threads", [1, None])
def test_a_worker_prepares_once_with_the_collector_paused_then_runs_jobs_with_it_on(threads: int | None) -> None:
    code = ("import gc, numpy, threadpoolctl\n"
            "from orchestrator.pool import _Worker\n"
            "blas = lambda: sorted({i['num_threads'] for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas'})\n"
            "before, seen = blas(), []\n"
            "def prepare(backends):\n"
            "    seen.append(gc.isenabled())\n"
            "    backends['factor'] = 3\n"
            "def task(job, backends):\n"
            "    return job * backends['factor'], gc.isenabled()\n"
            f"worker = _Worker(task, prepare, {threads!r})\n"
            "assert seen == [False], seen\n"  # loaded with the collector paused ...
            "assert gc.isenabled() and gc.get_freeze_count() > 1000, gc.get_freeze_count()\n"  # ... then frozen
            "assert worker.run(4, 5) == (4, (15, True)) and worker.run(0, 1) == (0, (3, True)) and seen == [False]\n"
            f"assert blas() == ({[threads]!r} if {threads!r} else before), (blas(), before)\n")
    _run(code)


def test_a_worker_without_prepare_loads_on_its_first_job_and_freezes_nothing() -> None:
    _run("import gc\nfrom orchestrator.pool import _Worker\n"
         "worker = _Worker(lambda job, backends: backends.setdefault('seen', job))\n"
         "assert gc.get_freeze_count() == 0 and worker.run(0, 'a') == (0, 'a') and worker.run(1, 'b') == (1, 'a')\n")


def test_load_backends_builds_the_configured_backends_only_when_none_are_given() -> None:
    built: dict = {}
    load_backends(built, config=Config())
    assert set(built) == {"segmenter", "reasoner"}
    given = {"segmenter": object()}
    load_backends(given, config=Config())
    assert list(given) == ["segmenter"]  # the caller's backends are kept, nothing rebuilt beside them
