"""Issue 13, kind 9: misuse and unavailable backends give one line and a non-zero exit; batch survives bad files."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orchestrator.cli import app


@pytest.fixture(scope="module")
def case_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from synthetic.phantom import PhantomSpec, make_phantom

    root = tmp_path_factory.mktemp("cli")
    make_phantom(root / "p", PhantomSpec(seed=3))
    path = root / "case.json"
    path.write_text(json.dumps({"case_id": "good", "question": "What is the liver volume?",
                                "images": [{"path": "p/ct.nii.gz", "masks": "p/segmentations"}]}))
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(("options", "config", "names"), [
    (["--segmenter", "bogus"], None, "unknown segmenter 'bogus'"),
    (["--segmenter", "nope-2"], None, "--segmenter"),
    (["--reasoner", "openai"], None, "base_url"),
    (["--reasoner", "transformers"], None, "model_path"),
    (["--reasoner", "gpt"], None, "no reasoner named 'gpt'"),
    ([], {"reasoner": "openai", "reasoner_options": {"base_url": "http://127.0.0.1:{port}/v1", "model": "m"}},
     "unreachable"),
])
def test_misuse_is_one_line_and_nonzero(case_file: Path, tmp_path: Path, options: list[str], config: dict | None,
                                        names: str) -> None:
    args = ["run", str(case_file), "--out", str(tmp_path), *options]
    if config is not None:
        cfg = tmp_path / "config.json"
        cfg.write_text(json.dumps(config).replace("{port}", str(_free_port())))
        args += ["--config", str(cfg)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("clinorch: error:") and names in lines[0]
    assert "Traceback" not in result.output and not (tmp_path / "result.json").exists()


@pytest.mark.parametrize("bad", ['{"case_id": "x",', '{"images": 3}', "[]"])
def test_batch_runs_every_good_case_and_reports_each_bad_one(case_file: Path, tmp_path: Path, bad: str) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(bad)
    second = tmp_path / "second.json"
    data = json.loads(case_file.read_text())
    data["case_id"] = "good2"
    data["images"][0] = {k: str(case_file.parent / v) for k, v in data["images"][0].items()}
    second.write_text(json.dumps(data))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(case_file), str(broken), str(second), "--out", str(out)])
    assert result.exit_code == 1
    assert (out / "good.json").exists() and (out / "good2.json").exists()
    assert "broken.json" in result.output and "not a valid case" in result.output
    assert "Traceback" not in result.output
