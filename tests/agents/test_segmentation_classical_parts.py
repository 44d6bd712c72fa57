"""Couinaud segments and pancreas parts of the classical segmenter against the phantom's partition."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import ndimage

from agents.segmenters import get_segmenter
from agents.segmenters.classical_parts import liver_segments, pancreas_parts
from imaging.masks import read_mask
from imaging.volume import read_image
from synthetic.phantom import LIVER_SEGMENTS, PANCREAS_PARTS


def dice(a: np.ndarray, b: np.ndarray) -> float:
    total = np.count_nonzero(a) + np.count_nonzero(b)
    return 1.0 if total == 0 else 2 * np.count_nonzero(a & b) / total


def test_subsegments_agree_with_the_phantom_partition(phantom_dir: Path) -> None:
    result = get_segmenter("classical").segment(read_image(phantom_dir / "ct.nii.gz"))
    truth = {n: read_mask(phantom_dir / "segmentations" / f"{n}.nii.gz").array > 0 for n in (*LIVER_SEGMENTS, *PANCREAS_PARTS)}
    scores = {n: dice(result.masks[n].array, truth[n]) for n in truth}
    print("sub-segment Dice:", {k: round(v, 3) for k, v in scores.items()})
    assert all(score >= 0.8 for score in scores.values()), scores
    liver = result.masks["liver"].array
    union = np.zeros_like(liver)
    for n in LIVER_SEGMENTS:  # a partition: disjoint, covering the liver
        assert not (union & result.masks[n].array).any()
        union |= result.masks[n].array
    assert np.array_equal(union, liver)
    lesions, count = ndimage.label(read_mask(phantom_dir / "segmentations" / "liver_tumor.nii.gz").array > 0,
                                   structure=np.ones((3, 3, 3)))
    for k in range(1, count + 1):  # each lesion's dominant segment is the phantom's
        voxels = lesions == k
        ours = max(LIVER_SEGMENTS, key=lambda n: np.count_nonzero(result.masks[n].array[voxels]))
        theirs = max(LIVER_SEGMENTS, key=lambda n: np.count_nonzero(truth[n][voxels]))
        assert ours == theirs, (k, ours, theirs)


def test_planes_follow_the_patient_not_the_grid() -> None:
    """Mirrored anatomy stays anatomical: segment 2/3 lie left of Cantlie's line, 5-8 right."""
    spacing = np.array([2.0, 2.0, 5.0])
    liver = np.zeros((60, 50, 20), dtype=bool)
    liver[10:55, 10:45, 4:18] = True
    ivc = np.zeros_like(liver)
    ivc[28:32, 18:22, :] = True
    parts = liver_segments(liver, ivc, None, np.array([58.0, 50.0]), 0.5, spacing)
    assert set(parts) == {f"liver_segment_{n}" for n in range(1, 9)}
    right_x = np.argwhere(parts["liver_segment_7"])[:, 0].mean()
    left_x = np.argwhere(parts["liver_segment_3"])[:, 0].mean()
    assert right_x > left_x  # right lobe at high i (patient's right)
    assert np.argwhere(parts["liver_segment_8"])[:, 2].mean() > np.argwhere(parts["liver_segment_5"])[:, 2].mean()
    assert liver_segments(liver, None, None, np.array([58.0, 50.0]), 0.5, spacing) == {}


def test_pancreas_head_sits_in_front_of_the_ivc() -> None:
    spacing = np.array([2.0, 2.0, 5.0])
    pancreas = np.zeros((80, 40, 10), dtype=bool)
    pancreas[10:70, 20:26, 3:7] = True
    ivc = np.zeros_like(pancreas)
    ivc[55:61, 10:16, :] = True
    parts = pancreas_parts(pancreas, ivc, spacing, 1.0)
    head_x = np.argwhere(parts["pancreas_head"])[:, 0]
    tail_x = np.argwhere(parts["pancreas_tail"])[:, 0]
    assert head_x.min() >= 55 and tail_x.max() < head_x.min()
    body_x = np.argwhere(parts["pancreas_body"])[:, 0]
    assert abs(len(body_x) - len(tail_x)) <= 2 * 6 * 4  # the distal gland halved along its length
