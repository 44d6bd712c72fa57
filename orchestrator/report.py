"""Terminal rendering of results with rich: evidence table, review checks, answer."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from core.case import CaseResult, Evidence, Review

console = Console()


def _value(e: Evidence) -> str:
    if e.value is None:
        return "" if e.passed is None else ("pass" if e.passed else "FAIL")
    if isinstance(e.value, float):
        return f"{e.value:.2f}"
    return str(e.value)


def evidence_table(evidence: list[Evidence], kinds: tuple[str, ...] = ("measurement", "criterion")) -> Table:
    """The evidence items of the given kinds: id, value with unit, source or reason."""
    table = Table(title="Evidence", show_lines=False, expand=False)
    for col in ("id", "value", "unit", "source / reason"):
        table.add_column(col, overflow="fold")
    for e in evidence:
        if e.kind in kinds:
            table.add_row(e.id, _value(e), e.unit or "", e.citation or e.reason or e.provenance.method or "")
    return table


def review_table(review: Review) -> Table:
    """The reviewer's checks, one row each."""
    table = Table(title=f"Attending review (rounds used: {review.rounds})")
    table.add_column("check")
    table.add_column("result")
    table.add_column("reason", overflow="fold")
    for check in review.checks:
        mark = "[green]pass[/green]" if check.passed else "[red]FAIL[/red]"
        table.add_row(check.name, mark, check.reason)
    return table


def print_review(review: Review) -> None:
    console.print(review_table(review))
    verdict = "[green]consistent[/green]" if review.consistent else "[red]inconsistent[/red]"
    console.print(f"verdict: {verdict}")
    for fix in review.required_fixes:
        console.print(f"  fix → {fix.agent}: {fix.reason}")


def print_summary(result: CaseResult) -> None:
    """Status, answer or reasons, and the trace timings."""
    colour = {"answered": "green", "abstained": "yellow", "rejected": "red"}[result.status]
    lines = [f"[{colour}]{result.status}[/{colour}]  case {result.case_id}  track {result.track or '-'}"]
    if result.answer_detail is not None and result.status == "answered":
        lines.append(f"answer: [bold]{result.answer}[/bold]  {result.answer_detail.text}")
        lines.append("rests on: " + ", ".join(result.answer_detail.evidence_ids))
    for reason in result.reasons:
        lines.append(f"• {reason}")
    steps = "  ".join(f"{s.node} {s.duration_s * 1000:.0f} ms" for s in result.trace if s.tool is None)
    lines.append(f"[dim]{steps}[/dim]")
    console.print(Panel("\n".join(lines), title="clinorch result"))


def print_hits(hits: list[Any]) -> None:
    table = Table(title="Knowledge hits")
    for col in ("rank", "id", "title", "source", "score"):
        table.add_column(col, overflow="fold")
    for h in hits:
        table.add_row(str(h.rank), h.id, h.title, h.source, f"{h.score:.3f}")
    console.print(table)
