"""Multi-atlas segmentation: anatomy carried by registered example abdomens, not by HU rules.

    segmenter = get_segmenter("atlas")                  # CLI: --segmenter atlas
    segmenter = get_segmenter("atlas", atlases=4, step_mm=4.0)

Per case (`AtlasSegmenter.segment`):

1. The CT is resampled in physical space (its header's affine: any storage order, tilt or voxel size) to a coarse
   grid of `step_mm` (4 mm).
2. Each atlas of `atlas_library.library()` (lesion-free randomised phantoms with organ labels) is registered to it
   (`atlas_register.register`: body-centre start, affine on mutual information, demons), its labels warped.
3. Fusion: each organ's vote share over the atlases, smoothed and interpolated (linear) onto the image's own grid,
   is the prior; this image's HU about each organ's own median the likelihood (`atlas_fusion.label`); every voxel
   takes the most probable class, then each organ its generous HU range, largest 26-connected piece, holes filled.
   The aorta and IVC come from the classical segmenter's vessel rule where it finds them, the kidneys where
   the classical segmenter's agree with the fused ones (`atlas_vessels`).
4. Lesions: the classical lesion search (`classical._lesion_masks`) on the fused liver, kidneys and pancreas on the
   classical segmenter's ~3 mm grid, then `lesion_search.vouch` (a found lesion exists; its count is a lower bound).

Voxels mirrored front to back against their header (the vertebral column anterior by it: `classical_spine`) are
turned back before all this and the masks turned again after, as the classical backend does (`details["orientation"]`).

Output contract as the classical backend's: masks on the image's grid (canonical RAS, the image's affine), an
organ the fusion leaves empty is reported in `details["landmarks"]["not_found"]` with the reason, and
`details["provenance"][name]` says how each mask was made. Deterministic (fixed sampling seeds). Cost: about
4-8 s per atlas on one core for a 2 M-voxel case; the atlases themselves take 0.2 s each to draw, once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import SimpleITK as sitk

from agents.segmenters.atlas_fusion import label
from agents.segmenters.atlas_library import ATLAS_ORGANS, ATLAS_SEEDS, library
from agents.segmenters.atlas_register import BODY_HU, coarse_grid, from_sitk, register, set_geometry, to_sitk
from agents.segmenters.atlas_vessels import classical_where_agreed
from agents.segmenters.base import Segmentation, SegmenterError
from agents.segmenters.classical import _lesion_masks, body_mask
from agents.segmenters.classical_grid import GRID_MM, block_factors, block_mean, upsample
from agents.segmenters.classical_spine import MIRRORED_NOTE, mirrored_front_to_back
from agents.segmenters.lesion_search import vouch
from agents.segmenters.provided import wanted
from imaging.volume import Image, LabelMap

DEFAULT_ATLASES = 4
"""Atlases registered per case by default (of the library's six): the time per case grows with each."""
STEP_MM = 4.0
"""Voxel size of the grid the atlases are registered on."""
PRIOR_SIGMA_MM = 3.0
"""How far (Gaussian sigma, mm) an organ's boundary may move from where the atlases put it."""
NOT_FOUND = ("the registered atlases do not agree on a {organ} in this field of view (fewer than half of them map one "
             "here, or what they map is fat, air or bone at this image's HU): give the organ's mask or use a model backend")


class AtlasSegmenter:
    """Multi-atlas registration and label fusion (see the module docstring)."""

    name = "atlas"

    def __init__(self, atlases: int | str = DEFAULT_ATLASES, step_mm: float | str = STEP_MM,
                 deformable: bool | str = True) -> None:
        """`atlases`: how many of the library's atlases to use (1-6); `step_mm`: the registration grid's voxel (mm);
        `deformable`: False stops after the affine stage."""
        self.atlases = int(atlases)
        if not 1 <= self.atlases <= len(ATLAS_SEEDS):
            raise ValueError(f"atlases={atlases!r}: expected 1 to {len(ATLAS_SEEDS)}")
        self.step_mm = float(step_mm)
        self.deformable = str(deformable).lower() not in ("false", "0", "no")

    def segment(self, image: Image, structures: Sequence[str] | None = None) -> Segmentation:
        """Organs (by atlas fusion), body, and lesions of the liver, kidneys and pancreas, on `image`'s grid.

        Raises:
            SegmenterError: the image is not a 3D volume with an affine.
        """
        if image.array.ndim != 3 or image.spacing is None or image.affine is None:
            raise SegmenterError(f"image {image.source!r} is not a 3D volume with geometry; the atlas segmenter needs CT")
        spacing = np.asarray(image.spacing, dtype=np.float64)
        factors = block_factors(spacing, image.array.shape, GRID_MM)
        coarse = block_mean(image.array, factors)
        if not mirrored_front_to_back(coarse, body_mask(coarse), spacing * np.asarray(factors)):
            return self._segment(image, structures)
        # the spine lies anterior by the header (`classical_spine`): register the voxels turned front to back
        turned = self._segment(replace(image, array=np.ascontiguousarray(image.array[:, ::-1, :])), structures)
        masks = {name: replace(mask, array=np.ascontiguousarray(mask.array[:, ::-1, :]))
                 for name, mask in turned.masks.items()}
        return Segmentation(masks, self.name, {**turned.details, "orientation": MIRRORED_NOTE})

    def _segment(self, image: Image, structures: Sequence[str] | None) -> Segmentation:
        """`segment` on an image whose spine lies posterior by its header."""
        assert image.spacing is not None and image.affine is not None
        started = time.perf_counter()
        affine = np.asarray(image.affine, dtype=np.float64)
        ct = np.asarray(image.array, dtype=np.float32)
        case = coarse_grid(to_sitk(ct, affine), self.step_mm)
        votes, used, failed = self._votes(case)
        voxel_ml = float(np.prod(image.spacing)) / 1000.0
        organs, models = label(_shares(votes, ct.shape, affine), ct, voxel_ml) if votes else ({}, {})
        details: dict[str, Any] = {"atlases": used, "step_mm": self.step_mm, "deformable": self.deformable,
                                   "intensity_models": models, "provenance": {}}
        if failed:
            details["atlases_failed"] = failed
        if organs or votes:
            classical_where_agreed(image, organs, details["provenance"])
        not_found = {}
        for name in ATLAS_ORGANS:
            if name not in organs:
                not_found[name] = NOT_FOUND.format(organ=name.replace("_", " "))
            elif name not in details["provenance"]:
                details["provenance"][name] = (f"vote of {len(used)} registered atlases (affine MI"
                                               f"{' + demons' if self.deformable else ''}, {self.step_mm:g} mm) as the "
                                               f"prior, this image's HU as the likelihood (atlas_fusion)")
        arrays: dict[str, np.ndarray] = {"body": body_mask(ct), **organs}
        spacing = np.asarray(image.spacing, dtype=np.float64)
        arrays.update(_lesions(ct, organs, spacing))
        if not_found:
            details.setdefault("landmarks", {}).setdefault("not_found", {}).update(not_found)
        vouch(arrays, details, ct, spacing)
        for name in arrays:
            details["provenance"].setdefault(name, "classical lesion search inside the fused organ"
                                             if name not in ("body",) else "largest region above -500 HU")
        details["seconds"] = round(time.perf_counter() - started, 2)
        masks = {name: LabelMap(array=arr, affine=affine.copy(), spacing=tuple(spacing),  # type: ignore[arg-type]
                                name=name, source=f"atlas:{image.source}")
                 for name, arr in arrays.items() if wanted(name, structures) or name == "body"}
        return Segmentation(masks, self.name, details)

    def _votes(self, case: sitk.Image) -> tuple[list[sitk.Image], list[int], dict[int, str]]:
        """Per organ, the share of atlases whose warped label holds each coarse voxel (float32 images; [] when no
        atlas registered), the seeds of the atlases used, and why any atlas failed to register."""
        counts = [np.zeros(case.GetSize()[::-1], dtype=np.float32) for _ in ATLAS_ORGANS]
        used: list[int] = []
        failed: dict[int, str] = {}
        if not (from_sitk(case) > BODY_HU).any():
            return [], used, {"all": "no voxel above -500 HU: no body in the field of view"}
        for atlas in library()[: self.atlases]:
            atlas_ct = to_sitk(atlas.ct, atlas.affine)
            labels = sitk.GetImageFromArray(np.ascontiguousarray(np.transpose(atlas.labels, (2, 1, 0))))
            set_geometry(labels, atlas.affine)
            try:
                transform = register(case, atlas_ct, self.deformable)
            except RuntimeError as error:  # ITK: a degenerate metric (no tissue to match), a collapsed transform
                failed[atlas.seed] = str(error).strip().splitlines()[-1][:200]
                continue
            warped = sitk.GetArrayFromImage(sitk.Resample(labels, case, transform, sitk.sitkNearestNeighbor, 0))
            for n in range(len(ATLAS_ORGANS)):
                counts[n] += warped == n + 1
            used.append(atlas.seed)
        images: list[sitk.Image] = []
        for count in counts if used else []:
            vote = sitk.GetImageFromArray(count / max(len(used), 1))
            vote.CopyInformation(case)
            images.append(vote)
        return images, used, failed


def _shares(votes: list[sitk.Image], shape: tuple[int, ...], affine: np.ndarray) -> dict[str, np.ndarray]:
    """Each organ's vote share, smoothed by `PRIOR_SIGMA_MM` on the coarse grid, interpolated onto the image grid."""
    reference = sitk.Image([int(n) for n in shape], sitk.sitkUInt8)
    set_geometry(reference, affine)
    out = {}
    for name, vote in zip(ATLAS_ORGANS, votes, strict=True):
        smooth = sitk.SmoothingRecursiveGaussian(vote, PRIOR_SIGMA_MM)
        share = from_sitk(sitk.Resample(smooth, reference, sitk.Transform(), sitk.sitkLinear, 0.0, sitk.sitkFloat32))
        if share.max() > 0.05:
            out[name] = np.clip(share, 0.0, 1.0)
    return out


def _box(mask: np.ndarray) -> tuple[slice, slice, slice]:
    hits = [np.flatnonzero(mask.any(axis=tuple(a for a in range(3) if a != axis))) for axis in range(3)]
    return slice(int(hits[0][0]), int(hits[0][-1]) + 1), slice(int(hits[1][0]), int(hits[1][-1]) + 1), \
        slice(int(hits[2][0]), int(hits[2][-1]) + 1)


def _lesions(ct: np.ndarray, organs: dict[str, np.ndarray], spacing: np.ndarray) -> dict[str, np.ndarray]:
    """The classical lesion search inside the fused organs, on the classical ~3 mm grid, drawn back on the image's."""
    factors = block_factors(spacing, ct.shape, GRID_MM)
    coarse = block_mean(ct, factors)
    coarse_organs = {name: block_mean(mask.astype(np.float32), factors) > 0.5 for name, mask in organs.items()}
    coarse_organs = {name: mask for name, mask in coarse_organs.items() if mask.any()}
    voxel_ml = float(np.prod(spacing * np.asarray(factors))) / 1000.0
    found = _lesion_masks(coarse, coarse_organs, voxel_ml, spacing * np.asarray(factors))
    holders = {"liver_tumor": ("liver",), "kidney_tumor": ("kidney_left", "kidney_right"),
               "kidney_cyst": ("kidney_left", "kidney_right"), "pancreas_tumor": ("pancreas",)}
    out = {}
    for name, mask in found.items():
        within = np.zeros(ct.shape, dtype=bool)
        for organ in holders.get(name, ()):
            if organ in organs:
                within |= organs[organ]
        out[name] = upsample(mask, factors, ct.shape) & within if mask.any() else np.zeros(ct.shape, dtype=bool)
    return out
