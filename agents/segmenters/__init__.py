"""Segmentation backends behind one protocol, with a registry by name.

    segmenter = get_segmenter("classical")
    segmenter = get_segmenter("provided", source="BDMAP_00000001/segmentations")
    segmenter = get_segmenter("monai", path="models/my_bundle", device="auto")

Backends import their heavy dependencies (torch, MONAI, TotalSegmentator, nnU-Net) only when
built, so listing or resolving names stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from agents.segmenters.base import (
    MaskGeometryError,
    Segmentation,
    Segmenter,
    SegmenterError,
    SegmenterUnavailable,
)

_BUILTIN: dict[str, str] = {
    "classical": "agents.segmenters.classical:ClassicalSegmenter",
    "provided": "agents.segmenters.provided:ProvidedSegmenter",
    "monai": "agents.segmenters.monai_backend:MonaiSegmenter",
    "totalsegmentator": "agents.segmenters.external:TotalSegmentatorSegmenter",
    "nnunet": "agents.segmenters.external:NnUNetSegmenter",
}
_REGISTRY: dict[str, Callable[..., Segmenter]] = {}


def register(name: str, factory: Callable[..., Segmenter]) -> None:
    """Adds (or replaces) a backend under `name`; `factory(**options)` builds it."""
    _REGISTRY[name] = factory


def available() -> list[str]:
    """Names `get_segmenter` accepts."""
    return sorted({*_BUILTIN, *_REGISTRY})


def get_segmenter(name: str, **options: Any) -> Segmenter:
    """Builds the backend registered as `name` with its options.

    Raises:
        ValueError: no backend has that name.
        SegmenterUnavailable: the backend's package or weights are missing.
    """
    if name in _REGISTRY:
        return _REGISTRY[name](**options)
    if name not in _BUILTIN:
        raise ValueError(f"unknown segmenter {name!r}; available: {available()!r}")
    module, attr = _BUILTIN[name].split(":")
    factory = getattr(importlib.import_module(module), attr)
    return factory(**options)


__all__ = [
    "MaskGeometryError",
    "Segmentation",
    "Segmenter",
    "SegmenterError",
    "SegmenterUnavailable",
    "available",
    "get_segmenter",
    "register",
]
