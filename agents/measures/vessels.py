"""How far around a vessel a lesion reaches: the contact angle resectability criteria read.

NCCN (Pancreatic Adenocarcinoma, criteria defining resectability status) grades a pancreatic tumour by the share of a
vessel's circumference it touches: no arterial contact and venous contact of at most 180 degrees is resectable,
arterial contact of at most 180 degrees borderline, arterial encasement beyond 180 degrees unresectable
(`knowledge/entries/pancreas.yaml`, `nccn-pancreatic-resectability`). DeepTumorVQA's knowledge base, which the
`deeptumorvqa` profile's task registry applies (`dtvqa-pancreatic-resectability`), reads any superior mesenteric /
portal vein involvement as borderline.

The angle is read on axial slices of the canonical RAS grid, as a radiologist reads it: in each slice where the
lesion comes within a voxel of the vessel, rays are cast every degree from the centre of each cut of the vessel (in
mm, from the header spacing); a ray is in contact when a lesion voxel lies within one voxel past the vessel's wall
along it (or on the wall). The contact angle is the number of such degrees, the largest over the slices and cuts: 0
when the lesion touches the vessel in no slice, 360 when it surrounds a cut of it. On a digital cut of a few voxels
the wall is a staircase, so the angle is known to about the arc one voxel spans at the vessel's radius.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from agents.measures.geometry import Instance
from core.anatomy import VESSEL_CONTACTS

CONTACT_GROUPS = ("pancreas_lesion",)
"""Lesion groups whose vessel contacts are measured (the criteria are pancreatic)."""
_IN_PLANE = np.ones((3, 3), dtype=bool)
RAY_STEP_DEG = 1.0
"""Angle between the rays cast from a vessel cut's centre."""


@dataclass(frozen=True)
class VesselContact:
    """One lesion's contact with one vessel."""

    vessel: str
    """The mask read (`superior_mesenteric_artery`)."""
    degrees: float
    """Largest contact angle over axial slices, 0-360."""
    slice_k: int | None
    """The axial slice (canonical RAS k) of that angle; None without contact."""
    arc_resolution_deg: float
    """The arc one in-plane voxel spans at the radius of the vessel's cut (a disc of its area): how finely the angle
    is known; 0 without contact."""


def vessel_contacts(instance: Instance, vessels: Mapping[str, np.ndarray],
                    spacing: tuple[float, float, float]) -> dict[str, VesselContact]:
    """Contact quantity (`VESSEL_CONTACTS`) -> the lesion's contact with the first provided mask of its vessel.

    Args:
        instance: the lesion (a 26-connected component, its box on the full grid).
        vessels: mask name -> boolean mask on the same canonical RAS grid; quantities whose vessel has no mask
            are left out (unknown, not 0).
        spacing: voxel size in mm (i, j, k).
    """
    out: dict[str, VesselContact] = {}
    for quantity, names in VESSEL_CONTACTS.items():
        name = next((n for n in names if n in vessels), None)
        if name is not None:
            out[quantity] = contact_angle(instance, vessels[name], spacing, name)
    return out


def contact_angle(instance: Instance, vessel: np.ndarray, spacing: tuple[float, float, float],
                  name: str = "vessel") -> VesselContact:
    """The largest angle of the vessel's circumference the lesion touches on one axial slice (module docstring)."""
    box = tuple(slice(max(s.start - 1, 0), min(s.stop + 1, n)) for s, n in zip(instance.box, vessel.shape, strict=True))
    lesion = np.zeros([s.stop - s.start for s in box], dtype=bool)
    inner = tuple(slice(s.start - b.start, s.stop - b.start) for s, b in zip(instance.box, box, strict=True))
    lesion[inner] = instance.voxels
    best = VesselContact(name, 0.0, None, 0.0)
    for k in np.flatnonzero(lesion.any(axis=(0, 1))):
        within_a_voxel = ndimage.binary_dilation(lesion[:, :, k], structure=_IN_PLANE)
        if not (vessel[box[0], box[1], box[2].start + k] & within_a_voxel).any():
            continue
        degrees, arc = _slice_contact(vessel[:, :, box[2].start + k], lesion[:, :, k], (box[0].start, box[1].start),
                                      spacing)
        if degrees > best.degrees:
            best = VesselContact(name, degrees, int(box[2].start + k), arc)
    return best


def _slice_contact(cut: np.ndarray, lesion_in_box: np.ndarray, origin: tuple[int, int],
                   spacing: tuple[float, float, float]) -> tuple[float, float]:
    """(degrees, the arc one voxel spans at that cut's radius) of the largest contact on one axial slice of the vessel
    mask (module docstring); `lesion_in_box` is the lesion's slice within its box, whose corner is `origin`."""
    lesion = np.zeros(cut.shape, dtype=bool)
    lesion[origin[0]:origin[0] + lesion_in_box.shape[0], origin[1]:origin[1] + lesion_in_box.shape[1]] = lesion_in_box
    labels, count = ndimage.label(cut, structure=_IN_PLANE)
    step_mm = min(spacing[0], spacing[1]) / 2.0
    beyond = int(np.ceil(max(spacing[0], spacing[1]) / step_mm))  # samples within one voxel past the wall
    rays = np.radians(np.arange(0.0, 360.0, RAY_STEP_DEG))
    best, arc = 0.0, 0.0
    for index in range(1, count + 1):
        points = np.argwhere(labels == index)
        centre = points.mean(axis=0) * (spacing[0], spacing[1])
        reach = float(np.max(np.hypot(*(points * (spacing[0], spacing[1]) - centre).T))) + 2 * max(spacing[:2])
        radii = np.arange(0.0, reach, step_mm)
        i = np.rint((centre[0] + np.cos(rays)[:, None] * radii) / spacing[0]).astype(int)
        j = np.rint((centre[1] + np.sin(rays)[:, None] * radii) / spacing[1]).astype(int)
        on = (i >= 0) & (i < cut.shape[0]) & (j >= 0) & (j < cut.shape[1])
        i, j = np.clip(i, 0, cut.shape[0] - 1), np.clip(j, 0, cut.shape[1] - 1)
        inside, tumour = (labels[i, j] == index) & on, lesion[i, j] & on
        wall = np.argmax(~inside, axis=1)  # the first sample past the vessel's wall along each ray
        ahead = wall[:, None] + np.arange(beyond + 1)[None, :]
        touched = tumour[np.arange(len(rays))[:, None], np.clip(ahead, 0, len(radii) - 1)].any(axis=1)
        touched |= tumour[np.arange(len(rays)), np.maximum(wall - 1, 0)]  # a lesion drawn over the wall
        degrees = float(np.count_nonzero(touched)) * RAY_STEP_DEG
        if degrees > best:
            radius = float(np.sqrt(len(points) * spacing[0] * spacing[1] / np.pi))  # of a disc of the cut's area
            best, arc = degrees, min(360.0, float(np.degrees(max(spacing[0], spacing[1]) / radius)))
    return best, arc
