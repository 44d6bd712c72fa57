"""Randomised phantom specs: what real abdomens and scanners vary, drawn from one seed.

`random_spec(seed)` varies the scanner (voxel size 0.6-5 mm, noise 5-20 HU, the field of view's
extent and height, so the lung bases or the lower abdomen may be in or out, storage LPS / RAS /
other axis orders, a tilted grid) and the findings (liver, kidney and pancreas lesions, fatty
liver, splenomegaly, a share of lesion-free cases) and the contrast phase (portal, arterial or unenhanced,
drawn from a stream of its own so the rest of a seed's spec stays as it was). The spec is `randomise=True`, so the patient
varies too (`synthetic.phantom_anatomy._Variation`). A voxel budget keeps tuning sets small: the
coverage shrinks first (to 150 mm), then the slices thicken (to 5 mm), then the field of view narrows
(to 60 %: a smaller patient), then the pixels grow.
"""

from __future__ import annotations

import numpy as np

from synthetic.phantom_spec import PhantomSpec

ORIENTATIONS = ("LPS", "RAS", "LAS", "LPI", "RPS", "PIR", "ASL")
LESION_FREE_SHARE = 0.25
PHASES, PHASE_SHARES = ("portal", "arterial", "unenhanced"), (0.5, 0.25, 0.25)


def random_spec(seed: int, max_voxels: int = 3_000_000) -> PhantomSpec:
    """A randomised phantom spec for `seed`, with at most `max_voxels` voxels.

    Args:
        seed: Draws the spec, and is the spec's own seed (the patient).
        max_voxels: Upper bound on the array size (coverage, then slice thickness, then pixel size give way).
    """
    rng = np.random.default_rng(np.random.SeedSequence([seed, 12]))
    band = rng.uniform()
    pixel = rng.uniform(0.6, 1.0) if band < 0.4 else rng.uniform(1.0, 2.0) if band < 0.8 else rng.uniform(2.0, 3.0)
    slice_mm = float(rng.uniform(0.6, 5.0))
    fov = [float(rng.uniform(360, 420)), float(rng.uniform(280, 330)), float(rng.uniform(150, 280))]
    spacing = [pixel, pixel, slice_mm]
    while _voxels(fov, spacing) > max_voxels:
        if fov[2] > 150.0:
            fov[2] = max(150.0, fov[2] * 0.9)
        elif spacing[2] < 5.0:
            spacing[2] = min(5.0, spacing[2] * 1.15)
        elif fov[0] > 0.6 * 360.0:  # a smaller field of view draws a smaller patient (the grid's scale)
            fov[0], fov[1] = fov[0] * 0.92, fov[1] * 0.92
        else:
            spacing[0] = spacing[1] = spacing[0] * 1.1
    shape = tuple(max(8, round(f / s)) for f, s in zip(fov, spacing, strict=True))
    lesion_free = rng.uniform() < LESION_FREE_SHARE
    fatty = bool(rng.uniform() < 0.15)
    liver_base = 30.0 if fatty else 60.0
    liver_count = 0 if lesion_free else int(rng.choice([0, 1, 2, 3], p=[0.2, 0.35, 0.3, 0.15]))
    contrast = rng.uniform(20, 50) if rng.uniform() < 0.2 else -rng.uniform(15, 45)
    kidney = "none" if lesion_free else str(rng.choice(["none", "cyst", "solid"], p=[0.4, 0.35, 0.25]))
    return PhantomSpec(
        seed=seed, shape=shape, spacing=(round(spacing[0], 3), round(spacing[1], 3), round(spacing[2], 3)),  # type: ignore[arg-type]
        orientation=str(rng.choice(ORIENTATIONS)), noise_hu=round(float(rng.uniform(5, 20)), 1),
        fatty_liver=fatty, splenomegaly=str(rng.choice(["none", "mild", "moderate"], p=[0.8, 0.1, 0.1])),  # type: ignore[arg-type]
        liver_lesions=liver_count,
        liver_lesion_diameters_mm=tuple(round(float(d), 1) for d in rng.uniform(10, 35, liver_count)),
        liver_lesion_hu=round(liver_base + contrast, 1),
        kidney_lesion=kidney, kidney_lesion_diameter_mm=round(float(rng.uniform(15, 35)), 1),  # type: ignore[arg-type]
        kidney_lesion_side=str(rng.choice(["left", "right"])),  # type: ignore[arg-type]
        pancreatic_tumor_mm=None if lesion_free or rng.uniform() > 0.3 else round(float(rng.uniform(15, 30)), 1),
        randomise=True, top_offset_mm=round(float(rng.uniform(-40, 50)), 1),
        oblique_deg=round(float(rng.choice([-1, 1]) * rng.uniform(5, 20)), 1) if rng.uniform() < 0.3 else 0.0,
        phase=str(np.random.default_rng(np.random.SeedSequence([seed, 13])).choice(PHASES, p=PHASE_SHARES)),  # type: ignore[arg-type]
    )


def _voxels(fov: list[float], spacing: list[float]) -> int:
    return int(np.prod([max(8, round(f / s)) for f, s in zip(fov, spacing, strict=True)]))
