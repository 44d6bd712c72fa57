"""Dice per organ, lesion recall and false lesions of a segmenter on cases in the AbdomenAtlas layout.

    .venv/bin/python scripts/bench_segmentation.py FOLDER [--segmenter classical] [--limit N] [--json out.json]

FOLDER holds case folders (``<case>/ct.nii.gz`` and ``<case>/segmentations/<name>.nii.gz``), or is one.
For each case the segmenter runs on the CT; each organ whose reference mask exists is scored by
Dice on the image grid (an organ the segmenter did not return scores 0). Lesions: the reference
lesion masks (liver_tumor, kidney_tumor, kidney_cyst, pancreas_tumor, and where the layout has them the cyst and
union masks liver_cyst, liver_lesion, kidney_lesion, pancreatic_cyst, pancreatic_lesion: a layout whose liver_tumor
holds solid lesions only keeps its cysts there, and a found cyst is no false lesion) are split into 26-connected
instances; an instance with a longest axial diameter of at least 10 mm counts as found when any
predicted lesion voxel touches it. False lesions: predicted lesion instances that touch no
reference lesion, counted on every case and separately on cases without any reference lesion.
Prints a table and the totals; the segmentation time per case is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ORGANS = ("liver", "spleen", "kidney_left", "kidney_right", "pancreas", "aorta", "postcava", "stomach", "gall_bladder")
LESIONS = ("liver_tumor", "kidney_tumor", "kidney_cyst", "pancreas_tumor")
REFERENCE_LESIONS = LESIONS + ("liver_cyst", "liver_lesion", "kidney_lesion", "pancreatic_cyst", "pancreatic_lesion")
"""Every lesion mask of the AbdomenAtlas-style layouts (DeepTumorVQA's: `liver_lesion` = tumour and cyst)."""
MIN_LESION_MM = 10.0


def dice(found: np.ndarray, truth: np.ndarray) -> float:
    """2|A and B| / (|A| + |B|); 1 when both are empty."""
    total = int(np.count_nonzero(found)) + int(np.count_nonzero(truth))
    return 1.0 if total == 0 else 2.0 * int(np.count_nonzero(found & truth)) / total


def cases_in(folder: Path) -> list[Path]:
    """The case folders under `folder` (or `folder` itself when it is one), sorted by name."""
    if (folder / "ct.nii.gz").exists():
        return [folder]
    return sorted(p for p in folder.iterdir() if (p / "ct.nii.gz").exists())


def score_case(case: Path, segmenter: Any) -> dict[str, Any]:
    """Dice per organ, lesion instances found / missed, false lesions, and the time taken, for one case."""
    import cc3d

    from agents.segmenters.grid import to_image_grid
    from imaging.masks import read_mask
    from imaging.volume import read_image
    from synthetic.phantom import longest_axial_diameter

    image = read_image(case / "ct.nii.gz")
    started = time.perf_counter()
    result = segmenter.segment(image)
    seconds = time.perf_counter() - started

    def reference(name: str) -> np.ndarray | None:
        path = case / "segmentations" / f"{name}.nii.gz"
        return to_image_grid(read_mask(path, name), image)[0].array.astype(bool) if path.exists() else None

    organs = {}
    for name in ORGANS:
        truth = reference(name)
        if truth is None or not truth.any():
            continue
        found = result.masks[name].array.astype(bool) if name in result.masks else np.zeros_like(truth)
        organs[name] = round(dice(found, truth), 4)
    truth_lesions = np.zeros(image.array.shape, dtype=bool)
    for name in REFERENCE_LESIONS:
        mask = reference(name)
        if mask is not None:
            truth_lesions |= mask
    found_lesions = np.zeros(image.array.shape, dtype=bool)
    for name in LESIONS:
        if name in result.masks:
            found_lesions |= result.masks[name].array.astype(bool)
    labels, count = cc3d.connected_components(truth_lesions, connectivity=26, return_N=True)
    large, found = 0, 0
    for label in range(1, count + 1):
        instance = labels == label
        diameter, _ = longest_axial_diameter(instance, image.spacing)
        if diameter >= MIN_LESION_MM:
            large += 1
            found += bool((instance & found_lesions).any())
    predicted, n_predicted = cc3d.connected_components(found_lesions, connectivity=26, return_N=True)
    false = sum(1 for label in range(1, n_predicted + 1) if not truth_lesions[predicted == label].any())
    return {"case": case.name, "dice": organs, "lesions_ge_10mm": large, "lesions_found": found,
            "false_lesions": false, "lesion_free": not truth_lesions.any(), "seconds": round(seconds, 2),
            "shape": list(image.array.shape), "spacing": [round(s, 3) for s in image.spacing]}


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean Dice per organ, lesion recall, false lesions (all cases and lesion-free ones), time."""
    per_organ = {name: [r["dice"][name] for r in rows if name in r["dice"]] for name in ORGANS}
    large = sum(r["lesions_ge_10mm"] for r in rows)
    return {
        "cases": len(rows),
        "dice_mean": {name: round(float(np.mean(v)), 4) for name, v in per_organ.items() if v},
        "dice_min": {name: round(float(np.min(v)), 4) for name, v in per_organ.items() if v},
        "lesion_recall_ge_10mm": round(sum(r["lesions_found"] for r in rows) / large, 4) if large else None,
        "lesions_ge_10mm": large,
        "false_lesions_all_cases": sum(r["false_lesions"] for r in rows),
        "false_lesions_on_lesion_free_cases": sum(r["false_lesions"] for r in rows if r["lesion_free"]),
        "lesion_free_cases": sum(1 for r in rows if r["lesion_free"]),
        "seconds_mean": round(float(np.mean([r["seconds"] for r in rows])), 2) if rows else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--segmenter", default="classical", help="backend name (classical, totalsegmentator, nnunet, monai)")
    parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE", help="segmenter option")
    parser.add_argument("--limit", type=int, default=None, help="score the first N cases only")
    parser.add_argument("--json", type=Path, default=None, help="write per-case rows and the summary here")
    args = parser.parse_args()

    from agents.segmenters import get_segmenter

    options = dict(item.split("=", 1) for item in args.option)
    segmenter = get_segmenter(args.segmenter, **options)
    rows = []
    for case in cases_in(args.folder)[: args.limit]:
        if not (case / "ct.nii.gz").exists():  # a folder still being written or rewritten by its generator
            print(f"{case.name:<24} skipped: ct.nii.gz is gone", flush=True)
            continue
        row = score_case(case, segmenter)
        rows.append(row)
        organs = " ".join(f"{k}={v:.2f}" for k, v in row["dice"].items())
        print(f"{row['case']:<24} {row['seconds']:>6.1f}s lesions {row['lesions_found']}/{row['lesions_ge_10mm']} "
              f"false {row['false_lesions']}  {organs}", flush=True)
    totals = summary(rows)
    print(json.dumps(totals, indent=2))
    if args.json:
        args.json.write_text(json.dumps({"summary": totals, "cases": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
