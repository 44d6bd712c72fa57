"""The structures measurement knows: AbdomenAtlas mask names, lesion groups, sub-segments.

Names follow docs/CONTRACTS.md ("Measurement names") and the AbdomenAtlas layout in
../shared/DEEPTUMORVQA.md. Orders matter: they fix tie-breaks (first sub-segment wins an
equal share) and keep the evidence list in a stable order.
"""

from __future__ import annotations

from dataclasses import dataclass

MEASURES_VERSION = "clinorch.measures/1"
"""Goes into every item's provenance; bump when a definition changes."""

ORGANS: tuple[str, ...] = (
    "liver", "spleen", "kidney_left", "kidney_right", "pancreas", "aorta", "postcava", "stomach",
    "gall_bladder", "colon", "duodenum", "esophagus", "adrenal_gland_left", "adrenal_gland_right",
    "celiac_trunk", "hepatic_vessel", "portal_vein_and_splenic_vein", "intestine", "bladder",
    "lung_left", "lung_right",
)
"""Organ masks measured for volume and HU (others are measured too, after these)."""

LIVER_SEGMENTS: tuple[str, ...] = tuple(f"liver_segment_{n}" for n in range(1, 9))
PANCREAS_PARTS: tuple[str, ...] = ("pancreas_head", "pancreas_body", "pancreas_tail")
SUBSEGMENTS: dict[str, tuple[str, ...]] = {"liver": LIVER_SEGMENTS, "pancreas": PANCREAS_PARTS}
"""Parent organ -> its sub-segment masks, in tie-break order."""
RIGHT_LOBE: tuple[str, ...] = tuple(f"liver_segment_{n}" for n in (5, 6, 7, 8))
CAUDATE = "liver_segment_1"


@dataclass(frozen=True)
class LesionGroup:
    """A contract lesion group: the lesion masks it gathers and the organs it lives in."""

    name: str
    lesion_masks: tuple[str, ...]
    organs: tuple[str, ...]

    @property
    def parent(self) -> str | None:
        """The one organ whose sub-segments give locations; None for paired organs."""
        return self.organs[0] if len(self.organs) == 1 else None


LESION_GROUPS: tuple[LesionGroup, ...] = (
    LesionGroup("liver_lesion", ("liver_tumor",), ("liver",)),
    LesionGroup("kidney_lesion", ("kidney_tumor", "kidney_cyst"), ("kidney_left", "kidney_right")),
    LesionGroup("pancreas_lesion", ("pancreas_tumor",), ("pancreas",)),
    LesionGroup("colon_lesion", ("colon_tumor",), ("colon",)),
)
LESION_MASKS: tuple[str, ...] = (*(m for g in LESION_GROUPS for m in g.lesion_masks), "hepatic_vessel_tumor")
"""Every lesion mask: subtracted from organs before their HU is measured."""

RATIOS: tuple[tuple[str, str, str], ...] = (
    ("liver", "spleen", "hu_ratio"),
    ("pancreas", "spleen", "hu_ratio"),
    ("kidney_left", "kidney_right", "volume_ratio"),
)
"""(numerator, denominator, name): derived targets `"{numerator}/{denominator}"`."""


def group_of(name: str) -> LesionGroup | None:
    """The lesion group a target belongs to: a group, one of its masks, or one of its organs."""
    for group in LESION_GROUPS:
        if name == group.name or name in group.lesion_masks or name in group.organs:
            return group
    return None


def is_subsegment(name: str) -> bool:
    return any(name in parts for parts in SUBSEGMENTS.values())


def is_lesion(name: str) -> bool:
    return name in LESION_MASKS or name.endswith(("_tumor", "_cyst", "_lesion"))
