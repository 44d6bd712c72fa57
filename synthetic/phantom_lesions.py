"""Placement on the label volume: organs (one fat voxel apart, or touching when randomised) and lesions.

Lesions are placed two voxels clear of each other and of other structures, inside their organ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from synthetic.phantom_anatomy import _LABEL, VISCERAL_FAT, _Anatomy, _organ_hu
from synthetic.phantom_shapes import _bbox_union, _common, _dilate, _largest_component, _pad, _Shape
from synthetic.phantom_spec import SPLEEN_BANDS_ML, SPLEEN_TARGET_ML, Box, PhantomSpec, SplenomegalyGrade, _Grid


@dataclass(frozen=True, eq=False)
class _Lesion:
    mask_name: str
    organ: str
    box: Box
    mask: np.ndarray
    hu: float


class _Canvas:
    """The label volume being drawn, plus where a new structure may still go (`blocked`).

    `gap` voxels of fat are kept between structures: 1 by default, 0 when structures may touch.
    """

    def __init__(self, grid: _Grid, tissue: np.ndarray, gap: int = 1):
        self.grid, self.tissue, self.gap = grid, tissue, gap
        self.blocked = _dilate(tissue != VISCERAL_FAT, gap) if gap else tissue != VISCERAL_FAT
        self.boxes: dict[str, Box] = {}

    def rasterize(self, shape: _Shape) -> tuple[Box, np.ndarray] | None:
        """Voxels of `shape` that keep `gap` fat voxels from everything placed so far (largest piece)."""
        box = self.grid.box(*shape.bounds())
        if box is None:
            return None
        fits = (shape.level(*self.grid.coords(box)) <= 1) & ~self.blocked[box]
        return box, _largest_component(fits)

    def place(self, name: str, box: Box, mask: np.ndarray, code: int | None = None) -> None:
        """Paint a structure (`code`: a tissue code instead of the structure's own label)."""
        if not mask.any():
            raise RuntimeError(f"the {name} does not fit in the field of view {self.grid.shape!r}")
        self.tissue[box][mask] = _LABEL[name] if code is None else code
        self.mark(box, mask)
        self.boxes[name] = _bbox_union(self.boxes.get(name), box)

    def mark(self, box: Box, mask: np.ndarray) -> None:
        if not self.gap:
            self.blocked[box] |= mask
            return
        padded = _pad(box, self.grid.shape, self.gap)
        local = np.zeros([s.stop - s.start for s in padded], dtype=bool)
        local[tuple(slice(b.start - p.start, b.stop - p.start) for b, p in zip(box, padded, strict=True))] = mask
        self.blocked[padded] |= _dilate(local, self.gap)




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


def _lesion_plan(spec: PhantomSpec, rng: np.random.Generator,
                 organ_hu: dict[str, int] | None = None) -> dict[str, list[tuple[str, float, float]]]:
    """Per organ, the lesions to place after it: (mask name, longest axial diameter mm, HU), largest first."""
    liver = spec.liver_lesion_diameters_mm
    if liver is None:
        liver = tuple(float(d) for d in rng.uniform(12.0, 30.0, size=spec.liver_lesions))
    liver_hu = spec.liver_lesion_hu  # a varied liver keeps the spec's lesion-to-liver contrast
    if organ_hu is not None:
        liver_hu += organ_hu["liver"] - _organ_hu(spec)["liver"]
    if spec.liver_lesion_contrasts_hu is None:
        drawn = [(d, liver_hu) for d in liver]
    else:
        base = (organ_hu or _organ_hu(spec))["liver"]
        drawn = [(d, base + c) for d, c in zip(liver, spec.liver_lesion_contrasts_hu, strict=True)]
    plan: dict[str, list[tuple[str, float, float]]] = {
        "liver": [("liver_tumor", d, hu) for d, hu in sorted(drawn, key=lambda x: -x[0])]}
    if spec.kidney_lesion != "none":
        name, hu = ("kidney_cyst", 5.0) if spec.kidney_lesion == "cyst" else ("kidney_tumor", 60.0)
        plan[f"kidney_{spec.kidney_lesion_side}"] = [(name, spec.kidney_lesion_diameter_mm, hu)]
    if spec.pancreatic_tumor_mm is not None:
        plan["pancreas"] = [("pancreas_tumor", spec.pancreatic_tumor_mm, (organ_hu or _organ_hu(spec))["pancreas"] + spec.pancreatic_tumor_contrast_hu)]
    return plan
