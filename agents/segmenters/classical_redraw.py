"""The classical segmenter's structures moved from the coarse grid onto the image's own (`classical_grid`).

Organs and the body: edges redrawn from the image's HU in a band (`classical_grid.refine`). Lungs and
bone, defined by an HU range: every voxel in range near the coarse mask. Lesions: redrawn within their
organ, without crumbs smaller than one coarse voxel. Sub-segments (Couinaud, pancreas parts): each
voxel of the redrawn organ takes the part of the nearest coarse voxel, so they still partition it.
"""

from __future__ import annotations

import cc3d
import numpy as np
from scipy import ndimage

from agents.segmenters.classical_grid import refine, upsample
from agents.segmenters.classical_morphology import box_of
from imaging.masks import compact_mask, mask_box

BONE_CORTEX_HU = 350.0
_CUBE = np.ones((3, 3, 3), dtype=bool)
CRUMB_ML = 0.1
"""A redrawn lesion piece smaller than this (a 6 mm sphere) is edge noise: the lesions sought are 10 mm and more."""
LESION_ORGANS = {"liver_tumor": ("liver",), "kidney_tumor": ("kidney_left", "kidney_right"),
                 "kidney_cyst": ("kidney_left", "kidney_right"), "pancreas_tumor": ("pancreas",)}
"""Each lesion mask and the organs that hold it."""
THRESHOLDED = {"lung_left": (-np.inf, -400.0), "lung_right": (-np.inf, -400.0), "bone": (180.0, np.inf)}
"""Structures defined by an HU range: on the image's grid, the voxels in range near their coarse mask."""


def partition(parts: dict[str, np.ndarray], organs: dict[str, np.ndarray],
               factors: tuple[int, int, int]) -> dict[str, np.ndarray]:
    """Coarse sub-segments on the image's grid, still partitioning their redrawn organ (each new edge voxel
    takes the part of the coarse voxel nearest it)."""
    out: dict[str, np.ndarray] = {}
    for organ, prefix in (("liver", "liver_segment_"), ("pancreas", "pancreas_")):
        names = [n for n in parts if n.startswith(prefix)]
        if not names or organ not in organs:
            continue
        label = np.zeros(next(iter(parts.values())).shape, dtype=np.uint8)
        for n, name in enumerate(names, start=1):
            label[parts[name]] = n
        _, nearest = ndimage.distance_transform_edt(label == 0, return_indices=True)
        label = label[tuple(nearest)]
        whole = organs[organ]
        fine_box = box_of(whole, 0) or (slice(0, 0), slice(0, 0), slice(0, 0))
        coarse_box = tuple(slice(b.start // f, -(-b.stop // f)) for b, f in zip(fine_box, factors, strict=True))
        fine = upsample(label[coarse_box], factors, whole.shape)  # starts at a block edge at or before the fine box
        start = tuple(b.start - c.start * f for b, c, f in zip(fine_box, coarse_box, factors, strict=True))
        fine = fine[tuple(slice(s0, s0 + b.stop - b.start) for s0, b in zip(start, fine_box, strict=True))]
        for n, name in enumerate(names, start=1):
            out[name] = np.zeros(whole.shape, dtype=bool)
            out[name][fine_box] = whole[fine_box] & (fine == n)
            out[name] = compact_mask(out[name])  # memory over the part's box, not its organ's
    return out


def redraw(arrays: dict[str, np.ndarray], coarse: np.ndarray, ct: np.ndarray,
            factors: tuple[int, int, int], voxel_ml: float = 0.0) -> dict[str, np.ndarray]:
    """Each coarse structure on the image's grid, edges redrawn from its HU; a lesion stays within its organ.

    `voxel_ml`: the image's voxel volume; lesion crumbs under `CRUMB_ML` are dropped (0: under one coarse voxel).
    Work and memory stay within each structure's bounding box: the masks are written in zeroed memory
    only there (`imaging.masks.compact_mask`), which keeps a full-size case's peak near the volume's.
    """
    out = {name: refine(mask, coarse, ct, factors) for name, mask in arrays.items()
           if name not in LESION_ORGANS and name not in THRESHOLDED}
    for name, (low, high) in THRESHOLDED.items():  # defined by their HU: near the coarse mask, every voxel in range
        if name in arrays:
            out[name] = _in_range_near(ndimage.binary_dilation(arrays[name], _CUBE), ct, factors, low, high)
    if "bone" in out and (body_box := mask_box(out["body"])) is not None:  # cortex too thin for a coarse voxel
        out["bone"][body_box] |= out["body"][body_box] & (ct[body_box] > BONE_CORTEX_HU)
    for name in THRESHOLDED:
        if name in out:
            out[name] = compact_mask(out[name])
    for name, organs in LESION_ORGANS.items():
        if name in arrays:
            holder = np.zeros(ct.shape, dtype=bool)
            for organ in organs:
                if organ in out and (box := mask_box(out[organ])) is not None:
                    holder[box] |= out[organ][box]
            least = max(float(np.prod(np.asarray(factors))), CRUMB_ML / voxel_ml if voxel_ml > 0 else 0.0)
            out[name] = compact_mask(_without_crumbs(refine(arrays[name], coarse, ct, factors, within=holder), least))
            del holder
    return out


def _in_range_near(near: np.ndarray, ct: np.ndarray, factors: tuple[int, int, int], low: float,
                   high: float) -> np.ndarray:
    """The voxels of `ct` within (low, high) that lie in a block of the coarse mask `near`, computed in its box."""
    out = np.zeros(ct.shape, dtype=bool)
    box = box_of(near, 0)
    if box is None:
        return out
    fine_box = tuple(slice(b.start * f, min(b.stop * f, n)) for b, f, n in zip(box, factors, ct.shape, strict=True))
    fine = upsample(near[box], factors, tuple(s.stop - s.start for s in fine_box))
    values = ct[fine_box]
    out[fine_box] = fine & (values > low) & (values < high)
    return out


def _without_crumbs(lesions: np.ndarray, block_voxels: float) -> np.ndarray:
    """Lesion pieces smaller than `block_voxels` (one coarse voxel, or `CRUMB_ML`) are noise the redrawn edge cut
    off, not lesions of their own."""
    box = box_of(lesions, 0)
    if box is None:
        return lesions
    labels, n = cc3d.connected_components(lesions[box], connectivity=26, return_N=True)
    if n <= 1:
        return lesions
    sizes = np.bincount(labels.ravel())
    small = np.flatnonzero(sizes < block_voxels)
    out = lesions.copy()
    out[box] &= ~np.isin(labels, small)
    return out
