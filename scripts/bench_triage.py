"""Triage on the adversarial set: invalid inputs rejected for the right reason, valid ones passed.

    .venv/bin/python scripts/bench_triage.py [--root DIR] [--real-understanding] [--verbose]

By default each item's question is read by its labelled intent, so the figures measure triage
alone; `--real-understanding` runs `orchestrator.understanding.understand` on the question text.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agents import triage  # noqa: E402
from agents.triage_checks.adversarial import Item, build_set  # noqa: E402
from agents.triage_checks.common import is_blocking_failure  # noqa: E402
from orchestrator.config import Config  # noqa: E402
from orchestrator.context import Context  # noqa: E402
from orchestrator.state import CaseState  # noqa: E402
from orchestrator.store import ArtifactStore  # noqa: E402


class _Runtime:
    """The part of langgraph's Runtime a node uses: its context."""

    def __init__(self, context: Context) -> None:
        self.context = context


def run_item(item: Item, understand: Callable[[str | None, Any], Any] | None = None) -> dict[str, Any]:
    """Runs triage on one item; returns its status, failed blocking checks and reasons."""
    original = triage._understand
    triage._understand = understand or (lambda question, choices: item.intent)  # type: ignore[assignment]
    try:
        context = Context(config=Config(), store=ArtifactStore(item.case.case_id))
        started = time.perf_counter()
        update = triage.node(CaseState(case=item.case), _Runtime(context))  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
    finally:
        triage._understand = original  # type: ignore[assignment]
    failed = sorted({e.name for e in update["evidence"] if is_blocking_failure(e)})
    return {
        "status": update.get("status"),
        "failed": failed,
        "reasons": update.get("reasons", []),
        "track": update.get("track"),
        "seconds": seconds,
    }


def score(items: list[Item], outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    """Share of invalid items rejected for a right reason; share of valid items rejected."""
    invalid = [(i, o) for i, o in zip(items, outcomes, strict=True) if not i.valid]
    valid = [(i, o) for i, o in zip(items, outcomes, strict=True) if i.valid]
    right = [i.name for i, o in invalid if o["status"] == "rejected" and set(o["failed"]) & i.expected]
    wrong_reason = [i.name for i, o in invalid if o["status"] == "rejected" and not set(o["failed"]) & i.expected]
    missed = [i.name for i, o in invalid if o["status"] != "rejected"]
    false_rejections = [i.name for i, o in valid if o["status"] == "rejected"]
    return {
        "invalid": len(invalid),
        "valid": len(valid),
        "right_reason_share": len(right) / len(invalid) if invalid else 1.0,
        "false_rejection_share": len(false_rejections) / len(valid) if valid else 0.0,
        "wrong_reason": wrong_reason,
        "missed": missed,
        "false_rejections": false_rejections,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None, help="folder for the generated files (default: a temp dir)")
    parser.add_argument("--real-understanding", action="store_true", help="read questions with understand()")
    parser.add_argument("--verbose", action="store_true", help="one line per item")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    understand = None
    if args.real_understanding:
        from orchestrator.understanding import understand
    with tempfile.TemporaryDirectory() as tmp:
        root = args.root or Path(tmp)
        started = time.perf_counter()
        items = build_set(root)
        built = time.perf_counter() - started
        outcomes = [run_item(item, understand) for item in items]
    result = score(items, outcomes)
    if args.verbose:
        for item, outcome in zip(items, outcomes, strict=True):
            expect = "valid" if item.valid else "/".join(sorted(item.expected))
            got = outcome["status"] or "passed"
            print(
                f"{item.name:38s} {item.source:12s} expect {expect:24s} -> {got:8s} {','.join(outcome['failed']):28s} "
                f"{outcome['seconds']:.2f}s"
            )
            for reason in outcome["reasons"]:
                print(f"{'':40s}{reason}")
    total = sum(o["seconds"] for o in outcomes)
    print(
        f"adversarial set: {result['invalid']} invalid, {result['valid']} valid "
        f"(built in {built:.1f} s, triaged in {total:.1f} s)"
    )
    print(f"invalid inputs rejected for the right reason: {result['right_reason_share']:.1%}")
    print(f"valid inputs wrongly rejected: {result['false_rejection_share']:.1%}")
    for key in ("wrong_reason", "missed", "false_rejections"):
        if result[key]:
            print(f"{key}: {', '.join(result[key])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
