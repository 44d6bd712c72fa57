"""The embedded classical segmenter: Dice per structure on phantoms, body / lungs / bone on a real CT slice."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pydicom
import pytest

from agents.segmenters import get_segmenter
from agents.segmenters.lesion_search import KIDNEY_NONE
from imaging.masks import read_mask
from imaging.volume import read_image

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
    assert "kidney_tumor" not in result.masks  # a cyst (5 HU) is no solid tumour; found none in a kidney is unknown
    assert result.details["landmarks"]["not_found"]["kidney_tumor"] == KIDNEY_NONE
    drawn = {name for name in LESIONS if read_mask(phantom_dir / "segmentations" / f"{name}.nii.gz").array.any()}
    assert set(result.details["lesion_counts"]) == drawn  # each lesion mask found is a lower bound
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


def _real_abdominal_slice(tmp_path: Path) -> Path:
    """pydicom-data's explicit_VR-UN.dcm (a real abdominal CT slice) with the slice thickness it lacks."""
    from pydicom.data import get_testdata_file

    dataset = pydicom.dcmread(get_testdata_file("explicit_VR-UN.dcm"))
    dataset.SliceThickness = 5.0
    path = tmp_path / "abdomen.dcm"
    dataset.save_as(path)
    return path


def test_real_abdominal_slice_bowel_gas_is_not_lung_and_the_liver_is_on_the_right(tmp_path: Path) -> None:
    image = read_image(_real_abdominal_slice(tmp_path))
    masks = get_segmenter("classical").segment(image).masks
    ct = image.array
    assert "lung_left" not in masks and "lung_right" not in masks  # its gas is in the bowel and the table's cushion
    liver = masks["liver"].array
    body = masks["body"].array
    i_body = np.flatnonzero(body.any(axis=(1, 2)))
    assert liver.sum() * np.prod(image.spacing[:2]) > 50 * 100  # at least 50 cm2 of liver in the slice
    middle = (i_body[0] + i_body[-1]) / 2
    assert np.argwhere(liver)[:, 0].mean() > middle  # the patient's right (header, RAS)
    assert (np.argwhere(liver)[:, 0] < middle).mean() < 0.1  # no leak across the midline into the bowel
    assert 60 < float(np.median(ct[liver])) < 140  # portal-venous liver parenchyma


FLOOR = {"liver": 0.8, "kidney_left": 0.85, "kidney_right": 0.85, "aorta": 0.6, "postcava": 0.6, "spleen": 0.4}
"""What the landmark stage reaches on touching organs today (bench_segmentation.py has the means): the spleen,
which abuts the stomach and bowel at a few HU of contrast, is its weak organ."""


def scored_organs(case: Path, truth: dict, result, voxel_ml: float) -> tuple[dict[str, float], dict[str, str]]:
    """Dice of each organ mostly in view, and the organs the segmenter reported not found (with its reasons)."""
    not_found = result.details.get("landmarks", {}).get("not_found", {})
    scores = {}
    for organ in FLOOR:
        if truth["organs"][organ]["voxel_count"] * voxel_ml < 40.0:  # mostly out of view
            continue
        if organ in not_found:
            assert organ not in result.masks  # reported not found: no mask to answer from
            continue
        expected = read_mask(case / "segmentations" / f"{organ}.nii.gz").array
        found = result.masks[organ].array if organ in result.masks else np.zeros_like(expected)
        scores[organ] = dice(found, expected)
    return scores, not_found


@pytest.mark.slow
@pytest.mark.parametrize("seed", [7001, 7002, 7003])
def test_touching_organs_of_randomised_patients(tmp_path: Path, seed: int) -> None:
    """Organs abutting each other and the wall with no fat plane, varied HU, size, voxel size, storage, phase:
    each organ is drawn well or reported not found with a reason, never drawn wrong; the liver is always drawn."""
    from synthetic.phantom import make_phantom, random_spec

    truth = make_phantom(tmp_path / "case", random_spec(seed, max_voxels=800_000))
    image = read_image(tmp_path / "case" / "ct.nii.gz")
    result = get_segmenter("classical").segment(image)
    scores, not_found = scored_organs(tmp_path / "case", truth, result, float(np.prod(image.spacing)) / 1000.0)
    print(seed, {k: round(v, 3) for k, v in scores.items()}, not_found)
    assert "liver" in scores and all(score >= FLOOR[organ] for organ, score in scores.items()), scores
    assert all(reason for reason in not_found.values())
