"""`clinorch review` and `clinorch knowledge search|list`: the commands that read a saved result or the knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orchestrator.startup import loading

knowledge_app = typer.Typer(help="Search and list the clinical knowledge base.", no_args_is_help=True)
MODES = ("hybrid", "dense", "sparse")


def one_line(exc: BaseException) -> str:
    """One line saying what went wrong: pydantic's first error (where, without its help link), else the first line."""
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        return f"{first['msg']}{f' at {where}' if where else ''}" + (f" ({exc.error_count()} errors)" if exc.error_count() > 1 else "")
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def review(result_file: Annotated[Path, typer.Argument(help="A saved CaseResult JSON.")]) -> None:
    """Re-run the reviewer's checks on a saved result; exit 0 if consistent, 1 if not."""
    with loading():
        from agents.reviewer import review_result
        from core.case import CaseResult
        from orchestrator.report import print_review

    try:
        result = CaseResult.model_validate_json(result_file.read_text())
    except (OSError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
        raise typer.BadParameter(f"{result_file}: not a saved result.json (a CaseResult): {one_line(exc)}") from exc
    verdict = review_result(result)
    print_review(verdict)
    raise typer.Exit(0 if verdict.consistent else 1)


@knowledge_app.command("search")
def knowledge_search(
    query: Annotated[str, typer.Argument(help="Free-text query.")],
    k: Annotated[int, typer.Option(help="Number of hits.", min=1)] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    mode: Annotated[str, typer.Option(help="hybrid | dense | sparse.")] = "hybrid",
    profile: Annotated[str, typer.Option(help="Knowledge profile.")] = "deeptumorvqa",
) -> None:
    """Search the knowledge base (hybrid dense + BM25)."""
    if not query.strip():
        raise typer.BadParameter("the query is empty: give a few words, e.g. 'splenomegaly volume'", param_hint="QUERY")
    if mode not in MODES:
        raise typer.BadParameter(f"{mode!r} is not one of {', '.join(MODES)}", param_hint="--mode")
    with loading():
        from knowledge import load_base
        from knowledge.errors import KnowledgeError
        from retrieval import Retriever, hits_to_json

    try:
        base = load_base(profile=profile)
    except KnowledgeError as exc:
        raise typer.BadParameter(one_line(exc), param_hint="--profile") from exc
    hits = Retriever(base, mode=mode).search(query, k=k)
    if as_json:
        typer.echo(hits_to_json(hits))
        return
    from orchestrator.report import print_hits

    print_hits(hits)


@knowledge_app.command("list")
def knowledge_list(profile: Annotated[str, typer.Option(help="Knowledge profile.")] = "deeptumorvqa") -> None:
    """List the entries of the knowledge base."""
    from knowledge import load_base
    from knowledge.errors import KnowledgeError

    try:
        base = load_base(profile=profile)
    except KnowledgeError as exc:
        raise typer.BadParameter(one_line(exc), param_hint="--profile") from exc
    for entry in base:
        typer.echo(f"{entry.id:40s} {entry.title}")
