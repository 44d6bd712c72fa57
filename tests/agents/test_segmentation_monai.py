"""The MONAI adapter's plumbing: pre-processing, sliding windows, inversion and labels, made checkable.

A 1x1x1 convolution is a network whose right answer is known: with weights (0, 1) and biases
(0, -t) it labels every voxel above t HU. Any shift, flip or axis swap in the plumbing breaks
the equality with `ct > t`. A randomly initialised UNet, written by the test as a bundle, checks
that a bundle is read exactly (network, weights, transforms, inferer, labels).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("monai")

from agents.segmenters import SegmenterUnavailable, get_segmenter  # noqa: E402
from imaging.volume import read_image  # noqa: E402

THRESHOLD = 100.0


def _threshold_net(threshold: float = THRESHOLD) -> torch.nn.Module:
    net = torch.nn.Conv3d(1, 2, kernel_size=1)
    with torch.no_grad():
        net.weight.copy_(torch.tensor([0.0, 1.0]).reshape(2, 1, 1, 1, 1))
        net.bias.copy_(torch.tensor([0.0, -threshold]))
    return net


@pytest.fixture(scope="module")
def image(phantom_dir: Path):
    return read_image(phantom_dir / "ct.nii.gz")  # written LPS, held in canonical RAS


def test_native_grid_sliding_window_is_exact(image) -> None:
    segmenter = get_segmenter("monai", network=_threshold_net(), labels={1: "Bright"}, roi_size=(48, 40, 16),
                              sw_batch_size=2, overlap=0.5, device="cpu")
    result = segmenter.segment(image)
    bright = result.masks["bright"]
    assert bright.array.shape == image.array.shape and np.allclose(bright.affine, image.affine)
    assert np.array_equal(bright.array, image.array > THRESHOLD)
    assert result.details["device"] == "cpu" and result.details["labels"] == {"1": "bright"}


def test_resampled_inference_is_inverted_to_the_image_grid(image) -> None:
    """Soft tissue and bone vs fat and air (> -50 HU), inferred at 3 mm, brought back to 2 mm."""
    segmenter = get_segmenter("monai", network=_threshold_net(-50.0), labels={1: "tissue"}, pixdim=(3.0, 3.0, 5.0),
                              roi_size=(64, 64, 16), device="cpu")
    bright = segmenter.segment(image).masks["tissue"].array
    expected = image.array > -50.0
    def dice(a: np.ndarray, b: np.ndarray) -> float:
        return 2 * np.count_nonzero(a & b) / (np.count_nonzero(a) + np.count_nonzero(b))

    assert bright.shape == image.array.shape
    aligned = dice(bright, expected)
    assert aligned > 0.94, aligned  # a 3 mm detour blurs edges
    for axis in range(3):  # and the best agreement is with no shift: nothing moved, nothing flipped
        for step in (-1, 1):
            assert aligned > dice(bright, np.roll(expected, step, axis=axis)) + 0.01
    assert aligned > dice(bright, expected[::-1]) + 0.1


def _write_bundle(root: Path) -> torch.nn.Module:
    from monai.networks.nets import UNet

    torch.manual_seed(0)
    net = UNet(spatial_dims=3, in_channels=1, out_channels=3, channels=(4, 8), strides=(2,), num_res_units=0)
    (root / "configs").mkdir(parents=True)
    (root / "models").mkdir()
    torch.save(net.state_dict(), root / "models" / "model.pt")
    config = {
        "network_def": {"_target_": "monai.networks.nets.UNet", "spatial_dims": 3, "in_channels": 1, "out_channels": 3,
                        "channels": [4, 8], "strides": [2], "num_res_units": 0},
        "preprocessing": {"_target_": "Compose", "transforms": [
            {"_target_": "LoadImaged", "keys": "image"},
            {"_target_": "EnsureChannelFirstd", "keys": "image"},
            {"_target_": "Orientationd", "keys": "image", "axcodes": "RAS"},
            {"_target_": "Spacingd", "keys": "image", "pixdim": [3.0, 3.0, 5.0], "mode": "bilinear"},
            {"_target_": "ScaleIntensityRanged", "keys": "image", "a_min": -200, "a_max": 300, "b_min": 0.0,
             "b_max": 1.0, "clip": True}]},
        "inferer": {"_target_": "SlidingWindowInferer", "roi_size": [64, 64, 16], "sw_batch_size": 2, "overlap": 0.25,
                    "mode": "gaussian", "device": "$torch.device('cpu')"},
    }
    (root / "configs" / "inference.json").write_text(json.dumps(config))
    channels = {"0": "background", "1": "liver", "2": "spleen"}
    (root / "configs" / "metadata.json").write_text(json.dumps({"network_data_format": {"outputs": {"pred": {"channel_def": channels}}}}))
    return net


def test_bundle_round_trip_equals_the_same_network_in_memory(tmp_path: Path, image) -> None:
    net = _write_bundle(tmp_path / "bundle")
    from_bundle = get_segmenter("monai", path=tmp_path / "bundle", device="cpu").segment(image)
    in_memory = get_segmenter("monai", network=net, labels={0: "background", 1: "liver", 2: "spleen"},
                              pixdim=(3.0, 3.0, 5.0), intensity_range=(-200, 300, 0.0, 1.0), roi_size=(64, 64, 16),
                              sw_batch_size=2, overlap=0.25, device="cpu").segment(image)
    assert set(from_bundle.masks) == {"liver", "spleen"}  # labels from metadata.json, background dropped
    for name in ("liver", "spleen"):
        assert from_bundle.masks[name].array.shape == image.array.shape
        assert np.array_equal(from_bundle.masks[name].array, in_memory.masks[name].array)
    assert from_bundle.details["channels"] == 3


def test_torchscript_file(tmp_path: Path, image) -> None:
    scripted = torch.jit.script(_threshold_net())
    scripted.save(str(tmp_path / "model.ts"))
    result = get_segmenter("monai", path=tmp_path / "model.ts", labels={1: "bright"}, roi_size=(160, 128, 40),
                           device="cpu").segment(image)
    assert np.array_equal(result.masks["bright"].array, image.array > THRESHOLD)


def test_missing_model_names_where_to_point(tmp_path: Path) -> None:
    with pytest.raises(SegmenterUnavailable, match="does not exist"):
        get_segmenter("monai", path=tmp_path / "absent")
    with pytest.raises(SegmenterUnavailable, match="`path` option"):
        get_segmenter("monai")


@pytest.mark.parametrize(("shape", "spacing", "tilt", "flip"), [
    ((24, 20, 12), (1.0, 1.0, 1.0), 0.0, False),     # RAS, isotropic
    ((24, 20, 12), (0.8, 0.8, 1.0), 0.0, True),      # mirrored storage
    ((24, 20, 12), (1.2, 1.2, 1.2), 15.0, False),    # oblique
    ((28, 22, 8), (0.7, 0.7, 5.0), 0.0, False),      # anisotropic, thick slices
])
def test_torchscript_masks_equal_the_network_function_on_any_grid(tmp_path: Path, shape, spacing, tilt, flip) -> None:
    from tests.agents.test_segmentation_nnunet import volume

    image = volume(shape, spacing, tilt, flip)
    path = tmp_path / "threshold.ts"
    torch.jit.script(_threshold_net()).save(str(path))
    result = get_segmenter("monai", path=str(path), labels={1: "liver"}, roi_size=(16, 16, 8), device="cpu").segment(image)
    mask = result.masks["liver"]
    assert mask.array.shape == image.array.shape and np.allclose(mask.affine, image.affine)
    assert np.array_equal(mask.array, image.array > THRESHOLD)
