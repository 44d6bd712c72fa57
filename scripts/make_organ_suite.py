"""Randomised organ phantoms in the AbdomenAtlas layout, for `scripts/bench_segmentation.py`.

    .venv/bin/python scripts/make_organ_suite.py OUT --seed 12000 --n-cases 12 [--config default|hard] [--max-voxels N]

Each case is `synthetic.phantom_random.random_spec(seed)` (scanner, storage, patient, phase, organs touching without
fat planes), written to ``OUT/ORG_<seed>/``. ``--config hard`` is a second generator configuration: the same patients
with the findings that make organs hardest to tell apart drawn more often (splenomegaly in half the cases, a fatty
liver in a third, an unenhanced scan in a third, the field of view moved further up or down). ``--stomach-fill``
varies the stomach's air-fluid level per case (a small cap over a deep pool, half full of air, or, in 15%, full of
fluid; the generator's default is one level). Tune on one seed range, score on another (and another configuration).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def hard_fields(seed: int) -> dict[str, object]:
    """The `hard` configuration's findings for case `seed` (a stream of its own)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 47]))
    return {"splenomegaly": str(rng.choice(["none", "mild", "moderate", "severe"], p=[0.5, 0.15, 0.2, 0.15])),
            "fatty_liver": bool(rng.uniform() < 0.33),
            "phase": str(rng.choice(["portal", "arterial", "unenhanced"], p=[0.4, 0.27, 0.33])),
            "top_offset_mm": round(float(rng.uniform(-60, 70)), 1)}


def stomach_gas_y(seed: int) -> float:
    """Case `seed`'s stomach air-fluid level (template y, mm; 1000: full of fluid), from a stream of its own."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 53]))
    return 1000.0 if rng.uniform() < 0.15 else round(35.0 + float(rng.uniform(-30, 25)), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=12000)
    parser.add_argument("--n-cases", type=int, default=12)
    parser.add_argument("--config", choices=("default", "hard"), default="default")
    parser.add_argument("--max-voxels", type=int, default=2_000_000)
    parser.add_argument("--stomach-fill", action="store_true", help="vary the stomach's air-fluid level per case")
    args = parser.parse_args()

    from synthetic.phantom import make_phantom, random_spec

    for seed in range(args.seed, args.seed + args.n_cases):
        spec = random_spec(seed, max_voxels=args.max_voxels)
        if args.config == "hard":
            spec = dataclasses.replace(spec, **hard_fields(seed))  # type: ignore[arg-type]
        if args.stomach_fill:
            spec = dataclasses.replace(spec, stomach_gas_y_mm=stomach_gas_y(seed))
        folder = args.out / f"ORG_{seed:06d}"
        try:
            make_phantom(folder, spec)
        except ValueError as exc:  # a large spleen that this field of view cannot hold: the next grade down
            if spec.splenomegaly in ("none", "mild"):
                print(f"{folder.name}: not drawn ({exc})", flush=True)
                continue
            spec = dataclasses.replace(spec, splenomegaly="mild" if spec.splenomegaly == "moderate" else "moderate")
            make_phantom(folder, spec)
        print(f"{folder.name}: {spec.grid_shape} {spec.grid_spacing} {spec.orientation} {spec.phase} "
              f"spleen={spec.splenomegaly} fatty={spec.fatty_liver}", flush=True)


if __name__ == "__main__":
    main()
