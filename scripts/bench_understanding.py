"""Question understanding on question files and benchmark suites: accuracy and latency.

    python scripts/bench_understanding.py [tests/data/questions_heldout.yaml] [--show-errors]
    python scripts/bench_understanding.py --suite out/suite/benchmark/test_qa.json [--show-errors]

A suite (`clinorch bench make-suite`) is read twice per record: the free-text `question` and the
multiple-choice form (the stem of `mc_question` with its lettered options). Accuracy is given per
subtype and split by the suite's `template_heldout` flag.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from questions.understanding import Understanding  # noqa: E402


def evaluate(path: Path, understanding: Understanding) -> dict:
    """Accuracy of task and organ over the questions of one file, and per-question latency."""
    records = yaml.safe_load(path.read_text())["questions"]
    task_ok = organ_ok = organ_n = lesion_ok = lesion_n = negated_ok = 0
    errors, other_errors, latencies = [], [], []
    for r in records:
        started = time.perf_counter()
        intent = understanding.understand(r["q"], r.get("choices"))
        latencies.append((time.perf_counter() - started) * 1000)
        task_ok += intent.task == r["task"]
        if "organ" in r:
            organ_n += 1
            organ_ok += intent.organ == r["organ"]
        if "lesion" in r:
            lesion_n += 1
            lesion_ok += intent.lesion == r["lesion"]
        negated_ok += intent.negated == bool(r.get("negated", False))
        if intent.task != r["task"] or ("organ" in r and intent.organ != r["organ"]):
            errors.append((r["q"], r["task"], r.get("organ"), intent.task, intent.organ))
        if "lesion" in r and intent.lesion != r["lesion"]:
            other_errors.append(("lesion", r["q"], r["lesion"], intent.lesion))
        if intent.negated != bool(r.get("negated", False)):
            other_errors.append(("negated", r["q"], bool(r.get("negated", False)), intent.negated))
    return {
        "questions": len(records), "task_accuracy": task_ok / len(records),
        "organ_accuracy": organ_ok / max(organ_n, 1), "lesion_accuracy": lesion_ok / max(lesion_n, 1),
        "polarity_accuracy": negated_ok / len(records), "median_ms": statistics.median(latencies),
        "p95_ms": sorted(latencies)[int(0.95 * (len(latencies) - 1))], "errors": errors,
        "other_errors": other_errors,
    }


def split_mc(mc_question: str) -> tuple[str, dict[str, str]]:
    """The stem and the lettered options of a suite's `mc_question`."""
    stem, choices = [], {}
    for line in mc_question.splitlines():
        match = re.match(r"^\s*([A-H])\s*[:.)]\s*(.+)$", line)
        if match:
            choices[match.group(1)] = match.group(2).strip()
        elif not choices:
            stem.append(line)
    return " ".join(stem).strip(), choices


def evaluate_suite(path: Path, understanding: Understanding) -> dict:
    """Task accuracy over a suite's records (free text and choice form), per subtype and template split."""
    records = json.loads(path.read_text())["questions"]
    per: dict[tuple[bool, str], list[int]] = defaultdict(lambda: [0, 0])
    errors = []
    for r in records:
        want, held = r["question_subtype"], bool(r.get("template_heldout"))
        forms = [("free", r["question"], None)]
        if r.get("mc_question"):
            stem, choices = split_mc(r["mc_question"])
            forms.append(("mc", stem, choices or None))
        for form, text, choices in forms:
            got = understanding.understand(text, choices).task
            cell = per[(held, want)]
            cell[0] += got == want
            cell[1] += 1
            if got != want:
                errors.append((held, form, r.get("template_id"), text, want, got))
    split = {}
    for held in (False, True):
        ok = sum(v[0] for (h, _), v in per.items() if h == held)
        n = sum(v[1] for (h, _), v in per.items() if h == held)
        split["held-out templates" if held else "seen templates"] = (ok, n)
    return {"per_subtype": dict(per), "split": split, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", default=[])
    parser.add_argument("--suite", action="append", default=[], help="a suite's test_qa.json")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    files = args.files or ([] if args.suite else ["tests/data/questions_heldout.yaml"])
    started = time.perf_counter()
    understanding = Understanding()
    print(f"load: {time.perf_counter() - started:.2f} s")
    for name in files:
        out = evaluate(Path(name), understanding)
        print(f"{name}: {out['questions']} questions, task {out['task_accuracy']:.3f}, organ {out['organ_accuracy']:.3f}, "
              f"lesion {out['lesion_accuracy']:.3f}, polarity {out['polarity_accuracy']:.3f}, "
              f"median {out['median_ms']:.1f} ms, p95 {out['p95_ms']:.1f} ms")
        if args.show_errors:
            for q, task, organ, got_task, got_organ in out["errors"]:
                print(f"  {q!r}: want {task}/{organ}, got {got_task}/{got_organ}")
            for field, q, want, got in out["other_errors"]:
                print(f"  {q!r}: want {field} {want}, got {got}")
    for name in args.suite:
        out = evaluate_suite(Path(name), understanding)
        print(f"{name}:")
        for label, (ok, n) in out["split"].items():
            print(f"  {label}: {ok}/{n} = {ok / max(n, 1):.3f}")
        for (held, subtype), (ok, n) in sorted(out["per_subtype"].items(), key=lambda kv: (kv[0][0], kv[0][1])):
            if ok < n:
                print(f"  {'held' if held else 'seen'} {subtype}: {ok}/{n}")
        if args.show_errors:
            for held, form, template, text, want, got in out["errors"]:
                print(f"  [{'held' if held else 'seen'} {form} {template}] {text!r}: want {want}, got {got}")


if __name__ == "__main__":
    main()
