"""nnU-Net v2 adapter: a real model folder whose network is a fixed function of intensity, on any grid."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("nnunetv2")
torch = pytest.importorskip("torch")

from agents.segmenters import SegmenterUnavailable, get_segmenter  # noqa: E402
from imaging.volume import Image  # noqa: E402
from tests.agents.nnunet_standin import bands  # noqa: E402

LABELS = {"background": 0, "liver": 1, "kidney_left": 2, "aorta": 3}


def model_folder(root: Path, spacing_zyx: list[float], patch: list[int]) -> Path:
    """dataset.json, plans.json and fold_0/checkpoint_final.pth of the stand-in network."""
    root.mkdir(parents=True)
    (root / "dataset.json").write_text(json.dumps({"channel_names": {"0": "CT"}, "labels": LABELS, "numTraining": 1,
                                                   "file_ending": ".nii.gz"}))
    configuration = {
        "data_identifier": "standin", "preprocessor_name": "DefaultPreprocessor", "batch_size": 1, "patch_size": patch,
        "median_image_size_in_voxels": patch, "spacing": spacing_zyx, "normalization_schemes": ["NoNormalization"],
        "use_mask_for_norm": [False], "resampling_fn_data": "resample_data_or_seg_to_shape",
        "resampling_fn_seg": "resample_data_or_seg_to_shape", "resampling_fn_probabilities": "resample_data_or_seg_to_shape",
        "resampling_fn_data_kwargs": {"is_seg": False, "order": 1, "order_z": 0, "force_separate_z": None},
        "resampling_fn_seg_kwargs": {"is_seg": True, "order": 1, "order_z": 0, "force_separate_z": None},
        "resampling_fn_probabilities_kwargs": {"is_seg": False, "order": 1, "order_z": 0, "force_separate_z": None},
        "architecture": {"network_class_name": "tests.agents.nnunet_standin.IntensityBands", "arch_kwargs": {},
                         "_kw_requires_import": []},
        "batch_dice": False,
    }
    plans = {"dataset_name": "Dataset999_Standin", "plans_name": "nnUNetPlans", "original_median_spacing_after_transp": spacing_zyx,
             "original_median_shape_after_transp": patch, "image_reader_writer": "NibabelIOWithReorient",
             "transpose_forward": [0, 1, 2], "transpose_backward": [0, 1, 2], "configurations": {"3d_fullres": configuration},
             "experiment_planner_used": "ExperimentPlanner", "label_manager": "LabelManager",
             "foreground_intensity_properties_per_channel": {"0": {"mean": 0.0, "std": 1.0, "percentile_00_5": -1024.0,
                                                                   "percentile_99_5": 3000.0, "max": 3000.0, "min": -1024.0,
                                                                   "median": 0.0}}}
    (root / "plans.json").write_text(json.dumps(plans))
    (root / "fold_0").mkdir()
    torch.save({"trainer_name": "nnUNetTrainer", "init_args": {"configuration": "3d_fullres"},
                "inference_allowed_mirroring_axes": (0, 1, 2), "network_weights": {"unit": torch.ones(1)}},
               root / "fold_0" / "checkpoint_final.pth")
    return root


def volume(shape: tuple[int, int, int], spacing: tuple[float, float, float], tilt_deg: float, flip: bool) -> Image:
    """A canonical-grid CT of blobs of every band, with an affine that may be tilted or mirrored in storage."""
    rng = np.random.default_rng(sum(shape))
    ct = rng.normal(-300, 50, shape).astype(np.float32)
    i, j, k = np.indices(shape)
    for n, hu in enumerate((40.0, 200.0, 600.0)):
        centre = np.array(shape) * (0.25 + 0.25 * n)
        ct[((i - centre[0]) / 4) ** 2 + ((j - centre[1]) / 5) ** 2 + ((k - centre[2]) / 3) ** 2 <= 1] = hu
    ct[: shape[0] // 3, : shape[1] // 2, :] += 150.0  # an asymmetric slab: a flip or transpose cannot go unseen
    affine = np.diag([*spacing, 1.0])
    a = math.radians(tilt_deg)
    rotation = np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]])
    affine[:3, :3] = rotation @ affine[:3, :3]
    if flip:
        affine[:3, 0] *= -1
    affine[:3, 3] = (-100.0, 40.0, -300.0)
    return Image(ct, affine, spacing, "CT", f"standin-{shape}-{tilt_deg}")


@pytest.mark.slow
@pytest.mark.parametrize(("shape", "spacing", "tilt", "flip"), [
    ((24, 20, 12), (1.0, 1.0, 1.0), 0.0, False),     # RAS, isotropic
    ((24, 20, 12), (0.8, 0.8, 1.0), 0.0, True),      # LAS-like storage
    ((24, 20, 12), (1.2, 1.2, 1.2), 15.0, False),    # oblique
    ((28, 22, 8), (0.7, 0.7, 5.0), 0.0, False),      # anisotropic, thick slices
])
def test_masks_equal_the_network_function_on_the_image_grid(tmp_path: Path, shape, spacing, tilt, flip) -> None:
    image = volume(shape, spacing, tilt, flip)
    folder = model_folder(tmp_path / "model", [spacing[2], spacing[1], spacing[0]], [8, 16, 16])
    result = get_segmenter("nnunet", model_folder=str(folder), device="cpu").segment(image)
    expected = bands(image.array)
    for name, value in LABELS.items():
        if value == 0:
            continue
        mask = result.masks[name]
        assert mask.array.shape == image.array.shape and np.allclose(mask.affine, image.affine)
        assert np.array_equal(mask.array, expected == value), (name, int((mask.array != (expected == value)).sum()))


def test_missing_model_folder_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(SegmenterUnavailable, match="model_folder"):
        get_segmenter("nnunet", model_folder=str(tmp_path / "nowhere"))
