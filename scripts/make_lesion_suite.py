"""Randomised lesion phantoms in a DeepTumorVQA-layout suite, split into a tuning half and a held-back half.

    .venv/bin/python scripts/make_lesion_suite.py OUT --seed 1100 --n-cases 16 [--max-voxels 2000000]

Each case is `synthetic.phantom_random.random_spec(seed)` (scanner, storage, patient, phase, organs touching without
fat planes) with its lesions re-drawn wider than that generator's: liver lesions 0-4 per liver, 5-60 mm, each hypo-
or hyperattenuating by 10-60 HU against the liver (`liver_lesion_contrasts_hu`); a renal cyst or solid mass of
5-50 mm; a pancreatic tumour of 8-40 mm, 10-60 HU darker or brighter than the pancreas; a quarter lesion-free.
Even seeds go to OUT/tuning, odd ones to OUT/heldback, each a suite root (`benchmark/test_qa.json`,
`benchmark/ct/<id>/`) that `clinorch bench deeptumorvqa --mode predicted` and `scripts/bench_segmentation.py`
read (`OUT/<half>/benchmark/ct`).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def lesion_fields(seed: int) -> dict[str, object]:
    """The lesions of case `seed` (a stream of its own, so the scanner and patient stay `random_spec`'s)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 31]))
    if rng.uniform() < 0.25:
        return {"liver_lesions": 0, "liver_lesion_diameters_mm": (), "liver_lesion_contrasts_hu": (),
                "kidney_lesion": "none", "pancreatic_tumor_mm": None}
    count = int(rng.choice([0, 1, 2, 3, 4], p=[0.15, 0.3, 0.25, 0.15, 0.15]))
    diameters = tuple(round(float(np.exp(rng.uniform(np.log(5), np.log(60)))), 1) for _ in range(count))
    contrasts = tuple(round(float((1 if rng.uniform() < 0.3 else -1) * rng.uniform(10, 60)), 1) for _ in range(count))
    kidney = str(rng.choice(["none", "cyst", "solid"], p=[0.4, 0.35, 0.25]))
    pancreas = round(float(rng.uniform(8, 40)), 1) if rng.uniform() < 0.35 else None
    return {"liver_lesions": count, "liver_lesion_diameters_mm": diameters, "liver_lesion_contrasts_hu": contrasts,
            "kidney_lesion": kidney, "kidney_lesion_diameter_mm": round(float(rng.uniform(5, 50)), 1),
            "kidney_lesion_side": str(rng.choice(["left", "right"])), "pancreatic_tumor_mm": pancreas,
            "pancreatic_tumor_contrast_hu": round(float((1 if rng.uniform() < 0.3 else -1) * rng.uniform(10, 60)), 1)}


def spec_fields(seed: int, max_voxels: int) -> dict[str, object]:
    """`random_spec(seed)`'s fields with this script's lesions."""
    from synthetic.phantom_random import random_spec

    fields = dataclasses.asdict(random_spec(seed, max_voxels=max_voxels))
    fields.update(lesion_fields(seed))
    if not fields["liver_lesions"]:
        fields["liver_lesion_diameters_mm"] = fields["liver_lesion_contrasts_hu"] = None
    return fields


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1100)
    parser.add_argument("--n-cases", type=int, default=16)
    parser.add_argument("--max-voxels", type=int, default=2_000_000)
    args = parser.parse_args()

    from benchmarks.records import write_records
    from benchmarks.suite import CT_DIR, QA_FILE, Design, _draw_case, _extras, _questions

    halves: dict[str, list] = {"tuning": [], "heldback": []}
    rng = np.random.default_rng(args.seed)
    for n in range(args.n_cases):
        seed = args.seed + n
        half = "tuning" if seed % 2 == 0 else "heldback"
        image_id = f"LES_{seed:06d}"
        folder = args.out / half / CT_DIR / image_id
        fields = spec_fields(seed, args.max_voxels)
        try:
            truth, note = _draw_case(folder, Design(f"random lesions {seed}", fields), seed, {})
        except ValueError as exc:
            print(f"{image_id}: not drawn ({exc})", flush=True)
            continue
        records = _questions(image_id, truth, _extras(folder), rng, 1, None, len(halves[half]))
        halves[half].extend(r.model_copy(update={"qid": f"{image_id}_{k:03d}"}) for k, r in enumerate(records))
        print(f"{image_id} {half}: {len(records)} questions {note}", flush=True)
    for half, records in halves.items():
        write_records(args.out / half / QA_FILE, records, source="scripts/make_lesion_suite.py", seed=args.seed)


if __name__ == "__main__":
    main()
