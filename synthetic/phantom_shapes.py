"""Geometry of the phantom: implicit shapes in the template frame and voxel-box helpers.

A shape is inside where its `level` is at most 1. `_Moved` scales and shifts any shape about its
own centre, which is how a randomised patient varies organ sizes and positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from scipy import ndimage

from synthetic.phantom_spec import Box

_FULL_STRUCTURE = np.ones((3, 3, 3), dtype=bool)


def _pad(box: Box, shape: tuple[int, ...], by: int) -> Box:
    return tuple(slice(max(s.start - by, 0), min(s.stop + by, n)) for s, n in zip(box, shape, strict=True))  # type: ignore[return-value]


def _bbox(mask: np.ndarray, pad: int = 0) -> Box | None:
    """Smallest box holding a mask's voxels, padded and clipped to the array; None for an empty mask."""
    box = []
    for axis in range(3):
        hits = np.flatnonzero(mask.any(axis=tuple(a for a in range(3) if a != axis)))
        if hits.size == 0:
            return None
        box.append(slice(int(hits[0]), int(hits[-1]) + 1))
    return _pad((box[0], box[1], box[2]), mask.shape, pad)


def _bbox_union(a: Box | None, b: Box) -> Box:
    if a is None:
        return b
    return tuple(slice(min(s.start, t.start), max(s.stop, t.stop)) for s, t in zip(a, b, strict=True))  # type: ignore[return-value]


def _common(box_a: Box, box_b: Box) -> tuple[Box, Box] | None:
    """Where two boxes overlap, as slices into each box's local array; None if they do not."""
    common = [slice(max(a.start, b.start), min(a.stop, b.stop)) for a, b in zip(box_a, box_b, strict=True)]
    if any(c.stop <= c.start for c in common):
        return None
    in_a = tuple(slice(c.start - a.start, c.stop - a.start) for c, a in zip(common, box_a, strict=True))
    in_b = tuple(slice(c.start - b.start, c.stop - b.start) for c, b in zip(common, box_b, strict=True))
    return in_a, in_b  # type: ignore[return-value]


def _dilate(mask: np.ndarray, radius: int = 1) -> np.ndarray:
    """Dilation by a (2r+1)^3 cube, done as separable shifted ORs (exact, and cheap on big volumes)."""
    out = mask.copy(order="K")
    for axis in range(mask.ndim):
        src = out.copy(order="K")
        for shift in range(1, radius + 1):
            lead = [slice(None)] * mask.ndim
            lag = [slice(None)] * mask.ndim
            lead[axis], lag[axis] = slice(shift, None), slice(None, -shift)
            out[tuple(lead)] |= src[tuple(lag)]
            out[tuple(lag)] |= src[tuple(lead)]
    return out


def _largest_component(mask: np.ndarray) -> np.ndarray:
    labels, count = ndimage.label(mask, structure=_FULL_STRUCTURE)
    if count <= 1:
        return mask
    return labels == 1 + int(np.argmax(np.bincount(labels.ravel())[1:]))



class _Shape(Protocol):
    def bounds(self) -> tuple[np.ndarray, np.ndarray]: ...

    def level(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray: ...


def _unit(v: tuple[float, float, float]) -> np.ndarray:
    a = np.asarray(v, dtype=float)
    return a / np.linalg.norm(a)


def _frame(first: tuple[float, float, float], second: tuple[float, float, float]) -> np.ndarray:
    """Orthonormal axes (rows): `first`, `second` made orthogonal to it, and their cross product."""
    a = _unit(first)
    b = np.asarray(second, dtype=float) - np.dot(second, a) * a
    b /= np.linalg.norm(b)
    return np.stack([a, b, np.cross(a, b)])


@dataclass(frozen=True, eq=False)
class _Ellipsoid:
    centre: np.ndarray
    semi: np.ndarray
    axes: np.ndarray = field(default_factory=lambda: np.eye(3))
    """Rows are the principal axes (unit vectors) matching `semi`."""

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        half = np.sqrt(((self.axes * self.semi[:, None]) ** 2).sum(axis=0))
        return self.centre - half, self.centre + half

    def level(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        dx, dy, dz = x - np.float32(self.centre[0]), y - np.float32(self.centre[1]), z - np.float32(self.centre[2])
        total: Any = 0.0
        for (ax, ay, az), s in zip(self.axes.astype(np.float32), self.semi, strict=True):
            total = total + np.square((ax * dx + ay * dy + az * dz) / np.float32(s))
        return total

    def shrunk(self, by_mm: float) -> _Ellipsoid:
        return _Ellipsoid(self.centre, np.maximum(self.semi - by_mm, 1.0), self.axes)


@dataclass(frozen=True, eq=False)
class _Wobble:
    """A smooth, seeded bump field added to a level, so organs are not perfect ellipsoids."""

    amplitude: float
    wavelength_mm: float
    directions: np.ndarray
    phases: np.ndarray

    @classmethod
    def draw(cls, rng: np.random.Generator, amplitude: float, wavelength_mm: float) -> _Wobble:
        directions = rng.normal(size=(3, 3))
        directions /= np.linalg.norm(directions, axis=1, keepdims=True)
        return cls(amplitude, wavelength_mm, directions, rng.uniform(0, 2 * np.pi, size=3))

    def __call__(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        k = np.float32(2 * np.pi / self.wavelength_mm)
        total: Any = 0.0
        for (a, b, c), phase in zip(self.directions.astype(np.float32), self.phases, strict=True):
            total = total + np.sin(k * (a * x + b * y + c * z) + np.float32(phase))
        return total * np.float32(self.amplitude / 3)


@dataclass(frozen=True, eq=False)
class _Blob:
    """Smooth union of ellipsoids, minus optional notches (a kidney's hilum), with a wobble."""

    parts: tuple[_Ellipsoid, ...]
    notches: tuple[_Ellipsoid, ...] = ()
    wobble: _Wobble | None = None
    blend: float = 0.25

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        lo = np.min([p.bounds()[0] for p in self.parts], axis=0)
        hi = np.max([p.bounds()[1] for p in self.parts], axis=0)
        margin = 0.08 * (hi - lo)
        return lo - margin, hi + margin

    def level(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        levels = [p.level(x, y, z) for p in self.parts]
        level = levels[0]
        if len(levels) > 1:  # log-sum-exp smooth minimum, shifted for stability
            low = np.minimum.reduce(levels)
            k = np.float32(self.blend)
            level = low - k * np.log(sum(np.exp((low - lv) / k) for lv in levels))
        for notch in self.notches:
            level = np.maximum(level, 2 - notch.level(x, y, z))
        if self.wobble is not None:
            level = level + self.wobble(x, y, z)
        return level


@dataclass(frozen=True, eq=False)
class _Tube:
    """A tube along one template axis (0 = x for the pancreas, 2 = z for vessels) with rounded ends."""

    along: int
    knots: np.ndarray
    """Rows (t, centre_a, centre_b, radius_a, radius_b) with t increasing; a, b are the other two axes in order."""
    cap_mm: float = 0.0

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        t, ca, cb, ra, rb = self.knots.T
        other = [a for a in range(3) if a != self.along]
        lo, hi = np.empty(3), np.empty(3)
        lo[self.along], hi[self.along] = t[0], t[-1]
        lo[other[0]], hi[other[0]] = (ca - ra).min(), (ca + ra).max()
        lo[other[1]], hi[other[1]] = (cb - rb).min(), (cb + rb).max()
        return lo, hi

    def level(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        coords = (x, y, z)
        t_axis = coords[self.along].reshape(-1)
        t, ca, cb, ra, rb = self.knots.T
        shape = [1, 1, 1]
        shape[self.along] = -1

        def along(values: np.ndarray) -> np.ndarray:
            return np.interp(t_axis, t, values).astype(np.float32).reshape(shape)

        taper = np.ones_like(t_axis)
        if self.cap_mm > 0:
            beyond = np.maximum(np.maximum(t[0] + self.cap_mm - t_axis, t_axis - (t[-1] - self.cap_mm)), 0) / self.cap_mm
            taper = np.sqrt(np.clip(1 - beyond**2, 0, 1))
        taper = np.where((t_axis < t[0]) | (t_axis > t[-1]), 0, taper)
        scale = (1 / np.maximum(taper, 1e-3) ** 2).astype(np.float32).reshape(shape)
        a, b = (coords[i] for i in range(3) if i != self.along)
        return (np.square((a - along(ca)) / along(ra)) + np.square((b - along(cb)) / along(rb))) * scale




@dataclass(frozen=True, eq=False)
class _Moved:
    """A shape scaled by `scale` about `centre`, then shifted by `shift` (template mm)."""

    shape: _Shape
    scale: np.ndarray
    shift: np.ndarray
    centre: np.ndarray

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = self.shape.bounds()
        c = self.centre
        a, b = c + (lo - c) * self.scale + self.shift, c + (hi - c) * self.scale + self.shift
        return np.minimum(a, b), np.maximum(a, b)

    def unmove(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Template coordinates -> the coordinates of the shape before it was moved."""
        c, s, t = self.centre, self.scale, self.shift
        out = tuple(np.float32(c[n]) + (v - np.float32(c[n] + t[n])) / np.float32(s[n]) for n, v in enumerate((x, y, z)))
        return out[0], out[1], out[2]

    def level(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        return self.shape.level(*self.unmove(x, y, z))
