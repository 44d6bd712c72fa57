"""Corrupt and hostile files through `orchestrator.run` with the real agents: each is a rejection
with reasons, never an exception, a hang or an answer."""

from __future__ import annotations

import gzip
import os
import resource
import struct
import zlib
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest
from PIL import Image as PILImage

import orchestrator
from core.case import InvalidCaseError
from synthetic.dicom_series import write_dicom_series
from synthetic.phantom import PhantomSpec, make_phantom

QUESTION = "What is the volume of the spleen in mL?"


@pytest.fixture(scope="module")
def phantom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("safety") / "case"
    make_phantom(out, PhantomSpec(seed=5, shape=(96, 80, 24), spacing=(3.5, 3.5, 8.0), liver_lesions=1))
    return out / "ct.nii.gz"


def _run(path: Path | str, question: str | None = QUESTION) -> orchestrator.CaseResult:
    return orchestrator.run({"case_id": "safety", "images": [{"path": str(path)}], "question": question})


def _rejected_for(result: orchestrator.CaseResult, *words: str) -> None:
    assert result.status == "rejected", (result.status, result.reasons)
    text = " ".join(result.reasons).lower()
    assert any(w in text for w in words), result.reasons


def test_the_seed_itself_is_answered(phantom: Path) -> None:
    assert _run(phantom).status == "answered"


@pytest.mark.parametrize("offset_fraction", [0.2, 0.5, 0.9])
def test_a_bit_flip_in_a_gzip_stream_is_refused_by_its_crc(
    phantom: Path, tmp_path: Path, offset_fraction: float
) -> None:
    raw = bytearray(gzip.compress(gzip.decompress(phantom.read_bytes()), compresslevel=1, mtime=0))
    raw[int(len(raw) * offset_fraction)] ^= 0x10
    path = tmp_path / "flipped.nii.gz"
    path.write_bytes(bytes(raw))
    _rejected_for(_run(path), "corrupt", "crc", "truncated", "not a readable")


@pytest.mark.parametrize("keep", [0.3, 0.95])
def test_a_zero_filled_or_cut_gzip_tail_is_refused(phantom: Path, tmp_path: Path, keep: float) -> None:
    raw = bytearray(phantom.read_bytes())
    cut = int(len(raw) * keep)
    zeroed, truncated = tmp_path / "zeroed.nii.gz", tmp_path / "cut.nii.gz"
    zeroed.write_bytes(bytes(raw[:cut]) + bytes(len(raw) - cut))
    truncated.write_bytes(bytes(raw[:cut]))
    for path in (zeroed, truncated):
        _rejected_for(_run(path), "corrupt", "truncated", "announces", "not a readable")


@pytest.mark.parametrize("shape", [(1000, 1000, 1000), (4000, 4000, 60)])
def test_a_huge_header_on_a_small_file_is_refused_before_any_allocation(tmp_path: Path, shape: tuple[int, ...]) -> None:
    img = nib.Nifti1Image(np.zeros((64, 64, 32), np.int16), np.diag([1.0, 1.0, 2.0, 1.0]))
    img.header.set_data_shape(shape)
    path = tmp_path / "huge.nii"
    with path.open("wb") as fh:
        fh.write(img.header.binaryblock + b"\x00" * 4 + np.zeros(250_000, np.int16).tobytes())
    _run(tmp_path / "absent.nii")  # loads the models first, so only the huge file can grow the peak
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = _run(path)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    _rejected_for(result, "announces", "limit")
    assert grown_mb < 300, f"peak RSS grew by {grown_mb:.0f} MB"
    announced = str(int(np.prod(shape)) * 2)
    assert announced in " ".join(result.reasons)  # the number survives: not taken for a record number
    assert "[ID]" not in " ".join(result.reasons)


def test_the_same_huge_header_gzipped_is_refused(tmp_path: Path) -> None:
    img = nib.Nifti1Image(np.zeros((8, 8, 8), np.int16), np.eye(4))
    img.header.set_data_shape((600, 600, 600))
    path = tmp_path / "huge.nii.gz"
    path.write_bytes(gzip.compress(img.header.binaryblock + b"\x00" * 4 + bytes(500_000)))
    _rejected_for(_run(path), "announces", "limit")


@pytest.mark.parametrize(
    ("field", "offset", "fmt", "value"),
    [("datatype", 70, "<h", 0), ("srow_x0", 280, "<f", 0.0), ("pixdim3", 88, "<f", float("nan"))],
)
def test_header_fields_that_break_nibabel_become_rejections(
    phantom: Path, tmp_path: Path, field: str, offset: int, fmt: str, value: float
) -> None:
    raw = bytearray(gzip.decompress(phantom.read_bytes()))
    struct.pack_into(fmt, raw, offset, value)
    if field == "srow_x0":
        struct.pack_into("<hh", raw, 252, 0, 1)  # sform only, its first column now zero
        struct.pack_into("<ff", raw, 296, 0.0, 0.0)
        struct.pack_into("<f", raw, 312, 0.0)
    path = tmp_path / f"{field}.nii"
    path.write_bytes(bytes(raw))
    result = _run(path)
    assert result.status == "rejected", (field, result.reasons)


def test_devices_pipes_and_over_long_names_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.nii.gz"
    os.mkfifo(fifo)
    for path in ("/dev/zero", fifo, tmp_path / ("x" * 300 + ".nii.gz")):
        _rejected_for(_run(path), "regular file", "cannot be opened", "not read")


def test_a_png_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    PILImage.fromarray(np.zeros((16, 16), np.uint8)).save(path)
    raw = bytearray(path.read_bytes())
    struct.pack_into(">II", raw, 16, 200_000, 200_000)
    struct.pack_into(">I", raw, 29, zlib.crc32(bytes(raw[12:29])))
    path.write_bytes(bytes(raw))
    _rejected_for(_run(path), "limit", "announces", "not read", "cannot")


@pytest.fixture(scope="module")
def series(phantom: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    img = nib.as_closest_canonical(nib.load(str(phantom)))
    folder = tmp_path_factory.mktemp("series") / "s"
    write_dicom_series(np.asarray(img.dataobj, np.float32), img.affine, folder, patient_id="P-1", study="1")
    return folder


@pytest.mark.parametrize(
    "change",
    ["spacing_1e308", "every_intercept_minus_1e9", "odd_vr", "zero_orientation"],
)
def test_hostile_dicom_values_become_rejections_or_abstentions(series: Path, tmp_path: Path, change: str) -> None:
    import shutil

    folder = tmp_path / "series"
    shutil.copytree(series, folder)
    for f in sorted(folder.iterdir()):
        ds = pydicom.dcmread(f)
        if change == "spacing_1e308":
            ds.PixelSpacing = [1e308, 1e308]
        elif change == "every_intercept_minus_1e9":
            ds.RescaleIntercept = -1e9
        elif change == "odd_vr":
            ds[0x00280030] = pydicom.dataelem.DataElement(0x00280030, "OV", b"\x01" * 8)
        else:
            ds.ImageOrientationPatient = [0, 0, 0, 0, 0, 0]
        ds.save_as(f, enforce_file_format=False)
    result = _run(folder)
    assert result.status in ("rejected", "abstained"), (change, result.status, result.reasons)


def test_an_over_long_question_is_a_clear_rejection(phantom: Path) -> None:
    result = _run(phantom, "what value " * 1000)
    _rejected_for(result, "longer than")


def test_invalid_case_json_is_a_typed_error_naming_the_field(tmp_path: Path) -> None:
    from pydantic import ValidationError

    bad = tmp_path / "case.json"
    bad.write_text('{"case_id": "x", "images": [{"path": 3, "role": "sideways"}]}')
    with pytest.raises(ValidationError, match="role"):
        orchestrator.run(bad)
    bad.write_bytes(b'{"case_id": "x", "images": [')
    with pytest.raises(InvalidCaseError, match="case JSON"):
        orchestrator.run(bad)
    with pytest.raises(InvalidCaseError, match="regular file"):
        orchestrator.run("/dev/zero")
