"""How far a segmenter's organ volume may plausibly be from the organ's: its error, in boundary layers of the mask.

A volume from a predicted mask is only as good as the mask's boundary. The boundary layer of a mask — the voxels
with a face on the outside, in mL (`boundary_layer_ml`) — is what one voxel of boundary shift adds or removes; the
plausible error of the volume is a number of such layers (`LAYERS`), measured per organ for the classical
segmenter on randomised phantoms (`scripts/bench_volume_error.py`: the largest |predicted - reference| / layer over
the tuning half, rounded up). A model backend gets one layer: a floor, not a measurement of that model. Provided
masks are the reference and carry no error here.

The segmentation agent records each predicted organ's error as `{organ}.volume_ml_plausible_error` evidence; a
category the volume decides is then answered only when every volume within the error gives the same category
(`knowledge.uncertainty`, read by the reasoner and the reviewer alike).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy import ndimage

LAYERS: dict[str, float] = {"liver": 1.5, "spleen": 1.0, "kidney_left": 1.5, "kidney_right": 1.5, "pancreas": 2.5,
                             "stomach": 2.0, "gall_bladder": 14.0, "default": 1.0}
"""Plausible volume error of the classical segmenter, in boundary layers, per organ (`default` for the others): the
largest |predicted - reference| / layer on the tuning half of `scripts/make_lesion_suite.py --seed 5200 --n-cases 16`
(8 phantoms; liver 1.12, spleen 0.31 over the 3 it found, kidneys 1.00 / 1.14, pancreas 2.34, stomach 1.72, gall
bladder 13.7 where 1 mL was drawn of 11) rounded up to a half layer, never under one layer; the kidneys share one."""
MODEL_LAYERS = 1.0
"""Plausible volume error of a model backend, in boundary layers: one voxel of boundary shift (a floor)."""
ORGANS = ("liver", "spleen", "kidney_left", "kidney_right", "pancreas", "stomach", "gall_bladder", "aorta", "postcava")
"""Organs whose volume a criterion or a comparison reads."""


def boundary_layer_ml(mask: np.ndarray, voxel_ml: float) -> float:
    """The volume (mL) of the mask's voxels that have a face-neighbour outside it (one voxel of boundary shift).

    Args:
        mask: Boolean (X, Y, Z) mask.
        voxel_ml: One voxel's volume in mL.
    """
    hits = [np.flatnonzero(mask.any(axis=tuple(a for a in range(3) if a != axis))) for axis in range(3)]
    if any(h.size == 0 for h in hits):
        return 0.0
    box = tuple(slice(int(h[0]), int(h[-1]) + 1) for h in hits)
    local = np.pad(mask[box], 1)
    inner = ndimage.binary_erosion(local, structure=ndimage.generate_binary_structure(3, 1))
    return float(np.count_nonzero(local & ~inner)) * voxel_ml


def plausible_errors(masks: Mapping[str, np.ndarray], voxel_ml: float, backend: str) -> dict[str, tuple[float, str]]:
    """Organ -> (plausible volume error in mL, how it was estimated) for a predicted mask set; {} for provided masks.

    Args:
        masks: Structure name -> boolean mask on the image grid.
        voxel_ml: One voxel's volume in mL.
        backend: The segmenter that drew the masks (`provided` masks carry no error).
    """
    if backend == "provided":
        return {}
    out = {}
    for organ in ORGANS:
        mask = masks.get(organ)
        if mask is None or not mask.any():
            continue
        layer = boundary_layer_ml(mask, voxel_ml)
        layers = LAYERS.get(organ, LAYERS["default"]) if backend == "classical" else MODEL_LAYERS
        how = (f"the {organ.replace('_', ' ')} mask predicted by {backend!r} has a boundary layer of {layer:.1f} mL; "
               f"its volume may be off by {layers:g} such layer(s)"
               + (" (the largest error measured on randomised phantoms)" if backend == "classical"
                  else " (one voxel of boundary shift, a floor)"))
        out[organ] = (round(layers * layer, 2), how)
    return out
