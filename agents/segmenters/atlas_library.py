"""The atlas segmenter's library: K lesion-free randomised phantoms with their organ labels, drawn at first use.

Each atlas is `synthetic.phantom_random.random_spec(seed)` (habitus, organ sizes, positions and HU, contrast phase,
fatty liver, splenomegaly all drawn from the seed) put on a fixed axial grid that holds the whole abdomen: 3.6 mm
voxels, 396 x 302 x 342 mm from the lung bases to below the kidneys, stored RAS, no tilt, lesions removed, low noise.
Drawing one takes about 0.2 s, so the library is drawn in memory on first use and kept for the process
(`library()`), deterministic from `ATLAS_SEEDS`: nothing is written to disk or committed, and nothing goes stale
when the generator changes. The seeds (9001-9006) are never used to measure the segmenter (the held-out phantoms
of `scripts/bench_atlas.py` use seeds below 1000).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

ATLAS_SEEDS = (9001, 9002, 9003, 9004, 9005, 9006)
"""Seeds of the atlases (`random_spec`); never used for measuring."""
ATLAS_SPACING_MM = 3.6
ATLAS_SHAPE = (110, 84, 95)
"""396 x 302 x 342 mm: the whole body width and the abdomen from above the liver dome to below the kidneys."""
ATLAS_TOP_OFFSET_MM = 40.0
"""The atlas' top slice this far above the default field of view's (lung bases in view)."""
ATLAS_NOISE_HU = 3.0
ATLAS_ORGANS = ("liver", "spleen", "kidney_left", "kidney_right", "pancreas", "aorta", "postcava", "stomach",
                "gall_bladder")
"""The labels an atlas carries, label value = position + 1 (0: background)."""


@dataclass(frozen=True, eq=False)
class Atlas:
    """One atlas on its canonical RAS grid.

    Attributes:
        ct: HU, float32, shape `ATLAS_SHAPE`.
        labels: uint8, 0 background, n + 1 for `ATLAS_ORGANS[n]`.
        affine: voxel index -> RAS mm (4 x 4).
        seed: the `random_spec` seed it was drawn from.
        phase: its contrast phase.
    """

    ct: np.ndarray
    labels: np.ndarray
    affine: np.ndarray
    seed: int
    phase: str


def draw_atlas(seed: int) -> Atlas:
    """The atlas of `seed` (see the module docstring); deterministic."""
    from synthetic.phantom import _draw
    from synthetic.phantom_anatomy import _LABEL
    from synthetic.phantom_random import random_spec

    spec = dataclasses.replace(
        random_spec(seed), shape=ATLAS_SHAPE, spacing=(ATLAS_SPACING_MM,) * 3, orientation="RAS", oblique_deg=0.0,
        top_offset_mm=ATLAS_TOP_OFFSET_MM, liver_lesions=0, liver_lesion_diameters_mm=(), liver_lesion_contrasts_hu=None,
        kidney_lesion="none", pancreatic_tumor_mm=None, noise_hu=ATLAS_NOISE_HU)
    drawing = _draw(spec)
    labels = np.zeros(drawing.tissue.shape, dtype=np.uint8)
    for n, name in enumerate(ATLAS_ORGANS):
        labels[drawing.tissue == _LABEL[name]] = n + 1
    return Atlas(np.ascontiguousarray(drawing.ct, dtype=np.float32), labels, drawing.grid.affine(), seed, spec.phase)


@lru_cache(maxsize=4)
def library(seeds: tuple[int, ...] = ATLAS_SEEDS) -> tuple[Atlas, ...]:
    """The atlases of `seeds`, drawn once per process (about 0.2 s each)."""
    return tuple(draw_atlas(seed) for seed in seeds)
