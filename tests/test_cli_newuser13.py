"""What a new user's first hour (session 13) found, each as a kind:

- two case files under one `case_id` in a batch: the second is an error naming the first, never a result written
  over the first one's; a stored result of another question under the same id is neither skipped nor replaced;
- a second `clinorch run` or `batch` on an output folder in use stops with exit 2 naming the folder;
- the web app's `POST /api/runs` takes the case's own `case_id` as well as its file name;
- a lesion change between a prior and a current study that the classical lesion search can only bound says so
  (not "no prior study was measured"), and no quantity is named with a doubled word.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import orchestrator
from orchestrator.cli import app
from orchestrator.cli_help import LOCK_NAME
from synthetic.pairs import derive_study
from synthetic.phantom import PhantomSpec, make_phantom


def _case(folder: Path, name: str, case_id: str, question: str, phantom: Path) -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"case_id": case_id, "question": question, "images": [
        {"path": str(phantom / "ct.nii.gz"), "masks": str(phantom / "segmentations")}]}))
    return path


@pytest.mark.parametrize("case_id", ["p1", "Smith^John 1970"])
def test_a_second_case_file_under_a_used_case_id_is_an_error_not_an_overwrite(phantom_dir: Path, tmp_path: Path,
                                                                               case_id: str) -> None:
    first = _case(tmp_path, "a", case_id, "What is the spleen volume in mL?", phantom_dir)
    second = _case(tmp_path, "b", case_id, "What is the liver volume in mL?", phantom_dir)
    out = tmp_path / "out"
    run = CliRunner().invoke(app, ["batch", str(first), str(second), "--out", str(out), "--json"])
    assert run.exit_code == 1, run.output
    items = json.loads(run.stdout[run.stdout.index("["):])
    assert [item["status"] for item in items] == ["answered", "error"]
    assert "a.json" in items[1]["error"] and "give each case its own" in items[1]["error"]
    stored = [json.loads(p.read_text()) for p in out.glob("*.json")]
    assert [s["question"] for s in stored] == ["What is the spleen volume in mL?"]


def test_a_stored_result_of_another_question_is_not_skipped_as_done(phantom_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _case(tmp_path, "a", "p7", "What is the spleen volume in mL?", phantom_dir)
    assert CliRunner().invoke(app, ["batch", str(first), "--out", str(out), "-q"]).exit_code == 0
    again = CliRunner().invoke(app, ["batch", str(first), "--out", str(out), "--json"])
    assert json.loads(again.stdout[again.stdout.index("["):])[0]["status"] == "skipped"
    other = _case(tmp_path, "b", "p7", "What is the liver volume in mL?", phantom_dir)
    run = CliRunner().invoke(app, ["batch", str(other), "--out", str(out), "--json"])
    item = json.loads(run.stdout[run.stdout.index("["):])[0]
    assert run.exit_code == 1 and item["status"] == "error" and "--force" in item["error"], item
    assert json.loads((out / "p7.json").read_text())["question"] == "What is the spleen volume in mL?"
    forced = CliRunner().invoke(app, ["batch", str(other), "--out", str(out), "--force", "-q"])
    assert forced.exit_code == 0
    assert json.loads((out / "p7.json").read_text())["question"] == "What is the liver volume in mL?"


@pytest.mark.parametrize("command", ["run", "batch"])
def test_a_second_run_on_an_output_folder_in_use_stops_naming_it(phantom_dir: Path, tmp_path: Path,
                                                                 command: str) -> None:
    out = tmp_path / "shared out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
        "print('held', flush=True); time.sleep(60)"), str(out / LOCK_NAME)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        case = _case(tmp_path, "c", "q1", "What is the spleen volume in mL?", phantom_dir)
        started = time.perf_counter()
        run = CliRunner().invoke(app, [command, str(case), "--out", str(out), "-q"])
        assert run.exit_code == 2, run.output
        assert "another clinorch run or batch is writing to" in run.stderr and str(out) in run.stderr
        assert time.perf_counter() - started < 60  # refused at once, not after the case ran
        assert not (out / "result.json").exists() and not (out / "q1.json").exists()
    finally:
        holder.kill()
        holder.wait()
    assert CliRunner().invoke(app, [command, str(case), "--out", str(out), "-q"]).exit_code == 0


def test_the_web_app_finds_a_case_by_its_own_case_id(phantom_dir: Path, tmp_path: Path) -> None:
    from orchestrator.serve.cases import CaseInputError, load_case

    cases = tmp_path / "cases"
    (cases / "ward").mkdir(parents=True)
    phantom = Path(shutil.copytree(phantom_dir, tmp_path / "images"))  # a case's images stay in the data folder
    by_file = _case(cases, "sp1", "spleen-check", "What is the spleen volume in mL?", phantom)
    _case(cases / "ward", "other", "twin", "What is the liver volume in mL?", phantom)
    _case(cases, "other2", "twin", "What is the liver volume in mL?", phantom)
    for name in ("sp1.json", "sp1", "spleen-check"):
        assert load_case(tmp_path, name).question == json.loads(by_file.read_text())["question"]
    with pytest.raises(CaseInputError, match="2 case files"):
        load_case(tmp_path, "twin")
    with pytest.raises(CaseInputError, match="GET /api/cases"):
        load_case(tmp_path, "nobody")


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("bounded_change")
    make_phantom(root / "prior", PhantomSpec(seed=41, liver_lesions=2, liver_lesion_diameters_mm=(26.0, 18.0)))
    derive_study(root / "prior", root / "current", (1.3, 1.0))
    return {"prior": root / "prior", "current": root / "current"}


@pytest.mark.parametrize("question", [
    "How has the number of liver lesions changed since the prior CT?",
    "By how much has the total liver lesion volume changed since the previous scan?",
])
def test_a_bounded_lesion_change_says_why_not_that_the_prior_is_missing(pair: dict[str, Path], question: str) -> None:
    images = [{"path": str(pair[name] / "ct.nii.gz"), "role": name, "acquired": day}
              for name, day in (("current", "2026-06-10"), ("prior", "2026-01-10"))]
    result = orchestrator.run({"case_id": f"bounded{len(question)}", "question": question, "images": images})
    assert result.status == "abstained", (result.status, result.answer)
    reasons = " ".join(result.reasons)
    assert "compares every lesion on both studies" in reasons, result.reasons
    assert "no prior study was measured" not in reasons
    assert "lesion lesion" not in reasons


def test_the_impression_says_at_least_for_a_bounded_lesion_count(pair: dict[str, Path]) -> None:
    from orchestrator.reports.content import impression_section

    result = orchestrator.run({"case_id": "bounded-report", "question": "What is the liver volume in mL?",
                               "images": [{"path": str(pair["current"] / "ct.nii.gz")}]})
    assert any(e.name == "lesion_count_lower_bound" for e in result.evidence)
    lines = [s.text for s in impression_section(result, []) if "lesion(s)" in s.text]
    assert lines and all(" at least " in line for line in lines), lines


def test_every_config_field_is_documented_with_its_default() -> None:
    from core.config import Config

    doc = (Path(__file__).resolve().parents[1] / "docs" / "configuration.md").read_text()
    for name, field in Config.model_fields.items():
        default = field.default_factory() if field.default_factory else field.default
        row = next((line for line in doc.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row is not None, name
        assert f"`{json.dumps(default)}`" in row, (name, row)


def test_deid_names_the_files_it_did_not_copy(tmp_path: Path) -> None:
    from pydicom.data import get_testdata_file

    source = tmp_path / "export"
    source.mkdir()
    shutil.copy(get_testdata_file("CT_small.dcm"), source / "IM1.dcm")
    (source / "readme.txt").write_text("not an image")
    (source / "notes.pdf").write_bytes(b"%PDF-1.4")
    run = CliRunner().invoke(app, ["deid", str(source), str(tmp_path / "clean"), "--uid-salt", "k3y"])
    assert run.exit_code == 0, run.output
    assert "2 file(s) not read as DICOM Part 10 and not copied" in run.stdout
    assert "readme.txt" in run.stdout and "notes.pdf" in run.stdout
