"""Cutting documents into passages the embedder can read whole.

MiniLM reads at most 256 word pieces, so a document's rendered text (one item per line) is
packed line by line into passages of at most `max_chars` characters; every passage after the
first repeats the title so it stands on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from pydantic import BaseModel, ConfigDict

CHUNKER_VERSION = "lines-v1"
"""Changes whenever chunking changes, so cached indexes are rebuilt."""


class Document(Protocol):
    """What retrieval needs of a document (a `knowledge.KnowledgeEntry` is one)."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def citation(self) -> str: ...

    def render(self) -> str: ...


class Chunk(BaseModel):
    """One passage of one document."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    chunk_id: str
    """`{doc_id}#{n}`."""
    doc_id: str
    title: str
    text: str
    citation: str


def chunk_documents(documents: Iterable[Document], max_chars: int = 800) -> list[Chunk]:
    """Every document's passages, in document order."""
    chunks: list[Chunk] = []
    for doc in documents:
        for n, text in enumerate(split_text(doc.render(), doc.title, max_chars)):
            chunks.append(
                Chunk(chunk_id=f"{doc.id}#{n}", doc_id=doc.id, title=doc.title, text=text, citation=doc.citation)
            )
    return chunks


def split_text(text: str, title: str, max_chars: int) -> list[str]:
    """Packs the lines of `text` into passages of at most `max_chars` (long lines are cut at words)."""
    pieces: list[str] = []
    for line in (ln.strip() for ln in text.splitlines()):
        pieces += _cut(line, max_chars) if line else []
    passages: list[str] = []
    current: list[str] = []
    for piece in pieces:
        size = sum(len(p) + 1 for p in current) + len(piece)
        if current and size > max_chars:
            passages.append("\n".join(current))
            current = [title] if piece != title else []
        current.append(piece)
    if current:
        passages.append("\n".join(current))
    return passages


def _cut(line: str, max_chars: int) -> list[str]:
    if len(line) <= max_chars:
        return [line]
    out, current = [], ""
    for word in line.split():
        if current and len(current) + 1 + len(word) > max_chars:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*out, current] if current else out
