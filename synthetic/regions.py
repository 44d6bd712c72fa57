"""Synthetic CT volumes of body regions other than the abdomen (thorax, head), for triage's region checks."""

from __future__ import annotations

import numpy as np


def _ellipse(shape: tuple[int, int], centre: tuple[float, float], radii: tuple[float, float]) -> np.ndarray:
    ii, jj = np.mgrid[: shape[0], : shape[1]]
    return ((ii - centre[0]) / radii[0]) ** 2 + ((jj - centre[1]) / radii[1]) ** 2 <= 1.0


def synthetic_chest_ct(seed: int = 0) -> np.ndarray:
    """A thorax at 2.5 x 2.5 x 5 mm (canonical RAS): two lungs, the heart to the patient's left, the spine behind."""
    rng = np.random.default_rng(seed)
    shape, n_k = (160, 128), 36
    volume = np.full((*shape, n_k), -1000.0)
    for k in range(n_k):
        top = 1.0 - 0.4 * (k / n_k) ** 2
        s = volume[:, :, k]
        s[_ellipse(shape, (80, 62), (64, 46))] = -90.0
        s[_ellipse(shape, (80, 62), (58, 40))] = 45.0
        for side in (-1, 1):
            s[_ellipse(shape, (80 + side * 27 * top, 62), (22 * top, 32 * top))] = -850.0
        s[_ellipse(shape, (70, 74), (16, 14))] = 40.0  # the heart, left of the midline (lower i)
        s[_ellipse(shape, (80, 28), (8, 8))] = 700.0  # vertebral body, posterior
    return volume + rng.normal(0, 8, volume.shape)


def synthetic_head_ct(seed: int = 0) -> np.ndarray:
    """A head at 1 x 1 x 5 mm (canonical RAS): scalp, a closed skull ring, brain."""
    rng = np.random.default_rng(seed)
    shape, n_k = (220, 240), 28
    volume = np.full((*shape, n_k), -1000.0)
    for k in range(n_k):
        f = np.sqrt(max(0.2, 1.0 - (k / n_k) ** 2))
        s = volume[:, :, k]
        s[_ellipse(shape, (110, 120), (80 * f, 96 * f))] = 40.0
        s[_ellipse(shape, (110, 120), (76 * f, 92 * f))] = 1000.0
        s[_ellipse(shape, (110, 120), (70 * f, 86 * f))] = 35.0
    return volume + rng.normal(0, 6, volume.shape)
