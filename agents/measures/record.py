"""Turning measured values into evidence with provenance (docs/CONTRACTS.md, "Evidence")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from agents.measures.vocabulary import MEASURES_VERSION
from core.case import Evidence, Scalar


class Recorder:
    """Collects `Evidence(kind="measurement", agent="measurement")` items in a stable order.

    Args:
        image_ref: The image's artifact id (or its source path).
        mask_refs: Mask name -> artifact id (or source path).
        common: Added to every item's provenance (e.g. the grid measured on).
    """

    def __init__(self, image_ref: str, mask_refs: Mapping[str, str], common: Mapping[str, Any] | None = None) -> None:
        self.image_ref = image_ref
        self.mask_refs = dict(mask_refs)
        self.common = dict(common or {})
        self.items: dict[str, Evidence] = {}

    def add(self, target: str, name: str, value: Scalar, unit: str | None, *, masks: Iterable[str], method: str,
            parameters: Mapping[str, Any] | None = None, reason: str | None = None, citation: str | None = None,
            image: bool = True, **extra: Any) -> str:
        """Records one measurement and returns its id (`measurement:{target}:{name}`)."""
        provenance: dict[str, Any] = {
            "image": self.image_ref if image else None,
            "masks": [self.mask_refs.get(m, m) for m in masks],
            "method": method,
            "parameters": dict(parameters or {}),
            "version": MEASURES_VERSION,
            **self.common,
            **extra,
        }
        item = Evidence.make("measurement", "measurement", name, target, value=_plain(value), unit=unit,
                             reason=reason, citation=citation, provenance=provenance)
        self.items[item.id] = item
        return item.id

    @property
    def evidence(self) -> list[Evidence]:
        return list(self.items.values())


def _plain(value: Scalar) -> Scalar:
    """numpy scalars to Python ones, so evidence serialises to JSON."""
    if hasattr(value, "item"):
        return value.item()  # type: ignore[union-attr]
    return value
