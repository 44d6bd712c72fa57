"""The benchmark report as rich tables: overall, per stage, per subtype, abstention, held-out templates."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.subtypes import ANSWER_TYPE


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def stage_table(report: dict[str, Any], title: str | None = None) -> Table:
    """Overall and per-stage scores (question-weighted), with abstention and held-out templates."""
    table = Table(title=title or f"DeepTumorVQA · {report['mode']} · {report['format']}"
                  f"{' · subtype hint' if report.get('subtype_hint') else ''}")
    table.add_column("stage")
    table.add_column("score %", justify="right")
    table.add_column("n", justify="right")
    for stage, values in report["by_stage"].items():
        table.add_row(stage, _pct(values["score"]), str(values["n_total"]))
    table.add_section()
    table.add_row("[bold]overall (micro)[/bold]", f"[bold]{_pct(report['overall']['score'])}[/bold]",
                  str(report["overall"]["n_total"]))
    table.add_row("abstention rate", _pct(report["abstention"]["rate"]), str(report["abstention"]["n_abstained"]))
    if report.get("wrong"):
        table.add_row("wrong answers", _pct(report["wrong"]["rate"]), str(report["wrong"]["n_wrong"]))
    if report["abstention"].get("n_errors"):
        table.add_row("errors (crashed runs)", "-", str(report["abstention"]["n_errors"]))
    for value, values in report.get("groups", {}).get("template_heldout", {}).items():
        label = "held-out templates" if value == "True" else "seen templates"
        table.add_row(label, _pct(values["score"]), str(values["n_total"]))
    return table


def subtype_table(report: dict[str, Any]) -> Table:
    """Per-subtype metrics: MC accuracy, or MRA with tolerance bands, binary sensitivity/specificity."""
    table = Table(title="per subtype")
    for column in ("subtype", "type", "score %", "n", "detail"):
        table.add_column(column, justify="right" if column in ("score %", "n") else "left")
    for subtype, metric in report["by_subtype"].items():
        detail = ""
        if "tolerance_acc" in metric:
            detail = " ".join(f"{k.removeprefix('tol_')}:{_pct(v)}" for k, v in metric["tolerance_acc"].items())
        elif "sensitivity" in metric:
            detail = f"sens {_pct(metric['sensitivity'])} spec {_pct(metric['specificity'])}"
        elif "n_parsed" in metric:
            detail = f"parsed {metric['n_parsed']}/{metric['n_total']}"
        table.add_row(subtype, ANSWER_TYPE.get(subtype, "?"), _pct(metric["score"]), str(metric["n_total"]), detail)
    return table


def print_report(report: dict[str, Any], console: Console | None = None, subtypes: bool = True) -> None:
    """Prints the stage table and, optionally, the subtype table."""
    console = console or Console()
    if subtypes:
        console.print(subtype_table(report))
    console.print(stage_table(report))
