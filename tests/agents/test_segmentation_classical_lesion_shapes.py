"""Lesion pieces that are normal anatomy (`classical_lesion_shapes`): a tube in any direction is a vessel branch; a
kidney 'cyst' of fat is the renal sinus. Round lesions and fluid cysts stay, whatever the voxel size."""

from __future__ import annotations

import numpy as np
import pytest

from agents.segmenters.classical_lesion_shapes import anatomy_out, vessel_like


def _grid(shape: tuple[int, int, int], spacing: tuple[float, float, float]) -> np.ndarray:
    return np.stack(np.meshgrid(*[np.arange(n) * s for n, s in zip(shape, spacing, strict=True)], indexing="ij"), -1)


@pytest.mark.parametrize("spacing", [(1.0, 1.0, 1.0), (0.8, 0.8, 5.0), (5.0, 1.1, 1.1), (2.0, 2.0, 3.0)])
@pytest.mark.parametrize("direction", [(1, 0, 0), (0, 1, 1), (1, 1, 0), (0, 0, 1)])
def test_tube_dropped_ball_kept(spacing: tuple[float, float, float], direction: tuple[int, int, int]) -> None:
    shape = tuple(int(120 / s) for s in spacing)
    xyz = _grid(shape, spacing)  # type: ignore[arg-type]
    ball_centre, tube_centre = np.array([35.0, 35.0, 35.0]), np.array([80.0, 80.0, 60.0])
    ball = np.linalg.norm(xyz - ball_centre, axis=-1) <= 9.0  # an 18 mm lesion
    axis = np.asarray(direction, dtype=float) / np.linalg.norm(direction)
    rel = xyz - tube_centre
    along = rel @ axis
    tube = (np.linalg.norm(rel - along[..., None] * axis, axis=-1) <= 4.0) & (np.abs(along) <= 25.0)  # 8 x 50 mm vessel
    lesions = {"liver_tumor": ball | tube}
    notes: dict = {}
    anatomy_out(lesions, np.zeros(shape, dtype=np.float32), np.array(spacing), notes)
    assert lesions["liver_tumor"][ball].all(), "the round lesion was dropped"
    assert not lesions["liver_tumor"][tube].any(), "the vessel stayed a lesion"
    assert notes["dropped_lesions"]["liver_tumor"] == ["a tube: a vessel branch the organ's band left out"]


@pytest.mark.parametrize(("hu", "kept"), [(-60.0, False), (-30.0, False), (5.0, True), (18.0, True)])
def test_kidney_cyst_of_fat_is_the_sinus(hu: float, kept: bool) -> None:
    spacing = (1.5, 1.5, 2.5)
    shape = (60, 60, 40)
    xyz = _grid(shape, spacing)
    cyst = np.linalg.norm(xyz - np.array([45.0, 45.0, 50.0]), axis=-1) <= 8.0
    ct = np.where(cyst, hu, 150.0).astype(np.float32)
    lesions = {"kidney_cyst": cyst.copy()}
    notes: dict = {}
    anatomy_out(lesions, ct, np.array(spacing), notes)
    assert lesions["kidney_cyst"].any() == kept
    assert ("dropped_lesions" in notes) != kept


@pytest.mark.parametrize("slice_mm", [3.0, 5.0])
def test_one_thick_slice_disc_is_no_vessel_but_a_thin_resolved_sheet_is(slice_mm: float) -> None:
    """A 16 mm disc one slice deep: its voxels' own extent counts and one voxel cannot tell thin, so it stays; a 30 x
    24 mm sheet 6 mm thick over several fine voxels is a vessel's fork; an oval lesion 30 x 24 x 14 mm stays."""
    spacing = np.array([0.8, 0.8, slice_mm])
    ij = np.argwhere(np.ones((20, 20), dtype=bool))
    disc = np.column_stack([ij * spacing[:2], np.zeros(len(ij))])
    assert not vessel_like(disc, spacing)
    fine = np.array([1.0, 1.0, 1.0])
    sheet = np.argwhere(np.ones((30, 24, 6), dtype=bool)).astype(float)
    assert vessel_like(sheet, fine)
    oval = np.argwhere(np.ones((30, 24, 14), dtype=bool)).astype(float)
    assert not vessel_like(oval, fine)
