"""Reference measurements: the oracle, read back from a case's files with deliberately plain code.

The ground truth does not come from the generation parameters: `reference_measurements` reads the
written files back and measures them following the DeepTumorVQA definitions, so benchmarks can
reuse it as their oracle on any folder in the AbdomenAtlas layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np
from scipy import ndimage

from synthetic.phantom_shapes import _FULL_STRUCTURE, _bbox, _common
from synthetic.phantom_spec import (
    LESION_GROUPS,
    LESION_MASKS,
    LIVER_SEGMENTS,
    ORGANS,
    PANCREAS_PARTS,
    SUBSEGMENTS,
    TYPED_MASKS,
    Box,
)


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
    for group, typed in TYPED_MASKS.items():
        own = [lesions[n] for n in LESION_GROUPS[group][0] if n in lesions]
        lesions.update({name: _Crop.of(_outside(mask, own)) for name in typed if (mask := files.mask(name)) is not None})
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
        for name in (*lesion_names, *TYPED_MASKS.get(group, ())):
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


def _outside(mask: np.ndarray, own: list[_Crop]) -> np.ndarray:
    """The 26-connected pieces of a subtype mask of which no more than half lies in the group's own lesion masks."""
    held = np.zeros(mask.shape, dtype=bool)
    for crop in own:
        if crop.box is not None:
            held[crop.box] |= crop.array
    labels, count = ndimage.label(mask, structure=_FULL_STRUCTURE)
    sizes = np.bincount(labels.ravel(), minlength=count + 1)
    inside = np.bincount(labels[held].ravel(), minlength=count + 1)
    keep = 2 * inside <= sizes
    keep[0] = False
    return keep[labels]


def _lesion_groups(lesion_masks: dict[str, dict[str, Any]], organs: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = {}
    for group, (lesion_names, organ_names) in LESION_GROUPS.items():
        present = [n for n in (*lesion_names, *TYPED_MASKS.get(group, ())) if n in lesion_masks]
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
