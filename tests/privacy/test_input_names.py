"""No output names the folder or file a case was read from when that name can carry an identifier.

A DICOM export names series folders after the patient (`DOE^JOHN_MRN123456/`); triage's labels (every reason, the
image's `source`, the segmentation's provenance) said a folder's name when the identifier rules did not recognise it
(`SMITH^ANNA`). A folder or file named with the DICOM person-name separator is now named by a pseudonym. Varied: a
name the identifier rules find (a record number) and one they do not (a lower-case `smith^anna`), folder and file,
the size check passing and failing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orchestrator.cli import app

FOLDERS = ["DOE^JOHN_MRN123456", "smith^anna"]


@pytest.fixture(scope="module")
def series_root(phantom_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from imaging.volume import read_image
    from synthetic.dicom_series import write_dicom_series

    ct = read_image(phantom_dir / "ct.nii.gz")
    root = tmp_path_factory.mktemp("exports")
    write_dicom_series(ct.array, ct.affine, root / "series", patient_id="P1", study="1")
    return root


def _named(name: str, text: str) -> list[str]:
    """The words of `name` (split at ^ and _) that `text` holds as whole words, any case."""
    words = name.replace("^", " ").replace("_", " ").split()
    return [w for w in words if re.search(rf"(?<![A-Za-z0-9]){re.escape(w)}(?![A-Za-z0-9])", text, re.IGNORECASE)]


def _outputs(out: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in out.rglob("*") if p.is_file()
                     and p.suffix in (".json", ".md", ".html", ".csv", ".txt"))


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_dicom_folder_is_never_named(series_root: Path, tmp_path: Path, folder: str) -> None:
    series = tmp_path / folder
    shutil.copytree(series_root / "series", series)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(series), "--question", "What is the volume of the liver?",
                                      "--out", str(out), "--report", "-q"])
    assert result.exit_code == 0, result.output
    text = _outputs(out) + result.output
    assert '"reason"' in text and "(current:0)" in text  # the reasons are there, naming the image by its key
    assert _named(folder, text) == []


@pytest.mark.parametrize("name", ["SMITH^ANNA.nii.gz", "DOE^JOHN_MRN123456.nii.gz"])
@pytest.mark.parametrize("limit", [None, 1000])
def test_a_file_named_after_the_patient_is_not_named_and_the_size_check_says_so(
        phantom_dir: Path, tmp_path: Path, name: str, limit: int | None) -> None:
    import orchestrator
    from core.config import Config

    path = tmp_path / name
    shutil.copy(phantom_dir / "ct.nii.gz", path)
    config = Config() if limit is None else Config(max_image_bytes=limit)
    result = orchestrator.run({"case_id": "c-names", "images": [{"path": str(path), "modality": "CT"}],
                               "question": "What is the volume of the liver?"}, config)
    text = result.model_dump_json()
    size = [e for e in result.evidence if e.name == "file_size"]
    assert size and size[0].reason.startswith("file-") and "(current:0)" in size[0].reason
    assert (result.status == "rejected") == (limit is not None)
    assert _named(name.removesuffix(".nii.gz"), text) == []


def test_a_plain_file_name_is_still_shown(phantom_dir: Path, tmp_path: Path) -> None:
    """The rule is about names that can hold identifiers: `ct.nii.gz` stays readable in a reason."""
    import orchestrator
    from core.config import Config

    result = orchestrator.run({"case_id": "c-plain", "images": [{"path": str(phantom_dir / "ct.nii.gz")}],
                               "question": "What is the volume of the liver?"}, Config(max_image_bytes=1000))
    assert any(e.name == "file_size" and e.reason.startswith("ct.nii.gz (current:0)") for e in result.evidence)
