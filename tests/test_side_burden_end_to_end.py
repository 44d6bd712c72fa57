"""A side's kidney tumour burden through `orchestrator.run` with the real agents (suite P's kind): the lesions lying in
the kidney asked about over that kidney's volume, never both kidneys' lesions over both kidneys.

A solid lesion is painted into one kidney of the phantom (which holds a cyst in one kidney); the burden of each side is
counted back here from the written masks (26-connected components, each in the kidney holding most of its voxels),
never by the measurement code.
"""

from __future__ import annotations

import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

from tests.painted_lesions import interior_points, paint
from tests.phantom_inputs import copy_case, run_case


def _mask(case: Path, name: str) -> np.ndarray:
    path = case / "segmentations" / f"{name}.nii.gz"
    return np.asanyarray(nib.load(path).dataobj) > 0 if path.exists() else np.zeros((1, 1, 1), bool)


def _burdens(case: Path) -> dict[str, float]:
    """Per kidney: 100 x its lesions' volume / its volume (the kidney mask holds its lesions), from the files."""
    kidneys = {side: _mask(case, f"kidney_{side}") for side in ("left", "right")}
    lesions = _mask(case, "kidney_tumor") | _mask(case, "kidney_cyst")
    labels, n = ndimage.label(lesions, np.ones((3, 3, 3)))
    held = dict.fromkeys(kidneys, 0)
    for k in range(1, n + 1):
        part = labels == k
        host = max(kidneys, key=lambda s: int((part & kidneys[s]).sum()))
        held[host] += int(part.sum())
    return {side: 100.0 * held[side] / int(kidneys[side].sum()) for side in kidneys}


@pytest.mark.parametrize(("painted", "radius_mm"), [("left", 11.0), ("right", 8.0)])
def test_each_sides_burden_is_its_own(phantom_dir: Path, tmp_path: Path, painted: str, radius_mm: float) -> None:
    case = copy_case(phantom_dir, tmp_path)
    centre = interior_points(case, f"kidney_{painted}", depth_vox=4)
    paint(case, "kidney_tumor", f"kidney_{painted}", [centre[len(centre) // 2]], [radius_mm], [], contrast_hu=40.0)
    burdens = _burdens(case)
    assert burdens["left"] != burdens["right"] and max(burdens.values()) > 0, burdens  # a side may hold none (0 %)
    for side in ("left", "right"):
        result = run_case({"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
                           "question": f"What percentage of the {side} kidney volume is occupied by lesions?"})
        assert result.status == "answered", result.reasons
        said = float(re.search(r"\d+(?:\.\d+)?", result.answer).group())  # type: ignore[union-attr]
        assert said == pytest.approx(burdens[side], abs=0.06), (side, result.answer, burdens)
        assert side in result.answer.lower(), result.answer
