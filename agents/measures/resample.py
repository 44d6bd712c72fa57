"""Resampling to isotropic voxels, as the DeepTumorVQA reference does before it measures.

The output grid is `nibabel.processing.resample_to_output(img, voxel_sizes=mm)`'s: axes aligned
with RAS, the first voxel centre where the input's is, `ceil(extent / mm) + 1` voxels per axis.
Masks take the nearest input voxel, the CT is interpolated linearly (beyond the last voxel centre: 0), as
scipy's `affine_transform` does with `order=0` / `order=1` and `mode="constant"`. Because a
canonical-RAS affine is diagonal, both are separable: the nearest-voxel index of each output
line is computed once per axis (with scipy itself, so the rounding is scipy's), and masks are
resampled only inside their own bounding box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from agents.measures.errors import MeasurementError
from agents.measures.geometry import bounding_box
from imaging.volume import Image, LabelMap


@dataclass(frozen=True)
class IsoGrid:
    """An isotropic grid over an image and the per-axis maps from output to input voxels."""

    shape: tuple[int, int, int]
    affine: np.ndarray
    mm: float
    coordinates: tuple[np.ndarray, np.ndarray, np.ndarray]
    """Input (continuous) index of each output line, per axis."""
    nearest: tuple[np.ndarray, np.ndarray, np.ndarray]
    """Nearest input index of each output line, per axis; -1 outside the input."""

    @classmethod
    def over(cls, image: Image, mm: float) -> IsoGrid:
        affine = np.asarray(image.affine, dtype=np.float64)
        if not np.allclose(affine[:3, :3], np.diag(np.diag(affine[:3, :3]))) or np.any(np.diag(affine)[:3] <= 0):
            raise MeasurementError(f"image {image.source!r} is not in canonical RAS with a diagonal affine; cannot resample")
        spacing = np.diag(affine)[:3]
        shape = tuple(int(math.ceil(round((n - 1) * s / mm, 9))) + 1 for n, s in zip(image.array.shape, spacing, strict=True))
        out = np.diag([mm, mm, mm, 1.0])
        out[:3, 3] = affine[:3, 3]
        to_input = np.linalg.inv(affine) @ out  # output voxel -> input voxel, built as nibabel builds it
        coordinates, nearest = [], []
        for axis, (n_in, n_out) in enumerate(zip(image.array.shape, shape, strict=True)):
            scale, shift = to_input[axis, axis], to_input[axis, 3]
            ramp = np.arange(n_in, dtype=np.float64)
            picked = ndimage.affine_transform(ramp, np.array([[scale]]), shift, (n_out,), order=0, mode="constant", cval=-1.0)
            nearest.append(np.rint(picked).astype(np.int64))
            coordinates.append(np.arange(n_out, dtype=np.float64) * scale + shift)
        return cls(shape, out, mm, tuple(coordinates), tuple(nearest))  # type: ignore[arg-type]

    def mask(self, mask: LabelMap) -> LabelMap:
        """Nearest-voxel resampling, done only over the output lines that fall in the mask's box."""
        out = np.zeros(self.shape, dtype=bool)
        box = bounding_box(mask.array)
        if box is not None:
            picks = []
            for axis, extent in enumerate(box):
                index = self.nearest[axis]
                lines = np.flatnonzero((index >= extent.start) & (index < extent.stop))
                picks.append((slice(int(lines[0]), int(lines[-1]) + 1), index[lines[0]:lines[-1] + 1]) if lines.size else None)
            if all(p is not None for p in picks):
                (si, ii), (sj, ij), (sk, ik) = picks  # type: ignore[misc]
                out[si, sj, sk] = mask.array[np.ix_(ii, ij, ik)]
        return LabelMap(array=out, affine=self.affine.copy(), spacing=(self.mm, self.mm, self.mm), name=mask.name,
                        source=mask.source, note=mask.note, size_unknown=mask.size_unknown)

    def image(self, image: Image) -> Image:
        """The CT on this grid, interpolated lazily: a box is computed when it is read (see `LazyLinear`)."""
        meta = {**image.meta, "resampled_to_mm": self.mm}
        lazy = LazyLinear(np.asarray(image.array), self.coordinates)
        return Image(array=lazy, affine=self.affine.copy(), spacing=(self.mm, self.mm, self.mm),  # type: ignore[arg-type]
                     modality=image.modality, source=image.source, meta=meta)


class LazyLinear:
    """A linearly resampled volume computed box by box, in float64, one axis at a time.

    Measurements read the CT only inside organ and lesion boxes, so only those are interpolated.
    Indexing takes a tuple of three slices (steps of 1) and returns an ndarray; each output voxel
    is computed exactly as on the whole volume (same weights, same order of operations).
    """

    ndim = 3
    dtype = np.dtype(np.float64)

    def __init__(self, values: np.ndarray, coordinates: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
        self.values, self.coordinates = values, coordinates
        self.shape = tuple(len(c) for c in coordinates)
        self.inside = tuple((c >= 0) & (c <= n - 1) for c, n in zip(coordinates, values.shape, strict=True))

    def __getitem__(self, box: tuple[slice, slice, slice]) -> np.ndarray:
        if not (isinstance(box, tuple) and len(box) == 3 and all(isinstance(s, slice) and s.step in (None, 1) for s in box)):
            raise TypeError(f"LazyLinear takes three unit-step slices, got {box!r}")
        box = tuple(slice(*s.indices(n)[:2]) for s, n in zip(box, self.shape, strict=True))  # type: ignore[assignment]
        ranges, local = [], []
        for axis, s in enumerate(box):
            c = self.coordinates[axis][s]
            n = self.values.shape[axis]
            inside_c = c[self.inside[axis][s]]
            lo = int(np.floor(inside_c.min())) if inside_c.size else 0
            hi = min(int(np.floor(inside_c.max())) + 1, n - 1) if inside_c.size else 0
            ranges.append(slice(lo, hi + 1))
            local.append((c - lo, self.inside[axis][s]))
        block = np.asarray(self.values[tuple(ranges)], dtype=np.float64)
        for axis, (c, inside) in enumerate(local):
            block = _linear_along(block, c, axis, inside)
        return block

    def __array__(self, dtype: object = None, copy: object = None) -> np.ndarray:
        whole = self[(slice(None), slice(None), slice(None))]
        return whole if dtype is None else whole.astype(dtype)


def _linear_along(values: np.ndarray, coordinates: np.ndarray, axis: int, inside: np.ndarray) -> np.ndarray:
    """Linear interpolation along one axis at (block-local) `coordinates`; 0 where not `inside` the input."""
    n = values.shape[axis]
    if len(coordinates) == n and np.array_equal(coordinates, np.arange(n)) and inside.all():
        return values  # the axis is already at the target spacing
    lower = np.floor(coordinates).astype(np.int64)
    weight = coordinates - lower
    out = np.zeros(values.shape[:axis] + (len(coordinates),) + values.shape[axis + 1:], dtype=np.float64)
    shape = [1, 1, 1]
    shape[axis] = -1
    for index, w in ((lower, 1.0 - weight), (lower + 1, weight)):
        valid = inside & (index >= 0) & (index < n)
        taken = np.take(values, np.clip(index, 0, n - 1), axis=axis)
        out += taken * np.where(valid, w, 0.0).reshape(shape)
    return out
