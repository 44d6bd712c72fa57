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


def crop_png(case: Path, parts: list[list[Path]], margin: int = 8, window: tuple[float, float] = (400.0, 50.0)) -> bytes:
    """PNG bytes of the axial slice where the union of the masks is largest, cropped to it with a margin.

    Rows run anterior to posterior and columns patient right to left (radiological display).
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
    return png_bytes(np.ascontiguousarray(display))
