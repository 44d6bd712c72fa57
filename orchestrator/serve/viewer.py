"""Axial slices of a run's CT as PNG, windowed, with its masks as coloured overlays.

The page's slice viewer asks for one slice at a time; the arrays come from the run's `viewer.npz`
(canonical RAS), shown in radiological view (anterior up, the patient's right on the left).
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from orchestrator.overlay import COLOURS, LESION_COLOUR, radiological

EXTRA_COLOURS = ("#00bcd4", "#8bc34a", "#ffeb3b", "#9c27b0", "#03a9f4", "#ff9800", "#cddc39", "#607d8b")
"""Colours of structures the CLI's overlays do not name (lungs, bone, gall bladder, ...)."""

PRESETS = {"abdomen": (400.0, 50.0), "liver": (150.0, 30.0), "bone": (1800.0, 400.0)}
"""Window width and level (HU) of the viewer's presets."""


def colour_of(name: str) -> str:
    """The overlay colour of a mask: lesions red, organs as in the CLI's overlays."""
    if any(w in name for w in ("tumor", "cyst", "lesion")):
        return LESION_COLOUR
    return COLOURS.get(name) or EXTRA_COLOURS[sum(name.encode()) % len(EXTRA_COLOURS)]


@lru_cache(maxsize=4)
def _arrays(path: Path, mtime: float) -> dict[str, np.ndarray]:
    with np.load(path) as stored:
        return {k: stored[k] for k in stored.files}


def load(path: Path) -> dict[str, np.ndarray]:
    """The run's viewer arrays (cached while the file is unchanged)."""
    return _arrays(path, path.stat().st_mtime)


def describe(path: Path) -> dict[str, Any]:
    """Shape, spacing, the labels with their colours, and a slice worth opening on (the most lesion)."""
    arrays = load(path)
    labels = arrays["labels"]
    names = [str(n) for n in arrays["names"]]
    lesions = [i + 1 for i, n in enumerate(names) if colour_of(n) == LESION_COLOUR]
    focus = np.isin(labels, lesions) if lesions else labels > 0
    per_slice = focus.sum(axis=(0, 1))
    start = int(per_slice.argmax()) if per_slice.any() else labels.shape[2] // 2
    return {"shape": [int(s) for s in labels.shape], "spacing": [float(s) for s in arrays["spacing"]],
            "labels": [{"value": i + 1, "name": n, "colour": colour_of(n)} for i, n in enumerate(names)],
            "start_slice": start, "presets": {k: {"width": w, "level": c} for k, (w, c) in PRESETS.items()}}


def render(path: Path, k: int, width: float, level: float, overlay: bool = True) -> bytes:
    """PNG bytes of axial slice `k` at the given window, masks blended in their colours.

    Raises:
        IndexError: `k` is not a slice of the volume.
    """
    from PIL import Image as PILImage

    arrays = load(path)
    ct, labels = arrays["ct"], arrays["labels"]
    if not 0 <= k < ct.shape[2]:
        raise IndexError(f"slice {k} is outside 0..{ct.shape[2] - 1}")
    width = max(float(width), 1.0)
    grey = np.clip((radiological(ct[:, :, k]).astype(np.float32) - (level - width / 2)) / width, 0, 1) * 255
    rgb = np.repeat(grey[:, :, None], 3, axis=2)
    if overlay:
        plane = radiological(labels[:, :, k])
        for value, name in enumerate(arrays["names"], 1):
            where = plane == value
            if where.any():
                colour = np.array([int(colour_of(str(name))[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.float32)
                rgb[where] = 0.55 * rgb[where] + 0.45 * colour
    buffer = io.BytesIO()
    PILImage.fromarray(rgb.astype(np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()
