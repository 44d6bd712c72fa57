"""A one-command process loads with the cyclic collector paused and gives the same results."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from orchestrator import startup
from synthetic.phantom import PhantomSpec, make_phantom

ROOT = Path(__file__).resolve().parents[1]


def _timing_free(value: object) -> object:
    """A result without its durations and timestamps (the only fields two runs may differ in)."""
    if isinstance(value, dict):
        return {k: _timing_free(v) for k, v in value.items() if k not in ("duration_s", "started_at", "finished_at")}
    if isinstance(value, list):
        return [_timing_free(v) for v in value]
    return value


def test_in_process_loading_changes_nothing() -> None:
    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    with startup.loading():
        assert gc.isenabled() == enabled
    assert gc.get_freeze_count() == frozen and gc.isenabled() == enabled


@pytest.mark.parametrize("collector", ["enabled", "disabled"])
@pytest.mark.parametrize("fails", [False, True])
def test_one_command_loading_pauses_the_collector_then_restores_it(collector: str, fails: bool) -> None:
    code = ("import gc\nfrom orchestrator import startup\n"
            f"{'gc.disable()' if collector == 'disabled' else ''}\n"
            "startup.one_command_process()\n"
            "try:\n"
            "    with startup.loading():\n"
            "        assert not gc.isenabled()\n"
            "        import json, decimal\n"
            f"        {'raise KeyError(1)' if fails else 'pass'}\n"
            "except KeyError:\n    pass\n"
            f"assert gc.isenabled() == {collector == 'enabled'}\n"
            "assert gc.get_freeze_count() > 1000, gc.get_freeze_count()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]


@pytest.mark.parametrize("question", ["What is the volume of the spleen in ml?", None])
def test_the_cli_process_result_equals_the_in_process_run(tmp_path: Path, question: str | None) -> None:
    import orchestrator

    make_phantom(tmp_path / "case", PhantomSpec(seed=5, shape=(96, 80, 24), spacing=(3.5, 3.5, 8.0)))
    case = {"case_id": "startup", "images": [{"path": str(tmp_path / "case" / "ct.nii.gz")}], "question": question}
    (tmp_path / "case.json").write_text(json.dumps(case))
    expected = json.loads(orchestrator.run(case).model_dump_json())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-m", "orchestrator.cli", "run", str(tmp_path / "case.json"), "--quiet",
                          "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    written = json.loads((tmp_path / "out" / "result.json").read_text())
    assert written["status"] in ("answered", "abstained")
    assert _timing_free(written) == _timing_free(expected)
