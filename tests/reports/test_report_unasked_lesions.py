"""A report never drops a lesion the segmentation found (a new user's first hour, session 12: a 24 mm renal cyst
found while the liver volume was asked was missing from the report's findings). An unmeasured lesion is named by
its mask, never by a voxel count (session 16's F4).

Varied: the organ asked (liver, spleen, the kidney lesion itself), so the unasked lesions differ, and a lesion that a
finding already measures is not said twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.reports.content import findings_section
from tests.phantom_inputs import run_case

LESIONS = {"kidney_cyst": "kidney", "pancreas_tumor": "pancreas", "liver_tumor": "liver"}


@pytest.mark.parametrize("question", ["What is the liver volume in mL?", "What is the spleen volume?",
                                      "What is the volume of the kidney cyst?"])
def test_every_found_lesion_is_in_the_findings(phantom_dir: Path, question: str) -> None:
    result = run_case({"images": [{"path": str(phantom_dir / "ct.nii.gz"), "masks": str(phantom_dir / "segmentations")}],
                       "question": question})
    assert result.status == "answered", result.reasons
    findings = findings_section(result)
    text = {organ: " ".join(s.text for s in sentences) for organ, sentences in findings.items()}
    found = [e.target for e in result.evidence if e.kind == "segmentation" and e.name == "present" and e.value is True
             and e.target in LESIONS]
    assert set(found) == set(LESIONS), found  # the phantom holds all three
    every = " ".join(text.values())
    for lesion in found:
        measured = any(f"({lesion})" in f.statement for f in result.findings)
        assert lesion in every or lesion.replace("_", " ") in every, (lesion, text)
        said = [organ for organ, words in text.items() if f"segmented in the {lesion} mask" in words]
        assert said == ([] if measured else [LESIONS[lesion]]), (lesion, text)  # once, under its organ
    assert "voxels" not in every  # a voxel count means nothing to a reader (a new user's F4, session 16)
