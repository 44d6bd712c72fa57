"""How far a predicted organ's mean HU is from the reference mask's, in HU.

    .venv/bin/python scripts/bench_hu_error.py FOLDER [--segmenter classical] [--json out.json]

FOLDER holds case folders (``<case>/ct.nii.gz`` and ``<case>/segmentations/<name>.nii.gz``). For each case the
segmenter runs on the CT; for each organ both it and the reference hold, prints the Dice of the two masks and the
mean HU of each, measured as DeepTumorVQA does (`agents.measures.organs.organ_stats`: the organ minus its
lesion masks, eroded by a 3x3x3 cube): the predicted organ minus the lesions the segmenter found, as the pipeline
measures it, so a lesion it missed counts in the error. The largest |predicted - reference| over a tuning set is what
`agents.segmenters.hu_error.HU_ERROR` is set from.
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

ORGANS = ("liver", "spleen", "pancreas", "kidney_left", "kidney_right")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--segmenter", default="classical")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    from agents.measures.organs import organ_stats
    from agents.segmenters import get_segmenter
    from agents.segmenters.grid import to_image_grid
    from core.anatomy import LESION_MASKS
    from imaging.masks import read_mask
    from imaging.volume import read_image

    segmenter = get_segmenter(args.segmenter)
    rows = []
    for case in sorted(p for p in args.folder.iterdir() if (p / "ct.nii.gz").exists()):
        image = read_image(case / "ct.nii.gz")
        ct = np.asarray(image.array, dtype=np.float64)
        found = segmenter.segment(image).masks
        lesions = np.zeros(ct.shape, dtype=bool)
        own = np.zeros(ct.shape, dtype=bool)
        for name in LESION_MASKS:
            if name in found:
                own |= found[name].array.astype(bool)
            path = case / "segmentations" / f"{name}.nii.gz"
            if path.exists():
                lesions |= to_image_grid(read_mask(path, name), image)[0].array.astype(bool)
        for organ in ORGANS:
            path = case / "segmentations" / f"{organ}.nii.gz"
            if organ not in found or not path.exists():
                continue
            truth = to_image_grid(read_mask(path, organ), image)[0].array.astype(bool)
            predicted = found[organ].array.astype(bool)
            if not predicted.any() or not truth.any():
                continue
            hu = [organ_stats(m, ct, lambda box, les=les: les[box], 1.0).mean_hu
                  for m, les in ((predicted, own), (truth, lesions))]
            if None in hu:
                continue
            dice = 2 * np.count_nonzero(predicted & truth) / (np.count_nonzero(predicted) + np.count_nonzero(truth))
            rows.append({"case": case.name, "organ": organ, "dice": round(float(dice), 3),
                         "predicted_hu": round(hu[0], 1), "reference_hu": round(hu[1], 1),
                         "error_hu": round(abs(hu[0] - hu[1]), 1)})
            print(json.dumps(rows[-1]), flush=True)
    for organ in ORGANS:
        mine = [r["error_hu"] for r in rows if r["organ"] == organ]
        if mine:
            print(f"{organ:14s} n={len(mine):2d} HU error median {np.median(mine):5.1f} max {max(mine):6.1f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
