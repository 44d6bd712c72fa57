"""A new user's first hour (session 12): each friction found, as a kind, varied.

- a mistyped --masks / --prior-masks path is a usage error naming the option (exit 2), and in a case file a
  masks path that does not exist is the rejection's reason, not an abstention about a missing organ;
- a prior's masks can be given on the command line (--prior-masks, in --prior order) and are used (RECIST answered);
- --modality declares a NIfTI image's modality;
- `knowledge search ""` and `review` of a file that is not a result are one-line usage errors, no traceback;
- `--help` piped to a file keeps every option name whole;
- `deid` says when its replacement-UID key is the public default.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orchestrator.cli import app
from orchestrator.quickcase import build_case
from tests.phantom_inputs import run_case

ROOT = Path(__file__).resolve().parents[1]
WIDE = {"COLUMNS": "300"}


@pytest.mark.parametrize(("option", "bad"), [("--masks", "segs_typo"), ("--masks", "nowhere/segmentations"),
                                             ("--prior-masks", "prior_segs")])
def test_a_masks_path_that_does_not_exist_is_a_usage_error_naming_it(phantom_dir: Path, tmp_path: Path,
                                                                      option: str, bad: str) -> None:
    args = ["run", str(phantom_dir / "ct.nii.gz"), "--out", str(tmp_path / "out"), option, str(tmp_path / bad)]
    if option == "--prior-masks":
        args += ["--prior", f"{phantom_dir / 'ct.nii.gz'}@2024-01-02"]
    result = CliRunner().invoke(app, args, env=WIDE)
    text = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert f"Invalid value for {option}" in text and bad in text and "does not exist" in text, text
    assert not (tmp_path / "out" / "result.json").exists()


def test_more_prior_masks_than_priors_is_a_usage_error(phantom_dir: Path, tmp_path: Path) -> None:
    masks = str(phantom_dir / "segmentations")
    result = CliRunner().invoke(app, ["run", str(phantom_dir / "ct.nii.gz"), "--out", str(tmp_path),
                                      "--prior-masks", masks], env=WIDE)
    assert result.exit_code == 2 and "1 --prior-masks for 0 --prior" in " ".join(result.output.split())


@pytest.mark.parametrize("organ", ["spleen", "liver"])
def test_a_case_file_masks_path_that_does_not_exist_is_the_rejection_reason(phantom_dir: Path, tmp_path: Path,
                                                                            organ: str) -> None:
    result = run_case({"images": [{"path": str(phantom_dir / "ct.nii.gz"), "masks": str(tmp_path / "segmentatoins")}],
                       "question": f"What is the {organ} volume in mL?"})
    assert result.status == "rejected", (result.status, result.reasons)
    assert any("'segmentatoins' does not exist" in r for r in result.reasons), result.reasons


def test_prior_masks_on_the_command_line_reach_the_prior(phantom_dir: Path, tmp_path: Path) -> None:
    from synthetic.pairs import derive_study

    prior = tmp_path / "prior"
    derive_study(phantom_dir, prior, (0.5, 0.5), seed=3)  # the prior's lesions half the current's size
    case = build_case(phantom_dir / "ct.nii.gz", masks=phantom_dir / "segmentations",
                      priors=[f"{prior / 'ct.nii.gz'}@2024-05-01", f"{prior / 'ct.nii.gz'}@2023-05-01"],
                      prior_masks=[prior / "segmentations"])
    priors = [im for im in case.images if im.role == "prior"]
    assert priors[0].masks == str((prior / "segmentations").resolve()) and priors[1].masks is None
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(phantom_dir / "ct.nii.gz"), "--masks", str(phantom_dir / "segmentations"),
                                      "--prior", f"{prior / 'ct.nii.gz'}@2024-05-01", "--prior-masks",
                                      str(prior / "segmentations"), "--question",
                                      "What is the RECIST 1.1 response compared with the prior study?",
                                      "--out", str(out), "--quiet"], env=WIDE)
    assert result.exit_code == 0, result.output
    saved = json.loads((out / "result.json").read_text())
    assert saved["status"] == "answered", saved["reasons"]
    assert "recist" in saved["answer"].lower() and "baseline" in saved["answer"], saved["answer"]
    segmented = [e for e in saved["evidence"] if e["name"] == "segmented" and e["target"] == "prior:0"]
    assert segmented and "'provided'" in segmented[0]["reason"], segmented  # not the classical lower bound


@pytest.mark.parametrize("modality", ["MR", "CT"])
def test_modality_declares_the_image_modality(phantom_dir: Path, modality: str) -> None:
    case = build_case(phantom_dir / "ct.nii.gz", modality=modality)
    assert case.images[0].modality == modality


def test_an_empty_knowledge_query_is_a_usage_error() -> None:
    for query in ("", "   "):
        result = CliRunner().invoke(app, ["knowledge", "search", query], env=WIDE)
        assert result.exit_code == 2 and "the query is empty" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("content", "words"), [("hello\n", "Invalid JSON"), ('{"a": 1}', "Field required"),
                                                ("[1, 2]", "")])
def test_review_of_a_file_that_is_not_a_result_is_one_line(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(content)
    result = CliRunner().invoke(app, ["review", str(path)], env=WIDE)
    text = " ".join(result.output.split())
    assert result.exit_code == 2 and "not a saved result.json" in text and words in text, text
    assert "errors.pydantic.dev" not in text and "Traceback" not in text


def test_help_piped_to_a_file_keeps_option_names_whole(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "TERMINAL_WIDTH")}
    with (tmp_path / "help.txt").open("w") as out:
        subprocess.run([sys.executable, "-m", "orchestrator.cli", "run", "--help"], stdout=out, env=env, cwd=ROOT,
                       check=True, timeout=120)
    text = (tmp_path / "help.txt").read_text()
    for option in ("--segmenter-option", "--prior-masks", "--keep-checkpoint", "--modality"):
        assert option in text, option


@pytest.mark.parametrize("salt", [None, "site-secret-7"])
def test_deid_says_when_its_uid_key_is_the_public_default(tmp_path: Path, salt: str | None) -> None:
    from pydicom.data import get_testdata_file

    args = ["deid", get_testdata_file("CT_small.dcm"), str(tmp_path / "out.dcm")] + (["--uid-salt", salt] if salt else [])
    result = CliRunner().invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.output
    assert ("public default key" in " ".join(result.output.split())) is (salt is None), result.output
