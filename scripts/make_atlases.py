"""Writes the atlas segmenter's library: six lesion-free randomised phantoms with their organ labels.

    .venv/bin/python scripts/make_atlases.py            # rewrites agents/segmenters/atlases/atlas_<seed>.npz

Each atlas is `synthetic.phantom_random.random_spec(seed)` (habitus, organ sizes, positions and HU, contrast phase,
fatty liver, splenomegaly all drawn from the seed) put on a fixed axial grid that holds the whole abdomen: 3.6 mm
voxels, 396 x 302 x 342 mm from the lung bases to below the kidneys, stored RAS, no tilt, lesions removed and no
noise (the registration smooths the case anyway; without noise an atlas compresses to about 30 kB, so the six are
committed: runtime code may not import the phantom generator, see pyproject's import contracts). Deterministic:
`tests/agents/test_segmentation_atlas.py` checks the committed files are what this script draws.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agents.segmenters.atlas_library import (  # noqa: E402
    ATLAS_DIR,
    ATLAS_ORGANS,
    ATLAS_SEEDS,
    ATLAS_SHAPE,
    ATLAS_SPACING_MM,
    ATLAS_TOP_OFFSET_MM,
    Atlas,
)


def draw_atlas(seed: int) -> Atlas:
    """The atlas of `seed` (see the module docstring); deterministic."""
    from synthetic.phantom import _draw
    from synthetic.phantom_anatomy import _LABEL
    from synthetic.phantom_random import random_spec

    spec = dataclasses.replace(
        random_spec(seed), shape=ATLAS_SHAPE, spacing=(ATLAS_SPACING_MM,) * 3, orientation="RAS", oblique_deg=0.0,
        top_offset_mm=ATLAS_TOP_OFFSET_MM, liver_lesions=0, liver_lesion_diameters_mm=(), liver_lesion_contrasts_hu=None,
        kidney_lesion="none", pancreatic_tumor_mm=None, noise_hu=0.0)
    drawing = _draw(spec)
    labels = np.zeros(drawing.tissue.shape, dtype=np.uint8)
    for n, name in enumerate(ATLAS_ORGANS):
        labels[drawing.tissue == _LABEL[name]] = n + 1
    return Atlas(np.rint(drawing.ct).astype(np.float32), labels, drawing.grid.affine(), seed, spec.phase)


def write_atlas(atlas: Atlas, folder: Path) -> Path:
    """`folder/atlas_<seed>.npz`: ct (int16 HU), labels (uint8), affine (4 x 4), seed, phase."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"atlas_{atlas.seed}.npz"
    np.savez_compressed(path, ct=atlas.ct.astype(np.int16), labels=atlas.labels, affine=atlas.affine,
                        seed=np.int64(atlas.seed), phase=np.str_(atlas.phase))
    return path


def main() -> None:
    for seed in ATLAS_SEEDS:
        path = write_atlas(draw_atlas(seed), ATLAS_DIR)
        print(path, path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
