"""One distance field for a structure's neighbours: a lesion's neighbours (`lesions.assign_neighbours`) and an organ's
contacts (`contact.organ_contact`) both read `geometry.neighbours_within`, so the two paths give the same distances,
dilation steps and contacts for the same voxels, and those equal the definitions computed on the whole array.

Scenes vary in shape (blobs, slabs, single voxels, structures cut by the array edge), spacing (isotropic, anisotropic,
thick slices) and storage (axes permuted and flipped, spacing permuted with them).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from agents.measures.contact import organ_contact
from agents.measures.geometry import bounding_box, neighbours_within
from agents.measures.lesions import assign_neighbours, measure_lesions

CUBE = np.ones((3, 3, 3), dtype=bool)
SPACINGS = [(1.0, 1.0, 1.0), (0.8, 0.8, 2.5), (1.7, 0.6, 5.0), (3.0, 3.0, 0.9)]


def _blob(rng: np.random.Generator, shape: tuple[int, int, int], centre: tuple[int, int, int], radius: float,
          scale: tuple[float, float, float]) -> np.ndarray:
    """An irregular ellipsoid (radius in voxels along each axis times `scale`), its surface roughened by noise."""
    grid = np.indices(shape).astype(float)
    r2 = sum(((grid[a] - centre[a]) / (radius * scale[a])) ** 2 for a in range(3))
    return r2 <= 1.0 + 0.3 * rng.standard_normal(shape)


def _scene(seed: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """A structure and five others around it: touching, overlapping, near, beyond reach, and one voxel on the edge."""
    rng = np.random.default_rng(seed)
    shape = tuple(int(n) for n in rng.integers(18, 34, size=3))
    centre = tuple(n // 2 for n in shape)
    scale = tuple(float(x) for x in rng.uniform(0.6, 1.4, size=3))
    core = _blob(rng, shape, centre, float(rng.uniform(3, 6)), scale)  # type: ignore[arg-type]
    core[centre] = True
    labels, _ = ndimage.label(core, structure=CUBE)
    core = labels == labels[centre]  # one 26-connected structure: one lesion instance
    shell = ndimage.binary_dilation(core, CUBE) & ~core
    axis = int(rng.integers(3))
    others = {
        "touching": shell & (np.indices(shape)[axis] >= centre[axis]),  # the shell on one side
        "overlapping": _blob(rng, shape, tuple(int(c + rng.integers(-2, 3)) for c in centre), 2.0, (1, 1, 1)),  # type: ignore[arg-type]
        "near": np.zeros(shape, dtype=bool),
        "edge": np.zeros(shape, dtype=bool),
        "empty": np.zeros(shape, dtype=bool),
    }
    others["near"][tuple(slice(int(rng.integers(0, 3)), int(rng.integers(3, 6))) for _ in range(3))] = True
    others["edge"][shape[0] - 1, shape[1] - 1, int(rng.integers(shape[2]))] = True
    return core, {name: mask & ~core if name != "overlapping" else mask for name, mask in others.items()}


def _reference(core: np.ndarray, others: dict[str, np.ndarray], spacing: tuple[float, float, float],
               reach_mm: float) -> tuple[dict[str, float], dict[str, int], list[str]]:
    """The definitions on the whole array: scipy's Euclidean and taxicab transforms and a 3x3x3 dilation."""
    distance = ndimage.distance_transform_edt(~core, sampling=spacing)
    steps = ndimage.distance_transform_cdt(~core, metric="taxicab")
    shell = ndimage.binary_dilation(core, CUBE)
    near = {n: m & (distance <= reach_mm) for n, m in others.items()}
    return ({n: round(float(distance[h].min()), 3) for n, h in near.items() if h.any()},
            {n: int(steps[h].min()) for n, h in near.items() if h.any()},
            [n for n, m in others.items() if (m & shell).any()])


def _stored(array: np.ndarray, order: tuple[int, int, int], flips: tuple[int, ...]) -> np.ndarray:
    out = np.transpose(array, order)
    return np.flip(out, axis=flips) if flips else out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize("reach_mm", [0.0, 4.0, 15.0, 40.0])
def test_the_field_gives_the_whole_array_definitions(seed: int, spacing: tuple[float, float, float],
                                                     reach_mm: float) -> None:
    core, others = _scene(seed)
    box = bounding_box(core)
    assert box is not None
    got = neighbours_within(core[box], box, core.shape, others, spacing, reach_mm, touching=True)
    distances, steps, touching = _reference(core, others, spacing, reach_mm)
    assert got.touching == touching
    assert got.distances_mm == (distances if reach_mm > 0 else {})
    assert got.dilation_steps == (steps if reach_mm > 0 else {})
    assert "touching" in got.touching and "overlapping" in got.touching and "empty" not in got.touching
    assert list(got.distances_mm) == [n for n in others if n in got.distances_mm]  # the order given


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize(("order", "flips"), [((0, 1, 2), ()), ((2, 0, 1), (0,)), ((1, 2, 0), (1, 2)), ((0, 2, 1), (2,))])
def test_a_lesion_and_an_organ_of_the_same_voxels_get_the_same_neighbours(seed: int, spacing: tuple[float, float, float],
                                                                         order: tuple[int, int, int],
                                                                         flips: tuple[int, ...]) -> None:
    """However the scene is stored, the lesion path and the organ-contact path agree, and with the unpermuted scene."""
    core, others = _scene(seed)
    base = organ_contact("core", {"core": core, **others}, spacing, reach_mm=40.0)
    core, others = _stored(core, order, flips), {n: _stored(m, order, flips) for n, m in others.items()}
    spacing = tuple(spacing[a] for a in order)  # type: ignore[assignment]
    (lesion,) = measure_lesions("liver_tumor", core, np.zeros(core.shape, np.float32), np.eye(4), spacing, 0.001)
    assign_neighbours([lesion], others, spacing, distance_mm=5.0)
    organ = organ_contact("core", {"core": core, **others}, spacing, reach_mm=40.0)
    assert organ is not None and base is not None
    assert (organ.distances_mm, organ.dilation_steps, organ.touching) == (base.distances_mm, base.dilation_steps,
                                                                          base.touching)
    assert lesion.distances_mm == organ.distances_mm and lesion.dilation_steps == organ.dilation_steps
    assert lesion.adjacent == [n for n, d in organ.distances_mm.items() if d <= 5.0]
    assert organ.distances_mm  # something lies within reach, so the comparison compares figures


def test_nothing_around_and_reach_zero() -> None:
    core = np.zeros((9, 9, 9), dtype=bool)
    core[4, 4, 4] = True
    box = bounding_box(core)
    assert box is not None
    assert neighbours_within(core[box], box, core.shape, {}, (1.0, 1.0, 1.0), 10.0).distances_mm == {}
    corner = np.zeros_like(core)
    corner[5, 5, 5] = True  # a 26-neighbour: three 6-connected steps, sqrt(3) mm away
    got = neighbours_within(core[box], box, core.shape, {"corner": corner}, (1.0, 1.0, 1.0), 0.0, touching=True)
    assert (got.touching, got.distances_mm, got.dilation_steps) == (["corner"], {}, {})
    got = neighbours_within(core[box], box, core.shape, {"corner": corner}, (1.0, 1.0, 1.0), 1.7)
    assert (got.touching, got.distances_mm) == ([], {})  # beyond 1.7 mm, and touching not asked
    got = neighbours_within(core[box], box, core.shape, {"corner": corner}, (1.0, 1.0, 1.0), 1.8)
    assert got.distances_mm == {"corner": 1.732} and got.dilation_steps == {"corner": 3}
