"""`run(case)`: one case through the graph, with optional progress events and checkpoints."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from agents.triage_checks.files import peek
from core.case import Case, CaseResult
from core.config import Config
from core.context import Context
from core.state import CaseState
from core.store import ArtifactStore
from orchestrator.result import to_result
from privacy.deid import scrub_case

EventHandler = Callable[[dict[str, Any]], None]


def run(
    case: Case | Mapping[str, Any] | str | Path,
    config: Config | Mapping[str, Any] | None = None,
    *,
    on_event: EventHandler | None = None,
    nodes: Mapping[str, Any] | None = None,
    backends: dict[str, Any] | None = None,
    store: ArtifactStore | None = None,
) -> CaseResult:
    """Runs one case through triage, the experts, the reasoner and the reviewer.

    Args:
        case: a `Case`, a dict, or the path of a case JSON file.
        config: a `Config` or a dict of its fields; defaults are the embedded CPU backends.
        on_event: called with each progress event (`{"event": "start"|"end", "node": ...}`).
        nodes: replaces agents by name (tests and research use scripted agents).
        backends: a dict shared across runs so heavy backends load once per process.
        store: an artifact store to use (and read afterwards: the volumes and masks of the run).

    Returns:
        The `CaseResult`; rejection and abstention are results, not exceptions.
    """
    from orchestrator.graph import build_graph

    cfg = config if isinstance(config, Config) else Config.model_validate(dict(config or {}))
    # Free text is scrubbed before it enters the state, so no checkpoint ever holds identifiers,
    # with the identifiers the images' headers hold (read safely: no pixel, no device or pipe).
    raw = Case.load(case)
    known = sorted({found for ref in raw.images for found in peek(ref.path, cfg.max_image_bytes).identifiers})
    the_case, _ = scrub_case(raw, known)
    the_case, paths = _path_tokens(the_case)
    store_dir = cfg.store_dir or (f"{cfg.checkpoint}.artifacts" if cfg.checkpoint else None)
    if store is None:
        store = ArtifactStore(the_case.case_id, store_dir)
    context = Context(config=cfg, store=store, paths=paths)
    if backends is not None:
        context.backends = backends
    with _checkpointer(cfg.checkpoint) as saver:
        graph = build_graph(nodes, checkpointer=saver)
        run_config = {"configurable": {"thread_id": the_case.case_id}, "recursion_limit": 64}
        start: Any = CaseState(case=the_case)
        if saver is not None:
            snapshot = graph.get_state(run_config)
            if snapshot.next:
                start = None  # resume an interrupted run where it stopped
        final: Any = None
        for mode, payload in graph.stream(start, run_config, context=context, stream_mode=["custom", "values"]):
            if mode == "custom" and on_event is not None:
                on_event(payload)
            elif mode == "values":
                final = payload
    state = final if isinstance(final, CaseState) else CaseState.model_validate(final)
    return to_result(state)


def _path_tokens(case: Case) -> tuple[Case, dict[str, str]]:
    """The case with its image and mask paths replaced by tokens, and the table back to the paths."""
    paths: dict[str, str] = {}
    images = []
    for index, ref in enumerate(case.images):
        update = {"path": f"<image {index}>"}
        paths[update["path"]] = ref.path
        if ref.masks:
            update["masks"] = f"<masks {index}>"
            paths[update["masks"]] = ref.masks
        images.append(ref.model_copy(update=update))
    return case.model_copy(update={"images": images}), paths


@contextmanager
def _checkpointer(path: str | None) -> Iterator[Any]:
    if path is None:
        yield None
        return
    from langgraph.checkpoint.sqlite import SqliteSaver

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, check_same_thread=False)
    try:
        yield SqliteSaver(conn)
    finally:
        conn.close()
