"""Putting masks on the image's voxel grid: checked, and resampled (nearest) when it differs."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import ndimage

from agents.segmenters.base import MaskGeometryError
from imaging.volume import Image, LabelMap, same_grid, spacing_of

GRID_TOLERANCE_MM = 1e-3


def to_image_grid(mask: LabelMap, image: Image) -> tuple[LabelMap, dict[str, Any]]:
    """The mask on `image`'s grid, and a note of what was done.

    Same shape and affine (within 1 micron): returned as is. Otherwise each image voxel
    centre takes the value of the mask voxel nearest to it in scanner coordinates (outside the
    mask's field of view: background).

    Raises:
        MaskGeometryError: the image has no geometry, or a non-empty mask lands entirely
            outside the image.
    """
    if image.affine is None or image.array.ndim != 3:
        raise MaskGeometryError(f"image {image.source!r} has no 3D geometry: cannot place mask {mask.name!r} on it")
    if same_grid(mask, image, atol_mm=GRID_TOLERANCE_MM):
        return mask, {"resampled": False}
    to_mask = np.linalg.inv(np.asarray(mask.affine, dtype=np.float64)) @ np.asarray(image.affine, dtype=np.float64)
    resampled = ndimage.affine_transform(mask.array.view(np.uint8), to_mask[:3, :3], offset=to_mask[:3, 3],
                                         output_shape=image.array.shape, order=0, mode="constant", cval=0) > 0
    before, after = int(np.count_nonzero(mask.array)), int(np.count_nonzero(resampled))
    if before and not after:
        raise MaskGeometryError(f"mask {mask.name!r} ({mask.source!r}, shape {mask.array.shape!r}) does not overlap "
                                f"image {image.source!r} (shape {image.array.shape!r}) in scanner coordinates")
    note = {"resampled": True, "method": "nearest", "from_shape": list(mask.array.shape),
            "from_spacing_mm": [round(s, 6) for s in mask.spacing], "voxels_before": before, "voxels_after": after}
    placed = LabelMap(array=resampled, affine=np.asarray(image.affine).copy(), spacing=spacing_of(image.affine),
                      name=mask.name, source=mask.source)
    return placed, note
