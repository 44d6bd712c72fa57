"""`clinorch run IMAGE ...`: a case from command-line arguments, progress per agent, and the outputs.

The case file stays (a `.json` argument is read as one); an image argument becomes a case with a
pseudonymous id, so no file or folder name of the patient's enters the result.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from core.case import Case, ImageRef


class OptionError(ValueError):
    """A command-line option's value is malformed; `option` names it (`--choice`, `--prior`, ...)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


def check_options(choices: Sequence[str], priors: Sequence[str], segmenter_options: Sequence[str]) -> dict[str, Any]:
    """Reads `--choice`, `--prior` and `--segmenter-option` before the case is built; returns the segmenter options.

    Raises:
        OptionError: one of them is malformed, naming that option (not the SOURCE argument).
    """
    for option, parse in (("--choice", lambda: parse_choices(choices)), ("--prior", lambda: [parse_prior(p) for p in priors])):
        try:
            parse()
        except ValueError as exc:
            raise OptionError(option, str(exc)) from exc
    try:
        return parse_segmenter_options(segmenter_options)
    except ValueError as exc:
        raise OptionError("--segmenter-option", str(exc)) from exc


def refuse_url(text: str, option: str) -> None:
    """Images are local files: a URL (`https://...`, `s3://...`) is refused as one, not as a missing path.

    Raises:
        ValueError: `text` is a URL.
    """
    scheme, sep, _ = text.partition("://")
    if sep and scheme.isascii() and scheme.replace("+", "").replace("-", "").replace(".", "").isalnum():
        raise ValueError(f"{option} {text!r} is a URL: clinorch reads local files only (NIfTI or DICOM); "
                         "download the image first and give its path")


def parse_segmenter_options(items: Sequence[str]) -> dict[str, Any]:
    """`["model_folder=/m", "folds=[0,1]"]` to options: a value that reads as JSON is JSON, else a string.

    Raises:
        ValueError: an item is not `KEY=VALUE` with a Python-identifier key.
    """
    import json

    options: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise ValueError(f"--segmenter-option {item!r}: expected KEY=VALUE, e.g. path=models/model.ts")
        try:
            options[key] = json.loads(value)
        except ValueError:
            options[key] = value
    return options


def parse_choices(items: Sequence[str]) -> dict[str, str] | None:
    """`["A=Normal", "B=Mild"]` to `{"A": "Normal", "B": "Mild"}`.

    Raises:
        ValueError: an item is not `LETTER=text`.
    """
    choices = {}
    for item in items:
        letter, sep, text = item.partition("=")
        if not sep or len(letter.strip()) != 1 or not letter.strip().isalpha() or not text.strip():
            raise ValueError(f"--choice {item!r}: expected LETTER=text, e.g. A=Normal")
        choices[letter.strip().upper()] = text.strip()
    return choices or None


def parse_prior(item: str) -> ImageRef:
    """`IMAGE[@YYYY-MM-DD]` to a prior `ImageRef`.

    Raises:
        ValueError: the date is not ISO `YYYY-MM-DD`.
    """
    path, sep, when = item.rpartition("@") if "@" in item else (item, "", "")
    refuse_url(path, "--prior")
    try:
        acquired = date.fromisoformat(when) if sep else None
    except ValueError as exc:
        raise ValueError(f"--prior {item!r}: the date after @ must be YYYY-MM-DD") from exc
    if not Path(path).expanduser().exists():
        raise ValueError(f"--prior {item!r}: {path} does not exist")
    return ImageRef(path=str(Path(path).expanduser().resolve()), role="prior", acquired=acquired)


def build_case(source: Path | str, *, masks: Path | None = None, question: str | None = None,
               choices: Sequence[str] = (), priors: Sequence[str] = (), prior_masks: Sequence[Path] = (),
               modality: str | None = None, case_id: str | None = None) -> Case:
    """A case from a case JSON file or from an image (NIfTI file, DICOM file or series folder).

    `prior_masks[i]` are the provided masks of `priors[i]` (in the order given); `modality` declares the current
    image's modality (``CT``, ``MR``, ...) when its header does not say. `case_id` names the case (a case file's own
    id otherwise; for an image, an id derived from the image, its masks, the question, the options and the priors, so
    two questions on one image are two cases, and the same command names the same case again).

    Raises:
        OptionError: a masks path is missing, or there are more --prior-masks than --prior.
        ValueError: the source or a prior is missing, the case file is not a valid case, or an option is malformed.
    """
    refuse_url(str(source), "SOURCE")
    source = Path(source)
    if not source.exists():
        raise ValueError(f"{source} does not exist")
    for option, given in (("--masks", masks), *(("--prior-masks", m) for m in prior_masks)):
        if given is not None and not Path(given).exists():
            raise OptionError(option, f"{given} does not exist (give the folder of <name>.nii.gz masks or a DICOM SEG file)")
    if len(prior_masks) > len(priors):
        raise OptionError("--prior-masks", f"{len(prior_masks)} --prior-masks for {len(priors)} --prior: each prior's "
                          "masks follow its --prior, in the same order")
    if source.is_file() and source.suffix.lower() == ".json":
        case = Case.load(source)
    else:
        digest = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:10]
        current = ImageRef(path=str(source.resolve()), masks=str(masks.resolve()) if masks else None,
                           modality=modality)
        case = Case(case_id=f"case-{digest}", images=[current])
    update: dict[str, Any] = {}
    if question is not None:
        update["question"] = question
    if choices:
        update["choices"] = parse_choices(choices)
    if priors:
        given = [parse_prior(p) for p in priors]
        given = [ref.model_copy(update={"masks": str(Path(m).resolve())}) if m else ref
                 for ref, m in zip(given, [*prior_masks, *[None] * (len(given) - len(prior_masks))], strict=True)]
        update["images"] = [*case.images, *given]
    if case_id is not None:
        update["case_id"] = case_id
    case = Case.model_validate(case.model_dump() | update) if update else case
    if case_id is None and not (source.is_file() and source.suffix.lower() == ".json"):
        content = json.dumps([[im.model_dump(mode="json") for im in case.images], case.question, case.choices],
                             sort_keys=True)
        case = case.model_copy(update={"case_id": f"case-{hashlib.sha256(content.encode()).hexdigest()[:10]}"})
    return case


def reasoner_overrides(reasoner: str | None, model: str | None, base_url: str | None) -> dict[str, Any]:
    """Config fields for `--reasoner NAME --model PATH|--base-url URL`."""
    if reasoner is None and model is None and base_url is None:
        return {}
    options: dict[str, Any] = {}
    if base_url is not None:
        options["base_url"] = base_url
    if model is not None:
        options["model" if (reasoner == "openai" or base_url) else "model_path"] = model
    return {"reasoner": reasoner, "reasoner_options": options or None}


def progress(console: Console) -> Callable[[dict[str, Any]], None]:
    """An event handler printing each agent as it starts and ends, with its time and what it produced."""
    started: dict[str, float] = {}

    def on_event(event: dict[str, Any]) -> None:
        node = event.get("node", "?")
        if event.get("event") == "start":
            started[node] = time.perf_counter()
            console.print(f"[cyan]▶ {node}[/cyan] …")
        elif event.get("event") == "end":
            summary = event.get("summary", {})
            detail = ", ".join(f"{k}: {len(v) if isinstance(v, list) else v}" for k, v in summary.items())
            seconds = event.get("duration_s", time.perf_counter() - started.get(node, time.perf_counter()))
            console.print(f"  [green]✓[/green] {node} [dim]{seconds:.1f} s  {escape(detail)}[/dim]")

    return on_event


def run_and_write(case: Case, cfg: Any, backends: dict[str, Any], out: Path, *, report: bool,
                  quiet: bool, as_json: bool) -> Any:
    """Runs the case with progress (unless quiet or JSON), writes result.json and, with `report`, the outputs.

    The outputs are written when the case finishes, from the run's own artifact store: with a
    checkpoint that is before its artifacts are removed, so `--report` needs no `--keep-checkpoint`.
    """
    from orchestrator.api import run

    console = Console(stderr=True, emoji=False)
    on_event = None if quiet or as_json else progress(console)
    written: list[Any] = []

    saved: list[bool] = []

    def save(result: Any) -> None:  # the answer first: a failing report write (a full disk) must not lose it
        from orchestrator import atomic

        out.mkdir(parents=True, exist_ok=True)
        atomic.write_text(out / "result.json", result.model_dump_json(indent=2))
        saved.append(True)

    def write(result: Any, store: Any) -> None:
        from core.store import artifact_id
        from orchestrator.reports import write_outputs

        save(result)
        if result.status != "rejected" and artifact_id("img", result.case_id, "current:0") not in store:
            console.print("[yellow]note:[/yellow] this case finished earlier and its artifacts were removed "
                          "with its checkpoint: the report has no key images or masks (--keep-checkpoint keeps them)")
        if on_event is not None:
            console.print("[cyan]▶ report[/cyan] … (report.md/html with key images, label map, DICOM SEG, FHIR bundle)")
        started = time.perf_counter()
        written.append(write_outputs(result, store, out, case))
        if on_event is not None:
            parts = ", ".join(f"{name.replace('_', ' ')} {seconds:.1f} s" for name, seconds in written[0].seconds.items()
                              if name != "report_build")
            console.print(f"  [green]✓[/green] report [dim]{time.perf_counter() - started:.1f} s  {escape(parts)}[/dim]")

    result = run(case, cfg, backends=backends, on_event=on_event, on_result=write if report else None)
    if not saved:
        save(result)
    if as_json:
        print(result.model_dump_json(indent=2))  # noqa: T201 — the CLI's machine-readable stdout
    elif not quiet:
        from orchestrator.report import print_summary

        print_summary(result)
        files = [out / "result.json", *(written[0].files.values() if written else [])]
        console.print("wrote " + escape(", ".join(str(f) for f in files)))
    for reason in (written[0].skipped.values() if written else []):
        console.print(f"[yellow]note:[/yellow] {escape(reason)}")
    return result
