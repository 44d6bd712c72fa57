"""`clinorch bench ...`: the DeepTumorVQA track, the synthetic suite, the tool cache export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from orchestrator.cli_help import output_folder

app = typer.Typer(help="Benchmark tracks (DeepTumorVQA).", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False)


def _config(config_file: Path | None, segmenter: str | None) -> object:
    from core.config import Config

    data = json.loads(config_file.read_text()) if config_file else {}
    if segmenter:
        data["segmenter"] = segmenter
    try:
        return Config.model_validate(data)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--config") from exc


def _backends_or_exit(config: object) -> dict:
    """The configured backends built and checked before the first question; else one line and exit 2."""
    from orchestrator.preflight import BackendUnavailable, build_backends

    try:
        return build_backends(config)
    except BackendUnavailable as exc:
        typer.echo(f"clinorch: error: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command("deeptumorvqa")
def deeptumorvqa(
    questions: Annotated[Path, typer.Option(help="Question file (test_qa.json, a list, or JSON lines).")],
    data_dir: Annotated[Path, typer.Option(help="AbdomenAtlas folder: DIR/<image_id>/ct.nii.gz (+ segmentations/).")],
    mode: Annotated[str, typer.Option(help="oracle (provided masks) | predicted (clinorch's segmenter).")] = "oracle",
    out: Annotated[Path, typer.Option(help="Folder for predictions.jsonl and report.json.", callback=output_folder)] = Path("out/bench"),
    fmt: Annotated[str, typer.Option("--format", help="mc | freeform.")] = "mc",
    limit: Annotated[int | None, typer.Option(help="Only the first N questions.")] = None,
    resume: Annotated[bool, typer.Option(help="Skip qids already in OUT/predictions.jsonl.")] = False,
    subtype_hint: Annotated[bool, typer.Option(help="Let planning use the record's subtype label.")] = False,
    export_traces: Annotated[Path | None, typer.Option(help="Also write ShareGPT JSONL traces here.")] = None,
    config: Annotated[Path | None, typer.Option(help="Config JSON (core.config.Config).")] = None,
    segmenter: Annotated[str | None, typer.Option(help="Segmentation backend for predicted mode.")] = None,
    fail_fast: Annotated[bool, typer.Option(help="Stop at the first question whose run crashes.")] = False,
    workers: Annotated[int, typer.Option(help="Ray workers on a local Ray started for the run; 0 = this process.")] = 0,
    address: Annotated[str | None, typer.Option(help="An existing Ray cluster: auto | ray://HOST:PORT.")] = None,
) -> None:
    """Run clinorch as the agent on DeepTumorVQA questions; per-subtype, per-stage and overall scores."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from agents.reasoners.base import ReasonerUnavailable
    from agents.segmenters import SegmenterUnavailable
    from benchmarks.records import RecordError, load_records
    from benchmarks.report import print_report
    from benchmarks.runner import BenchOptions, read_predictions, run_benchmark, run_config
    from orchestrator.cli_tools import one_line
    from orchestrator.pool import RayUnavailable

    if mode not in ("oracle", "predicted"):
        raise typer.BadParameter(f"{mode!r}: expected oracle or predicted", param_hint="--mode")
    if fmt not in ("mc", "freeform"):
        raise typer.BadParameter(f"{fmt!r}: expected mc or freeform", param_hint="--format")
    if not data_dir.is_dir():
        raise typer.BadParameter(f"{data_dir} is not a folder", param_hint="--data-dir")
    try:
        total = len(load_records(questions))
    except RecordError as exc:
        raise typer.BadParameter(str(exc), param_hint="--questions") from exc
    total = min(total, limit) if limit is not None else total
    done = len(read_predictions(out / "predictions.jsonl")) if resume else 0
    options = BenchOptions(questions=questions, data_dir=data_dir, out=out, mode=mode, fmt=fmt,  # type: ignore[arg-type]
                           limit=limit, resume=resume, use_hint=subtype_hint, config=_config(config, segmenter),
                           export_traces=export_traces, fail_fast=fail_fast, workers=workers, address=address)
    backends = _backends_or_exit(run_config(options))
    console = Console()
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("score {task.fields[score]}"), TextColumn("{task.fields[last]}"), TimeRemainingColumn(),
                  console=console) as progress:
        task = progress.add_task(f"{mode} {fmt}", total=total, completed=min(done, total), score="-", last="")

        def on_prediction(row: dict, running: dict) -> None:
            progress.update(task, advance=1, score=f"{100 * running['score']:.1f}%",
                            last=f"{row['question_subtype'][:28]}: {row['prediction'] or row['status']}")

        try:
            report = run_benchmark(options, on_prediction=on_prediction, backends=backends)
        except RayUnavailable as err:
            typer.echo(f"clinorch: error: {err}", err=True)
            raise typer.Exit(2) from err
        except (ReasonerUnavailable, SegmenterUnavailable) as err:
            progress.stop()
            typer.echo(f"clinorch: error: a backend failed during the benchmark: {one_line(err)} (the predictions so "
                       f"far are in {out / 'predictions.jsonl'}; --resume continues after the fix)", err=True)
            raise typer.Exit(2) from None
    print_report(report, console)
    console.print(f"wrote {out / 'predictions.jsonl'} and {out / 'report.json'}"
                  + (f" and {export_traces}" if export_traces else ""))


@app.command("make-suite")
def make_suite_command(
    out: Annotated[Path, typer.Option(help="Root folder of the suite (benchmark release layout).", callback=output_folder)],
    n_cases: Annotated[int, typer.Option(help="Number of phantom cases.")] = 8,
    seed: Annotated[int, typer.Option(help="Seed for phantoms, sampling, phrasing and options.")] = 0,
    per_subtype: Annotated[int, typer.Option(help="Questions per case and subtype, at most.")] = 1,
    heldout_share: Annotated[float | None, typer.Option(help="Share of held-out templates (default uniform).")] = None,
    full_size: Annotated[bool, typer.Option(help="512 x 512 x 300 phantoms (slow).")] = False,
    tool_cache: Annotated[bool, typer.Option(help="Also write the harness's oracle tool cache.")] = True,
) -> None:
    """Write a synthetic DeepTumorVQA suite: phantoms, question records of every subtype, answers from masks."""
    from benchmarks.suite import make_suite

    if n_cases < 1:
        raise typer.BadParameter("need at least one case", param_hint="--n-cases")
    summary = make_suite(out, n_cases=n_cases, seed=seed, per_subtype=per_subtype, heldout_share=heldout_share,
                         spec_overrides={"full_size": True} if full_size else None, tool_cache=tool_cache)
    typer.echo(f"wrote {summary.n_questions} questions ({len(summary.subtypes)} subtypes, "
               f"{summary.heldout_questions} on held-out templates) over {summary.n_cases} cases to {summary.questions}")
    for note in summary.skipped:
        typer.echo(f"note: {note}")
    typer.echo(f"run: clinorch bench deeptumorvqa --questions {summary.questions} --data-dir {out} --mode oracle "
               f"--out {out / 'results'}  (--mode predicted segments with clinorch instead of the provided masks)")


@app.command("export-tool-cache")
def export_tool_cache_command(
    data_dir: Annotated[Path, typer.Option(help="AbdomenAtlas folder or benchmark root.")],
    out: Annotated[Path, typer.Option(help="Cache file to write (e.g. tool_cache/benchmark_totalsegmentator_cache.json).")],
    mode: Annotated[str, typer.Option(help="oracle (provided masks) | predicted (clinorch's segmenter).")] = "predicted",
    config: Annotated[Path | None, typer.Option(help="Config JSON.")] = None,
    segmenter: Annotated[str | None, typer.Option(help="Segmentation backend for predicted mode.")] = None,
) -> None:
    """Write the harness's tool cache from clinorch's segmentation and measurement."""
    from benchmarks.toolcache import export_tool_cache
    from benchmarks.tools import DeepTumorVQATools

    if mode not in ("oracle", "predicted"):
        raise typer.BadParameter(f"{mode!r}: expected oracle or predicted", param_hint="--mode")
    if not data_dir.is_dir():
        raise typer.BadParameter(f"{data_dir} is not a folder", param_hint="--data-dir")
    cfg = _config(config, segmenter)
    ids = DeepTumorVQATools(data_dir).image_ids()
    if not ids:
        raise typer.BadParameter(f"no <image_id>/ct.nii.gz under {data_dir}", param_hint="--data-dir")
    with typer.progressbar(length=len(ids), label=f"{mode} tool cache") as bar:
        body = export_tool_cache(data_dir, out, mode=mode, config=cfg, image_ids=ids,  # type: ignore[arg-type]
                                 on_image=lambda _: bar.update(1))
    errors = {i: e["error"] for i, e in body["cache"].items() if "error" in e}
    typer.echo(f"wrote {out} ({len(ids) - len(errors)} images measured, {len(errors)} not)")
    for error in errors.values():  # the harness's tools return this reason for the image
        typer.echo(f"  not measured: {error}")
