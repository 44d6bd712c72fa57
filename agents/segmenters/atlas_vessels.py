"""The aorta and IVC of the atlas backend, by their own rule rather than by registration.

A registered atlas puts a vessel a few mm from where this patient's is; for a tube 15-25 mm wide that is most of its
section, and where fewer than 20 voxels of the vote agree on the vessel the fusion has no intensity model and drops
it (atlas Dice 0 for both vessels on a fifth independent generator's phantoms, session 15). The classical
segmenter finds them by what a vessel is: bright tubes in front of the spine whose round sections line up
(`classical_anatomy`, `classical_vessels`), left and right read from the image's header (canonical RAS). So the
atlas backend takes each vessel from that rule when it finds one, and keeps the fused vessel otherwise
(`shape_vessels`); the vessel's voxels then leave the other fused organs.
"""

from __future__ import annotations

import numpy as np

from imaging.volume import Image

VESSELS = ("aorta", "postcava")
PROVENANCE = ("the classical segmenter's vessel rule (bright round sections lined up in front of the spine, "
              "classical_vessels), drawn on the image's grid; the atlas fusion's {name} was not used")


def shape_vessels(image: Image, organs: dict[str, np.ndarray], provenance: dict[str, str]) -> None:
    """Replaces, in place, the fused aorta and IVC (`organs`: name -> bool mask on `image`'s grid) with the
    classical segmenter's where it finds them, records that in `provenance`, and removes their voxels from the other
    organs. Costs one classical segmentation (about 3 s for 1.5 M voxels on one core)."""
    from agents.segmenters.classical import ClassicalSegmenter

    found = ClassicalSegmenter().segment(image, structures=VESSELS).masks
    taken = np.zeros(image.array.shape, dtype=bool)
    for name in VESSELS:
        if name in found and found[name].array.any():
            organs[name] = found[name].array.astype(bool)
            provenance[name] = PROVENANCE.format(name=name)
            taken |= organs[name]
    if taken.any():
        for name in list(organs):
            if name not in VESSELS:
                organs[name] = organs[name] & ~taken
