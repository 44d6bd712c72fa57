"""A full disk, a read-only or forbidden folder during `clinorch run --report` (bug report newuser15): result.json is
written first, every output is written atomically (no truncated file under its name, no temporary file left) and the
OSError is one `clinorch: error: ...` line with a non-zero exit, never a traceback. ENOSPC is simulated."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orchestrator.cli import app


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from synthetic.phantom import PhantomSpec, make_phantom

    root = tmp_path_factory.mktemp("failing")
    make_phantom(root, PhantomSpec(seed=8, liver_lesions=1, kidney_lesion="none"))
    return root


def _failing(code: int, after_bytes: int):  # noqa: ANN202 - a writer that writes part of a file, then fails
    def write(path: Path) -> None:
        Path(path).write_bytes(b"\0" * after_bytes)
        raise OSError(code, {errno.ENOSPC: "No space left on device", errno.EACCES: "Permission denied",
                             errno.EROFS: "Read-only file system"}[code], str(path))
    return write


@pytest.mark.parametrize(("target", "code", "lost"), [
    ("seg", errno.ENOSPC, "dicom/segmentation.dcm"),
    ("fhir", errno.EROFS, "fhir_bundle.json"),
    ("report", errno.EACCES, "report.md"),
])
def test_a_failed_write_keeps_the_answer_and_says_one_line(scan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           target: str, code: int, lost: str) -> None:
    import pydicom.dataset

    from orchestrator import atomic

    if target == "seg":
        fail = _failing(code, 4096)
        monkeypatch.setattr(pydicom.dataset.Dataset, "save_as", lambda self, path, *a, **k: fail(path))
    else:
        real = atomic.write_text
        name = Path(lost).name

        def write_text(path: Path, text: str) -> None:
            if Path(path).name != name:
                return real(path, text)
            with atomic.atomic_path(Path(path)) as tmp:
                _failing(code, len(text) // 2)(tmp)
        monkeypatch.setattr(atomic, "write_text", write_text)
    out = tmp_path / "o"
    args = ["run", str(scan / "ct.nii.gz"), "--masks", str(scan / "segmentations"), "--question",
            "How many liver lesions are there?", "--report", "--quiet", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code not in (0, None), result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("clinorch: error:")]
    assert len(errors) == 1 and "result.json" in errors[0], result.output
    assert json.loads((out / "result.json").read_text())["status"] in ("answered", "abstained", "rejected")
    assert not (out / lost).exists()  # no truncated file under the output's name
    assert not [p for p in out.rglob("*") if p.name.startswith(".tmp-")]  # and no temporary file left
