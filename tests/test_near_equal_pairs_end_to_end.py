"""Near-equal pairs through the real agents (a researcher's F5: kidneys 24.66 vs 24.62 mL abstained because the
answer said "difference 0.0 mL" and the reviewer refused it). The kidney masks are trimmed until the two volumes
differ by a few voxels; which side is larger, the volumes and the difference are read from the mask files. Sides,
spacings, the voxel margin and the question's wording vary."""

from __future__ import annotations

import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

from benchmarks.records import parse_mc_question
from synthetic.phantom import PhantomSpec, make_phantom
from tests.asking import approved, ask

NUMBER = re.compile(r"(\d+(?:\.\d+)?) mL")


def _near_equal(root: Path, seed: int, spacing: tuple[float, float, float], larger: str, margin: int) -> Path:
    """A phantom whose `larger` kidney holds `margin` voxels more than the other (surface voxels peeled off)."""
    folder = root / f"k{seed}"
    make_phantom(folder, PhantomSpec(seed=seed, spacing=spacing))
    seg = folder / "segmentations"
    imgs = {s: nib.load(str(seg / f"kidney_{s}.nii.gz")) for s in ("left", "right")}
    masks = {s: np.asarray(i.dataobj) > 0 for s, i in imgs.items()}
    smaller = "right" if larger == "left" else "left"
    excess = int(masks[larger].sum()) - int(masks[smaller].sum()) - margin
    big, small = (larger, smaller) if excess > 0 else (smaller, larger)
    excess = abs(excess) if excess > 0 else -excess
    if big == smaller:  # the side meant to be larger is already smaller: trim the other one
        excess = int(masks[smaller].sum()) - int(masks[larger].sum()) + margin
    surface = masks[big] & ~ndimage.binary_erosion(masks[big])
    drop = np.flatnonzero(surface.ravel())[:excess]
    flat = masks[big].ravel().copy()
    flat[drop] = False
    masks[big] = flat.reshape(masks[big].shape)
    img = imgs[big]
    nib.save(nib.Nifti1Image(masks[big].astype(np.uint8), img.affine, img.header), str(seg / f"kidney_{big}.nii.gz"))
    counts = {s: int(masks[s].sum()) for s in masks}
    assert counts[larger] - counts[smaller] == margin, counts
    return folder


@pytest.mark.parametrize(("seed", "spacing", "larger", "margin", "question"), [
    (301, (2.0, 2.0, 5.0), "left", 1, "Which kidney is larger?"),
    (302, (1.6, 1.6, 4.0), "right", 2, "Which kidney is bigger by volume?"),
    (303, (2.4, 2.4, 5.0), "right", 1, "Which kidney is smaller?"),
])
def test_a_near_equal_kidney_pair_is_answered_with_its_difference(tmp_path: Path, seed: int, spacing: tuple,
                                                                  larger: str, margin: int, question: str) -> None:
    folder = _near_equal(tmp_path, seed, spacing, larger, margin)
    img = nib.load(str(folder / "segmentations" / "kidney_left.nii.gz"))
    voxel_ml = abs(float(np.linalg.det(img.affine[:3, :3]))) / 1000.0
    volumes = {s: float((np.asarray(nib.load(str(folder / "segmentations" / f"kidney_{s}.nii.gz")).dataobj) > 0).sum())
               * voxel_ml for s in ("left", "right")}
    text = approved(ask(folder, question))
    asked_side = larger if "smaller" not in question else ("right" if larger == "left" else "left")
    assert text.lower().startswith(f"{asked_side} kidney"), text
    shown = [float(v) for v in NUMBER.findall(text)]
    assert len(shown) >= 3, text  # both volumes and the difference
    assert shown[0] != shown[1], text  # printed apart, not one value twice
    assert shown[-1] > 0 and abs(shown[-1] - margin * voxel_ml) <= 0.5 * 10 ** -len(
        NUMBER.findall(text)[-1].split(".")[-1]) + 1e-9, (text, margin * voxel_ml)
    assert abs(volumes["left"] - volumes["right"] - (margin * voxel_ml if larger == "left" else -margin * voxel_ml)) < 1e-6


def test_a_lone_option_is_read_as_an_option() -> None:
    """A one-option question (suite O's slice indices) keeps its option; a lone letter inside a stem is no option."""
    for n, stem in enumerate(("On which axial slice is it widest?", "Give the slice index:")):
        assert parse_mc_question(f"{stem}\nA. {40 + n}") == (stem, {"A": str(40 + n)})
    assert parse_mc_question("Is segment A. 4 larger?") == ("Is segment A. 4 larger?", {})
    assert parse_mc_question("Which is it?\nA. 12 mm\nB. 30 mm")[1] == {"A": "12 mm", "B": "30 mm"}
