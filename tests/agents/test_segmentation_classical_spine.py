"""The classical segmenter's vertebral column (`classical_spine`): found per slice wherever it lies, regularised along
z, its side read from the anatomy (voxels mirrored front to back against their header are turned back), and a body
outline fallback when no vertebra is seen, said in the provenance.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from agents.segmenters import get_segmenter
from agents.segmenters.classical_spine import MIRRORED_NOTE, vertebral_column
from imaging.volume import read_image
from tests.agents.test_segmentation_classical import scored_organs


def _abdomen(shape: tuple[int, int, int], spacing: tuple[float, float, float], spine_xy: list[tuple[float, float]],
             radius_mm: float = 18.0, marrow_hu: float = 150.0, seed: int = 0) -> np.ndarray:
    """An elliptic body at 40 HU with, per slice, a vertebra: a cortical ring (500 HU, 3 mm) around marrow, each voxel
    the mean of what it covers (4 x 4 samples in plane: a scanner's partial volume)."""
    rng = np.random.default_rng(seed)
    x = (np.arange(shape[0]) * spacing[0])[:, None]
    y = (np.arange(shape[1]) * spacing[1])[None, :]
    cx, cy = shape[0] * spacing[0] / 2, shape[1] * spacing[1] / 2
    body = ((x - cx) / (0.45 * shape[0] * spacing[0])) ** 2 + ((y - cy) / (0.45 * shape[1] * spacing[1])) ** 2 <= 1
    ct = np.where(body[:, :, None], 40.0, -1000.0) * np.ones(shape)
    offsets = (np.arange(4) + 0.5) / 4 - 0.5
    for k, (sx, sy) in enumerate(spine_xy):
        marrow, cortex = np.zeros(shape[:2]), np.zeros(shape[:2])
        for dx in offsets:
            for dy in offsets:
                r = np.hypot(x + dx * spacing[0] - sx, y + dy * spacing[1] - sy)
                marrow += (r <= radius_mm - 3.0) / 16
                cortex += ((r <= radius_mm) & (r > radius_mm - 3.0)) / 16
        ct[:, :, k] = ct[:, :, k] * (1 - marrow - cortex) + marrow * marrow_hu + cortex * 500.0
    return (ct + rng.normal(0, 8, shape)).astype(np.float32)


@pytest.mark.parametrize(("spacing", "side"), [((1.5, 1.5, 5.0), -1), ((0.8, 0.8, 2.0), 1), ((2.5, 4.0, 1.0), 1),
                                               ((1.0, 1.0, 3.0), -1)])
def test_column_found_per_slice_on_either_side(spacing: tuple[float, float, float], side: int) -> None:
    """A vertebra drifting along z (a tilted patient), posterior or anterior by the header, any voxel size."""
    shape = (round(330 / spacing[0]), round(240 / spacing[1]), round(120 / spacing[2]))
    cx, cy = shape[0] * spacing[0] / 2, shape[1] * spacing[1] / 2
    truth = [(cx + 15.0 * np.sin(k / shape[2] * 3), cy + side * 70.0 + 10.0 * k / shape[2]) for k in range(shape[2])]
    column = vertebral_column(_abdomen(shape, spacing, truth), _abdomen(shape, spacing, truth) > -500, np.array(spacing))
    assert column.source == "vertebra" and column.seen_slices >= 0.8 * shape[2]
    assert column.mirrored_front_to_back == (side > 0)
    err = np.abs(column.centres_mm - np.array(truth))
    assert err[:, 0].max() < 3.0, err[:, 0].max()  # x: the ring's centre
    assert err[:, 1].max() < 12.0, err[:, 1].max()  # y: a quarter into the ring from its side toward the body's centre
    assert np.all(np.sign(column.centres_mm[:, 1] - np.array(truth)[:, 1]) == -side)


def test_off_slices_dropped_and_filled_from_neighbours() -> None:
    """A bright blob on the midline in a few slices (contrast in a bowel loop) does not move the column there."""
    spacing, shape = (1.5, 1.5, 3.0), (220, 160, 40)
    cx, cy = 165.0, 120.0
    truth = [(cx, cy - 75.0)] * shape[2]
    ct = _abdomen(shape, spacing, truth)
    x, y = (np.arange(shape[0]) * 1.5)[:, None], (np.arange(shape[1]) * 1.5)[None, :]
    for k in (10, 11, 25):  # larger than the vertebra, anterior
        ct[:, :, k][np.hypot(x - cx - 10, y - cy - 60) < 25] = 400.0
    column = vertebral_column(ct, ct > -500, np.array(spacing))
    assert np.abs(column.centres_mm[:, 1] - (cy - 75.0)).max() < 12.0
    assert not column.mirrored_front_to_back


def test_no_vertebra_places_the_column_by_the_outline() -> None:
    spacing, shape = (2.0, 2.0, 5.0), (170, 130, 20)
    ct = _abdomen(shape, spacing, [])
    column = vertebral_column(ct, ct > -500, np.array(spacing))
    assert column.source == "body outline" and column.seen_slices == 0 and not column.mirrored_front_to_back
    assert column.centre_mm[1] < shape[1] * spacing[1] / 2 - 20.0  # behind the centre, by the header
    with pytest.raises(ValueError, match="no body"):
        vertebral_column(ct, np.zeros(shape, dtype=bool), np.array(spacing))


def _mirrored(case: Path, out: Path) -> Path:
    """`case` re-stored with its voxels (CT and masks) turned front to back under the same header."""
    import nibabel as nib

    for path in [case / "ct.nii.gz", *sorted((case / "segmentations").glob("*.nii.gz"))]:
        img = nib.as_closest_canonical(nib.load(str(path)))
        target = out / path.relative_to(case)
        target.parent.mkdir(parents=True, exist_ok=True)
        nib.save(nib.Nifti1Image(np.ascontiguousarray(np.asarray(img.dataobj)[:, ::-1, :]), img.affine), str(target))
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "orientation"), [(7001, "LPS"), (7003, "PIR")])
def test_voxels_mirrored_front_to_back_are_segmented_as_the_original(tmp_path: Path, seed: int, orientation: str) -> None:
    """The same patient, once as written and once with the spine anterior by the header: the same organs, each on
    its own side by the header, and the turn said in the provenance."""
    from synthetic.phantom import make_phantom, random_spec

    spec = dataclasses.replace(random_spec(seed, max_voxels=700_000), orientation=orientation)
    truth = make_phantom(tmp_path / "case", spec)
    segmenter = get_segmenter("classical")
    results = {}
    for name, case in (("as written", tmp_path / "case"), ("mirrored", _mirrored(tmp_path / "case", tmp_path / "m"))):
        image = read_image(case / "ct.nii.gz")
        result = segmenter.segment(image)
        results[name] = scored_organs(case, truth, result, float(np.prod(image.spacing)) / 1000.0)[0]
        assert (result.details.get("orientation") == MIRRORED_NOTE) == (name == "mirrored")
    print(results)
    assert results["mirrored"]["liver"] >= 0.75
    for organ, score in results["as written"].items():
        assert results["mirrored"].get(organ, 0.0) >= score - 0.1, (organ, results)


@pytest.mark.slow
def test_no_vertebra_still_places_the_organs_and_says_so(tmp_path: Path) -> None:
    """Bone removed (every voxel of 200 HU and more set to soft tissue): the organs are placed by the body outline."""
    from synthetic.phantom import make_phantom, random_spec

    spec = dataclasses.replace(random_spec(7002, max_voxels=700_000), phase="portal")
    truth = make_phantom(tmp_path / "case", spec)
    image = read_image(tmp_path / "case" / "ct.nii.gz")
    voxel_ml = float(np.prod(image.spacing)) / 1000.0
    seen = scored_organs(tmp_path / "case", truth, get_segmenter("classical").segment(image), voxel_ml)[0]
    flat = image.array.copy()
    flat[flat >= 200] = 60.0
    result = get_segmenter("classical").segment(dataclasses.replace(image, array=flat))
    marks = result.details["landmarks"]
    assert marks["spine_source"] == "body outline" and "body outline" in marks["reason"]
    placed = scored_organs(tmp_path / "case", truth, result, voxel_ml)[0]
    print(seen, placed)
    assert placed["liver"] >= 0.7, placed
    for organ, score in seen.items():  # a weaker landmark: each organ drawn about as well
        assert placed.get(organ, 0.0) >= score - 0.15, (organ, seen, placed)
