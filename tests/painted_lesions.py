"""Lesions painted where a test chooses on a `make_phantom` case: across sub-segment boundaries (Couinaud segments,
pancreas head/body/tail), so a lesion's voxel shares over sub-segments are known by construction.

A lesion is a ball (physical mm) centred on a voxel where two or three sub-segments meet, clipped to its organ; its CT
voxels are set to the organ's mean HU plus `contrast_hu`. The shares are counted back here from the written files,
never by the measurement code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import nibabel as nib
import numpy as np
from scipy import ndimage


@dataclass(frozen=True)
class Painted:
    """One painted lesion: its sub-segment shares (largest first) and its voxel count."""

    shares: dict[str, float]
    voxels: int

    def held(self, cut: float = 0.10) -> list[str]:
        """Every sub-segment holding more than `cut` of the lesion, largest share first."""
        return [name for name, share in self.shares.items() if share > cut]


def _load(folder: Path, name: str) -> np.ndarray:
    return np.asanyarray(nib.load(folder / "segmentations" / f"{name}.nii.gz").dataobj) > 0


load_mask = _load
"""A case's mask `name` as a boolean array, as stored (for a test's own ground truth)."""


def kidney_holding(folder: Path, lesion_mask: str) -> str:
    """`left` or `right`: the kidney holding most of a lesion mask's voxels, read from the written masks."""
    lesion = _load(folder, lesion_mask)
    return max(("left", "right"), key=lambda side: int((lesion & _load(folder, f"kidney_{side}")).sum()))


def meeting_points(folder: Path, parts: Sequence[str], inside: str, margin_vox: int = 2) -> np.ndarray:
    """Voxels (ijk of the stored grid) of organ `inside` within `margin_vox` of every sub-segment in `parts`."""
    organ = ndimage.binary_erosion(_load(folder, inside), iterations=1)
    near = organ.copy()
    for part in parts:
        near &= ndimage.binary_dilation(_load(folder, part), iterations=margin_vox)
    return np.argwhere(near)


def paint(folder: Path, lesion_mask: str, organ: str, centres: Sequence[Sequence[int]], radii_mm: Sequence[float],
          subsegments: Sequence[str], contrast_hu: float = -45.0) -> list[Painted]:
    """Writes `lesion_mask` with one ball per centre (clipped to `organ`) and darkens the CT there.

    Returns each lesion's shares over `subsegments` (largest first), counted from the written masks.
    """
    ct_img = nib.load(folder / "ct.nii.gz")
    ct = np.asanyarray(ct_img.dataobj).astype(np.float32)
    spacing = np.asarray(ct_img.header.get_zooms()[:3], dtype=float)
    host = _load(folder, organ)
    lesion_img = nib.load(folder / "segmentations" / f"{lesion_mask}.nii.gz") \
        if (folder / "segmentations" / f"{lesion_mask}.nii.gz").exists() else None
    grid = np.indices(host.shape, dtype=np.float32)
    out = np.zeros(host.shape, dtype=bool)
    balls = []
    for centre, radius in zip(centres, radii_mm, strict=True):
        dist2 = sum(((grid[a] - centre[a]) * spacing[a]) ** 2 for a in range(3))
        ball = (dist2 <= radius ** 2) & host & ~ndimage.binary_dilation(out, iterations=2)
        balls.append(ball)
        out |= ball
    organ_hu = float(np.median(ct[host & ~out]))
    ct[out] = organ_hu + contrast_hu
    nib.save(nib.Nifti1Image(np.rint(ct).astype(np.asanyarray(ct_img.dataobj).dtype), ct_img.affine, ct_img.header),
             folder / "ct.nii.gz")
    like = lesion_img if lesion_img is not None else ct_img
    nib.save(nib.Nifti1Image(out.astype(np.uint8), like.affine), folder / "segmentations" / f"{lesion_mask}.nii.gz")
    parts = {name: _load(folder, name) for name in subsegments}
    painted = []
    for ball in balls:
        n = int(ball.sum())
        shares = {name: float((ball & mask).sum()) / n for name, mask in parts.items()}
        painted.append(Painted(dict(sorted(((k, v) for k, v in shares.items() if v > 0), key=lambda kv: -kv[1])), n))
    return painted


def interior_points(folder: Path, part: str, depth_vox: int = 3) -> np.ndarray:
    """Voxels (ijk) at least `depth_vox` voxels inside sub-segment `part` (a lesion there lies in it alone)."""
    return np.argwhere(ndimage.binary_erosion(_load(folder, part), iterations=depth_vox))


def paint_grown(case: Path, grown: np.ndarray, drawn: np.ndarray) -> None:
    """Writes a drawn lesion's mean HU into the voxels its mask was grown over (`case/ct.nii.gz`, same grid): a solid
    tumour grown to reach a vessel, not the fat it was grown over (a mask over fat reads as fluid, no tumour:
    `agents.reasoners.asked_kind.PLAINLY_FLUID_HU`)."""
    import nibabel as nib

    ct_img = nib.load(str(case / "ct.nii.gz"))
    ct = ct_img.get_fdata().astype(np.float32)
    ct[grown] = float(ct[drawn].mean())
    nib.save(nib.Nifti1Image(ct, ct_img.affine), str(case / "ct.nii.gz"))
