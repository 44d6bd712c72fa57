"""Phantom cases with several pancreatic lesions of known kinds, and AbdomenAtlas 3.0 typed masks written or not.

A `clinorch phantom` case (any seed, orientation, spacing) gets two or three lesions painted inside its pancreas,
each a ball clipped to the gland with the attenuation of its kind; `pancreas_tumor` holds them all and the typed
masks (`pancreatic_cyst`, `pancreatic_pdac`, `pancreatic_pnet`) hold each kind: every one written ("all"), only the
non-empty ones ("present", an incomplete set), or none ("none"); or, as PanTS and AbdomenAtlas 1.1 write them
("split"), the cysts in their own `pancreas_cyst` mask beside `pancreas_tumor`, which then holds only the solid ones;
or the cysts only in the typed `pancreatic_cyst` ("subtype"), and with all lesions again in `pancreatic_lesion` beside
them ("union", AbdomenAtlas 3.0's organ lesion file). The truth of each lesion is read back from the
painted voxels (volume, mean HU), never from clinorch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nibabel as nib
import numpy as np
from scipy import ndimage

KIND_HU = {"PDAC": 33.0, "PNET": 95.0, "cyst": 5.0, "pseudocyst": 25.0, "fluid PDAC": 14.0}
"""Each kind's attenuation in a phantom pancreas of ~45 HU: a hypoattenuating solid mass above the 30 HU fluid band,
a hyperattenuating one, a fluid cyst, a cyst of 21-30 HU (the content criterion leaves it indeterminate), and a PDAC as
dark as fluid (a necrotic carcinoma: only its typed mask says what it is)."""
TYPED_MASK = {"PDAC": "pancreatic_pdac", "PNET": "pancreatic_pnet", "cyst": "pancreatic_cyst",
              "pseudocyst": "pancreatic_cyst", "fluid PDAC": "pancreatic_pdac"}


@dataclass
class PaintedLesion:
    kind: str
    volume_ml: float
    mean_hu: float
    voxels: int


def _positions(pancreas: np.ndarray, zooms: np.ndarray, count: int) -> list[np.ndarray]:
    """Voxel centres spread along the gland's long axis (its first principal direction in mm)."""
    points = np.argwhere(pancreas)
    mm = points * zooms
    centre = mm.mean(axis=0)
    _, _, axes = np.linalg.svd(mm - centre, full_matrices=False)
    along = (mm - centre) @ axes[0]
    out = []
    for share in np.linspace(0.2, 0.8, count):
        target = np.quantile(along, share)
        near = np.argsort(np.abs(along - target))[:400]  # the thickest part of the gland at that place
        depth = np.linalg.norm(mm[near] - mm[near].mean(axis=0), axis=1)
        out.append(points[near[np.argmin(depth)]])
    return out


def make_case(out: Path, seed: int, orientation: str, spacing: tuple[float, float, float],
              lesions: list[tuple[str, float]], typed: str) -> list[PaintedLesion]:
    """A phantom at `out` with `lesions` ((kind, ball diameter mm), in place order along the gland) painted into its
    pancreas and the typed masks written as `typed` says ("all", "present", "none"). Returns each lesion's truth, in
    the order given."""
    from synthetic.phantom import PhantomSpec, make_phantom

    make_phantom(out, PhantomSpec(seed=seed, orientation=orientation, spacing=spacing, liver_lesions=0))
    seg = out / "segmentations"
    ct_img = nib.load(str(out / "ct.nii.gz"))
    ct = np.asarray(ct_img.dataobj).astype(np.float32)
    pancreas = np.asarray(nib.load(str(seg / "pancreas.nii.gz")).dataobj) > 0
    zooms = np.array(ct_img.header.get_zooms()[:3], dtype=float)
    rng = np.random.default_rng(seed)
    grid = np.indices(ct.shape).reshape(3, -1).T
    tumour = np.zeros(ct.shape, dtype=bool)
    kinds: dict[str, np.ndarray] = {m: np.zeros(ct.shape, dtype=bool) for m in set(TYPED_MASK.values())}
    truth = []
    for (kind, diameter), centre in zip(lesions, _positions(pancreas, zooms, len(lesions)), strict=True):
        ball = (np.linalg.norm((grid - centre) * zooms, axis=1) <= diameter / 2).reshape(ct.shape) & pancreas
        ball &= ~ndimage.binary_dilation(tumour, structure=np.ones((3, 3, 3)), iterations=2)  # never merged with an earlier lesion
        ct[ball] = KIND_HU[kind] + rng.normal(0.0, 6.0, int(ball.sum()))
        tumour |= ball
        kinds[TYPED_MASK[kind]] |= ball
        voxel_ml = float(np.prod(zooms)) / 1000.0
        truth.append(PaintedLesion(kind, float(ball.sum()) * voxel_ml, float(ct[ball].mean()), int(ball.sum())))
    nib.save(nib.Nifti1Image(np.round(ct).astype(np.int16), ct_img.affine, ct_img.header), str(out / "ct.nii.gz"))
    mask_header = nib.load(str(seg / "pancreas_tumor.nii.gz"))
    cysts = kinds["pancreatic_cyst"] if typed in ("split", "subtype", "union") else np.zeros_like(tumour)
    nib.save(nib.Nifti1Image((tumour & ~cysts).astype(np.uint8), mask_header.affine, mask_header.header),
             str(seg / "pancreas_tumor.nii.gz"))
    if typed == "split":
        nib.save(nib.Nifti1Image(cysts.astype(np.uint8), mask_header.affine, mask_header.header),
                 str(seg / "pancreas_cyst.nii.gz"))
    for name, mask in kinds.items():
        if typed in ("all", "subtype", "union") or typed == "present" and mask.any():
            nib.save(nib.Nifti1Image(mask.astype(np.uint8), mask_header.affine, mask_header.header),
                     str(seg / f"{name}.nii.gz"))
    if typed == "union":
        nib.save(nib.Nifti1Image(tumour.astype(np.uint8), mask_header.affine, mask_header.header),
                 str(seg / "pancreatic_lesion.nii.gz"))
    (out / "ground_truth.json").unlink(missing_ok=True)  # the phantom's own truth no longer holds for the pancreas
    return truth
