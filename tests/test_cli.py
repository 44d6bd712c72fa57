"""The `clinorch` command line, as a user calls it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.case import CaseResult
from orchestrator.cli import app

runner = CliRunner()


def test_help_is_instant_and_lists_every_command() -> None:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "orchestrator.cli", "--help"], capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - started
    for command in ("demo", "run", "batch", "phantom", "review", "knowledge", "bench", "serve-tools"):
        assert command in out.stdout
    assert elapsed < 5.0, f"--help took {elapsed:.1f} s: a heavy import crept into the CLI module"
    assert "torch" not in subprocess.run(
        [sys.executable, "-c", "import sys, orchestrator.cli; print(' '.join(sys.modules))"],
        capture_output=True, text=True, check=True).stdout.split()


def test_phantom_command_writes_the_layout(tmp_path: Path) -> None:
    result = runner.invoke(app, ["phantom", str(tmp_path / "p"), "--seed", "3", "--kidney-lesion", "solid"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p" / "ct.nii.gz").exists()
    assert (tmp_path / "p" / "segmentations" / "kidney_tumor.nii.gz").exists()
    truth = json.loads((tmp_path / "p" / "ground_truth.json").read_text())
    assert truth["lesion_groups"]["kidney_lesion"]["lesion_count"] == 1


def test_phantom_command_refuses_a_bad_option(tmp_path: Path) -> None:
    result = runner.invoke(app, ["phantom", str(tmp_path / "p"), "--splenomegaly", "gigantic"])
    assert result.exit_code != 0
    assert "gigantic" in result.output


@pytest.mark.parametrize("scales", [["0.7", "0.7"], ["1.3", "0"]])
def test_phantom_follow_up_is_the_same_patient_with_rescaled_lesions(tmp_path: Path, scales: list[str]) -> None:
    """A prior/current pair from the CLI: lesions stay where they were, sized as asked; RECIST reads the pair."""
    current, prior = tmp_path / "current", tmp_path / "prior"
    assert runner.invoke(app, ["phantom", str(current), "--seed", "4", "--liver-lesions", "2"]).exit_code == 0
    args = ["phantom", str(prior), "--follow-up-of", str(current)]
    for scale in scales:
        args += ["--lesion-scale", scale]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    now = json.loads((current / "ground_truth.json").read_text())["lesion_masks"]["liver_tumor"]["instances"]
    before = json.loads((prior / "ground_truth.json").read_text())["lesion_masks"]["liver_tumor"]["instances"]
    kept = [(float(s), source) for s, source in zip(scales, now, strict=True) if float(s) > 0]
    assert len(before) == len(kept)
    for (scale, source), lesion in zip(kept, before, strict=True):  # the same lesion, scaled, in the same place
        assert lesion["longest_diameter_mm"] == pytest.approx(scale * source["longest_diameter_mm"], rel=0.2)
        assert lesion["location"] == source["location"]
    case = {"case_id": "pair", "question": "What is the RECIST 1.1 response compared with the prior study?",
            "images": [{"path": str(current / "ct.nii.gz"), "masks": str(current / "segmentations")},
                       {"path": str(prior / "ct.nii.gz"), "masks": str(prior / "segmentations"), "role": "prior",
                        "acquired": "2026-01-05"}]}
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(case))
    ran = runner.invoke(app, ["run", str(case_file), "--out", str(tmp_path / "out")])
    assert ran.exit_code == 0, ran.output
    answer = json.loads((tmp_path / "out" / "result.json").read_text())
    assert answer["status"] == "answered", answer["reasons"]
    assert "(PD)" in answer["answer"]  # grown by 1/0.7, or a lesion the prior did not have


def test_phantom_follow_up_refuses_misuse(tmp_path: Path) -> None:
    assert runner.invoke(app, ["phantom", str(tmp_path / "x"), "--lesion-scale", "0.5"]).exit_code == 2
    assert runner.invoke(app, ["phantom", str(tmp_path / "x"), "--follow-up-of", str(tmp_path / "absent")]).exit_code == 2


def test_run_writes_result_with_paths_relative_to_the_case_file(phantom_dir: Path, tmp_path: Path) -> None:
    case = {"case_id": "cli-1", "images": [{"path": str(phantom_dir / "ct.nii.gz"), "modality": "CT",
                                           "masks": str(phantom_dir / "segmentations")}],
            "question": "What is the volume of the spleen in mL?"}
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(case))
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(case_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    saved = CaseResult.model_validate_json((out / "result.json").read_text())
    assert saved.status == "answered", saved.reasons

    # the saved result re-reviews as consistent; a tampered number does not
    reviewed = runner.invoke(app, ["review", str(out / "result.json")])
    assert reviewed.exit_code == 0, reviewed.output
    tampered = saved.model_copy(deep=True)
    tampered.answer_detail.text = tampered.answer_detail.text.replace(
        f"{_first_number(tampered.answer_detail.text)}", "999.9", 1)
    (out / "tampered.json").write_text(tampered.model_dump_json())
    assert runner.invoke(app, ["review", str(out / "tampered.json")]).exit_code == 1


def _first_number(text: str) -> str:
    import re

    match = re.search(r"\d+(?:\.\d+)?", text)
    assert match, text
    return match.group(0)


def test_rejected_case_is_a_normal_outcome(tmp_path: Path) -> None:
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps({"case_id": "bad", "images": [{"path": "missing.nii.gz"}], "question": "Liver volume?"}))
    result = runner.invoke(app, ["run", str(case_file), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    saved = json.loads((tmp_path / "o" / "result.json").read_text())
    assert saved["status"] == "rejected"
    assert any("missing.nii.gz" in r for r in saved["reasons"])


@pytest.mark.parametrize("content", [None, "{not json", json.dumps({"images": []})])
def test_misuse_exits_non_zero_without_a_traceback(tmp_path: Path, content: str | None) -> None:
    case_file = tmp_path / "case.json"
    if content is not None:
        case_file.write_text(content)
    result = runner.invoke(app, ["run", str(case_file)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_knowledge_search_json_has_the_documented_fields() -> None:
    result = runner.invoke(app, ["knowledge", "search", "is the spleen enlarged at 420 mL", "--k", "3", "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    assert {"id", "title", "text", "source", "score"} <= set(hits[0])
    listed = runner.invoke(app, ["knowledge", "list"])
    assert listed.exit_code == 0 and hits[0]["id"] in listed.output
