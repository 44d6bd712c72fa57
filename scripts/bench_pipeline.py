"""Speed and memory of a whole case, cold and warm, against a process that only reads the CT.

    .venv/bin/python scripts/bench_pipeline.py [--size small|full|both] [--repeat 3] [--out out/bench_pipeline]
                                              [--provided-masks]

The project's bytecode is written first (as a wheel install does). For each size, in one run and
in fresh processes (cold: Python started, nothing cached in memory), alternating so that both see the same machine load:
  read   `python -c` that imports nibabel and reads ct.nii.gz into float32 (the floor);
  cold   `clinorch run CASE.json` (the CLI a user types);
  warm   the same case a second time inside one process (backends already loaded).
Prints the median wall time, CPU time (user + system: steadier than wall time on a shared machine)
and peak RSS of each, the ratios cold/read (wall and CPU), warm/read and
peak-RSS(cold)/peak-RSS(read), the 1-minute load average at the start and end, and the per-node
times of the last cold run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = {
    "small": "What is the longest axial diameter of the largest pancreatic tumor, in mm?",
    "full": "Is there a kidney tumor?",
}
"""A question each size's phantom answers with classical segmentation (its truth: a 30 mm pancreatic tumour,
a 25 mm solid kidney lesion). At full size (0.8 mm voxels) the phantom's one-voxel fat planes vanish on
the segmenter's 2.4 mm working grid, organs touch, and its landmark stage takes over. The full-size
question asks whether the tumour exists: since the classical lesion search vouches only for the lesions it
finds (an empty kidney cyst mask is unknown), "the largest kidney lesion's diameter" abstains there, and a
figure that times an abstention times no reasoning."""
READ = ("import sys, nibabel as nib, numpy as np; img = nib.load(sys.argv[1]); "
        "a = np.asarray(img.dataobj, dtype=np.float32); print(a.shape)")
WARM = ("import sys, time, json, orchestrator; b = {}; orchestrator.run(sys.argv[1], backends=b); "
        "t = time.perf_counter(); r = orchestrator.run(sys.argv[1], backends=b); "
        "print(json.dumps({'warm_s': time.perf_counter() - t, 'status': r.status}))")


def timed(command: list[str]) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS in MB, stdout and CPU seconds (user + system) of one fresh process."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    out = process.stdout.read().decode() if process.stdout else ""
    if status != 0:
        raise RuntimeError(f"{command[:4]} exited with {status}")
    return seconds, usage.ru_maxrss / 1024, out, usage.ru_utime + usage.ru_stime


def make_case(out: Path, full_size: bool, provided_masks: bool) -> Path:
    sys.path.insert(0, str(ROOT))
    from synthetic.phantom import PhantomSpec, make_phantom

    folder = out / ("full" if full_size else "small")
    if not (folder / "ct.nii.gz").exists():
        make_phantom(folder, PhantomSpec(seed=3, pancreatic_tumor_mm=30.0, kidney_lesion="solid", full_size=full_size))
    case = {"case_id": f"bench-{folder.name}", "question": QUESTIONS[folder.name],
            "images": [{"path": "ct.nii.gz", "modality": "CT", **({"masks": "segmentations"} if provided_masks else {})}]}
    (folder / "case.json").write_text(json.dumps(case))
    return folder


def measure(folder: Path, repeat: int) -> dict:
    python = sys.executable
    ct, case = str(folder / "ct.nii.gz"), str(folder / "case.json")
    reads, colds, warms = [], [], []
    load_before = os.getloadavg()[0]
    for _ in range(repeat):
        read = timed([python, "-c", READ, ct])
        reads.append((read[0], read[1], read[3]))
        cold = timed([python, "-m", "orchestrator.cli", "run", case, "--out", str(folder / "run")])
        colds.append((cold[0], cold[1], cold[3]))
        warms.append(json.loads(timed([python, "-c", WARM, case])[2].strip().splitlines()[-1])["warm_s"])
    read_s, read_mb = statistics.median(r[0] for r in reads), statistics.median(r[1] for r in reads)
    cold_s, cold_mb = statistics.median(c[0] for c in colds), statistics.median(c[1] for c in colds)
    read_cpu, cold_cpu = statistics.median(r[2] for r in reads), statistics.median(c[2] for c in colds)
    warm_s = statistics.median(warms)
    result = json.loads((folder / "run" / "result.json").read_text())
    nodes = {s["node"]: round(s["duration_s"], 3) for s in result["trace"] if not s.get("tool")}
    return {"read_s": round(read_s, 3), "cold_s": round(cold_s, 3), "warm_s": round(warm_s, 3),
            "cold_over_read": round(cold_s / read_s, 2), "warm_over_read": round(warm_s / read_s, 2),
            "read_peak_rss_mb": round(read_mb), "cold_peak_rss_mb": round(cold_mb),
            "rss_cold_over_read": round(cold_mb / read_mb, 2),
            "read_cpu_s": round(read_cpu, 3), "cold_cpu_s": round(cold_cpu, 3),
            "cold_over_read_cpu": round(cold_cpu / read_cpu, 2),
            "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)], "status": result["status"],
            "question": result.get("question"), "answer": result.get("answer"), "cold_nodes_s": nodes, "runs": repeat}


PACKAGES = ("orchestrator", "agents", "core", "imaging", "questions", "privacy", "retrieval", "knowledge", "benchmarks")


def compile_bytecode() -> None:
    """Writes the project's bytecode, as installing a wheel does, so cold runs time a user's install.

    Without it (an editable checkout with PYTHONDONTWRITEBYTECODE=1, as on the shared machine)
    every cold run also compiles clinorch's ~300 modules from source: 0.15-0.2 s of CPU more.
    """
    import compileall

    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=["small", "full", "both"], default="small")
    parser.add_argument("--repeat", type=int, default=3, help="paired runs per size (medians are printed)")
    parser.add_argument("--out", type=Path, default=Path("out/bench_pipeline"))
    parser.add_argument("--provided-masks", action="store_true", help="use the phantom's masks (oracle)")
    args = parser.parse_args()
    compile_bytecode()
    sizes = ["small", "full"] if args.size == "both" else [args.size]
    report = {}
    for size in sizes:
        folder = make_case(args.out.resolve(), size == "full", args.provided_masks)
        report[size] = measure(folder, args.repeat)
        print(f"{size}: {json.dumps(report[size])}", flush=True)
        if report[size]["status"] != "answered":
            print(f"warning: the {size} case was {report[size]['status']}: its figures time no answer", file=sys.stderr)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
