"""Answer kinds a new user's hour (session 14) found, each varied so the rule passes.

"Which organ carries the largest lesion burden relative to its volume?" asks the share of each organ that is lesion
(tumour burden %), though it says "volume": it was answered from total lesion volumes in mL (a small pancreas with a
large tumour lost to the kidneys) and approved. Phrasings of a share and of an absolute volume are run through the
real agents on a phantom whose two orderings differ, against the masks' own voxel counts.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from tests.phantom_inputs import run_case

GROUPS = {"Liver": (["liver"], ["liver_tumor"]), "Kidneys": (["kidney_left", "kidney_right"], ["kidney_tumor", "kidney_cyst"]),
          "Pancreas": (["pancreas"], ["pancreas_tumor"])}


def _voxels(folder: Path, names: list[str]) -> int:
    return sum(int(np.count_nonzero(np.asarray(nib.load(str(folder / f"{n}.nii.gz")).dataobj)))
               for n in names if (folder / f"{n}.nii.gz").exists())


def _orders(phantom_dir: Path) -> tuple[str, str]:
    """(organ with the largest lesion share, organ with the largest lesion volume), from the masks."""
    masks = phantom_dir / "segmentations"
    lesion = {g: _voxels(masks, les) for g, (_, les) in GROUPS.items()}
    share = {g: lesion[g] / (_voxels(masks, org) or 1) for g, (org, _) in GROUPS.items()}
    return max(share, key=share.get), max(lesion, key=lesion.get)


@pytest.mark.parametrize(("question", "share"), [
    ("Comparing liver, kidneys and pancreas, which carries the largest lesion burden relative to its volume?", True),
    ("Which organ has the greatest lesion volume relative to organ size?", True),
    ("Which organ carries the most tumour, normalised by organ volume?", True),
    ("Which has the most lesion volume as a fraction of the organ: liver, kidneys or pancreas?", True),
    ("Which organ has the largest total lesion volume?", False),
    ("Which organ has the biggest lesion burden in mL?", False),
])
def test_burden_relative_to_organ_volume_is_a_share(phantom_dir: Path, question: str, share: bool) -> None:
    by_share, by_volume = _orders(phantom_dir)
    assert by_share != by_volume, "the phantom must order the organs differently by share and by volume"
    choices = {"A": "Pancreas", "B": "Spleen", "C": "Liver", "D": "Kidneys"}
    result = run_case({"images": [{"path": str(phantom_dir / "ct.nii.gz"), "masks": str(phantom_dir / "segmentations")}],
                       "question": question, "choices": choices})
    assert result.status == "answered", result.reasons
    expected = by_share if share else by_volume
    letter = next(k for k, v in choices.items() if v == expected)
    assert result.answer.startswith(letter), (result.answer, expected)
    cited = {e.name for e in result.evidence if e.id in set(result.answer_detail.evidence_ids)}
    assert ("tumor_burden_pct" in cited) == share and cited, cited
