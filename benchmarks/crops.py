"""Organ-focused axial crops for `crop_organ`: the slice where the structures are largest, windowed 400/50."""

from __future__ import annotations

from pathlib import Path

import numpy as np

CROP_NAMES = {
    "liver": ["liver"], "spleen": ["spleen"], "pancreas": ["pancreas"], "stomach": ["stomach"],
    "gall_bladder": ["gall_bladder"], "aorta": ["aorta"], "postcava": ["postcava"], "colon": ["colon"],
    "kidney_left": ["kidney_left"], "kidney_right": ["kidney_right"], "kidney": ["kidney_left", "kidney_right"],
}
"""Crop name -> the masks it shows (`kidney` is both kidneys)."""


def crop_targets(case: Path) -> dict[str, list[Path]]:
    """Crop names available for a case folder -> their mask files."""
    seg = Path(case) / "segmentations"
    out = {}
    for name, masks in CROP_NAMES.items():
        paths = [seg / f"{m}.nii.gz" for m in masks if (seg / f"{m}.nii.gz").exists()]
        if paths:
            out[name] = paths
    return out


MIN_SIDE_PX, MAX_SIDE_PX = 256, 1024
"""A crop's shorter side is shown with at least `MIN_SIDE_PX` pixels (a kidney at 0.8 mm is ~80 native pixels: too
small for a VLM's patches), its longer side with at most `MAX_SIDE_PX`; never fewer pixels than the native grid."""


def crop_png(case: Path, parts: list[list[Path]], margin: int = 8, window: tuple[float, float] = (400.0, 50.0),
             min_side_px: int = MIN_SIDE_PX) -> bytes:
    """PNG bytes of the axial slice where the union of the masks is largest, cropped to it with a margin.

    Rows run anterior to posterior and columns patient right to left (radiological display). Pixels are
    square in mm (the in-plane spacing of the header) and the crop is enlarged (bicubic) until its shorter
    side has `min_side_px` pixels, or its longer side `MAX_SIDE_PX`.
    """
    from benchmarks.tools import png_bytes
    from imaging.masks import read_mask
    from imaging.volume import read_image

    image = read_image(Path(case) / "ct.nii.gz")
    union = np.zeros(image.array.shape, dtype=bool)
    for paths in parts:
        for path in paths:
            union |= read_mask(path).array
    if not union.any():
        k = image.array.shape[2] // 2
        box = (slice(None), slice(None))
    else:
        k = int(np.argmax(union.sum(axis=(0, 1))))
        ii, jj = np.nonzero(union[:, :, k])
        box = (slice(max(int(ii.min()) - margin, 0), int(ii.max()) + margin + 1),
               slice(max(int(jj.min()) - margin, 0), int(jj.max()) + margin + 1))
    width, level = window
    hu = image.array[:, :, k][box]
    pixels = np.clip((hu - (level - width / 2)) / width * 255.0, 0, 255).astype(np.uint8)
    display = np.flipud(np.fliplr(pixels.T))  # rows: anterior at the top; columns: patient right on the left
    spacing = image.spacing or (1.0, 1.0, 1.0)
    return png_bytes(_enlarged(np.ascontiguousarray(display), (float(spacing[1]), float(spacing[0])), min_side_px))


def _enlarged(display: np.ndarray, pixel_mm: tuple[float, float], min_side_px: int) -> np.ndarray:
    """`display` (rows, columns; uint8) resampled to square pixels, its shorter side at least `min_side_px`."""
    from PIL import Image as PILImage

    height_mm, width_mm = display.shape[0] * pixel_mm[0], display.shape[1] * pixel_mm[1]
    pixel = min(min(height_mm, width_mm) / max(min_side_px, 1), *pixel_mm)  # mm per output pixel
    pixel = min(max(pixel, max(height_mm, width_mm) / MAX_SIDE_PX), *pixel_mm)  # never coarser than the native grid
    size = (max(round(width_mm / pixel), 1), max(round(height_mm / pixel), 1))
    if size == (display.shape[1], display.shape[0]):
        return display
    return np.asarray(PILImage.fromarray(display).resize(size, PILImage.Resampling.BICUBIC))
