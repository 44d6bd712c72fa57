"""Batch throughput: the local loop against 1 and 2 Ray workers, on small phantom cases.

    .venv/bin/python scripts/bench_batch.py [--cases 8] [--workers 1,2] [--report] [--segment]
                                           [--out out/bench_batch]

Writes N small phantoms (160 x 128 x 40, `synthetic.phantom`, varied seeds, lesions and spleens)
with a full work-up case file each into a temporary folder, then times, each in a fresh process,
`clinorch batch CASES --force -q` (the local loop) and the same with `--workers W`. Wall time
includes everything a user waits for: Python start, backends loading (once in the loop, once
per Ray worker), Ray start and stop. From each run's summary.csv it takes the time of each case
inside its worker (warm, backends loaded: the first case of a worker also pays the loading).

Prints one table: wall seconds, cases per minute, speed-up against 1 Ray worker, scaling
efficiency (throughput(W) / (W x throughput(1))), the median per-case seconds, the overhead
(wall - the cases' own seconds / W: start, loading, Ray), and the command; then the machine's load
average before and after.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPLEENS = ("none", "mild", "moderate", "none")
KIDNEYS = ("none", "cyst", "solid", "none")


def make_cases(folder: Path, n: int, provided_masks: bool) -> list[Path]:
    """N phantom cases (work-ups) with their case files."""
    sys.path.insert(0, str(ROOT))
    from synthetic.phantom import PhantomSpec, make_phantom

    files = []
    for seed in range(n):
        case_dir = folder / f"case{seed:02d}"
        make_phantom(case_dir, PhantomSpec(seed=seed, liver_lesions=seed % 3, splenomegaly=SPLEENS[seed % 4],
                                           kidney_lesion=KIDNEYS[(seed // 2) % 4]))
        image = {"path": "ct.nii.gz", "modality": "CT", **({"masks": "segmentations"} if provided_masks else {})}
        (case_dir / "case.json").write_text(json.dumps({"case_id": f"bench{seed:02d}", "images": [image]}))
        files.append(case_dir / "case.json")
    return files


def run_batch(cases: list[Path], out: Path, workers: int, report: bool) -> dict:
    """One `clinorch batch` in a fresh process: wall seconds, per-case seconds, statuses, the command."""
    command = [sys.executable, "-m", "orchestrator.cli", "batch", *map(str, cases), "--out", str(out), "--force", "-q"]
    command += ["--workers", str(workers)] if workers else []
    command += ["--report"] if report else []
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
           "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"batch (workers={workers}) exited with {done.returncode}: {done.stderr[-2000:]}")
    rows = list(csv.DictReader((out / "summary.csv").open()))
    shown = ["clinorch", "batch", f"CASES({len(cases)})", *command[4 + len(cases):]]
    return {"workers": workers, "wall_s": wall, "case_s": [float(r["seconds"]) for r in rows],
            "statuses": sorted({r["status"] for r in rows}), "command": " ".join(shown)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=8)
    parser.add_argument("--workers", default="1,2", help="Ray worker counts to time, comma-separated.")
    parser.add_argument("--report", action="store_true", help="Also write every case's report, SEG and FHIR.")
    parser.add_argument("--segment", action="store_true", help="Segment (default: the phantoms' provided masks).")
    parser.add_argument("--out", type=Path, default=Path("out/bench_batch"))
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="clinorch-bench-batch-") as tmp:
        cases = make_cases(Path(tmp), args.cases, provided_masks=not args.segment)
        runs = [run_batch(cases, args.out / "local", 0, args.report)]
        for workers in (int(w) for w in args.workers.split(",")):
            runs.append(run_batch(cases, args.out / f"ray{workers}", workers, args.report))
    load_after = os.getloadavg()
    one = next((r for r in runs if r["workers"] == 1), None)
    header = (f"{'mode':<10}{'wall s':>8}{'cases/min':>11}{'speed-up':>10}{'efficiency':>12}{'case s (med)':>14}"
              f"{'overhead s':>12}  command")
    print(f"{args.cases} small phantom work-ups ({'segmented' if args.segment else 'provided masks'}"
          f"{', with reports' if args.report else ''}), {os.cpu_count()} CPUs")
    print(header)
    for run in runs:
        rate = 60 * args.cases / run["wall_s"]
        mode = f"ray {run['workers']}" if run["workers"] else "local"
        if one is not None and run["workers"]:
            speedup = one["wall_s"] / run["wall_s"]
            cells = f"{speedup:>9.2f}x{speedup / run['workers']:>11.0%} "
        else:
            cells = f"{'-':>10}{'-':>12}"
        overhead = run["wall_s"] - sum(run["case_s"]) / max(1, run["workers"])
        print(f"{mode:<10}{run['wall_s']:>8.1f}{rate:>11.1f}{cells}{statistics.median(run['case_s']):>14.2f}"
              f"{overhead:>12.1f}  {run['command']}")
    print(f"load average (1, 5, 15 min) before {tuple(round(x, 2) for x in load_before)}, "
          f"after {tuple(round(x, 2) for x in load_after)}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench_batch.json").write_text(json.dumps({"runs": runs, "load_before": load_before,
                                                           "load_after": load_after, "cases": args.cases}, indent=1))


if __name__ == "__main__":
    main()
