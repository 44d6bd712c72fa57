"""`clinorch run IMAGE ...` without a case file: options, outputs, JSON on stdout, one-line misuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orchestrator.cli import app


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from synthetic.phantom import PhantomSpec, make_phantom

    root = tmp_path_factory.mktemp("patient_DOE_JOHN")  # a folder name that must not reach any output
    make_phantom(root, PhantomSpec(seed=6, liver_lesions=1, splenomegaly="mild", kidney_lesion="none"))
    return root


def test_run_an_image_with_masks_choices_and_report(scan: Path, tmp_path: Path) -> None:
    out = tmp_path / "o"
    args = ["run", str(scan / "ct.nii.gz"), "--masks", str(scan / "segmentations"), "--question",
            "Is the spleen enlarged?", "--choice", "A=Yes", "--choice", "B=No", "--report", "--json", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["status"] == "answered" and printed["answer"] == "A"  # mild splenomegaly by construction
    assert printed["choices"] == {"A": "Yes", "B": "No"} and printed["case_id"].startswith("case-")
    assert (out / "result.json").exists()  # (its provenance keeps the source paths: result.json is for machines)
    for name in ("report.md", "report.html", "masks/labels.json", "dicom/segmentation.dcm",
                 "fhir_bundle.json"):
        text = (out / name).read_bytes()
        assert b"DOE_JOHN" not in text, name


def test_run_shows_progress_per_agent_unless_quiet(scan: Path, tmp_path: Path) -> None:
    base = ["run", str(scan / "ct.nii.gz"), "--masks", str(scan / "segmentations"), "--question",
            "What is the liver volume?", "--out", str(tmp_path)]
    loud = CliRunner().invoke(app, base)
    assert loud.exit_code == 0, loud.output
    for agent in ("triage", "segmentation", "measurement", "reasoner", "reviewer"):
        assert f"✓ {agent}" in loud.output
    quiet = CliRunner().invoke(app, [*base, "--quiet"])
    assert quiet.exit_code == 0 and "✓" not in quiet.output and "answered" not in quiet.output


@pytest.mark.parametrize(("option", "named"), [
    (["--choice", "Yes"], "LETTER=text"),
    (["--prior", "x.nii.gz@last-week"], "YYYY-MM-DD"),
])
def test_malformed_options_are_one_clear_error(scan: Path, option: list[str], named: str) -> None:
    result = CliRunner().invoke(app, ["run", str(scan / "ct.nii.gz"), *option])
    assert result.exit_code == 2 and named in result.output and "Traceback" not in result.output


def test_a_missing_image_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(tmp_path / "nope.nii.gz")])
    assert result.exit_code == 2 and "does not exist" in result.output


class _Stop(Exception):
    """Stands for a killed process: raised by the progress handler as measurement starts."""


def test_report_with_a_checkpoint_needs_no_kept_checkpoint_and_survives_an_interruption(scan: Path,
                                                                                       tmp_path: Path) -> None:
    import orchestrator
    from core.config import Config
    from orchestrator.quickcase import build_case
    from orchestrator.reports.render import SECTIONS

    db, artifacts = tmp_path / "ck.db", tmp_path / "ck.db.artifacts"
    image, masks = scan / "ct.nii.gz", scan / "segmentations"

    def stop_at_measurement(event: dict) -> None:
        if event.get("event") == "start" and event.get("node") == "measurement":
            raise _Stop

    with pytest.raises(_Stop):  # segmentation's masks are in the checkpoint's artifact store, measurement is not done
        orchestrator.run(build_case(image, masks=masks), Config(checkpoint=str(db)), on_event=stop_at_measurement)
    assert any(p.name.startswith("mask") for p in artifacts.rglob("*.json"))
    out = tmp_path / "o"
    args = ["run", str(image), "--masks", str(masks), "--report", "--checkpoint", str(db), "-q"]
    resumed = CliRunner().invoke(app, [*args, "--out", str(out)])
    assert resumed.exit_code == 0, resumed.output
    md, page = (out / "report.md").read_text(), (out / "report.html").read_text()
    assert all(f"## {title}" in md and f"<h2>{title}</h2>" in page for title in SECTIONS)
    assert page.count("data:image/png;base64,") == len(list(out.glob("images/key_*.png"))) == 2  # the lesion, the spleen
    assert (out / "dicom" / "segmentation.dcm").stat().st_size > 0 and (out / "masks" / "labels.nii.gz").exists()
    assert not artifacts.exists()  # the report was built before the artifacts went, and they went
    finished = CliRunner().invoke(app, [*args[:-1], "--out", str(tmp_path / "again")])  # its stored result
    assert finished.exit_code == 0 and "artifacts were removed" in finished.output
    assert (tmp_path / "again" / "report.md").exists() and not (tmp_path / "again" / "images").exists()
    assert not artifacts.exists()
