"""A DICOM SEG for a source series that lacks Type 2 patient or study attributes (a researcher's first hour, session
16: `clinorch run <series without PatientSex> --report` printed a traceback from the SEG writer and exited 1; many
anonymised exports drop PatientSex, PatientBirthDate, StudyID ...). The SEG is written, the run exits 0, and the
attributes are present and empty in the SEG."""

from __future__ import annotations

from pathlib import Path

import pydicom
import pytest
from typer.testing import CliRunner

from orchestrator.cli import app


@pytest.mark.parametrize("dropped", [("PatientSex",), ("PatientSex", "PatientBirthDate", "StudyID"),
                                     ("ReferringPhysicianName", "AccessionNumber", "StudyTime")])
def test_a_series_missing_type2_attributes_gets_its_seg(phantom_dir: Path, tmp_path: Path,
                                                       dropped: tuple[str, ...]) -> None:
    from imaging.volume import read_image
    from synthetic.dicom_series import write_dicom_series

    ct = read_image(phantom_dir / "ct.nii.gz")
    folder = tmp_path / "series"
    write_dicom_series(ct.array, ct.affine, folder, patient_id="P-1", study="1")
    for f in sorted(folder.rglob("*")):
        if f.is_file():
            ds = pydicom.dcmread(f)
            for keyword in dropped:
                if keyword in ds:
                    delattr(ds, keyword)
            ds.save_as(f)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(folder), "--masks", str(phantom_dir / "segmentations"), "--question",
                                      "What is the volume of the liver?", "--report", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    seg = pydicom.dcmread(out / "dicom" / "segmentation.dcm")
    for keyword in dropped:
        if keyword in ("PatientSex", "PatientBirthDate", "StudyID", "AccessionNumber", "ReferringPhysicianName"):
            assert keyword in seg and not str(seg.data_element(keyword).value)


@pytest.mark.parametrize(("dropped", "emptied"), [(("FrameOfReferenceUID",), ()),
                                                   ((), ("FrameOfReferenceUID",)),
                                                   (("FrameOfReferenceUID", "PatientSex"), ())])
def test_a_series_without_a_frame_of_reference_gets_a_seg_on_a_derived_series(
        phantom_dir: Path, tmp_path: Path, dropped: tuple[str, ...], emptied: tuple[str, ...]) -> None:
    """Frame of Reference UID is Type 1 in the CT IOD, yet exporters and anonymisers strip it (an ML engineer's first
    hour, session 17: the answer was computed, then highdicom refused the SEG and the run ended in a traceback, exit
    1; the browser showed only "error"). The SEG goes on the derived series clinorch writes, which has a frame."""
    from imaging.volume import read_image
    from synthetic.dicom_series import write_dicom_series

    ct = read_image(phantom_dir / "ct.nii.gz")
    folder = tmp_path / "series"
    write_dicom_series(ct.array, ct.affine, folder, patient_id="P-2", study="2")
    for f in sorted(folder.rglob("*")):
        if f.is_file():
            ds = pydicom.dcmread(f)
            for keyword in dropped:
                if keyword in ds:
                    delattr(ds, keyword)
            for keyword in emptied:
                setattr(ds, keyword, "")
            ds.save_as(f)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(folder), "--masks", str(phantom_dir / "segmentations"), "--question",
                                      "What is the volume of the spleen?", "--report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "answered" in result.output.lower()
    seg = pydicom.dcmread(out / "dicom" / "segmentation.dcm")
    derived = [pydicom.dcmread(f) for f in sorted((out / "dicom" / "derived_ct").glob("*.dcm"))]
    assert derived and seg.FrameOfReferenceUID == derived[0].FrameOfReferenceUID
    referenced = seg.ReferencedSeriesSequence[0].SeriesInstanceUID
    assert referenced == derived[0].SeriesInstanceUID
