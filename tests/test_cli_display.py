"""What the CLI shows: data printed as it is (no emoji or markup read in ids), the answer once, honest reasons,
misuse headed by its own option, and `deid` into a folder.

Kinds (first-hour findings, round 10): P7 rich reads `:bone:` in `measurement:bone:...` as an emoji;
P10 an abstention without an answer said the review "did not confirm the answer"; P11 the answer
printed twice; P12 a URL refused as a missing path, option errors headed "SOURCE"; P4b `deid FILE DIR`.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.console import Console
from typer.testing import CliRunner

from core.case import Answer, Case, CaseResult, Check, Evidence, Review
from core.state import CaseState
from orchestrator import report
from orchestrator.cli import app
from orchestrator.result import answer_display, finalize

EMOJI_IDS = ["measurement:bone:distance_from_pancreas_lesion_1_mm", "measurement:heart:volume_ml",
             "criterion:fire:grade", "measurement:kidney_left:volume_ml [bold]x[/bold]", "measurement:+1:count"]


def _rendered(renderable: object) -> str:
    console = Console(record=True, width=400)  # emoji codes on: the cells themselves must not be read
    console.print(renderable)
    return console.export_text()


@pytest.mark.parametrize("evidence_id", EMOJI_IDS)
def test_ids_and_values_print_as_they_are_in_every_table(evidence_id: str) -> None:
    e = Evidence(id=evidence_id, kind="measurement", agent="measurement", name="n", value=f"v {evidence_id}", unit="mL")
    assert evidence_id in _rendered(report.evidence_table([e]))
    review = Review(consistent=False, checks=[Check(name=evidence_id, passed=False, reason=f"cites {evidence_id}")])
    assert _rendered(report.review_table(review)).count(evidence_id) == 2
    hit = SimpleNamespace(rank=1, id=evidence_id, title=evidence_id, source="s", score=0.5)
    recorded = Console(record=True, width=400)
    old, report.console = report.console, recorded
    try:
        report.print_hits([hit])
        result = CaseResult(case_id="c", status="answered", answer="42 mL", evidence=[e], answer_detail=Answer(
            text=f"42 mL ({evidence_id})", evidence_ids=[evidence_id]))
        report.print_summary(result)
    finally:
        report.console = old
    assert recorded.export_text().count(evidence_id) >= 4


@pytest.mark.parametrize(("choice", "text", "shown"), [
    ("131.8 mL (spleen volume)", "131.8 mL (spleen volume)", "131.8 mL (spleen volume)"),
    ("A", "A: Normal. spleen volume 131.8 mL", "A: Normal. spleen volume 131.8 mL"),
    ("B", "B. Mild", "B. Mild"),
    ("C", "Moderate: 520 mL", "C. Moderate: 520 mL"),
    ("A", "Answer text that starts with Apple", "A. Answer text that starts with Apple"),
    (None, "800 mL (severe)", "800 mL (severe)"),
])
def test_the_answer_is_shown_once(choice: str | None, text: str, shown: str) -> None:
    assert answer_display(choice, text) == shown


def _state(answer: Answer | None, failed: list[Check], rounds: int) -> CaseState:
    return CaseState(case=Case(case_id="c", question="q"), answer=answer, rounds=rounds,
                     review=Review(consistent=False, checks=[Check(name="ok", passed=True, reason="."), *failed]))


@pytest.mark.parametrize("rounds", [0, 2])
@pytest.mark.parametrize("failed", [[], [Check(name="found", passed=False, reason="r", clinical="the liver was not found")]])
def test_no_answer_is_not_called_unconfirmed(rounds: int, failed: list[Check]) -> None:
    reasons = finalize(_state(None, failed, rounds))["reasons"]
    assert not any("did not confirm" in r for r in reasons) and reasons
    refused = finalize(_state(Answer(text="B"), failed, rounds))["reasons"]
    assert f"did not confirm the answer after {rounds} revision round(s)" in refused[-1]


@pytest.mark.parametrize("url", ["https://example.org/ct.nii.gz", "http://host/a/b.dcm", "s3://bucket/ct.nii.gz"])
def test_a_url_is_refused_as_a_url(tmp_path: Path, url: str) -> None:
    result = CliRunner().invoke(app, ["run", url, "--out", str(tmp_path)], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "is a URL" in text and url in text and "does not exist" not in text


@pytest.mark.parametrize(("args", "option"), [
    (["--prior", "p.nii.gz@2025-13-45"], "--prior"), (["--prior", "p.nii.gz@10/01/2025"], "--prior"),
    (["--prior", "https://x.org/p.nii.gz"], "--prior"), (["--choice", "Normal"], "--choice"),
    (["--choice", "AB=x"], "--choice"), (["--segmenter-option", "no_equals"], "--segmenter-option"),
])
def test_option_errors_are_headed_by_their_option(phantom_dir: Path, tmp_path: Path, args: list[str],
                                                  option: str) -> None:
    result = CliRunner().invoke(app, ["run", str(phantom_dir / "ct.nii.gz"), *args, "--out", str(tmp_path)],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert f"Invalid value for {option}" in result.output and "for SOURCE" not in result.output


@pytest.fixture(scope="module")
def dicom_file() -> Path:
    pydicom_data = pytest.importorskip("pydicom.data")
    return Path(pydicom_data.get_testdata_file("CT_small.dcm"))


@pytest.mark.parametrize("nested", ["out", "out/deeper"])
def test_deid_of_one_file_into_an_existing_folder(dicom_file: Path, tmp_path: Path, nested: str) -> None:
    folder = tmp_path / nested
    folder.mkdir(parents=True)
    result = CliRunner().invoke(app, ["deid", str(dicom_file), str(folder)])
    assert result.exit_code == 0, result.output
    written = list(folder.glob("*.dcm"))
    assert len(written) == 1 and "into the folder" in result.output
    import pydicom

    assert pydicom.dcmread(written[0]).PatientName != pydicom.dcmread(dicom_file).PatientName


@pytest.mark.parametrize("name", ["anon", "anon.dcm"])
def test_deid_of_one_file_to_a_new_name_says_it_wrote_a_file(dicom_file: Path, tmp_path: Path, name: str) -> None:
    result = CliRunner().invoke(app, ["deid", str(dicom_file), str(tmp_path / name)], env={"COLUMNS": "300"})
    assert result.exit_code == 0 and (tmp_path / name).is_file()
    assert "as the file" in result.output


def test_run_prints_the_answer_once_in_panel_and_report(phantom_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["run", str(phantom_dir / "ct.nii.gz"), "--masks", str(phantom_dir / "segmentations"),
                                      "--question", "What is the volume of the spleen?", "--report", "--out", str(out)],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    saved = json.loads((out / "result.json").read_text())
    assert saved["status"] == "answered"
    answer = saved["answer"]
    line = next(ln for ln in result.output.splitlines() if ln.strip("│ ").startswith("answer:"))
    assert line.count(answer) == 1
    answer_line = next(ln for ln in (out / "report.md").read_text().splitlines() if ln.startswith("- Answer:"))
    assert answer_line.count(answer) == 1


@pytest.mark.parametrize("question", ["What is the mean attenuation of the liver in HU?",
                                      "What is the volume of the left kidney?"])
def test_an_abstention_without_an_answer_does_not_speak_of_confirming_one(dicom_file: Path, tmp_path: Path,
                                                                          question: str) -> None:
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["run", str(dicom_file), "--question", question, "--quiet", "--out", str(out)])
    assert result.exit_code == 0, result.output
    saved = json.loads((out / "result.json").read_text())
    assert saved["status"] in ("abstained", "rejected") and saved["answer"] is None and saved["reasons"]
    assert not any("did not confirm the answer" in reason for reason in saved["reasons"])
