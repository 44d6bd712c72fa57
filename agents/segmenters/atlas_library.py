"""The atlas segmenter's library: six lesion-free randomised phantoms with their organ labels, committed as files.

`scripts/make_atlases.py` draws them: `synthetic.phantom_random.random_spec(seed)` for `ATLAS_SEEDS` (habitus, organ
sizes, positions and HU, contrast phase, fatty liver, splenomegaly drawn from the seed) on a fixed axial grid that
holds the whole abdomen (3.6 mm voxels, 396 x 302 x 342 mm from the lung bases to below the kidneys, RAS, no tilt),
lesions removed, no noise. Runtime code may not import the phantom generator (pyproject's import contracts), and
noise-free atlases compress to about 30 kB each, so the six files (`atlases/atlas_<seed>.npz`, about 0.2 MB in all)
are committed rather than drawn at first use. The seeds (9001-9006) are never used to measure the segmenter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

ATLAS_DIR = Path(__file__).resolve().parent / "atlases"
ATLAS_SEEDS = (9001, 9002, 9003, 9004, 9005, 9006)
"""Seeds of the atlases (`random_spec`); never used for measuring."""
ATLAS_SPACING_MM = 3.6
ATLAS_SHAPE = (110, 84, 95)
"""396 x 302 x 342 mm: the whole body width and the abdomen from above the liver dome to below the kidneys."""
ATLAS_TOP_OFFSET_MM = 40.0
"""The atlas' top slice this far above the default field of view's (lung bases in view)."""
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


def read_atlas(path: Path) -> Atlas:
    """One atlas file written by `scripts/make_atlases.py`.

    Raises:
        FileNotFoundError: the file is missing (run `scripts/make_atlases.py`).
    """
    with np.load(path, allow_pickle=False) as data:
        return Atlas(data["ct"].astype(np.float32), data["labels"].astype(np.uint8), data["affine"].astype(np.float64),
                     int(data["seed"]), str(data["phase"]))


@lru_cache(maxsize=4)
def library(seeds: tuple[int, ...] = ATLAS_SEEDS) -> tuple[Atlas, ...]:
    """The atlases of `seeds`, read once per process."""
    return tuple(read_atlas(ATLAS_DIR / f"atlas_{seed}.npz") for seed in seeds)
