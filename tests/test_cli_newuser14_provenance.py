"""Every output says which build, configuration and input files produced it (first-hour findings, round 14).

Kind: a figure a paper cites must be tied to a build and to its files from the artifacts alone.
result.json, report.md/html and the benchmark's report.json carry clinorch's version, the git commit
of the checkout it runs from, the configuration (backends, model names, no secret, no absolute path)
and the SHA-256 of each input (a NIfTI file, a DICOM series folder, provided masks, a prior study, the
question file), each recomputed here independently (hashlib / the sha256sum listing).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orchestrator.cli import app

ROOT = Path(__file__).resolve().parent.parent


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing_sha(folder: Path) -> str:
    """`(cd DIR && find . -type f -printf '%P\\n' | LC_ALL=C sort | xargs sha256sum) | sha256sum`, in Python."""
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return hashlib.sha256("".join(f"{_sha(folder / n)}  {n}\n" for n in names).encode()).hexdigest()


def _expected_commit() -> str | None:
    if not (ROOT / ".git").exists():
        return None
    return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()


def _check_build(provenance: dict) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert provenance["version"] == version
    assert provenance["git_commit"] == _expected_commit()


@pytest.fixture(scope="module")
def series(phantom_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from imaging.volume import read_image
    from synthetic.dicom_series import write_dicom_series

    ct = read_image(phantom_dir / "ct.nii.gz")
    folder = tmp_path_factory.mktemp("series") / "DOE_JANE"
    write_dicom_series(ct.array, ct.affine, folder, patient_id="MRN-1234", study="1")
    return folder


@pytest.mark.parametrize("inputs", ["nifti+masks", "nifti+prior", "dicom-series"])
def test_result_and_report_carry_build_config_and_input_hashes(phantom_dir: Path, series: Path, tmp_path: Path,
                                                               inputs: str) -> None:
    ct, masks = phantom_dir / "ct.nii.gz", phantom_dir / "segmentations"
    checkpoint = tmp_path / "SMITH_JOHN" / "runs.sqlite"
    checkpoint.parent.mkdir()
    command = {"nifti+masks": [str(ct), "--masks", str(masks)],
               "nifti+prior": [str(ct), "--masks", str(masks), "--prior", f"{ct}@2025-01-10", "--prior-masks", str(masks)],
               "dicom-series": [str(series)]}[inputs]
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", *command, "--question", "What is the volume of the liver?",
                                      "--checkpoint", str(checkpoint), "--out", str(out), "--report", "-q"])
    assert result.exit_code == 0, result.output
    text = (out / "result.json").read_text()
    provenance = json.loads(text)["provenance"]
    _check_build(provenance)
    digests = provenance["inputs"]
    if inputs == "dicom-series":
        assert [(d["image"], d["kind"], d["files"], d["sha256"]) for d in digests] == [
            ("<image 0>", "folder", len(list(series.iterdir())), _listing_sha(series))]
    else:
        expected = [("<image 0>", "current", _sha(ct), _listing_sha(masks))]
        if inputs == "nifti+prior":
            expected.append(("<image 1>", "prior", _sha(ct), _listing_sha(masks)))
        assert [(d["image"], d["role"], d["sha256"], d["masks_sha256"]) for d in digests] == expected
    assert "checkpoint" not in provenance["config"]  # where a run keeps its state never changes its result
    assert (provenance["backends"]["segmenter"], provenance["backends"]["reasoner"]) == ("classical", "guideline")
    canonical = json.dumps(provenance["config"], sort_keys=True, separators=(",", ":"))
    assert provenance["config_sha256"] == hashlib.sha256(canonical.encode()).hexdigest()
    for forbidden in (str(tmp_path), str(phantom_dir), "MRN-1234", "SMITH_JOHN"):
        assert forbidden not in text
    report = (out / "report.md").read_text()
    provenance_part = report.split("## Provenance", 1)[1]
    assert digests[0]["sha256"] in provenance_part and provenance["config_sha256"] in provenance_part
    assert (provenance["git_commit"] or provenance["version"]) in provenance_part
    assert str(tmp_path) not in report and "SMITH_JOHN" not in report
    assert digests[0]["sha256"] in (out / "report.html").read_text()


@pytest.mark.parametrize(("reasoner", "options", "model"), [
    ("openai", {"base_url": "http://10.0.0.5:8000/v1", "model": "Qwen/Qwen2.5-VL-7B-Instruct", "api_key": "sk-s3cret"},
     "Qwen/Qwen2.5-VL-7B-Instruct"),
    ("transformers", {"model_path": "/home/jdoe/models/MedGemma-4b/", "HF_TOKEN": "hf_s3cret"}, "MedGemma-4b"),
    ("transformers", {"model_path": "C:\\Users\\jdoe\\llava-med"}, "llava-med"),
    ("transformers", {"model_path": "~jdoe/vlm/Qwen2-VL-2B"}, "Qwen2-VL-2B"),
])
def test_the_shared_configuration_names_models_without_paths_or_secrets(reasoner: str, options: dict,
                                                                      model: str) -> None:
    from core.config import Config
    from orchestrator.build_info import run_provenance

    run = run_provenance(Config(reasoner=reasoner, reasoner_options=options, segmenter="nnunet",
                                segmenter_options={"model_folder": "/data/jdoe/nnUNet_results/Dataset017"}))
    assert run.backends["reasoner"] == reasoner and run.backends["reasoner_model"] == model
    assert run.backends["segmenter_model"] == "Dataset017"
    text = run.model_dump_json()
    assert "s3cret" not in text and "jdoe" not in text
    assert ("http://10.0.0.5:8000/v1" in text) == ("base_url" in options)  # a server's URL is kept whole


def test_provenance_is_the_same_for_the_same_run_and_follows_the_input(phantom_dir: Path, tmp_path: Path) -> None:
    from orchestrator import run

    ct = phantom_dir / "ct.nii.gz"
    copy = tmp_path / "ct.nii.gz"
    copy.write_bytes(ct.read_bytes())
    case = {"case_id": "same", "question": "What is the volume of the spleen?",
            "images": [{"path": str(copy), "modality": "CT", "masks": str(phantom_dir / "segmentations")}]}
    first, second = run(case).provenance, run(case).provenance
    assert first is not None and first == second
    data = bytearray(copy.read_bytes())
    data[-1] ^= 1  # one bit of the file changed: another input, another digest
    copy.write_bytes(bytes(data))
    assert run(case).provenance.inputs[0].sha256 == _sha(copy) != first.inputs[0].sha256


def test_bench_report_ties_its_figures_to_build_questions_and_images(phantom_dir: Path, tmp_path: Path) -> None:
    truth = json.loads((phantom_dir / "ground_truth.json").read_text())["organs"]["spleen"]["volume_ml"]
    stem = "What is the volume of the spleen in mL?"
    options = {"A": truth, "B": truth * 1.8, "C": truth * 0.45, "D": truth * 3.1}
    mc = stem + "".join(f"\n{k}: {v:.1f} mL" for k, v in options.items())
    records = [{"qid": f"q{n}", "image_id": phantom_dir.name, "question": stem, "answer": f"{truth:.1f} mL",
                "mc_question": mc, "correct_option": letter, "question_subtype": "organ volume measurement"}
               for n, letter in enumerate(["A", "C"])]  # the second record's key is wrong on purpose: one wrong letter
    questions = tmp_path / "qa.json"
    questions.write_text(json.dumps(records))
    out = tmp_path / "bench"
    result = CliRunner().invoke(app, ["bench", "deeptumorvqa", "--questions", str(questions), "--data-dir",
                                      str(phantom_dir.parent), "--out", str(out)], env={"COLUMNS": "150"})
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    _check_build(report["software"])
    assert report["questions_sha256"] == _sha(questions)
    assert report["images_sha256"] == {phantom_dir.name: _sha(phantom_dir / "ct.nii.gz")}
    assert report["wrong"] == {"n_wrong": 1, "rate": 0.5}
    rows = [json.loads(line) for line in (out / "predictions.jsonl").read_text().splitlines()]
    assert [(r["prediction"], r["correct"]) for r in rows] == [("A", True), ("A", False)]
    assert "wrong answers" in result.output
    assert str(tmp_path) not in (out / "report.json").read_text()
