"""Unenhanced kidneys beside a liver a little darker or brighter than they are: read at their own level, and drawn.

The right kidney's place is filled mostly by liver. Its level used to be read as the mode of that place, so a fatty
liver (or a normal one 10-15 HU brighter than the kidneys, its lower tail in the kidneys' band) set the kidneys' level
at the liver's own, and both kidneys were then dropped as indistinct from it. Read apart from the liver's level, they
are drawn. The patient, noise, spacing, storage and the sign and size of the gap vary with the seed.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from agents.segmenters import get_segmenter
from imaging.volume import read_image
from tests.agents.test_segmentation_classical import scored_organs


def _shift_liver(case: Path, to_hu: float) -> None:
    """Move the liver's voxels (its lesions too) so that its mean reads `to_hu`, in the stored grid."""
    import nibabel as nib

    ct_file = nib.load(case / "ct.nii.gz")
    ct = np.asarray(ct_file.dataobj).astype(np.float32)
    liver = np.asarray(nib.load(case / "segmentations" / "liver.nii.gz").dataobj) > 0
    ct[liver] += to_hu - float(np.median(ct[liver]))
    nib.save(nib.Nifti1Image(np.rint(ct).astype(np.int16), ct_file.affine, ct_file.header), case / "ct.nii.gz")


@pytest.mark.slow
@pytest.mark.parametrize("seed", [pytest.param(7102, marks=pytest.mark.xfail(strict=True, reason=(
    "2 x 2 x 5 mm voxels: the right kidney gets no seed and the left is read at 41 HU, with or without this rule "
    "(the same on the commit before it): open"))), 7103, 7105, 7106])
def test_unenhanced_kidneys_beside_a_liver_of_a_near_level_are_drawn(tmp_path: Path, seed: int) -> None:
    from synthetic.phantom import make_phantom, random_spec

    rng = np.random.default_rng(seed)
    spec = dataclasses.replace(random_spec(seed, max_voxels=800_000), phase="unenhanced", fatty_liver=False,
                               noise_hu=round(float(rng.uniform(6, 14)), 1), liver_lesions=0, liver_lesion_diameters_mm=None, kidney_lesion="none")
    truth = make_phantom(tmp_path / "case", spec)
    kidney_hu = float(truth["organs"]["kidney_right"]["mean_hu"])
    gap = float(rng.choice([-1.0, 1.0]) * rng.uniform(12, 20))  # a fatty liver below the kidneys, or a normal one above
    _shift_liver(tmp_path / "case", kidney_hu + gap)
    image = read_image(tmp_path / "case" / "ct.nii.gz")
    result = get_segmenter("classical").segment(image)
    scores, not_found = scored_organs(tmp_path / "case", truth, result, float(np.prod(image.spacing)) / 1000.0)
    details = result.details.get("landmarks", {})
    print(seed, round(gap, 1), spec.noise_hu, spec.spacing, spec.orientation, details.get("levels_hu"),
          {k: round(v, 3) for k, v in scores.items()}, not_found)
    in_view = [k for k in ("kidney_left", "kidney_right") if truth["organs"][k]["voxel_count"] * float(
        np.prod(image.spacing)) / 1000.0 >= 40.0]
    assert in_view
    for kidney in in_view:
        assert kidney not in not_found and scores.get(kidney, 0.0) >= 0.75, (kidney, scores, not_found)
    assert scores.get("liver", 0.0) >= 0.8, scores
