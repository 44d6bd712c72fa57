"""The atlas backend's aorta and IVC by their own rule, and organs where two independent methods agree.

Vessels: a registered atlas puts a vessel a few mm from where this patient's is; for a tube 15-25 mm wide that is
most of its section, and where fewer than 20 voxels of the vote agree on the vessel the fusion has no intensity model
and drops it (atlas Dice 0 for both vessels on a fifth independent generator's phantoms, session 15). The classical
segmenter finds them by what a vessel is: bright tubes in front of the spine whose round sections line up
(`classical_anatomy`, `classical_vessels`), left and right read from the image's header (canonical RAS). So the
atlas backend takes each vessel from that rule when it finds one, and keeps the fused vessel otherwise.

Kidneys: the classical segmenter draws an organ's edge on this image's own HU at full resolution, the
fusion a registered prior's edge moved by at most a few mm; but the classical one sometimes takes the wrong region
(a kidney missing, a spleen read as the liver's). Where the two, made independently, overlap at Dice >= `AGREE_DICE`,
both found the same organ and the classical edge is taken; otherwise the fused organ stays. Session 16, 6 randomised
phantoms: every kidney with agreement >= 0.5 was closer to the truth drawn classically (0.51-0.88 -> 0.88-0.98),
the two below it (0.36, 0) were the classical segmenter's misses (the liver, taken the same way at first, is not:
`AGREED`).

Taken voxels then leave the other fused organs (`classical_where_agreed`).
"""

from __future__ import annotations

import numpy as np

from imaging.volume import Image

VESSELS = ("aorta", "postcava")
AGREED = ("kidney_left", "kidney_right")
"""Organs whose classical edge replaces the fused one where both agree. Not the liver: the classical liver can run on
to the scan's edge (a phantom stored PIR, tests/test_atlas_end_to_end.py: its volume became a lower bound and the case
abstained), and 2 of 6 livers were worse taken classically."""
AGREE_DICE = 0.5
"""Least Dice between the classical and the fused organ for the classical edge to be taken."""
VESSEL_PROVENANCE = ("the classical segmenter's vessel rule (bright round sections lined up in front of the spine, "
                     "classical_vessels), drawn on the image's grid; the atlas fusion's {name} was not used")
AGREED_PROVENANCE = ("the classical segmenter's {name}, taken because it agrees with the atlas fusion's (Dice {dice:.2f}"
                     " >= {least}); its edge is read on this image's HU")


def classical_where_agreed(image: Image, organs: dict[str, np.ndarray], provenance: dict[str, str]) -> None:
    """Replaces, in place, organs of `organs` (name -> bool mask on `image`'s grid) by the classical segmenter's as
    the module docstring says, records each in `provenance`, and removes taken voxels from the other organs. Costs one
    classical segmentation (about 3 s for 1.5 M voxels on one core)."""
    from agents.segmenters.classical import ClassicalSegmenter

    found = ClassicalSegmenter().segment(image, structures=VESSELS + AGREED).masks
    taken = np.zeros(image.array.shape, dtype=bool)
    for name in VESSELS + AGREED:
        mask = found[name].array.astype(bool) if name in found else None
        if mask is None or not mask.any():
            continue
        if name in VESSELS:
            provenance[name] = VESSEL_PROVENANCE.format(name=name)
        elif name in organs:
            agree = _dice(mask, organs[name])
            if agree < AGREE_DICE:
                continue
            provenance[name] = AGREED_PROVENANCE.format(name=name.replace("_", " "), dice=agree, least=AGREE_DICE)
        else:
            continue
        organs[name] = mask & ~taken
        taken |= organs[name]
    if taken.any():
        for name in list(organs):
            if name not in provenance or not provenance[name].startswith("the classical"):
                organs[name] = organs[name] & ~taken


def _dice(a: np.ndarray, b: np.ndarray) -> float:
    total = int(np.count_nonzero(a)) + int(np.count_nonzero(b))
    return 0.0 if total == 0 else 2.0 * int(np.count_nonzero(a & b)) / total
