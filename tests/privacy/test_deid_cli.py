"""`clinorch deid IN OUT`: de-identified copies of a DICOM file or series folder that clinorch still reads."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pydicom
import pytest
from typer.testing import CliRunner

from imaging.volume import read_image
from orchestrator.cli import app
from synthetic.dicom_series import write_dicom_series

runner = CliRunner()
LEAKS = ["doe", "jane", "mrn-4417", "19520314", "elsewhere", "house", "acme secret"]


def _patient_series(folder: Path, slices: int) -> Path:
    rng = np.random.default_rng(slices)
    hu = rng.normal(40, 10, (24, 20, slices)).astype(np.float32)
    write_dicom_series(hu, np.diag([1.5, 1.5, 3.0, 1.0]), folder, patient_id="MRN-4417-2291", study="1")
    for f in folder.iterdir():
        ds = pydicom.dcmread(f)
        ds.PatientName, ds.PatientBirthDate = "Doe^Jane", "19520314"
        ds.InstitutionName, ds.ReferringPhysicianName = "St Elsewhere Hospital", "House^Gregory"
        block = ds.private_block(0x0099, "ACME", create=True)
        block.add_new(0x01, "LO", "ACME SECRET")
        ds.save_as(f, enforce_file_format=False)
    (folder / "notes.txt").write_text("Jane Doe's scan")
    return folder


@pytest.mark.parametrize("slices", [3, 7])
def test_a_series_folder_is_deidentified_and_still_reads(tmp_path: Path, slices: int) -> None:
    source = _patient_series(tmp_path / "Doe_Jane", slices)
    out = tmp_path / "clean"
    result = runner.invoke(app, ["deid", str(source), str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {slices} de-identified" in result.output and "1 file(s) not read as DICOM Part 10" in result.output
    files = sorted(out.iterdir())
    assert len(files) == slices and all(re.fullmatch(r"[\d.]+\.dcm", f.name) for f in files)
    for f in files:
        blob = f.read_bytes().decode("latin-1").lower()
        assert not [leak for leak in LEAKS if leak in blob], f.name
        ds = pydicom.dcmread(f)
        assert ds.PatientIdentityRemoved == "YES"
    assert len({pydicom.dcmread(f).SeriesInstanceUID for f in files}) == 1  # a series stays a series
    before, after = read_image(source), read_image(out)
    assert np.array_equal(before.array, after.array) and np.allclose(before.affine, after.affine)


def test_a_single_file_keeps_its_pixels(tmp_path: Path) -> None:
    source = _patient_series(tmp_path / "series", 3)
    one = next(f for f in sorted(source.iterdir()) if f.suffix != ".txt")
    out = tmp_path / "one.dcm"
    assert runner.invoke(app, ["deid", str(one), str(out)]).exit_code == 0
    assert np.array_equal(pydicom.dcmread(one).pixel_array, pydicom.dcmread(out).pixel_array)
    assert "doe" not in str(pydicom.dcmread(out).PatientName).lower()


def test_output_inside_the_input_or_a_missing_input_is_refused(tmp_path: Path) -> None:
    source = _patient_series(tmp_path / "series", 3)
    assert runner.invoke(app, ["deid", str(source), str(source / "out")]).exit_code != 0
    assert runner.invoke(app, ["deid", str(tmp_path / "absent"), str(tmp_path / "o")]).exit_code != 0
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(app, ["deid", str(empty), str(tmp_path / "o2")]).exit_code == 1
