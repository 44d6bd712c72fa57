"""Missing is not zero: a lesion mask absent from a provided folder is unknown, with the real agents."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

import orchestrator
from agents.segmenters.base import Segmentation
from agents.segmenters.completion import audit_lesion_masks
from imaging.volume import LabelMap


def _mask(name: str, filled: bool, shape: tuple[int, int, int] = (6, 5, 4)) -> LabelMap:
    array = np.zeros(shape, dtype=bool)
    array[1:3, 1:3, 1:2] = filled
    return LabelMap(array=array, affine=np.eye(4), spacing=(1.0, 1.0, 1.0), name=name)


@pytest.mark.parametrize(("lesion_masks", "unknown", "kept"), [
    ({"kidney_tumor": False}, True, set()),                          # cyst mask missing, tumour empty: unknown
    ({"kidney_tumor": True}, False, {"kidney_tumor"}),               # a lesion is shown: kept, count a lower bound
    ({"kidney_tumor": False, "kidney_cyst": False}, False, {"kidney_tumor", "kidney_cyst"}),  # complete: zero
    ({}, True, set()),
])
def test_a_lesion_group_with_a_missing_mask_is_unknown(lesion_masks: dict, unknown: bool, kept: set) -> None:
    masks = {"kidney_left": _mask("kidney_left", True), "kidney_right": _mask("kidney_right", True)}
    masks |= {name: _mask(name, filled) for name, filled in lesion_masks.items()}
    audit = audit_lesion_masks(Segmentation(masks, "provided"))
    assert ("kidney_lesion" in audit.unknown_groups) == unknown
    assert {n for n in audit.segmentation.masks if n.startswith("kidney_") and n.endswith(("tumor", "cyst"))} == kept
    named = {e.target for e in audit.evidence}
    assert named == {"kidney_tumor", "kidney_cyst"} - set(lesion_masks)
    assert all(e.value is None and "unknown" in (e.reason or "") for e in audit.evidence)


def test_an_organ_not_provided_claims_nothing_about_its_lesions() -> None:
    audit = audit_lesion_masks(Segmentation({"liver": _mask("liver", True)}, "provided"))
    assert audit.unknown_groups == ["liver_lesion"]
    assert not any(e.target.startswith("colon") for e in audit.evidence)


def test_a_missing_lesion_mask_is_not_answered_as_none(phantom_dir: Path, tmp_path: Path) -> None:
    """The phantom's liver holds lesions; without its liver_tumor mask the answer is unknown, never "No"."""
    folder = tmp_path / "segmentations"
    shutil.copytree(phantom_dir / "segmentations", folder)
    (folder / "liver_tumor.nii.gz").unlink()
    image = {"path": str(phantom_dir / "ct.nii.gz"), "modality": "CT", "masks": str(folder)}
    result = orchestrator.run({"case_id": "missing", "images": [image], "question": "Is there a liver lesion?",
                               "choices": {"A": "Yes", "B": "No"}})
    assert result.status == "abstained", (result.status, result.answer)
    assert any(e.target == "liver_tumor" and e.value is None and "liver_tumor" in (e.reason or "")
               for e in result.evidence)
