"""`clinorch batch`: the local loop and Ray give the same results and reports; bad files are reported; batches resume."""

from __future__ import annotations

import base64
import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.case import CaseResult
from core.config import Config
from orchestrator.batch import run_batch
from orchestrator.cli import app
from orchestrator.reports.render import SECTIONS
from synthetic.phantom import PhantomSpec, make_phantom

QUESTIONS = ("What is the volume of the spleen in mL?", "Is there a liver lesion?", "What is the mean HU of the liver?")


@pytest.fixture(scope="module")
def case_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("batch")
    files = []
    for seed, question in enumerate(QUESTIONS):
        folder = root / f"p{seed}"
        make_phantom(folder, PhantomSpec(seed=seed, liver_lesions=seed % 3))
        case = {"case_id": f"b{seed}", "question": question,
                "images": [{"path": "ct.nii.gz", "modality": "CT", "masks": "segmentations"}]}
        (folder / "case.json").write_text(json.dumps(case))
        files.append(folder / "case.json")
    broken = root / "broken.json"
    broken.write_text('{"case_id": "x", "images": [')
    invalid = root / "invalid.json"
    invalid.write_text('{"case_id": "y", "images": "not a list"}')
    return [*files, broken, invalid]


def _comparable(result: CaseResult) -> dict:
    data = result.model_dump(mode="json")
    data.pop("trace")
    return data


def assert_case_report(folder: Path) -> int:
    """The case's report has every section, and its key images are in the HTML, beside the Markdown and on disk."""
    md, page = (folder / "report.md").read_text(), (folder / "report.html").read_text()
    for title in SECTIONS:
        assert f"## {title}" in md and f"<h2>{title}</h2>" in page, title
    pictures = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page)
    assert all(base64.b64decode(p).startswith(b"\x89PNG") for p in pictures)
    linked = re.findall(r"\(images/(key_\d+\.png)\)", md)
    assert sorted(linked) == sorted(p.name for p in folder.glob("images/key_*.png"))
    assert len(pictures) == len(linked)
    for name in ("masks/labels.nii.gz", "masks/labels.json", "dicom/segmentation.dcm", "fhir_bundle.json"):
        assert (folder / name).stat().st_size > 0, name
    return len(pictures)


@pytest.mark.slow
@pytest.mark.integration
def test_ray_gives_the_local_results_and_reports_and_bad_files_are_reported(case_files: list[Path],
                                                                            tmp_path: Path) -> None:
    pytest.importorskip("ray")
    local = run_batch(case_files, tmp_path / "local", Config(), workers=0, report=True)
    on_ray = run_batch(case_files, tmp_path / "ray", Config(), workers=2, report=True)
    assert [i.status for i in local] == [i.status for i in on_ray]
    assert [i.status for i in local][-2:] == ["error", "error"]
    assert "JSONDecodeError" in local[-2].error and "images" in local[-1].error
    assert all(i.status in ("answered", "abstained", "rejected") for i in local[:3])
    images = {}
    for item in local[:3]:
        here = CaseResult.model_validate_json((tmp_path / "local" / f"{item.case_id}.json").read_text())
        there = CaseResult.model_validate_json((tmp_path / "ray" / f"{item.case_id}.json").read_text())
        assert _comparable(here) == _comparable(there)
        folders = [tmp_path / run / item.case_id for run in ("local", "ray")]
        assert item.report == str(folders[0])
        images[item.case_id] = [assert_case_report(f) for f in folders]
        for name in ("report.md", "fhir_bundle.json", "masks/labels.json"):
            assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name
    assert images["b1"][0] >= 1 and images["b2"][0] >= 2, images  # a key image per measured liver lesion
    rows = (tmp_path / "ray" / "summary.csv").read_text().splitlines()
    assert rows[0] == "case_file,case_id,status,answer,seconds,error,report,cpu_seconds" and len(rows) == 1 + len(case_files)


def test_batch_resumes_and_reports_bad_files_with_a_nonzero_exit(case_files: list[Path], tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["batch", *map(str, case_files), "--out", str(tmp_path)])
    assert first.exit_code == 1, first.output  # the two bad files; every good case still ran
    assert {p.name for p in tmp_path.glob("b*.json")} == {"b0.json", "b1.json", "b2.json"}
    for case_id in ("b0", "b1", "b2"):  # a line per case as it finishes, under the progress bar
        assert re.search(rf"^{case_id}: (answered|abstained) .* \d+\.\d s$", first.output, re.M), first.output
    assert "5 case file(s), 3 run in" in first.output and "error    │ 2" in first.output  # the summary table
    rows = list(csv.DictReader((tmp_path / "summary.csv").open()))
    assert [r["status"] for r in rows][-2:] == ["error", "error"] and [r["case_id"] for r in rows[:3]] == ["b0", "b1", "b2"]
    assert all(float(r["seconds"]) > 0 and float(r["cpu_seconds"]) > 0 for r in rows[:3])
    assert all(r["error"] for r in rows[3:])
    stamp = (tmp_path / "b0.json").stat().st_mtime_ns
    again = runner.invoke(app, ["batch", str(case_files[0]), "--out", str(tmp_path), "--json"])
    assert again.exit_code == 0 and json.loads(again.stdout)[0]["status"] == "skipped"
    assert (tmp_path / "b0.json").stat().st_mtime_ns == stamp
    forced = runner.invoke(app, ["batch", str(case_files[0]), "--out", str(tmp_path), "--force", "--quiet"])
    assert forced.exit_code == 0 and (tmp_path / "b0.json").stat().st_mtime_ns != stamp
    assert forced.output == ""


def test_a_batch_asked_for_reports_runs_the_cases_that_have_none(case_files: list[Path], tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["batch", str(case_files[1]), "--out", str(tmp_path), "-q"]).exit_code == 0
    assert not (tmp_path / "b1").exists()
    reported = runner.invoke(app, ["batch", str(case_files[1]), "--out", str(tmp_path), "--report", "--json"])
    assert reported.exit_code == 0 and json.loads(reported.stdout)[0]["status"] != "skipped"
    assert assert_case_report(tmp_path / "b1") >= 1
    stamp = (tmp_path / "b1" / "report.html").stat().st_mtime_ns
    again = runner.invoke(app, ["batch", str(case_files[1]), "--out", str(tmp_path), "--report", "--json"])
    assert json.loads(again.stdout)[0]["status"] == "skipped"
    assert (tmp_path / "b1" / "report.html").stat().st_mtime_ns == stamp


def test_ray_missing_is_a_clear_error(case_files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_ray(name: str, *args, **kwargs):
        if name == "ray" or name.startswith("ray."):
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    result = CliRunner().invoke(app, ["batch", str(case_files[0]), "--out", str(tmp_path), "--workers", "2"])
    assert result.exit_code == 2 and "clinorch[ray]" in result.output


def test_the_progress_bar_counts_the_cases_as_they_finish() -> None:
    from io import StringIO

    from rich.console import Console

    from orchestrator.batch import BatchItem
    from orchestrator.report import batch_progress

    screen = StringIO()
    statuses = ("answered", "skipped", "error")
    with batch_progress(Console(file=screen, force_terminal=True, width=120), len(statuses)) as advance:
        for n, status in enumerate(statuses):
            advance(BatchItem(f"c{n}.json", f"c{n}", status, "Yes.\nbecause", 1.5))
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    positions = [text.index(f"{n}/3") for n in (1, 2, 3)]
    assert positions == sorted(positions)
    assert "c1: skipped Yes. 1.5 s" in text and "because" not in text  # one line per case
