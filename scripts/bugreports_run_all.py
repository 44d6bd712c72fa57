#!/usr/bin/env python
"""Run clinorch (this checkout, `python -m orchestrator.cli`) on every bug-report case and grade it.

    BUGREPORTS=path/to/bugreports .venv/bin/python scripts/bugreports_run_all.py          # all kinds + controls
    BUGREPORTS=path/to/bugreports .venv/bin/python scripts/bugreports_run_all.py KIND ...  # selected kinds

The cases (inputs rebuilt from public bug reports by an independent author: `cases/<kind>/case.json`,
`expected.yaml`) live outside the repository; `BUGREPORTS` names their folder. Runs go to
`BUGREPORT_RUNS` (default `out/bugreport_runs`).

Per case: `clinorch run <case.json> --out runs/<kind>` with HF_HUB_OFFLINE=1 and a 120 s timeout,
then <out>/result.json is read (status answered|abstained|rejected, answer, reasons).

PASS  - answered with the correct number (within tolerance), or
      - rejected/abstained with reasons that name the problem (reason_regex in expected.yaml).
FAIL  - traceback, non-zero exit, timeout, no result.json, a wrong / missing number, an answer where
        only a rejection is acceptable, or a rejection/abstention whose reasons do not name the problem.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(os.environ.get("BUGREPORTS", "bugreports")).resolve()  # the independent author's cases, read only
TREE = Path(__file__).resolve().parent.parent
TIMEOUT_S = 120
RUNS = Path(os.environ.get("BUGREPORT_RUNS", str(TREE / "out" / "bugreport_runs")))
NUM = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|[-+]?\b(?:nan|inf|infinity)\b", re.I)


def first_number(text: str | None):
    if not text:
        return None
    m = NUM.search(str(text))
    if not m:
        return None
    try:
        return float(m.group(0))
    except ValueError:
        return None


def within(x, spec):
    if x is None or x != x or x in (float("inf"), float("-inf")):
        return False
    values = spec.get("values") or [spec["value"]]
    for v in values:
        tol = spec["abs"] if "abs" in spec else abs(v) * spec.get("rel", 0.0)
        if abs(x - v) <= tol:
            return True
    return False


def run_case(case: Path, out: Path):
    out.mkdir(parents=True, exist_ok=True)
    res_file = out / "result.json"
    if res_file.exists():
        res_file.unlink()
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONPATH=str(TREE))
    t0 = time.time()
    try:
        p = subprocess.run([sys.executable, "-m", "orchestrator.cli", "run", str(case), "--out", str(out)], capture_output=True, text=True,
                           timeout=TIMEOUT_S, env=env, cwd=str(HERE))
        rc, so, se, timed_out = p.returncode, p.stdout, p.stderr, False
    except subprocess.TimeoutExpired as e:
        rc, timed_out = None, True
        so = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        se = e.stderr.decode() if isinstance(e.stderr, bytes) else (e.stderr or "")
    dt = time.time() - t0
    (out / "stdout.txt").write_text(so or "")
    (out / "stderr.txt").write_text(se or "")
    result = None
    if res_file.exists():
        try:
            result = json.loads(res_file.read_text())
        except Exception as exc:  # noqa: BLE001
            result = {"_unparseable": repr(exc)}
    return rc, so or "", se or "", timed_out, dt, result


def failed_checks(result):
    out = []
    for e in (result or {}).get("evidence", []) or []:
        if e.get("kind") == "check" and e.get("passed") is False:
            out.append(f"{e.get('id')}: {e.get('reason')}")
    return out


def grade(accept: dict, rc, so, se, timed_out, result):
    """Return (verdict, why)."""
    if timed_out:
        return "FAIL", f"hang: no exit within {TIMEOUT_S} s"
    if "Traceback (most recent call last)" in so + se:
        last = [ln for ln in (se or so).strip().splitlines() if ln.strip()][-1:] or ["?"]
        return "FAIL", f"traceback (rc={rc}): {last[0][:160]}"
    if rc != 0:
        return "FAIL", f"non-zero exit {rc}"
    if result is None:
        return "FAIL", "no result.json"
    if "_unparseable" in result:
        return "FAIL", f"result.json unparseable: {result['_unparseable']}"
    status = result.get("status")
    answer = result.get("answer")
    reasons = result.get("reasons") or []
    reason_text = " | ".join(str(r) for r in reasons)
    if status == "answered":
        spec = accept.get("answer")
        x = first_number(answer)
        if spec is None:
            return "FAIL", f"answered {answer!r} where only a rejection is acceptable"
        if within(x, spec):
            return "PASS", f"answered {answer!r} (correct)"
        return "FAIL", f"wrong number: answered {answer!r}, expected {spec.get('values') or spec.get('value')}"
    if status in ("rejected", "abstained"):
        rx = (accept.get("reject") or {}).get("reason_regex")
        if rx and re.search(rx, reason_text + " " + str(answer or ""), re.I):
            return "PASS", f"{status}: {reason_text[:220]}"
        return "FAIL", f"{status} but the reason does not name the problem: {reason_text[:220] or '(no reasons)'}"
    return "FAIL", f"unknown status {status!r}"


def main(argv):
    exp = yaml.safe_load((HERE / "expected.yaml").read_text())
    kinds = exp["kinds"]
    wanted = argv[1:] or list(kinds)
    RUNS.mkdir(parents=True, exist_ok=True)
    rows, details = [], []
    for kind in wanted:
        case = HERE / "cases" / kind / "case.json"
        rc, so, se, to, dt, result = run_case(case, RUNS / kind)
        verdict, why = grade(kinds[kind]["accept"], rc, so, se, to, result)
        rows.append((kind, verdict, dt, why))
        details.append((kind, result, failed_checks(result)))
        print(f"{verdict:4}  {kind:36} {dt:5.1f}s  {why}", flush=True)

    ctl_rows = []
    if len(argv) == 1:
        print("\n-- clean controls (not scored) --", flush=True)
        for name, c in (exp.get("controls") or {}).items():
            rc, so, se, to, dt, result = run_case(HERE / c["case"], RUNS / "_controls" / name)
            verdict, why = grade({"answer": c["answer"]}, rc, so, se, to, result)
            ctl_rows.append((name, verdict))
            print(f"{verdict:4}  control:{name:28} {dt:5.1f}s  {why}", flush=True)

    print("\n== summary ==")
    print(f"{'kind':36} result")
    for kind, verdict, _, _ in rows:
        print(f"{kind:36} {verdict}")
    n_pass = sum(v == "PASS" for _, v, _, _ in rows)
    print(f"{n_pass}/{len(rows)} PASS")
    if ctl_rows:
        print(f"controls: {sum(v == 'PASS' for _, v in ctl_rows)}/{len(ctl_rows)} PASS")

    print("\n== detail: status / answer / reasons / failed triage checks ==")
    for kind, result, fc in details:
        r = result or {}
        print(f"[{kind}] status={r.get('status')!r} answer={r.get('answer')!r}")
        for x in r.get("reasons") or []:
            print(f"    reason: {x}")
        for x in fc[:6]:
            print(f"    failed check: {x}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
