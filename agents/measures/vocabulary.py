"""The structures measurement knows, from the one anatomy vocabulary (`core.anatomy`), and its ratios.

Names follow docs/CONTRACTS.md ("Measurement names") and the AbdomenAtlas layout in
../shared/DEEPTUMORVQA.md. Orders matter: they fix tie-breaks (first sub-segment wins an
equal share) and keep the evidence list in a stable order.
"""

from __future__ import annotations

from core.anatomy import (
    CAUDATE,
    LESION_GROUPS,
    LESION_MASKS,
    LIVER_SEGMENTS,
    ORGANS,
    PANCREAS_PARTS,
    RIGHT_LOBE,
    SUBSEGMENTS,
    TYPED_LESION_MASKS,
    LesionGroup,
    group_of,
    is_lesion,
    is_subsegment,
)

MEASURES_VERSION = "clinorch.measures/1"
"""Goes into every item's provenance; bump when a definition changes."""

RATIOS: tuple[tuple[str, str, str], ...] = (
    ("liver", "spleen", "hu_ratio"),
    ("pancreas", "spleen", "hu_ratio"),
    ("kidney_left", "kidney_right", "volume_ratio"),
)
"""(numerator, denominator, name): derived targets `"{numerator}/{denominator}"`."""


__all__ = [
    "CAUDATE", "LESION_GROUPS", "LESION_MASKS", "LIVER_SEGMENTS", "MEASURES_VERSION", "ORGANS", "PANCREAS_PARTS",
    "RATIOS", "RIGHT_LOBE", "SUBSEGMENTS", "TYPED_LESION_MASKS", "LesionGroup", "group_of", "is_lesion", "is_subsegment",
]
