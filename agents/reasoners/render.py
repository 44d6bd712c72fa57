"""Pictures for vision-language models: the key axial slice and an organ crop, ROI contours drawn.

Displayed the radiological way (patient's right on the viewer's left, anterior up), in an
abdominal window (W400/L40), organ outlined in green, lesions in red, pixels stretched to the
physical aspect ratio from the header spacing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import ndimage

from agents.reasoners.base import Rendered
from core.state import CaseState, Intent

if TYPE_CHECKING:
    from PIL import Image as PILImage

WINDOW = (40.0, 400.0)
ORGAN_RGB, LESION_RGB = (0, 220, 0), (255, 40, 40)
LESION_NAME = re.compile(r"(tumou?r|cyst|lesion|pdac|pnet)")


def _display(plane: np.ndarray) -> np.ndarray:
    """An axial plane (i, j) as rows anterior-to-posterior, columns patient-right-to-left."""
    return plane.T[::-1, ::-1]


def _window(hu: np.ndarray) -> np.ndarray:
    level, width = WINDOW
    scaled = (hu - (level - width / 2)) / width
    return (np.clip(scaled, 0.0, 1.0) * 255).astype(np.uint8)


def _outline(mask: np.ndarray) -> np.ndarray:
    return mask & ~ndimage.binary_erosion(mask)


def picture(hu_plane: np.ndarray, organ: np.ndarray | None, lesions: np.ndarray | None,
            spacing: tuple[float, float] = (1.0, 1.0), min_size: int = 256) -> PILImage.Image:
    """One axial plane, windowed, contours drawn, stretched to physical aspect and at least `min_size` px."""
    grey = _window(_display(hu_plane))
    rgb = np.stack([grey] * 3, axis=-1)
    for mask, colour in ((organ, ORGAN_RGB), (lesions, LESION_RGB)):
        if mask is not None and mask.any():
            rgb[_outline(_display(mask))] = colour
    rows, cols = rgb.shape[:2]
    row_mm, col_mm = spacing[1], spacing[0]  # rows run along j, columns along i
    scale = max(1.0, min_size / max(1.0, min(rows * row_mm, cols * col_mm)))
    size = (max(1, round(cols * col_mm * scale)), max(1, round(rows * row_mm * scale)))
    from PIL import Image as PILImage  # only when a picture is drawn for a vision backend

    return PILImage.fromarray(rgb).resize(size, PILImage.NEAREST)


def _masks_for(state: CaseState, store: Any, intent: Intent) -> tuple[np.ndarray | None, np.ndarray | None]:
    family = re.sub(r"_(left|right)$", "", intent.organ or (intent.lesion or "").replace("_lesion", ""))
    organ = lesions = None
    for name, artifact in state.masks.items():
        if not family or not name.startswith(family) or "segment" in name:
            continue
        array = np.asarray(store.get(artifact).array, dtype=bool)
        if LESION_NAME.search(name):
            lesions = array if lesions is None else lesions | array
        elif intent.organ in (None, "kidney") or name == intent.organ or name.startswith(intent.organ):
            organ = array if organ is None else organ | array
    return organ, lesions


def pixels_withheld(state: CaseState, store: Any) -> str | None:
    """Why the case's pixels must not be sent to a model (burned-in annotation), else None.

    Triage sets `Image.meta["pixels_shareable"]` to False when the DICOM header declares burned-in
    annotation: such pixels may carry patient identifiers, so no picture of them leaves the node.
    """
    image_id = state.images.get("current:0")
    if image_id is None or store is None:
        return None
    meta = getattr(store.get(image_id), "meta", None) or {}
    if meta.get("pixels_shareable") is False:
        return "pixels not shareable (burned-in annotation): no image sent to the model"
    return None


def render_case(state: CaseState, store: Any, intent: Intent, margin: int = 8) -> list[Rendered]:
    """The key slice of the question's organ (the slice with most lesion, else most organ) and its crop.

    Nothing is drawn when the pixels are not shareable (`pixels_withheld`).
    """
    image_id = state.images.get("current:0")
    if image_id is None or pixels_withheld(state, store) is not None:
        return []
    image = store.get(image_id)
    if getattr(image, "array", None) is None or image.array.ndim != 3:
        return []
    organ, lesions = _masks_for(state, store, intent)
    focus = lesions if lesions is not None and lesions.any() else organ
    if focus is None or not focus.any():
        k = image.array.shape[2] // 2
        return [Rendered(f"axial slice {k} (no mask of {intent.organ!r} to outline)", picture(image.array[:, :, k], None, None))]
    k = int(np.argmax(focus.sum(axis=(0, 1))))
    spacing = tuple(image.spacing[:2]) if image.spacing else (1.0, 1.0)
    plane = lambda m: None if m is None else m[:, :, k]  # noqa: E731
    whole = Rendered(f"axial slice {k}: {intent.organ or 'organ'} outlined in green, lesions in red",
                     picture(image.array[:, :, k], plane(organ), plane(lesions), spacing))
    box = np.argwhere((organ if organ is not None else focus)[:, :, k])
    if box.size == 0:
        return [whole]
    lo, hi = np.maximum(box.min(axis=0) - margin, 0), box.max(axis=0) + margin + 1
    crop = (slice(lo[0], hi[0]), slice(lo[1], hi[1]), k)
    cropped = Rendered(f"crop of the {intent.organ or 'organ'} on axial slice {k}",
                       picture(image.array[crop], organ[crop] if organ is not None else None,
                               lesions[crop] if lesions is not None else None, spacing))
    return [whole, cropped]
