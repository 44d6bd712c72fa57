"""The pancreas of the landmark stage: a lobulated soft-tissue band in front of the great vessels at the renal level.

Anatomy, not one generator's HU: the pancreas lies in the anterior pararenal space, in front of the aorta, the IVC and
the splenic vein, from the duodenal C loop on the right (its head, right of the midline) to the splenic hilum on the
left (its tail, in front of the left kidney), at the level of the renal hila (L1-L2). Its HU is read per case (the
mode of soft tissue there), so a fatty pancreas or an unenhanced scan are read as they come. Nothing is drawn without
the landmarks that place it: no aorta or no kidney in view (a slab above or below the pancreas) means no pancreas.

Canonical RAS on the coarse grid (`classical_anatomy`): i toward the patient's right, j anterior, k superior.
"""

from __future__ import annotations

from collections.abc import Mapping

import cc3d
import numpy as np
from scipy import ndimage

from agents.segmenters.classical_landmarks import Landmarks, mode

DX_MM = (-110.0, 65.0)
"""From the splenic hilum (left) to the duodenum (right), relative to the vertebral body's centre (standard body mm)."""
DY_MM = (25.0, 85.0)
"""In front of the aorta and IVC (which lie about 25 mm in front of the vertebral body's centre), behind the stomach."""
ALLOWED_DX_MM, ALLOWED_DY_MM = (-130.0, 75.0), (10.0, 95.0)
"""Where the pancreas may grow (standard body mm): its tail may reach the splenic hilum, never the flank."""
TAIL_DY_MM = ((-40.0, 95.0), (-130.0, 60.0))
"""Its anterior limit falls from the body (in front of the aorta) to the tail, which rises toward the splenic hilum in
front of the left kidney: (dx, greatest dy) at the body's left end and at the tail's (bowel loops in front stay out)."""
AORTA_MM = (-15.0, 25.0)
"""Where the aorta's centre usually lies relative to the vertebral body's centre (standard body mm: left of the midline,
in front of the vertebra): the pancreas's reference when the aorta was not seeded."""
PRE_AORTIC_DX_MM, PRE_AORTIC_DY_MM = (-30.0, 40.0), (8.0, 45.0)
"""The seed's place relative to the aorta's centre (standard body mm): the pancreatic body and neck cross in front
of the aorta and the SMA; head and tail are grown from it."""
FAR_DY_MM, FAR_PRE_AORTIC_DY_MM = (25.0, 110.0), (8.0, 75.0)
"""Where it is looked for when no seed lies in the near places: further in front of the aorta (retroperitoneal fat,
or a generator that draws it so: 40-70 mm in front on the sixth one)."""
NEAREST_DY_MM = 25.0
"""The pancreas's level is read first within this far in front of the aorta's centre (its wall and the tissue just in
front: the body and neck cross the aorta there, while the stomach, larger, lies further in front)."""
MAX_ML = 150.0
"""Largest pancreas (standard body; an adult's holds 60-100 mL); a larger basin took in bowel or liver at its HU:
reported not found."""
LEVEL_HU = (25.0, 110.0)
"""Where its level is looked for: soft tissue, from an unenhanced pancreas to an enhanced one; never bile, bowel fluid or
the duodenum's content near water's HU (they fill much of its place), never fat or bright blood. A fatty pancreas near
water's HU is not looked for."""
SEED_TOLERANCE_HU = 10.0
ERODE_MM = 2.5
MIN_SEED_ML = 1.0
"""Least volume of the eroded seed (standard body): a bowel wall or a vessel's rim erodes away."""


def place_mask(shape: tuple[int, ...], spacing: np.ndarray, marks: Landmarks, dx: tuple[float, float],
               dy: tuple[float, float]) -> np.ndarray:
    """In-plane mask of where `dx`, `dy` (standard body mm from the vertebral body's centre) lie."""
    assert marks.spine is not None
    x = (np.arange(shape[0]) * spacing[0] - marks.spine[0]) / marks.scale
    y = (np.arange(shape[1]) * spacing[1] - marks.spine[1]) / marks.scale
    return ((x >= dx[0]) & (x <= dx[1]))[:, None] & ((y >= dy[0]) & (y <= dy[1]))[None, :]


LOWER_POLES = 0.25
"""Share of the kidneys' joint span, from below, where no seed is looked for: the pancreas lies at the renal hila and
above (L1-L2), the lower poles beside small-bowel loops at its HU (suite AN: a 44 HU loop in front of the aorta at
the lower poles read as the pancreas). On six earlier generators the pancreas's bulk lay above it."""


def renal_levels(seeds: Mapping[str, np.ndarray]) -> np.ndarray | None:
    """The slices the kidneys' seeds span (the pancreas lies at the level of the renal hila) but their lower poles'
    (`LOWER_POLES`), or None."""
    spans = [np.flatnonzero(seeds[k].any(axis=(0, 1))) for k in ("kidney_left", "kidney_right") if k in seeds]
    spans = [s for s in spans if s.size]
    if not spans:
        return None
    z = np.zeros(seeds[next(iter(seeds))].shape[2], dtype=bool)
    low, high = min(int(s[0]) for s in spans), max(int(s[-1]) for s in spans)
    z[low + int(LOWER_POLES * (high - low)): high + 1] = True
    return z


def pancreas_seed(sm: np.ndarray, inside: np.ndarray, marks: Landmarks, spacing: np.ndarray,
                  seeds: Mapping[str, np.ndarray], taken: np.ndarray, noise: float,
                  liver_hu: float | None = None) -> tuple[np.ndarray, float] | None:
    """The pancreas's seed and level: the largest eroded piece of soft tissue at the mode of its place, in front of
    the aorta, at the kidneys' levels, on no organ seeded before; None without a kidney to place it by (without an
    aorta's seed, the aorta is taken at `AORTA_MM` from the vertebral body, and a level the liver's is not read:
    placed by the spine alone, tissue at the liver's level in front of it is as likely its left lobe).
    When that level is the liver's (`liver_hu`: its caudate and left lobe reach the pancreas's place), it is read again
    off the liver's tissue joined to its seed; when no tissue of another level is left there (a pancreas at the liver's
    level touching it), a seed that lies in the liver's own bulk (joined to its seed through tissue a seed's erosion
    thick) gives way to the largest piece apart from that bulk, which touches the liver only across a neck; with no
    such piece the first reading stands."""
    levels = renal_levels(seeds)
    if marks.spine is None or levels is None:
        return None
    if "aorta" in seeds:
        aorta = np.argwhere(seeds["aorta"]).mean(axis=0) * spacing
    else:  # the usual place, at the kidneys' mid level (`_seed_in` reads only its in-plane position)
        aorta = np.array([*(marks.spine + np.asarray(AORTA_MM) * marks.scale), np.flatnonzero(levels).mean() * spacing[2]])
    places = [(inside & place_mask(sm.shape, spacing, marks, DX_MM, dy)[:, :, None] & levels[None, None, :] & ~taken,
               pre_aortic_dy) for dy, pre_aortic_dy in ((DY_MM, PRE_AORTIC_DY_MM), (FAR_DY_MM, FAR_PRE_AORTIC_DY_MM))]
    tolerance = SEED_TOLERANCE_HU + noise
    found = _first_seed(sm, places, marks, spacing, aorta, noise, liver_hu, tolerance)  # near first, then further
    if found is not None and "aorta" not in seeds and liver_hu is not None and abs(found[1] - liver_hu) <= tolerance:
        return None
    if found is None or liver_hu is None or "liver" not in seeds or abs(found[1] - liver_hu) > tolerance:
        return found
    tissue = liver_tissue(sm, seeds["liver"], liver_hu, tolerance)
    apart = _first_seed(sm, [(region & ~tissue, dy) for region, dy in places], marks, spacing, aorta, noise)
    if apart is not None and abs(apart[1] - liver_hu) > tolerance:
        return apart
    element = _erosion(marks, spacing)
    others = taken & ~ndimage.binary_dilation(seeds["liver"], iterations=3)  # the seeds of the organs before it
    bulk = liver_tissue(sm, seeds["liver"], liver_hu, tolerance, element, inside & ~others)
    if not (found[0] & bulk).any():
        return found
    rim = ndimage.binary_dilation(bulk, structure=element)
    beside = _first_seed(sm, [(region & ~rim, dy) for region, dy in places], marks, spacing, aorta, noise)
    return beside if beside is not None else found


def _first_seed(sm: np.ndarray, places: list[tuple[np.ndarray, tuple[float, float]]], marks: Landmarks,
                spacing: np.ndarray, aorta: np.ndarray, noise: float, liver_hu: float | None = None,
                tolerance: float = 0.0) -> tuple[np.ndarray, float] | None:
    """The seed of the first of `places` (region, its distance in front of the aorta) that holds one."""
    for region, pre_aortic_dy in places:
        found = _seed_in(sm, region, marks, spacing, aorta, noise, pre_aortic_dy, liver_hu, tolerance)
        if found is not None:
            return found
    return None


def _seed_in(sm: np.ndarray, region: np.ndarray, marks: Landmarks, spacing: np.ndarray, aorta: np.ndarray,
             noise: float, pre_aortic_dy: tuple[float, float] = PRE_AORTIC_DY_MM, liver_hu: float | None = None,
             tolerance: float = 0.0) -> tuple[np.ndarray, float] | None:
    """The largest eroded piece at the mode of `region`, in front of the aorta (centre `aorta`, mm), and that mode."""
    assert marks.spine is not None
    offset = (aorta[:2] - marks.spine) / marks.scale

    def in_front(dy: tuple[float, float]) -> np.ndarray:
        return place_mask(sm.shape, spacing, marks, tuple(offset[0] + d for d in PRE_AORTIC_DX_MM),  # type: ignore[arg-type]
                          tuple(offset[1] + d for d in dy))[:, :, None]  # type: ignore[arg-type]

    pre_aortic = in_front(pre_aortic_dy)
    nearest = mode(sm[region & in_front((pre_aortic_dy[0], NEAREST_DY_MM))], *LEVEL_HU)
    if nearest is not None and liver_hu is not None and abs(nearest - liver_hu) <= tolerance:
        nearest = None  # the caudate lobe reaches the aorta's front: the pancreas is read further out
    for level in (nearest, mode(sm[region], *LEVEL_HU)):  # nearest the aorta first: the stomach may fill more of the place
        if level is None:
            continue
        band = region & pre_aortic & (np.abs(sm - level) <= SEED_TOLERANCE_HU + noise)
        core = ndimage.binary_erosion(band, structure=_erosion(marks, spacing))
        best = _crossing_piece(core, aorta, spacing, MIN_SEED_ML * marks.scale**3)
        if best is not None:
            return best, level
    return None


def _crossing_piece(core: np.ndarray, aorta: np.ndarray, spacing: np.ndarray, min_ml: float) -> np.ndarray | None:
    """The largest piece of `core` (6-connected, at least `min_ml`) that crosses the aorta's axis from left to right
    (`aorta`: its centre, mm), else the largest piece: the pancreatic neck and body cross in front of the aorta, while
    the stomach, the spleen or a bowel loop at its level, however large, lie to one side of it."""
    labels, n = cc3d.connected_components(core, connectivity=6, return_N=True)
    if n == 0:
        return None
    stats = cc3d.statistics(labels)
    voxel_ml = float(np.prod(spacing)) / 1000.0
    big = [k for k in range(1, n + 1) if stats["voxel_counts"][k] * voxel_ml >= min_ml]
    if not big:
        return None
    axis_i = aorta[0] / spacing[0]
    crossing = [k for k in big if stats["bounding_boxes"][k][0].start <= axis_i < stats["bounding_boxes"][k][0].stop]
    best = max(crossing or big, key=lambda k: stats["voxel_counts"][k])
    return labels == best


def _erosion(marks: Landmarks, spacing: np.ndarray) -> np.ndarray:
    """The seed's in-plane erosion (`ERODE_MM`, standard body): a bowel wall or a vessel's rim erodes away."""
    radius = np.maximum(np.rint(ERODE_MM * marks.scale / spacing[:2]), 1).astype(int)
    return np.ones((2 * radius[0] + 1, 2 * radius[1] + 1, 1), dtype=bool)


def liver_tissue(sm: np.ndarray, liver_seed: np.ndarray, liver_hu: float, tolerance: float,
                 bulk: np.ndarray | None = None, within: np.ndarray | None = None) -> np.ndarray:
    """Voxels within `tolerance` of the liver's level joined to its seed (6-connected): the liver's own tissue.

    With `bulk` (a structuring element), the level band (`within`: off the body wall and the other organs' seeds) is
    eroded by it first: a neighbour at the liver's level that touches it across a neck thinner than the element is not
    joined (the liver's bulk, without its rim)."""
    band = (np.abs(sm - liver_hu) <= tolerance) | liver_seed
    if bulk is not None:
        band = ndimage.binary_erosion(band & (True if within is None else within), structure=bulk) | liver_seed
    labels = cc3d.connected_components(band, connectivity=6)
    touching = np.unique(labels[liver_seed & (labels > 0)])
    return np.isin(labels, touching[touching > 0])


def allowed(shape: tuple[int, ...], spacing: np.ndarray, marks: Landmarks) -> np.ndarray:
    """In-plane mask of where the pancreas may lie: `ALLOWED_DX_MM` x `ALLOWED_DY_MM`, its front falling toward the
    tail (`TAIL_DY_MM`)."""
    assert marks.spine is not None
    x = (np.arange(shape[0]) * spacing[0] - marks.spine[0]) / marks.scale
    (x_body, y_body), (x_tail, y_tail) = TAIL_DY_MM
    front = np.interp(x, [x_tail, x_body], [y_tail, y_body])
    y = (np.arange(shape[1]) * spacing[1] - marks.spine[1]) / marks.scale
    return place_mask(shape, spacing, marks, ALLOWED_DX_MM, ALLOWED_DY_MM) & (y[None, :] <= front[:, None])


def plausible(pancreas: np.ndarray, spacing: np.ndarray, scale: float) -> str | None:
    """Why a drawn pancreas cannot be one (larger than `MAX_ML` of a standard body), or None."""
    volume = np.count_nonzero(pancreas) * float(np.prod(spacing)) / 1000.0 / scale**3
    return f"its basin ({volume:.0f} mL of a standard body) took in its neighbours" if volume > MAX_ML else None



def reclaim_from_liver(pancreas: np.ndarray, liver: np.ndarray, sm: np.ndarray, levels: Mapping[str, float],
                       room: np.ndarray, tolerance: float, gap: float) -> np.ndarray | None:
    """The voxels of the liver's mask that are the pancreas's: within `tolerance` of the pancreas's level and on its
    side of the midpoint between the two levels (never the fluid of a gall bladder or a cyst), where the pancreas may
    lie (`room`, in-plane), at the pancreas's slices, and joined to the pancreas (6-connected). The watershed puts the
    boundary of two touching organs 10-20 HU apart on the weak gradient between them, often inside the pancreas (suite
    AQ and the project's own hard phantoms: a third to two thirds of the pancreas drawn as liver); the level bands then
    tell them apart. None when the levels are less than `gap` apart (the split of touching organs at the midpoint,
    `classical_anatomy.PAIR_MIN_GAP_HU`).

    Args:
        pancreas, liver: The two masks (same grid as `sm`).
        sm: The smoothed CT (HU).
        levels: The per-case levels of "pancreas" and "liver" (HU).
        room: In-plane mask of where the pancreas may lie (`allowed`).
        tolerance: Half the width of the pancreas's band (HU).
        gap: Least difference of the two levels for a split (HU).
    """
    low, high = sorted((levels["pancreas"], levels["liver"]))
    if high - low < gap or not pancreas.any():
        return None
    mid = (low + high) / 2
    z = np.flatnonzero(pancreas.any(axis=(0, 1)))
    slab = np.s_[:, :, z[0]: z[-1] + 1]  # the pancreas's slices: nothing outside them is claimed
    band = sm[slab]
    side = (band < mid if levels["pancreas"] < levels["liver"] else band > mid) & \
        (np.abs(band - levels["pancreas"]) <= tolerance)
    claim = liver[slab] & side & room[:, :, None]
    labels = cc3d.connected_components(claim | pancreas[slab], connectivity=6)
    joined = np.unique(labels[pancreas[slab]])
    taken = np.zeros(sm.shape, dtype=bool)
    taken[slab] = np.isin(labels, joined[joined > 0]) & claim
    return taken
