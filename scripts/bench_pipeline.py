"""Speed of a whole case through the graph, against the time to just read the file.

    .venv/bin/python scripts/bench_pipeline.py [--full-size] [--repeat 3] [--out out/bench]

Prints, in one run: read time of ct.nii.gz alone, wall time of the case end to end on the
embedded defaults, each node's time, the orchestration overhead (end to end minus the time
inside nodes), their ratios, and the peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full-size", action="store_true", help="512 x 512 x 300 phantom")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("out/bench_pipeline"))
    parser.add_argument("--provided-masks", action="store_true", help="use the phantom's masks (oracle)")
    args = parser.parse_args()

    import orchestrator
    from imaging.volume import read_image
    from synthetic.phantom import PhantomSpec, make_phantom

    case_dir = args.out / ("full" if args.full_size else "small")
    if not (case_dir / "ct.nii.gz").exists():
        t0 = time.perf_counter()
        make_phantom(case_dir, PhantomSpec(seed=3, pancreatic_tumor_mm=30.0, kidney_lesion="solid", full_size=args.full_size))
        print(f"phantom written in {time.perf_counter() - t0:.1f} s")
    ct = case_dir / "ct.nii.gz"
    image = read_image(ct)
    print(f"volume {image.array.shape} spacing {tuple(round(s, 3) for s in image.spacing)} "
          f"({ct.stat().st_size / 1e6:.1f} MB on disk)")

    read_times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        read_image(ct)
        read_times.append(time.perf_counter() - t0)
    read_s = statistics.median(read_times)

    case = {
        "case_id": "bench",
        "images": [{"path": str(ct), "modality": "CT",
                    **({"masks": str(case_dir / "segmentations")} if args.provided_masks else {})}],
        "question": "What is the longest axial diameter of the largest pancreatic tumor, in mm?",
    }
    backends: dict = {}
    orchestrator.run(case, backends=backends)  # warm: loads the embedder and builds the index once
    runs = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        result = orchestrator.run(case, backends=backends)
        runs.append((time.perf_counter() - t0, result))
    total_s, result = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
    nodes = [step for step in result.trace if step.tool is None]  # tool steps are nested inside nodes
    in_nodes = sum(step.duration_s for step in nodes)
    overhead = total_s - in_nodes
    print(f"\nstatus {result.status}, answer {result.answer!r}")
    print(f"{'node':14s} {'seconds':>9s}")
    for step in nodes:
        print(f"{step.node:14s} {step.duration_s:9.3f}")
    figures = {
        "read_s": round(read_s, 3),
        "end_to_end_s": round(total_s, 3),
        "end_to_end_over_read": round(total_s / read_s, 2),
        "orchestration_overhead_s": round(overhead, 4),
        "orchestration_overhead_pct": round(100 * overhead / total_s, 2),
        "peak_rss_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2, 2),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
