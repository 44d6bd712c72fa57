"""The smaller first-hour findings of round 14, each as a kind, through the real CLI or `orchestrator.run`.

Kinds: a folder given to `batch` is named with the command that takes it, and an error line is never cut;
two questions on one image are two cases in one checkpoint file, and `--case-id` names a case; an
abstention says each reason once; a question in which nothing was understood and that reads as another
language says English is what clinorch reads; a 2D picture is out of scope whatever the question; the
evidence ids in the terminal tables are whole.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from orchestrator import run
from orchestrator.cli import app


def test_a_folder_given_to_batch_names_the_commands_that_take_it(phantom_dir: Path, tmp_path: Path) -> None:
    for folder in (phantom_dir.parent, phantom_dir, tmp_path):
        result = CliRunner().invoke(app, ["batch", str(folder), "--out", str(tmp_path / "out")],
                                    env={"COLUMNS": "400"})
        assert result.exit_code == 2, result.output
        text = " ".join(result.output.split())
        assert "is a folder" in text and "bench deeptumorvqa --data-dir" in text and "clinorch run IMAGE" in text


def test_a_batch_error_line_is_shown_whole(tmp_path: Path) -> None:
    bad = tmp_path / "typo_case.json"
    bad.write_text(json.dumps({"case_id": "t", "images": [{"path": "ct.nii.gz"}], "quesiton": "What is it?"}))
    result = CliRunner().invoke(app, ["batch", str(bad), "--out", str(tmp_path / "out")], env={"COLUMNS": "400"})
    assert result.exit_code == 1
    line = next(ln for ln in result.output.splitlines() if ln.startswith("t:") or "typo_case" in ln)
    with (tmp_path / "out" / "summary.csv").open() as handle:
        error = next(csv.DictReader(handle))["error"]
    assert len(error) > 80 and error in line and "quesiton" in line, (line, error)


@pytest.mark.parametrize("second", ["What is the volume of the liver?", "What is the mean attenuation of the spleen in HU?"])
def test_two_questions_on_one_image_share_a_checkpoint_file(phantom_dir: Path, tmp_path: Path, second: str) -> None:
    checkpoint = tmp_path / "ck.sqlite"
    common = [str(phantom_dir / "ct.nii.gz"), "--masks", str(phantom_dir / "segmentations"), "--checkpoint",
              str(checkpoint), "-q"]
    runner = CliRunner()
    first = runner.invoke(app, ["run", *common, "--question", "What is the volume of the spleen?", "--out", str(tmp_path / "a")])
    other = runner.invoke(app, ["run", *common, "--question", second, "--out", str(tmp_path / "b")])
    assert first.exit_code == 0 and other.exit_code == 0, (first.output, other.output)
    ids = [json.loads((tmp_path / d / "result.json").read_text())["case_id"] for d in "ab"]
    assert ids[0] != ids[1]
    again = runner.invoke(app, ["run", *common, "--question", "What is the volume of the spleen?", "--out", str(tmp_path / "c")])
    assert json.loads((tmp_path / "c" / "result.json").read_text())["case_id"] == ids[0], again.output
    named = runner.invoke(app, ["run", *common, "--question", second, "--case-id", ids[0], "--out", str(tmp_path / "d")])
    lines = [ln for ln in named.output.splitlines() if ln.strip()]
    assert named.exit_code == 2 and len(lines) == 1 and lines[0].startswith("clinorch: error:"), named.output
    assert "--case-id" in lines[0]
    artifacts = Path(f"{checkpoint}.artifacts")
    assert not artifacts.exists() or not any(p.is_dir() and not any(p.iterdir()) for p in artifacts.iterdir())
    mine = runner.invoke(app, ["run", *common, "--question", second, "--case-id", "mine-2", "--out", str(tmp_path / "e")])
    assert mine.exit_code == 0 and json.loads((tmp_path / "e" / "result.json").read_text())["case_id"] == "mine-2"


def test_an_abstention_says_each_reason_once() -> None:
    from core.case import Answer, Check, Review
    from core.state import CaseState, Intent, Plan
    from orchestrator.result import finalize

    own = "the only pancreatic lesion measures 24.4 HU, between the cystic and solid bands"
    checks = [Check(name="answered", passed=False, reason=own, clinical=own),
              Check(name="completeness", passed=False, reason="x", clinical=f"the evidence does not settle the question ({own})"),
              Check(name="units", passed=False, reason="mL asked, mm given", clinical="the unit given is not the unit asked")]
    for answer in (None, Answer(text="Yes", evidence_ids=[])):
        state = CaseState(case={"case_id": "r", "question": "Is there a PDAC?"}, answer=answer,
                          plan=Plan(intent=Intent(task="PDAC existence", organ="pancreas")),
                          review=Review(consistent=False, checks=checks))
        reasons = finalize(state)["reasons"]
        assert reasons[:2] == [own, "the unit given is not the unit asked"], reasons
        assert sum(own in r for r in reasons) == 1


def _spleen(question: str, phantom_dir: Path):  # noqa: ANN202
    return run({"case_id": "lang", "question": question, "images": [
        {"path": str(phantom_dir / "ct.nii.gz"), "modality": "CT", "masks": str(phantom_dir / "segmentations")}]})


@pytest.mark.parametrize("question", ["Ποιος είναι ο όγκος του σπλήνα;",
                                      "Каков объём селезёнки?"])
def test_a_question_in_another_language_says_english_is_read(phantom_dir: Path, question: str) -> None:
    result = _spleen(question, phantom_dir)
    assert result.status == "abstained" and any("English only" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize("question", ["Quel est le volume de la rate en mL ?", "¿Cuál es el volumen del bazo?"])
def test_organ_words_of_other_languages_are_read(phantom_dir: Path, question: str) -> None:
    """`questions.multilingual` reads organ names a multilingual radiologist mixes in: such a question is answered."""
    result = _spleen(question, phantom_dir)
    assert result.status == "answered" and "spleen" in (result.answer or "").lower(), (result.answer, result.reasons)


def test_an_english_question_never_gets_the_language_note(phantom_dir: Path) -> None:
    for question in ("What is the volume of the flibbertigibbet?", "What is the volume of the spleen?"):
        assert not any("English" in r for r in _spleen(question, phantom_dir).reasons)


@pytest.mark.parametrize("suffix", [".png", ".jpg"])
@pytest.mark.parametrize("question", ["Is there a pneumothorax?", "What is the volume of the spleen?",
                                      "Is the left femur fractured?", "What is the mean HU of the liver?",
                                      "What is the bone density of L1?"])
def test_a_2d_picture_is_out_of_scope_whatever_the_question(tmp_path: Path, suffix: str, question: str) -> None:
    import numpy as np
    from PIL import Image

    path = tmp_path / f"picture{suffix}"
    pixels = (np.random.default_rng(len(question)).random((180, 140)) * 255).astype("uint8")
    Image.fromarray(pixels).save(path)
    result = run({"case_id": "pic", "question": question, "images": [{"path": str(path)}]})
    assert result.status == "rejected"
    text = " ".join(result.reasons)
    assert "out of clinorch's scope" in text and "abdominal CT" in text and "needs a volume" not in text, text


def test_terminal_tables_show_evidence_ids_whole(phantom_dir: Path) -> None:
    from orchestrator.report import evidence_table

    result = run({"case_id": "ids", "question": "Is there a pancreatic tumor, and what is its longest diameter?",
                  "images": [{"path": str(phantom_dir / "ct.nii.gz"), "modality": "CT",
                              "masks": str(phantom_dir / "segmentations")}]})
    ids = [e.id for e in result.evidence if e.kind in ("measurement", "criterion")]
    assert max(len(i) for i in ids) > 30
    for width in (100, 120):
        console = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(evidence_table(result.evidence))
        shown = console.export_text()
        assert all(i in shown for i in ids), [i for i in ids if i not in shown]
