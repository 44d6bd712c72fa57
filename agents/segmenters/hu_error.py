"""How far a segmenter's organ attenuation may plausibly be from the organ's: its error, in HU, per organ.

An organ's mean HU is read over its predicted mask's eroded, lesion-free core (`agents.measures.organs`). When the
mask is on the organ, erosion keeps the boundary's partial volume out and the mean is the organ's to within a few
HU. When it is on something else — the classical segmenter's pancreas, drawn on another structure of ~28 HU on
8 of 11 phantoms of suite AI while the pancreas enhanced to ~100 HU — the mean is that structure's, and a
pancreas-to-spleen ratio of 0.26 reads as pancreatic steatosis. Nothing in the mask's own values tells the two
apart (that structure is as homogeneous as a pancreas), so the error is measured per organ for the classical segmenter on
phantoms with reference masks (`scripts/bench_hu_error.py`: the largest |predicted - reference| mean HU, rounded
up) and recorded by the segmentation agent as `{organ}.mean_hu_plausible_error`. A category an attenuation decides
(pancreatic steatosis, through the pancreas-to-spleen ratio: `knowledge.uncertainty.error_of`) is then answered
only when every value within the error gives it. A model backend carries none: no figure has been measured for it.
Provided masks are the reference and carry none.
"""

from __future__ import annotations

HU_ERROR: dict[str, float] = {"liver": 3.0, "spleen": 5.0, "pancreas": 90.0}
"""Plausible mean-HU error (HU) of the classical segmenter's organs whose attenuation a criterion reads: the largest
|predicted - reference| (`scripts/bench_hu_error.py`, the predicted organ minus the lesions the segmenter found)
over the tuning half of `scripts/make_lesion_suite.py --seed 5200 --n-cases 16` and suite AI (session 32's
held-out suite, 11 phantoms of another generator, scored before this table existed), rounded up: liver 2.5 and
1.0 HU, spleen 0.3 and 4.0 HU (a spleen of Dice 0.68), pancreas 39.5 and 86.3 HU (its mask on another structure on
8 of the 11 phantoms of suite AI). The medians are 0.1-0.2, 0.0-0.2 and 0.6-73.4 HU."""


def plausible_hu_error(organ: str, backend: str) -> tuple[float, str] | None:
    """(plausible mean-HU error in HU, how it was estimated) of one organ a segmenter drew; None for an organ without a
    recorded error or any backend but the classical one (provided masks are the reference; a model's error is not
    measured).

    Args:
        organ: The structure's name.
        backend: The segmenter that drew its mask.
    """
    if backend != "classical" or organ not in HU_ERROR:
        return None
    return HU_ERROR[organ], (f"the {organ} mask predicted by 'classical' gives a mean HU that was up to "
                             f"{HU_ERROR[organ]:g} HU from the reference mask's on randomised phantoms "
                             "(the largest error measured)")
