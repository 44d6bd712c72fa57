"""Segmentation backends behind one protocol, with a registry by name.

    segmenter = get_segmenter("classical")
    segmenter = get_segmenter("atlas")             # multi-atlas registration and label fusion (SimpleITK)
    segmenter = get_segmenter("provided", source="BDMAP_00000001/segmentations")
    segmenter = get_segmenter("monai", path="models/my_bundle", device="auto")

Backends import their heavy dependencies (torch, MONAI, TotalSegmentator, nnU-Net) only when
built, so listing or resolving names stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agents.segmenters.base import (
    MaskGeometryError,
    Segmentation,
    Segmenter,
    SegmenterError,
    SegmenterUnavailable,
)
from core.registry import Registry

SEGMENTERS: Registry[Segmenter] = Registry("segmenter", builtin={
    "classical": "agents.segmenters.classical:ClassicalSegmenter",
    "atlas": "agents.segmenters.atlas:AtlasSegmenter",
    "provided": "agents.segmenters.provided:ProvidedSegmenter",
    "monai": "agents.segmenters.monai_backend:MonaiSegmenter",
    "totalsegmentator": "agents.segmenters.external:TotalSegmentatorSegmenter",
    "nnunet": "agents.segmenters.external:NnUNetSegmenter",
})
"""Segmentation backends by name (`core.registry.Registry`, the one registry style)."""


def register(name: str, factory: Callable[..., Segmenter]) -> None:
    """Adds (or replaces) a backend under `name`; `factory(**options)` builds it."""
    SEGMENTERS.register(name, factory)


def available() -> list[str]:
    """Names `get_segmenter` accepts."""
    return SEGMENTERS.names()


def get_segmenter(name: str, **options: Any) -> Segmenter:
    """Builds the backend registered as `name` with its options.

    Raises:
        ValueError: no backend has that name.
        SegmenterUnavailable: the backend's package or weights are missing.
    """
    return SEGMENTERS.create(name, **options)


__all__ = [
    "SEGMENTERS",
    "MaskGeometryError",
    "Segmentation",
    "Segmenter",
    "SegmenterError",
    "SegmenterUnavailable",
    "available",
    "get_segmenter",
    "register",
]
