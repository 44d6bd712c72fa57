"""clinorch as the agent on a DeepTumorVQA question file: predictions, resumable, scored per stage.

For each record: a `Case` from the CT (`DIR/<image_id>/ct.nii.gz`), the provided masks in oracle
mode only (predicted mode segments with the configured backend, `Config(use_provided_masks=False)`),
the question text (the `mc_question` split into stem and options, or the free-form `question`) and
the patient's age and sex. The record's subtype travels as `Case.task_hint`, which planning reads
only when `use_hint` is set. Each prediction is appended to `OUT/predictions.jsonl` as it is made,
so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import functools
import json
import re
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from benchmarks.records import QuestionRecord, case_dir, load_records
from benchmarks.scoring import Format, score_predictions
from benchmarks.subtypes import ANSWER_TYPE, STAGE_OF
from core.case import Case, CaseResult, ImageRef, PatientContext
from core.config import Config
from orchestrator.pool import map_jobs

BenchMode = Literal["oracle", "predicted"]
PREDICTIONS = "predictions.jsonl"
REPORT = "report.json"
RunFn = Callable[..., CaseResult]


@dataclass
class BenchOptions:
    """What to run and where to write it."""

    questions: Path
    data_dir: Path
    out: Path
    mode: BenchMode = "oracle"
    fmt: Format = "mc"
    limit: int | None = None
    resume: bool = False
    use_hint: bool = False
    config: Config = field(default_factory=Config)
    export_traces: Path | None = None
    fail_fast: bool = False
    """Raise on the first question whose run crashes (default: record it as an error and go on)."""
    workers: int = 0
    """Ray workers (0: this process); each loads its backends once (`orchestrator.pool`)."""
    address: str | None = None
    """An existing Ray cluster (`auto`, `ray://host:10001`); implies Ray."""


def record_to_case(record: QuestionRecord, data_dir: Path, mode: BenchMode, fmt: Format) -> Case:
    """The clinorch case for a benchmark question (no answer fields travel with it)."""
    folder = case_dir(data_dir, record.image_id)
    masks = folder / "segmentations"
    image = ImageRef(path=str(folder / "ct.nii.gz"), modality="CT",
                     masks=str(masks) if mode == "oracle" and masks.is_dir() else None)
    if fmt == "mc" and record.mc_question:
        question, choices = record.stem_and_choices()
    else:
        question, choices = record.question, {}
    sex = str(record.sex).upper()[:1] if record.sex else None
    age = int(record.age) if isinstance(record.age, int) or str(record.age or "").isdigit() else None
    return Case(case_id=record.qid, images=[image], question=question, choices=choices or None,
                context=PatientContext(age=age, sex=sex if sex in ("M", "F", "O") else None),
                task_hint=record.question_subtype)


def run_config(options: BenchOptions) -> Config:
    """The run configuration: the user's, with the mode's mask source and the hint switch."""
    return options.config.model_copy(update={"use_provided_masks": options.mode == "oracle",
                                             "use_subtype_hint": options.use_hint})


def prediction_row(record: QuestionRecord, result: CaseResult | None, duration_s: float, fmt: Format,
                   error: str | None = None) -> dict[str, Any]:
    """One line of predictions.jsonl: qid, the prediction (MC letter or free text), status, the full result."""
    if result is None:
        prediction, status = None, "error"
    else:
        status = result.status
        prediction = result.answer if status == "answered" else None
        if fmt == "mc" and prediction is not None and result.answer_detail and result.answer_detail.choice:
            prediction = result.answer_detail.choice
        elif fmt == "freeform" and prediction is not None:
            prediction = short_answer(prediction, ANSWER_TYPE.get(record.question_subtype, "categorical"))
    return {"qid": record.qid, "image_id": record.image_id, "question_subtype": record.question_subtype,
            "question_type": record.question_type, "prediction": prediction, "status": status,
            "reasons": result.reasons if result else [error or ""], "duration_s": round(duration_s, 3),
            "result": result.model_dump(mode="json") if result else None, **({"error": error} if error else {})}


def short_answer(text: str, kind: str) -> str:
    """The answer as the benchmark asks for it (a number; yes/no; a short phrase), from clinorch's text.

    clinorch's answer text is a headline followed by its justification ("Normal. spleen volume ...");
    the benchmark compares the whole string, so only the headline is kept.
    """
    headline = re.split(r"\.\s|\n", text.strip(), maxsplit=1)[0].strip().rstrip(".")
    if kind == "numeric":
        match = re.search(r"-?\d+(?:\.\d+)?", headline) or re.search(r"-?\d+(?:\.\d+)?", text)
        return match.group() if match else headline
    if kind == "binary":
        word = headline.split()[0].lower().strip(",.;:") if headline else ""
        return word if word in ("yes", "no") else headline
    return headline


def read_predictions(path: Path) -> list[dict[str, Any]]:
    """Rows of a predictions file; a torn last line (an interrupted write) is dropped."""
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return rows


def run_benchmark(options: BenchOptions, run: RunFn | None = None,
                  on_prediction: Callable[[dict[str, Any], dict[str, Any]], None] | None = None,
                  backends: dict[str, Any] | None = None) -> dict[str, Any]:
    """Answers every question (skipping done ones with `resume`), writes predictions and the report.

    The questions run in this process or, with `options.workers`/`options.address`, on Ray actors
    (the same per-question function either way); rows are appended as each question finishes and
    the report lists them in the question file's order.

    Args:
        options: Files, mode, format and switches.
        run: Replaces `orchestrator.run` (tests); called as `run(case, config, backends=...)`; a
            module-level function when the questions run on Ray.
        on_prediction: Called after each question with its row and the running overall score.
        backends: Backends built and checked beforehand (`orchestrator.preflight.build_backends`),
            shared by the questions run in this process.

    Returns:
        The report (also written to `OUT/report.json`).

    Raises:
        ReasonerUnavailable, SegmenterUnavailable: a backend stopped serving mid-run (infrastructure:
            the run stops with the predictions made so far kept for `resume`, never scored as misses).
    """
    from orchestrator.api import run as orchestrator_run

    runner = run or orchestrator_run
    records = load_records(options.questions)
    if options.limit is not None:
        records = records[:options.limit]
    by_qid = {r.qid: r.model_dump(mode="json") for r in records}
    options.out.mkdir(parents=True, exist_ok=True)
    predictions_path = options.out / PREDICTIONS
    done = {row["qid"]: row for row in read_predictions(predictions_path)} if options.resume else {}
    if not options.resume and predictions_path.exists():
        predictions_path.unlink()
    rows = [done[r.qid] for r in records if r.qid in done]
    config = run_config(options)
    todo = [record for record in records if record.qid not in done]
    task = functools.partial(_answer, options=options, config=config, runner=runner)
    with predictions_path.open("a") as sink:
        for _, row in map_jobs(task, todo, workers=options.workers, address=options.address, backends=backends):
            sink.write(json.dumps(row) + "\n")
            sink.flush()
            rows.append(row)
            if on_prediction is not None:
                running = score_predictions(rows, by_qid, options.fmt)["overall"]
                on_prediction(row, running)
    order = {r.qid: n for n, r in enumerate(records)}
    rows.sort(key=lambda row: order[row["qid"]])
    report = build_report(rows, by_qid, options)
    (options.out / REPORT).write_text(json.dumps(report, indent=1) + "\n")
    if options.export_traces is not None:
        from benchmarks.traces import export_traces

        export_traces(rows, {r.qid: r for r in records}, options.export_traces, options.fmt)
    return report


def _answer(record: QuestionRecord, backends: dict[str, Any], *, options: BenchOptions, config: Config,
            runner: RunFn) -> dict[str, Any]:
    """One question's prediction row (a crash is recorded as an error row unless `fail_fast`)."""
    started = time.perf_counter()
    case = record_to_case(record, options.data_dir, options.mode, options.fmt)
    _hint(backends, record.question_subtype if options.use_hint else None)
    from agents.reasoners.base import ReasonerUnavailable
    from agents.segmenters import SegmenterUnavailable

    try:
        result = runner(case, config, backends=backends)
    except (ReasonerUnavailable, SegmenterUnavailable):
        raise  # infrastructure: every later question would fail the same way
    except Exception as exc:  # a benchmark boundary: one crashing question is recorded, the run goes on
        if options.fail_fast:
            raise
        return prediction_row(record, None, time.perf_counter() - started, options.fmt, error=_where(exc))
    row = prediction_row(record, result, time.perf_counter() - started, options.fmt)
    if options.fmt == "mc" and record.correct_option and row["prediction"] is not None:
        from benchmarks.scoring import letter_matches

        row["correct"] = letter_matches(str(row["prediction"]), record.correct_option)
    return row


def _hint(backends: dict[str, Any], subtype: str | None) -> None:
    """Question understanding for the next run: told the record's subtype, or left to the question.

    Triage takes a callable under `backends["understanding"]` (a benchmark may supply intents); the
    hint is the DTVQA subtype, and only known subtypes are passed on.
    """
    if subtype is None or subtype not in STAGE_OF:
        backends.pop("understanding", None)
        return
    from questions.understanding import understand

    backends["understanding"] = functools.partial(understand, hint_subtype=subtype)


def _where(exc: BaseException) -> str:
    """The exception with the innermost frame it came from (`file:line in function`), to name the module."""
    frames = traceback.extract_tb(exc.__traceback__)
    message = traceback.format_exception_only(type(exc), exc)[0].strip()
    if not frames:
        return message
    last = frames[-1]
    return f"{message} (at {Path(last.filename).name}:{last.lineno} in {last.name})"


def build_report(rows: list[dict[str, Any]], records: dict[str, dict[str, Any]], options: BenchOptions) -> dict[str, Any]:
    """The benchmark's scoring plus how the run was made and the failures by subtype."""
    groups = [f for f in ("template_heldout",) if any(f in r for r in records.values())]
    scores = score_predictions(rows, records, options.fmt, group_by=groups)
    failures: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        record = records.get(row["qid"])
        if record is None:
            continue
        truth = record["correct_option"] if options.fmt == "mc" else record["answer"]
        wrong = row["prediction"] is None or str(row["prediction"]).strip().upper() != str(truth).strip().upper()
        if wrong and len(failures.setdefault(record["question_subtype"], [])) < 5:
            failures[record["question_subtype"]].append({
                "qid": row["qid"], "question": record["mc_question"] if options.fmt == "mc" else record["question"],
                "truth": truth, "answer": record["answer"], "prediction": row["prediction"], "status": row["status"],
                "reasons": row.get("reasons", [])[:3]})
    return {
        "benchmark": "DeepTumorVQA (clinorch track)",
        "questions": shareable_path(options.questions), "data_dir": shareable_path(options.data_dir),
        "mode": options.mode, "format": options.fmt, "subtype_hint": options.use_hint,
        **bench_provenance(options, sorted({str(r["image_id"]) for r in rows if r.get("image_id")})),
        **scores,
        "status_counts": _counts(row["status"] for row in rows),
        "mean_duration_s": round(sum(r.get("duration_s", 0.0) for r in rows) / max(len(rows), 1), 3),
        "failures": failures,
    }


def shareable_path(path: Path) -> str:
    """A path as given when relative; an absolute one cut to its last part (a report names no absolute path)."""
    return path.name if path.is_absolute() else str(path)


def bench_provenance(options: BenchOptions, image_ids: list[str]) -> dict[str, Any]:
    """The build, the configuration and the SHA-256 of the question file and of each CT scored."""
    from orchestrator.build_info import file_sha256, run_provenance

    run = run_provenance(run_config(options))
    images = {}
    for image_id in image_ids:
        ct = case_dir(options.data_dir, image_id) / "ct.nii.gz"
        if ct.is_file():
            images[image_id] = file_sha256(ct)
    return {"software": {"name": run.software, "version": run.version, "git_commit": run.git_commit,
                         "git_dirty": run.git_dirty, "python": run.python},
            "backends": run.backends, "config": run.config, "config_sha256": run.config_sha256,
            "questions_sha256": file_sha256(options.questions) if options.questions.is_file() else None,
            "images_sha256": images}


def _counts(values: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for value in values:
        out[str(value)] = out.get(str(value), 0) + 1
    return out
