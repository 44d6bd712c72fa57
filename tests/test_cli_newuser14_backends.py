"""A reasoner that cannot serve is refused before the first case, in every command (first-hour findings, round 14).

Kind: a configured reasoner backend whose model is absent, half-copied or damaged, or which stops
serving mid-run, is infrastructure (DESIGN.md principle 9): one `clinorch: error:` line naming the
path and the fix, exit 2, no result written — never a clinical abstention, never a 0 % benchmark row.
Varied over the ways a model folder is wrong, over `run`, `batch`, `bench deeptumorvqa` and `serve`,
and over how the model is given (`--model`, a `--config` file).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orchestrator.cli import app

QUESTION = "How would you classify the splenic enlargement based on volume?"


def _missing(d: Path) -> Path:
    return d / "no-such-model"


def _a_file(d: Path) -> Path:
    (d / "model.safetensors").write_bytes(b"\0" * 64)
    return d / "model.safetensors"


def _folder(d: Path, config: str | None, weights: bool = True, tokenizer: bool = True, processor: bool = True) -> Path:
    folder = d / "vlm"
    folder.mkdir()
    if config is not None:
        (folder / "config.json").write_text(config)
    if weights:
        (folder / "model.safetensors").write_bytes(b"\0" * 64)
    if tokenizer:
        (folder / "tokenizer.json").write_text("{}")
    if processor:
        (folder / "preprocessor_config.json").write_text("{}")
    return folder


BROKEN: list[tuple[str, Callable[[Path], Path], str]] = [
    ("missing", _missing, "does not exist"),
    ("file", _a_file, "is a file, not a model folder"),
    ("empty", lambda d: _folder(d, None, weights=False, tokenizer=False), "no config.json"),
    ("not-json", lambda d: _folder(d, "hi\n"), "not a model configuration"),
    ("truncated", lambda d: _folder(d, '{"model_type": "qwen2_vl", "hidden'), "not a model configuration"),
    ("no-model-type", lambda d: _folder(d, '{"hidden_size": 32}'), "names no model_type"),
    ("unknown-type", lambda d: _folder(d, '{"model_type": "qwen9_vl_typo"}'), "unknown to the installed transformers"),
    ("no-weights", lambda d: _folder(d, '{"model_type": "qwen2_vl"}', weights=False), "holds no weights"),
    ("no-tokenizer", lambda d: _folder(d, '{"model_type": "qwen2_vl"}', tokenizer=False), "holds no tokenizer"),
    ("text-only", lambda d: _folder(d, '{"model_type": "llama"}', processor=False), "holds no image processor"),
]


@pytest.fixture(scope="module")
def case_file(phantom_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cases") / "spleen.json"
    path.write_text(json.dumps({"case_id": "spleen", "question": QUESTION,
                                "images": [{"path": str(phantom_dir / "ct.nii.gz"), "modality": "CT",
                                            "masks": str(phantom_dir / "segmentations")}]}))
    return path


@pytest.fixture(scope="module")
def bench_questions(phantom_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "qa.json"
    path.write_text(json.dumps([{"qid": "q1", "image_id": phantom_dir.name, "question": QUESTION, "answer": "Normal",
                                 "mc_question": f"{QUESTION}\nA: Normal\nB: Mild\nC: Moderate\nD: Severe",
                                 "correct_option": "A", "question_subtype": "splenomegaly grading"}]))
    return path


def _one_error_line(result: object, *says: str) -> str:
    output = result.output  # type: ignore[attr-defined]
    lines = [ln for ln in output.splitlines() if ln.strip()]
    assert result.exit_code == 2, output  # type: ignore[attr-defined]
    assert len(lines) == 1 and lines[0].startswith("clinorch: error:"), output
    assert "Traceback" not in output and "abstain" not in output.lower()
    for text in says:
        assert text in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(("kind", "make", "says"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_model_folder_stops_run_before_any_case(phantom_dir: Path, tmp_path: Path, kind: str,
                                                         make: Callable[[Path], Path], says: str) -> None:
    model = make(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(phantom_dir / "ct.nii.gz"), "--masks", str(phantom_dir / "segmentations"),
                                      "--question", QUESTION, "--reasoner", "transformers", "--model", str(model),
                                      "--out", str(out)])
    _one_error_line(result, says, str(model))
    assert not (out / "result.json").exists()


@pytest.mark.parametrize("kind", ["missing", "not-json", "no-weights"])
def test_batch_bench_and_serve_refuse_the_same_folder_from_a_config_file(
        phantom_dir: Path, case_file: Path, bench_questions: Path, tmp_path: Path, kind: str) -> None:
    make, says = {b[0]: (b[1], b[2]) for b in BROKEN}[kind]
    model = make(tmp_path)
    config = tmp_path / "vlm.json"
    config.write_text(json.dumps({"reasoner": "transformers", "reasoner_options": {"model_path": str(model)}}))
    runner = CliRunner()
    commands = {
        "batch": ["batch", str(case_file), "--config", str(config), "--out", str(tmp_path / "batch")],
        "bench": ["bench", "deeptumorvqa", "--questions", str(bench_questions), "--data-dir", str(phantom_dir.parent),
                  "--config", str(config), "--out", str(tmp_path / "bench")],
        "serve": ["serve", "--config", str(config), "--data-dir", str(tmp_path / "served"), "--port", "1"],
    }
    for name, command in commands.items():
        line = _one_error_line(runner.invoke(app, command), says, str(model))
        assert "model_path" in line, name
    assert not (tmp_path / "batch" / "spleen.json").exists()
    assert not (tmp_path / "bench" / "report.json").exists()  # no 0 % row


def test_a_missing_model_names_the_command_line_flag(phantom_dir: Path, tmp_path: Path) -> None:
    for reasoner, flag in (("transformers", "--model DIR"), ("openai", "--base-url")):
        result = CliRunner().invoke(app, ["run", str(phantom_dir / "ct.nii.gz"), "--question", QUESTION,
                                          "--reasoner", reasoner, "--out", str(tmp_path / reasoner)])
        _one_error_line(result, flag, "--config")


def test_a_real_model_folder_passes_the_check(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    from agents.reasoners.base import resolve
    from tests.agents.tiny_vlm import build_tiny_qwen2vl

    folder = build_tiny_qwen2vl(tmp_path / "tiny", '{"text": "A", "choice": "A", "evidence_ids": []}')
    assert resolve("transformers", model_path=str(folder)).name == "transformers"


class _Vanishing:
    """A reasoner whose model server goes away after start-up."""

    name = "vanishing"

    def answer(self, task: object) -> None:
        from agents.reasoners.base import ReasonerUnavailable

        raise ReasonerUnavailable("chat server 'http://127.0.0.1:9/v1' refused the request (HTTP 503: overloaded)")


def test_a_reasoner_failing_mid_case_is_an_error_not_an_abstention(
        phantom_dir: Path, case_file: Path, bench_questions: Path, tmp_path: Path) -> None:
    from agents.reasoners.base import REASONERS

    config = tmp_path / "config.json"
    config.write_text(json.dumps({"reasoner": "vanishing"}))
    REASONERS.register("vanishing")(lambda **_: _Vanishing())
    try:
        runner = CliRunner()
        results = {
            "run": runner.invoke(app, ["run", str(case_file), "--config", str(config), "-q", "--out", str(tmp_path / "r")]),
            "batch": runner.invoke(app, ["batch", str(case_file), "--config", str(config), "-q", "--out", str(tmp_path / "b")]),
            "bench": runner.invoke(app, ["bench", "deeptumorvqa", "--questions", str(bench_questions), "--data-dir",
                                         str(phantom_dir.parent), "--config", str(config), "--out", str(tmp_path / "q")]),
        }
    finally:
        REASONERS._factories.pop("vanishing", None)
    for name, result in results.items():
        lines = [ln for ln in result.output.splitlines() if ln.startswith("clinorch: error:")]
        assert result.exit_code == 2, (name, result.output)
        assert len(lines) == 1 and "HTTP 503" in lines[0] and "Traceback" not in result.output, (name, result.output)
    assert not (tmp_path / "r" / "result.json").exists() and not (tmp_path / "b" / "spleen.json").exists()
    assert not (tmp_path / "q" / "report.json").exists()
