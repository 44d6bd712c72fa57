"""The `clinorch` command line. Heavy libraries load inside commands, so `--help` is instant."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from orchestrator.cli_help import SEGMENTER_NAMES, SEGMENTER_OPTION_HELP, output_folder, writing_to
from orchestrator.cli_tools import knowledge_app, one_line, review
from orchestrator.startup import loading, one_command_process

app = typer.Typer(
    name="clinorch",
    help="Multi-agent clinical workflow orchestrator for medical imaging.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(knowledge_app, name="knowledge")
app.command()(review)

DEMO_DIR = Path(__file__).resolve().parent.parent / "demos"


def _config(config_file: Path | None, overrides: dict[str, Any]) -> Any:
    from core.config import Config

    data: dict[str, Any] = {}
    if config_file is not None:
        data = json.loads(config_file.read_text())
    options = {key: overrides.pop(key, None) for key in ("reasoner_options", "segmenter_options")}
    data.update({k: v for k, v in overrides.items() if v is not None})
    for key, given in options.items():
        if given:
            data[key] = {**data.get(key, {}), **given}
    try:
        return Config.model_validate(data)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--config") from exc


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Output folder for the phantom, overlay and result.", callback=output_folder)] = Path("out/demo"),
    question: Annotated[str | None, typer.Option(help="Ask another question of the demo case.")] = None,
    full_size: Annotated[bool, typer.Option(help="Use a 512x512x300 phantom.")] = False,
) -> None:
    """Walk a bundled phantom case through every agent, with the evidence and the review."""
    from orchestrator.demo import run_demo

    run_demo(out, question=question, full_size=full_size)


@app.command("run")
def run_case(
    source: Annotated[str, typer.Argument(
        metavar="SOURCE", help="An image (NIfTI, DICOM file or series folder) or a case JSON (image paths absolute or relative to it); "
             "local files only, a URL is refused.")],
    masks: Annotated[Path | None, typer.Option(help="Provided masks for the image: segmentations/ folder or DICOM SEG.")] = None,
    question: Annotated[str | None, typer.Option(help="Question (replaces a case file's own).")] = None,
    choice: Annotated[list[str] | None, typer.Option(help="Multiple-choice option LETTER=text; repeat.")] = None,
    prior: Annotated[list[str] | None, typer.Option(
        help="Prior study IMAGE or IMAGE@YYYY-MM-DD (its acquisition date, e.g. ct.nii.gz@2025-01-10); repeat.")] = None,
    prior_masks: Annotated[list[Path] | None, typer.Option(
        help="Provided masks of each --prior, in the same order (segmentations/ folder or DICOM SEG); repeat.")] = None,
    modality: Annotated[str | None, typer.Option(
        help="The image's modality (CT, MR, ...) when its header does not say (a NIfTI file never does).")] = None,
    out: Annotated[Path, typer.Option(help="Folder for result.json (and the report outputs).", callback=output_folder)] = Path("out/run"),
    report: Annotated[bool, typer.Option(
        help="Also write report.md/html, masks/labels.nii.gz+json, dicom/segmentation.dcm, fhir_bundle.json.")] = False,
    config: Annotated[Path | None, typer.Option(
        help='Config JSON file, e.g. {"segmenter": "nnunet", "segmenter_options": {"model_folder": "models/m"}} '
             "(fields: docs/configuration.md).")] = None,
    segmenter: Annotated[str | None, typer.Option(
        help=f"Segmentation backend: {', '.join(SEGMENTER_NAMES)} (default classical; the model backends need "
             "--segmenter-option).")] = None,
    segmenter_option: Annotated[list[str] | None, typer.Option(
        help="A model backend's option KEY=VALUE (JSON values read as JSON); repeat. "
             + "; ".join(f"{name}: {text}" for name, text in SEGMENTER_OPTION_HELP.items()) + ".")] = None,
    reasoner: Annotated[str | None, typer.Option(help="Reasoner backend: guideline, transformers, openai.")] = None,
    model: Annotated[str | None, typer.Option(help="Reasoner model: a local path (transformers) or a name (openai).")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible server URL for --reasoner openai.")] = None,
    checkpoint: Annotated[str | None, typer.Option(
        help="SQLite checkpoint file: an interrupted case resumes, a finished one returns its stored result.")] = None,
    case_id: Annotated[str | None, typer.Option(
        help="The case's id (replaces a case file's own; default for an image: derived from the image, masks, "
             "question, options and priors, so the same command resumes the same case).")] = None,
    keep_checkpoint: Annotated[bool, typer.Option(
        help="Keep the finished case's checkpoints and artifacts (default: only its result stays).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no summary.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result JSON on stdout (progress off).")] = False,
) -> None:
    """Run one case (an image or a case file) and write DIR/result.json; rejected or abstained is a normal outcome."""
    with loading():
        from pydantic import ValidationError

        from agents.reasoners.base import ReasonerUnavailable
        from agents.segmenters import SegmenterUnavailable
        from core.case import describe_invalid_case
        from orchestrator.quickcase import OptionError, build_case, check_options, reasoner_overrides, run_and_write

        try:
            segmenter_options = check_options(choice or (), prior or (), segmenter_option or ())
        except OptionError as exc:
            raise typer.BadParameter(one_line(exc), param_hint=exc.option) from exc
        try:
            case = build_case(source, masks=masks, question=question, choices=choice or (), priors=prior or (),
                              prior_masks=prior_masks or (), modality=modality, case_id=case_id)
        except ValidationError as exc:
            raise typer.BadParameter(f"{source}: not a valid case ({describe_invalid_case(exc)})",
                                     param_hint="SOURCE") from exc
        except OptionError as exc:
            raise typer.BadParameter(one_line(exc), param_hint=exc.option) from exc
        except ValueError as exc:
            raise typer.BadParameter(one_line(exc), param_hint="SOURCE") from exc
        cfg = _config(config, {"segmenter": segmenter, "checkpoint": checkpoint,
                               "segmenter_options": segmenter_options,
                               "keep_checkpoint": keep_checkpoint or None} | reasoner_overrides(reasoner, model, base_url))
        backends = _backends_or_exit(cfg)  # before the graph's imports: a configuration error shows at once
        import orchestrator.graph  # noqa: F401 - the graph and its agents, loaded with the collector paused
        from orchestrator.api import CaseConflictError
    try:
        with writing_to(out):
            run_and_write(case, cfg, backends, out, report=report, quiet=quiet, as_json=as_json)
    except CaseConflictError as exc:
        typer.echo(f"clinorch: error: {exc} (--case-id ID names this run's case)", err=True)
        raise typer.Exit(2) from None
    except SegmenterUnavailable as exc:  # infrastructure, not a clinical outcome: no result is written
        typer.echo(f"clinorch: error: segmenter {cfg.segmenter!r} failed during case {case.case_id!r}: "
                   f"{one_line(exc)}", err=True)
        raise typer.Exit(2) from None
    except ReasonerUnavailable as exc:
        typer.echo(f"clinorch: error: reasoner {cfg.reasoner!r} failed during case {case.case_id!r}: "
                   f"{one_line(exc)}", err=True)
        raise typer.Exit(2) from None
    except OSError as exc:  # a full disk, a read-only or forbidden folder: one line, not a traceback
        saved = " (result.json, written first, holds the answer)" if (out / "result.json").is_file() else ""
        typer.echo(f"clinorch: error: could not write to {out}: {exc.strerror or one_line(exc)}{saved}", err=True)
        raise typer.Exit(1) from None


@app.command()
def batch(
    case_files: Annotated[list[Path], typer.Argument(help="Case JSON files (a shell glob such as cases/*.json).")],
    out: Annotated[Path, typer.Option(help="Folder for <case_id>.json results and summary.csv.", callback=output_folder)] = Path("out/batch"),
    config: Annotated[Path | None, typer.Option(help="Config JSON.")] = None,
    workers: Annotated[int, typer.Option(help="Ray workers on a local Ray started for the batch; 0 = this process.")] = 0,
    address: Annotated[str | None, typer.Option(help="An existing Ray cluster: auto | ray://HOST:PORT.")] = None,
    force: Annotated[bool, typer.Option(help="Re-run cases whose result exists (default: skip them).")] = False,
    report: Annotated[bool, typer.Option(
        help="Per case, OUT/<case_id>/: report.md/html, masks/labels.nii.gz+json, dicom/segmentation.dcm, "
             "fhir_bundle.json.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no table.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the items as JSON on stdout (progress off).")] = False,
) -> None:
    """Run many cases, here or on Ray; a case file that cannot be read is reported, the rest run.

    CASE_FILES are case JSON files (e.g. cases/*.json); a folder of DeepTumorVQA-layout images is run by
    `clinorch bench deeptumorvqa --data-dir`, one image by `clinorch run IMAGE`.
    """
    import time

    folders = [str(path) for path in case_files if path.is_dir()]
    if folders:
        raise typer.BadParameter(f"{', '.join(folders)} is a folder: batch takes case JSON files (e.g. "
                                 f"{folders[0].rstrip('/')}/*.json); for a folder of <image_id>/ct.nii.gz cases use "
                                 "`clinorch bench deeptumorvqa --data-dir`, for one image `clinorch run IMAGE`",
                                 param_hint="CASE_FILES")

    with loading():
        from rich.console import Console

        from agents.reasoners.base import ReasonerUnavailable
        from agents.segmenters import SegmenterUnavailable
        from orchestrator.batch import RayUnavailable, load_backends, run_batch
        from orchestrator.report import batch_progress, print_batch_summary

        cfg = _config(config, {})
        backends = _backends_or_exit(cfg)  # misuse and unavailable backends fail before any case runs
        if not workers and not address:
            load_backends(backends, config=cfg)  # the graph and agents too, for the local loop
    console = Console(stderr=True, quiet=quiet or as_json, emoji=False)
    started = time.perf_counter()
    with batch_progress(console, len(case_files)) as advance:
        try:
            with writing_to(out):
                items = run_batch(case_files, out, cfg, workers=workers, address=address, force=force,
                                  report=report, on_item=advance, backends=backends)
        except RayUnavailable as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2) from err
        except SegmenterUnavailable as err:  # infrastructure: the batch stops, finished cases keep their results
            typer.echo(f"clinorch: error: segmenter {cfg.segmenter!r} failed during the batch: {one_line(err)}", err=True)
            raise typer.Exit(2) from None
        except ReasonerUnavailable as err:
            typer.echo(f"clinorch: error: reasoner {cfg.reasoner!r} failed during the batch: {one_line(err)}", err=True)
            raise typer.Exit(2) from None
    if as_json:
        from dataclasses import asdict

        typer.echo(json.dumps([asdict(item) for item in items], indent=1))
    print_batch_summary(items, time.perf_counter() - started, out / "summary.csv", console)
    if any(item.status == "error" for item in items):
        raise typer.Exit(1)


def _backends_or_exit(cfg: Any) -> dict[str, Any]:
    """The configured backends, built and checked before any case runs; else one line and exit code 2."""
    from orchestrator.preflight import BackendUnavailable, build_backends

    try:
        return build_backends(cfg)
    except BackendUnavailable as exc:
        typer.echo(f"clinorch: error: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command()
def phantom(
    out_dir: Annotated[Path, typer.Argument(
        help="Folder to write ct.nii.gz, segmentations/ and ground_truth.json.", callback=output_folder)],
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    liver_lesions: Annotated[int, typer.Option(help="Number of liver tumors.")] = 2,
    fatty_liver: Annotated[bool, typer.Option(help="Low-attenuation (fatty) liver.")] = False,
    splenomegaly: Annotated[str, typer.Option(help="none | mild | moderate | severe.")] = "none",
    kidney_lesion: Annotated[str, typer.Option(help="none | cyst | solid.")] = "none",
    pancreatic_tumor_mm: Annotated[float | None, typer.Option(help="Pancreatic tumor diameter (mm).")] = None,
    orientation: Annotated[str, typer.Option(help="Axis codes of the written file, e.g. LPS, RAS.")] = "LPS",
    full_size: Annotated[bool, typer.Option(help="512 x 512 x 300 volume.")] = False,
    follow_up_of: Annotated[Path | None, typer.Option(
        help="Write OUT_DIR as another study of this phantom's patient: same anatomy and lesions in the same "
             "places, each liver lesion scaled by --lesion-scale (the other options are not used).")] = None,
    lesion_scale: Annotated[list[float] | None, typer.Option(
        help="With --follow-up-of: linear scale per liver lesion, largest first (0 removes it; missing ones "
             "stay 1.0); repeat.")] = None,
) -> None:
    """Write a synthetic abdominal CT phantom with masks and exact ground truth.

    For a prior/current pair write one phantom, then the other study with `--follow-up-of` (a second
    phantom with another option but the same seed is another patient: its lesions lie elsewhere).
    """
    from synthetic.phantom import PhantomSpec, make_phantom

    if follow_up_of is not None:
        _follow_up(follow_up_of, out_dir, lesion_scale or [])
        return
    if lesion_scale:
        raise typer.BadParameter("--lesion-scale needs --follow-up-of (the study whose lesions it scales)")
    try:
        spec = PhantomSpec(seed=seed, liver_lesions=liver_lesions, fatty_liver=fatty_liver, splenomegaly=splenomegaly,
                           kidney_lesion=kidney_lesion, pancreatic_tumor_mm=pancreatic_tumor_mm,
                           orientation=orientation, full_size=full_size)
        make_phantom(out_dir, spec)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    typer.echo(f"wrote {out_dir / 'ct.nii.gz'}, {out_dir / 'segmentations'}, {out_dir / 'ground_truth.json'}")


def _follow_up(source: Path, out_dir: Path, scales: list[float]) -> None:
    """`phantom --follow-up-of`: the source study with its liver lesions rescaled, measured afresh."""
    import json

    from synthetic.pairs import derive_study
    from synthetic.phantom_reference import reference_measurements

    if not (source / "ct.nii.gz").is_file() or not (source / "segmentations").is_dir():
        raise typer.BadParameter(f"{source} is not a phantom case folder (ct.nii.gz and segmentations/)")
    if out_dir.resolve() == source.resolve():
        raise typer.BadParameter("the follow-up study needs its own folder, not the source's")
    try:
        applied = derive_study(source, out_dir, scales)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    truth = {"schema": "clinorch-phantom-follow-up/1", "follow_up_of": source.name, "lesion_scales": applied["lesions"],
             **reference_measurements(out_dir)}
    (out_dir / "ground_truth.json").write_text(json.dumps(truth, indent=2, allow_nan=False) + "\n")
    typer.echo(f"wrote {out_dir / 'ct.nii.gz'}, {out_dir / 'segmentations'}, {out_dir / 'ground_truth.json'} "
               f"(a follow-up of {source})")


@app.command()
def deid(
    source: Annotated[Path, typer.Argument(help="A DICOM file or a folder of DICOM files.")],
    out: Annotated[Path, typer.Argument(
        help="Output folder (an existing one receives a single file too), or the output file for a file; never inside SOURCE.")],
    uid_salt: Annotated[str, typer.Option(
        help="Secret key for replacement UIDs (same key, same UIDs); the default is public, so whoever holds an "
             "original UID can recompute its replacement: give a private key for data that leaves your site.")] = "clinorch",
) -> None:
    """De-identify DICOM headers (PS3.15 Annex E Basic Profile) into copies; SOURCE is left untouched.

    Files from a folder are written flat into OUT, named by their new SOP Instance UID (folder and
    file names often carry the patient's name). Pixels are copied as they are: burned-in text is
    flagged by BurnedInAnnotation, not removed.
    """
    from privacy.dicom import deidentify_path

    into_folder = source.is_dir() or out.is_dir()
    try:
        outcomes = deidentify_path(source, out, uid_salt=uid_salt)
    except (FileNotFoundError, ValueError) as exc:
        raise typer.BadParameter(str(exc)) from exc
    written = sum(1 for o in outcomes.values() if o == "written")
    skipped = len(outcomes) - written
    left = [name for name, outcome in outcomes.items() if outcome != "written"]
    note = (f"; {skipped} file(s) not read as DICOM Part 10 and not copied: {', '.join(left[:5])}"
            f"{' ...' if len(left) > 5 else ''}" if skipped else "")
    where = (f"into the folder {out} (named by new SOP Instance UID)" if into_folder
             else f"as the file {out} (OUT is a file here; give an existing folder to write into it)")
    typer.echo(f"wrote {written} de-identified DICOM file(s) {where}{note}" if written
               else f"wrote nothing: {source} holds no DICOM file{note}")
    if not written:
        raise typer.Exit(1)
    if uid_salt == "clinorch":
        typer.echo("note: replacement UIDs use the public default key; pass --uid-salt with a private key so that the "
                   "copies cannot be linked back to the originals by recomputing their UIDs", err=True)


@app.command("serve")
def serve_web(
    host: Annotated[str, typer.Option(help="Address to bind; loopback unless --allow-remote.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    data_dir: Annotated[Path, typer.Option(help="Cases (cases/*.json), uploads and stored runs.")] = Path("clinorch-data"),
    allow_remote: Annotated[bool, typer.Option(help="Allow a non-loopback --host (exposes the images).")] = False,
    config: Annotated[Path | None, typer.Option(help="Config JSON for every run (fields: docs/configuration.md).")] = None,
) -> None:
    """The walkthrough in the browser: pick or upload a case, watch the agents, read the evidence."""
    from orchestrator.serve import serve

    cfg = _config(config, {})
    backends = _backends_or_exit(cfg)  # a misconfigured backend stops here, not on the first case in the browser
    try:
        serve(host, port, data_dir, allow_remote, say=typer.echo, config=cfg.model_dump(), backends=backends)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--host") from exc


@app.command("serve-tools")
def serve_tools(
    data_dir: Annotated[Path, typer.Option(help="AbdomenAtlas-layout data folder (or a benchmark root).")],
    transport: Annotated[str, typer.Option(help="stdio | http (streamable HTTP at http://HOST:PORT/mcp).")] = "stdio",
    host: Annotated[str, typer.Option(help="Loopback address for http; others are refused.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port for http.")] = 8765,
    mode: Annotated[str, typer.Option(help="oracle (provided masks) | predicted (clinorch's segmenter) | vision (the "
                                           "crop and knowledge tools only, for a VLM agent; docs/benchmarks.md).")] = "oracle",
    retrieval_mode: Annotated[str | None, typer.Option(help="hybrid | dense | sparse (default: the config's).")] = None,
) -> None:
    """Serve the DeepTumorVQA tool set backed by clinorch's agents over MCP."""
    from benchmarks.mcp_server import serve_tools as serve
    from core.config import Config

    if mode not in ("oracle", "predicted", "vision"):
        raise typer.BadParameter(f"--mode {mode!r}: expected oracle, predicted or vision")
    if retrieval_mode not in (None, "hybrid", "dense", "sparse"):
        raise typer.BadParameter(f"--retrieval-mode {retrieval_mode!r}: expected hybrid, dense or sparse")
    config = Config(retrieval_mode=retrieval_mode) if retrieval_mode else None
    try:
        serve(data_dir, transport=transport, host=host, port=port, mode=mode, config=config)  # type: ignore[arg-type]
    except ValueError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err


def _mount_bench() -> None:
    try:
        from benchmarks.cli import app as bench_app
    except ImportError:
        return
    app.add_typer(bench_app, name="bench", help="Benchmark tracks (DeepTumorVQA).")


_mount_bench()


def main() -> None:
    """Console entry point: offline by default, no model-loading progress bars on the terminal."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # pydantic looks for plugins in the entry points of every installed distribution (80 ms of a
    # cold run); clinorch uses none. Set PYDANTIC_DISABLE_PLUGINS= (empty) to load yours.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    import sys

    if not sys.stdout.isatty() and not {"TERMINAL_WIDTH", "COLUMNS"} & set(os.environ):
        os.environ["COLUMNS"] = "120"  # help and errors piped to `less` or a file keep option names whole (rich: 80)
    one_command_process()
    app(prog_name="clinorch")


if __name__ == "__main__":
    main()
