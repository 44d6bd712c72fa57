"""`run(case)`: one case through the graph, with optional progress events and durable checkpoints."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from agents.backends import make_context
from agents.triage_checks.files import peek
from core.case import Case, CaseResult
from core.config import Config
from core.state import CaseState
from core.store import ArtifactStore
from orchestrator.build_info import run_provenance
from orchestrator.checkpoints import CaseConflictError, config_hash, content_hash, open_checkpoints
from orchestrator.result import to_result
from privacy.deid import scrub_case

EventHandler = Callable[[dict[str, Any]], None]
ResultHandler = Callable[[CaseResult, ArtifactStore], None]

__all__ = ["CaseConflictError", "artifact_types", "run"]


def artifact_types() -> tuple[type, ...]:
    """What the artifact store writes to disk and rebuilds (an allow-list; nothing is pickled)."""
    from imaging.volume import Image, LabelMap

    return Image, LabelMap


def run(
    case: Case | Mapping[str, Any] | str | Path,
    config: Config | Mapping[str, Any] | None = None,
    *,
    on_event: EventHandler | None = None,
    nodes: Mapping[str, Any] | None = None,
    backends: dict[str, Any] | None = None,
    store: ArtifactStore | None = None,
    on_result: ResultHandler | None = None,
) -> CaseResult:
    """Runs one case through triage, the experts, the reasoner and the reviewer.

    Args:
        case: a `Case`, a dict, or the path of a case JSON file.
        config: a `Config` or a dict of its fields; defaults are the embedded CPU backends.
        on_event: called with each progress event (`{"event": "start"|"end", "node": ...}`).
        nodes: replaces agents by name (tests and research use scripted agents).
        backends: a dict shared across runs so heavy backends load once per process; built
            backends are cached in it under their full configuration, and an instance put under
            a capability name (`"understanding"`, `"second_opinion"`, ...) is used as given.
        store: an artifact store to use (and read afterwards: the volumes and masks of the run).
            With `config.checkpoint`, leave it None: the run's store is then on disk beside the
            checkpoint, so an interrupted case resumes with the artifacts made before the stop.
        on_result: called with the result and the run's artifact store once the case is finished,
            before a checkpointed run removes its artifacts (the report and masks are written
            here). A finished case whose stored result is returned gets the store as it is left:
            empty unless `config.keep_checkpoint` kept it.

    Returns:
        The `CaseResult`; rejection and abstention are results, not exceptions. With
        `config.checkpoint`, an interrupted case resumes where it stopped, a finished one returns
        its stored result, and its checkpoints and artifacts are removed unless
        `config.keep_checkpoint`.

    Raises:
        CaseConflictError: the checkpoint file already holds a different case under this case id.
    """
    cfg = config if isinstance(config, Config) else Config.model_validate(dict(config or {}))
    # Free text is scrubbed before it enters the state, so no checkpoint ever holds identifiers,
    # with the identifiers the images' headers hold (read safely: no pixel, no device or pipe).
    raw = Case.load(case)
    headers = {ref.path: peek(ref.path, cfg.max_image_bytes) for ref in raw.images}
    known = sorted({found for header in headers.values() for found in header.identifiers})
    scrubbed, removed = scrub_case(raw, known)
    # Paths become tokens in the state (folders are often named after the patient); the context,
    # never checkpointed, keeps the real ones. The checkpoint thread is bound to the real content.
    the_case, paths = _path_tokens(scrubbed)
    store_dir = cfg.store_dir or (f"{cfg.checkpoint}.artifacts" if cfg.checkpoint else None)
    if store is None:
        store = ArtifactStore(the_case.case_id, store_dir, types=artifact_types())
    context = make_context(cfg, store, backends)
    context.paths = paths
    context.headers = headers  # triage reads each header once, here
    provenance = run_provenance(cfg, raw)  # before the run: the files as they were read
    if cfg.checkpoint is None:
        result = _stream(the_case, removed, context, nodes, on_event, None).model_copy(update={"provenance": provenance})
        if on_result is not None:
            on_result(result, store)
        return result
    with open_checkpoints(cfg.checkpoint) as checkpoints:
        digest = f"{content_hash(scrubbed)}:{config_hash(cfg)}"
        try:
            stored = checkpoints.claim(the_case.case_id, digest)
        except CaseConflictError:
            _remove_if_empty(store, store_dir)  # opening the store made its folder; the other case's stays as it was
            raise
        if stored is not None:  # a finished case: its result, not a second run on the same thread
            if stored.provenance is None:
                stored = stored.model_copy(update={"provenance": provenance})
            if on_result is not None:
                on_result(stored, store)
            if not cfg.keep_checkpoint:
                _remove_artifacts(store, store_dir)  # the store's folder was made again when it was opened
            return stored
        result = _stream(the_case, removed, context, nodes, on_event, checkpoints.saver)
        result = result.model_copy(update={"provenance": provenance})
        checkpoints.finish(the_case.case_id, digest, result)
        if on_result is not None:
            on_result(result, store)  # before the artifacts go
        if not cfg.keep_checkpoint:
            checkpoints.drop_thread(the_case.case_id)
            _remove_artifacts(store, store_dir)
    return result


def _remove_artifacts(store: ArtifactStore, store_dir: str | None) -> None:
    """Deletes the case's artifact folder, and the store's folder when no other case is left in it."""
    store.remove()
    if store_dir is not None and Path(store_dir).is_dir() and not any(Path(store_dir).iterdir()):
        Path(store_dir).rmdir()


def _remove_if_empty(store: ArtifactStore, store_dir: str | None) -> None:
    """Removes the case's artifact folder and the store's folder, each only when it holds nothing."""
    for folder in (store.root, Path(store_dir) if store_dir else None):
        if folder is not None and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def _stream(the_case: Case, removed: dict[str, int], context: Any, nodes: Mapping[str, Any] | None,
            on_event: EventHandler | None, saver: Any) -> CaseResult:
    """Runs (or resumes) the graph on the case's thread and returns its result."""
    from orchestrator.graph import build_graph

    graph = build_graph(nodes, checkpointer=saver)
    run_config = {"configurable": {"thread_id": the_case.case_id}, "recursion_limit": 64}
    start: Any = CaseState(case=the_case, identifiers_removed=removed)
    final: Any = None
    if saver is not None:
        snapshot = graph.get_state(run_config)
        if snapshot.created_at is not None:
            # `next` omits tasks whose writes are saved but not yet checkpointed; `tasks` lists them
            if not snapshot.next and not snapshot.tasks:  # finished before its result was recorded
                return to_result(CaseState.model_validate(snapshot.values))
            start = None  # resume where it stopped, from the last checkpoint and its pending writes
    durable = {"durability": "sync"} if saver is not None else {}  # each checkpoint on disk before the next step
    for mode, payload in graph.stream(start, run_config, context=context, stream_mode=["custom", "values"], **durable):
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
