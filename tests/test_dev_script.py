"""`./dev`'s first-use install: it says it is installing and how long that takes, shows pip's progress line by line,
and stops with a non-zero exit when pip fails (a first-time user watched a silent terminal for 18 minutes). Run on a
copy of the script with a stand-in interpreter whose `pip` succeeds or fails."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]

STAND_IN = """#!/usr/bin/env bash
# stand-in for python3.11: `-m venv DIR` makes DIR/bin/python (this script); `-m pip install` prints pip-like lines
if [[ "$1 $2" == "-m venv" ]]; then mkdir -p "$3/bin"; cp "$0" "$3/bin/python"; exit 0; fi
if [[ "$1 $2 $3" == "-m pip install" ]]; then
  echo "Collecting numpy"; echo "  Using cached numpy-2.0.whl"; echo "Installing collected packages: numpy"
  [[ -n "${PIP_FAILS:-}" ]] && { echo "ERROR: No matching distribution found for numpy" >&2; exit 1; }
  echo "Successfully installed numpy-2.0"; exit 0
fi
exit 0
"""


@pytest.mark.parametrize("pip_fails", [False, True])
def test_first_use_install_shows_progress_and_fails_loudly(tmp_path: Path, pip_fails: bool) -> None:
    shutil.copy(ROOT / "dev", tmp_path / "dev")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    stand_in = tmp_path / "python-stand-in"
    stand_in.write_text(STAND_IN)
    stand_in.chmod(0o755)
    env = {**os.environ, "PYTHON": str(stand_in), **({"PIP_FAILS": "1"} if pip_fails else {})}
    run = subprocess.run(["bash", str(tmp_path / "dev"), "warm"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=60)
    assert "installing the dependencies" in run.stderr and "10-20 min" in run.stderr
    assert "Collecting numpy" in run.stdout and "Installing collected packages" in run.stdout
    assert "Using cached" not in run.stdout  # progress, not pip's every line
    if pip_fails:
        assert run.returncode != 0
        assert "pip install failed" in run.stderr and "No matching distribution" in run.stderr
        assert not (tmp_path / ".venv" / ".installed").exists()
    else:
        assert run.returncode == 0, run.stderr
        assert (tmp_path / ".venv" / ".installed").exists() and "installed in" in run.stderr
