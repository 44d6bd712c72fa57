"""The segmenter contract: an image in, named binary masks on the image's grid out.

A backend is any object with a `name` and a `segment(image, structures)` method returning a
`Segmentation`. Masks are `LabelMap`s on the image's own grid (canonical RAS, same shape and
affine), named with AbdomenAtlas names (`liver`, `kidney_left`, `liver_tumor`, ...). A present
but empty lesion mask means "looked, found none"; an absent one means "not looked at".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from imaging.volume import Image, LabelMap


class SegmenterError(RuntimeError):
    """A backend could not segment this image (bad input, a model failure)."""


class SegmenterUnavailable(SegmenterError):
    """A backend's package or weights are missing; the message says what to install or where to point."""


class MaskGeometryError(SegmenterError):
    """Provided masks cannot be placed on the image grid (no overlap, no geometry)."""


@dataclass
class Segmentation:
    """What a backend returns: masks by name, and how they were made."""

    masks: dict[str, LabelMap]
    backend: str
    details: dict[str, Any] = field(default_factory=dict)
    """Provenance: model path, parameters, device, resampling notes per structure."""


@runtime_checkable
class Segmenter(Protocol):
    """A segmentation backend. Heavy models load on first `segment`, not at construction."""

    name: str

    def segment(self, image: Image, structures: Sequence[str] | None = None) -> Segmentation:
        """Masks for `structures` (None: every structure the backend knows) on `image`'s grid."""
        ...
