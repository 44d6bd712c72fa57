"""A portal-venous liver as bright as real ones (100-145 HU) is found, and no other organ is drawn over it.

The liver's search band stopped at 120 HU, so a liver at 121-130 HU (independent suites AI, AJ and AL: five livers)
had no level, and its tissue was drawn as the right kidney (a 418 mL "kidney") or the IVC. Our own phantoms enhance the
liver to about 60 HU only; here their liver, spleen and pancreas are lifted to a real portal phase's levels. Varied
over the liver's HU, storage and voxel size; no other organ's mask is mostly liver.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from agents.segmenters import get_segmenter
from imaging.masks import read_mask
from imaging.volume import read_image
from tests.agents.test_segmentation_classical import scored_organs
from tests.agents.test_segmentation_classical_spleen_level import _brighten


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "liver_hu", "orientation", "spacing"),
                         [(7102, 118.0, "RAS", (1.2, 1.2, 3.0)), (7104, 126.0, "LPS", (0.9, 0.9, 4.0)),
                          (7106, 135.0, "PIR", (1.5, 1.5, 2.5)), (7108, 142.0, "LAS", (1.0, 1.0, 5.0))])
def test_a_bright_portal_liver_is_the_liver(tmp_path: Path, seed: int, liver_hu: float, orientation: str,
                                           spacing: tuple[float, float, float]) -> None:
    from synthetic.phantom import make_phantom, random_spec

    spec = dataclasses.replace(random_spec(seed, max_voxels=800_000), phase="portal", fatty_liver=False,
                               orientation=orientation, spacing=spacing, oblique_deg=0.0, splenomegaly="none",
                               shape=(round(320 / spacing[0]), round(250 / spacing[1]), round(170 / spacing[2])))
    truth = make_phantom(tmp_path / "case", spec)
    for organ, hu in (("liver", liver_hu), ("spleen", liver_hu - 8.0), ("pancreas", liver_hu - 15.0)):
        _brighten(tmp_path / "case", organ, hu)
    image = read_image(tmp_path / "case" / "ct.nii.gz")
    result = get_segmenter("classical").segment(image)
    scores, not_found = scored_organs(tmp_path / "case", truth, result, float(np.prod(image.spacing)) / 1000.0)
    print(seed, liver_hu, result.details.get("landmarks", {}).get("levels_hu"), {k: round(v, 3) for k, v in scores.items()},
          not_found)
    assert scores.get("liver", 0.0) >= 0.85, (scores, not_found)
    liver = read_mask(tmp_path / "case" / "segmentations" / "liver.nii.gz").array
    for organ in ("kidney_right", "postcava", "spleen"):
        if organ in result.masks and result.masks[organ].array.any():
            drawn = result.masks[organ].array
            assert np.count_nonzero(drawn & liver) < 0.5 * np.count_nonzero(drawn), (organ, scores)  # not the liver
            # (a right kidney beside a liver at 118 HU still takes in about a third of its mask from the liver: a
            # leak the plausible volume error does not cover; see docs/segmentation.md)
