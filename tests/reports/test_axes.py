"""The drawn RECIST axes of an ellipse: long axis along its major axis, short axis along its minor one."""

from __future__ import annotations

import numpy as np
import pytest

from orchestrator.reports.axes import recist_axes


def _ellipse(shape: tuple[int, int], centre: tuple[float, float], semi_mm: tuple[float, float], angle: float,
             spacing: tuple[float, float]) -> np.ndarray:
    i, j = np.meshgrid(np.arange(shape[0]), np.arange(shape[1]), indexing="ij")
    x, y = (i - centre[0]) * spacing[0], (j - centre[1]) * spacing[1]
    c, s = np.cos(angle), np.sin(angle)
    u, v = x * c + y * s, -x * s + y * c
    return (u / semi_mm[0]) ** 2 + (v / semi_mm[1]) ** 2 <= 1.0


@pytest.mark.parametrize(("semi", "angle", "spacing"), [
    ((20.0, 10.0), 0.0, (1.0, 1.0)),
    ((15.0, 6.0), np.pi / 4, (0.8, 0.8)),
    ((30.0, 20.0), np.pi / 3, (2.0, 1.5)),   # anisotropic in-plane spacing
    ((8.0, 8.0), 0.3, (1.0, 1.0)),           # a circle: both axes equal
])
def test_axes_of_an_ellipse(semi: tuple[float, float], angle: float, spacing: tuple[float, float]) -> None:
    plane = _ellipse((120, 120), (60.3, 58.7), semi, angle, spacing)
    axes = recist_axes(plane, spacing)
    voxel = float(np.hypot(*spacing))
    assert axes is not None and axes.short is not None
    assert axes.long.length_mm == pytest.approx(2 * semi[0], abs=2 * voxel)
    assert axes.short.length_mm == pytest.approx(2 * semi[1], abs=2 * voxel)
    (a, b), (c, d) = np.array(axes.long.ends_ij), np.array(axes.short.ends_ij)
    long_vec, short_vec = (b - a) * spacing, (d - c) * spacing
    cosine = abs(long_vec @ short_vec) / (np.linalg.norm(long_vec) * np.linalg.norm(short_vec))
    assert cosine < 0.2  # perpendicular within the voxel grid's tolerance


def test_an_empty_plane_has_no_axes() -> None:
    assert recist_axes(np.zeros((8, 8), bool), (1.0, 1.0)) is None
