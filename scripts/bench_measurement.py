"""Benchmark: the full measurement set on a 512 x 512 x 300 phantom, fast path vs a plain reference.

    .venv/bin/python scripts/bench_measurement.py [--out out/bench_measurement] [--repeat 3]

Two comparisons, each timed in the same run and with every value compared:

- native grid: `agents.measures.measure_case` vs a straightforward implementation of the same
  DeepTumorVQA definitions (full-volume scipy erosion and labelling, `labels == n` per lesion,
  per-slice contours with brute-force pairwise distances);
- 1 mm isotropic (the DeepTumorVQA reference grid): `measure_case(resample_mm=1.0)` vs the same
  reference after `nibabel.processing.resample_to_output` of every volume (masks nearest, CT linear).

Reading the files is timed apart: both sides need it and it is not measurement.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import math
import pstats
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np
from nibabel.processing import resample_to_output
from scipy import ndimage

from agents.measures import measure_case
from agents.measures.vocabulary import LESION_GROUPS, LESION_MASKS, RATIOS, SUBSEGMENTS, is_lesion, is_subsegment
from imaging.masks import read_mask
from imaging.volume import Image, LabelMap, read_image
from synthetic.phantom import PhantomSpec, lookup_truth, make_phantom

SPEC = PhantomSpec(seed=3, full_size=True, liver_lesions=4, kidney_lesion="solid", pancreatic_tumor_mm=30.0)
CUBE = np.ones((3, 3, 3), dtype=bool)


# -- the straightforward reference -------------------------------------------------------------

def reference(ct: np.ndarray, masks: Mapping[str, np.ndarray], spacing: tuple[float, float, float],
              timer: dict[str, float]) -> dict[tuple[str, str], Any]:
    """The DeepTumorVQA definitions written plainly on whole volumes."""
    out: dict[tuple[str, str], Any] = {}
    voxel_ml = spacing[0] * spacing[1] * spacing[2] / 1000.0
    started = time.perf_counter()
    union = np.zeros(ct.shape, dtype=bool)
    for name in LESION_MASKS:
        if name in masks:
            union |= masks[name]
    organs = [n for n in masks if not is_lesion(n) and not is_subsegment(n)]
    stats = {}
    for name in organs:
        core = ndimage.binary_erosion(masks[name] & ~union, structure=CUBE)
        values = ct[core].astype(np.float64)
        stats[name] = {"volume_ml": int(masks[name].sum()) * voxel_ml, "mean_hu": float(values.mean()), "std_hu": float(values.std())}
        for key, value in stats[name].items():
            out[(name, key)] = value
    for parts in SUBSEGMENTS.values():
        for name in parts:
            if name in masks:
                out[(name, "volume_ml")] = int(masks[name].sum()) * voxel_ml
    for num, den, key in RATIOS:
        if num in stats and den in stats:
            field = "mean_hu" if key == "hu_ratio" else "volume_ml"
            out[(f"{num}/{den}", key)] = stats[num][field] / stats[den][field]
    timer["organs (erosion, HU)"] = timer.get("organs (erosion, HU)", 0.0) + time.perf_counter() - started
    for group in LESION_GROUPS:
        _reference_group(group, ct, masks, spacing, voxel_ml, stats, out, timer)
    return out


def _reference_group(group: Any, ct: np.ndarray, masks: Mapping[str, np.ndarray], spacing: tuple[float, float, float],
                     voxel_ml: float, stats: dict[str, dict[str, float]], out: dict[tuple[str, str], Any],
                     timer: dict[str, float]) -> None:
    present = [n for n in group.lesion_masks if n in masks]
    if not present:
        return
    lesions = []
    for name in present:
        started = time.perf_counter()
        labels, count = ndimage.label(masks[name], structure=CUBE)
        sizes = np.bincount(labels.ravel(), minlength=count + 1)[1:]
        timer["lesion labelling"] = timer.get("lesion labelling", 0.0) + time.perf_counter() - started
        for n in sorted(range(count), key=lambda m: (-sizes[m], m)):
            started = time.perf_counter()
            voxels = labels == n + 1
            diameter, k = _diameter(voxels, spacing)
            timer["contour distances"] = timer.get("contour distances", 0.0) + time.perf_counter() - started
            started = time.perf_counter()
            mean = float(ct[voxels].astype(np.float64).mean())
            segments = [s for s in SUBSEGMENTS.get(group.parent or "", ()) if s in masks]
            shares = {s: np.count_nonzero(masks[s] & voxels) / sizes[n] for s in segments}
            location = max(shares, key=shares.__getitem__) if shares else None
            overlaps = {o: np.count_nonzero(masks[o] & voxels) for o in group.organs if o in masks}
            organ = max(overlaps, key=overlaps.__getitem__) if overlaps and max(overlaps.values()) else None
            attenuation = None
            if organ in stats:
                diff = mean - stats[organ]["mean_hu"]
                attenuation = "iso" if abs(diff) < stats[organ]["std_hu"] / 10 else ("hypo" if diff < 0 else "hyper")
            lesions.append({"size": int(sizes[n]), "volume_ml": int(sizes[n]) * voxel_ml, "longest_diameter_mm": diameter,
                            "longest_diameter_slice": k, "mean_hu": mean, "attenuation": attenuation,
                            "location": location if location and shares[location] > 0.1 else None})
            timer["lesion HU, location"] = timer.get("lesion HU, location", 0.0) + time.perf_counter() - started
    lesions.sort(key=lambda x: -x["size"])
    total = sum(x["volume_ml"] for x in lesions)
    out[(group.name, "lesion_count")] = len(lesions)
    out[(group.name, "total_lesion_volume_ml")] = total
    organ_volume = sum(stats[o]["volume_ml"] for o in group.organs if o in stats)
    out[(group.name, "tumor_burden_pct")] = 100.0 * total / organ_volume if organ_volume else None
    for rank, lesion in enumerate(lesions, start=1):
        for key in ("volume_ml", "longest_diameter_mm", "longest_diameter_slice", "mean_hu", "attenuation", "location"):
            out[(f"{group.name}_{rank}", key)] = lesion[key]
    if lesions:
        for key, field in (("largest_lesion_volume_ml", "volume_ml"), ("largest_lesion_diameter_mm", "longest_diameter_mm"),
                           ("largest_lesion_slice", "longest_diameter_slice"), ("largest_lesion_mean_hu", "mean_hu")):
            out[(group.name, key)] = lesions[0][field]


def _diameter(voxels: np.ndarray, spacing: tuple[float, float, float]) -> tuple[float, int | None]:
    """Per axial slice: contour pixels, every pair's distance; the maximum over slices, lowest k on ties."""
    best, best_k = 0.0, None
    for k in range(voxels.shape[2]):
        pixels = voxels[:, :, k]
        if not pixels.any():
            continue
        contour = pixels & ~ndimage.binary_erosion(pixels, structure=np.ones((3, 3), dtype=bool))
        idx = np.argwhere(contour)
        diff = (idx[:, None, :] - idx[None, :, :]) * np.asarray(spacing[:2])
        diameter = float(np.sqrt((diff**2).sum(axis=-1).max()))
        if best_k is None or diameter > best:
            best, best_k = diameter, k
    return best, best_k


def resample_all(image: Image, masks: Mapping[str, LabelMap], mm: float) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """nibabel's resample_to_output for every volume (CT linear, masks nearest)."""
    ct = np.asarray(resample_to_output(nib.Nifti1Image(image.array.astype(np.float64), image.affine),
                                       voxel_sizes=mm, order=1).dataobj)
    out = {}
    for name, mask in masks.items():
        img = resample_to_output(nib.Nifti1Image(mask.array.view(np.uint8), mask.affine), voxel_sizes=mm, order=0)
        out[name] = np.asarray(img.dataobj) > 0
    return ct, out


def phantom_reference(image: Image, arrays: Mapping[str, np.ndarray]) -> dict[str, Any]:
    """The phantom's own reference (`reference_measurements`), fed from memory instead of files."""
    from unittest import mock

    from synthetic import phantom

    files = phantom._CaseFiles(image.array, image.affine, tuple(image.spacing), "RAS", image.array.shape, Path("."))  # type: ignore[arg-type]
    files.mask = arrays.get  # type: ignore[method-assign]
    with mock.patch.object(phantom._CaseFiles, "open", classmethod(lambda cls, _: files)):
        return phantom.reference_measurements(Path("."))


# -- comparison and timing -----------------------------------------------------------------------

def compare(evidence: list[Any], ref: dict[tuple[str, str], Any]) -> dict[str, Any]:
    """Every reference value against the fast path's evidence: worst relative difference, mismatches."""
    ours = {(e.target, e.name): e.value for e in evidence}
    worst, mismatches, compared = 0.0, [], 0
    for key, expected in ref.items():
        if key not in ours:
            mismatches.append(f"{key}: missing from the fast path")
            continue
        got = ours[key]
        compared += 1
        if isinstance(expected, float) and isinstance(got, (int, float)):
            rel = abs(got - expected) / max(abs(expected), 1e-12)
            worst = max(worst, rel)
            if rel > 1e-9:
                mismatches.append(f"{key}: {got!r} vs {expected!r}")
        elif got != expected:
            mismatches.append(f"{key}: {got!r} vs {expected!r}")
    return {"compared": compared, "worst_relative_difference": worst, "mismatches": mismatches}


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def profile(fn: Callable[[], Any], top: int = 8) -> list[tuple[str, float]]:
    """Cumulative time of the fast path's own functions, largest first."""
    profiler = cProfile.Profile()
    profiler.runcall(fn)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = [(f"{Path(file).stem}.{func}", cum) for (file, _, func), (_, _, _, cum, _) in stats.items()
            if "agents/measures" in file and not func.startswith("<")]
    return sorted(rows, key=lambda r: -r[1])[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("out/bench_measurement"))
    parser.add_argument("--repeat", type=int, default=3, help="fast-path timings are the best of this many runs")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    case = args.out / "phantom_full"
    if not (case / "ground_truth.json").exists():
        print(f"writing a {SPEC.grid_shape} phantom to {case} ...")
        make_phantom(case, SPEC)
    started = time.perf_counter()
    image = read_image(case / "ct.nii.gz")
    masks = {p.name.removesuffix(".nii.gz"): read_mask(p) for p in sorted((case / "segmentations").glob("*.nii.gz"))}
    read_s = time.perf_counter() - started
    # Readers return reoriented views (negative strides); both sides get the same C-contiguous arrays.
    image.array = np.ascontiguousarray(image.array)
    for mask in masks.values():
        mask.array = np.ascontiguousarray(mask.array)
    arrays = {n: m.array for n, m in masks.items()}
    spacing = tuple(float(s) for s in image.spacing)  # type: ignore[union-attr]
    figures: dict[str, Any] = {"shape": list(image.array.shape), "spacing_mm": list(spacing), "masks": len(masks),
                               "read_s": read_s}
    print(f"phantom {image.array.shape} at {spacing} mm, {len(masks)} masks; reading the files: {read_s:.1f} s")

    for label, mm in (("native grid", None), ("1 mm isotropic", 1.0)):
        fast_s, (evidence, _) = best_of(args.repeat, lambda mm=mm: measure_case(image, masks, resample_mm=mm))
        timer: dict[str, float] = {}
        started = time.perf_counter()
        if mm is None:
            ct, ref_masks, ref_spacing = image.array, arrays, spacing
        else:
            ct, ref_masks = resample_all(image, masks, mm)
            ref_spacing = (mm, mm, mm)
            timer["resampling (nibabel)"] = time.perf_counter() - started
        ref = reference(ct, ref_masks, ref_spacing, timer)  # type: ignore[arg-type]
        ref_s = time.perf_counter() - started
        check = compare(evidence, ref)
        where = profile(lambda mm=mm: measure_case(image, masks, resample_mm=mm))
        figures[label] = {"fast_s": fast_s, "reference_s": ref_s, "speedup": ref_s / fast_s, "evidence": len(evidence),
                          "reference_breakdown_s": timer, "fast_breakdown_s": dict(where), **check}
        print(f"\n{label}: fast path {fast_s:.2f} s ({len(evidence)} evidence items), reference {ref_s:.1f} s "
              f"-> {ref_s / fast_s:.0f}x; {check['compared']} values compared, worst relative difference "
              f"{check['worst_relative_difference']:.1e}, {len(check['mismatches'])} mismatch(es)")
        for line in check["mismatches"][:10]:
            print(f"   MISMATCH {line}")
        print("   reference time: " + ", ".join(f"{k} {v:.1f} s" for k, v in timer.items()))
        print("   fast path time (cumulative): " + ", ".join(f"{k} {v:.2f} s" for k, v in where))
    started = time.perf_counter()
    cropped = phantom_reference(image, arrays)
    cropped_s = time.perf_counter() - started
    fast_s = figures["native grid"]["fast_s"]
    figures["phantom reference in memory"] = {"reference_s": cropped_s, "speedup": cropped_s / fast_s}
    print(f"\nnative grid vs synthetic.phantom.reference_measurements run on the same arrays in memory "
          f"(box-cropped scipy, brute-force contours): {cropped_s:.1f} s -> {cropped_s / fast_s:.0f}x")
    native, _ = measure_case(image, masks)
    for label, truth in (("phantom reference in memory", cropped),
                         ("ground_truth.json", json.loads((case / "ground_truth.json").read_text()))):
        against = [(e.id, e.value, lookup_truth(truth, e.target or "", e.name)) for e in native
                   if isinstance(e.value, (int, float)) and not isinstance(e.value, bool)]
        against = [(i, v, t) for i, v, t in against if t is not None]
        off = [i for i, v, t in against if not math.isclose(v, t, rel_tol=1e-9, abs_tol=1e-12)]
        figures.setdefault("values_vs", {})[label] = {"compared": len(against), "mismatches": off}
        print(f"values vs {label}: {len(against)} compared, {len(off)} mismatch(es)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=float))


if __name__ == "__main__":
    main()
