"""Durable runs: a strict SQLite checkpointer and the binding of each thread to one case's content.

- **Strict serialisation.** Checkpoints are msgpack with LangGraph's allow-list: only the state's
  own pydantic models (`CaseState` and every model it holds) are rebuilt; no pickle fallback.
  A crafted row naming another class comes back as plain data, never as a constructed object.
- **Latest checkpoint only.** Each new checkpoint of a thread replaces the older ones (with
  SQLite's `secure_delete`), so the case as it was before triage scrubbed it does not outlive
  triage's checkpoint, and the file stays small. Pending writes of the latest checkpoint are
  kept: a run killed between a node's writes and the next checkpoint resumes from them.
- **A thread is bound to a case's content**: the hash of its images (file bytes, provided
  masks included), question, choices and clinical context. The same case resumes or gets its
  stored result back; a different case under a used id is refused (`CaseConflictError`), and so is
  the same case under a configuration that changes its result (other backends or options).

The saver itself (`orchestrator.saver`, langgraph's SQLite checkpointer) is imported only when a
run opens a checkpoint file (`--checkpoint`): a run without one does not load it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from core.case import Case, CaseResult
from core.config import Config

if TYPE_CHECKING:
    import sqlite3

_BINDINGS = """
CREATE TABLE IF NOT EXISTS clinorch_cases (
    thread_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    result TEXT,
    updated TEXT NOT NULL
)"""


class CaseConflictError(RuntimeError):
    """A case id is already bound to a different case (other images or question) in the checkpoint file."""


RUN_ONLY = frozenset({"checkpoint", "keep_checkpoint", "store_dir", "cache_dir"})
"""Config fields that say where a run keeps things, not what it computes (not part of a binding)."""


def config_hash(config: Config) -> str:
    """sha256 of the configuration that decides a result (backends, options, bounds, knowledge)."""
    fields = config.model_dump(mode="json", exclude=set(RUN_ONLY))
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def content_hash(case: Case) -> str:
    """sha256 of what makes a case this case: image and mask bytes, roles, dates, question, choices, context."""
    digest = hashlib.sha256()
    facts = case.model_dump(mode="json", include={"question", "choices", "context"})
    digest.update(repr(sorted(facts.items())).encode())
    for image in case.images:
        digest.update(f"|{image.role}|{image.acquired}|{image.modality}|".encode())
        for path in (image.path, image.masks):
            _hash_path(digest, path)
    return digest.hexdigest()


def _hash_path(digest: Any, path: str | None) -> None:
    if path is None:
        digest.update(b"<none>")
        return
    root = Path(path)
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    for file in files:
        digest.update(str(file.relative_to(root) if root.is_dir() else file.name).encode())
        try:
            with open(file, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
        except OSError:
            digest.update(f"<unreadable {path}>".encode())  # triage will reject it; the hash stays stable


class Checkpoints:
    """The checkpoint file of a run: the saver for the graph and the case bindings beside it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        from orchestrator.saver import LatestOnlySaver, strict_serializer  # langgraph's SQLite saver: only here

        conn.execute("PRAGMA secure_delete = ON")
        self.saver = LatestOnlySaver(conn, serde=strict_serializer())
        self.saver.setup()
        with conn:
            conn.execute(_BINDINGS)

    def claim(self, thread_id: str, digest: str) -> CaseResult | None:
        """Binds `thread_id` to `digest` (case content, then configuration); returns a finished case's stored result.

        Raises:
            CaseConflictError: the id is bound to other content, or holds checkpoints bound to none.
        """
        row = self.conn.execute("SELECT content_hash, status, result FROM clinorch_cases WHERE thread_id = ?",
                                (thread_id,)).fetchone()
        if row is None:
            if self.has_thread(thread_id):
                raise CaseConflictError(f"case id {thread_id!r} has checkpoints that are bound to no case content "
                                        "(an older file?); use another case id or another checkpoint file")
            self._set(thread_id, digest, "running", None)
            return None
        bound, status, result = row
        if bound != digest:
            same_case = bound.split(":")[0] == digest.split(":")[0]
            what = ("the same case under another configuration (backends, options or bounds)" if same_case else
                    "a different case (other images, masks, question or context)")
            raise CaseConflictError(
                f"case id {thread_id!r} is already used in this checkpoint file by {what}; a run never continues "
                "or returns another one's state: give this case its own id, or use another checkpoint file")
        if status == "finished" and result is not None:
            return CaseResult.model_validate_json(result)
        return None

    def finish(self, thread_id: str, digest: str, result: CaseResult) -> None:
        """Records the finished case's result (the answer a later run of the same case gets back)."""
        self._set(thread_id, digest, "finished", result.model_dump_json())

    def has_thread(self, thread_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM checkpoints WHERE thread_id = ? LIMIT 1", (thread_id,)).fetchone() is not None

    def drop_thread(self, thread_id: str) -> None:
        """Deletes the thread's checkpoints and pending writes (its binding and result stay)."""
        self.saver.delete_thread(thread_id)

    def _set(self, thread_id: str, digest: str, status: Literal["running", "finished"], result: str | None) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO clinorch_cases VALUES (?, ?, ?, ?, ?)",
                              (thread_id, digest, status, result, datetime.now(UTC).isoformat()))


@contextmanager
def open_checkpoints(path: str | Path) -> Iterator[Checkpoints]:
    """Opens (creating) the checkpoint file at `path`."""
    import sqlite3

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False)
    try:
        yield Checkpoints(conn)
    finally:
        conn.close()
