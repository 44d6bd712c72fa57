"""Question understanding on a question file: task and organ accuracy, latency per question.

    python scripts/bench_understanding.py [tests/data/questions_heldout.yaml] [--show-errors]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import yaml

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from orchestrator.understanding import Understanding  # noqa: E402


def evaluate(path: Path, understanding: Understanding) -> dict:
    """Accuracy of task and organ over the questions of one file, and per-question latency."""
    records = yaml.safe_load(path.read_text())["questions"]
    task_ok = organ_ok = organ_n = 0
    errors, latencies = [], []
    for r in records:
        started = time.perf_counter()
        intent = understanding.understand(r["q"], r.get("choices"))
        latencies.append((time.perf_counter() - started) * 1000)
        task_ok += intent.task == r["task"]
        if "organ" in r:
            organ_n += 1
            organ_ok += intent.organ == r["organ"]
        if intent.task != r["task"] or ("organ" in r and intent.organ != r["organ"]):
            errors.append((r["q"], r["task"], r.get("organ"), intent.task, intent.organ))
    return {
        "questions": len(records), "task_accuracy": task_ok / len(records),
        "organ_accuracy": organ_ok / max(organ_n, 1), "median_ms": statistics.median(latencies),
        "p95_ms": sorted(latencies)[int(0.95 * (len(latencies) - 1))], "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", default=["tests/data/questions_heldout.yaml"])
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    understanding = Understanding()
    print(f"load: {time.perf_counter() - started:.2f} s")
    for name in args.files:
        out = evaluate(Path(name), understanding)
        print(f"{name}: {out['questions']} questions, task {out['task_accuracy']:.3f}, organ {out['organ_accuracy']:.3f}, "
              f"median {out['median_ms']:.1f} ms, p95 {out['p95_ms']:.1f} ms")
        if args.show_errors:
            for q, task, organ, got_task, got_organ in out["errors"]:
                print(f"  {q!r}: want {task}/{organ}, got {got_task}/{got_organ}")


if __name__ == "__main__":
    main()
