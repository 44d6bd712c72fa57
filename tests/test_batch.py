"""`clinorch batch`: the local loop and Ray give the same results; bad files are reported; batches resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.case import CaseResult
from core.config import Config
from orchestrator.batch import run_batch
from orchestrator.cli import app
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


@pytest.mark.slow
@pytest.mark.integration
def test_ray_gives_the_local_results_and_bad_files_are_reported(case_files: list[Path], tmp_path: Path) -> None:
    pytest.importorskip("ray")
    local = run_batch(case_files, tmp_path / "local", Config(), workers=0)
    on_ray = run_batch(case_files, tmp_path / "ray", Config(), workers=2)
    assert [i.status for i in local] == [i.status for i in on_ray]
    assert [i.status for i in local][-2:] == ["error", "error"]
    assert "JSONDecodeError" in local[-2].error and "images" in local[-1].error
    assert all(i.status in ("answered", "abstained", "rejected") for i in local[:3])
    for item in local[:3]:
        here = CaseResult.model_validate_json((tmp_path / "local" / f"{item.case_id}.json").read_text())
        there = CaseResult.model_validate_json((tmp_path / "ray" / f"{item.case_id}.json").read_text())
        assert _comparable(here) == _comparable(there)
    rows = (tmp_path / "ray" / "summary.csv").read_text().splitlines()
    assert rows[0].startswith("case_file,case_id,status") and len(rows) == 1 + len(case_files)


def test_batch_resumes_and_reports_bad_files_with_a_nonzero_exit(case_files: list[Path], tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["batch", *map(str, case_files), "--out", str(tmp_path)])
    assert first.exit_code == 1, first.output  # the two bad files; every good case still ran
    assert {p.name for p in tmp_path.glob("b*.json")} == {"b0.json", "b1.json", "b2.json"}
    stamp = (tmp_path / "b0.json").stat().st_mtime_ns
    again = runner.invoke(app, ["batch", str(case_files[0]), "--out", str(tmp_path)])
    assert again.exit_code == 0 and "skipped" in again.output
    assert (tmp_path / "b0.json").stat().st_mtime_ns == stamp
    forced = runner.invoke(app, ["batch", str(case_files[0]), "--out", str(tmp_path), "--force"])
    assert forced.exit_code == 0 and (tmp_path / "b0.json").stat().st_mtime_ns != stamp


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
