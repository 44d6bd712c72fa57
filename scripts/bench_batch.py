"""Batch throughput: the local loop against 1 and 2 Ray workers, on small phantom cases.

    .venv/bin/python scripts/bench_batch.py [--cases 8] [--workers 1,2] [--report] [--segment] [--processes]
                                           [--out out/bench_batch]

Writes N small phantoms (160 x 128 x 40, `synthetic.phantom`, varied seeds, lesions and spleens)
with a full work-up case file each into a temporary folder, then times, each in a fresh process,
`clinorch batch CASES --force -q` (the local loop) and the same with `--workers W`. Wall time
includes everything a user waits for: Python start, backends loading (once in the loop, once
per Ray worker), Ray start and stop. From each run's summary.csv it takes the time of each case
inside its worker (warm, backends loaded: the first case of a worker also pays the loading) and,
where the batch records it, the CPU time of the worker process while the case ran.

Prints one table: wall seconds, cases per minute, speed-up against 1 Ray worker, scaling
efficiency (throughput(W) / (W x throughput(1))), the median per-case seconds (wall and CPU), the overhead
(wall - the cases' own seconds / W: start, loading, Ray), the CPU seconds (user + system) of the
batch process and all its descendants, Ray's processes included (`TreeCPU`: the figure to compare
on a busy machine, where wall time waits for other people's work), and the command; then the
machine's load average before and after; with `--processes`, each run's CPU seconds per program
(the clinorch driver, Ray's workers, GCS, raylet, dashboard, agents and monitors).
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
import threading
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


class TreeCPU:
    """CPU seconds (user + system) of a process and all its descendants, read from /proc every 0.2 s.

    Ray's processes (GCS, raylet, workers) descend from the driver but are not all reaped by it, so
    `wait4` misses their time; here each descendant's last seen `utime + stime` counts (at most
    0.2 s of a process's end is missed). Linux only; elsewhere it reports nothing.
    """

    def __init__(self, root: int) -> None:
        self.root, self.seen, self.names, self.stop = root, {}, {}, threading.Event()
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _stat(self, pid: str) -> tuple[int, int, float] | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        return int(fields[1]), int(fields[19]), (int(fields[11]) + int(fields[12])) / self.tick  # ppid, start, cpu

    def _poll(self) -> None:
        while not self.stop.wait(0.2):
            stats = {}
            for entry in os.scandir("/proc"):
                if entry.name.isdigit() and (stat := self._stat(entry.name)) is not None:
                    stats[int(entry.name)] = stat
            tree, grew = {self.root}, True
            while grew:
                grew = False
                for pid, (ppid, _, _) in stats.items():
                    if ppid in tree and pid not in tree:
                        tree.add(pid)
                        grew = True
            for pid in tree:
                if pid in stats:
                    self.seen[(pid, stats[pid][1])] = stats[pid][2]
                    if (pid, stats[pid][1]) not in self.names:
                        self.names[(pid, stats[pid][1])] = _label(pid)

    def total(self) -> float:
        """Stops polling; the summed CPU seconds seen."""
        self.stop.set()
        self.thread.join()
        return sum(self.seen.values())

    def by_program(self) -> dict[str, tuple[int, float]]:
        """Processes and CPU seconds per program (clinorch, a Ray worker, Ray's GCS, raylet, ...)."""
        out: dict[str, tuple[int, float]] = {}
        for key, cpu in self.seen.items():
            count, total = out.get(self.names.get(key, "?"), (0, 0.0))
            out[self.names.get(key, "?")] = (count + 1, total + cpu)
        return dict(sorted(out.items(), key=lambda item: -item[1][1]))


def _label(pid: int) -> str:
    """A short name for a process: its script (`default_worker.py`, `dashboard.py`) or program."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return "?"
    if len(argv) > 2 and argv[1] == "-m":
        return f"python -m {argv[2]}"
    scripts = [Path(a).name for a in argv[1:3] if a.endswith(".py")]
    return scripts[0] if scripts else Path(argv[0]).name


def run_batch(cases: list[Path], out: Path, workers: int, report: bool) -> dict:
    """One `clinorch batch` in a fresh process: wall seconds, per-case seconds, statuses, the command."""
    command = [sys.executable, "-m", "orchestrator.cli", "batch", *map(str, cases), "--out", str(out), "--force", "-q"]
    command += ["--workers", str(workers)] if workers else []
    command += ["--report"] if report else []
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
           "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
        tree = TreeCPU(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        tree_cpu = tree.total()
        if status != 0:
            stderr.seek(0)
            raise RuntimeError(f"batch (workers={workers}) exited with {status}: {stderr.read()[-2000:].decode()}")
    rows = list(csv.DictReader((out / "summary.csv").open()))
    shown = ["clinorch", "batch", f"CASES({len(cases)})", *command[4 + len(cases):]]
    return {"workers": workers, "wall_s": wall, "cpu_s": max(tree_cpu, usage.ru_utime + usage.ru_stime),
            "programs": tree.by_program(),
            "case_s": [float(r["seconds"]) for r in rows],
            "case_cpu_s": [float(r["cpu_seconds"]) for r in rows if r.get("cpu_seconds")],
            "statuses": sorted({r["status"] for r in rows}), "command": " ".join(shown)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=8)
    parser.add_argument("--workers", default="1,2", help="Ray worker counts to time, comma-separated.")
    parser.add_argument("--report", action="store_true", help="Also write every case's report, SEG and FHIR.")
    parser.add_argument("--segment", action="store_true", help="Segment (default: the phantoms' provided masks).")
    parser.add_argument("--out", type=Path, default=Path("out/bench_batch"))
    parser.add_argument("--processes", action="store_true",
                        help="Also print each run's CPU seconds per program (clinorch, Ray's workers and services).")
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
              f"{'case CPU s':>12}{'overhead s':>12}{'CPU s':>8}  command")
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
        case_cpu = f"{statistics.median(run['case_cpu_s']):>12.2f}" if run["case_cpu_s"] else f"{'-':>12}"
        print(f"{mode:<10}{run['wall_s']:>8.1f}{rate:>11.1f}{cells}{statistics.median(run['case_s']):>14.2f}"
              f"{case_cpu}{overhead:>12.1f}{run['cpu_s']:>8.1f}  {run['command']}")
    if args.processes:
        for run in runs:
            cells = ", ".join(f"{name} x{count} {cpu:.2f}" for name, (count, cpu) in run["programs"].items())
            print(f"{'ray ' + str(run['workers']) if run['workers'] else 'local'}: CPU s by program: {cells}")
    print(f"load average (1, 5, 15 min) before {tuple(round(x, 2) for x in load_before)}, "
          f"after {tuple(round(x, 2) for x in load_after)}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench_batch.json").write_text(json.dumps({"runs": runs, "load_before": load_before,
                                                           "load_after": load_after, "cases": args.cases}, indent=1))


if __name__ == "__main__":
    main()
