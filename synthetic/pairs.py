"""Studies of one phantom patient over time: the same anatomy with each lesion grown, shrunk or removed.

    make_phantom(current, PhantomSpec(seed=5, liver_lesions=2, liver_lesion_diameters_mm=(30, 20)))
    derive_study(current, prior, factors=(0.7, 0.7))      # the prior: every lesion at 70% of its size

Two independent phantoms with different lesion sizes place their lesions in different places,
so they cannot be compared lesion by lesion. `derive_study` keeps the source's CT and masks and
rescales each lesion instance (connected component of a lesion mask, largest first) about its
centre in physical space: a factor above 1 grows it (inside its organ), below 1 shrinks it, 0
removes it. Voxels a lesion leaves become organ parenchyma (the organ's mean HU plus noise of its
spread); voxels it takes get the lesion's HU. The organ mask (which holds its lesions, as in
AbdomenAtlas) and every other mask are copied. The new study is another acquisition: its CT gets
independent image noise (`RESCAN_NOISE_HU`) on top, so even with every factor 1.0 it never repeats the
source voxel for voxel (triage refuses a prior that does: one scan handed in twice).
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np
from scipy import ndimage

LIVER = {"liver_tumor": ("liver",)}
EVERY_LESION = {"liver_tumor": ("liver",), "pancreas_tumor": ("pancreas",),
                "kidney_tumor": ("kidney_left", "kidney_right"), "kidney_cyst": ("kidney_left", "kidney_right")}
"""Lesion masks and the organ masks that hold them (AbdomenAtlas names)."""
RESCAN_NOISE_HU = 2.0
"""SD of the independent noise a second acquisition adds (HU): small beside the phantom's own texture,
so mean attenuations move by hundredths of a HU."""


def derive_study(source: Path, out: Path, factors: Sequence[float], *,
                 lesions: Mapping[str, Sequence[str]] = LIVER, seed: int = 0) -> dict[str, Any]:
    """Writes a study like `source` with each lesion instance scaled by `factors[i]` (largest first).

    Args:
        source: A case folder (`ct.nii.gz`, `segmentations/`), e.g. written by `make_phantom`.
        out: The new case folder (created; same layout).
        factors: One linear scale per lesion instance of each mask, largest first; missing ones stay 1.0.
        lesions: The lesion masks to edit, each with the organ masks that hold it.
        seed: Seed of the parenchyma noise.

    Returns:
        The scale applied per instance, with voxel counts before and after, by lesion mask.

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
    rng = np.random.default_rng(seed)
    applied: dict[str, list[dict[str, Any]]] = {}
    for mask, organs in lesions.items():
        path = source / "segmentations" / f"{mask}.nii.gz"
        host_paths = [source / "segmentations" / f"{o}.nii.gz" for o in organs]
        if not path.exists() or not all(p.exists() for p in host_paths):
            continue
        lesion_img = nib.load(path)
        found = np.asanyarray(lesion_img.dataobj) > 0
        host = np.any([np.asanyarray(nib.load(p).dataobj) > 0 for p in host_paths], axis=0)
        edited, applied[mask] = _rescale(ct, found, host, factors, spacing, rng)
        _save(edited.astype(np.uint8), lesion_img, out / "segmentations" / f"{mask}.nii.gz")
    ct += rng.normal(0.0, RESCAN_NOISE_HU, ct.shape).astype(np.float32)  # another acquisition, another noise
    _save(np.rint(ct).astype(np.asanyarray(ct_img.dataobj).dtype), ct_img, out / "ct.nii.gz")
    return {"source": str(source), "lesions": applied}


def _rescale(ct: np.ndarray, lesions: np.ndarray, host: np.ndarray, factors: Sequence[float], spacing: np.ndarray,
             rng: np.random.Generator) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Rescales each instance of `lesions` inside `host`, repainting `ct` in place; returns the new mask."""
    labels, count = ndimage.label(lesions, structure=np.ones((3, 3, 3), dtype=bool))
    sizes = ndimage.sum(lesions, labels, range(1, count + 1))
    order = [int(i) + 1 for i in np.argsort(-np.asarray(sizes), kind="stable")]
    parenchyma = ct[host & ~lesions]
    new_lesions = np.zeros_like(lesions)
    applied = []
    for rank, label in enumerate(order):
        factor = float(factors[rank]) if rank < len(factors) else 1.0
        component = labels == label
        scaled = _scaled(component, factor, spacing) & (host | component)
        new_lesions |= scaled
        applied.append({"instance": rank + 1, "factor": factor, "voxels_before": int(component.sum()),
                        "voxels_after": int(scaled.sum())})
        gained = scaled & ~component
        ct[gained] = ct[component].mean() + rng.normal(0.0, ct[component].std() + 1e-3, int(gained.sum()))
    freed = lesions & ~new_lesions
    if freed.any() and parenchyma.size:
        ct[freed] = parenchyma.mean() + rng.normal(0.0, parenchyma.std(), int(freed.sum()))
    return new_lesions, applied


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
