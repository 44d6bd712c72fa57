"""A lesion count summed over several organs, through the real agents on phantoms: "How many lesions are there in
total across the liver, both kidneys and the pancreas?" (suite U, session 21: read as the liver's lesion count, every
one of 11 such questions answered the first organ's count or abstained). The expected sum is counted back from the
written masks (26-connected components of each organ's lesion masks), never from the measurement code.
"""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from scipy import ndimage

import orchestrator
from questions.understanding import understand
from synthetic.phantom import PhantomSpec, make_phantom

MASKS = {"liver": ("liver_tumor",), "kidney": ("kidney_tumor", "kidney_cyst"), "pancreas": ("pancreas_tumor",)}


def _count(folder: Path, organs: tuple[str, ...]) -> int:
    total = 0
    for organ in organs:
        for name in MASKS[organ]:
            path = folder / "segmentations" / f"{name}.nii.gz"
            if path.exists():
                total += ndimage.label(np.asarray(nib.load(path).dataobj) > 0, structure=np.ones((3, 3, 3)))[1]
    return total


@pytest.mark.parametrize(("spec", "organs", "question"), [
    (dict(seed=61, liver_lesions=2, kidney_lesion="cyst", orientation="LPS", spacing=(1.6, 1.6, 3.0)),
     ("liver", "kidney", "pancreas"), "How many lesions are there in total across the liver, both kidneys and the pancreas?"),
    (dict(seed=62, liver_lesions=3, kidney_lesion="solid", kidney_lesion_side="left", pancreatic_tumor_mm=22.0),
     ("liver", "kidney"), "What is the total number of tumours in the liver and the kidneys combined?"),
    (dict(seed=63, liver_lesions=1, pancreatic_tumor_mm=25.0, orientation="LAS", spacing=(1.5, 1.5, 3.0)),
     ("liver", "pancreas"), "Counting the liver and the pancreas together, how many lesions are there altogether?"),
    (dict(seed=64, liver_lesions=0, kidney_lesion="cyst", pancreatic_tumor_mm=20.0),
     ("kidney", "pancreas"), "Number of lesions in the kidneys and pancreas in total?"),
])
@pytest.mark.parametrize("multiple_choice", [False, True])
def test_a_lesion_count_over_several_organs_is_their_sum(tmp_path: Path, spec: dict, organs: tuple, question: str,
                                                          multiple_choice: bool) -> None:
    make_phantom(tmp_path, PhantomSpec(**spec))
    expected = _count(tmp_path, organs)
    single = [_count(tmp_path, (organ,)) for organ in organs]
    intent = understand(question)
    assert intent.task == "organ aggregation" and len(intent.quantities) == len(organs), intent
    choices = None
    if multiple_choice:
        values = sorted({expected, expected + 1, expected + 2, max(expected - 1, 0), *single} - {expected})[:3]
        choices = dict(zip("ABCD", [str(v) for v in sorted([expected, *values])], strict=False))
    result = orchestrator.run({"case_id": f"tot{spec['seed']}{int(multiple_choice)}", "question": question,
                               "choices": choices, "images": [{"path": str(tmp_path / "ct.nii.gz"), "modality": "CT",
                                                               "masks": str(tmp_path / "segmentations")}]})
    assert result.status == "answered", result.reasons
    if multiple_choice:
        assert choices[result.answer] == str(expected), (result.answer_detail.text, expected, single)
    else:
        assert result.answer_detail.text.split(":")[0].split()[0].rstrip(".") == str(expected) or \
            str(expected) in result.answer_detail.text.split("(")[0], (result.answer_detail.text, expected, single)
