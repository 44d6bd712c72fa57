"""Phantom cases: exact geometry, every option honoured, ground truth equal to a re-measurement."""

from __future__ import annotations

import gzip
import itertools
import json
import math
import time
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

from synthetic.phantom import (
    LESION_MASKS,
    LIVER_SEGMENTS,
    ORGANS,
    PANCREAS_PARTS,
    SPLEEN_BANDS_ML,
    PhantomSpec,
    longest_axial_diameter,
    lookup_truth,
    make_phantom,
    reference_measurements,
)

CUBE = np.ones((3, 3, 3), dtype=bool)
LESION_ORGANS = {"liver_tumor": ("liver",), "kidney_tumor": ("kidney_left", "kidney_right"),
                 "kidney_cyst": ("kidney_left", "kidney_right"), "pancreas_tumor": ("pancreas",)}
MEASURED_SECTIONS = ("image", "organs", "segments", "derived", "lesion_masks", "lesion_groups")

SPECS = {
    "default": PhantomSpec(),
    "pathology": PhantomSpec(seed=5, fatty_liver=True, splenomegaly="moderate", kidney_lesion="cyst",
                             pancreatic_tumor_mm=28.0, pancreatic_steatosis=True, orientation="RAS", liver_lesions=3,
                             liver_lesion_diameters_mm=(30.0, 18.0, 10.0)),
    "solid": PhantomSpec(seed=9, kidney_lesion="solid", kidney_lesion_side="left", splenomegaly="severe",
                         orientation="PIR", liver_lesions=0),
    "mild": PhantomSpec(seed=1, splenomegaly="mild", orientation="LAS", noise_hu=0.0),
}


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    root = tmp_path_factory.mktemp("phantoms")
    return {name: (root / name, make_phantom(root / name, spec)) for name, spec in SPECS.items()}


def canonical(path: Path) -> np.ndarray:
    return np.asanyarray(nib.as_closest_canonical(nib.load(path)).dataobj)


def masks(case: Path, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    return {name: canonical(case / "segmentations" / f"{name}.nii.gz") > 0 for name in names}


def centroid(mask: np.ndarray) -> np.ndarray:
    return np.argwhere(mask).mean(axis=0)


# --- files and geometry ---------------------------------------------------------------------


def test_same_seed_writes_the_same_bytes(cases, tmp_path):
    first, _ = cases["default"]
    again = tmp_path / "again"
    make_phantom(again, PhantomSpec())
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(files) == 2 + len(ORGANS) + len(LESION_MASKS) + len(LIVER_SEGMENTS) + len(PANCREAS_PARTS)
    for rel in files:
        assert (again / rel).read_bytes() == (first / rel).read_bytes(), rel
    other = cases["mild"][0]
    assert canonical(other / "ct.nii.gz").tobytes() != canonical(first / "ct.nii.gz").tobytes()


@pytest.mark.parametrize("name", ["default", "pathology", "solid"])
def test_files_have_the_requested_orientation_and_a_real_affine(cases, name):
    case, truth = cases[name]
    spec = SPECS[name]
    ct = nib.load(case / "ct.nii.gz")
    assert nib.aff2axcodes(ct.affine) == tuple(spec.orientation)
    assert not np.allclose(ct.affine, np.eye(4))
    assert np.abs(ct.affine[:3, 3]).min() > 1.0  # a scanner-like origin, no axis at zero
    with gzip.open(case / "ct.nii.gz") as fh:
        header = nib.Nifti1Header.from_fileobj(fh)
    assert (float(header["scl_slope"]), float(header["scl_inter"])) == (1.0, 0.0)
    assert ct.get_data_dtype() == np.int16
    canon = nib.as_closest_canonical(ct)
    assert canon.shape == spec.shape
    assert np.allclose(canon.header.get_zooms()[:3], spec.spacing)
    assert truth["image"]["file_orientation"] == spec.orientation
    assert truth["image"]["shape"] == list(spec.shape)
    for mask_name in ("liver", "liver_tumor", "liver_segment_4"):
        mask = nib.load(case / "segmentations" / f"{mask_name}.nii.gz")
        assert mask.get_data_dtype() == np.uint8
        assert np.array_equal(mask.affine, ct.affine)


def test_anatomy_sits_on_the_right_sides(cases):
    case, _ = cases["default"]
    m = masks(case, ORGANS)
    ct = canonical(case / "ct.nii.gz")
    assert centroid(m["liver"])[0] > centroid(m["spleen"])[0]  # liver on the patient's right (high i)
    assert centroid(m["kidney_right"])[0] > centroid(m["kidney_left"])[0]
    assert centroid(m["postcava"])[0] > centroid(m["aorta"])[0]
    assert centroid(m["pancreas"])[1] > centroid(m["kidney_left"])[1]  # pancreas anterior to the kidneys
    assert centroid(m["liver"])[2] > centroid(m["kidney_right"])[2]
    bone = ct > 500
    assert centroid(bone)[1] < centroid(m["aorta"])[1]  # spine posterior to the aorta
    assert abs(centroid(bone)[0] - (ct.shape[0] - 1) / 2) < 3  # on the midline
    organs = np.logical_or.reduce(list(m.values()))
    body = np.stack([ndimage.binary_fill_holes(ct[:, :, k] > -500) for k in range(ct.shape[2])], axis=-1)
    lung = (ct < -700) & body & ~organs
    assert lung.any() and np.flatnonzero(lung.any(axis=(0, 1))).min() >= 0.7 * ct.shape[2]


# --- masks ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["default", "pathology", "solid"])
def test_organs_are_disjoint_and_a_threshold_splits_them(cases, name):
    case, _ = cases[name]
    m = masks(case, ORGANS)
    for a, b in itertools.combinations(ORGANS, 2):
        assert not (ndimage.binary_dilation(m[a], CUBE) & m[b]).any(), f"{a} touches {b}"
    ct = canonical(case / "ct.nii.gz")
    soft_tissue, _ = ndimage.label(ct > -50, structure=CUBE)
    for organ in ORGANS:
        if organ == "stomach":  # its air is below the threshold
            continue
        components = np.unique(soft_tissue[m[organ]])
        assert 0 not in components
        others = np.logical_or.reduce([m[o] for o in ORGANS if o != organ])
        assert not np.isin(soft_tissue[others], components).any(), f"thresholding merges the {organ}"


@pytest.mark.parametrize("name", ["default", "pathology", "solid"])
def test_lesions_lie_inside_their_organ_and_apart(cases, name):
    case, _ = cases[name]
    m = masks(case, (*ORGANS, *LESION_MASKS))
    instances = []
    for lesion, organs in LESION_ORGANS.items():
        assert not (m[lesion] & ~np.logical_or.reduce([m[o] for o in organs])).any(), f"{lesion} leaves its organ"
        labels, count = ndimage.label(m[lesion], structure=CUBE)
        instances += [labels == n for n in range(1, count + 1)]
    for a, b in itertools.combinations(instances, 2):
        assert not (ndimage.binary_dilation(a, CUBE, iterations=2) & b).any(), "lesions closer than two voxels"
    if name == "default":  # liver lesions are well inside: a two-voxel ring around them is still liver
        assert not (ndimage.binary_dilation(m["liver_tumor"], CUBE, iterations=2) & ~m["liver"]).any()


@pytest.mark.parametrize("name", ["default", "pathology"])
def test_subsegments_partition_their_organ(cases, name):
    case, _ = cases[name]
    m = masks(case, ("liver", "pancreas", *LIVER_SEGMENTS, *PANCREAS_PARTS))
    for organ, parts in (("liver", LIVER_SEGMENTS), ("pancreas", PANCREAS_PARTS)):
        stack = np.stack([m[p] for p in parts]).astype(np.uint8)
        assert stack.sum(axis=0).max() == 1
        assert np.array_equal(stack.sum(axis=0) > 0, m[organ])
        assert all(m[p].any() for p in parts)
    assert centroid(m["pancreas_head"])[0] > centroid(m["pancreas_body"])[0] > centroid(m["pancreas_tail"])[0]
    assert centroid(m["liver_segment_7"])[1] < centroid(m["liver_segment_8"])[1]  # 7 posterior to 8
    assert centroid(m["liver_segment_8"])[2] > centroid(m["liver_segment_5"])[2]  # 8 above 5


# --- options ----------------------------------------------------------------------------------


def test_fatty_liver_and_pancreatic_steatosis_change_the_hu_ratios(cases):
    normal, fatty = cases["default"][1], cases["pathology"][1]
    assert normal["derived"]["liver/spleen"]["hu_ratio"] > 1.0
    assert 55 < normal["organs"]["liver"]["mean_hu"] < 65
    assert fatty["derived"]["liver/spleen"]["hu_ratio"] < 0.8
    assert 25 < fatty["organs"]["liver"]["mean_hu"] < 35
    assert normal["derived"]["pancreas/spleen"]["hu_ratio"] >= 0.7
    assert fatty["derived"]["pancreas/spleen"]["hu_ratio"] < 0.7


@pytest.mark.parametrize(("name", "grade"), [("default", "none"), ("mild", "mild"), ("pathology", "moderate"),
                                             ("solid", "severe")])
def test_spleen_volume_lands_in_the_requested_band(cases, name, grade):
    low, high = SPLEEN_BANDS_ML[grade]
    assert low <= cases[name][1]["organs"]["spleen"]["volume_ml"] < high


def test_kidney_cyst_and_solid_mass_are_written_to_their_masks(cases):
    cyst, solid = cases["pathology"][1], cases["solid"][1]
    assert cyst["lesion_masks"]["kidney_tumor"]["lesion_count"] == 0
    (lesion,) = cyst["lesion_masks"]["kidney_cyst"]["instances"]
    assert lesion["mean_hu"] < 20 and lesion["organ"] == "kidney_right" and lesion["location"] is None
    assert solid["lesion_masks"]["kidney_cyst"]["lesion_count"] == 0
    (lesion,) = solid["lesion_masks"]["kidney_tumor"]["instances"]
    assert lesion["mean_hu"] > 34.8 and lesion["organ"] == "kidney_left"
    assert cases["default"][1]["lesion_groups"]["kidney_lesion"]["lesion_count"] == 0


def test_lesion_diameters_match_the_request_within_a_voxel_diagonal(cases):
    spec, truth = SPECS["pathology"], cases["pathology"][1]
    diagonal = math.hypot(*spec.spacing[:2])
    (tumor,) = truth["lesion_masks"]["pancreas_tumor"]["instances"]
    assert abs(tumor["longest_diameter_mm"] - spec.pancreatic_tumor_mm) <= diagonal
    assert tumor["location"] in PANCREAS_PARTS and tumor["attenuation"] == "hypo"
    liver = truth["lesion_masks"]["liver_tumor"]["instances"]
    measured = [i["longest_diameter_mm"] for i in liver]
    assert len(liver) == 3 and measured == sorted(measured, reverse=True)
    for got, want in zip(measured, spec.liver_lesion_diameters_mm, strict=True):
        assert abs(got - want) <= diagonal
    assert all(i["location"] in LIVER_SEGMENTS and 15 < i["mean_hu"] < 25 for i in liver)


# --- ground truth -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["default", "pathology"])
def test_ground_truth_equals_a_recomputation(cases, name):
    case, returned = cases[name]
    written = json.loads((case / "ground_truth.json").read_text())
    assert written == json.loads(json.dumps(returned))
    recomputed = json.loads(json.dumps(reference_measurements(case)))
    assert {k: written[k] for k in MEASURED_SECTIONS} == recomputed
    assert written["spec"]["orientation"] == SPECS[name].orientation


def test_reference_organ_values_match_a_plain_full_volume_computation(cases):
    case, truth = cases["pathology"]
    ct = canonical(case / "ct.nii.gz").astype(np.float64)
    zooms = nib.as_closest_canonical(nib.load(case / "ct.nii.gz")).header.get_zooms()[:3]
    m = masks(case, (*ORGANS, *LESION_MASKS, *LIVER_SEGMENTS))
    lesions = np.logical_or.reduce([m[n] for n in LESION_MASKS])
    for organ in ("liver", "spleen", "kidney_right", "pancreas"):
        core = ndimage.binary_erosion(m[organ] & ~lesions, structure=CUBE)
        got = truth["organs"][organ]
        assert got["volume_ml"] == pytest.approx(m[organ].sum() * float(np.prod(zooms)) / 1000, rel=1e-12)
        assert got["mean_hu"] == pytest.approx(ct[core].mean(), rel=1e-12)
        assert got["std_hu"] == pytest.approx(ct[core].std(), rel=1e-12)
    caudate = m["liver_segment_1"].sum() / sum(m[f"liver_segment_{n}"].sum() for n in (5, 6, 7, 8))
    assert truth["derived"]["liver"]["caudate_right_lobe_ratio"] == pytest.approx(caudate, rel=1e-12)
    largest = truth["lesion_masks"]["liver_tumor"]["instances"][0]
    labels, _ = ndimage.label(m["liver_tumor"], structure=CUBE)
    biggest = labels == np.argmax(np.bincount(labels.ravel())[1:]) + 1
    shares = {s: (m[s] & biggest).sum() / biggest.sum() for s in LIVER_SEGMENTS}
    assert largest["location"] == max(shares, key=shares.__getitem__)
    assert largest["voxel_count"] == biggest.sum()


def test_longest_axial_diameter_equals_brute_force_over_all_pixels():
    rng = np.random.default_rng(3)
    blob = ndimage.binary_opening(rng.random((30, 26, 5)) > 0.35, structure=np.ones((3, 3, 1)))
    spacing = (0.7, 1.3, 4.0)
    best, best_k = 0.0, None
    for k in range(blob.shape[2]):
        points = np.argwhere(blob[:, :, k]) * spacing[:2]
        if len(points):
            d = np.sqrt(((points[:, None] - points[None]) ** 2).sum(-1)).max()
            if best_k is None or d > best:
                best, best_k = d, k
    assert longest_axial_diameter(blob, spacing) == pytest.approx((best, best_k))
    assert longest_axial_diameter(np.zeros((4, 4, 4), bool), spacing) == (0.0, None)


def test_lookup_truth_follows_the_contract_names(cases):
    truth = cases["pathology"][1]
    assert lookup_truth(truth, "spleen", "volume_ml") == truth["organs"]["spleen"]["volume_ml"]
    assert lookup_truth(truth, "liver/spleen", "hu_ratio") == truth["derived"]["liver/spleen"]["hu_ratio"]
    assert lookup_truth(truth, "liver_lesion", "lesion_count") == 3
    first = truth["lesion_groups"]["liver_lesion"]["instances"][0]
    assert lookup_truth(truth, "liver_lesion_1", "longest_diameter_mm") == first["longest_diameter_mm"]
    assert lookup_truth(truth, "pancreas_lesion", "largest_lesion_diameter_mm") == pytest.approx(
        truth["lesion_masks"]["pancreas_tumor"]["instances"][0]["longest_diameter_mm"])
    assert lookup_truth(truth, "liver_lesion_9", "volume_ml") is None
    assert lookup_truth(truth, "liver_lesion_1", "location") is None  # not a number
    assert lookup_truth(truth, "heart", "volume_ml") is None


# --- invalid requests -------------------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "named"), [
    ({"orientation": "LPX"}, "'LPX'"), ({"orientation": "LLS"}, "'LLS'"), ({"orientation": "lps"}, "'lps'"),
    ({"splenomegaly": "huge"}, "'huge'"), ({"kidney_lesion": "tumor"}, "'tumor'"),
    ({"liver_lesions": 2, "liver_lesion_diameters_mm": (10.0,)}, r"diameters_mm=\(10.0,\)"),
    ({"shape": (40, 40, 10)}, r"\(40, 40, 10\)"), ({"spacing": (2.0, 0.0, 5.0)}, "spacing"),
    ({"pancreatic_tumor_mm": -3.0}, "-3.0"),
])
def test_invalid_specs_raise_naming_the_value(kwargs, named):
    with pytest.raises(ValueError, match=named):
        PhantomSpec(**kwargs)


def test_lists_from_json_become_tuples():
    spec = PhantomSpec(shape=[160, 128, 40], spacing=[2.0, 2.0, 5.0], liver_lesions=1, liver_lesion_diameters_mm=[12.0])
    assert spec == PhantomSpec(liver_lesions=1, liver_lesion_diameters_mm=(12.0,))
    assert PhantomSpec(full_size=True).grid_shape == (512, 512, 300)


def test_a_lesion_that_cannot_fit_raises(tmp_path):
    with pytest.raises(ValueError, match="pancreas_tumor"):
        make_phantom(tmp_path, PhantomSpec(pancreatic_tumor_mm=150.0, liver_lesions=0))


# --- full size --------------------------------------------------------------------------------


@pytest.mark.slow
def test_full_size_phantom_is_fast_and_has_normal_organ_volumes(tmp_path):
    start = time.process_time()  # CPU seconds: wall time depends on what else the machine runs
    truth = make_phantom(tmp_path, PhantomSpec(seed=3, full_size=True, pancreatic_tumor_mm=30.0, kidney_lesion="solid"))
    assert time.process_time() - start < 45
    organs = truth["organs"]
    assert truth["image"]["shape"] == [512, 512, 300]
    assert 1000 <= organs["liver"]["volume_ml"] <= 1800
    assert organs["spleen"]["volume_ml"] < 314.5
    assert all(130 <= organs[k]["volume_ml"] <= 260 for k in ("kidney_left", "kidney_right"))
    assert 40 <= organs["pancreas"]["volume_ml"] <= 100
    (tumor,) = truth["lesion_masks"]["pancreas_tumor"]["instances"]
    assert abs(tumor["longest_diameter_mm"] - 30.0) <= math.hypot(0.8, 0.8)
