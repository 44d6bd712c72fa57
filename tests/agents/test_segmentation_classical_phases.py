"""The classical segmenter across contrast phases: one patient portal, arterial and unenhanced, in several storages.

Unenhanced kidneys (~30 HU, below muscle) and blood (~40 HU) are read at their own levels; an arterial kidney's
cortex and darker medulla are one organ; a structure at its neighbour's HU is reported not found, never drawn wrong.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from agents.segmenters import get_segmenter
from agents.segmenters.lesion_search import KIDNEY_NONE
from imaging.volume import read_image
from tests.agents.test_segmentation_classical import scored_organs


def _segment(tmp_path: Path, **changes: object) -> tuple[dict[str, float], dict[str, str], dict]:
    from synthetic.phantom import make_phantom, random_spec

    spec = dataclasses.replace(random_spec(7002, max_voxels=800_000), **changes)  # type: ignore[arg-type]
    truth = make_phantom(tmp_path / "case", spec)
    image = read_image(tmp_path / "case" / "ct.nii.gz")
    result = get_segmenter("classical").segment(image)
    scores, not_found = scored_organs(tmp_path / "case", truth, result, float(np.prod(image.spacing)) / 1000.0)
    return scores, not_found, result.details.get("landmarks", {})


@pytest.mark.slow
@pytest.mark.parametrize("phase", ["portal", "arterial", "unenhanced"])
def test_one_patient_in_every_contrast_phase(tmp_path: Path, phase: str) -> None:
    scores, not_found, details = _segment(tmp_path, phase=phase)
    print(phase, {k: round(v, 3) for k, v in scores.items()}, not_found)
    assert (details.get("phase") == "unenhanced") == (phase == "unenhanced")
    for kidney in ("kidney_left", "kidney_right"):
        assert scores.get(kidney, 0.0) >= 0.85, (kidney, scores)
    assert scores["liver"] >= 0.8


@pytest.mark.slow
@pytest.mark.parametrize(("orientation", "spacing", "oblique_deg"),
                         [("RAS", (1.6, 1.6, 4.0), 0.0), ("LPS", (0.9, 0.9, 2.5), 0.0), ("PIR", (1.2, 1.2, 3.0), 7.0)])
def test_unenhanced_kidneys_keep_their_side_in_any_storage(tmp_path: Path, orientation: str,
                                                            spacing: tuple[float, float, float], oblique_deg: float) -> None:
    """Left and right come from the header: an unenhanced left kidney is the left one however the file is stored."""
    scores, _, _ = _segment(tmp_path, phase="unenhanced", orientation=orientation, spacing=spacing, oblique_deg=oblique_deg,
                            shape=(round(300 / spacing[0]), round(240 / spacing[1]), round(150 / spacing[2])))
    print(orientation, spacing, {k: round(v, 3) for k, v in scores.items()})
    assert scores.get("kidney_left", 0.0) >= 0.8 and scores.get("kidney_right", 0.0) >= 0.8, scores


@pytest.mark.slow
def test_kidneys_at_a_fatty_livers_hu_are_reported_not_found(tmp_path: Path) -> None:
    """Unenhanced kidneys beside a liver of the same HU: no boundary to draw, so no mask and a reason."""
    scores, not_found, _ = _segment(tmp_path, phase="unenhanced", fatty_liver=True)
    print(scores, not_found)
    assert not_found, scores
    assert all("HU" in reason for reason in not_found.values())
    assert all(score >= 0.6 for score in scores.values()), scores


def _bright_foci_beside_the_kidneys(case: Path, hu: float = 105.0, radius_mm: float = 7.0, out_mm: float = 30.0) -> None:
    """Paint a small ball brighter than the liver lateral to each kidney (positive bowel contrast, a rib's partial
    volume), outside every organ, in the stored grid (left-right read from the kidneys' own masks)."""
    import nibabel as nib

    ct_file = nib.load(case / "ct.nii.gz")
    ct = np.asarray(ct_file.dataobj).copy()
    spacing = np.asarray(ct_file.header.get_zooms()[:3], dtype=np.float64)
    taken = np.zeros(ct.shape, dtype=bool)
    for mask_file in (case / "segmentations").glob("*.nii.gz"):
        taken |= np.asarray(nib.load(mask_file).dataobj) > 0
    centres = {side: np.argwhere(np.asarray(nib.load(case / "segmentations" / f"kidney_{side}.nii.gz").dataobj) > 0).mean(0)
               for side in ("left", "right")}
    rightward = (centres["right"] - centres["left"]) * spacing
    rightward /= np.linalg.norm(rightward)
    grid = np.indices(ct.shape).reshape(3, -1).T * spacing
    for side, sign in (("right", 1.0), ("left", -1.0)):
        centre = centres[side] * spacing + sign * out_mm * rightward
        ball = (np.linalg.norm(grid - centre, axis=1) <= radius_mm).reshape(ct.shape) & ~taken
        ct[ball] = hu
    nib.save(nib.Nifti1Image(ct, ct_file.affine, ct_file.header), case / "ct.nii.gz")


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "orientation"), [(7002, "RAS"), (7004, "LPS"), (7006, "PIR")])
def test_small_bright_foci_where_kidneys_are_looked_for_leave_a_scan_unenhanced(tmp_path: Path, seed: int,
                                                                                orientation: str) -> None:
    """Without an enhanced aorta, a few mL brighter than the liver beside each kidney are not enhanced kidneys: the
    scan is read unenhanced and both kidneys are drawn at their own level (they had been 'found' at the foci's HU and
    grown into muscle: Dice 0 on both sides)."""
    from synthetic.phantom import make_phantom, random_spec

    spec = dataclasses.replace(random_spec(seed, max_voxels=800_000), phase="unenhanced", orientation=orientation,
                               fatty_liver=False)
    truth = make_phantom(tmp_path / "case", spec)
    _bright_foci_beside_the_kidneys(tmp_path / "case")
    image = read_image(tmp_path / "case" / "ct.nii.gz")
    result = get_segmenter("classical").segment(image)
    scores, not_found = scored_organs(tmp_path / "case", truth, result, float(np.prod(image.spacing)) / 1000.0)
    details = result.details.get("landmarks", {})
    print(seed, orientation, details.get("levels_hu"), {k: round(v, 3) for k, v in scores.items()}, not_found)
    assert details.get("phase") == "unenhanced"
    assert "kidney_tumor" not in result.masks and "contrast" in not_found["kidney_tumor"]  # a solid mass needs contrast
    assert "kidney_cyst" in result.masks or not_found["kidney_cyst"] == KIDNEY_NONE  # fluid is told; none found: unknown
    in_view = [k for k in ("kidney_left", "kidney_right") if truth["organs"][k]["voxel_count"] * float(
        np.prod(image.spacing)) / 1000.0 >= 40.0]
    assert in_view
    for kidney in in_view:
        assert scores.get(kidney, 0.0) >= 0.8, (kidney, scores, not_found)
