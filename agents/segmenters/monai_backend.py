"""MONAI networks and bundles from a local path: pre-process, sliding-window inference, invert, label.

Three ways to give a model (nothing is ever downloaded):

- a MONAI bundle folder: `configs/inference.json|yaml` (`network_def`, `preprocessing`, optional
  `inferer`), `configs/metadata.json` (labels from `network_data_format.outputs.pred.channel_def`)
  and `models/model.pt` (state dict) or `models/model.ts` (TorchScript);
- a TorchScript file (`.ts`, or any file `torch.jit.load` reads) with `labels`;
- a state-dict file with `network_def` (a MONAI config dict, e.g. `{"_target_": "UNet", ...}`) and `labels`.

The bundle's own pre-processing runs on the in-memory image (its loaders are skipped: the image is
already canonical RAS with its affine); predictions are inverted back to the image grid with
MONAI's `Invertd`, which replays the recorded transforms backwards, then arg-maxed to labels.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from agents.segmenters.base import Segmentation, SegmenterError, SegmenterUnavailable
from agents.segmenters.device import select_device
from agents.segmenters.model_files import check_torch_file
from agents.segmenters.provided import canonical_name, wanted
from imaging.volume import Image, LabelMap

_SKIPPED = ("LoadImage", "LoadImaged", "EnsureChannelFirst", "EnsureChannelFirstd", "SaveImage", "SaveImaged")
"""Bundle transforms that read or write files: the image arrives in memory, channel first."""


class MonaiSegmenter:
    """A MONAI network or bundle behind the segmenter protocol.

    Args:
        path: Bundle folder, TorchScript file or state-dict file.
        network: An `nn.Module` to use as is (instead of `path`).
        network_def: MONAI config of the network for a state-dict file.
        labels: Output channel -> structure name (bundles: read from metadata). Channel 0 is background.
        pixdim: Resample to this spacing (mm) before inference (non-bundle models); None keeps the grid.
        intensity_range: (a_min, a_max, b_min, b_max): clip HU to [a_min, a_max], scale to [b_min, b_max].
        roi_size, sw_batch_size, overlap: Sliding-window inference (non-bundle models, or bundles without `inferer`).
        device: "auto" (CUDA when available), "cpu", "cuda", "cuda:1".
        half: Half precision on CUDA (default: on when the device is CUDA).
    """

    name = "monai"

    def __init__(self, path: str | Path | None = None, *, network: Any = None, network_def: Mapping[str, Any] | None = None,
                 labels: Mapping[int | str, str] | None = None, pixdim: Sequence[float] | None = None,
                 intensity_range: Sequence[float] | None = None, roi_size: Sequence[int] = (96, 96, 96),
                 sw_batch_size: int = 1, overlap: float = 0.25, device: str = "auto", half: bool | None = None) -> None:
        if path is None and network is None:
            raise SegmenterUnavailable("the monai segmenter needs its `path` option (a bundle folder, a TorchScript or "
                                       "state-dict file) or a `network`")
        self.path = Path(path) if path is not None else None
        if self.path is not None and not self.path.exists():
            raise SegmenterUnavailable(f"MONAI model path {str(self.path)!r} does not exist; its `path` option must name "
                                       "a local bundle folder or model file (nothing is downloaded)")
        self._network, self._network_def = network, dict(network_def) if network_def else None
        self._labels = {int(k): canonical_name(v) for k, v in (labels or {}).items()}
        if network is None:
            self._check_model_files()
        self.pixdim, self.intensity_range = pixdim, intensity_range
        self.roi_size, self.sw_batch_size, self.overlap = tuple(roi_size), sw_batch_size, overlap
        self.device_choice, self._half = device, half
        self._loaded: tuple[Any, Any, Any] | None = None

    def segment(self, image: Image, structures: Sequence[str] | None = None) -> Segmentation:
        """Runs the network on `image` and returns one mask per labelled output channel."""
        import torch
        from monai.data import MetaTensor
        from monai.transforms import Invertd

        if image.affine is None or image.array.ndim != 3:
            raise SegmenterError(f"image {image.source!r} is not a 3D volume with geometry")
        network, preprocessing, inferer = self._load()
        device = select_device(self.device_choice)
        half = self._half if self._half is not None else device.type == "cuda"
        source = MetaTensor(torch.as_tensor(np.ascontiguousarray(image.array), dtype=torch.float32)[None],
                            affine=torch.as_tensor(image.affine, dtype=torch.float64),
                            meta={"filename_or_obj": image.source or "image"})
        data = preprocessing({"image": source})
        batch = data["image"].as_tensor()[None].to(device)
        network = network.to(device).eval()
        with torch.inference_mode(), torch.autocast(device.type, enabled=half):
            logits = inferer(batch, network)
        logits = torch.as_tensor(logits)[0].float().cpu()
        data["pred"] = MetaTensor(logits, meta=dict(data["image"].meta), applied_operations=list(data["image"].applied_operations))
        inverted = Invertd(keys="pred", transform=preprocessing, orig_keys="image", nearest_interp=False)(data)["pred"]
        scores = np.asarray(torch.as_tensor(inverted))
        if scores.shape[1:] != image.array.shape:
            raise SegmenterError(f"inverted prediction has shape {scores.shape[1:]!r}, image {image.array.shape!r}")
        labels = scores.argmax(axis=0)
        masks = {name: LabelMap(array=labels == channel, affine=np.asarray(image.affine).copy(), spacing=image.spacing,  # type: ignore[arg-type]
                                name=name, source=f"monai:{self.path or 'network'}#channel={channel}")
                 for channel, name in sorted(self._labels.items()) if channel != 0 and wanted(name, structures)}
        details = {"model": str(self.path) if self.path else "in-memory network", "device": str(device), "half": half,
                   "labels": {str(k): v for k, v in sorted(self._labels.items())}, "channels": int(scores.shape[0])}
        return Segmentation(masks, self.name, details)

    # -- loading ------------------------------------------------------------------------

    def _check_model_files(self) -> None:
        """The path holds a model (a bundle with its weights, or an intact model file), checked without loading it."""
        assert self.path is not None
        if self.path.is_dir():
            if not any((self.path / "configs" / f"inference.{ext}").exists() for ext in ("json", "yaml", "yml")):
                raise SegmenterUnavailable(f"MONAI model folder {str(self.path)!r} holds no bundle: no "
                                           "configs/inference.json or .yaml (give a bundle folder or a model file)")
            ts, weights = self.path / "models" / "model.ts", self.path / "models" / "model.pt"
            if weights.exists():
                check_torch_file(weights, "checkpoint", "MONAI bundle weights")
            elif ts.exists():
                check_torch_file(ts, "torchscript", "MONAI bundle model")
            else:
                raise SegmenterUnavailable(f"MONAI bundle {str(self.path)!r} holds no model: neither models/model.pt "
                                           "nor models/model.ts")
            return
        check_torch_file(self.path, "checkpoint" if self._network_def else "torchscript", "MONAI model path")
        if not self._labels:
            raise SegmenterUnavailable(f"no label names for {str(self.path)!r}: give its `labels` option, e.g. "
                                       '{"1": "liver", "2": "spleen"}')

    def _load(self) -> tuple[Any, Any, Any]:
        if self._loaded is None:
            if self.path is not None and self.path.is_dir():
                self._loaded = self._load_bundle(self.path)
            else:
                self._loaded = (self._load_network(), self._default_preprocessing(), self._default_inferer())
            if not self._labels:
                raise SegmenterUnavailable(f"no label names for {self.path or 'the network'}: pass labels={{1: 'liver', ...}} "
                                           "or use a bundle whose metadata.json has a channel_def")
        return self._loaded

    def _load_network(self) -> Any:
        import torch

        if self._network is not None:
            return self._network
        assert self.path is not None
        if self._network_def is None:
            try:
                return torch.jit.load(str(self.path), map_location="cpu")
            except RuntimeError as exc:
                raise SegmenterUnavailable(f"{str(self.path)!r} is not TorchScript; for a state dict pass "
                                           "network_def={'_target_': 'UNet', ...}") from exc
        network = _instantiate(self._network_def)
        network.load_state_dict(_state_dict(torch.load(str(self.path), map_location="cpu", weights_only=True)))
        return network

    def _default_preprocessing(self) -> Any:
        from monai.transforms import Compose, Orientationd, ScaleIntensityRanged, Spacingd

        steps: list[Any] = [Orientationd(keys="image", axcodes="RAS", labels=(("L", "R"), ("P", "A"), ("I", "S")))]
        if self.pixdim is not None:
            steps.append(Spacingd(keys="image", pixdim=tuple(self.pixdim), mode="bilinear"))
        if self.intensity_range is not None:
            a_min, a_max, b_min, b_max = self.intensity_range
            steps.append(ScaleIntensityRanged(keys="image", a_min=a_min, a_max=a_max, b_min=b_min, b_max=b_max, clip=True))
        return Compose(steps)

    def _default_inferer(self) -> Any:
        import torch
        from monai.inferers import SlidingWindowInferer

        return SlidingWindowInferer(roi_size=self.roi_size, sw_batch_size=self.sw_batch_size, overlap=self.overlap,
                                    mode="gaussian", device=torch.device("cpu"))  # stitch on the CPU: bounded GPU memory

    def _load_bundle(self, root: Path) -> tuple[Any, Any, Any]:
        import torch
        from monai.bundle import ConfigParser
        from monai.transforms import Compose

        config = next((root / "configs" / f"inference.{ext}" for ext in ("json", "yaml", "yml")
                       if (root / "configs" / f"inference.{ext}").exists()), None)
        if config is None:
            raise SegmenterUnavailable(f"{str(root)!r} is not a MONAI bundle: no configs/inference.json or .yaml")
        parser = ConfigParser()
        parser.read_config(str(config))
        parser["bundle_root"] = str(root)
        parser["device"] = "$torch.device('cpu')"
        metadata = root / "configs" / "metadata.json"
        if metadata.exists() and not self._labels:
            channels = json.loads(metadata.read_text()).get("network_data_format", {}).get("outputs", {}).get("pred", {}).get("channel_def", {})
            self._labels = {int(k): canonical_name(v) for k, v in channels.items()}
        ts, weights = root / "models" / "model.ts", root / "models" / "model.pt"
        if self._network is not None:
            network = self._network
        elif weights.exists() and "network_def" in parser:
            network = parser.get_parsed_content("network_def")
            network.load_state_dict(_state_dict(torch.load(str(weights), map_location="cpu", weights_only=True)))
        elif ts.exists():
            network = torch.jit.load(str(ts), map_location="cpu")
        else:
            raise SegmenterUnavailable(f"bundle {str(root)!r} has neither models/model.pt with a network_def nor models/model.ts")
        pre = parser.get_parsed_content("preprocessing") if "preprocessing" in parser else None
        steps = [t for t in (pre.transforms if pre is not None else []) if type(t).__name__ not in _SKIPPED]
        inferer = parser.get_parsed_content("inferer") if "inferer" in parser else self._default_inferer()
        return network, Compose(steps), inferer


def _instantiate(definition: Mapping[str, Any]) -> Any:
    """Builds a network from a MONAI config dict; a bare class name means `monai.networks.nets.<name>`."""
    from monai.bundle import ConfigParser

    spec = dict(definition)
    target = str(spec.get("_target_", ""))
    if target and "." not in target:
        spec["_target_"] = f"monai.networks.nets.{target}"
    return ConfigParser({"network": spec}).get_parsed_content("network")


def _state_dict(loaded: Any) -> Mapping[str, Any]:
    """Checkpoints are a state dict or wrap one (`{"model": ...}`, `{"state_dict": ...}`)."""
    if isinstance(loaded, Mapping):
        for key in ("model", "state_dict", "network"):
            if key in loaded and isinstance(loaded[key], Mapping):
                return loaded[key]
        return loaded
    raise SegmenterError(f"checkpoint holds a {type(loaded).__name__}, not a state dict")
