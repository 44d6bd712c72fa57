"""Injected-error suite for the attending reviewer: share of corrupted answers caught, share of correct ones flagged.

Correct answers come from hand-built evidence (one abdomen, a question per DeepTumorVQA subtype)
and, with `--source phantom`, from synthetic CT phantoms run through the whole graph (triage,
segmentation from the provided masks, measurement, knowledge, the guideline reasoner, the
reviewer). Each correct answer is then corrupted in every applicable way (tests/agents/corruptions.py).

    python scripts/bench_reviewer.py [--source handbuilt|phantom|both] [--out report.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.agents.corruptions import CORRUPTIONS  # noqa: E402
from tests.agents.reasoning_cases import QUESTIONS, review_of, solve  # noqa: E402

PHANTOMS = {
    "BDMAP_00000001": dict(seed=7, liver_lesions=3, kidney_lesion="cyst", pancreatic_tumor_mm=24.0, splenomegaly="mild"),
    "BDMAP_00000002": dict(seed=11, liver_lesions=1, kidney_lesion="solid", kidney_lesion_side="left", fatty_liver=True,
                           splenomegaly="severe"),
    "BDMAP_00000003": dict(seed=3, liver_lesions=0, pancreatic_steatosis=True, pancreatic_tumor_mm=12.0),
}


class Tally:
    """Caught / total per corruption kind, and false alarms on correct answers."""

    def __init__(self) -> None:
        self.caught: Counter[str] = Counter()
        self.total: Counter[str] = Counter()
        self.correct = 0
        self.flagged: list[str] = []
        self.missed: list[str] = []

    def report(self) -> dict[str, Any]:
        kinds = {k: {"caught": self.caught[k], "total": self.total[k],
                     "share": round(self.caught[k] / self.total[k], 4) if self.total[k] else None} for k in CORRUPTIONS}
        total = sum(self.total.values())
        return {"corrupted": total, "caught": sum(self.caught.values()),
                "catch_rate": round(sum(self.caught.values()) / total, 4) if total else None,
                "correct": self.correct, "false_alarms": len(self.flagged),
                "false_alarm_rate": round(len(self.flagged) / self.correct, 4) if self.correct else None,
                "by_kind": kinds, "flagged": self.flagged, "missed": self.missed}


def handbuilt(tally: Tally) -> None:
    for q in QUESTIONS:
        intent, answer, evidence = solve(q)
        if answer is None:
            continue
        tally.correct += 1
        if not review_of(q, intent, answer, evidence).consistent:
            tally.flagged.append(f"handbuilt {q.subtype}: {answer.text[:80]!r}")
        for kind, corrupt in CORRUPTIONS.items():
            bad = corrupt(answer, q.choices)
            if bad is None or bad == answer:
                continue
            tally.total[kind] += 1
            if review_of(q, intent, bad, evidence).consistent:
                tally.missed.append(f"handbuilt {kind} / {q.subtype}: {bad.text[:100]!r}")
            else:
                tally.caught[kind] += 1


def phantom(tally: Tally, folder: Path) -> None:
    from agents.reviewer import review_result
    from core.case import Case
    from orchestrator.api import run
    from synthetic.phantom import PhantomSpec, make_phantom

    backends: dict[str, Any] = {}
    for image_id, spec in PHANTOMS.items():
        case_dir = folder / image_id
        make_phantom(case_dir, PhantomSpec(**spec))
        for q in QUESTIONS:
            numeric_choices = q.choices and any(ch[:1].isdigit() for ch in q.choices.values())
            choices = None if numeric_choices else q.choices
            case = Case(case_id=image_id, question=q.question or None, choices=choices,
                        images=[{"path": str(case_dir / "ct.nii.gz"), "masks": str(case_dir / "segmentations"), "modality": "CT"}])
            result = run(case, backends=backends)
            if result.status != "answered" or result.answer_detail is None:
                continue
            tally.correct += 1
            if not review_result(result, case).consistent:
                tally.flagged.append(f"{image_id} {q.subtype}: {result.answer_detail.text[:80]!r}")
            for kind, corrupt in CORRUPTIONS.items():
                bad = corrupt(result.answer_detail, choices)
                if bad is None or bad == result.answer_detail:
                    continue
                tally.total[kind] += 1
                forged = result.model_copy(update={"answer_detail": bad, "answer": bad.choice or bad.text})
                if review_result(forged, case).consistent:
                    tally.missed.append(f"{image_id} {kind} / {q.subtype}: {bad.text[:100]!r}")
                else:
                    tally.caught[kind] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", choices=["handbuilt", "phantom", "both"], default="handbuilt")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    tally = Tally()
    if args.source in ("handbuilt", "both"):
        handbuilt(tally)
    if args.source in ("phantom", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            phantom(tally, Path(tmp))
    report = tally.report()
    report["seconds"] = round(time.perf_counter() - started, 1)
    print(f"correct answers {report['correct']}, false alarms {report['false_alarms']}; corrupted {report['corrupted']}, "
          f"caught {report['caught']} ({report['catch_rate']:.2%})")
    for kind, row in report["by_kind"].items():
        print(f"  {kind:52s} {row['caught']:4d}/{row['total']:<4d}")
    for line in report["missed"] + report["flagged"]:
        print("  !", line)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
