"""The phantom patient: body wall, spine, lung bases, organ shapes, bowel loops, and their HU.

Drawn from the seed in the template frame (mm). A default spec gives the clinorch patient whose
organs sit one fat voxel apart; a randomised spec (`PhantomSpec.randomise`) also draws a
`_Variation`: organ sizes and positions, body habitus, organ and muscle HU, bowel loops with gas,
and no fat plane between touching structures, which is what real abdomens vary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from synthetic.phantom_shapes import _Blob, _Ellipsoid, _frame, _Moved, _Shape, _Tube, _Wobble
from synthetic.phantom_spec import PhantomSpec, _Grid

# Tissue codes of the label volume; placed structures get 10 + their index in `_PLACEMENT`.
AIR, SUBCUT_FAT, MUSCLE, CORTICAL_BONE, CANCELLOUS_BONE, CSF, DISC, LUNG, VISCERAL_FAT, BOWEL = range(10)
_BACKGROUND_HU = {AIR: -1000, SUBCUT_FAT: -100, MUSCLE: 50, CORTICAL_BONE: 700, CANCELLOUS_BONE: 250, CSF: 10,
                  DISC: 80, LUNG: -850, VISCERAL_FAT: -100}
_PLACEMENT = ("aorta", "postcava", "heart", "gall_bladder", "kidney_right", "kidney_left", "pancreas", "spleen", "liver",
              "stomach")
"""Structures in placement order: each keeps one fat voxel away from those before it (touches them when randomised). The heart (only
its inferior wall shows, in the top slices) is drawn but has no mask."""
_LABEL = {name: 10 + n for n, name in enumerate(_PLACEMENT)}
_KIDNEY_MEDULLA_HU = 95
_PHASE_HU = {"portal": {},
             "arterial": {"aorta": 280, "postcava": 85, "heart": 220, "kidney_left": 175, "kidney_right": 175, "spleen": 58},
             "unenhanced": {"aorta": 42, "postcava": 40, "heart": 42, "kidney_left": 33, "kidney_right": 33, "spleen": 47,
                            "pancreas": 40, "stomach": 38}}
"""Organ HU that differ from the portal venous phase's."""
_PHASE_MEDULLA_HU = {"portal": _KIDNEY_MEDULLA_HU, "arterial": 85, "unenhanced": 33}
_UNENHANCED_SPREAD = 0.3
"""Without contrast, blood, kidneys and spleen vary less between patients (their HU offsets shrink)."""
_KIDNEY_BELOW_MUSCLE_HU = 10
_SLAB = 16
"""Axial slices per chunk when painting and adding noise."""
_STOMACH_WALL_MM, _STOMACH_FLUID_HU, _STOMACH_AIR_HU = 3.0, 15, -900
_STOMACH_AIR_LEVEL_Y = 35.0
"""Template y above which (anterior, the patient lies supine) the stomach lumen holds air."""


_BOWEL_WALL_MM = 2.5


def _background_hu(variation: _Variation | None = None) -> dict[int, int]:
    """HU of the background tissues; a varied patient has its own muscle and bowel wall HU."""
    if variation is None:
        return _BACKGROUND_HU
    return {**_BACKGROUND_HU, MUSCLE: round(variation.muscle_hu), BOWEL: round(variation.bowel_wall_hu)}


def _organ_hu(spec: PhantomSpec, variation: _Variation | None = None) -> dict[str, int]:
    hu = {"heart": 130, "liver": 30 if spec.fatty_liver else 60, "spleen": 50, "kidney_left": 150, "kidney_right": 150,
          "pancreas": 22 if spec.pancreatic_steatosis else 45, "aorta": 200, "postcava": 150, "stomach": 40,
          "gall_bladder": 10}
    hu.update(_PHASE_HU[spec.phase])
    if variation is not None:
        calm = ("aorta", "postcava", "kidney_left", "kidney_right", "spleen") if spec.phase == "unenhanced" else ()
        hu = {name: value + round(variation.organ_hu_offset.get(name, 0.0) * (_UNENHANCED_SPREAD if name in calm else 1.0))
              for name, value in hu.items()}
        if spec.phase == "unenhanced":  # an unenhanced kidney reads below the muscle beside it
            for kidney in ("kidney_left", "kidney_right"):
                hu[kidney] = min(hu[kidney], round(variation.muscle_hu) - _KIDNEY_BELOW_MUSCLE_HU)
    return hu


def _medulla_hu(spec: PhantomSpec, variation: _Variation | None = None) -> int:
    """The kidney medulla's HU: darker than the cortex when enhanced, the same without contrast."""
    if spec.phase == "unenhanced":
        return _organ_hu(spec, variation)["kidney_left"]
    offset = round(variation.organ_hu_offset["kidney_left"]) if variation else 0
    return _PHASE_MEDULLA_HU[spec.phase] + offset


@dataclass(frozen=True, eq=False)
class _Variation:
    """What a randomised patient varies, drawn from its own stream of the seed."""

    organ_hu_offset: dict[str, float]
    """HU added to each organ (+-15; the kidneys share one, enhancement is bilateral)."""
    muscle_hu: float
    bowel_wall_hu: float
    size: dict[str, np.ndarray]
    """Per organ, scale along x, y, z about its centre."""
    shift: dict[str, np.ndarray]
    """Per organ, shift in template mm."""
    body: dict[str, float]
    """Body half width, half depth, subcutaneous fat and wall thickness (mm)."""
    bowel: tuple[_Shape, ...]
    bowel_gas: tuple[float, ...]
    """Per bowel loop, the template y above which its lumen holds gas (inf: all fluid)."""
    gas_hu: float
    """Gas in the stomach and bowel: nearly pure air."""


def _draw_variation(rng: np.random.Generator) -> _Variation:
    organs = ("liver", "spleen", "kidney_left", "kidney_right", "pancreas", "aorta", "postcava", "stomach", "gall_bladder")
    offset = {name: float(rng.uniform(-15, 15)) for name in organs}
    offset["kidney_right"] = offset["kidney_left"]
    size, shift = {}, {}
    for name in organs:
        vessel = name in ("aorta", "postcava")
        overall = rng.uniform(0.85, 1.2) if not vessel else rng.uniform(0.8, 1.2)
        size[name] = np.array([overall * rng.uniform(0.93, 1.07) for _ in range(2)] + [1.0 if vessel else overall])
        shift[name] = rng.uniform(-10, 10, 3) * np.array([1.0, 1.0, 0.0 if vessel else 1.5]) * (0.4 if vessel else 1.0)
    body = {"a": 165.0 * rng.uniform(0.9, 1.1), "b": 125.0 * rng.uniform(0.88, 1.12),
            "fat": float(rng.uniform(4.0, 35.0)), "wall": float(rng.uniform(8.0, 16.0))}
    loops, gas = [], []
    for _ in range(int(rng.integers(4, 13))):
        centre = np.array([rng.uniform(-110, 110), rng.uniform(-20, 90), rng.uniform(-120, 30)])
        direction = rng.normal(size=3)
        parts = tuple(_Ellipsoid(centre + t * 18 * direction / np.linalg.norm(direction),
                                 np.array([rng.uniform(10, 22), rng.uniform(10, 22), rng.uniform(12, 30)]))
                      for t in (-1, 0, 1))
        loops.append(_Blob(parts, wobble=_Wobble.draw(rng, 0.05, 60.0)))
        gas.append(float(centre[1] + rng.uniform(-25, 15)) if rng.uniform() < 0.7 else float("inf"))
    return _Variation(offset, float(rng.uniform(38, 62)), float(rng.uniform(25, 50)), size, shift, body,
                      tuple(loops), tuple(gas), float(rng.uniform(-1010, -960)))


@dataclass(frozen=True, eq=False)
class _Anatomy:
    """One patient drawn from the seed: body plan and organ shapes in the template frame."""

    body: dict[str, float]
    organs: dict[str, _Shape]
    spleen: Callable[[float], _Shape]
    """Spleen for an enlargement factor (1 = normal; grows antero-inferiorly from its upper pole)."""
    medulla: dict[str, _Shape]
    caudate: _Shape
    liver_frame: Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]
    """Template coordinates -> the liver's own, undisplaced frame (where the Couinaud planes are drawn)."""


def _draw_anatomy(rng: np.random.Generator, variation: _Variation | None = None) -> _Anatomy:
    """The patient of the seed, moved and resized by `variation` when there is one."""
    anatomy = _base_anatomy(rng)
    if variation is None:
        return anatomy

    def moved(name: str, shape: _Shape, about: _Shape | None = None) -> _Moved:
        lo, hi = (about or shape).bounds()
        return _Moved(shape, variation.size[name], variation.shift[name], (lo + hi) / 2)

    organs = {name: moved(name, shape) if name in variation.size else shape for name, shape in anatomy.organs.items()}
    medulla = {name: moved(name, shell, anatomy.organs[name]) for name, shell in anatomy.medulla.items()}
    liver = organs["liver"]
    assert isinstance(liver, _Moved)

    def spleen(factor: float) -> _Shape:
        return moved("spleen", anatomy.spleen(factor), anatomy.spleen(1.0))

    return _Anatomy(variation.body, organs, spleen, medulla, moved("liver", anatomy.caudate, anatomy.organs["liver"]),
                    liver.unmove)


def _base_anatomy(rng: np.random.Generator) -> _Anatomy:
    def jit(value: float, rel: float = 0.04) -> float:
        return value * float(rng.uniform(1 - rel, 1 + rel))

    def at(x: float, y: float, z: float, sd: float = 2.0) -> np.ndarray:
        return np.array([x, y, z]) + np.clip(rng.normal(0, sd, 3), -2 * sd, 2 * sd)

    body = {"a": jit(165.0, 0.03), "b": jit(125.0, 0.03), "fat": jit(18.0, 0.2), "wall": jit(11.0, 0.1)}
    caudate = _Ellipsoid(at(0, -16, 40), np.array([20.0, 17.0, 30.0]))
    liver = _Blob((_Ellipsoid(at(68, 2, 48), np.array([jit(68), jit(90), jit(66)])),
                   _Ellipsoid(at(-18, 32, 60), np.array([jit(58), jit(42), jit(30)])), caudate),
                  wobble=_Wobble.draw(rng, 0.06, 140.0))
    kidneys, medulla = {}, {}
    for side, sign, centre in (("right", 1, (68, -50, -40)), ("left", -1, (-66, -48, -22))):
        axes = _frame((-0.18 * sign, -0.15, 1.0), (-0.8 * sign, 0.6, 0.0))
        shell = _Ellipsoid(at(*centre), np.array([jit(60), jit(30), jit(23)]), axes)
        notch = _Ellipsoid(shell.centre + 27 * axes[1], np.array([20.0, 10.0, 9.0]), axes)
        kidneys[f"kidney_{side}"] = _Blob((shell,), (notch,), _Wobble.draw(rng, 0.04, 90.0))
        medulla[f"kidney_{side}"] = shell.shrunk(9.0)
    spleen_axes = _frame((0.2, 0.6, -0.77), (0.9, 0.4, 0.0))
    spleen_centre, spleen_semi = at(-96, -40, 50), np.array([jit(64), jit(44), jit(25)])
    spleen_wobble = _Wobble.draw(rng, 0.05, 110.0)

    def spleen(factor: float) -> _Shape:
        pole = spleen_centre - spleen_semi[0] * spleen_axes[0]
        semi = spleen_semi * factor ** np.array([1.15, 0.95, 0.4])  # grows mostly downward and forward
        return _Blob((_Ellipsoid(pole + semi[0] * spleen_axes[0], semi, spleen_axes),), wobble=spleen_wobble)

    organs: dict[str, _Shape] = {
        "aorta": _Tube(2, np.array([[-400, -14, -4, 11, 11], [0, -16, -4, 11, 11], [400, -18, -6, 11.5, 11.5]])),
        "postcava": _Tube(2, np.array([[-400, 26, -3, 12, 9], [0, 24, -4, 12, 9], [400, 24, -6, 13, 10]])),
        "heart": _Blob((_Ellipsoid(at(-15, 45, 166), np.array([80.0, 60.0, 62.0])),)),
        "gall_bladder": _Blob((_Ellipsoid(at(42, 46, -4), np.array([jit(32), 15.0, 14.0]),
                                          _frame((0.3, 0.5, -0.8), (1.0, 0.0, 0.0))),), wobble=_Wobble.draw(rng, 0.04, 80.0)),
        **kidneys,
        "pancreas": _Tube(0, np.array([  # x, centre y, centre z, half-thickness y, half-height z
            [-96, -10, 4, 8, 9], [-75, 0, -6, 8, 9], [-50, 14, -14, 8.5, 10], [-20, 26, -22, 9, 11],
            [10, 26, -28, 10, 12], [30, 20, -34, 14, 21], [52, 16, -38, 13, 19]]) + np.r_[0, rng.normal(0, 1.5, 2), 0, 0],
            cap_mm=8.0),
        "liver": liver,
        "stomach": _Blob((_Ellipsoid(at(-64, 2, 56), np.array([34.0, 34.0, 32.0])),
                          _Ellipsoid(at(-46, 36, 16), np.array([30.0, 28.0, 46.0])),
                          _Ellipsoid(at(-6, 56, -8), np.array([36.0, 19.0, 19.0]))), wobble=_Wobble.draw(rng, 0.05, 120.0),
                         blend=0.3),
    }
    return _Anatomy(body, organs, spleen, medulla, caudate, lambda x, y, z: (x, y, z))


def _ellipse(x: np.ndarray, y: np.ndarray, cx: float, cy: float, ax: float, ay: float) -> np.ndarray:
    return np.square((x - cx) / ax) + np.square((y - cy) / ay) <= 1


def _axial_body(x: np.ndarray, y: np.ndarray, body: dict[str, float]) -> np.ndarray:
    """One axial slice of body wall and spine: skin, fat, muscle, vertebra, canal; visceral fat inside."""

    def superellipse(shrink: float) -> np.ndarray:
        return (np.abs(x) / (body["a"] - shrink)) ** 2.3 + (np.abs(y) / (body["b"] - shrink)) ** 2.3 <= 1

    out = np.full(np.broadcast_shapes(x.shape, y.shape), AIR, dtype=np.uint8)
    out[superellipse(0.0)] = SUBCUT_FAT
    inside_fat = superellipse(body["fat"])
    out[inside_fat] = MUSCLE
    out[superellipse(body["fat"] + body["wall"])] = VISCERAL_FAT
    out[inside_fat & (_ellipse(x, y, 28, -88, 26, 20) | _ellipse(x, y, -28, -88, 26, 20))] = MUSCLE  # erector spinae
    out[_ellipse(x, y, 0, -38, 24, 18)] = CORTICAL_BONE
    out[_ellipse(x, y, 0, -38, 21.5, 15.5)] = CANCELLOUS_BONE
    posterior = (_ellipse(x, y, 0, -66, 15, 15) | _ellipse(x, y, 0, -90, 5, 15)
                 | _ellipse(x, y, 26, -64, 13, 5) | _ellipse(x, y, -26, -64, 13, 5))
    out[posterior] = CORTICAL_BONE
    out[_ellipse(x, y, 0, -66, 8.5, 8.5)] = CSF
    return out


def _body_tissue(grid: _Grid, body: dict[str, float]) -> np.ndarray:
    """Background tissue labels of the whole volume: body wall, spine with discs, psoas, lung bases."""
    x, y, z = grid.axes
    axial = _axial_body(x[:, None], y[None, :], body)
    tissue = np.empty(grid.shape, dtype=np.uint8, order="F")  # Fortran order, as NIfTI stores volumes
    tissue[...] = axial[:, :, None]
    vertebral_body = _ellipse(x[:, None], y[None, :], 0, -38, 24, 18)
    for k in np.flatnonzero(np.mod(z - 7.0, 36.0) < 8.0):  # 8 mm discs between 28 mm vertebrae
        tissue[:, :, k][vertebral_body] = DISC
    for k in np.flatnonzero(z < 25.0):  # psoas muscles appear below L1 and thicken caudally
        r = 13.0 * min(1.0, (25.0 - float(z[k])) / 70.0) ** 0.7
        if r > 1.0:
            psoas = _ellipse(x[:, None], y[None, :], 36, -32, r, r) | _ellipse(x[:, None], y[None, :], -36, -32, r, r)
            tissue[:, :, k][psoas & (axial == VISCERAL_FAT)] = MUSCLE
    _add_lung_bases(grid, tissue, axial == VISCERAL_FAT)
    return tissue


_LOWEST_LUNG_Z = 68.0
"""Template z of the deepest costophrenic recess: lungs show in the top ~45 mm only."""


def _add_lung_bases(grid: _Grid, tissue: np.ndarray, cavity: np.ndarray) -> None:
    """Lung bases above two diaphragm domes (5 mm of muscle), either side of the mediastinum."""
    x, y, z = grid.axes
    X, Y = x[:, None], y[None, :]
    pleural = cavity & ~_ellipse(X, Y, 0, 5, 42, 80)
    domes = []
    for apex_x, apex_y, apex_z, side in ((60.0, -15.0, 108.0, X > 0), (-62.0, -20.0, 100.0, X <= 0)):
        dome = np.maximum(apex_z - (np.square(X - apex_x) + np.square(Y - apex_y)) / 160.0, _LOWEST_LUNG_Z)
        domes.append(np.where(side & pleural, dome, np.inf).astype(np.float32))
    dome = np.minimum(*domes)
    for k in np.flatnonzero(z > float(dome.min())):
        tissue[:, :, k][z[k] > dome] = MUSCLE
        tissue[:, :, k][z[k] > dome + 5.0] = LUNG




def _couinaud(x: np.ndarray, y: np.ndarray, z: np.ndarray, caudate: _Ellipsoid) -> np.ndarray:
    """Couinaud segment (1-8) of each template point, from planes through the liver's landmarks.

    Cantlie's line (gall bladder fossa to IVC) splits right from left; the falciform plane splits 4
    from 2/3; the right hepatic vein plane splits anterior (5, 8) from posterior (6, 7); the portal
    plane splits superior (2, 7, 8) from inferior (3, 5, 6); the caudate (1) is its own lobe.
    """
    right = x > 28 + 0.25 * y
    medial_left = x > -8 + 0.1 * y
    anterior = (y + 4) > 0.45 * (x - 26)
    superior = z > 40
    left_superior = (z - 60) - 0.5 * (y - 32) > 0
    right_seg = np.where(anterior, np.where(superior, 8, 5), np.where(superior, 7, 6))
    left_seg = np.where(medial_left, 4, np.where(left_superior, 2, 3))
    segment = np.where(right, right_seg, left_seg).astype(np.uint8)
    segment[np.broadcast_to(caudate.level(x, y, z) <= 1, segment.shape)] = 1
    return segment


def _pancreas_part(x: np.ndarray) -> np.ndarray:
    """Pancreas part along x: 1 head (right of the neck), 2 body, 3 tail (left of x = -48)."""
    return np.where(x > 12, 1, np.where(x < -48, 3, 2)).astype(np.uint8)


