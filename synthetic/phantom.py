"""Synthetic abdominal CT phantoms in the AbdomenAtlas layout, with exact ground truth.

`make_phantom` writes one case for a `PhantomSpec`: ``ct.nii.gz`` (int16 HU),
``segmentations/<name>.nii.gz`` (uint8) and ``ground_truth.json``. `random_spec` draws a spec that
varies what real abdomens and scanners vary (see `synthetic.phantom_random`). The pieces:

- `phantom_spec`: the spec and the voxel grid (template frame <-> canonical RAS);
- `phantom_shapes`: implicit shapes and voxel-box helpers;
- `phantom_anatomy`: the patient (body, spine, lungs, organs, bowel) and its HU, its variation;
- `phantom_lesions`: placing organs and lesions on the label volume;
- `phantom_reference`: the oracle that measures the written files (`reference_measurements`).

Organs are placed in priority order, each kept one fat voxel away from everything placed before it
(touching it when the spec is randomised).
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np
from nibabel.orientations import axcodes2ornt, ornt_transform
from scipy import ndimage

from synthetic.phantom_anatomy import (
    _BOWEL_WALL_MM,
    _LABEL,
    _PLACEMENT,
    _SLAB,
    _STOMACH_AIR_HU,
    _STOMACH_AIR_LEVEL_Y,
    _STOMACH_FLUID_HU,
    _STOMACH_WALL_MM,
    BOWEL,
    _Anatomy,
    _background_hu,
    _body_tissue,
    _couinaud,
    _draw_anatomy,
    _draw_variation,
    _medulla_hu,
    _organ_hu,
    _pancreas_part,
    _Variation,
)
from synthetic.phantom_lesions import _Canvas, _Lesion, _lesion_plan, _place_lesion, _place_spleen
from synthetic.phantom_random import random_spec
from synthetic.phantom_reference import (
    lesion_instances,
    longest_axial_diameter,
    lookup_truth,
    organ_measurements,
    reference_measurements,
)
from synthetic.phantom_spec import (
    LESION_GROUPS,
    LESION_MASKS,
    LIVER_SEGMENTS,
    ORGANS,
    PANCREAS_PARTS,
    SPLEEN_BANDS_ML,
    SUBSEGMENTS,
    Box,
    PhantomSpec,
    _Grid,
)

__all__ = [
    "LESION_GROUPS",
    "LESION_MASKS",
    "LIVER_SEGMENTS",
    "ORGANS",
    "PANCREAS_PARTS",
    "SPLEEN_BANDS_ML",
    "PhantomSpec",
    "lesion_instances",
    "longest_axial_diameter",
    "lookup_truth",
    "make_phantom",
    "organ_measurements",
    "random_spec",
    "reference_measurements",
]

_SCHEMA = "clinorch.phantom.ground_truth/1"


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
    streams = np.random.SeedSequence(spec.seed).spawn(4)  # the first three streams are those of a fixed spec
    anatomy_rng, lesion_rng, noise_rng = (np.random.default_rng(s) for s in streams[:3])
    variation = _draw_variation(np.random.default_rng(streams[3])) if spec.randomise else None
    anatomy = _draw_anatomy(anatomy_rng, variation)
    if spec.subcutaneous_fat_mm is not None:  # the outline moves with the fat; the wall and what it holds stay
        lost = anatomy.body["fat"] - spec.subcutaneous_fat_mm
        anatomy = replace(anatomy, body={**anatomy.body, "a": anatomy.body["a"] - lost, "b": anatomy.body["b"] - lost,
                                         "fat": spec.subcutaneous_fat_mm})
    canvas = _Canvas(grid, _body_tissue(grid, anatomy.body), gap=0 if variation else 1)
    plan = _lesion_plan(spec, lesion_rng, _organ_hu(spec, variation) if variation else None)
    lesions: list[_Lesion] = []
    for organ in _PLACEMENT:
        try:
            _place_organ(canvas, anatomy, organ, spec)
        except (RuntimeError, ValueError):
            if variation is None:
                raise
            continue  # partial coverage: the field of view misses this organ
        for mask_name, diameter, hu in plan.get(organ, []):
            try:
                lesions.append(_place_lesion(canvas, lesions, lesion_rng, mask_name, organ, diameter, hu))
            except ValueError:
                if variation is None:
                    raise
    if variation is not None:
        _place_bowel(canvas, variation)
    del canvas.blocked
    subsegments = {}
    for organ, partition in (("liver", lambda x, y, z: _couinaud(*anatomy.liver_frame(x, y, z), anatomy.caudate)),
                             ("pancreas", lambda x, y, z: _pancreas_part(x))):
        if organ not in canvas.boxes:
            continue
        box = canvas.boxes[organ]
        parts = np.broadcast_to(partition(*grid.coords(box)), canvas.tissue[box].shape).copy()
        parts[canvas.tissue[box] != _LABEL[organ]] = 0
        subsegments[organ] = (box, parts)
    ct = _paint(spec, grid, canvas, anatomy, lesions, noise_rng, variation)
    return _Drawing(grid, canvas.tissue, canvas.boxes, lesions, subsegments, ct)


def _place_organ(canvas: _Canvas, anatomy: _Anatomy, organ: str, spec: PhantomSpec) -> None:
    if organ == "spleen":
        _place_spleen(canvas, anatomy, spec.splenomegaly)
        return
    placed = canvas.rasterize(anatomy.organs[organ])
    if placed is None:
        raise RuntimeError(f"the {organ} lies outside the field of view {canvas.grid.shape!r}")
    canvas.place(organ, *placed)


def _place_bowel(canvas: _Canvas, variation: _Variation) -> None:
    """Bowel loops in whatever room the organs left; they touch the organs and each other."""
    for n, loop in enumerate(variation.bowel):
        placed = canvas.rasterize(loop)
        if placed is not None and np.count_nonzero(placed[1]) > 8:
            canvas.place(f"bowel_{n}", *placed, code=BOWEL)


def _paint(spec: PhantomSpec, grid: _Grid, canvas: _Canvas, anatomy: _Anatomy, lesions: list[_Lesion],
           rng: np.random.Generator, variation: _Variation | None = None) -> np.ndarray:
    """Hounsfield units: a value per tissue, kidney medulla, stomach and bowel wall / fluid / gas, lesions, noise."""
    lut = np.zeros(256, dtype=np.int16)
    for code, hu in _background_hu(variation).items():
        lut[code] = hu
    for organ, hu in _organ_hu(spec, variation).items():
        lut[_LABEL[organ]] = hu
    tissue = canvas.tissue
    ct = np.empty(grid.shape, dtype=np.int16, order="F")
    for k in range(0, grid.shape[2], _SLAB):
        ct[:, :, k:k + _SLAB] = lut[tissue[:, :, k:k + _SLAB]]
    medulla_hu = _medulla_hu(spec, variation)
    for kidney, medulla in anatomy.medulla.items():
        if kidney in canvas.boxes:
            box = canvas.boxes[kidney]
            ct[box][(medulla.level(*grid.coords(box)) <= 1) & (tissue[box] == _LABEL[kidney])] = medulla_hu
    stomach_gas = _STOMACH_AIR_LEVEL_Y if spec.stomach_gas_y_mm is None else spec.stomach_gas_y_mm
    hollow = [("stomach", _LABEL["stomach"], _STOMACH_WALL_MM, stomach_gas)]
    if variation is not None:
        hollow += [(f"bowel_{n}", BOWEL, _BOWEL_WALL_MM, gas) for n, gas in enumerate(variation.bowel_gas)]
    for name, code, wall_mm, gas_level in hollow:
        if name not in canvas.boxes:
            continue
        box = canvas.boxes[name]
        inside = tissue[box] == code
        lumen = ndimage.distance_transform_edt(inside, sampling=grid.spacing) > wall_mm
        air = np.broadcast_to(grid.coords(box)[1] > gas_level, lumen.shape)
        ct[box][lumen & ~air] = _STOMACH_FLUID_HU
        ct[box][lumen & air] = round(variation.gas_hu) if variation else _STOMACH_AIR_HU
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
    """One AbdomenAtlas mask of the drawing as a full uint8 volume (empty when the organ is out of view)."""
    if name in _LABEL:
        return (drawing.tissue == _LABEL[name]).view(np.uint8)
    mask = np.zeros(drawing.grid.shape, dtype=np.uint8, order="F")
    for lesion in drawing.lesions:
        if lesion.mask_name == name:
            mask[lesion.box][lesion.mask] = 1
    for organ, names in SUBSEGMENTS.items():
        if name in names and organ in drawing.subsegments:
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


def make_phantom(out_dir: Path, spec: PhantomSpec | None = None) -> dict[str, Any]:
    """Write a phantom case in the AbdomenAtlas layout and return the ground truth it wrote.

    Args:
        out_dir: Case folder (created); gets ``ct.nii.gz``, ``segmentations/`` and ``ground_truth.json``.
        spec: What to draw (default: `PhantomSpec()`).

    Returns:
        The content of ``ground_truth.json``: `reference_measurements` of the written files, plus the
        spec and the geometry.

    Raises:
        ValueError: The requested lesions or spleen do not fit in the field of view (fixed specs only).
    """
    out_dir, spec = Path(out_dir), spec or PhantomSpec()
    (out_dir / "segmentations").mkdir(parents=True, exist_ok=True)
    drawing = _draw(spec)
    _write_case(drawing, out_dir, spec.orientation)
    del drawing  # free the volumes before reading the files back
    truth = {"schema": _SCHEMA, "spec": asdict(spec), **reference_measurements(out_dir)}
    (out_dir / "ground_truth.json").write_text(json.dumps(truth, indent=2, allow_nan=False) + "\n")
    return truth

