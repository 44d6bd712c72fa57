"""A count under the question's size filter (floor, ceiling or range) through the real agents.

The filter is read once (`questions.sizes.stated_size_filter`) and carried in the intent; the
reasoner counts per lesion and the reviewer recomputes from the same diameters. Each lesion's
longest axial diameter is found here by brute force (every pair of voxel centres on every slice).
"""

from __future__ import annotations

import operator
import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage
from scipy.spatial.distance import pdist

import orchestrator
from synthetic.phantom import PhantomSpec, make_phantom


@pytest.fixture(scope="module")
def phantom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sizes") / "p"
    make_phantom(folder, PhantomSpec(seed=57, liver_lesions=3, liver_lesion_diameters_mm=(30.0, 20.0, 11.0)))
    return folder


def _diameters(folder: Path) -> list[float]:
    """Longest axial diameter of each liver lesion (mm), by brute force over voxel centres in physical space."""
    img = nib.load(str(folder / "segmentations" / "liver_tumor.nii.gz"))
    labels, count = ndimage.label(np.asarray(img.dataobj) > 0, structure=np.ones((3, 3, 3)))
    out = []
    for n in range(1, count + 1):
        points = np.argwhere(labels == n)
        world = nib.affines.apply_affine(img.affine, points)
        slice_axis = int(np.argmax(np.abs(img.affine[2, :3])))  # the voxel axis along the patient's z
        best = 0.0
        for k in np.unique(points[:, slice_axis]):
            on = world[points[:, slice_axis] == k][:, :2]
            if len(on) > 1:
                best = max(best, float(pdist(on).max()))
        out.append(best)
    return out


CASES = [  # question, the test each diameter must pass
    ("How many liver lesions are smaller than 2.5 cm?", lambda d: d < 25.0),
    ("How many liver lesions measure between 12 and 22 mm?", lambda d: 12.0 <= d <= 22.0),
    ("How many liver lesions are ≤ 12 mm?", lambda d: d <= 12.0),
    ("How many liver lesions are at least 1.2 cm?", lambda d: d >= 12.0),
    ("How many liver lesions are > 22 mm?", lambda d: operator.gt(d, 22.0)),
]


@pytest.mark.parametrize(("question", "admits"), CASES)
def test_a_filtered_count_counts_the_lesions_it_admits(phantom: Path, question: str, admits) -> None:
    diameters = _diameters(phantom)
    assert len(diameters) == 3 and all(min(abs(d - edge) for edge in (12, 22, 25)) > 2.0 for d in diameters), diameters
    expected = sum(1 for d in diameters if admits(d))
    assert 0 < expected < 3  # the filter decides something here
    result = orchestrator.run({"case_id": f"sz{abs(hash(question)) % 10**6}", "question": question,
                               "images": [{"path": str(phantom / "ct.nii.gz"), "masks": str(phantom / "segmentations")}]})
    assert result.status == "answered", result.reasons
    assert result.answer_detail is not None
    assert re.match(rf"{expected}\. liver lesions of ", result.answer), result.answer  # the count, then what it counts
    filtered = [e for e in result.evidence if e.name.startswith("lesion_count_") and e.kind == "finding"]
    assert [e.value for e in filtered] == [expected]
    assert all(c.passed for c in result.review.checks)
