"""A spleen with a smooth parenchymal texture, darker than the liver.

An independent generator's spleens carry a smooth texture of +-20-30 HU about their level; cut at the midpoint to the
liver's level everywhere, a textured spleen lost its voxels on the liver's side of it (its thickness, and then its
leak measure). The midpoint split now holds only near the liver's basin, where they touch. One case (seed 7102:
Dice 0.927 before, 0.941 after); the other phantoms tried (7104 LPS 3 mm, 7106 PIR) fail on other grounds (a spleen
read at 0.79, a textured spleen's level read at the liver's) and are not yet kept.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from scipy import ndimage

from agents.segmenters import get_segmenter
from imaging.volume import read_image
from tests.agents.test_segmentation_classical import scored_organs


def _texture(case: Path, organ: str, spread_hu: float, grain_mm: float, shift_hu: float, seed: int) -> None:
    """Set `organ` (its reference mask) to `shift_hu` above the liver's median, plus a smooth random texture of SD
    `spread_hu` and grain `grain_mm`."""
    import nibabel as nib

    ct_file = nib.load(case / "ct.nii.gz")
    ct = np.asarray(ct_file.dataobj).astype(np.float32)
    mask = np.asarray(nib.load(case / "segmentations" / f"{organ}.nii.gz").dataobj) > 0
    zooms = np.asarray(ct_file.header.get_zooms()[:3], dtype=np.float64)
    field = ndimage.gaussian_filter(np.random.default_rng(seed).normal(size=ct.shape).astype(np.float32),
                                    sigma=grain_mm / zooms)
    field *= spread_hu / float(field[mask].std())
    liver = np.asarray(nib.load(case / "segmentations" / "liver.nii.gz").dataobj) > 0
    ct[mask] += field[mask] + shift_hu + float(np.median(ct[liver])) - float(np.median(ct[mask]))
    nib.save(nib.Nifti1Image(np.rint(ct).astype(np.int16), ct_file.affine), case / "ct.nii.gz")


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "spread", "grain", "shift", "orientation", "spacing"),
                         [(7102, 8.0, 4.0, -22.0, "RAS", (0.9, 0.9, 5.0))])
def test_a_textured_spleen_keeps_its_brighter_voxels_away_from_the_liver(tmp_path: Path, seed: int, spread: float,
                                                                         grain: float, shift: float, orientation: str,
                                                                         spacing: tuple[float, float, float]) -> None:
    from synthetic.phantom import make_phantom, random_spec

    spec = dataclasses.replace(random_spec(seed, max_voxels=800_000), phase="portal", orientation=orientation,
                               spacing=spacing, oblique_deg=0.0, splenomegaly="none",
                               shape=(round(320 / spacing[0]), round(250 / spacing[1]), round(170 / spacing[2])))
    truth = make_phantom(tmp_path / "case", spec)
    _texture(tmp_path / "case", "spleen", spread, grain, shift, seed)
    image = read_image(tmp_path / "case" / "ct.nii.gz")
    result = get_segmenter("classical").segment(image)
    scores, not_found = scored_organs(tmp_path / "case", truth, result, float(np.prod(image.spacing)) / 1000.0)
    print(seed, result.details.get("landmarks", {}).get("levels_hu"), {k: round(v, 3) for k, v in scores.items()},
          not_found)
    assert scores.get("spleen", 0.0) >= 0.93, (scores, not_found)
    assert scores.get("liver", 0.0) >= 0.9, (scores, not_found)
