"""Where an evidence item came from: a typed model, JSON-safe by construction.

`Evidence.provenance` is a `Provenance`. Its named fields are the ones the agents, the reviewer
and the reports read (which mask, which method, which formula and inputs, which criterion);
anything else an agent records goes into the model's extra fields. Every value is coerced to
plain JSON types at the boundary (numpy scalars and arrays to Python numbers and lists, tuples
to lists), so evidence always passes the checkpointer's strict serialiser and round-trips
through JSON unchanged.

Code reads the named fields as attributes (`e.provenance.inputs or []`); the mapping methods
(`get`, `[]`, `in`, iteration) serve extras and JSON-shaped consumers such as tests and reports
of external results.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


def plain(value: Any) -> Any:
    """`value` with numpy scalars and arrays, tuples and sets turned into plain JSON types.

    Raises:
        TypeError: a value that has no JSON form (an object, bytes), named with its type.
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int) and type(value) is not int:  # an IntEnum or numpy-like subclass
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(plain(v) for v in value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return plain(value.model_dump(mode="json"))
    if hasattr(value, "tolist") and hasattr(value, "dtype"):  # numpy scalars and arrays, without importing numpy
        return plain(value.tolist())
    raise TypeError(f"provenance value {value!r} of type {type(value).__name__} has no JSON form")


def finite_or_none(value: float) -> float | None:
    """A float, or None for NaN and infinities (which JSON cannot carry)."""
    return value if math.isfinite(value) else None


class Provenance(BaseModel):
    """How an evidence item was made. All fields optional; unknown keys are kept as extras."""

    model_config = ConfigDict(extra="allow", frozen=False)

    method: str | None = None
    """The procedure in words (`sum of baseline longest diameters`, `triage`)."""
    image: str | None = None
    """Artifact id (or source path) of the image measured."""
    masks: list[str] | None = None
    """Artifact ids (or source paths) of the masks used."""
    mask: str | None = None
    """The one mask a segmentation item describes."""
    backend: str | None = None
    """The backend that produced the item (`classical`, `provided`, `guideline`...)."""
    version: str | None = None
    """Version of the definitions that produced the number."""
    parameters: dict[str, Any] | None = None
    """Parameters of the method (distances, thresholds, grid)."""
    formula: str | None = None
    """For derived findings: the formula applied to `inputs`."""
    inputs: list[str] | None = None
    """For derived findings: the evidence ids the value was computed from."""
    entry_id: str | None = None
    """For criteria: the knowledge entry applied."""
    location: str | None = None
    """Sub-segment a per-location finding is about."""
    endpoints_ij: list[list[int | float]] | None = None
    """For a longest diameter: its two end points as voxel indices (i, j) on the measured slice."""
    severity: str | None = None
    """For triage checks: `blocking` or `warning`."""
    agent: str | None = None
    """Agent responsible for a note or a missing item."""

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, data: Any) -> Any:
        if isinstance(data, Provenance):
            return data.as_dict()
        if isinstance(data, Mapping):
            return {str(k): plain(v) for k, v in data.items()}
        return data

    def as_dict(self) -> dict[str, Any]:
        """The fields that are set, extras included, as a plain dict."""
        return self.model_dump(exclude_unset=True)

    # -- reading by key: extras, and consumers that treat provenance as JSON ----------------

    def get(self, key: str, default: Any = None) -> Any:
        """The value under `key` (a field or an extra), or `default` when it is unset."""
        return self.as_dict().get(key, default)

    def __getitem__(self, key: str) -> Any:
        data = self.as_dict()
        if key not in data:
            raise KeyError(key)
        return data[key]

    def __contains__(self, key: object) -> bool:
        return key in self.as_dict()

    def keys(self) -> list[str]:
        """Names of the fields that are set (so `{**provenance}` and `set(provenance)` work)."""
        return list(self.as_dict())

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        return iter(self.as_dict())

    def __len__(self) -> int:
        return len(self.as_dict())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Provenance):
            return self.as_dict() == other.as_dict()
        if isinstance(other, Mapping):
            return self.as_dict() == plain(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]
