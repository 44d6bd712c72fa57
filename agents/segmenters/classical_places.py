"""Where the landmark stage looks for each organ and how far it lets it grow: offsets from the spine (mm of a standard
body, canonical RAS: x toward the patient's right, y anterior) and the HU bands its level is read in.

Used by `classical_anatomy`; the order of `PLACES` is the order organs are seeded in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from agents.segmenters.classical_landmarks import Landmarks

KIDNEYS = ("kidney_left", "kidney_right")


@dataclass(frozen=True)
class Place:
    """Where an organ is expected: offsets (mm of a standard body) from the spine, and its HU search band."""

    dx: tuple[float, float]
    """Patient-right positive, from the vertebral body centre."""
    dy: tuple[float, float]
    """Anterior positive."""
    hu: tuple[float, float]
    tolerance: float
    """Half width of the level band (HU), before the noise term."""
    erode_mm: float
    ceiling: float = 1e9
    """The organ never grows brighter than this (an unenhanced kidney stays below the muscle beside it)."""


PLACES: dict[str, Place] = {
    "liver": Place((20, 160), (-40, 140), (-10, 150), 20.0, 8.0),
    "aorta": Place((-40, 15), (5, 60), (110, 500), 80.0, 2.0),
    "spleen": Place((-190, -50), (-70, 90), (10, 140), 15.0, 4.0),
    "kidney_right": Place((35, 130), (-50, 40), (90, 320), 60.0, 3.0),
    "kidney_left": Place((-130, -35), (-50, 40), (90, 320), 60.0, 3.0),
    "postcava": Place((5, 60), (5, 70), (90, 400), 50.0, 2.0),
}
"""Organs found by this stage, in order (the aorta early: it tells an unenhanced scan; with contrast the spleen before
the kidneys, whose seed band reaches down to their medulla and would take in an arterial spleen beside the left one,
without contrast `UNENHANCED_ORDER`); then the stomach by its gas, the
pancreas in front of the aorta (`classical_pancreas`), the gall bladder among the liver's holes."""
UNENHANCED: dict[str, Place] = {
    "aorta": Place((-40, 15), (5, 60), (20, 70), 12.0, 2.0),
    "kidney_right": Place((35, 130), (-50, 40), (10, 50), 10.0, 3.0),
    "kidney_left": Place((-130, -35), (-50, 40), (10, 50), 10.0, 3.0),
    "postcava": Place((5, 60), (5, 70), (20, 70), 12.0, 2.0),
}
"""Without contrast (no aorta brighter than the liver): blood at 35-50 HU, kidneys at 25-40, a little below muscle.
Their level is the mode of their place within these bands, and the bands they grow in are narrow."""
UNENHANCED_ORDER = ("kidney_right", "kidney_left", "spleen", "postcava")
"""Without contrast, the organs after the aorta are seeded in this order: the kidneys before the spleen (a small
unenhanced spleen's place holds more left kidney, a little darker, than spleen: its mode would be the kidney's)."""
VESSELS = ("aorta", "postcava")
BACK_MUSCLES = Place((-70, 70), (-100, -30), (20, 90), 0, 0)
"""Behind the vertebral body: the erector spinae, muscle in every abdominal slice (its HU, read per case)."""
ALLOWED: dict[str, Place] = {
    "liver": Place((-90, 220), (-100, 200), (0, 0), 0, 0),
    "spleen": Place((-220, -20), (-120, 110), (0, 0), 0, 0),
    "kidney_right": Place((15, 170), (-90, 60), (0, 0), 0, 0),
    "kidney_left": Place((-170, -15), (-90, 60), (0, 0), 0, 0),
}
"""Where each organ may reach, relative to the spine (standard body mm): the left lobe crosses the midline, the
spleen stays behind the stomach, the kidneys beside the spine. Growth stops at these limits."""


def roi(shape: tuple[int, ...], spacing: np.ndarray, marks: Landmarks, place: Place) -> np.ndarray:
    """In-plane mask (i, j) of `place`'s offsets from the spine, scaled by the body's width."""
    assert marks.spine is not None
    x = (np.arange(shape[0]) * spacing[0] - marks.spine[0]) / marks.scale
    y = (np.arange(shape[1]) * spacing[1] - marks.spine[1]) / marks.scale
    return ((x >= place.dx[0]) & (x <= place.dx[1]))[:, None] & ((y >= place.dy[0]) & (y <= place.dy[1]))[None, :]
