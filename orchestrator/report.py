"""Terminal rendering of results with rich: evidence table, review checks, answer, batch progress and summary."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from statistics import median
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from core.case import CaseResult, Evidence, Review
from orchestrator.result import answer_display

console = Console(emoji=False)
"""The terminal. Emoji codes off: ids such as `measurement:bone:...` are data, not `:bone:` emoji."""


def plain(value: object) -> Text:
    """A table cell that rich prints as it is: no markup (`[...]`) and no emoji codes (`:name:`) read in data."""
    return value if isinstance(value, Text) else Text(str(value))


def _value(e: Evidence) -> str:
    if e.value is None:
        return "" if e.passed is None else ("pass" if e.passed else "FAIL")
    if isinstance(e.value, float):
        return f"{e.value:.2f}"
    return str(e.value)


def id_width(evidence: list[Evidence], kinds: tuple[str, ...], cap: int = 64) -> int:
    """The width that shows every evidence id of these kinds whole (up to `cap` characters)."""
    return min(cap, max((len(e.id) for e in evidence if e.kind in kinds), default=8))


def evidence_table(evidence: list[Evidence], kinds: tuple[str, ...] = ("measurement", "criterion")) -> Table:
    """The evidence items of the given kinds: id, value with unit, source or reason."""
    table = Table(title="Evidence", show_lines=False, expand=False)
    table.add_column("id", no_wrap=True, min_width=id_width(evidence, kinds))  # ids are looked up whole in result.json
    for col in ("value", "unit", "source / reason"):
        table.add_column(col, overflow="fold")
    for e in evidence:
        if e.kind in kinds:
            table.add_row(plain(e.id), plain(_value(e)), plain(e.unit or ""),
                          plain(e.citation or e.reason or e.provenance.method or ""))
    return table


def review_table(review: Review) -> Table:
    """The reviewer's checks, one row each."""
    table = Table(title=f"Attending review (rounds used: {review.rounds})")
    table.add_column("check")
    table.add_column("result")
    table.add_column("reason", overflow="fold")
    for check in review.checks:
        mark = "[green]pass[/green]" if check.passed else "[red]FAIL[/red]"
        table.add_row(plain(check.name), mark, plain(check.reason))
    return table


def print_review(review: Review) -> None:
    console.print(review_table(review))
    verdict = "[green]consistent[/green]" if review.consistent else "[red]inconsistent[/red]"
    console.print(f"verdict: {verdict}")
    for fix in review.required_fixes:
        console.print(Text(f"  fix → {fix.agent}: {fix.reason}"))


def print_summary(result: CaseResult) -> None:
    """Status, answer or reasons, and the trace timings; the result's own words are printed as they are."""
    from privacy.deid import shareable_key

    colour = {"answered": "green", "abstained": "yellow", "rejected": "red"}[result.status]
    body = Text.assemble((result.status, colour), f"  case {shareable_key(result.case_id)}  track {result.track or '-'}")
    if result.answer_detail is not None and result.status == "answered":
        shown = answer_display(result.answer, result.answer_detail.text)
        body.append_text(Text.assemble("\nanswer: ", (shown, "bold")))
        body.append("\nrests on: " + ", ".join(result.answer_detail.evidence_ids))
    for reason in result.reasons:
        body.append(f"\n• {reason}")
    steps = "  ".join(f"{s.node} {s.duration_s * 1000:.0f} ms" for s in result.trace if s.tool is None)
    body.append(f"\n{steps}", style="dim")
    console.print(Panel(body, title="clinorch result"))


def print_hits(hits: list[Any]) -> None:
    table = Table(title="Knowledge hits")
    for col in ("rank", "id", "title", "source", "score"):
        table.add_column(col, overflow="fold")
    for h in hits:
        table.add_row(str(h.rank), plain(h.id), plain(h.title), plain(h.source), f"{h.score:.3f}")
    console.print(table)


@contextmanager
def batch_progress(out: Console, total: int) -> Iterator[Callable[[Any], None]]:
    """A progress bar over a batch's cases; yields the callback that advances it and prints each case's line."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    colours = {"answered": "green", "abstained": "yellow", "rejected": "red", "skipped": "dim", "error": "red"}
    with Progress(TextColumn("cases"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=out,
                  transient=True) as bar:
        task = bar.add_task("cases", total=total)

        def advance(item: Any) -> None:
            bar.update(task, advance=1, refresh=True)
            colour = colours.get(item.status, "white")
            detail = ((item.answer or item.error or "").strip().splitlines() or [""])[0]
            if item.answer or not item.error:
                detail = detail[:80]  # an answer is in its result file; an error is shown whole, it says the fix
            bar.console.print(f"{escape(str(item.case_id or item.case_file))}: [{colour}]{item.status}[/{colour}] "
                              f"{escape(detail)} [dim]{item.seconds:.1f} s[/dim]", soft_wrap=True, emoji=False)

        yield advance


def print_batch_summary(items: Sequence[Any], wall_seconds: float, csv_path: Path, out: Console) -> None:
    """The batch's table: cases per status with their median time, the wall time and throughput."""
    by_status: dict[str, list[float]] = {}
    for item in items:
        by_status.setdefault(item.status, []).append(item.seconds)
    ran = sum(len(v) for k, v in by_status.items() if k not in ("skipped", "error"))
    table = Table(title=f"{len(items)} case file(s), {ran} run in {wall_seconds:.1f} s"
                        + (f" ({60 * ran / wall_seconds:.1f} cases/min)" if ran and wall_seconds > 0 else ""))
    for column in ("status", "cases", "median s per case"):
        table.add_column(column)
    for status, seconds in sorted(by_status.items()):
        shown = f"{median(seconds):.1f}" if status not in ("skipped", "error") else "-"
        table.add_row(status, str(len(seconds)), shown)
    out.print(table)
    out.print(f"wrote {escape(str(csv_path))}", emoji=False)
