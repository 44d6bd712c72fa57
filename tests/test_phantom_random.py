"""Randomised phantoms: what varies stays in its stated range, organs touch, and the truth is still the files."""

from __future__ import annotations

import dataclasses
import itertools
import json
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

from synthetic.phantom import ORGANS, PhantomSpec, make_phantom, random_spec, reference_measurements

CUBE = np.ones((3, 3, 3), dtype=bool)
SEEDS = (3, 21, 40)
"""Seeds of the module's phantoms (small voxel budget: they are written in a few seconds)."""


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, PhantomSpec, dict]]:
    root = tmp_path_factory.mktemp("random")
    out = {}
    for seed in SEEDS:
        spec = random_spec(seed, max_voxels=600_000)
        out[seed] = (root / f"R{seed}", spec, make_phantom(root / f"R{seed}", spec))
    return out


def canonical(path: Path) -> np.ndarray:
    return np.asanyarray(nib.as_closest_canonical(nib.load(path)).dataobj)


@pytest.mark.parametrize("seed", range(40))
def test_random_specs_stay_in_their_ranges(seed: int) -> None:
    spec = random_spec(seed, max_voxels=2_000_000)
    assert spec == random_spec(seed, max_voxels=2_000_000)  # deterministic
    assert spec.randomise and 5.0 <= spec.noise_hu <= 20.0
    assert 0.6 <= spec.spacing[0] == spec.spacing[1] and all(s <= 5.0 + 1e-9 for s in spec.spacing[2:])
    assert int(np.prod(spec.shape)) <= 2_000_000 * 1.01
    assert abs(spec.oblique_deg) <= 20.0 and -40.0 <= spec.top_offset_mm <= 50.0
    assert spec.liver_lesion_diameters_mm is None or all(10.0 <= d <= 35.0 for d in spec.liver_lesion_diameters_mm)


def test_the_draws_cover_what_real_scans_vary() -> None:
    specs = [random_spec(seed) for seed in range(60)]
    pixels = [s.spacing[0] for s in specs]
    slices = [s.spacing[2] for s in specs]
    assert min(pixels) < 0.8 and max(pixels) > 2.0 and min(slices) < 1.5 and max(slices) > 4.0
    assert {"LPS", "RAS"} <= {s.orientation for s in specs} and any(s.oblique_deg for s in specs)
    free = [s for s in specs if s.liver_lesions == 0 and s.kidney_lesion == "none" and s.pancreatic_tumor_mm is None]
    assert 5 <= len(free) <= 30
    phases = [s.phase for s in specs]
    assert {"portal", "arterial", "unenhanced"} == set(phases) and phases.count("portal") >= 20


@pytest.mark.parametrize("phase", ["portal", "arterial", "unenhanced"])
def test_each_contrast_phase_paints_its_own_hu(tmp_path: Path, phase: str) -> None:
    """Blood, kidneys and medulla by phase: unenhanced kidneys below the muscle, arterial cortex above the medulla."""
    import dataclasses

    spec = dataclasses.replace(random_spec(3, max_voxels=400_000), phase=phase)
    make_phantom(tmp_path / "case", spec)
    ct = canonical(tmp_path / "case" / "ct.nii.gz").astype(np.float32)
    smooth = ndimage.uniform_filter(ct, size=(5, 5, 1))

    def median(name: str) -> float:
        mask = ndimage.binary_erosion(canonical(tmp_path / "case" / "segmentations" / f"{name}.nii.gz") > 0, CUBE)
        return float(np.median(smooth[mask]))

    kidney, aorta, liver = median("kidney_left"), median("aorta"), median("liver")
    if phase == "unenhanced":
        assert 15 < kidney < 45 and 25 < aorta < 55, (kidney, aorta)
    else:
        assert kidney > liver + 40 and aorta > liver + 60, (kidney, aorta, liver)
    if phase == "arterial":
        assert aorta > 220 and median("postcava") < aorta - 100


@pytest.mark.parametrize("seed", SEEDS)
def test_ground_truth_is_the_files_measured_again(cases, seed: int) -> None:
    case, spec, truth = cases[seed]
    again = reference_measurements(case)
    assert json.loads(json.dumps(again)) == {k: v for k, v in json.loads((case / "ground_truth.json").read_text()).items()
                                             if k in again}
    assert truth["spec"]["randomise"] is True
    affine = nib.load(case / "ct.nii.gz").affine
    assert "".join(nib.aff2axcodes(affine)) == spec.orientation
    if spec.oblique_deg:  # a tilted grid: direction cosines off the axes
        directions = affine[:3, :3] / np.linalg.norm(affine[:3, :3], axis=0)
        assert np.abs(directions).max(axis=0).min() < np.cos(np.radians(abs(spec.oblique_deg) / 2))


def test_organs_touch_each_other_with_no_fat_plane(cases) -> None:
    touching = set()
    for case, _, _ in cases.values():
        masks = {name: canonical(case / "segmentations" / f"{name}.nii.gz") > 0 for name in ORGANS}
        for a, b in itertools.combinations(ORGANS, 2):
            if (ndimage.binary_dilation(masks[a], CUBE) & masks[b]).any():
                touching.add((a, b))
            assert not (masks[a] & masks[b]).any(), (a, b)  # touching, never overlapping
    assert len(touching) >= 3, touching


def test_organ_hu_and_size_vary_between_patients(cases) -> None:
    livers = [truth["organs"]["liver"] for _, _, truth in cases.values()]
    hu = [o["mean_hu"] for o in livers if o["mean_hu"] is not None]
    assert max(hu) - min(hu) > 3.0  # not one fixed value
    kidneys = {truth["organs"]["kidney_left"]["mean_hu"] for _, _, truth in cases.values()
               if truth["organs"]["kidney_left"]["mean_hu"] is not None}
    assert len(kidneys) >= 2


def test_partial_coverage_gives_empty_masks_not_errors(tmp_path: Path) -> None:
    shifted = dict(shape=(120, 96, 12), spacing=(3.0, 3.0, 5.0), top_offset_mm=-120.0, liver_lesions=0)
    truth = make_phantom(tmp_path / "low", PhantomSpec(seed=2, randomise=True, **shifted))
    assert truth["organs"]["liver"]["voxel_count"] < truth["organs"]["kidney_left"]["voxel_count"] or \
        truth["organs"]["spleen"]["voxel_count"] == 0  # the upper abdomen is out of view
    with pytest.raises((RuntimeError, ValueError)):
        make_phantom(tmp_path / "fixed", PhantomSpec(seed=2, **shifted))  # a fixed spec insists on every organ


def test_lung_bases_and_gas_in_view(tmp_path: Path) -> None:
    spec = PhantomSpec(seed=11, randomise=True, shape=(120, 96, 40), spacing=(3.0, 3.0, 6.0), top_offset_mm=50.0,
                       liver_lesions=0)
    make_phantom(tmp_path / "up", spec)
    ct = canonical(tmp_path / "up" / "ct.nii.gz")
    body = np.stack([ndimage.binary_fill_holes(ct[:, :, k] > -500) for k in range(ct.shape[2])], axis=-1)
    lung = body & (ct < -700) & (ct > -930)
    gas = body & (ct < -940)
    assert lung.sum() > 1000 and gas.sum() > 50


@pytest.mark.parametrize(("gas_y_mm", "has_gas"), [(5.0, True), (60.0, True), (1000.0, False)])
def test_the_stomachs_air_fluid_level_is_the_specs(tmp_path: Path, gas_y_mm: float, has_gas: bool) -> None:
    """`stomach_gas_y_mm` moves the stomach's air-fluid level (issue 12: the segmenter had only seen one level): the lower
    the level, the larger the gas share of the stomach; above it, a stomach full of fluid."""
    spec = random_spec(21, max_voxels=300_000)
    shares = []
    for level in (None, gas_y_mm):
        out = tmp_path / f"level_{level}"
        make_phantom(out, dataclasses.replace(spec, stomach_gas_y_mm=level))
        stomach = canonical(out / "segmentations" / "stomach.nii.gz").astype(bool)
        assert stomach.any()
        shares.append(float(np.mean(canonical(out / "ct.nii.gz")[stomach] < -500)))
    default, moved = shares
    assert (moved > 0) == has_gas
    assert moved > default if gas_y_mm < 35.0 else moved < default
