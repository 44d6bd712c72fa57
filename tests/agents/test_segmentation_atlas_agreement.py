"""The atlas backend takes the classical vessels whenever found, and the classical kidneys only where they
agree with the fused ones (`agents.segmenters.atlas_vessels`); taken voxels leave the other organs. The classical
segmenter is replaced by masks made here at several overlaps and grid sizes, so the gate, not one layout, passes."""

from __future__ import annotations

import numpy as np
import pytest

import agents.segmenters.classical as classical
from agents.segmenters.atlas_vessels import AGREE_DICE, classical_where_agreed
from agents.segmenters.base import Segmentation
from imaging.volume import Image, LabelMap


def box(shape: tuple[int, int, int], start: tuple[int, int, int], size: int) -> np.ndarray:
    mask = np.zeros(shape, dtype=bool)
    mask[start[0]:start[0] + size, start[1]:start[1] + size, start[2]:start[2] + size] = True
    return mask


@pytest.mark.parametrize(("shape", "size", "shift"), [((40, 40, 30), 10, 2), ((60, 50, 20), 14, 9), ((48, 48, 48), 8, 7)])
def test_agreeing_organs_and_found_vessels_are_taken_others_stay(monkeypatch, shape, size, shift) -> None:
    image = Image(array=np.zeros(shape, dtype=np.float32), affine=np.eye(4), spacing=(1.0, 1.0, 1.0), source="t")
    fused_kidney = box(shape, (2, 2, 2), size)
    fused_liver = box(shape, (20, 2, 2), size)
    classical_kidney = box(shape, (2 + shift, 2, 2), size)  # overlap (size - shift) / size
    classical_liver = box(shape, (20, 2 + size, 2), size)  # no overlap: another region
    aorta = box(shape, (2 + size - 2, 2, 2), 3)  # found by the vessel rule; cuts into the fused kidney
    made = {"kidney_left": classical_kidney, "liver": classical_liver, "aorta": aorta}

    def fake(self, image, structures=None):  # noqa: ANN001
        return Segmentation({k: LabelMap(array=v, affine=np.eye(4), spacing=(1.0, 1.0, 1.0), name=k)
                             for k, v in made.items()}, "classical")

    monkeypatch.setattr(classical.ClassicalSegmenter, "segment", fake)
    organs = {"kidney_left": fused_kidney.copy(), "liver": fused_liver.copy()}
    provenance: dict[str, str] = {}
    classical_where_agreed(image, organs, provenance)
    agree = (size - shift) / size
    assert organs["aorta"].sum() == aorta.sum() and "vessel rule" in provenance["aorta"]
    if agree >= AGREE_DICE:
        assert (organs["kidney_left"] == classical_kidney & ~aorta).all() and "agrees" in provenance["kidney_left"]
    else:
        assert (organs["kidney_left"] == fused_kidney & ~aorta).all() and "kidney_left" not in provenance
    assert (organs["liver"] == fused_liver).all() and "liver" not in provenance
