"""The embedded classical segmenter: Dice per structure on phantoms, body / lungs / bone on a real CT slice."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pydicom
import pytest

from agents.segmenters import get_segmenter
from imaging.volume import read_image, read_mask

ORGANS = ("liver", "spleen", "kidney_left", "kidney_right", "pancreas", "aorta", "postcava", "stomach", "gall_bladder")
LESIONS = ("liver_tumor", "kidney_cyst", "kidney_tumor", "pancreas_tumor")


def dice(a: np.ndarray, b: np.ndarray) -> float:
    total = np.count_nonzero(a) + np.count_nonzero(b)
    return 1.0 if total == 0 else 2 * np.count_nonzero(a & b) / total


def test_dice_per_structure_on_the_phantom(phantom_dir: Path) -> None:
    image = read_image(phantom_dir / "ct.nii.gz")
    result = get_segmenter("classical").segment(image)
    scores = {}
    for name in (*ORGANS, *LESIONS):
        truth = read_mask(phantom_dir / "segmentations" / f"{name}.nii.gz").array
        found = result.masks[name].array if name in result.masks else np.zeros_like(truth)
        scores[name] = dice(found, truth)
    print("classical Dice:", {k: round(v, 4) for k, v in scores.items()})
    for organ in ORGANS:
        assert scores[organ] >= 0.99, (organ, scores[organ])
    for lesion in LESIONS:  # kidney_tumor is absent in this phantom: an empty mask scores 1
        assert scores[lesion] >= 0.9, (lesion, scores[lesion])
    assert {"body", "bone", "lung_left", "lung_right"} <= set(result.masks)
    assert result.masks["kidney_tumor"].array.sum() == 0  # a cyst (5 HU) is not written as a solid tumour
    from agents.measures import measure_case

    truth = json.loads((phantom_dir / "ground_truth.json").read_text())
    values = {e.id: e.value for e in measure_case(image, result.masks)[0]}
    assert values["measurement:spleen:volume_ml"] == truth["organs"]["spleen"]["volume_ml"]
    assert values["measurement:liver_lesion:lesion_count"] == truth["lesion_groups"]["liver_lesion"]["lesion_count"]
    assert values["measurement:liver_lesion_1:adjacent_organs"] == "none"


def test_body_lungs_and_bone_on_a_real_ct_slice() -> None:
    path = Path(pydicom.__file__).parent / "data" / "test_files" / "CT_small.dcm"
    image = read_image(path)
    masks = get_segmenter("classical").segment(image).masks
    ct = image.array
    bone = masks["bone"].array
    assert bone[ct > 400].all()  # every cortical voxel
    assert not bone[ct < 100].any()
    left, right = masks["lung_left"].array, masks["lung_right"].array
    assert left.sum() > 1000 and right.sum() > 1000
    assert np.argwhere(right)[:, 0].mean() > np.argwhere(left)[:, 0].mean()  # right lung at high i (patient right)
    assert (ct[left | right] < -400).all()
    assert masks["body"].array.mean() > 0.5


def test_same_result_every_run(phantom_dir: Path) -> None:
    image = read_image(phantom_dir / "ct.nii.gz")
    first = get_segmenter("classical").segment(image)
    second = get_segmenter("classical").segment(image)
    assert set(first.masks) == set(second.masks)
    assert all(np.array_equal(first.masks[n].array, second.masks[n].array) for n in first.masks)


def test_not_a_volume_is_a_segmenter_error() -> None:
    from agents.segmenters import SegmenterError
    from imaging.volume import Image

    with pytest.raises(SegmenterError, match="photo.png"):
        get_segmenter("classical").segment(Image(np.zeros((8, 8), np.float32), None, None, None, "photo.png"))
