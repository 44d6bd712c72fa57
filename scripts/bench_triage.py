"""Triage on the adversarial set: invalid inputs rejected for the right reason, valid ones passed.

    .venv/bin/python scripts/bench_triage.py [--root DIR] [--real-understanding] [--verbose]

By default each item's question is read by its labelled intent, so the figures measure triage
alone; `--real-understanding` reads the question text with `questions.understanding`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synthetic.adversarial import build_set, score, triage_item  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None, help="folder for the generated files (default: a temp dir)")
    parser.add_argument("--real-understanding", action="store_true", help="read questions with understand()")
    parser.add_argument("--verbose", action="store_true", help="one line per item, with the reasons")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    understand = None
    if args.real_understanding:
        from questions.understanding import understand
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        items = build_set(args.root or Path(tmp))
        built = time.perf_counter() - started
        outcomes = [triage_item(item, understand) for item in items]
    result = score(items, outcomes)
    if args.verbose:
        for item, outcome in zip(items, outcomes, strict=True):
            expect = "valid" if item.valid else "/".join(sorted(item.expected))
            got = outcome["status"] or "passed"
            failed = ",".join(outcome["failed"])
            print(f"{item.name:36s} {item.source:12s} {expect:24s} -> {got:8s} {failed:26s} {outcome['track']:10s}")
            for reason in outcome["reasons"]:
                print(f"{'':38s}{reason}")
    seconds = sum(o["seconds"] for o in outcomes)
    print(
        f"adversarial set: {result['invalid']} invalid, {result['valid']} valid inputs "
        f"(built in {built:.1f} s, triaged in {seconds:.1f} s)"
    )
    print(f"invalid inputs rejected for the right reason: {result['right_reason_share']:.1%}")
    print(f"valid inputs wrongly rejected: {result['false_rejection_share']:.1%}")
    for key in ("wrong_reason", "missed", "false_rejections"):
        if result[key]:
            print(f"{key}: {', '.join(result[key])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
