"""A small liver beside a large spleen is no left-right flip when the aorta lies on the left.

Suite AK (an independent generator) held an atrophic liver of 513 mL beside a spleen of 855 mL:
the upper abdomen weighed -0.17 to the left, past the flip threshold, and the image-only triage
rejected a correctly stored scan. Cirrhosis with splenomegaly does this in real patients. The
aorta, left of the vertebral body whatever the organs' sizes, now vetoes that call when contrast
shows it. The phantoms below vary pixel size, the body's offset in the field of view, the organs'
sizes and the aorta's attenuation.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.triage_checks.anatomy import analyse


def _abdomen(pixel_mm: float, offset_mm: float, liver_scale: float, aorta_hu: float) -> np.ndarray:
    """Axial slices in canonical RAS (i toward the patient's right, j anterior): fat, a liver on the
    right scaled by `liver_scale` of a spleen on the left, the vertebral body behind, the aorta in
    front of it on the left (`aorta_hu`) and the IVC on the right (unenhanced, 55 HU)."""
    rng = np.random.default_rng(int(pixel_mm * 10 + abs(offset_mm)))
    n = int(round(420 / pixel_mm))
    axis = (np.arange(n) - n / 2) * pixel_mm
    x, y = np.meshgrid(axis - offset_mm, axis, indexing="ij")
    body = (x / 170) ** 2 + (y / 130) ** 2 <= 1
    liver = (x - 90) ** 2 / (70 * liver_scale) ** 2 + (y - 10) ** 2 / (85 * liver_scale) ** 2 <= 1
    spleen = (x + 95) ** 2 / 65**2 + (y + 10) ** 2 / 80**2 <= 1
    sl = np.where(body, -100.0, -1000.0)
    sl[body & (liver | spleen)] = 55.0
    sl[x**2 + (y + 80) ** 2 <= 18**2] = 450.0  # vertebral body
    sl[(x + 14) ** 2 + (y + 48) ** 2 <= 11**2] = aorta_hu  # left of the midline
    sl[(x - 20) ** 2 + (y + 45) ** 2 <= 10**2] = 55.0  # IVC, right
    return (np.repeat(sl[:, :, None], 24, axis=2) + rng.normal(0, 10, (n, n, 24))).astype(np.float32)


@pytest.mark.parametrize("pixel_mm", [0.8, 1.5, 3.0])
@pytest.mark.parametrize(("offset_mm", "liver_scale"), [(0.0, 0.55), (25.0, 0.65), (-20.0, 0.6)])
def test_an_enhanced_left_aorta_vetoes_a_flip_from_a_large_spleen(
    pixel_mm: float, offset_mm: float, liver_scale: float
) -> None:
    anatomy = analyse(_abdomen(pixel_mm, offset_mm, liver_scale, aorta_hu=220.0), (pixel_mm, pixel_mm, 5.0))
    assert anatomy.details["upper_abdomen_lr"] <= -0.15  # the organ cue alone would call it flipped
    assert anatomy.details["prevertebral_vessel_lr"] <= -0.25
    assert anatomy.left_right == "unknown"


@pytest.mark.parametrize("pixel_mm", [0.8, 3.0])
def test_without_contrast_the_organ_cue_still_decides(pixel_mm: float) -> None:
    """An unenhanced aorta is not told from soft tissue: no veto, the organ cue stands (the rule's limit)."""
    anatomy = analyse(_abdomen(pixel_mm, 0.0, 0.55, aorta_hu=45.0), (pixel_mm, pixel_mm, 5.0))
    assert "prevertebral_vessel_lr" not in anatomy.details
    assert anatomy.left_right == "flipped"


@pytest.mark.parametrize("pixel_mm", [0.8, 3.0])
def test_a_mirrored_scan_with_a_normal_liver_is_still_called_flipped(pixel_mm: float) -> None:
    """Stored mirrored, the aorta lies right: it agrees with the organ cue and the flip stands."""
    volume = _abdomen(pixel_mm, 10.0, 1.35, aorta_hu=220.0)
    assert analyse(volume, (pixel_mm, pixel_mm, 5.0)).left_right == "ok"
    mirrored = analyse(volume[::-1], (pixel_mm, pixel_mm, 5.0))
    assert mirrored.details["prevertebral_vessel_lr"] >= 0.25
    assert mirrored.left_right == "flipped"
