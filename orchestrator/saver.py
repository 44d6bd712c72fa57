"""The checkpointer of durable runs: LangGraph's SQLite saver, strict and keeping the latest only.

Imported by `orchestrator.checkpoints` when a run opens a checkpoint file, not before: a run
without `--checkpoint` does not load langgraph's SQLite saver.
"""

from __future__ import annotations

from typing import Any, get_args, get_origin

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver
from pydantic import BaseModel

from core.state import CaseState


def state_models(root: type[BaseModel] = CaseState) -> list[type[BaseModel]]:
    """Every pydantic model reachable from `root`'s fields: the checkpointer's allow-list."""
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.append(annotation)
                for f in annotation.model_fields.values():
                    visit(f.annotation)
            return
        if get_origin(annotation) is not None or get_args(annotation):
            for arg in get_args(annotation):
                visit(arg)

    visit(root)
    return found


def strict_serializer() -> JsonPlusSerializer:
    """msgpack with an allow-list of the state's models; no pickle fallback, no permissive mode."""
    return JsonPlusSerializer(pickle_fallback=False, allowed_msgpack_modules=state_models())


class LatestOnlySaver(SqliteSaver):
    """A SqliteSaver that keeps only each thread's latest checkpoint and that checkpoint's writes."""

    def put(self, config: Any, checkpoint: Any, metadata: Any, new_versions: Any) -> Any:
        saved = super().put(config, checkpoint, metadata, new_versions)
        self._prune(saved["configurable"])
        return saved

    def put_writes(self, config: Any, writes: Any, task_id: str, task_path: str = "") -> None:
        super().put_writes(config, writes, task_id, task_path)
        self._prune(config["configurable"])  # writes that reach an older checkpoint are already in a newer one

    def _prune(self, ids: dict[str, Any]) -> None:
        thread, ns = str(ids["thread_id"]), ids.get("checkpoint_ns", "")
        with self.cursor() as cur:
            latest = cur.execute("SELECT max(checkpoint_id) FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ?",
                                 (thread, ns)).fetchone()[0]
            if latest is None:
                return
            for table in ("checkpoints", "writes"):
                cur.execute(f"DELETE FROM {table} WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id != ?",  # noqa: S608
                            (thread, ns, latest))
