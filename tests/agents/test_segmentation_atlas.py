"""The multi-atlas segmenter: masks on the image's grid, in the right place, whatever the storage; not-found organs
reported with a reason; the atlas library drawn deterministically from seeds never used here."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from agents.segmenters import SegmenterError, get_segmenter
from agents.segmenters.atlas_library import ATLAS_DIR, ATLAS_SEEDS, library, read_atlas
from imaging.masks import read_mask
from imaging.volume import Image, read_image

FLOOR = {"liver": 0.75, "kidney_left": 0.6, "kidney_right": 0.6, "aorta": 0.45, "spleen": 0.4}
"""Dice floors for this test's patient with three atlases, 0.15-0.25 below what was measured (session 15: LPS and RAS
liver 0.91, kidneys 0.92 / 0.89, aorta 0.66, spleen 0.85; tilted 15 degrees liver 0.90, kidneys 0.75 / 0.76, aorta
0.67, spleen 0.67). Other patients go lower (a dome-cut, 28-degree tilt lost both kidneys): docs/segmentation.md."""
HELD_OUT_SEED = 614
"""A random_spec seed never used for an atlas; its patient is put on a 3 x 3 x 4 mm grid that holds the whole abdomen."""


def dice(a: np.ndarray, b: np.ndarray) -> float:
    total = np.count_nonzero(a) + np.count_nonzero(b)
    return 1.0 if total == 0 else 2 * np.count_nonzero(a & b) / total


def world_x(mask: np.ndarray, affine: np.ndarray) -> float:
    """The RAS x (mm, growing toward the patient's right) of a mask's centroid."""
    centroid = np.argwhere(mask).mean(axis=0)
    return float((np.asarray(affine)[:3, :3] @ centroid + np.asarray(affine)[:3, 3])[0])


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One held-out patient stored three ways: LPS, RAS (other axis order and signs) and tilted (oblique, PIR)."""
    from synthetic.phantom import make_phantom, random_spec

    assert HELD_OUT_SEED not in ATLAS_SEEDS
    base = dataclasses.replace(random_spec(HELD_OUT_SEED), shape=(128, 100, 62), spacing=(3.0, 3.0, 4.0),
                               top_offset_mm=20.0, oblique_deg=0.0)
    out = {}
    for label, spec in (("LPS", dataclasses.replace(base, orientation="LPS")),
                        ("RAS", dataclasses.replace(base, orientation="RAS")),
                        ("oblique", dataclasses.replace(base, orientation="PIR", oblique_deg=15.0))):
        folder = tmp_path_factory.mktemp(f"atlas_{label}")
        make_phantom(folder, spec)
        out[label] = folder
    return out


@pytest.mark.slow
@pytest.mark.parametrize("storage", ["LPS", "RAS", "oblique"])
def test_masks_on_the_image_grid_in_the_right_place(stored: dict[str, Path], storage: str) -> None:
    case = stored[storage]
    image = read_image(case / "ct.nii.gz")
    result = get_segmenter("atlas", atlases=3).segment(image)
    assert result.backend == "atlas"
    voxel_ml = float(np.prod(image.spacing)) / 1000.0
    scores = {}
    for name, mask in result.masks.items():
        assert mask.array.shape == image.array.shape, name
        np.testing.assert_allclose(mask.affine, image.affine, atol=1e-6)
        assert name in result.details["provenance"], name
    for organ in FLOOR:
        truth = read_mask(case / "segmentations" / f"{organ}.nii.gz").array.astype(bool)
        if np.count_nonzero(truth) * voxel_ml < 40.0:
            continue
        found = result.masks[organ].array.astype(bool) if organ in result.masks else np.zeros_like(truth)
        scores[organ] = dice(found, truth)
    print(storage, {k: round(v, 3) for k, v in scores.items()})
    assert {"liver", "kidney_left", "kidney_right"} <= set(scores)
    assert all(score >= FLOOR[organ] for organ, score in scores.items()), scores
    # left and right come from the header: the left kidney lies on the patient's left (lower RAS x) and the liver right
    affine = np.asarray(image.affine)
    assert world_x(result.masks["kidney_left"].array, affine) < world_x(result.masks["kidney_right"].array, affine)
    assert world_x(result.masks["liver"].array, affine) > world_x(result.masks["spleen"].array, affine)


def test_an_image_without_an_abdomen_reports_every_organ_not_found_with_a_reason() -> None:
    air = np.full((40, 36, 30), -1000.0, dtype=np.float32)
    affine = np.diag([4.0, 4.0, 4.0, 1.0])
    image = Image(air, affine, (4.0, 4.0, 4.0), "CT", "air.nii.gz")
    result = get_segmenter("atlas", atlases=1).segment(image)
    not_found = result.details["landmarks"]["not_found"]
    for organ in ("liver", "spleen", "kidney_left", "kidney_right", "pancreas"):
        assert organ not in result.masks
        assert "atlas" in not_found[organ] and "model backend" in not_found[organ]


def test_not_a_volume_is_a_segmenter_error() -> None:
    with pytest.raises(SegmenterError):
        get_segmenter("atlas").segment(Image(np.zeros((8, 8), np.float32), None, None, None, "photo.png"))


@pytest.mark.parametrize("value", [0, 7, "x"])
def test_a_bad_atlas_count_is_refused(value: object) -> None:
    with pytest.raises(ValueError):
        get_segmenter("atlas", atlases=value)


def _make_atlases():
    script = Path(__file__).resolve().parents[2] / "scripts" / "make_atlases.py"
    spec = importlib.util.spec_from_file_location("make_atlases", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_atlases_are_what_the_generator_draws(tmp_path: Path) -> None:
    """The files are not stale: each committed atlas equals the one `scripts/make_atlases.py` draws from its seed."""
    make = _make_atlases()
    for seed in ATLAS_SEEDS[:2]:
        drawn = read_atlas(make.write_atlas(make.draw_atlas(seed), tmp_path))
        stored = read_atlas(ATLAS_DIR / f"atlas_{seed}.npz")
        assert np.array_equal(drawn.ct, stored.ct) and np.array_equal(drawn.labels, stored.labels)
        np.testing.assert_allclose(drawn.affine, stored.affine)


def test_the_atlases_are_lesion_free_varied_and_hold_every_organ() -> None:
    atlases = library()
    assert len(atlases) == len(ATLAS_SEEDS) and not set(ATLAS_SEEDS) & {HELD_OUT_SEED}
    volumes = []
    for atlas in atlases:
        assert set(range(1, 10)) <= set(np.unique(atlas.labels).tolist())  # every organ in the atlas' field of view
        liver = atlas.ct[atlas.labels == 1]
        assert np.percentile(liver, 99) - np.percentile(liver, 1) < 40.0  # no lesion in the liver (no noise)
        volumes.append([np.count_nonzero(atlas.labels == n) for n in range(1, 10)])
    spread = np.std(np.log(np.asarray(volumes, dtype=float)), axis=0)
    assert np.median(spread) > 0.05, spread  # the patients differ in their organs' sizes
