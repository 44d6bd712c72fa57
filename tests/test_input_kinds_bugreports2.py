"""Input kinds a fresh helper rebuilt from public bug reports (set 2), each varied so the rule passes.

- fractional provided masks (linear resampling, probability output): binarised at 0.5, noted;
- a 4D NIfTI of several phases: refused, naming the 4D shape and what to give instead;
- a `.nii.gz` saved uncompressed: read as the NIfTI it is;
- DICOM slices of different matrix sizes, a slice without ImagePositionPatient: refused by name;
- a case file with a key in the wrong place: the CLI names the key and the keys allowed there.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest

from imaging.masks import read_mask
from imaging.volume import ImageReadError, read_image


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from synthetic.phantom import PhantomSpec, make_phantom

    out = tmp_path_factory.mktemp("kinds2") / "base"
    make_phantom(out, PhantomSpec(seed=11, liver_lesions=1))
    return out


def _soften(binary: np.ndarray, rng: np.random.Generator, dtype: type) -> np.ndarray:
    """A fractional version of `binary`: inside voxels at the edge get [0.5, 1), a shell outside (0, 0.5)."""
    from scipy import ndimage

    soft = binary.astype(dtype)
    inner_edge = binary & ~ndimage.binary_erosion(binary)
    outer_shell = ndimage.binary_dilation(binary) & ~binary
    soft[inner_edge] = rng.uniform(0.5, 0.999, int(inner_edge.sum()))
    soft[outer_shell] = rng.uniform(0.01, 0.49, int(outer_shell.sum()))
    return soft


@pytest.mark.parametrize(("organ", "axcodes", "dtype"), [
    ("spleen", "RAS", np.float32), ("liver", "LPS", np.float64), ("kidney_left", "PIR", np.float32)])
def test_fractional_mask_is_binarised_at_one_half(base: Path, tmp_path: Path, organ: str, axcodes: str,
                                                  dtype: type) -> None:
    ref = nib.load(str(base / "segmentations" / f"{organ}.nii.gz"))
    binary = np.asarray(ref.dataobj) > 0
    soft = nib.Nifti1Image(_soften(binary, np.random.default_rng(len(organ)), dtype), ref.affine)
    soft = soft.as_reoriented(nib.orientations.ornt_transform(nib.io_orientation(ref.affine),
                                                              nib.orientations.axcodes2ornt(axcodes)))
    nib.save(soft, str(tmp_path / "soft.nii.gz"))
    mask = read_mask(tmp_path / "soft.nii.gz", organ)
    assert int(mask.array.sum()) == int(binary.sum())
    assert "0.5" in mask.note
    assert read_mask(base / "segmentations" / f"{organ}.nii.gz").note == ""  # a binary mask is as it was


@pytest.mark.parametrize(("low", "high"), [(-3.0, 1.0), (0.0, 7.5)])
def test_floats_outside_the_fractional_range_are_refused(tmp_path: Path, low: float, high: float) -> None:
    data = np.zeros((6, 6, 4), np.float32)
    data[1, 1, 1], data[2, 2, 2], data[3, 3, 3] = low, high, 0.25
    nib.save(nib.Nifti1Image(data, np.eye(4)), str(tmp_path / "m.nii.gz"))
    with pytest.raises(ImageReadError, match="neither a binary nor a fractional"):
        read_mask(tmp_path / "m.nii.gz")


def test_soft_spleen_mask_gives_the_true_volume_end_to_end(base: Path, tmp_path: Path) -> None:
    from orchestrator.api import run

    case = Path(shutil.copytree(base, tmp_path / "soft"))
    path = case / "segmentations" / "spleen.nii.gz"
    ref = nib.load(str(path))
    nib.save(nib.Nifti1Image(_soften(np.asarray(ref.dataobj) > 0, np.random.default_rng(3), np.float32), ref.affine),
             str(path))
    truth = json.loads((base / "ground_truth.json").read_text())
    result = run({"case_id": "soft", "question": "What is the spleen volume in mL?",
                  "images": [{"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}]})
    assert result.status == "answered"
    volume = next(e for e in result.evidence if e.name == "volume_ml" and e.target == "spleen")
    assert volume.value == pytest.approx(truth["organs"]["spleen"]["volume_ml"], rel=1e-3)
    assert "binarised at 0.5" in result.model_dump_json()


@pytest.mark.parametrize("phases", [2, 3, 5])
def test_multiphase_4d_nifti_is_refused_naming_the_phases(base: Path, tmp_path: Path, phases: int) -> None:
    ct = nib.load(str(base / "ct.nii.gz"))
    stack = np.stack([np.asarray(ct.dataobj)] * phases, axis=-1)
    nib.save(nib.Nifti1Image(stack, ct.affine), str(tmp_path / "ct4d.nii.gz"))
    with pytest.raises(ImageReadError, match=f"4D image holding {phases} volumes.*one 3D CT volume"):
        read_image(tmp_path / "ct4d.nii.gz")


@pytest.mark.parametrize("suffix", [".nii.gz", ".NII.GZ"])
def test_uncompressed_nifti_named_gz_is_read(base: Path, tmp_path: Path, suffix: str) -> None:
    plain = tmp_path / f"ct{suffix}"
    plain.write_bytes(gzip.decompress((base / "ct.nii.gz").read_bytes()))
    assert plain.read_bytes()[:2] != b"\x1f\x8b"
    got, want = read_image(plain), read_image(base / "ct.nii.gz")
    assert np.array_equal(got.array, want.array) and np.allclose(got.affine, want.affine)


def _series(tmp_path: Path, n: int = 6) -> Path:
    """A small axial CT series written from pydicom's CT_small.dcm, one slice per 2.5 mm."""
    src = pydicom.dcmread(pydicom.data.get_testdata_file("CT_small.dcm"))
    folder = tmp_path / "series"
    folder.mkdir()
    for i in range(n):
        ds = src.copy()
        ds.SOPInstanceUID = pydicom.uid.generate_uid()
        ds.InstanceNumber = i + 1
        ds.ImagePositionPatient = [float(v) for v in src.ImagePositionPatient[:2]] + [float(i) * 2.5]
        ds.save_as(folder / f"IM{i:04d}.dcm")
    return folder


@pytest.mark.parametrize("odd", [0, 3])
def test_dicom_slices_of_different_matrix_size_are_named(tmp_path: Path, odd: int) -> None:
    folder = _series(tmp_path)
    path = folder / f"IM{odd:04d}.dcm"
    ds = pydicom.dcmread(path)
    half = ds.pixel_array[::2, ::2].copy()
    ds.Rows, ds.Columns = half.shape
    ds.PixelData = half.tobytes()
    ds.save_as(path)
    with pytest.raises(ImageReadError, match=rf"differ in matrix size .*IM{odd:04d}\.dcm"):
        read_image(folder)


def test_dicom_slice_without_position_is_named(tmp_path: Path) -> None:
    folder = _series(tmp_path)
    ds = pydicom.dcmread(folder / "IM0002.dcm")
    del ds.ImagePositionPatient
    ds.save_as(folder / "IM0002.dcm")
    with pytest.raises(ImageReadError, match=r"slice IM0002\.dcm lacks ImagePositionPatient"):
        read_image(folder)


@pytest.mark.parametrize(("payload", "named"), [
    ({"history": "prior bleed"}, r"history: not a field here \(allowed: case_id, images"),
    ({"context": {"hx": "x"}}, r"context\.hx: not a field here \(allowed: age, sex, history"),
    ({"images": [{"path": "ct.nii.gz", "mask": "m"}]}, r"images\.0\.mask: not a field here \(allowed: path, modality"),
])
def test_cli_names_a_misplaced_case_key_and_exits_non_zero(tmp_path: Path, payload: dict, named: str) -> None:
    from typer.testing import CliRunner

    from orchestrator.cli import app

    case = tmp_path / "case.json"
    case.write_text(json.dumps({"case_id": "x", "images": [{"path": "ct.nii.gz"}]} | payload))
    out = CliRunner().invoke(app, ["run", str(case), "--out", str(tmp_path / "out")], env={"COLUMNS": "400"})
    assert out.exit_code == 2
    assert __import__("re").search(named, " ".join(out.output.split()))
