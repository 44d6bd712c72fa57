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
