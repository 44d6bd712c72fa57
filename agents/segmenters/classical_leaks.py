"""Leaks of an organ into a neighbour at its HU: measured at their necks; when large, the organ is not reported.

An organ whose level matches its neighbour's (an unenhanced or delayed spleen beside the body wall's muscle, the
stomach's wall or a bowel loop) floods into it with no edge to stop the watershed. What it took in hangs on it by
a neck: an in-plane opening with a disc as wide as the organ is thick cuts it off (`classical_morphology.cut_necks`).
The share cut between a narrow and a wide disc measures how much of the drawn mask was such a leak; when it is large,
what is left is unlikely to be the organ's own boundary either (the leak ran along its surface), so its volume is not
vouched for: the organ is reported not found with the reason, and a size question abstains instead of grading a
neighbour's tissue. Below the gate the organ keeps its narrow cut: the wide one also takes its thin poles and tips
(5-7% of a spleen drawn well on held-back phantoms), which would bias every volume low.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from agents.segmenters.classical_morphology import cut_necks

NARROW_NECK_MM = 4.0
"""Half width of the necks an organ of `LEAK_NECK_MM` is cut at (standard body mm): a few voxels of contact."""
LEAK_NECK_MM = {"spleen": 10.0}
"""Half the width of the necks a leak is measured at (standard body mm). A spleen is 3-5 cm thick; muscle, the
stomach's wall and bowel loops at its HU are 1-2 cm: what hangs on it by necks under 2 cm in a slice is a leak."""
MAX_LEAK_SHARE = {"spleen": 0.15}
"""Largest share of the narrow-cut mask the wide cut may remove for the organ to be reported. On phantoms of two
generators, spleens drawn well lose 1-10% to the wide cut (thin poles and tips); spleens that leaked along the body
wall's muscle lost 30% or more and still measured 1.3-1.5 times their volume."""


POLE_MM = 60.0
"""Longest run of slices past the organ's thick part (standard body mm) that may be its own thin pole: a crescent
spleen's tapering poles run 2-5 cm past where it is thicker than the leak's disc (suite AO), while a leak into a bowel
loop or muscle running down from it goes on for 10 cm and more at one width (suite AM: 41 slices of a 65-voxel band)."""


def cut_leaks(mask: np.ndarray, seed: np.ndarray, name: str, scale: float, spacing: np.ndarray) -> tuple[np.ndarray, float]:
    """The organ cut at `NARROW_NECK_MM` necks, and the share of that a cut at `LEAK_NECK_MM` necks (both times the
    body's `scale`) removes, but its own thin poles: the leak. Where the wide cut keeps nothing of a slice, the whole
    section is thinner than its disc: within `POLE_MM` of the slices it keeps, that is the organ's own pole (suite AO:
    crescent spleens 2-3 cm thick lost 16-20 % there and were reported not found), not a neighbour hanging on it."""
    narrow = cut_necks(mask, seed, NARROW_NECK_MM * scale, spacing)
    wide = cut_necks(narrow, seed, LEAK_NECK_MM[name] * scale, spacing)
    before = int(np.count_nonzero(narrow))
    if not before:
        return narrow, 0.0
    kept = np.flatnonzero(wide.any(axis=(0, 1)))
    drawn = np.flatnonzero(narrow.any(axis=(0, 1)))
    pole = np.zeros(narrow.shape[2], dtype=bool)
    reach = POLE_MM * scale / float(spacing[2])
    if kept.size:
        for run in (drawn[drawn < kept[0]], drawn[drawn > kept[-1]]):  # past the thick part, below and above
            if run.size and run.size <= reach:
                pole[run] = True
    removed = narrow & ~wide & ~pole[None, None, :]
    return narrow, int(np.count_nonzero(removed)) / before


LEAK_APART_HU = 10.0
"""Least difference (HU, and at least three noise SDs) between an organ's level and the median of what leaked, for the
leak to be told apart by HU: the organ is then drawn again above (or below) the midpoint of the two levels."""

LEAK_ROUNDS = 2
"""How many times an organ is drawn again apart from a leak (the first cut may leave a rim of the neighbour)."""


def apart_from_leak(mask: np.ndarray, seed: np.ndarray, sm: np.ndarray, level: float, noise: float, name: str,
                    scale: float, spacing: np.ndarray) -> tuple[np.ndarray, float] | None:
    """`mask` (cut at narrow necks) without a leak into a neighbour of another level (a gasless stomach or a bowel loop
    beside the spleen, 10-20 HU darker, with no fat plane): cut at the midpoint between the organ's level and the
    leak's median, then measured again (`cut_leaks`). None when the leak reads at the organ's own level (muscle at its
    HU): no HU boundary to draw, the gate decides."""
    leak = mask & ~cut_necks(mask, seed, LEAK_NECK_MM[name] * scale, spacing)
    if not leak.any():
        return None
    leak_hu = float(np.median(sm[leak]))
    if abs(leak_hu - level) < max(LEAK_APART_HU, 3.0 * noise):
        return None
    middle = (leak_hu + level) / 2
    kept = mask & ((sm >= middle) if leak_hu < level else (sm <= middle))
    return cut_leaks(kept | seed, seed, name, scale, spacing)


def leaked(notes: Mapping[str, Any]) -> dict[str, str]:
    """Organs whose wide neck cut removed more than `MAX_LEAK_SHARE` of them, with the reason for each."""
    reasons = {}
    for name, share in notes.get("leaks", {}).items():
        if share > MAX_LEAK_SHARE.get(name, 1.0):
            reasons[name] = (f"{share:.0%} of the mask drawn hung on it by necks thinner than "
                             f"{2 * LEAK_NECK_MM[name] / 10:.0f} cm: it flooded into a neighbour of its HU, so its "
                             "boundary and volume are not known")
    return reasons
