"""Input kinds a fresh helper rebuilt from public bug reports (set 7), each varied so the rule passes.

Every test copies or rewrites the session's phantom case (`phantom_dir`, conftest) before changing a file.

- a mask file that is empty or cut short (an interrupted export) is refused naming it, never a traceback;
- a provided masks folder that holds nothing is refused naming the empty folder;
- one structure's mask saved under two names (a label mix-up) is refused naming both files, and the image
  is not called left-right flipped for it; a structure and its own part may coincide;
- an output folder that is a file, or lies under one, is a usage error (exit 2) before any case runs;
- a CT given as a picture (PNG, JPEG, a multi-page TIFF stack) is refused naming the picture format;
- an image slice of a DICOM series without Pixel Data is refused naming it (not read as a slice gap);
- the time points of one dynamic (4D, perfusion) acquisition are named, and one can be chosen;
- a picture's announced size in a decompression-bomb refusal is its real size.
"""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest
from PIL import Image as PILImage

from agents.triage_checks.files import _picture_decoded_bytes
from agents.triage_checks.masks import same_voxels_problems
from imaging.nifti_files import load_nifti
from imaging.volume import ImageReadError, read_image
from synthetic.dicom_series import write_dicom_series
from tests.phantom_inputs import copy_case, run_case, truth, value


def _masks_case(case: Path, organ: str) -> dict:
    return {"images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}],
            "question": f"What is the {organ.replace('_', ' ')} volume in mL?"}


@pytest.mark.parametrize(("organ", "kept_bytes", "suffix"), [("spleen", 0, ".nii.gz"), ("liver", 0, ".nii"),
                                                              ("kidney_left", 200, ".nii"), ("spleen", 40, ".nii.gz")])
def test_an_empty_or_cut_mask_file_is_refused_naming_it(phantom_dir: Path, tmp_path: Path, organ: str,
                                                        kept_bytes: int, suffix: str) -> None:
    case = copy_case(phantom_dir, tmp_path)
    path = case / "segmentations" / f"{organ}.nii.gz"
    raw = (nib.load(str(path)).to_bytes() if suffix == ".nii" else path.read_bytes())[:kept_bytes]
    path.unlink()
    (case / "segmentations" / f"{organ}{suffix}").write_bytes(raw)
    result = run_case(_masks_case(case, organ))
    assert result.status == "rejected", result.reasons
    assert any(f"{organ}{suffix}" in r and ("empty file" in r or "truncated" in r or "not a readable" in r)
               for r in result.reasons), result.reasons


@pytest.mark.parametrize("kept_bytes", [0, 12, 347])
def test_load_nifti_names_a_short_file(tmp_path: Path, kept_bytes: int) -> None:
    path = tmp_path / "mask.nii"
    path.write_bytes(b"\x5c\x01\x00\x00" + b"\0" * 400)
    path.write_bytes(path.read_bytes()[:kept_bytes])
    with pytest.raises(ValueError, match="empty file" if kept_bytes == 0 else "shorter than a NIfTI header"):
        load_nifti(path)


@pytest.mark.parametrize("hidden", [[], [".DS_Store"], ["._spleen.nii.gz", ".gitkeep"]])
def test_an_empty_masks_folder_is_refused_naming_it(phantom_dir: Path, tmp_path: Path, hidden: list[str]) -> None:
    empty = tmp_path / "exported"
    empty.mkdir()
    for name in hidden:
        (empty / name).write_bytes(b"\0\0")
    result = run_case({"images": [{"path": str(phantom_dir / "ct.nii.gz"), "masks": str(empty)}],
                       "question": "What is the spleen volume in mL?"})
    assert result.status == "rejected" and any("'exported' is empty" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize(("copied", "over"), [("liver", "spleen"), ("kidney_left", "kidney_right"),
                                              ("spleen", "pancreas")])
def test_one_mask_under_two_names_is_refused_naming_both(phantom_dir: Path, tmp_path: Path, copied: str,
                                                         over: str) -> None:
    case = copy_case(phantom_dir, tmp_path)
    masks = case / "segmentations"
    (masks / f"{over}.nii.gz").write_bytes((masks / f"{copied}.nii.gz").read_bytes())
    result = run_case(_masks_case(case, over))
    assert result.status == "rejected", result.reasons
    named = [r for r in result.reasons if f"{copied}.nii.gz" in r and f"{over}.nii.gz" in r]
    assert named and "same" in named[0] and "mix-up" in named[0], result.reasons
    assert not any("flipped" in r for r in result.reasons), result.reasons


def test_a_structure_and_its_own_part_may_coincide(phantom_dir: Path, tmp_path: Path) -> None:
    """After a nephrectomy `kidney` is the remaining `kidney_left`. (A lesion mask under a second name of the same
    group, `liver_lesion` beside `liver_tumor`, is refused naming both since session 15: test_lesion_mask_names.)"""
    case = copy_case(phantom_dir, tmp_path)
    masks = case / "segmentations"
    for twin, original in (("kidney", "kidney_left"),):
        (masks / f"{twin}.nii.gz").write_bytes((masks / f"{original}.nii.gz").read_bytes())
    filled = {p.name.removesuffix(".nii.gz"): (int(np.count_nonzero(np.asanyarray(nib.load(str(p)).dataobj))), p)
              for p in masks.glob("*.nii.gz")}
    assert same_voxels_problems(filled) == []
    result = run_case(_masks_case(case, "spleen"))
    assert result.status == "answered", result.reasons
    assert value(result, "volume_ml", "spleen") == pytest.approx(truth(phantom_dir, "spleen"), rel=0.02)


@pytest.mark.parametrize("command", ["run", "batch", "demo"])
@pytest.mark.parametrize("under", [False, True])
def test_an_output_folder_that_is_a_file_is_a_usage_error(phantom_dir: Path, tmp_path: Path, command: str,
                                                          under: bool) -> None:
    from typer.testing import CliRunner

    from orchestrator.cli import app

    existing = tmp_path / "results.txt"
    existing.write_text("kept")
    out = existing / "run1" if under else existing
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"case_id": "c", "question": "What is the spleen volume?",
                                "images": [{"path": str(phantom_dir / "ct.nii.gz")}]}))
    args = {"run": ["run", str(case)], "batch": ["batch", str(case)], "demo": ["demo"]}[command]
    result = CliRunner().invoke(app, [*args, "--out", str(out)])
    text = " ".join(result.output.replace("│", " ").split())  # the error panel wraps long paths over its border
    assert result.exit_code == 2 and ("is an existing file" in text or "which is a file" in text), text
    assert existing.read_text() == "kept"


def _ct_slice(phantom_dir: Path) -> np.ndarray:
    ct = read_image(phantom_dir / "ct.nii.gz").array
    return ct[:, :, ct.shape[2] // 2]


@pytest.mark.parametrize(("name", "pages"), [("ct.png", 1), ("slice.jpg", 1), ("stack.tif", 12), ("ct.tiff", 3)])
def test_a_ct_given_as_a_picture_is_refused_naming_its_format(phantom_dir: Path, tmp_path: Path, name: str,
                                                              pages: int) -> None:
    plane = _ct_slice(phantom_dir)
    grey = np.clip((plane + 1024) / 8, 0, 255).astype(np.uint8)
    frames = [PILImage.fromarray(np.uint16(np.clip(plane + 1024, 0, 65535))) if name.endswith("png")
              else PILImage.fromarray(grey) for _ in range(pages)]
    frames[0].save(tmp_path / name, save_all=pages > 1, append_images=frames[1:])
    result = run_case({"images": [{"path": str(tmp_path / name), "modality": "CT"}],
                       "question": "What is the mean attenuation of the liver in HU?"})
    fmt = {"png": "PNG", "jpg": "JPEG", "tif": "TIFF", "tiff": "TIFF"}[name.rsplit(".", 1)[1]]
    assert result.status == "rejected", result.reasons
    named = [r for r in result.reasons if f"a {fmt} file" in r and "DICOM or NIfTI" in r]
    assert named, result.reasons
    assert (f"{pages}-page stack" in named[0]) == (pages > 1)


def _series(phantom_dir: Path, folder: Path) -> list[Path]:
    ct = read_image(phantom_dir / "ct.nii.gz")
    write_dicom_series(ct.array, ct.affine, folder, patient_id="P-7", study="1")
    return sorted(folder.iterdir())


@pytest.mark.parametrize("where", [0, 7, -1])
def test_a_series_slice_without_pixel_data_is_refused_naming_it(phantom_dir: Path, tmp_path: Path, where: int) -> None:
    files = _series(phantom_dir, tmp_path / "s")
    ds = pydicom.dcmread(str(files[where]))
    del ds.PixelData
    ds.save_as(str(files[where]))
    with pytest.raises(ImageReadError, match=rf"1 image slice\(s\) have no Pixel Data \({files[where].name}\)"):
        read_image(tmp_path / "s")


def test_a_non_image_object_beside_the_series_is_left_out(phantom_dir: Path, tmp_path: Path) -> None:
    files = _series(phantom_dir, tmp_path / "s")
    reference = read_image(tmp_path / "s")
    ds = pydicom.dcmread(str(files[0]))
    for keyword in ("PixelData", "Rows", "Columns", "ImagePositionPatient", "ImageOrientationPatient"):
        delattr(ds, keyword)
    ds.SOPClassUID = pydicom.uid.RTStructureSetStorage
    ds.SOPInstanceUID = pydicom.uid.generate_uid(entropy_srcs=["rtstruct"])
    ds.Modality = "RTSTRUCT"
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.save_as(str(tmp_path / "s" / "RS.dcm"))
    image = read_image(tmp_path / "s")
    assert np.array_equal(image.array, reference.array)


@pytest.mark.parametrize("time_points", [2, 3])
def test_the_time_points_of_a_dynamic_series_are_named_and_one_can_be_chosen(phantom_dir: Path, tmp_path: Path,
                                                                             time_points: int) -> None:
    ct = read_image(phantom_dir / "ct.nii.gz")
    folder = tmp_path / "perfusion"
    for t in range(1, time_points + 1):
        write_dicom_series(ct.array + 25.0 * (t - 1), ct.affine, tmp_path / f"t{t}", patient_id="P-7", study="1")
    series_uid = pydicom.uid.generate_uid(entropy_srcs=["4d"])
    folder.mkdir()
    for t in range(1, time_points + 1):
        for n, f in enumerate(sorted((tmp_path / f"t{t}").iterdir())):
            ds = pydicom.dcmread(str(f))
            ds.SeriesInstanceUID, ds.AcquisitionNumber, ds.TemporalPositionIdentifier = series_uid, 1, t
            ds.SOPInstanceUID = pydicom.uid.generate_uid(entropy_srcs=[f"{t}-{n}"])
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            ds.save_as(str(folder / f"t{t}_{n:03d}.dcm"))
    with pytest.raises(ImageReadError, match=rf"holds {time_points} time points \(Temporal Position Identifier\)"):
        read_image(folder)
    chosen = read_image(Path(f"{folder}#time_point=2"))
    assert np.allclose(chosen.array, ct.array + 25.0, atol=1.0)


@pytest.mark.parametrize(("width", "height"), [(60000, 60000), (20000, 90000)])
def test_a_decompression_bomb_is_sized_as_its_header_announces(tmp_path: Path, width: int, height: int) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    path = tmp_path / "xray.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
                     + chunk(b"IEND", b""))
    assert _picture_decoded_bytes(path) == width * height * 4
