"""Kill -9 a checkpointed run at many points, resume it in a new process, compare with a clean run.

    .venv/bin/python scripts/bench_resume.py [--cases demo,volume,report,knowledge,recist] [--out out/bench_resume]
    .venv/bin/python scripts/bench_resume.py --full-size      # disk left behind by one full-size case

For each case type the parent process runs the case once without checkpoints (the reference),
then for each kill point forks a child that runs the case with a checkpoint file and sends
itself SIGKILL at that point, and forks a second child that runs the same case again (a new
process: it must resume, not restart) and writes its result. Kill points, for every node the
case passes through: `start:<node>` (the node begins: the last checkpoint is on disk) and
`writes:<node>` (the node's writes are saved as pending writes, the next checkpoint is not).
A resumed result must equal the reference except for durations. After the kills, the same case
id is used for a different question: it must be refused (never answered with the first case's
state). Children are forked from a parent that already loaded the models, so a point costs
seconds, not a model load; each child is still a separate process with its own memory.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("OMP_NUM_THREADS", "1")

NODES = ("triage", "segmentation", "measurement", "knowledge", "reasoner", "reviewer", "finalize")
DEMO = Path(__file__).resolve().parent.parent / "demos" / "demo_case.json"


def make_cases(out: Path, full_size: bool = False) -> dict[str, dict[str, Any]]:
    """Case types: the demo's question, an organ volume, a full work-up, a knowledge question, RECIST."""
    from synthetic.pairs import derive_study
    from synthetic.phantom import PhantomSpec, make_phantom

    demo = json.loads(DEMO.read_text())
    cur, pri = out / ("full" if full_size else "current"), out / ("full_prior" if full_size else "prior")
    if not (cur / "ct.nii.gz").exists():
        make_phantom(cur, PhantomSpec(**demo["phantom"], full_size=full_size))
    if not full_size and not (pri / "ct.nii.gz").exists():
        derive_study(cur, pri, (0.7, 0.7))  # the same patient, liver lesions at 70% of their size
    image = {"path": str(cur / "ct.nii.gz"), "masks": str(cur / "segmentations")}
    prior = {"path": str(pri / "ct.nii.gz"), "masks": str(pri / "segmentations"), "role": "prior",
             "acquired": "2026-01-15"}
    cases = {
        "demo": {**demo["case"], "images": [image]},
        "volume": {"case_id": "volume", "images": [image], "question": "What is the volume of the spleen in mL?"},
        "report": {"case_id": "report", "images": [image]},
        "knowledge": {"case_id": "knowledge", "question": "What pancreatic tumor size defines AJCC T2?"},
        "recist": {"case_id": "recist", "images": [image, prior],
                   "question": "What is the RECIST 1.1 response compared with the prior study?"},
    }
    return cases


def comparable(result: Any) -> dict[str, Any]:
    """The result without wall-clock durations (everything else must be identical)."""
    data = json.loads(result.model_dump_json())
    for step in data.get("trace", []):
        step.pop("duration_s", None)
    return data


def child_run(case: dict[str, Any], db: Path, kill_at: str | None, out_file: Path | None) -> None:
    """Runs the case with checkpoints in this (forked) process; SIGKILLs itself at `kill_at`."""
    from orchestrator import saver
    from orchestrator.api import run

    current = {"node": None}
    if kill_at is not None:
        phase, _, node = kill_at.partition(":")
        original = saver.LatestOnlySaver.put_writes

        def put_writes(self: Any, config: Any, writes: Any, task_id: str, task_path: str = "") -> None:
            original(self, config, writes, task_id, task_path)
            steps = [step for channel, value in writes if channel == "trace" for step in value]
            if phase == "writes" and any(step.node == node for step in steps):  # this node's writes are saved
                os.kill(os.getpid(), signal.SIGKILL)

        saver.LatestOnlySaver.put_writes = put_writes  # type: ignore[method-assign]

    def on_event(event: dict[str, Any]) -> None:
        if event["event"] == "start":
            current["node"] = event["node"]
            if kill_at == f"start:{event['node']}":
                os.kill(os.getpid(), signal.SIGKILL)

    result = run(case, {"checkpoint": str(db)}, on_event=on_event)
    if out_file is not None:
        out_file.write_text(result.model_dump_json())


def fork(fn: Any, *args: Any) -> int:
    """Runs `fn(*args)` in a forked child; returns its wait status."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            fn(*args)
        except BaseException as exc:  # noqa: BLE001 - report anything and exit non-zero
            print(f"child failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return status


def bench_case(name: str, case: dict[str, Any], out: Path) -> dict[str, Any]:
    from core.case import CaseResult
    from orchestrator.api import run

    reference = run(case)
    nodes = [s.node for s in reference.trace if s.node in NODES]
    points = [f"{phase}:{node}" for node in dict.fromkeys(nodes) for phase in ("start", "writes")]
    rows = []
    for point in points:
        db = out / f"{name}_{point.replace(':', '_')}.sqlite"
        for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            leftover.unlink(missing_ok=True)
        status = fork(child_run, case, db, point, None)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        result_file = out / f"{name}_{point.replace(':', '_')}.json"
        resumed = fork(child_run, case, db, None, result_file)
        same = False
        if os.WIFEXITED(resumed) and os.WEXITSTATUS(resumed) == 0:
            again = CaseResult.model_validate_json(result_file.read_text())
            same = comparable(again) == comparable(reference)
        other = dict(case, question="How many liver lesions are there?", choices=None)
        refused = fork(_expect_conflict, other, db)
        rows.append({"case": name, "point": point, "killed": killed, "identical": same,
                     "other_case_refused": os.WIFEXITED(refused) and os.WEXITSTATUS(refused) == 0})
        print(json.dumps(rows[-1]), flush=True)
    return {"case": name, "status": reference.status, "answer": reference.answer, "points": rows}


def _expect_conflict(case: dict[str, Any], db: Path) -> None:
    from orchestrator.api import CaseConflictError, run

    try:
        run(case, {"checkpoint": str(db)})
    except CaseConflictError:
        return
    raise AssertionError("a different case under a used id was not refused")


def disk_left(out: Path) -> None:
    """Disk used by one checkpointed full-size case: kept (checkpoint + artifacts) and after it finishes."""
    from orchestrator.api import run

    case = make_cases(out, full_size=True)["volume"]
    for keep in (True, False):
        db = out / f"full_keep{int(keep)}.sqlite"
        t0 = time.perf_counter()
        run(case, {"checkpoint": str(db), "keep_checkpoint": keep})
        files = [p for p in out.glob(f"{db.name}*") if p.is_file()] + list(Path(f"{db}.artifacts").rglob("*"))
        size = sum(p.stat().st_size for p in files if p.is_file())
        print(json.dumps({"full_size": True, "keep_checkpoint": keep, "bytes_left": size,
                          "files": len([p for p in files if p.is_file()]), "seconds": round(time.perf_counter() - t0, 1)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default="demo,volume,report,knowledge,recist")
    parser.add_argument("--out", type=Path, default=Path("out/bench_resume"))
    parser.add_argument("--full-size", action="store_true", help="only measure the disk a full-size case leaves")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.full_size:
        disk_left(args.out)
        return
    cases = make_cases(args.out)
    summary = [bench_case(name, cases[name], args.out) for name in args.cases.split(",")]
    rows = [r for s in summary for r in s["points"]]
    print(json.dumps({"cases": len(summary), "kill_points": len(rows), "killed": sum(r["killed"] for r in rows),
                      "identical_after_resume": sum(r["identical"] for r in rows),
                      "other_case_refused": sum(r["other_case_refused"] for r in rows)}))
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
