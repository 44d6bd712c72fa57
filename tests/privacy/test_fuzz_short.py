"""A short run of the fuzz harness (`scripts/fuzz.py`): nothing escapes, nothing hangs, nothing
corrupt is answered. The long run is measured by hand (see docs/privacy.md)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_short_fuzz_run_has_no_escape_no_hang_no_answer_on_corrupt_input() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from fuzz import fuzz

    report = fuzz(count=150, timeout=20.0, seed=2, budget_s=35.0, quick=True, forked=False)
    outcomes = report["outcomes"]
    assert report["inputs"] >= 20, report  # a real sample even on a loaded 2-core machine
    assert outcomes.get("rejected", 0) > 0 and outcomes.get("answered", 0) > 0, outcomes
    assert not report["problems"], report["problems"]
    assert outcomes.get("escaped", 0) == outcomes.get("hang", 0) == outcomes.get("answered_on_corrupt", 0) == 0
