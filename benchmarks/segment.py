"""Predicted masks for the tool set: the configured segmentation backend (`Config.segmenter`)."""

from __future__ import annotations

from typing import Any

from core.config import Config
from imaging.volume import Image, LabelMap


def predicted_masks(image: Image, config: Config, backends: dict[str, Any]) -> tuple[dict[str, LabelMap], str, dict[str, Any]]:
    """Every structure the configured backend segments on `image`, its name and its details (what it did not find and
    why); the backend is built once per tool set.

    Raises:
        agents.segmenters.SegmenterError: the backend is unavailable or fails (its message says why).
    """
    from agents.segmenters import get_segmenter

    if "segmenter" not in backends:
        backends["segmenter"] = get_segmenter(config.segmenter, **config.segmenter_options)
    result = backends["segmenter"].segment(image, None)
    return dict(result.masks), result.backend, dict(result.details)
