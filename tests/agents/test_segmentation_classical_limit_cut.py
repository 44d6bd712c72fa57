"""An organ the classical segmenter's own search limit cuts has no size to give (`classical_anatomy.cut_by_limit`).

Suite AL: a 960 mL spleen reaching 160 mm in front of the spine was drawn 545 mL, stopped where a spleen is looked
for (110 mm), and graded "moderate" instead of "severe". Where tissue of the organ's band goes on past the limit across
a wide face, the mask is marked `size_unknown`, and a size asked abstains with that reason while the organ's attenuation
still answers. Varied: the axis and side of the limit, voxel size, where the organ is cut; an organ that stops short
of its limit or meets the limit at a point is not marked.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

import orchestrator
from agents.segmenters import classical_anatomy, classical_places
from agents.segmenters.classical_anatomy import cut_by_limit
from synthetic.phantom import make_phantom, random_spec


def _ellipsoid(shape: tuple[int, int, int], spacing: np.ndarray, semi_mm: tuple[float, float, float]) -> np.ndarray:
    grid = np.indices(shape).astype(np.float64)
    centre = (np.asarray(shape) - 1) / 2.0
    return sum(((grid[a] - centre[a]) * spacing[a] / semi_mm[a]) ** 2 for a in range(3)) <= 1.0


@pytest.mark.parametrize(("spacing", "axis", "side", "kept"), [
    ((1.2, 1.2, 4.0), 1, 1, 0.55), ((0.8, 0.8, 2.5), 0, -1, 0.7), ((1.5, 1.5, 5.0), 1, -1, 0.4),
    ((1.0, 1.0, 3.0), 0, 1, 0.8),
])  # fmt: skip
def test_an_organ_going_on_past_its_limit_is_marked(spacing: tuple[float, float, float], axis: int, side: int,
                                                    kept: float) -> None:
    sp = np.asarray(spacing)
    shape = (int(160 / sp[0]), int(160 / sp[1]), int(120 / sp[2]))
    whole = _ellipsoid(shape, sp, (60.0, 55.0, 45.0))
    coord = np.indices(shape)[axis] * side
    limit = np.quantile(coord[whole], kept)
    organ, beyond = whole & (coord <= limit), whole & (coord > limit)
    why = cut_by_limit("spleen", organ, beyond, sp)
    assert why is not None and "spleen goes on past" in why


@pytest.mark.parametrize(("spacing", "gap_mm"), [((1.2, 1.2, 4.0), 0.0), ((0.8, 0.8, 2.5), 6.0)])
def test_an_organ_meeting_its_limit_at_a_point_or_short_of_it_is_not_marked(spacing: tuple[float, float, float],
                                                                             gap_mm: float) -> None:
    sp = np.asarray(spacing)
    shape = (int(160 / sp[0]), int(160 / sp[1]), int(120 / sp[2]))
    organ = _ellipsoid(shape, sp, (50.0, 45.0, 40.0))
    y = np.indices(shape)[1] * sp[1]
    front = y[organ].max() + sp[1] + gap_mm  # the limit: one voxel (plus the gap) in front of the organ's tip
    band = _ellipsoid(shape, sp, (70.0, 80.0, 40.0)) & (y >= front) & (np.abs(np.indices(shape)[0] * sp[0] - 80) < 20)
    assert cut_by_limit("spleen", organ, band, sp) is None


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "spacing"), [(7102, (1.2, 1.2, 3.0)), (7106, (1.5, 1.5, 5.0))])
def test_a_cut_spleen_gives_no_volume_and_keeps_its_attenuation(tmp_path: Path, seed: int,
                                                                 spacing: tuple[float, float, float],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit moved behind the spleen's front (rather than a spleen grown past it): the same geometry."""
    low = classical_places.ALLOWED["spleen"]
    monkeypatch.setitem(classical_anatomy.ALLOWED, "spleen", classical_places.Place(low.dx, (low.dy[0], -5.0), (0, 0), 0, 0))
    spec = dataclasses.replace(random_spec(seed, max_voxels=800_000), orientation="RAS", spacing=spacing, oblique_deg=0.0,
                               splenomegaly="none", phase="portal",
                               shape=(round(320 / spacing[0]), round(250 / spacing[1]), round(170 / spacing[2])))
    make_phantom(tmp_path / "p", spec)  # organs touching without fat planes: the landmark stage, where limits apply
    image = {"path": str(tmp_path / "p" / "ct.nii.gz"), "modality": "CT"}
    volume = orchestrator.run({"case_id": f"lc{seed}", "question": "What is the spleen volume in mL?", "images": [image]},
                              {"segmenter": "classical"})
    assert volume.status == "abstained", volume.answer
    assert any("goes on past where the classical segmenter looks for it" in r for r in volume.reasons), volume.reasons
    density = orchestrator.run({"case_id": f"ld{seed}", "question": "What is the mean attenuation of the spleen in HU?",
                                "images": [image]}, {"segmenter": "classical"})
    assert density.status == "answered", density.reasons
