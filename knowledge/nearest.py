"""Which of the offered structures lies nearest to a lesion: one rule for the reasoner and the reviewer.

Distances are measured between voxel centres, so two structures whose distances differ by no more than
the grid's largest voxel edge are not told apart; a structure beyond the measured reach is farther than
any measured one.
"""

from __future__ import annotations

from collections.abc import Mapping


def nearest_choice(distances: Mapping[str, float | None], resolution_mm: float) -> str | None:
    """The key (an option letter) whose structure is nearest, or None when the distances do not settle it.

    Args:
        distances: Option -> its structure's distance from the lesion in mm; None when beyond reach.
        resolution_mm: How finely the distances are known (the largest voxel edge).

    Raises:
        ValueError: the resolution is not positive.
    """
    if resolution_mm <= 0:
        raise ValueError(f"resolution must be positive, got {resolution_mm!r}")
    measured = sorted((d, key) for key, d in distances.items() if d is not None)
    if not measured:
        return None
    if len(measured) > 1 and measured[1][0] - measured[0][0] <= resolution_mm:
        return None
    return measured[0][1]
