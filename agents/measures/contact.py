"""Organ-to-organ contact: which provided structures touch an organ, and how far the others lie.

Two structures are *in direct contact* when no voxel separates them: a voxel of one is among the 26 neighbours of a
voxel of the other (they overlap after a one-voxel dilation with the full 3x3x3 element). Contact is a property of
the image grid, so it does not depend on how the file was stored; distances are physical (mm between voxel centres,
the header spacing on each axis, anisotropic grids included) and each comes with the fewest 6-connected one-voxel
dilations that reach the other structure, so a rule stated in mm ("within 3 mm") or in dilations can be re-checked
from the evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from agents.measures.geometry import bounding_box, neighbours_within
from agents.measures.record import Recorder

CONTACT_REACH_MM = 15.0
"""Structures farther than this from the organ get no distance (they are not near it)."""
NEIGHBOURHOOD = "26-connected (no separating voxel)"
CONTACT_ORGANS = ("liver", "spleen", "kidney_left", "kidney_right", "pancreas", "aorta", "postcava", "stomach",
                  "gall_bladder", "colon", "duodenum")
"""The organs whose contacts a benchmark tool cache carries for every case (its questions are not known in advance)."""
"""The rule `touching` applies, as recorded in the evidence."""


@dataclass
class OrganContact:
    """One organ's neighbours among the provided structures."""

    organ: str
    touching: list[str] = field(default_factory=list)
    """Structures with a voxel among the organ's 26 neighbours, in the order given."""
    distances_mm: dict[str, float] = field(default_factory=dict)
    """Shortest voxel-centre distance (mm) to each structure within `CONTACT_REACH_MM`."""
    dilation_steps: dict[str, int] = field(default_factory=dict)
    """Fewest 6-connected one-voxel dilations of the organ that reach each structure within reach."""
    resolution_mm: float = 0.0
    """The largest voxel edge: distances are known to about this much."""


def organ_contact(organ: str, masks: Mapping[str, np.ndarray], spacing: tuple[float, float, float],
                  reach_mm: float = CONTACT_REACH_MM) -> OrganContact | None:
    """The structures in `masks` touching `organ` (26-neighbourhood), and the distance to each one within reach.

    Args:
        organ: the mask name of the organ (a key of `masks`).
        masks: mask name -> boolean array on one grid (the organ's own mask is skipped).
        spacing: voxel size (mm) along the array's three axes.
        reach_mm: distances and dilation steps beyond this are not reported; 0 reports contact only.

    Returns:
        The organ's contacts, or None when its mask is empty.

    Raises:
        KeyError: `organ` is not in `masks`.
    """
    mask = masks[organ]
    box = bounding_box(mask)
    if box is None:
        return None
    others = {name: other for name, other in masks.items() if name != organ}
    around = neighbours_within(mask[box].astype(bool, copy=False), box, mask.shape, others, spacing, reach_mm,
                               touching=True)
    return OrganContact(organ, around.touching, around.distances_mm, around.dilation_steps,
                        resolution_mm=round(float(max(spacing)), 4))


def record_contact(rec: Recorder, contact: OrganContact) -> str:
    """Records an organ's contacts: `{organ}.adjacent_organs` (the structures touching it, "none" when none does)
    and each structure's `{structure}.distance_from_{organ}_mm` with its dilation steps; returns the first's id."""
    organ = contact.organ
    for structure, distance in contact.distances_mm.items():
        rec.add(structure, f"distance_from_{organ}_mm", distance, "mm", masks=[organ, structure], image=False,
                method="shortest distance between the structure's and the organ's voxel centres",
                parameters={"reach_mm": CONTACT_REACH_MM}, resolution_mm=contact.resolution_mm,
                dilation_steps=contact.dilation_steps.get(structure), touching=structure in contact.touching)
    return rec.add(organ, "adjacent_organs", ", ".join(contact.touching) or "none", None,
                   masks=[organ, *contact.touching], image=False,
                   method="structures with a voxel among the organ's 26 neighbours: no voxel separates them",
                   parameters={"neighbourhood": NEIGHBOURHOOD}, distances_mm=dict(contact.distances_mm),
                   resolution_mm=contact.resolution_mm)
