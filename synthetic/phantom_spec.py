"""What a phantom is asked to be (`PhantomSpec`) and the voxel grid it is drawn on (`_Grid`).

The anatomy is drawn in a template frame (mm, patient RAS, origin at the body centre, z = +115
at the top of a default field of view) and scaled to the field of view, so the same patient
exists at test size and at clinical size. `top_offset_mm` moves the field of view up (more lung
bases, the heart) or down (the liver dome cut); `oblique_deg` tilts the stored grid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np

SplenomegalyGrade = Literal["none", "mild", "moderate", "severe"]
KidneyLesionKind = Literal["none", "cyst", "solid"]
Side = Literal["left", "right"]
Phase = Literal["portal", "arterial", "unenhanced"]

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
TYPED_MASKS: dict[str, tuple[str, ...]] = {
    "liver_lesion": ("liver_cyst",),
    "pancreas_lesion": ("pancreas_cyst", "pancreatic_cyst", "pancreatic_pdac", "pancreatic_pnet"),
}
"""Subtype masks other layouts write beside a group's lesion masks (AbdomenAtlas 3.0, PanTS): a lesion of one that
the group's masks do not hold is a lesion of the group too (a cyst written in `liver_cyst` only)."""

FULL_SIZE_SHAPE = (512, 512, 300)
FULL_SIZE_SPACING = (0.8, 0.8, 1.0)
SPLEEN_TARGET_ML = {"mild": 400.0, "moderate": 650.0, "severe": 1000.0}
SPLEEN_BANDS_ML = {"none": (0.0, 314.5), "mild": (314.5, 500.0), "moderate": (500.0, 800.0), "severe": (800.0, math.inf)}
MAX_OBLIQUE_DEG = 30.0


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
    liver_lesion_contrasts_hu: tuple[float, ...] | None = None
    """Each liver lesion's HU minus the liver's (hypo- and hyperattenuating lesions in one liver), in the order of
    `liver_lesion_diameters_mm`; None: every lesion at `liver_lesion_hu`."""
    kidney_lesion: KidneyLesionKind = "none"
    """"cyst" (~5 HU, written as kidney_cyst) or "solid" (~60 HU, written as kidney_tumor)."""
    kidney_lesion_diameter_mm: float = 25.0
    kidney_lesion_side: Side = "right"
    pancreatic_tumor_mm: float | None = None
    """Longest axial diameter of a hypodense pancreas_tumor; None for no tumor."""
    pancreatic_tumor_contrast_hu: float = -20.0
    """The pancreas_tumor's HU minus the pancreas's."""
    pancreatic_steatosis: bool = False
    """Pancreas ~22 HU (pancreas/spleen ratio ~0.45) instead of ~45 HU."""
    phase: Phase = "portal"
    """Contrast phase: portal venous (the default), arterial (bright aorta, kidney cortex brighter than its
    medulla, IVC barely enhanced) or unenhanced (blood at ~40 HU, kidneys at ~30, below the muscle)."""
    full_size: bool = False
    """512 x 512 x 300 voxels at 0.8 x 0.8 x 1.0 mm instead of `shape` / `spacing`."""
    randomise: bool = False
    """Draw what real abdomens vary from the seed: organs touching each other and the wall with no fat
    plane, organ HU +-15, organ sizes and positions, body habitus, bowel loops with gas. A structure
    the field of view misses gets an empty mask, and a lesion that does not fit is left out."""
    top_offset_mm: float = 0.0
    """Move the field of view up (> 0: more lung bases and heart) or down (< 0: the liver dome cut)."""
    oblique_deg: float = 0.0
    """Store the grid tilted by this angle (about the S axis, and a third of it about the R axis)."""
    subcutaneous_fat_mm: float | None = None
    """Fat between the skin and the wall muscle (mm, template frame): 0 for a lean patient whose wall muscle reaches the
    skin, with the fat inside the wall (around the bowel and organs) unchanged; the body outline moves in or out with it,
    the organs stay where they are. None: the patient's own (about 18 mm, or 4-35 when randomised)."""
    stomach_gas_y_mm: float | None = None
    """Template y (mm, anterior positive) above which the stomach's lumen holds gas: about 5 for a stomach half full of
    air, 60 for a small cap over a deep pool, 1000 (above any stomach) for one full of fluid; None: the default (35)."""

    def __post_init__(self) -> None:
        for name in ("shape", "spacing", "liver_lesion_diameters_mm", "liver_lesion_contrasts_hu"):  # lists from JSON / CLI become tuples
            if isinstance(getattr(self, name), list):
                object.__setattr__(self, name, tuple(getattr(self, name)))
        for name, value, allowed in (
            ("splenomegaly", self.splenomegaly, SplenomegalyGrade),
            ("kidney_lesion", self.kidney_lesion, KidneyLesionKind),
            ("kidney_lesion_side", self.kidney_lesion_side, Side),
            ("phase", self.phase, Phase),
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
        contrasts = self.liver_lesion_contrasts_hu
        if contrasts is not None and len(contrasts) != self.liver_lesions:
            raise ValueError(f"liver_lesion_contrasts_hu={contrasts!r}: need {self.liver_lesions} contrasts")
        if not self.kidney_lesion_diameter_mm > 0:
            raise ValueError(f"kidney_lesion_diameter_mm={self.kidney_lesion_diameter_mm!r} must be > 0")
        if self.pancreatic_tumor_mm is not None and not self.pancreatic_tumor_mm > 0:
            raise ValueError(f"pancreatic_tumor_mm={self.pancreatic_tumor_mm!r} must be > 0 or None")
        if self.subcutaneous_fat_mm is not None and not 0.0 <= self.subcutaneous_fat_mm <= 60.0:
            raise ValueError(f"subcutaneous_fat_mm={self.subcutaneous_fat_mm!r}: expected 0-60 mm or None")
        if not abs(self.oblique_deg) <= MAX_OBLIQUE_DEG:
            raise ValueError(f"oblique_deg={self.oblique_deg!r}: expected at most {MAX_OBLIQUE_DEG} degrees either way")
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
    oblique_deg: float = 0.0

    @classmethod
    def for_spec(cls, spec: PhantomSpec) -> _Grid:
        """The grid of a spec; a randomised spec may cover only part of the abdomen's height."""
        shape, spacing = spec.grid_shape, spec.grid_spacing
        fov = [n * s for n, s in zip(shape, spacing, strict=True)]
        held = 2 if spec.randomise else 3  # partial coverage: only the axial extent shrinks the patient
        scale = min(1.0, *(f / t for f, t in zip(fov[:held], _TEMPLATE_FOV_MM[:held], strict=True)))
        if scale < _MIN_SCALE:
            raise ValueError(f"field of view {tuple(round(f) for f in fov)} mm (shape {shape!r} x spacing {spacing!r}) "
                             f"is too small for an abdomen: need at least {tuple(t * _MIN_SCALE for t in _TEMPLATE_FOV_MM)} mm")
        x = (np.arange(shape[0]) - (shape[0] - 1) / 2) * spacing[0] / scale
        y = (np.arange(shape[1]) - (shape[1] - 1) / 2) * spacing[1] / scale
        z = _TEMPLATE_TOP_MM + spec.top_offset_mm - (shape[2] - 1 - np.arange(shape[2])) * spacing[2] / scale
        axes = (x.astype(np.float32), y.astype(np.float32), z.astype(np.float32))
        return cls(shape, spacing, scale, axes, float(spec.oblique_deg))

    @property
    def voxel_ml(self) -> float:
        return float(np.prod(self.spacing)) / 1000.0

    def affine(self) -> np.ndarray:
        """Voxel-to-RAS affine: the spacing, a scanner-like origin (not zero, not the centre), any tilt."""
        affine = np.diag([*self.spacing, 1.0])
        half = [(n - 1) * s / 2 for n, s in zip(self.shape, self.spacing, strict=True)]
        affine[:3, 3] = (-half[0] + 3.5, -half[1] + 41.0, -2 * half[2] - 287.5)
        if self.oblique_deg:
            a, b = math.radians(self.oblique_deg), math.radians(self.oblique_deg / 3)
            about_s = np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]])
            about_r = np.array([[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]])
            affine[:3, :3] = about_s @ about_r @ affine[:3, :3]
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
