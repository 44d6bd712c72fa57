"""Studies of one phantom patient over time: the same anatomy with each lesion grown, shrunk or removed.

    make_phantom(current, PhantomSpec(seed=5, liver_lesions=2, liver_lesion_diameters_mm=(30, 20)))
    derive_study(current, prior, factors=(0.7, 0.7))      # the prior: every lesion at 70% of its size

Two independent phantoms with different lesion sizes place their lesions in different places,
so they cannot be compared lesion by lesion. `derive_study` keeps the source's CT and masks and
rescales each lesion instance (connected component of a lesion mask, largest first) about its
centre in physical space: a factor above 1 grows it (inside its organ), below 1 shrinks it, 0
removes it. Voxels a lesion leaves become organ parenchyma (the organ's mean HU plus noise of its
spread); voxels it takes get the lesion's HU. The organ mask (which holds its lesions, as in
AbdomenAtlas) and every other mask are copied.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np
from scipy import ndimage


def derive_study(source: Path, out: Path, factors: Sequence[float], *, mask: str = "liver_tumor",
                 organ: str = "liver", seed: int = 0) -> dict[str, Any]:
    """Writes a study like `source` with each instance of `mask` scaled by `factors[i]` (largest first).

    Args:
        source: A case folder (`ct.nii.gz`, `segmentations/`), e.g. written by `make_phantom`.
        out: The new case folder (created; same layout).
        factors: One linear scale per lesion instance, largest first; missing ones stay 1.0.
        mask: The lesion mask to edit.
        organ: The organ mask holding those lesions.
        seed: Seed of the parenchyma noise.

    Returns:
        The longest axial diameters are not recomputed here; returns the scale applied per instance
        and the voxel counts before and after.

    Raises:
        ValueError: a factor is negative.
    """
    if any(f < 0 for f in factors):
        raise ValueError(f"factors={list(factors)!r}: a lesion scale is >= 0 (0 removes the lesion)")
    source, out = Path(source), Path(out)
    shutil.copytree(source, out, dirs_exist_ok=True)
    (out / "ground_truth.json").unlink(missing_ok=True)  # the source's truth no longer holds
    ct_img = nib.load(source / "ct.nii.gz")
    ct = np.asanyarray(ct_img.dataobj).astype(np.float32)
    spacing = np.asarray(ct_img.header.get_zooms()[:3], dtype=float)
    lesion_img = nib.load(source / "segmentations" / f"{mask}.nii.gz")
    lesions = np.asanyarray(lesion_img.dataobj) > 0
    host = np.asanyarray(nib.load(source / "segmentations" / f"{organ}.nii.gz").dataobj) > 0
    labels, count = ndimage.label(lesions, structure=np.ones((3, 3, 3), dtype=bool))
    sizes = ndimage.sum(lesions, labels, range(1, count + 1))
    order = [int(i) + 1 for i in np.argsort(-np.asarray(sizes), kind="stable")]
    rng = np.random.default_rng(seed)
    parenchyma = ct[host & ~lesions]
    new_lesions = np.zeros_like(lesions)
    applied = []
    for rank, label in enumerate(order):
        factor = float(factors[rank]) if rank < len(factors) else 1.0
        component = labels == label
        scaled = _scaled(component, factor, spacing) & (host | component)
        new_lesions |= scaled
        applied.append({"instance": rank + 1, "factor": factor, "voxels_before": int(component.sum()),
                        "voxels_after": int(scaled.sum()), "lesion_hu": float(ct[component].mean())})
        gained = scaled & ~component
        ct[gained] = ct[component].mean() + rng.normal(0.0, ct[component].std() + 1e-3, int(gained.sum()))
    freed = lesions & ~new_lesions
    ct[freed] = parenchyma.mean() + rng.normal(0.0, parenchyma.std(), int(freed.sum()))
    _save(ct.astype(np.asanyarray(ct_img.dataobj).dtype), ct_img, out / "ct.nii.gz")
    _save(new_lesions.astype(np.uint8), lesion_img, out / "segmentations" / f"{mask}.nii.gz")
    return {"source": str(source), "mask": mask, "instances": applied}


def _scaled(component: np.ndarray, factor: float, spacing: np.ndarray) -> np.ndarray:
    """The component scaled by `factor` about its centre in physical space (nearest-voxel mapping)."""
    out = np.zeros_like(component)
    if factor == 0 or not component.any():
        return out
    idx = np.argwhere(component)
    centre = idx.mean(axis=0)
    reach = (np.abs(idx - centre).max(axis=0) + 1) * max(factor, 1.0) + 1
    lo = np.maximum(np.floor(centre - reach).astype(int), 0)
    hi = np.minimum(np.ceil(centre + reach).astype(int) + 1, component.shape)
    grid = np.stack(np.meshgrid(*[np.arange(a, b) for a, b in zip(lo, hi, strict=True)], indexing="ij"), axis=-1)
    mm = (grid - centre) * spacing
    source = np.rint(centre + mm / factor / spacing).astype(int)
    inside = np.all((source >= 0) & (source < component.shape), axis=-1)
    hit = np.zeros(grid.shape[:-1], dtype=bool)
    picked = source[inside]
    hit[inside] = component[picked[:, 0], picked[:, 1], picked[:, 2]]
    out[lo[0]:hi[0], lo[1]:hi[1], lo[2]:hi[2]] = hit
    return out


def _save(array: np.ndarray, like: Any, path: Path) -> None:
    """Writes `array` with the header and affine of `like` (same orientation and forms)."""
    img = nib.Nifti1Image(array, like.affine, like.header)
    img.set_data_dtype(array.dtype)
    nib.save(img, path)
