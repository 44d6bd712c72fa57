"""Whole cases through the real agents on the embedded CPU defaults."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

import orchestrator
from core.case import CaseResult
from synthetic.phantom import lookup_truth


def _case(ct: Path, question: str | None, choices: dict[str, str] | None = None, masks: Path | None = None) -> dict:
    image = {"path": str(ct), "modality": "CT", **({"masks": str(masks)} if masks else {})}
    return {"case_id": "e2e", "images": [image], "question": question, "choices": choices}


@pytest.fixture(scope="module")
def backends() -> dict:
    """Loaded backends shared by the module's runs (the embedder loads once)."""
    return {}


def test_demo_walkthrough_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from knowledge import find_criterion, load_base
    from orchestrator.demo import DEMO_CASE, run_demo
    from orchestrator.reports.render import SECTIONS

    result = run_demo(tmp_path)
    printed = " ".join(capsys.readouterr().out.split())
    assert result.status == "answered", result.reasons
    truth = json.loads((tmp_path / "phantom" / "ground_truth.json").read_text())
    diameter = lookup_truth(truth, "pancreas_lesion", "largest_lesion_diameter_mm")
    stage = find_criterion(load_base(), "pancreatic tumor staging").classify(
        {"pancreas_lesion.largest_lesion_diameter_mm": diameter}).label
    choices = json.loads(DEMO_CASE.read_text())["case"]["choices"]
    assert choices[result.answer].lower() == stage.lower()
    assert result.review is not None and result.review.consistent
    assert {s.node for s in result.trace} >= {"triage", "segmentation", "measurement", "knowledge", "reasoner", "reviewer"}
    backends = {e.target: e.provenance.model_dump().get("backend") for e in result.evidence
                if e.kind == "segmentation" and e.name == "present"}
    assert backends["pancreas"] == "classical" and backends["pancreas_tumor"] == "provided"  # the embedded segmenter
    # draws the organs; the lesions are the phantom's annotations (its lesion search alone is a lower bound)
    saved = CaseResult.model_validate_json((tmp_path / "result.json").read_text())
    assert saved == result
    png = (tmp_path / "overlay.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    # the demo tells the truth: the phantom's grid and each lesion's place come from its ground truth
    tumor = truth["lesion_masks"]["pancreas_tumor"]["instances"][0]
    assert f"pancreas tumor 1 in {tumor['location'].replace('_', ' ')}" in printed
    assert " x ".join(f"{s:g}" for s in truth["image"]["spacing_mm"]) + " mm" in printed
    for part in {"pancreas_head", "pancreas_body", "pancreas_tail"} - {tumor["location"]}:
        assert f"pancreas tumor 1 in {part.replace('_', ' ')}" not in printed
    assert "pancreatic head" not in json.loads(DEMO_CASE.read_text())["description"]
    page = (tmp_path / "report.html").read_text()
    lesions = [f for f in result.findings if f.lesion and "longest_diameter_slice" in f.measurements]
    assert all(f"<h2>{title}</h2>" in page for title in SECTIONS)
    assert lesions and page.count("data:image/png;base64,") == len(lesions)  # no enlarged organ in the demo phantom
    assert all(f"{f.lesion.replace('_', ' ')} ({f.organ})" in page for f in lesions)
    for name in ("report.md", "fhir_bundle.json", "masks/labels.nii.gz", "dicom/segmentation.dcm"):
        assert (tmp_path / name).stat().st_size > 1000, name


def test_every_number_in_an_answer_has_evidence(phantom_dir: Path, backends: dict) -> None:
    q = "What is the volume of the spleen in mL?"
    result = orchestrator.run(_case(phantom_dir / "ct.nii.gz", q, masks=phantom_dir / "segmentations"),
                              backends=backends)
    assert result.status == "answered", result.reasons
    truth = json.loads((phantom_dir / "ground_truth.json").read_text())
    expected = lookup_truth(truth, "spleen", "volume_ml")
    numbers = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", result.answer_detail.text)]
    assert any(abs(n - expected) <= 0.05 for n in numbers), (result.answer_detail.text, expected)
    cited = result.evidence_by_id()
    assert all(i in cited for i in result.answer_detail.evidence_ids)
    assert any(cited[i].kind == "measurement" and cited[i].target == "spleen" for i in result.answer_detail.evidence_ids)


def test_missing_file_is_rejected_naming_the_file(tmp_path: Path, backends: dict) -> None:
    result = orchestrator.run(_case(tmp_path / "absent.nii.gz", "How big is the liver?"), backends=backends)
    assert result.status == "rejected"
    assert any("absent.nii.gz" in r for r in result.reasons)
    assert [s.node for s in result.trace] == ["triage", "finalize"]


def test_nan_volume_is_rejected(tmp_path: Path, backends: dict) -> None:
    from imaging.volume import write_nifti

    data = np.full((32, 32, 8), 40.0, np.float32)
    data[3, 3, 3] = np.nan
    write_nifti(data, np.diag([1.0, 1.0, 3.0, 1.0]), tmp_path / "nan.nii.gz")
    result = orchestrator.run(_case(tmp_path / "nan.nii.gz", "How big is the liver?"), backends=backends)
    assert result.status == "rejected"
    assert any("nan" in r.lower() for r in result.reasons)


def test_knowledge_question_needs_no_images(backends: dict) -> None:
    case = {"case_id": "k1", "question": "Above what splenic volume is the spleen considered enlarged?"}
    result = orchestrator.run(case, backends=backends)
    nodes = [s.node for s in result.trace]
    assert "segmentation" not in nodes and "measurement" not in nodes
    assert "knowledge" in nodes
    assert any(e.kind == "criterion" and e.citation for e in result.evidence)


@pytest.mark.parametrize("layout", ["nifti", "dicom-file"])
def test_each_header_is_read_once_per_run(tmp_path: Path, phantom_dir: Path, backends: dict,
                                          monkeypatch: pytest.MonkeyPatch, layout: str) -> None:
    """`run()` reads the headers to scrub header identifiers; triage reuses them (no second gunzip)."""
    from pydicom.data import get_testdata_file

    from agents.triage_checks import files

    calls: list[str] = []
    real = files._peek
    monkeypatch.setattr(files, "_peek", lambda p, m: calls.append(str(p)) or real(p, m))
    path = phantom_dir / "ct.nii.gz" if layout == "nifti" else Path(get_testdata_file("CT_small.dcm"))
    result = orchestrator.run(_case(path, "What is the volume of the liver?"), backends=backends)
    assert result.status in ("answered", "abstained", "rejected")
    assert calls == [str(path)]


@pytest.mark.parametrize(("grade", "question"), [
    ("none", "What is the spleen volume, and is the spleen of normal size?"),
    ("moderate", "What is the spleen volume, and is the spleen of normal size?"),
    ("mild", "How large is the spleen and is it normal in size?"),
])
def test_a_negated_second_part_is_answered_with_its_own_polarity(tmp_path: Path, backends: dict, grade: str,
                                                                 question: str) -> None:
    """'..., and is the spleen of normal size?': *yes* only when the cited criterion finds no splenomegaly."""
    import knowledge
    from synthetic.phantom import PhantomSpec, make_phantom

    out = tmp_path / "case"
    make_phantom(out, PhantomSpec(seed=5, splenomegaly=grade, liver_lesions=0))
    result = orchestrator.run(_case(out / "ct.nii.gz", question, masks=out / "segmentations"), backends=backends)
    assert result.status == "answered", result.reasons
    truth = lookup_truth(json.loads((out / "ground_truth.json").read_text()), "spleen", "volume_ml")
    entry = knowledge.shared_base().get("dtvqa-splenomegaly-detection")
    enlarged = entry.classify({"spleen.volume_ml": truth}).label == "splenomegaly"
    sentences = [s.strip() for s in result.answer_detail.text.split(".") if s.strip()]
    said = next(s for s in sentences if s.startswith(("Yes", "No")))
    assert said.startswith("No" if enlarged else "Yes"), (result.answer_detail.text, truth)
    assert result.review is not None and result.review.consistent
    # the attending recomputes the part's criterion: the opposite yes/no to that part is sent back
    from agents.reviewer import review_result

    flipped_said = ("Yes" + said[2:].replace(" — ", " — not ", 1)) if said.startswith("No") else "No" + said[3:]
    text = result.answer_detail.text.replace(said, flipped_said, 1)
    flipped = result.model_copy(update={"answer": text, "answer_detail": result.answer_detail.model_copy(update={"text": text})})
    verdict = review_result(flipped)
    assert not verdict.consistent and any(c.name == "parts" and not c.passed for c in verdict.checks), text
