"""Predicted-mode DeepTumorVQA on a suite, each CT segmented once: accuracy, wrong letters, abstentions.

    .venv/bin/python scripts/bench_predicted.py ROOT OUT [--limit N]

`clinorch bench deeptumorvqa --mode predicted` segments the CT once per question; the classical segmenter is
deterministic, so here its result is kept per CT file for the run (the pipeline is otherwise the same:
`benchmarks.runner.run_benchmark`). Prints the totals and each wrong letter with its subtype and answer text.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()

    from agents.segmenters.classical import ClassicalSegmenter
    from benchmarks.records import load_records
    from benchmarks.runner import BenchOptions, run_benchmark

    segment = ClassicalSegmenter.segment
    memo: dict[tuple, object] = {}

    def once(self, image, *a, **k):  # type: ignore[no-untyped-def]
        key = (str(getattr(image, "source", "")), tuple(image.array.shape), a, tuple(sorted(k.items(), key=str)))
        if key not in memo:
            memo[key] = segment(self, image, *a, **k)
        return memo[key]

    ClassicalSegmenter.segment = once  # type: ignore[method-assign]
    questions = args.root / "benchmark" / "test_qa.json"
    run_benchmark(BenchOptions(questions=questions, data_dir=args.root, out=args.out, mode="predicted",
                               limit=args.limit, resume=True))
    truth = {r.qid: r for r in load_records(questions)}
    rows = [json.loads(line) for line in (args.out / "predictions.jsonl").read_text().splitlines() if line]
    right = sum(r["prediction"] == truth[r["qid"]].correct_option for r in rows)
    wrong = [r for r in rows if r["prediction"] and r["prediction"] != truth[r["qid"]].correct_option]
    abstained = sum(not r["prediction"] for r in rows)
    print(json.dumps({"questions": len(rows), "accuracy": round(right / max(len(rows), 1), 3), "right": right,
                      "wrong": len(wrong), "abstained": abstained}))
    for r in wrong:
        record = truth[r["qid"]]
        answer = (r.get("result") or {}).get("answer") or ""
        print(f"WRONG {r['qid']} {record.question_subtype}: said {r['prediction']} want {record.correct_option} "
              f"({record.answer}) | {answer[:160]}")


if __name__ == "__main__":
    main()
