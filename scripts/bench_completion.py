"""How reliable is completing a missing lesion mask from the lesion finder inside PROVIDED organ masks?

    .venv/bin/python scripts/bench_completion.py FOLDER [--json out.json]

FOLDER holds case folders (``<case>/ct.nii.gz``, ``<case>/segmentations/<name>.nii.gz``, ``ground_truth.json``).
For each case and lesion group the finder covers (`completion.FINDER_GROUPS`), the group's lesion masks are taken
away (the "incomplete" mask set of a folder that writes lesion masks only where a lesion exists) and the finder runs
inside the provided organ masks (`completion._new_lesions`). Per group it prints the reference lesions (count,
largest diameter) and the finder's: on a lesion-free organ any finding is a false lesion (completion then leaves
the mask unknown: an abstention, not a wrong answer); a liver or pancreas whose HU spread exceeds the noise
(`completion.spread_over_noise` > `homogeneous_limit`) is left unknown too; an organ with lesions completed as empty
is a wrong "no lesion".
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    from agents.segmenters.completion import FINDER_GROUPS, _new_lesions, homogeneous_limit, spread_over_noise
    from agents.segmenters.grid import to_image_grid
    from core.anatomy import LESION_GROUPS
    from imaging.masks import read_mask
    from imaging.volume import read_image

    rows = []
    for case in sorted(p for p in args.folder.iterdir() if (p / "ct.nii.gz").exists()):
        image = read_image(case / "ct.nii.gz")
        truth = json.loads((case / "ground_truth.json").read_text())

        def mask(name: str, case: Path = case, image: object = image) -> np.ndarray | None:
            path = case / "segmentations" / f"{name}.nii.gz"
            return to_image_grid(read_mask(path, name), image)[0].array.astype(bool) if path.exists() else None

        for group in (g for g in LESION_GROUPS if g.name in FINDER_GROUPS):
            lesions = [m for name in group.lesion_masks if (m := mask(name)) is not None]
            reference = int(sum(truth.get("lesion_masks", {}).get(n, {}).get("lesion_count", 0)
                                for n in group.lesion_masks))
            organs = [(o, m) for o in group.organs if (m := mask(o)) is not None and m.any()]
            if not organs:
                continue
            empty = np.zeros(image.array.shape, dtype=bool)
            found = sum(_new_lesions(image, m, empty, o.startswith("kidney")) for o, m in organs)
            any_lesion = bool(any(m.any() for m in lesions))
            reads = [spread_over_noise(image.array, m) for o, m in organs if not o.startswith("kidney")]
            spread = max((r for r, _ in reads), default=1.0)
            completed = not found and all(r <= homogeneous_limit(n) for r, n in reads)  # as completion decides
            rows.append({"case": case.name, "group": group.name, "reference_lesions": reference,
                         "reference_voxels": int(sum(np.count_nonzero(m) for m in lesions)),
                         "found": int(found), "spread_over_noise": round(spread, 2), "lesion_free": not any_lesion,
                         "completed_empty": completed,
                         "verdict": ("false lesion" if found and not any_lesion else
                                     "wrongly completed as empty" if any_lesion and completed else
                                     "left unknown" if not completed and not any_lesion else "ok")})
            print(json.dumps(rows[-1]), flush=True)
    for name in FINDER_GROUPS:
        mine = [r for r in rows if r["group"] == name]
        free = [r for r in mine if r["lesion_free"]]
        held = [r for r in mine if not r["lesion_free"]]
        print(f"{name:14s} lesion-free {len(free):2d}: completed {sum(r['completed_empty'] for r in free)} "
              f"(false lesion {sum(bool(r['found']) for r in free)}); with lesions {len(held):2d}: none found "
              f"{sum(not r['found'] for r in held)}, wrongly completed {sum(r['completed_empty'] for r in held)}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
