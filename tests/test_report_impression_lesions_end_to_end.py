"""The impression (and FHIR DiagnosticReport.conclusion) never contradicts the findings about lesions.

Bug report (newuser15): Findings listed "liver lesion segmented (616 voxels)" while the Impression said "No lesion was
segmented". The impression now reads the same lesion evidence as the findings: any non-empty lesion mask, measured
or not, whatever produced it; "no lesion" only when none is, and "unknown" where a lesion mask is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import orchestrator
from orchestrator.reports.content import build_report
from orchestrator.reports.fhir import build_bundle


def _report(tmp_path: Path, seed: int, question: str, drop: tuple[str, ...] = (), config: dict | None = None,
            **spec: object) -> tuple[str, str, str]:
    """(findings text, impression text, FHIR conclusion) of a phantom run."""
    from imaging.volume import read_image
    from synthetic.phantom import PhantomSpec, make_phantom

    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, **spec))  # type: ignore[arg-type]
    for name in drop:
        (case / "segmentations" / f"{name}.nii.gz").unlink()
    image = {"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}
    result = orchestrator.run({"case_id": f"impression{seed}", "images": [image], "question": question},
                              config=config or {})
    report = build_report(result, read_image(case / "ct.nii.gz", modality="CT"))
    findings = " ".join(s.text for sentences in report.findings.values() for s in sentences)
    bundle = build_bundle(result, report.impression).model_dump()
    conclusion = next(e["resource"]["conclusion"] for e in bundle["entry"]
                      if e["resource"]["resource_type" if "resource_type" in e["resource"] else "resourceType"]
                      == "DiagnosticReport")
    return findings, " ".join(s.text for s in report.impression), conclusion


@pytest.mark.parametrize(("seed", "question", "spec", "organ"), [
    (51, "What is the spleen volume in mL?", {"liver_lesions": 0, "kidney_lesion": "cyst"}, "kidney"),  # not measured
    (52, "What is the volume of the liver in mL?", {"liver_lesions": 1, "orientation": "RAS"}, "liver"),
    (53, "How many liver lesions are there?", {"liver_lesions": 2}, "liver"),                       # measured
])
def test_an_impression_names_every_segmented_lesion(tmp_path: Path, seed: int, question: str, spec: dict,
                                                    organ: str) -> None:
    findings, impression, conclusion = _report(tmp_path, seed, question, **spec)
    assert organ in findings
    for text in (impression, conclusion):
        assert "No lesion was segmented" not in text, text
        assert f"{organ}:" in text, text


def test_an_impression_says_no_lesion_only_when_none_is_segmented(tmp_path: Path) -> None:
    _, impression, conclusion = _report(tmp_path, 54, "What is the spleen volume in mL?", liver_lesions=0)
    assert "No lesion was segmented and no organ measured as enlarged." in impression
    assert "No lesion was segmented" in conclusion


def test_an_impression_says_unknown_where_a_lesion_mask_is_missing(tmp_path: Path) -> None:
    _, impression, conclusion = _report(tmp_path, 55, "What is the spleen volume in mL?", ("liver_tumor",),
                                        {"segmenter": "provided"}, liver_lesions=0)
    for text in (impression, conclusion):
        assert "unknown" in text and "liver tumor" in text, text
        assert "No lesion was segmented and" not in text
