"""Re-store phantom cases (AbdomenAtlas layout) as another scanner or another header would: other axis order, the
anatomy mirrored front to back under an unchanged header, an HU offset, added noise, blur.

    .venv/bin/python scripts/restore_cases.py CASE OUT [--orientation PSR] [--mirror-ap] [--offset-hu 20]
        [--noise-hu 8] [--blur-vox 1.0] [--seed 0]

The CT and every mask under ``segmentations/`` get the same geometric change (masks are never blurred or offset), so
`scripts/bench_segmentation.py` scores the re-stored case against its own truth. ``--mirror-ap`` flips the voxels along
the canonical anterior-posterior axis and keeps the header: the spine then lies anterior by the header, as some
generators and mislabelled exports write it. ``ground_truth.json`` is copied unchanged (its volumes still hold).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import nibabel as nib
import numpy as np
from scipy import ndimage


def restore(path: Path, out: Path, args: argparse.Namespace, is_ct: bool) -> None:
    """One volume: canonical RAS, the changes, then the requested axis order, written to `out`."""
    img = nib.as_closest_canonical(nib.load(str(path)))
    data = np.asarray(img.dataobj)
    if args.mirror_ap:
        data = data[:, ::-1, :]
    if is_ct:
        data = data.astype(np.float32)
        if args.blur_vox:
            data = ndimage.gaussian_filter(data, sigma=args.blur_vox)
        data = data + args.offset_hu
        if args.noise_hu:
            data = data + np.random.default_rng(args.seed).normal(0.0, args.noise_hu, data.shape)
        data = np.clip(np.rint(data), -1024, 3071).astype(np.int16)
    canonical = nib.Nifti1Image(np.ascontiguousarray(data), img.affine)
    target = nib.orientations.axcodes2ornt(tuple(args.orientation)) if args.orientation else None
    if target is not None:
        canonical = canonical.as_reoriented(nib.orientations.ornt_transform(
            nib.orientations.io_orientation(canonical.affine), target))
    canonical.set_qform(canonical.affine, code=1)
    canonical.set_sform(canonical.affine, code=1)
    out.parent.mkdir(parents=True, exist_ok=True)
    nib.save(canonical, str(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("case", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--orientation", default=None, help="axis codes of the written files, e.g. PSR, LIP")
    parser.add_argument("--mirror-ap", action="store_true")
    parser.add_argument("--offset-hu", type=float, default=0.0)
    parser.add_argument("--noise-hu", type=float, default=0.0)
    parser.add_argument("--blur-vox", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    restore(args.case / "ct.nii.gz", args.out / "ct.nii.gz", args, True)
    for mask in sorted((args.case / "segmentations").glob("*.nii.gz")):
        restore(mask, args.out / "segmentations" / mask.name, args, False)
    if (args.case / "ground_truth.json").exists():
        shutil.copy(args.case / "ground_truth.json", args.out / "ground_truth.json")


if __name__ == "__main__":
    main()
