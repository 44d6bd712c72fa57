"""Full work-up (no question) on an abdominal CT with the real agents: findings per organ plus an impression."""

from __future__ import annotations

from pathlib import Path

import orchestrator


def test_full_workup_has_findings_by_organ_and_an_impression_and_passes_review(phantom_dir: Path) -> None:
    image = {"path": str(phantom_dir / "ct.nii.gz"), "modality": "CT", "masks": str(phantom_dir / "segmentations")}
    result = orchestrator.run({"case_id": "workup", "images": [image], "question": None})
    assert result.status == "answered", result.reasons
    assert result.review is not None and result.review.consistent
    text = result.answer_detail.text
    findings, _, impression = text.partition("IMPRESSION:")
    for organ in ("Liver:", "Spleen:", "Pancreas:", "Kidney:"):
        assert organ in findings
    assert "- " in impression and "Liver lesions present" in impression  # the phantom has liver lesions
    assert len(text) < 3000
    cited = result.evidence_by_id()
    assert result.answer_detail.evidence_ids and all(i in cited for i in result.answer_detail.evidence_ids)


def test_lung_bases_are_within_an_abdominal_ct(phantom_dir: Path) -> None:
    """Without masks the classical segmenter finds the lung bases; naming them is not out of scope."""
    result = orchestrator.run({"case_id": "workup-seg", "images": [{"path": str(phantom_dir / "ct.nii.gz"),
                                                                    "modality": "CT"}], "question": None})
    assert result.status == "answered", result.reasons
    scope = [c for c in result.review.checks if c.name == "scope"]
    assert scope and all(c.passed for c in scope)
