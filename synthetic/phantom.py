"""Synthetic abdominal CT phantoms in the AbdomenAtlas layout, with exact ground truth.

`make_phantom` writes one case for a `PhantomSpec`: ``ct.nii.gz`` (int16 HU),
``segmentations/<name>.nii.gz`` (uint8) and ``ground_truth.json``. The anatomy is drawn in a
template frame (mm, patient RAS, origin at the body centre, z = +115 at the top of the field of
view) and scaled to the field of view, so the same patient exists at test size and at clinical size.
Organs are placed in priority order, each kept one fat voxel away from everything placed before it,
so a threshold segmenter can split them.

The ground truth does not come from the generation parameters: `reference_measurements` reads the
written files back and measures them with deliberately plain code that follows the DeepTumorVQA
definitions, so benchmarks can reuse it as their oracle.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, get_args

import nibabel as nib
import numpy as np
from nibabel.orientations import axcodes2ornt, ornt_transform
from scipy import ndimage

__all__ = [
    "LESION_GROUPS",
    "LESION_MASKS",
    "LIVER_SEGMENTS",
    "ORGANS",
    "PANCREAS_PARTS",
    "PhantomSpec",
    "lookup_truth",
    "make_phantom",
    "reference_measurements",
]

SplenomegalyGrade = Literal["none", "mild", "moderate", "severe"]
KidneyLesionKind = Literal["none", "cyst", "solid"]
Side = Literal["left", "right"]

ORGANS = ("liver", "spleen", "kidney_left", "kidney_right", "pancreas", "aorta", "postcava", "stomach", "gall_bladder")
LESION_MASKS = ("liver_tumor", "kidney_tumor", "kidney_cyst", "pancreas_tumor")
LIVER_SEGMENTS = tuple(f"liver_segment_{n}" for n in range(1, 9))
PANCREAS_PARTS = ("pancreas_head", "pancreas_body", "pancreas_tail")
SUBSEGMENTS = {"liver": LIVER_SEGMENTS, "pancreas": PANCREAS_PARTS}
LESION_GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "liver_lesion": (("liver_tumor",), ("liver",)),
    "kidney_lesion": (("kidney_tumor", "kidney_cyst"), ("kidney_left", "kidney_right")),
    "pancreas_lesion": (("pancreas_tumor",), ("pancreas",)),
}
"""Contract lesion group -> (its lesion masks, the organ masks its burden is measured against)."""

FULL_SIZE_SHAPE = (512, 512, 300)
FULL_SIZE_SPACING = (0.8, 0.8, 1.0)
SPLEEN_TARGET_ML = {"mild": 400.0, "moderate": 650.0, "severe": 1000.0}
SPLEEN_BANDS_ML = {"none": (0.0, 314.5), "mild": (314.5, 500.0), "moderate": (500.0, 800.0), "severe": (800.0, math.inf)}
_FULL_STRUCTURE = np.ones((3, 3, 3), dtype=bool)
_SCHEMA = "clinorch.phantom.ground_truth/1"


@dataclass(frozen=True)
class PhantomSpec:
    """What to draw. Every field has a clinically meaningful default; invalid values raise ValueError."""

    seed: int = 0
    shape: tuple[int, int, int] = (160, 128, 40)
    """Canonical RAS array shape (ignored when `full_size`)."""
    spacing: tuple[float, float, float] = (2.0, 2.0, 5.0)
    """Voxel size in mm along the canonical axes (ignored when `full_size`)."""
    orientation: str = "LPS"
    """Axis codes the file is written in ("LPS", "RAS", "PIR", ...); the array in memory stays RAS."""
    noise_hu: float = 8.0
    fatty_liver: bool = False
    """Liver ~30 HU (liver/spleen ratio ~0.6) instead of ~60 HU."""
    splenomegaly: SplenomegalyGrade = "none"
    """Spleen volume in the DTVQA band: none < 314.5, mild 314.5-500, moderate 500-800, severe > 800 mL."""
    liver_lesions: int = 2
    liver_lesion_diameters_mm: tuple[float, ...] | None = None
    """Longest axial diameter of each liver tumor; None draws 12-30 mm from the seed."""
    liver_lesion_hu: float = 20.0
    kidney_lesion: KidneyLesionKind = "none"
    """"cyst" (~5 HU, written as kidney_cyst) or "solid" (~60 HU, written as kidney_tumor)."""
    kidney_lesion_diameter_mm: float = 25.0
    kidney_lesion_side: Side = "right"
    pancreatic_tumor_mm: float | None = None
    """Longest axial diameter of a hypodense pancreas_tumor; None for no tumor."""
    pancreatic_steatosis: bool = False
    """Pancreas ~22 HU (pancreas/spleen ratio ~0.45) instead of ~45 HU."""
    full_size: bool = False
    """512 x 512 x 300 voxels at 0.8 x 0.8 x 1.0 mm instead of `shape` / `spacing`."""

    def __post_init__(self) -> None:
        for name in ("shape", "spacing", "liver_lesion_diameters_mm"):  # lists from JSON / CLI become tuples
            if isinstance(getattr(self, name), list):
                object.__setattr__(self, name, tuple(getattr(self, name)))
        for name, value, allowed in (
            ("splenomegaly", self.splenomegaly, SplenomegalyGrade),
            ("kidney_lesion", self.kidney_lesion, KidneyLesionKind),
            ("kidney_lesion_side", self.kidney_lesion_side, Side),
        ):
            if value not in get_args(allowed):
                raise ValueError(f"{name}={value!r}: expected one of {get_args(allowed)}")
        if len(self.shape) != 3 or any(int(n) < 8 for n in self.shape):
            raise ValueError(f"shape={self.shape!r}: expected three sizes of at least 8 voxels")
        if len(self.spacing) != 3 or any(not s > 0 for s in self.spacing):
            raise ValueError(f"spacing={self.spacing!r}: expected three positive sizes in mm")
        _validate_orientation(self.orientation)
        if self.noise_hu < 0:
            raise ValueError(f"noise_hu={self.noise_hu!r} must be >= 0")
        if self.liver_lesions < 0:
            raise ValueError(f"liver_lesions={self.liver_lesions!r} must be >= 0")
        diameters = self.liver_lesion_diameters_mm
        if diameters is not None and (len(diameters) != self.liver_lesions or any(not d > 0 for d in diameters)):
            raise ValueError(f"liver_lesion_diameters_mm={diameters!r}: need {self.liver_lesions} positive diameters")
        if not self.kidney_lesion_diameter_mm > 0:
            raise ValueError(f"kidney_lesion_diameter_mm={self.kidney_lesion_diameter_mm!r} must be > 0")
        if self.pancreatic_tumor_mm is not None and not self.pancreatic_tumor_mm > 0:
            raise ValueError(f"pancreatic_tumor_mm={self.pancreatic_tumor_mm!r} must be > 0 or None")
        _Grid.for_spec(self)  # raises if the field of view cannot hold the abdomen

    @property
    def grid_shape(self) -> tuple[int, int, int]:
        """The canonical array shape actually written."""
        return FULL_SIZE_SHAPE if self.full_size else (int(self.shape[0]), int(self.shape[1]), int(self.shape[2]))

    @property
    def grid_spacing(self) -> tuple[float, float, float]:
        """The voxel size (mm) actually written."""
        return FULL_SIZE_SPACING if self.full_size else (float(self.spacing[0]), float(self.spacing[1]), float(self.spacing[2]))


def _validate_orientation(codes: str) -> None:
    pairs = ("LR", "AP", "SI")
    axes = sorted(next((n for n, pair in enumerate(pairs) if c in pair), -1) for c in str(codes))
    if not isinstance(codes, str) or len(codes) != 3 or axes != [0, 1, 2]:
        raise ValueError(f"orientation={codes!r}: expected one upper-case code each of L/R, A/P and S/I, e.g. 'LPS' or 'RAS'")


# --------------------------------------------------------------------------------------------
# Geometry: canonical RAS grid <-> template frame
# --------------------------------------------------------------------------------------------

_TEMPLATE_TOP_MM = 115.0
"""Template z of the top slice: just above the liver dome, so the lungs show only at the top."""
_TEMPLATE_FOV_MM = (350.0, 270.0, 230.0)
"""Template extent the field of view must hold (body 330 x 250 mm, liver dome to lower kidney poles)."""
_MIN_SCALE = 0.5

Box = tuple[slice, slice, slice]


@dataclass(frozen=True, eq=False)
class _Grid:
    """The canonical RAS voxel grid and where each index sits in the template frame."""

    shape: tuple[int, int, int]
    spacing: tuple[float, float, float]
    scale: float
    """Real mm per template mm (1 at full size; smaller fields of view shrink the patient)."""
    axes: tuple[np.ndarray, np.ndarray, np.ndarray]

    @classmethod
    def for_spec(cls, spec: PhantomSpec) -> _Grid:
        shape, spacing = spec.grid_shape, spec.grid_spacing
        fov = [n * s for n, s in zip(shape, spacing, strict=True)]
        scale = min(1.0, *(f / t for f, t in zip(fov, _TEMPLATE_FOV_MM, strict=True)))
        if scale < _MIN_SCALE:
            raise ValueError(f"field of view {tuple(round(f) for f in fov)} mm (shape {shape!r} x spacing {spacing!r}) "
                             f"is too small for an abdomen: need at least {tuple(t * _MIN_SCALE for t in _TEMPLATE_FOV_MM)} mm")
        x = (np.arange(shape[0]) - (shape[0] - 1) / 2) * spacing[0] / scale
        y = (np.arange(shape[1]) - (shape[1] - 1) / 2) * spacing[1] / scale
        z = _TEMPLATE_TOP_MM - (shape[2] - 1 - np.arange(shape[2])) * spacing[2] / scale
        axes = (x.astype(np.float32), y.astype(np.float32), z.astype(np.float32))
        return cls(shape, spacing, scale, axes)

    @property
    def voxel_ml(self) -> float:
        return float(np.prod(self.spacing)) / 1000.0

    def affine(self) -> np.ndarray:
        """Voxel-to-RAS affine: the spacing, and a scanner-like origin (not zero, not the centre)."""
        affine = np.diag([*self.spacing, 1.0])
        half = [(n - 1) * s / 2 for n, s in zip(self.shape, self.spacing, strict=True)]
        affine[:3, 3] = (-half[0] + 3.5, -half[1] + 41.0, -2 * half[2] - 287.5)
        return affine

    def box(self, lo: np.ndarray, hi: np.ndarray) -> Box | None:
        """Index slices of the voxels whose template coordinates lie within [lo, hi]; None if empty."""
        slices = []
        for axis, a, b in zip(self.axes, lo, hi, strict=True):
            start, stop = int(np.searchsorted(axis, a, "left")), int(np.searchsorted(axis, b, "right"))
            if stop <= start:
                return None
            slices.append(slice(start, stop))
        return slices[0], slices[1], slices[2]

    def coords(self, box: Box) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Broadcastable template coordinates (X, Y, Z) of a box."""
        return self.axes[0][box[0], None, None], self.axes[1][None, box[1], None], self.axes[2][None, None, box[2]]


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


# --------------------------------------------------------------------------------------------
# Shapes: implicit surfaces in the template frame (inside <=> level <= 1)
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# The patient: body wall, spine, lungs, organs (template mm)
# --------------------------------------------------------------------------------------------

# Tissue codes of the label volume; placed structures get 10 + their index in `_PLACEMENT`.
AIR, SUBCUT_FAT, MUSCLE, CORTICAL_BONE, CANCELLOUS_BONE, CSF, DISC, LUNG, VISCERAL_FAT = range(9)
_BACKGROUND_HU = {AIR: -1000, SUBCUT_FAT: -100, MUSCLE: 50, CORTICAL_BONE: 700, CANCELLOUS_BONE: 250, CSF: 10,
                  DISC: 80, LUNG: -850, VISCERAL_FAT: -100}
_PLACEMENT = ("aorta", "postcava", "heart", "gall_bladder", "kidney_right", "kidney_left", "pancreas", "spleen", "liver",
              "stomach")
"""Structures in placement order: each keeps one fat voxel away from those before it. The heart (only
its inferior wall shows, in the top slices) is drawn but has no mask."""
_LABEL = {name: 10 + n for n, name in enumerate(_PLACEMENT)}
_KIDNEY_MEDULLA_HU = 95
_SLAB = 16
"""Axial slices per chunk when painting and adding noise."""
_STOMACH_WALL_MM, _STOMACH_FLUID_HU, _STOMACH_AIR_HU = 3.0, 15, -900
_STOMACH_AIR_LEVEL_Y = 35.0
"""Template y above which (anterior, the patient lies supine) the stomach lumen holds air."""


def _organ_hu(spec: PhantomSpec) -> dict[str, int]:
    return {"heart": 130, "liver": 30 if spec.fatty_liver else 60, "spleen": 50, "kidney_left": 150, "kidney_right": 150,
            "pancreas": 22 if spec.pancreatic_steatosis else 45, "aorta": 200, "postcava": 150, "stomach": 40,
            "gall_bladder": 10}


@dataclass(frozen=True, eq=False)
class _Anatomy:
    """One patient drawn from the seed: body plan and organ shapes in the template frame."""

    body: dict[str, float]
    organs: dict[str, _Shape]
    spleen: Callable[[float], _Shape]
    """Spleen for an enlargement factor (1 = normal; grows antero-inferiorly from its upper pole)."""
    medulla: dict[str, _Ellipsoid]
    caudate: _Ellipsoid


def _draw_anatomy(rng: np.random.Generator) -> _Anatomy:
    def jit(value: float, rel: float = 0.04) -> float:
        return value * float(rng.uniform(1 - rel, 1 + rel))

    def at(x: float, y: float, z: float, sd: float = 2.0) -> np.ndarray:
        return np.array([x, y, z]) + np.clip(rng.normal(0, sd, 3), -2 * sd, 2 * sd)

    body = {"a": jit(165.0, 0.03), "b": jit(125.0, 0.03), "fat": jit(18.0, 0.2), "wall": jit(11.0, 0.1)}
    caudate = _Ellipsoid(at(0, -16, 40), np.array([20.0, 17.0, 30.0]))
    liver = _Blob((_Ellipsoid(at(68, 2, 48), np.array([jit(68), jit(90), jit(66)])),
                   _Ellipsoid(at(-18, 32, 60), np.array([jit(58), jit(42), jit(30)])), caudate),
                  wobble=_Wobble.draw(rng, 0.06, 140.0))
    kidneys, medulla = {}, {}
    for side, sign, centre in (("right", 1, (68, -50, -40)), ("left", -1, (-66, -48, -22))):
        axes = _frame((-0.18 * sign, -0.15, 1.0), (-0.8 * sign, 0.6, 0.0))
        shell = _Ellipsoid(at(*centre), np.array([jit(60), jit(30), jit(23)]), axes)
        notch = _Ellipsoid(shell.centre + 27 * axes[1], np.array([20.0, 10.0, 9.0]), axes)
        kidneys[f"kidney_{side}"] = _Blob((shell,), (notch,), _Wobble.draw(rng, 0.04, 90.0))
        medulla[f"kidney_{side}"] = shell.shrunk(9.0)
    spleen_axes = _frame((0.2, 0.6, -0.77), (0.9, 0.4, 0.0))
    spleen_centre, spleen_semi = at(-96, -40, 50), np.array([jit(64), jit(44), jit(25)])
    spleen_wobble = _Wobble.draw(rng, 0.05, 110.0)

    def spleen(factor: float) -> _Shape:
        pole = spleen_centre - spleen_semi[0] * spleen_axes[0]
        semi = spleen_semi * factor ** np.array([1.15, 0.95, 0.4])  # grows mostly downward and forward
        return _Blob((_Ellipsoid(pole + semi[0] * spleen_axes[0], semi, spleen_axes),), wobble=spleen_wobble)

    organs: dict[str, _Shape] = {
        "aorta": _Tube(2, np.array([[-400, -14, -4, 11, 11], [0, -16, -4, 11, 11], [400, -18, -6, 11.5, 11.5]])),
        "postcava": _Tube(2, np.array([[-400, 26, -3, 12, 9], [0, 24, -4, 12, 9], [400, 24, -6, 13, 10]])),
        "heart": _Blob((_Ellipsoid(at(-15, 45, 166), np.array([80.0, 60.0, 62.0])),)),
        "gall_bladder": _Blob((_Ellipsoid(at(42, 46, -4), np.array([jit(32), 15.0, 14.0]),
                                          _frame((0.3, 0.5, -0.8), (1.0, 0.0, 0.0))),), wobble=_Wobble.draw(rng, 0.04, 80.0)),
        **kidneys,
        "pancreas": _Tube(0, np.array([  # x, centre y, centre z, half-thickness y, half-height z
            [-96, -10, 4, 8, 9], [-75, 0, -6, 8, 9], [-50, 14, -14, 8.5, 10], [-20, 26, -22, 9, 11],
            [10, 26, -28, 10, 12], [30, 20, -34, 14, 21], [52, 16, -38, 13, 19]]) + np.r_[0, rng.normal(0, 1.5, 2), 0, 0],
            cap_mm=8.0),
        "liver": liver,
        "stomach": _Blob((_Ellipsoid(at(-64, 2, 56), np.array([34.0, 34.0, 32.0])),
                          _Ellipsoid(at(-46, 36, 16), np.array([30.0, 28.0, 46.0])),
                          _Ellipsoid(at(-6, 56, -8), np.array([36.0, 19.0, 19.0]))), wobble=_Wobble.draw(rng, 0.05, 120.0),
                         blend=0.3),
    }
    return _Anatomy(body, organs, spleen, medulla, caudate)


def _ellipse(x: np.ndarray, y: np.ndarray, cx: float, cy: float, ax: float, ay: float) -> np.ndarray:
    return np.square((x - cx) / ax) + np.square((y - cy) / ay) <= 1


def _axial_body(x: np.ndarray, y: np.ndarray, body: dict[str, float]) -> np.ndarray:
    """One axial slice of body wall and spine: skin, fat, muscle, vertebra, canal; visceral fat inside."""

    def superellipse(shrink: float) -> np.ndarray:
        return (np.abs(x) / (body["a"] - shrink)) ** 2.3 + (np.abs(y) / (body["b"] - shrink)) ** 2.3 <= 1

    out = np.full(np.broadcast_shapes(x.shape, y.shape), AIR, dtype=np.uint8)
    out[superellipse(0.0)] = SUBCUT_FAT
    inside_fat = superellipse(body["fat"])
    out[inside_fat] = MUSCLE
    out[superellipse(body["fat"] + body["wall"])] = VISCERAL_FAT
    out[inside_fat & (_ellipse(x, y, 28, -88, 26, 20) | _ellipse(x, y, -28, -88, 26, 20))] = MUSCLE  # erector spinae
    out[_ellipse(x, y, 0, -38, 24, 18)] = CORTICAL_BONE
    out[_ellipse(x, y, 0, -38, 21.5, 15.5)] = CANCELLOUS_BONE
    posterior = (_ellipse(x, y, 0, -66, 15, 15) | _ellipse(x, y, 0, -90, 5, 15)
                 | _ellipse(x, y, 26, -64, 13, 5) | _ellipse(x, y, -26, -64, 13, 5))
    out[posterior] = CORTICAL_BONE
    out[_ellipse(x, y, 0, -66, 8.5, 8.5)] = CSF
    return out


def _body_tissue(grid: _Grid, body: dict[str, float]) -> np.ndarray:
    """Background tissue labels of the whole volume: body wall, spine with discs, psoas, lung bases."""
    x, y, z = grid.axes
    axial = _axial_body(x[:, None], y[None, :], body)
    tissue = np.empty(grid.shape, dtype=np.uint8, order="F")  # Fortran order, as NIfTI stores volumes
    tissue[...] = axial[:, :, None]
    vertebral_body = _ellipse(x[:, None], y[None, :], 0, -38, 24, 18)
    for k in np.flatnonzero(np.mod(z - 7.0, 36.0) < 8.0):  # 8 mm discs between 28 mm vertebrae
        tissue[:, :, k][vertebral_body] = DISC
    for k in np.flatnonzero(z < 25.0):  # psoas muscles appear below L1 and thicken caudally
        r = 13.0 * min(1.0, (25.0 - float(z[k])) / 70.0) ** 0.7
        if r > 1.0:
            psoas = _ellipse(x[:, None], y[None, :], 36, -32, r, r) | _ellipse(x[:, None], y[None, :], -36, -32, r, r)
            tissue[:, :, k][psoas & (axial == VISCERAL_FAT)] = MUSCLE
    _add_lung_bases(grid, tissue, axial == VISCERAL_FAT)
    return tissue


_LOWEST_LUNG_Z = 68.0
"""Template z of the deepest costophrenic recess: lungs show in the top ~45 mm only."""


def _add_lung_bases(grid: _Grid, tissue: np.ndarray, cavity: np.ndarray) -> None:
    """Lung bases above two diaphragm domes (5 mm of muscle), either side of the mediastinum."""
    x, y, z = grid.axes
    X, Y = x[:, None], y[None, :]
    pleural = cavity & ~_ellipse(X, Y, 0, 5, 42, 80)
    domes = []
    for apex_x, apex_y, apex_z, side in ((60.0, -15.0, 108.0, X > 0), (-62.0, -20.0, 100.0, X <= 0)):
        dome = np.maximum(apex_z - (np.square(X - apex_x) + np.square(Y - apex_y)) / 160.0, _LOWEST_LUNG_Z)
        domes.append(np.where(side & pleural, dome, np.inf).astype(np.float32))
    dome = np.minimum(*domes)
    for k in np.flatnonzero(z > float(dome.min())):
        tissue[:, :, k][z[k] > dome] = MUSCLE
        tissue[:, :, k][z[k] > dome + 5.0] = LUNG


# --------------------------------------------------------------------------------------------
# Placement: organs (one fat voxel apart) and lesions (two voxels apart)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Lesion:
    mask_name: str
    organ: str
    box: Box
    mask: np.ndarray
    hu: float


def _largest_component(mask: np.ndarray) -> np.ndarray:
    labels, count = ndimage.label(mask, structure=_FULL_STRUCTURE)
    if count <= 1:
        return mask
    return labels == 1 + int(np.argmax(np.bincount(labels.ravel())[1:]))


class _Canvas:
    """The label volume being drawn, plus where a new structure may still go (`blocked`)."""

    def __init__(self, grid: _Grid, tissue: np.ndarray):
        self.grid, self.tissue = grid, tissue
        self.blocked = _dilate(tissue != VISCERAL_FAT)
        self.boxes: dict[str, Box] = {}

    def rasterize(self, shape: _Shape) -> tuple[Box, np.ndarray] | None:
        """Voxels of `shape` that keep a fat voxel from everything placed so far (largest piece)."""
        box = self.grid.box(*shape.bounds())
        if box is None:
            return None
        fits = (shape.level(*self.grid.coords(box)) <= 1) & ~self.blocked[box]
        return box, _largest_component(fits)

    def place(self, name: str, box: Box, mask: np.ndarray) -> None:
        if not mask.any():
            raise RuntimeError(f"the {name} does not fit in the field of view {self.grid.shape!r}")
        self.tissue[box][mask] = _LABEL[name]
        self.mark(box, mask)
        self.boxes[name] = _bbox_union(self.boxes.get(name), box)

    def mark(self, box: Box, mask: np.ndarray) -> None:
        padded = _pad(box, self.grid.shape, 1)
        local = np.zeros([s.stop - s.start for s in padded], dtype=bool)
        local[tuple(slice(b.start - p.start, b.stop - p.start) for b, p in zip(box, padded, strict=True))] = mask
        self.blocked[padded] |= _dilate(local)


def _bbox_union(a: Box | None, b: Box) -> Box:
    if a is None:
        return b
    return tuple(slice(min(s.start, t.start), max(s.stop, t.stop)) for s, t in zip(a, b, strict=True))  # type: ignore[return-value]


def _place_spleen(canvas: _Canvas, anatomy: _Anatomy, grade: SplenomegalyGrade) -> None:
    """A normal spleen, or one enlarged until its volume reaches the grade's target (Newton on V ~ f^2.5)."""
    factor = 1.0
    placed = canvas.rasterize(anatomy.spleen(factor))
    if grade != "none":
        target = SPLEEN_TARGET_ML[grade]
        for _ in range(12):
            volume = 0.0 if placed is None else float(placed[1].sum()) * canvas.grid.voxel_ml
            if abs(volume / target - 1) < 0.03:
                break
            factor *= (target / max(volume, 1.0)) ** (1 / 2.5)
            placed = canvas.rasterize(anatomy.spleen(factor))
    volume = 0.0 if placed is None else float(placed[1].sum()) * canvas.grid.voxel_ml
    low, high = SPLEEN_BANDS_ML[grade]
    if placed is None or not low <= volume < high:
        raise ValueError(f"splenomegaly={grade!r}: the spleen reaches only {volume:.0f} mL in a field of view of "
                         f"{canvas.grid.shape!r} x {canvas.grid.spacing!r} mm; use a larger shape or spacing")
    canvas.place("spleen", *placed)


def _lesion_shape(diameter_mm: float, rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """Semi-axes (in-plane long, in-plane short, z) and in-plane angle: the longest axial diameter is `diameter_mm`."""
    a = diameter_mm / 2
    return np.array([a, a * rng.uniform(0.8, 1.0), a * rng.uniform(0.75, 1.0)]), float(rng.uniform(0, np.pi))


def _lesion_at(centre: np.ndarray, semi: np.ndarray, angle: float, spacing: tuple[float, float, float],
               shape: tuple[int, int, int]) -> tuple[Box, np.ndarray] | None:
    """Voxel mask of an ellipsoid centred on a voxel centre, in a box with a 3-voxel margin; None at the edge."""
    half = [int(math.ceil(semi[n] / spacing[n])) + 3 for n in (0, 1)] + [int(math.ceil(semi[2] / spacing[2])) + 3]
    box = tuple(slice(int(c) - h, int(c) + h + 1) for c, h in zip(centre, half, strict=True))
    if any(s.start < 0 or s.stop > n for s, n in zip(box, shape, strict=True)):
        return None
    dx = (np.arange(-half[0], half[0] + 1) * spacing[0])[:, None, None]
    dy = (np.arange(-half[1], half[1] + 1) * spacing[1])[None, :, None]
    dz = (np.arange(-half[2], half[2] + 1) * spacing[2])[None, None, :]
    u = dx * math.cos(angle) + dy * math.sin(angle)
    v = -dx * math.sin(angle) + dy * math.cos(angle)
    mask = np.square(u / semi[0]) + np.square(v / semi[1]) + np.square(dz / semi[2]) <= 1
    return box, mask  # type: ignore[return-value]


def _place_lesion(canvas: _Canvas, placed: list[_Lesion], rng: np.random.Generator, mask_name: str, organ: str,
                  diameter_mm: float, hu: float, tries: int = 400) -> _Lesion:
    """Put a lesion inside its organ, two clear voxels from every other lesion and from other structures.

    Takes the first candidate whose lesion plus a two-voxel ring lies inside the organ; if none does
    (a mass larger than the organ is thick), the candidate with most of its volume inside, bulging only
    into fat, and the organ grows to include it (AbdomenAtlas organ masks include their lesions).
    """
    label, grid = _LABEL[organ], canvas.grid
    organ_box = canvas.boxes[organ]
    voxels = np.argwhere(canvas.tissue[organ_box] == label) + [s.start for s in organ_box]
    semi, angle = _lesion_shape(diameter_mm, rng)
    best: tuple[float, Box, np.ndarray] | None = None
    for index in rng.integers(0, len(voxels), size=tries):
        drawn = _lesion_at(voxels[index], semi, angle, grid.spacing, grid.shape)
        if drawn is None:
            continue
        box, mask = drawn
        ring = _dilate(mask, 2)
        if any(_overlaps(box, ring, other.box, other.mask) for other in placed):
            continue
        local = canvas.tissue[box]
        if np.all(local[ring] == label):
            best = (1.0, box, mask)
            break
        if np.all((local[ring] == label) | (local[ring] == VISCERAL_FAT)):
            inside = float(np.mean(local[mask] == label))
            if inside >= 0.3 and (best is None or inside > best[0]):
                best = (inside, box, mask)
    if best is None:
        raise ValueError(f"cannot fit a {diameter_mm:g} mm {mask_name} in the {organ} of a {grid.shape!r} x "
                         f"{grid.spacing!r} mm phantom; ask for a smaller lesion or a larger field of view")
    _, box, mask = best
    canvas.tissue[box][mask] = label
    canvas.mark(box, mask)
    canvas.boxes[organ] = _bbox_union(canvas.boxes[organ], box)
    return _Lesion(mask_name, organ, box, mask, hu)


def _overlaps(box_a: Box, mask_a: np.ndarray, box_b: Box, mask_b: np.ndarray) -> bool:
    common = _common(box_a, box_b)
    return common is not None and bool(np.any(mask_a[common[0]] & mask_b[common[1]]))


def _common(box_a: Box, box_b: Box) -> tuple[Box, Box] | None:
    """Where two boxes overlap, as slices into each box's local array; None if they do not."""
    common = [slice(max(a.start, b.start), min(a.stop, b.stop)) for a, b in zip(box_a, box_b, strict=True)]
    if any(c.stop <= c.start for c in common):
        return None
    in_a = tuple(slice(c.start - a.start, c.stop - a.start) for c, a in zip(common, box_a, strict=True))
    in_b = tuple(slice(c.start - b.start, c.stop - b.start) for c, b in zip(common, box_b, strict=True))
    return in_a, in_b  # type: ignore[return-value]


def _lesion_plan(spec: PhantomSpec, rng: np.random.Generator) -> dict[str, list[tuple[str, float, float]]]:
    """Per organ, the lesions to place after it: (mask name, longest axial diameter mm, HU), largest first."""
    liver = spec.liver_lesion_diameters_mm
    if liver is None:
        liver = tuple(float(d) for d in rng.uniform(12.0, 30.0, size=spec.liver_lesions))
    plan: dict[str, list[tuple[str, float, float]]] = {
        "liver": [("liver_tumor", d, spec.liver_lesion_hu) for d in sorted(liver, reverse=True)]}
    if spec.kidney_lesion != "none":
        name, hu = ("kidney_cyst", 5.0) if spec.kidney_lesion == "cyst" else ("kidney_tumor", 60.0)
        plan[f"kidney_{spec.kidney_lesion_side}"] = [(name, spec.kidney_lesion_diameter_mm, hu)]
    if spec.pancreatic_tumor_mm is not None:
        plan["pancreas"] = [("pancreas_tumor", spec.pancreatic_tumor_mm, _organ_hu(spec)["pancreas"] - 20.0)]
    return plan


# --------------------------------------------------------------------------------------------
# Sub-segments: Couinaud liver segments and pancreas head / body / tail
# --------------------------------------------------------------------------------------------


def _couinaud(x: np.ndarray, y: np.ndarray, z: np.ndarray, caudate: _Ellipsoid) -> np.ndarray:
    """Couinaud segment (1-8) of each template point, from planes through the liver's landmarks.

    Cantlie's line (gall bladder fossa to IVC) splits right from left; the falciform plane splits 4
    from 2/3; the right hepatic vein plane splits anterior (5, 8) from posterior (6, 7); the portal
    plane splits superior (2, 7, 8) from inferior (3, 5, 6); the caudate (1) is its own lobe.
    """
    right = x > 28 + 0.25 * y
    medial_left = x > -8 + 0.1 * y
    anterior = (y + 4) > 0.45 * (x - 26)
    superior = z > 40
    left_superior = (z - 60) - 0.5 * (y - 32) > 0
    right_seg = np.where(anterior, np.where(superior, 8, 5), np.where(superior, 7, 6))
    left_seg = np.where(medial_left, 4, np.where(left_superior, 2, 3))
    segment = np.where(right, right_seg, left_seg).astype(np.uint8)
    segment[np.broadcast_to(caudate.level(x, y, z) <= 1, segment.shape)] = 1
    return segment


def _pancreas_part(x: np.ndarray) -> np.ndarray:
    """Pancreas part along x: 1 head (right of the neck), 2 body, 3 tail (left of x = -48)."""
    return np.where(x > 12, 1, np.where(x < -48, 3, 2)).astype(np.uint8)


# --------------------------------------------------------------------------------------------
# Drawing the case
# --------------------------------------------------------------------------------------------


@dataclass(eq=False)
class _Drawing:
    grid: _Grid
    tissue: np.ndarray
    boxes: dict[str, Box]
    lesions: list[_Lesion]
    subsegments: dict[str, tuple[Box, np.ndarray]]
    """Organ -> (box, uint8 part number per voxel, 0 outside the organ)."""
    ct: np.ndarray


def _draw(spec: PhantomSpec) -> _Drawing:
    grid = _Grid.for_spec(spec)
    anatomy_rng, lesion_rng, noise_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(spec.seed).spawn(3))
    anatomy = _draw_anatomy(anatomy_rng)
    canvas = _Canvas(grid, _body_tissue(grid, anatomy.body))
    plan, lesions = _lesion_plan(spec, lesion_rng), []
    for organ in _PLACEMENT:
        if organ == "spleen":
            _place_spleen(canvas, anatomy, spec.splenomegaly)
        else:
            placed = canvas.rasterize(anatomy.organs[organ])
            if placed is None:
                raise RuntimeError(f"the {organ} lies outside the field of view {grid.shape!r}")
            canvas.place(organ, *placed)
        for mask_name, diameter, hu in plan.get(organ, []):
            lesions.append(_place_lesion(canvas, lesions, lesion_rng, mask_name, organ, diameter, hu))
    del canvas.blocked
    subsegments = {}
    for organ, partition in (("liver", lambda x, y, z: _couinaud(x, y, z, anatomy.caudate)),
                             ("pancreas", lambda x, y, z: _pancreas_part(x))):
        box = canvas.boxes[organ]
        parts = np.broadcast_to(partition(*grid.coords(box)), canvas.tissue[box].shape).copy()
        parts[canvas.tissue[box] != _LABEL[organ]] = 0
        subsegments[organ] = (box, parts)
    ct = _paint(spec, grid, canvas, anatomy, lesions, noise_rng)
    return _Drawing(grid, canvas.tissue, canvas.boxes, lesions, subsegments, ct)


def _paint(spec: PhantomSpec, grid: _Grid, canvas: _Canvas, anatomy: _Anatomy, lesions: list[_Lesion],
           rng: np.random.Generator) -> np.ndarray:
    """Hounsfield units: a value per tissue, kidney medulla, stomach wall / fluid / air, lesions, then noise."""
    lut = np.zeros(256, dtype=np.int16)
    for code, hu in _BACKGROUND_HU.items():
        lut[code] = hu
    for organ, hu in _organ_hu(spec).items():
        lut[_LABEL[organ]] = hu
    tissue = canvas.tissue
    ct = np.empty(grid.shape, dtype=np.int16, order="F")
    for k in range(0, grid.shape[2], _SLAB):
        ct[:, :, k:k + _SLAB] = lut[tissue[:, :, k:k + _SLAB]]
    for kidney, medulla in anatomy.medulla.items():
        box = canvas.boxes[kidney]
        inner = (medulla.level(*grid.coords(box)) <= 1) & (tissue[box] == _LABEL[kidney])
        ct[box][inner] = _KIDNEY_MEDULLA_HU
    box = canvas.boxes["stomach"]
    stomach = tissue[box] == _LABEL["stomach"]
    lumen = ndimage.distance_transform_edt(stomach, sampling=grid.spacing) > _STOMACH_WALL_MM
    air = np.broadcast_to(grid.coords(box)[1] > _STOMACH_AIR_LEVEL_Y, lumen.shape)
    ct[box][lumen & ~air] = _STOMACH_FLUID_HU
    ct[box][lumen & air] = _STOMACH_AIR_HU
    for lesion in lesions:
        ct[lesion.box][lesion.mask] = round(lesion.hu)
    if spec.noise_hu > 0:
        for k in range(0, grid.shape[2], _SLAB):  # slabs keep the float32 noise small at full size
            slab = ct[:, :, k:k + _SLAB]
            noise = rng.standard_normal(slab.shape[::-1], dtype=np.float32).T
            slab[...] = np.clip(np.rint(noise * np.float32(spec.noise_hu) + slab), -1024, 3071)
    return ct


def _write(array: np.ndarray, affine: np.ndarray, path: Path, orientation: str) -> None:
    """Save a canonical RAS array reoriented to `orientation`, with scl_slope 1 and scanner-coordinate forms."""
    img = nib.Nifti1Image(array, affine)
    img = img.as_reoriented(ornt_transform(axcodes2ornt(("R", "A", "S")), axcodes2ornt(tuple(orientation))))
    img.set_data_dtype(array.dtype)
    img.header.set_slope_inter(1.0, 0.0)
    img.header.set_xyzt_units("mm", "sec")
    img.set_qform(img.affine, code=1)
    img.set_sform(img.affine, code=1)
    nib.save(img, path)


def _mask(drawing: _Drawing, name: str) -> np.ndarray:
    """One AbdomenAtlas mask of the drawing as a full uint8 volume."""
    if name in _LABEL:
        return (drawing.tissue == _LABEL[name]).view(np.uint8)
    mask = np.zeros(drawing.grid.shape, dtype=np.uint8, order="F")
    for lesion in drawing.lesions:
        if lesion.mask_name == name:
            mask[lesion.box][lesion.mask] = 1
    for organ, names in SUBSEGMENTS.items():
        if name in names:
            box, parts = drawing.subsegments[organ]
            mask[box] = parts == names.index(name) + 1
    return mask


def _write_case(drawing: _Drawing, out_dir: Path, orientation: str) -> None:
    affine = drawing.grid.affine()

    def write_mask(name: str) -> None:
        _write(_mask(drawing, name), affine, out_dir / "segmentations" / f"{name}.nii.gz", orientation)

    with ThreadPoolExecutor(max_workers=2) as pool:  # zlib releases the GIL: two files compress at once
        ct_written = pool.submit(_write, drawing.ct, affine, out_dir / "ct.nii.gz", orientation)
        list(pool.map(write_mask, (*ORGANS, *LESION_MASKS, *LIVER_SEGMENTS, *PANCREAS_PARTS)))
        ct_written.result()


def make_phantom(out_dir: Path, spec: PhantomSpec = PhantomSpec()) -> dict[str, Any]:
    """Write a phantom case in the AbdomenAtlas layout and return the ground truth it wrote.

    Args:
        out_dir: Case folder (created); gets ``ct.nii.gz``, ``segmentations/`` and ``ground_truth.json``.
        spec: What to draw.

    Returns:
        The content of ``ground_truth.json``: `reference_measurements` of the written files, plus the
        spec and the geometry.

    Raises:
        ValueError: The requested lesions or spleen do not fit in the field of view.
    """
    out_dir = Path(out_dir)
    (out_dir / "segmentations").mkdir(parents=True, exist_ok=True)
    drawing = _draw(spec)
    _write_case(drawing, out_dir, spec.orientation)
    del drawing  # free the volumes before reading the files back
    truth = {"schema": _SCHEMA, "spec": asdict(spec), **reference_measurements(out_dir)}
    (out_dir / "ground_truth.json").write_text(json.dumps(truth, indent=2, allow_nan=False) + "\n")
    return truth


# --------------------------------------------------------------------------------------------
# Reference measurements: the oracle, read back from the files
# --------------------------------------------------------------------------------------------


@dataclass(eq=False)
class _CaseFiles:
    """A case folder read with nibabel in canonical RAS; spacing from the CT header."""

    ct: np.ndarray
    affine: np.ndarray
    spacing: tuple[float, float, float]
    file_orientation: str
    file_shape: tuple[int, ...]
    seg_dir: Path

    @classmethod
    def open(cls, case_dir: Path) -> _CaseFiles:
        raw = nib.load(case_dir / "ct.nii.gz")
        img = nib.as_closest_canonical(raw)
        spacing = tuple(float(s) for s in img.header.get_zooms()[:3])
        return cls(np.asanyarray(img.dataobj), img.affine, spacing, "".join(nib.aff2axcodes(raw.affine)),  # type: ignore[arg-type]
                   tuple(int(n) for n in raw.shape), case_dir / "segmentations")

    @property
    def voxel_ml(self) -> float:
        return self.spacing[0] * self.spacing[1] * self.spacing[2] / 1000.0

    def mask(self, name: str) -> np.ndarray | None:
        """The mask as a canonical bool array, or None when the case has no such file."""
        path = self.seg_dir / f"{name}.nii.gz"
        if not path.exists():
            return None
        img = nib.as_closest_canonical(nib.load(path))
        if img.shape != self.ct.shape or not np.allclose(img.affine, self.affine, atol=1e-4):
            raise ValueError(f"{path}: grid {img.shape!r} does not match the CT grid {self.ct.shape!r}")
        return np.asanyarray(img.dataobj) > 0

    def crops(self, names: tuple[str, ...]) -> dict[str, _Crop]:
        return {name: _Crop.of(mask) for name in names if (mask := self.mask(name)) is not None}


@dataclass(frozen=True, eq=False)
class _Crop:
    """A mask kept as its bounding box only: a full-size case has two dozen 79 MB masks."""

    box: Box | None
    array: np.ndarray

    @classmethod
    def of(cls, mask: np.ndarray) -> _Crop:
        box = _bbox(mask)
        return cls(box, mask[box].copy() if box is not None else np.zeros((0, 0, 0), dtype=bool))

    @property
    def count(self) -> int:
        return int(np.count_nonzero(self.array))

    def within(self, box: Box) -> np.ndarray:
        """The mask over another box (False outside its own box)."""
        out = np.zeros([s.stop - s.start for s in box], dtype=bool)
        common = None if self.box is None else _common(box, self.box)
        if common is not None:
            out[common[0]] = self.array[common[1]]
        return out


def longest_axial_diameter(mask: np.ndarray, spacing: tuple[float, ...]) -> tuple[float, int | None]:
    """Longest in-slice distance (mm) between contour voxel centres, over axial slices, and its slice k.

    Brute force over every pair of contour pixels (pixels with a neighbour outside, 8-connected);
    ties go to the lowest k. Returns (0.0, None) for an empty mask.
    """
    best, best_k = 0.0, None
    for k in np.flatnonzero(mask.any(axis=(0, 1))):
        pixels = mask[:, :, k]
        contour = pixels & ~ndimage.binary_erosion(pixels, structure=np.ones((3, 3), dtype=bool))
        points = np.argwhere(contour) * np.asarray(spacing[:2], dtype=np.float64)
        diameter = _max_pairwise_distance(points)
        if best_k is None or diameter > best:
            best, best_k = diameter, int(k)
    return best, best_k


def _max_pairwise_distance(points: np.ndarray, chunk: int = 1024) -> float:
    best = 0.0
    for start in range(0, len(points), chunk):
        diff = points[start:start + chunk, None, :] - points[None, :, :]
        best = max(best, float(np.sqrt((diff**2).sum(axis=-1).max())))
    return best


def organ_measurements(mask: np.ndarray, ct: np.ndarray, lesions: np.ndarray, voxel_ml: float) -> dict[str, Any]:
    """Volume of the mask; mean and std HU over (mask - lesions) eroded by one voxel (3x3x3).

    Computed on the mask's box padded by one voxel, which gives the same erosion as the full array.
    """
    count = int(np.count_nonzero(mask))
    box = _bbox(mask, pad=1)
    values = np.empty(0)
    if box is not None:
        core = ndimage.binary_erosion(mask[box] & ~lesions[box], structure=_FULL_STRUCTURE)
        values = ct[box][core].astype(np.float64)
    return {"voxel_count": count, "volume_ml": count * voxel_ml,
            "mean_hu": float(values.mean()) if values.size else None,
            "std_hu": float(values.std()) if values.size else None}


def lesion_instances(mask: np.ndarray, ct: np.ndarray, spacing: tuple[float, float, float],
                     subsegments: dict[str, np.ndarray], organs: dict[str, np.ndarray],
                     organ_stats: dict[str, dict[str, Any]], k_offset: int = 0) -> list[dict[str, Any]]:
    """26-connected lesion instances, largest first (ties in label order), each measured on its own.

    All arrays share one grid (the full volume, or a box of it whose first slice is `k_offset`).
    `subsegments` give the location (> 10% of the voxels, largest share), `organs` the organ that
    holds most of the lesion, whose `organ_stats` decide the attenuation.
    """
    voxel_ml = spacing[0] * spacing[1] * spacing[2] / 1000.0
    labels, count = ndimage.label(mask, structure=_FULL_STRUCTURE)
    sizes = np.bincount(labels.ravel(), minlength=count + 1)[1:]
    instances = []
    for rank, n in enumerate(sorted(range(count), key=lambda m: (-sizes[m], m)), start=1):
        voxels = labels == n + 1
        diameter, k = longest_axial_diameter(voxels, spacing)
        mean_hu = float(ct[voxels].astype(np.float64).mean())
        shares = {name: np.count_nonzero(seg[voxels]) / sizes[n] for name, seg in subsegments.items()}
        location = max(shares, key=shares.__getitem__) if shares else None
        overlaps = {name: np.count_nonzero(org[voxels]) for name, org in organs.items()}
        organ = max(overlaps, key=overlaps.__getitem__) if overlaps and max(overlaps.values()) > 0 else None
        instances.append({
            "instance": rank, "voxel_count": int(sizes[n]), "volume_ml": int(sizes[n]) * voxel_ml,
            "longest_diameter_mm": diameter, "longest_diameter_slice": None if k is None else k + k_offset,
            "mean_hu": mean_hu, "location": location if location and shares[location] > 0.1 else None,
            "organ": organ, "attenuation": _attenuation(mean_hu, organ_stats.get(organ or "")),
        })
    return instances


def _attenuation(lesion_hu: float, organ: dict[str, Any] | None) -> str | None:
    """DTVQA: iso if |lesion - organ| < organ std / 10, else hypo or hyper."""
    if not organ or organ.get("mean_hu") is None:
        return None
    diff = lesion_hu - organ["mean_hu"]
    return "iso" if abs(diff) < organ["std_hu"] / 10 else ("hypo" if diff < 0 else "hyper")


def _ratio(num: float | None, den: float | None) -> float | None:
    return None if num is None or not den else num / den


def reference_measurements(case_dir: Path) -> dict[str, Any]:
    """Measure a case folder from its files with the DeepTumorVQA definitions (plain reference code).

    Reads ``ct.nii.gz`` and ``segmentations/*.nii.gz`` with nibabel in canonical RAS, spacing from the
    header. Organs: volume, HU mean / std over (organ - all lesions) eroded one voxel. Lesion masks:
    26-connected instances, largest first, with volume, longest axial diameter and its slice, mean
    HU, Couinaud / pancreas location and attenuation. Groups (contract targets ``liver_lesion``,
    ``kidney_lesion``, ``pancreas_lesion``): count, burden (vs the sum of the group's organs) and
    the largest lesion. Masks are kept as their bounding boxes, which changes no result.

    Args:
        case_dir: A folder in the AbdomenAtlas layout; missing masks are skipped.

    Returns:
        A JSON-ready dict with sections ``image``, ``organs``, ``segments``, ``derived``,
        ``lesion_masks`` and ``lesion_groups``.
    """
    files = _CaseFiles.open(Path(case_dir))
    lesions = files.crops(LESION_MASKS)
    lesion_union = np.zeros(files.ct.shape, dtype=bool)
    for crop in lesions.values():
        if crop.box is not None:
            lesion_union[crop.box] |= crop.array
    organs: dict[str, dict[str, Any]] = {}
    organ_crops: dict[str, _Crop] = {}
    for name in ORGANS:
        mask = files.mask(name)
        if mask is not None:
            organs[name] = organ_measurements(mask, files.ct, lesion_union, files.voxel_ml)
            organ_crops[name] = _Crop.of(mask)
    del lesion_union
    parts = files.crops((*LIVER_SEGMENTS, *PANCREAS_PARTS))
    segments = {name: {"voxel_count": crop.count, "volume_ml": crop.count * files.voxel_ml} for name, crop in parts.items()}
    lesion_masks = {}
    for group, (lesion_names, organ_names) in LESION_GROUPS.items():
        subsegment_names = SUBSEGMENTS.get(organ_names[0], ()) if len(organ_names) == 1 else ()
        for name in lesion_names:
            if name not in lesions:
                continue
            crop = lesions[name]
            instances = [] if crop.box is None else lesion_instances(
                crop.array, files.ct[crop.box], files.spacing,
                {n: parts[n].within(crop.box) for n in subsegment_names if n in parts},
                {n: organ_crops[n].within(crop.box) for n in organ_names if n in organ_crops},
                organs, k_offset=crop.box[2].start)
            lesion_masks[name] = {"group": group, "lesion_count": len(instances),
                                  "total_volume_ml": sum(i["volume_ml"] for i in instances), "instances": instances}
    return {
        "image": {"shape": list(files.ct.shape), "spacing_mm": list(files.spacing), "voxel_volume_ml": files.voxel_ml,
                  "file_orientation": files.file_orientation, "file_shape": list(files.file_shape),
                  "affine_ras": files.affine.tolist()},
        "organs": organs,
        "segments": segments,
        "derived": _derived(organs, segments),
        "lesion_masks": lesion_masks,
        "lesion_groups": _lesion_groups(lesion_masks, organs),
    }


def _lesion_groups(lesion_masks: dict[str, dict[str, Any]], organs: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = {}
    for group, (lesion_names, organ_names) in LESION_GROUPS.items():
        present = [n for n in lesion_names if n in lesion_masks]
        if not present:
            continue
        instances = sorted(({"mask": n, **i} for n in present for i in lesion_masks[n]["instances"]),
                           key=lambda i: -i["voxel_count"])
        total = sum(i["volume_ml"] for i in instances)
        organ_volume = sum(organs[n]["volume_ml"] for n in organ_names if n in organs)
        largest = instances[0] if instances else {}
        out[group] = {
            "lesion_masks": present, "organs": [n for n in organ_names if n in organs],
            "lesion_count": len(instances), "total_lesion_volume_ml": total,
            "tumor_burden_pct": _ratio(100.0 * total, organ_volume),
            "largest_lesion_mask": largest.get("mask"), "largest_lesion_volume_ml": largest.get("volume_ml"),
            "largest_lesion_diameter_mm": largest.get("longest_diameter_mm"),
            "largest_lesion_slice": largest.get("longest_diameter_slice"),
            "largest_lesion_mean_hu": largest.get("mean_hu"), "largest_lesion_location": largest.get("location"),
            "instances": instances,
        }
    return out


def _derived(organs: dict[str, dict[str, Any]], segments: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    def organ(name: str, key: str) -> float | None:
        return organs.get(name, {}).get(key)

    right_lobe = [segments[f"liver_segment_{n}"]["volume_ml"] for n in (5, 6, 7, 8) if f"liver_segment_{n}" in segments]
    caudate = segments.get("liver_segment_1", {}).get("volume_ml")
    return {
        "liver/spleen": {"hu_ratio": _ratio(organ("liver", "mean_hu"), organ("spleen", "mean_hu"))},
        "pancreas/spleen": {"hu_ratio": _ratio(organ("pancreas", "mean_hu"), organ("spleen", "mean_hu"))},
        "kidney_left/kidney_right": {"volume_ratio": _ratio(organ("kidney_left", "volume_ml"), organ("kidney_right", "volume_ml"))},
        "liver": {"caudate_right_lobe_ratio": _ratio(caudate, sum(right_lobe) if len(right_lobe) == 4 else None)},
    }


def lookup_truth(truth: dict[str, Any], target: str, name: str) -> float | None:
    """The numeric ground truth behind an evidence (`target`, `name`) of the contract, or None.

    Targets: organs (``spleen``), derived pairs (``liver/spleen``), lesion groups (``liver_lesion``),
    one instance of a group, largest first (``liver_lesion_1``), lesion masks and sub-segments.
    """
    for section in ("organs", "derived", "lesion_groups", "lesion_masks", "segments"):
        entry = truth.get(section, {}).get(target)
        if isinstance(entry, dict) and name in entry:
            return _number(entry[name])
    group, _, index = target.rpartition("_")
    if index.isdigit() and group in truth.get("lesion_groups", {}):
        instances = truth["lesion_groups"][group]["instances"]
        if 1 <= int(index) <= len(instances):
            return _number(instances[int(index) - 1].get(name))
    return None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
