"""The stomach's fluid pool: the content below its air-fluid level and the gas-free fundus or antrum, with their wall.

Helper of the landmark stage (`classical_anatomy`), on the coarse grid in canonical RAS, run after
`classical_contents.stomach_contents` has joined the content within a short reach of the seeded gas. A distended
stomach holds far more fluid than that reach covers (a pool 5-8 cm deep under a small air cap; slices above or below
the gas with fluid alone), and without a fat plane that fluid pools in a neighbour's basin outside its band, so it was
left out (about half of the stomach on randomised phantoms). The pool is followed by its own level, read from the
content already joined, not by a fixed HU window: a bowel loop beside it is kept out by the two walls between them
(a neck is cut) and by a reach that stops at a stomach's size.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from agents.segmenters.classical_landmarks import FAT_HU, Landmarks
from agents.segmenters.classical_morphology import box_of, cut_necks, dilate_in_plane, disc, largest

POOL_MIN_ML = 2.0
"""Least fluid already joined to read the pool's level from (standard body mL); less and no pool is followed."""
POOL_BAND_HU = 10.0
"""Half width of the pool's band about its level (smoothed image): water, chyme and oral contrast-free fluid are
uniform, while the walls around it read 10-40 HU brighter."""
POOL_REACH_MM = 90.0
"""How far the pool is followed from what the stomach already holds (standard body mm): a full stomach is 10-15 cm
long in any slice plane, so this reaches the far end of its lumen from a gas cap at one end, not the pelvis."""
POOL_NECK_MM = 2.5
"""Half the width of the narrowest neck kept (standard body mm): the stomach's and a bowel loop's walls between two
pools (2-5 mm each) may smear into a thin bridge at the pool's level; the fluid crescent of a stomach squeezed between
the spleen and the liver is wider (4 mm cut it off on the tuning phantoms)."""
POOL_WALL_MM = 3.0
"""Wall drawn around the fluid taken in (standard body mm; a distended stomach's wall is 2-5 mm)."""
POOL_DX_MM, POOL_DY_MM = 20.0, -40.0
"""Followed left of this and in front of this (standard body mm from the vertebral body's centre), as the content."""
WALL_MAX_HU = 90.0


def stomach_pool(organs: dict[str, np.ndarray], sm: np.ndarray, free: np.ndarray, spine: np.ndarray, scale: float,
                 spacing: np.ndarray) -> float | None:
    """Join to the stomach (in place) the fluid no organ holds that continues its lumen, and a wall around it.

    Args:
        organs: Masks on the coarse grid; ``organs["stomach"]`` is grown in place.
        sm: The smoothed image (HU), canonical RAS.
        free: Voxels an organ may take (the body without lungs and bone).
        spine: The vertebral body's centre (mm, in-plane).
        scale: The body's size against a standard body.
        spacing: Voxel size (mm).

    Returns:
        The pool's level (HU), or None when the stomach held too little fluid to read one.
    """
    stomach = organs.get("stomach")
    voxel_ml = float(np.prod(spacing)) / 1000.0
    if stomach is None or not stomach.any():
        return None
    steps = max(int(round(POOL_REACH_MM * scale / float(spacing[0]))), 1)
    box = box_of(stomach, steps)
    assert box is not None
    local, held = sm[box], np.zeros(stomach[box].shape, dtype=bool)
    for name, mask in organs.items():
        if name != "stomach":
            held |= mask[box]
    own = stomach[box]
    wet = own & (local > FAT_HU) & (local < FAT_HU + 60.0)
    if np.count_nonzero(wet) * voxel_ml < POOL_MIN_ML * scale**3:
        return None
    level = float(np.median(local[wet]))
    x = (np.arange(box[0].start, box[0].stop) * spacing[0] - spine[0]) / scale
    y = (np.arange(box[1].start, box[1].stop) * spacing[1] - spine[1]) / scale
    place = (x <= POOL_DX_MM)[:, None, None] & (y >= POOL_DY_MM)[None, :, None]
    pool = free[box] & ~held & place & (np.abs(local - level) <= POOL_BAND_HU)
    # in-plane growth (a slice's lumen), then through slices: thick slices join the pool where it continues
    grown = ndimage.binary_dilation(own, structure=ndimage.generate_binary_structure(3, 1), iterations=steps,
                                    mask=pool | own)
    added = cut_necks(grown, own, POOL_NECK_MM * scale, spacing) & ~own
    if not added.any():
        return level
    lumen = own | added
    wall = dilate_in_plane(added, POOL_WALL_MM * scale, spacing) & free[box] & ~held & ~lumen & place & \
        (local > FAT_HU) & (local < WALL_MAX_HU)
    organs["stomach"][box] = lumen | wall
    return level


FLUID_HU = (-10.0, 28.0)
"""Water-like content (smoothed image): a stomach full of fluid, with no gas to seed it by."""
FLUID_SEED_ML = 30.0
"""Least volume of a fluid-filled stomach's eroded core (standard body mL): a full stomach holds 200-1000 mL; a bowel
loop's core is smaller."""
FLUID_CORE_MM = 5.0
"""In-plane erosion of the fluid before its pieces are told apart (standard body mm): the rims where fat meets soft
tissue read like fluid, and two loops touching through their walls come apart."""


def fluid_seed(sm: np.ndarray, region: np.ndarray, marks: Landmarks, spacing: np.ndarray,
               voxel_ml: float) -> np.ndarray | None:
    """A stomach with no gas pocket (full of fluid): the largest core of water-like content where the stomach lies,
    left of the spine and in front of it (the same place its gas is looked for), or None.

    Args:
        sm: The smoothed image (HU), canonical RAS.
        region: Where to look (inside the body, off the lungs, at the stomach's levels).
        marks: The case's landmarks (spine and scale).
        spacing: Voxel size (mm).
        voxel_ml: Volume of one voxel (mL).
    """
    assert marks.spine is not None
    x = (np.arange(sm.shape[0]) * spacing[0] - marks.spine[0]) / marks.scale
    y = (np.arange(sm.shape[1]) * spacing[1] - marks.spine[1]) / marks.scale
    place = (x < -10.0)[:, None, None] & (y > 20.0)[None, :, None]
    fluid = region & place & (sm > FLUID_HU[0]) & (sm < FLUID_HU[1])
    core = ndimage.binary_erosion(fluid, structure=disc(FLUID_CORE_MM * marks.scale, spacing))
    best = largest(core, connectivity=6)
    if np.count_nonzero(best) * voxel_ml < FLUID_SEED_ML * marks.scale**3:
        return None
    return best
