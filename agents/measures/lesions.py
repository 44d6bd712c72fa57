"""Lesion programs: instances, their size, attenuation, location, neighbours; group summaries.

Definitions (../shared/DEEPTUMORVQA.md): instances are 26-connected components, largest first;
the longest diameter is the maximum over axial slices of the largest distance between contour
points; attenuation is iso if |lesion - organ| < organ std / 10, hypo if lower, hyper otherwise;
the location is the sub-segment holding > 10% of the lesion's voxels (the largest share).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from agents.measures.geometry import (
    AxialDiameter,
    Instance,
    axial_diameter,
    instances,
    neighbours_within,
)
from agents.measures.organs import OrganStats, inside_fov
from agents.measures.vessels import VesselContact

Attenuation = Literal["hypo", "iso", "hyper"]
Clustering = Literal["highly clustered", "somewhat clustered", "widely distributed"]
LOCATION_SHARE = 0.10
"""A lesion is located in a sub-segment holding more than this share of its voxels."""
NEAREST_REACH_MM = 40.0
"""Structures farther than this from a lesion are not its neighbours (no distance is recorded)."""
OUTLIER_FACTOR = 3.0
"""Outlier: at least three lesions and the largest at least this many times the second."""


@dataclass
class Lesion:
    """One lesion instance and everything measured on it."""

    mask: str
    """The lesion mask it came from (`liver_tumor`, `kidney_cyst`, ...)."""
    instance: Instance
    volume_ml: float
    diameter: AxialDiameter
    mean_hu: float
    centroid_ras: tuple[float, float, float]
    """Centre of mass in scanner RAS mm (for matching a prior study's lesions)."""
    organ: str | None = None
    """The group organ it overlaps most; None when none overlaps."""
    shares: dict[str, float] = field(default_factory=dict)
    """Share of its voxels in each sub-segment of its organ, in sub-segment order."""
    adjacent: list[str] = field(default_factory=list)
    distances_mm: dict[str, float] = field(default_factory=dict)
    """Shortest distance to each neighbouring structure within reach (voxel centres, mm)."""
    resolution_mm: float | None = None
    """How finely those distances are known: the largest voxel edge of the grid."""
    dilation_steps: dict[str, int] = field(default_factory=dict)
    """The fewest one-voxel (6-connected) dilations of the lesion that overlap each neighbour within reach."""
    kind_mask: str | None = None
    """The typed (AbdomenAtlas 3.0 subtype) mask holding most of its voxels (`pancreatic_cyst`); None when none does."""
    neighbours: list[str] = field(default_factory=list)
    """Every structure whose distance was sought (those beyond `NEAREST_REACH_MM` have none in `distances_mm`)."""
    vessel_contacts: dict[str, VesselContact] = field(default_factory=dict)
    """Contact quantity (`sma_contact_deg`, ...) -> its contact with that vessel (`agents.measures.vessels`), for the
    groups and vessels measured; a vessel without a mask is absent (unknown)."""

    @property
    def nearest(self) -> str | None:
        """The neighbouring structure nearest to the lesion (None when none is within reach)."""
        return min(self.distances_mm, key=self.distances_mm.__getitem__) if self.distances_mm else None
    organ_hu: OrganStats | None = None

    @property
    def voxel_count(self) -> int:
        return self.instance.voxel_count

    @property
    def location(self) -> str | None:
        """The sub-segment with the largest share, when that share exceeds 10%; first on a tie."""
        if not self.shares:
            return None
        best = max(self.shares, key=self.shares.__getitem__)
        return best if self.shares[best] > LOCATION_SHARE else None

    @property
    def locations(self) -> list[str]:
        """Every sub-segment holding more than 10% of its voxels, largest share first."""
        held = [name for name, share in self.shares.items() if share > LOCATION_SHARE]
        return sorted(held, key=lambda name: -self.shares[name])

    @property
    def hu_difference(self) -> float | None:
        if self.organ_hu is None or self.organ_hu.mean_hu is None:
            return None
        return self.mean_hu - self.organ_hu.mean_hu

    @property
    def attenuation(self) -> Attenuation | None:
        diff = self.hu_difference
        if diff is None or self.organ_hu is None or self.organ_hu.std_hu is None:
            return None
        if abs(diff) < self.organ_hu.std_hu / 10:
            return "iso"
        return "hypo" if diff < 0 else "hyper"


def measure_lesions(mask_name: str, mask: np.ndarray, ct: np.ndarray, affine: np.ndarray,
                    spacing: tuple[float, float, float], voxel_ml: float) -> list[Lesion]:
    """Every instance of one lesion mask with its size, slice, short axis and mean HU."""
    out = []
    for inst in instances(mask):
        diameter = axial_diameter(inst.voxels, spacing, inst.offset)
        assert diameter is not None  # an instance has voxels
        values = ct[inst.box][inst.voxels]
        inside = inside_fov(values)
        mean_hu = float((inside if inside.size else values.astype(np.float64)).mean())
        centre = np.argwhere(inst.voxels).mean(axis=0) + inst.offset
        ras = affine[:3, :3] @ centre + affine[:3, 3]
        out.append(Lesion(mask_name, inst, inst.voxel_count * voxel_ml, diameter, mean_hu,
                          (float(ras[0]), float(ras[1]), float(ras[2]))))
    return out


def assign_organs(lesions: Sequence[Lesion], organs: Mapping[str, np.ndarray], stats: Mapping[str, OrganStats]) -> None:
    """Each lesion's organ: the group organ holding most of its voxels (first on a tie)."""
    for lesion in lesions:
        box, voxels = lesion.instance.box, lesion.instance.voxels
        overlaps = {name: int(np.count_nonzero(mask[box][voxels])) for name, mask in organs.items()}
        if overlaps and max(overlaps.values()) > 0:
            lesion.organ = max(overlaps, key=overlaps.__getitem__)
            lesion.organ_hu = stats.get(lesion.organ)


def assign_locations(lesions: Sequence[Lesion], subsegments: Mapping[str, np.ndarray]) -> None:
    """Share of each lesion's voxels in each sub-segment (given in tie-break order)."""
    for lesion in lesions:
        box, voxels = lesion.instance.box, lesion.instance.voxels
        lesion.shares = {name: np.count_nonzero(seg[box][voxels]) / lesion.voxel_count
                         for name, seg in subsegments.items()}


def outside(lesions: Sequence[Lesion], masks: Sequence[np.ndarray]) -> list[Lesion]:
    """The lesions of which no more than half the voxels lie in `masks` (a typed mask's lesions its group's own
    masks do not hold: suite layouts write cysts in `liver_cyst` only, not also in `liver_tumor`)."""
    def inside(lesion: Lesion) -> int:
        box, voxels = lesion.instance.box, lesion.instance.voxels
        held = np.zeros(voxels.shape, dtype=bool)
        for mask in masks:
            held |= mask[box] & voxels
        return int(np.count_nonzero(held))

    return [x for x in lesions if 2 * inside(x) <= x.voxel_count]


def assign_kinds(lesions: Sequence[Lesion], typed: Mapping[str, np.ndarray]) -> None:
    """Each lesion's typed mask (`core.anatomy.TYPED_LESION_MASKS`): the one holding more than half of its voxels."""
    for lesion in lesions:
        box, voxels = lesion.instance.box, lesion.instance.voxels
        overlaps = {name: int(np.count_nonzero(mask[box][voxels])) for name, mask in typed.items()}
        best = max(overlaps, key=overlaps.__getitem__, default=None)
        lesion.kind_mask = best if best is not None and 2 * overlaps[best] > lesion.voxel_count else None


def assign_neighbours(lesions: Sequence[Lesion], neighbours: Mapping[str, np.ndarray],
                      spacing: tuple[float, float, float], distance_mm: float) -> None:
    """Each lesion's distance to every structure within reach, and the organs within `distance_mm` (adjacent).

    Its own organs are excluded by the caller. Distances run between voxel centres, so they are known
    to about one voxel: `resolution_mm` is the largest voxel edge.
    """
    reach = max(distance_mm, NEAREST_REACH_MM)
    for lesion in lesions:
        inst = lesion.instance
        shape = next(iter(neighbours.values())).shape if neighbours else ()
        around = neighbours_within(inst.voxels, inst.box, shape, neighbours, spacing, reach)
        lesion.distances_mm, lesion.dilation_steps = around.distances_mm, around.dilation_steps
        lesion.neighbours = sorted(neighbours)
        lesion.resolution_mm = round(float(max(spacing)), 4)
        lesion.adjacent = [name for name, d in lesion.distances_mm.items() if d <= distance_mm]


def rank(lesions: Sequence[Lesion], mask_order: Sequence[str]) -> list[Lesion]:
    """A group's lesions largest first; equal sizes keep mask order, then raster order."""
    position = {name: n for n, name in enumerate(mask_order)}
    return sorted(lesions, key=lambda x: (-x.voxel_count, position.get(x.mask, len(position)), x.instance.first_index))


def is_outlier(lesions: Sequence[Lesion]) -> bool:
    """At least three lesions and the largest at least three times the second (by volume)."""
    return len(lesions) >= 3 and lesions[0].voxel_count >= OUTLIER_FACTOR * lesions[1].voxel_count


def clustering(lesions: Sequence[Lesion]) -> tuple[Clustering, dict[str, int]] | None:
    """Spread of located lesions over sub-segments: highly (> 50% in one), somewhat (top two >= 75%), widely.

    Counts each lesion once, in its location; lesions without a location are left out. None when
    fewer than two lesions have a location.
    """
    counts = Counter(lesion.location for lesion in lesions if lesion.location is not None)
    total = sum(counts.values())
    if total < 2:
        return None
    top = [n for _, n in counts.most_common(2)]
    if top[0] / total > 0.5:
        label: Clustering = "highly clustered"
    elif sum(top) / total >= 0.75:
        label = "somewhat clustered"
    else:
        label = "widely distributed"
    return label, dict(counts)
