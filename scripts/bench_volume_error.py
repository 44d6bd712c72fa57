"""How far a predicted organ volume is from the reference, in boundary layers of the predicted mask.

    .venv/bin/python scripts/bench_volume_error.py FOLDER [--segmenter classical] [--json out.json]

FOLDER holds case folders (``<case>/ct.nii.gz`` and ``<case>/segmentations/<name>.nii.gz``). For each case the
segmenter runs on the CT; for each organ both it and the reference hold (and whose size the segmenter gives: not one
marked `size_unknown`), prints the predicted and reference volumes,
the predicted mask's boundary layer (`agents.segmenters.volume_error.boundary_layer_ml`: the voxels with a face on
the outside) and the error in layers, |predicted - reference| / layer. The highest error in layers over a tuning
set is what `volume_error.LAYERS` is set from; a held-back set then shows how often the error stays within it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ORGANS = ("liver", "spleen", "kidney_left", "kidney_right", "pancreas", "stomach", "gall_bladder")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--segmenter", default="classical")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    from agents.segmenters import get_segmenter
    from agents.segmenters.grid import to_image_grid
    from agents.segmenters.volume_error import LAYERS, boundary_layer_ml
    from imaging.masks import read_mask
    from imaging.volume import read_image

    segmenter = get_segmenter(args.segmenter)
    rows = []
    for case in sorted(p for p in args.folder.iterdir() if (p / "ct.nii.gz").exists()):
        image = read_image(case / "ct.nii.gz")
        found = segmenter.segment(image).masks
        voxel_ml = float(np.prod(image.spacing)) / 1000.0
        for organ in ORGANS:
            path = case / "segmentations" / f"{organ}.nii.gz"
            if organ not in found or not path.exists():
                continue
            if found[organ].size_unknown:  # its size is withheld (`LabelMap.size_unknown`): no volume to err
                print(json.dumps({"case": case.name, "organ": organ, "size_unknown": found[organ].size_unknown[:80]}))
                continue
            truth = to_image_grid(read_mask(path, organ), image)[0].array.astype(bool)
            predicted = found[organ].array
            v_pred, v_true = np.count_nonzero(predicted) * voxel_ml, np.count_nonzero(truth) * voxel_ml
            layer = boundary_layer_ml(predicted, voxel_ml)
            layers = abs(v_pred - v_true) / layer if layer else float("inf")
            rows.append({"case": case.name, "organ": organ, "predicted_ml": round(v_pred, 1),
                         "reference_ml": round(v_true, 1), "layer_ml": round(layer, 1), "layers": round(layers, 2),
                         "within": bool(layers <= LAYERS.get(organ, LAYERS["default"]))})
            print(json.dumps(rows[-1]), flush=True)
    for organ in ORGANS:
        mine = [r["layers"] for r in rows if r["organ"] == organ]
        if mine:
            print(f"{organ:14s} n={len(mine):2d} layers median {np.median(mine):5.2f} max {max(mine):6.2f} "
                  f"within {sum(r['within'] for r in rows if r['organ'] == organ)}/{len(mine)}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
