"""Adapters for TotalSegmentator and nnU-Net v2, used when the package and weights are on disk.

Neither adapter downloads anything: a missing package or missing weights is a
`SegmenterUnavailable` naming what to install or where to point. Both hand the model the
canonical-RAS volume with its affine and bring the labels back onto the image grid.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np

from agents.segmenters.base import Segmentation, SegmenterError, SegmenterUnavailable
from agents.segmenters.device import select_device
from agents.segmenters.grid import to_image_grid
from agents.segmenters.model_files import check_torch_file
from agents.segmenters.provided import canonical_name, wanted
from imaging.volume import Image, LabelMap, spacing_of

_TOTALSEG_NAMES = {"inferior_vena_cava": "postcava", "gallbladder": "gall_bladder", "urinary_bladder": "bladder",
                   "small_bowel": "intestine"}


def _require(module: str, install: str) -> None:
    if importlib.util.find_spec(module) is None:
        raise SegmenterUnavailable(f"package {module!r} is not installed: {install}")


def _labels_to_masks(labels: np.ndarray, affine: np.ndarray, names: dict[int, str], image: Image,
                     structures: Sequence[str] | None, source: str) -> tuple[dict[str, LabelMap], dict[str, Any]]:
    """One mask per label value, brought to canonical RAS and onto the image grid."""
    canonical = nib.as_closest_canonical(nib.Nifti1Image(labels.astype(np.int16), affine))
    array, ras = np.asarray(canonical.dataobj), canonical.affine.copy()
    masks, notes = {}, {}
    for value, name in sorted(names.items()):
        if value == 0 or not wanted(name, structures):
            continue
        mask = LabelMap(array=array == value, affine=ras, spacing=spacing_of(ras), name=name, source=f"{source}#label={value}")
        if name in masks:  # several model labels map to one structure (lung lobes): union
            mask = LabelMap(array=masks[name].array | mask.array, affine=ras, spacing=mask.spacing, name=name, source=source)
        masks[name], notes[name] = to_image_grid(mask, image)
    return masks, notes


class TotalSegmentatorSegmenter:
    """TotalSegmentator (`pip install TotalSegmentator`) with weights already downloaded.

    Args:
        task: TotalSegmentator task (`total`, ...).
        fast: The 3 mm model.
        device: "auto", "cpu", "cuda".
        weights_dir: Where the weights are (default: TotalSegmentator's own, `TOTALSEG_HOME_DIR`).
    """

    name = "totalsegmentator"

    def __init__(self, task: str = "total", fast: bool = False, device: str = "auto", weights_dir: str | None = None) -> None:
        _require("totalsegmentator", "pip install TotalSegmentator, then fetch weights once with "
                                     "`totalseg_download_weights -t total` (or set TOTALSEG_HOME_DIR to a folder holding them)")
        self.task, self.fast, self.device_choice = task, fast, device
        self.weights_dir = Path(weights_dir) if weights_dir else self._default_weights_dir()
        fetch = (f"run `totalseg_download_weights -t {task}` once, or set TOTALSEG_HOME_DIR or the `weights_dir` "
                 "option (clinorch never downloads at run time)")
        if not self.weights_dir.is_dir() or not any(self.weights_dir.glob("Dataset*")):
            raise SegmenterUnavailable(f"no TotalSegmentator weights under {str(self.weights_dir)!r}: {fetch}")
        checkpoints = sorted(self.weights_dir.glob("Dataset*/*/fold_*/checkpoint_final.pth"))
        if not checkpoints:
            raise SegmenterUnavailable(f"the TotalSegmentator weights folder {str(self.weights_dir)!r} holds Dataset* "
                                       f"folders but no model (no Dataset*/*/fold_*/checkpoint_final.pth): {fetch}")
        for checkpoint in checkpoints:
            check_torch_file(checkpoint, "checkpoint", "TotalSegmentator checkpoint")

    @staticmethod
    def _default_weights_dir() -> Path:
        from totalsegmentator.config import get_weights_dir

        return Path(get_weights_dir())

    def segment(self, image: Image, structures: Sequence[str] | None = None) -> Segmentation:
        from totalsegmentator.map_to_binary import class_map
        from totalsegmentator.python_api import totalsegmentator

        device = select_device(self.device_choice)
        nifti = nib.Nifti1Image(np.asarray(image.array, dtype=np.float32), np.asarray(image.affine))
        result = totalsegmentator(nifti, None, ml=True, task=self.task, fast=self.fast, device=device.type, quiet=True)
        names = {int(k): _TOTALSEG_NAMES.get(v, canonical_name(v)) for k, v in class_map[self.task].items()}
        names = {k: ("lung_left" if v.startswith("lung_upper_lobe_left") or v.startswith("lung_lower_lobe_left")
                     else "lung_right" if v.startswith("lung_") and v.endswith("_right") else v) for k, v in names.items()}
        masks, notes = _labels_to_masks(np.asarray(result.dataobj), result.affine, names, image, structures, "totalsegmentator")
        return Segmentation(masks, self.name, {"task": self.task, "fast": self.fast, "device": str(device), "structures": notes})


class NnUNetSegmenter:
    """A trained nnU-Net v2 model folder (`pip install nnunetv2`).

    Args:
        model_folder: Folder with `dataset.json`, `plans.json` and `fold_*/checkpoint_final.pth`.
        folds: Folds to ensemble (default: every `fold_*` present).
        device: "auto", "cpu", "cuda".
    """

    name = "nnunet"

    def __init__(self, model_folder: str | None = None, folds: Sequence[int | str] | None = None,
                 checkpoint: str = "checkpoint_final.pth", device: str = "auto") -> None:
        _require("nnunetv2", "pip install nnunetv2, and point the `model_folder` option at a trained model folder")
        holds = "a folder holding dataset.json, plans.json and fold_*/checkpoint_final.pth"
        if model_folder is None:
            raise SegmenterUnavailable(f"the nnunet segmenter needs its `model_folder` option: {holds}")
        folder = Path(model_folder)
        if not folder.is_dir():
            raise SegmenterUnavailable(f"nnU-Net model folder {str(folder)!r} not found (or not a folder): "
                                       f"the `model_folder` option must name {holds}")
        missing = [name for name in ("dataset.json", "plans.json") if not (folder / name).is_file()]
        if missing:
            raise SegmenterUnavailable(f"nnU-Net model folder {str(folder)!r} exists but holds no model: no "
                                       f"{' or '.join(missing)} (expected {holds})")
        self.model_folder, self.checkpoint, self.device_choice = folder, checkpoint, device
        self.folds = tuple(folds) if folds else tuple(int(p.name.split("_")[1]) for p in self.model_folder.glob("fold_*"))
        if not self.folds:
            raise SegmenterUnavailable(f"nnU-Net model folder {str(folder)!r} holds no model: no fold_* folder")
        for fold in self.folds:
            check_torch_file(folder / f"fold_{fold}" / checkpoint, "checkpoint", f"nnU-Net fold {fold} checkpoint")
        self._predictor: Any = None

    def segment(self, image: Image, structures: Sequence[str] | None = None) -> Segmentation:
        if self._predictor is None:
            from nnunetv2.inference.predict_from_raw_data import nnUNetPredictor

            self._predictor = nnUNetPredictor(tile_step_size=0.5, use_gaussian=True, use_mirroring=True,
                                              device=select_device(self.device_choice))
            self._predictor.initialize_from_trained_model_folder(str(self.model_folder), use_folds=self.folds,
                                                                 checkpoint_name=self.checkpoint)
        if image.spacing is None:
            raise SegmenterError(f"image {image.source!r} has no spacing")
        # nnU-Net's NibabelIO(WithReorient) convention: array axes reversed (k, j, i), spacing reversed.
        volume = np.asarray(image.array, dtype=np.float32).transpose(2, 1, 0)[None]
        properties = {"spacing": [float(s) for s in reversed(image.spacing)]}
        labels = np.asarray(self._predictor.predict_single_npy_array(volume, properties, None, None, False)).transpose(2, 1, 0)
        dataset = json.loads((self.model_folder / "dataset.json").read_text())
        names = {int(v): canonical_name(k) for k, v in dataset.get("labels", {}).items() if isinstance(v, int)}
        masks, notes = _labels_to_masks(labels, np.asarray(image.affine), names, image, structures, f"nnunet:{self.model_folder}")
        return Segmentation(masks, self.name, {"model_folder": str(self.model_folder), "folds": list(self.folds), "structures": notes})
