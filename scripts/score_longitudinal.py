"""Prior-study questions and RECIST on material written by others (the fresh folders), scored.

    .venv/bin/python scripts/score_longitudinal.py questions --fresh FRESH_DIR
    .venv/bin/python scripts/score_longitudinal.py recist --fresh FRESH_DIR [--cases 4] [--out out/longitudinal]

`questions`: every fresh question labelled `recist response` or `organ volume change`, and every
fresh knowledge question that names RECIST, through question understanding; prints each reading
and the count read as labelled (task, and organ where labelled).
`recist`: the fresh phantom suite's cases with liver tumours; for each, a prior is derived with
every lesion at 70% of its size (the current shows growth: PD expected) and at 160% (shrinkage:
PR expected), and the pair goes through the real graph. Prints each outcome and the count right.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
LONGITUDINAL = ("recist response", "organ volume change")


def score_questions(fresh: Path) -> None:
    import yaml

    from questions.understanding import understand

    rows: list[dict[str, Any]] = []
    for path in sorted((fresh / "questions").glob("questions_fresh_*.yaml")):
        data = yaml.safe_load(path.read_text())
        items = data if isinstance(data, list) else next(v for v in data.values() if isinstance(v, list))
        rows += [it for it in items if it.get("task") in LONGITUDINAL
                 or (it.get("q") and re.search(r"recist", it["q"], re.I))]
    right = 0
    for item in rows:
        intent = understand(item["q"])
        ok = intent.task == item["task"] and (item["task"] == "knowledge question" or item.get("organ") in (None, intent.organ))
        right += ok
        print(json.dumps({"ok": ok, "label": item["task"], "read": intent.task, "organ": intent.organ, "q": item["q"]}))
    print(json.dumps({"read_as_labelled": right, "of": len(rows)}))


def score_recist(fresh: Path, cases: int, out: Path) -> None:
    import nibabel as nib
    import numpy as np

    import orchestrator
    from synthetic.pairs import EVERY_LESION, derive_study

    root = fresh / "phantoms" / "suiteA_complete" / "benchmark" / "ct"
    with_tumours = [d for d in sorted(root.iterdir())
                    if (m := d / "segmentations" / "liver_tumor.nii.gz").exists() and np.asanyarray(nib.load(m).dataobj).any()]
    backends: dict[Any, Any] = {}
    rows = []
    for folder in with_tumours[:cases]:
        for scenario, factor, expected in (("growth", 0.7, "PD"), ("shrinkage", 1.6, "PR")):
            prior = out / f"{folder.name}_{scenario}"
            if not (prior / "ct.nii.gz").exists():
                derive_study(folder, prior, (factor,) * 10, lesions=EVERY_LESION)
            case = {"case_id": f"{folder.name}-{scenario}",
                    "question": "What is the RECIST 1.1 response compared with the prior study?",
                    "images": [{"path": str(folder / "ct.nii.gz"), "masks": str(folder / "segmentations")},
                               {"path": str(prior / "ct.nii.gz"), "masks": str(prior / "segmentations"),
                                "role": "prior", "acquired": "2026-01-01"}]}
            result = orchestrator.run(case, backends=backends)
            measured = result.evidence_by_id().get("measurement:recist:response")
            row = {"case": folder.name, "scenario": scenario, "expected": expected, "status": result.status,
                   "measured": measured.value if measured else None, "answer": (result.answer or "")[:40],
                   "ok": result.status == "answered" and f"({expected})" in (result.answer or ""),
                   "reasons": result.reasons[:2]}
            rows.append(row)
            print(json.dumps(row), flush=True)
    print(json.dumps({"right": sum(r["ok"] for r in rows), "of": len(rows)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("questions", "recist"))
    parser.add_argument("--fresh", type=Path, required=True, help="folder of the independent material (questions/, phantoms/)")
    parser.add_argument("--cases", type=int, default=4)
    parser.add_argument("--out", type=Path, default=Path("out/longitudinal"))
    args = parser.parse_args()
    if args.what == "questions":
        score_questions(args.fresh)
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        score_recist(args.fresh, args.cases, args.out)


if __name__ == "__main__":
    main()
