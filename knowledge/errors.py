"""Typed errors of the knowledge base: misuse by the caller raises one of these."""

from __future__ import annotations


class KnowledgeError(ValueError):
    """Base class of every knowledge-base error."""


class EntryFormatError(KnowledgeError):
    """A document of the base could not be read or does not follow the entry schema."""


class DuplicateEntryError(KnowledgeError):
    """Two documents declare the same entry id."""


class UnknownProfileError(KnowledgeError):
    """The requested profile is declared by no entry."""


class MissingQuantityError(KnowledgeError, KeyError):
    """A classification depends on a quantity the caller did not provide."""

    def __init__(self, entry_id: str, missing: list[str], provided: list[str]) -> None:
        self.entry_id = entry_id
        self.missing = missing
        self.provided = provided
        super().__init__(f"criterion {entry_id!r} needs {missing!r} to decide; values given: {provided!r}")

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])


class OutOfRangeError(KnowledgeError):
    """A measured value lies outside every band of its scale (e.g. a negative volume)."""


class CriterionNotFoundError(KnowledgeError, LookupError):
    """No entry classifies the requested question subtype or quantity."""


class AmbiguousCriterionError(KnowledgeError, LookupError):
    """Several entries classify the requested subtype or quantity; the caller must narrow it."""
