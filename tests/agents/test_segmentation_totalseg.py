"""TotalSegmentator adapter: its output convention (one label image, `class_map["total"]`) reaches our names and places."""

from __future__ import annotations

import math
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

pytest.importorskip("totalsegmentator")

from agents.segmenters import SegmenterUnavailable, get_segmenter  # noqa: E402
from agents.segmenters.provided import canonical_name  # noqa: E402
from imaging.volume import Image  # noqa: E402

RENAMED = {"inferior_vena_cava": "postcava", "gallbladder": "gall_bladder", "urinary_bladder": "bladder",
           "small_bowel": "intestine", "liver": "liver", "spleen": "spleen", "kidney_left": "kidney_left",
           "kidney_right": "kidney_right", "aorta": "aorta", "pancreas": "pancreas", "stomach": "stomach"}


def expected_name(ts_name: str) -> str:
    if ts_name.startswith("lung_"):
        return "lung_left" if ts_name.endswith("_left") else "lung_right"
    return RENAMED.get(ts_name, canonical_name(ts_name))


def weights(tmp_path: Path) -> Path:
    import torch

    folder = tmp_path / "weights"
    fold = folder / "Dataset291_TotalSegmentator_part1_organs_1559subj" / "nnUNetTrainer__nnUNetPlans__3d_fullres" / "fold_0"
    fold.mkdir(parents=True)
    torch.save({"network_weights": {}}, str(fold / "checkpoint_final.pth"))  # a stand-in that is a real checkpoint
    return folder


@pytest.mark.parametrize(("tilt", "spacing"), [(0.0, (1.5, 1.5, 1.5)), (12.0, (0.8, 0.8, 4.0))])
def test_every_total_class_reaches_its_structure_and_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         tilt: float, spacing: tuple[float, float, float]) -> None:
    from totalsegmentator import python_api
    from totalsegmentator.map_to_binary import class_map

    classes = class_map["total"]
    shape = (16, 12, 10)
    a = math.radians(tilt)
    affine = np.diag([*spacing, 1.0])
    affine[:3, :3] = np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]]) @ affine[:3, :3]
    affine[:3, 3] = (-50.0, 20.0, -400.0)
    image = Image(np.zeros(shape, np.float32), affine, spacing, "CT", "standin")
    flat = {value: (value * 13) % int(np.prod(shape)) for value in classes}  # one distinct voxel per class
    assert len(set(flat.values())) == len(flat)
    seen = {}

    def standin(nifti, output, ml, task, fast, device, quiet, **_):
        seen["affine"] = nifti.affine
        labels = np.zeros(nifti.shape, np.uint8)
        for value, index in flat.items():
            labels[np.unravel_index(index, nifti.shape)] = value
        return nib.Nifti1Image(labels, nifti.affine)  # TotalSegmentator answers on its input's grid

    monkeypatch.setattr(python_api, "totalsegmentator", standin)
    result = get_segmenter("totalsegmentator", weights_dir=str(weights(tmp_path)), device="cpu").segment(image)
    assert np.allclose(seen["affine"], affine)
    for value, ts_name in classes.items():
        name = expected_name(ts_name)
        mask = result.masks[name]
        assert mask.array.shape == shape and np.allclose(mask.affine, affine)
        assert mask.array[np.unravel_index(flat[value], shape)], (value, ts_name, name)
    for name, mask in result.masks.items():  # nothing lands anywhere else
        expected = {flat[v] for v, n in classes.items() if expected_name(n) == name}
        assert set(np.flatnonzero(mask.array)) == expected, name


def test_without_weights_the_error_names_the_download(tmp_path: Path) -> None:
    with pytest.raises(SegmenterUnavailable, match="totalseg_download_weights"):
        get_segmenter("totalsegmentator", weights_dir=str(tmp_path / "empty"))


@pytest.mark.parametrize(("name", "package", "hint"), [("totalsegmentator", "totalsegmentator", "pip install TotalSegmentator"),
                                                       ("nnunet", "nnunetv2", "pip install nnunetv2")])
def test_absent_packages_say_what_to_install(name: str, package: str, hint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda mod, *a: None if mod == package else real(mod, *a))
    with pytest.raises(SegmenterUnavailable, match=hint):
        get_segmenter(name)
