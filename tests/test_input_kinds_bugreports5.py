"""Input kinds a fresh helper rebuilt from public bug reports (set 5), each varied so the rule passes.

Every test copies the session's phantom case (`phantom_dir`, conftest) before changing a file.

- a NIfTI header/image pair (``.hdr`` + ``.img``) is read as the single file is; an Analyze 7.5 header
  (no orientation) is refused by name (niivue#1430, medpy#101, Slicer#6619);
- a single-file NIfTI whose ``vox_offset`` is below 352 is read from byte 352, as nifti1.h defines
  (NIFTI-Reader-JS#55, brainchop-cli#34);
- a provided mask mirrored left-right is withheld naming the side, not "straddles tissue"
  (TotalSegmentator#31, nnUNet#1956);
- a prior dated after the current study is refused naming the date order (MIMIC-Diff-VQA#4, OHIF#4143);
- a case file naming a key twice, over 1 MB, or with a question over 10,000 characters is refused naming
  that (TkNA#86, configlet#347);
- Windows paths (backslashes) are read when the same path with ``/`` exists, else named (Autoscoper#187);
- macOS AppleDouble ``._NAME`` files and ``.DS_Store`` beside masks or slices are not read (MONAI#8305).
"""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import date
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from agents.triage_checks.consistency import ImageKeys, multi_image_check
from core.case import Case, InvalidCaseError
from imaging.masks import mask_files
from imaging.volume import ImageReadError, read_image
from privacy.deid import MAX_TEXT_CHARS
from synthetic.dicom_series import write_dicom_series
from tests.phantom_inputs import copy_case, reoriented, run_case, truth, value

APPLE_DOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + b"\0" * 4000


@pytest.mark.parametrize(("axes", "name", "compress"), [("RAS", "ct.hdr", False), ("LPS", "ct.img", False),
                                                        ("PIR", "CT.HDR", False), ("LAS", "ct.hdr.gz", True)])
def test_a_nifti_pair_is_read_as_the_single_file_is(phantom_dir: Path, tmp_path: Path, axes: str, name: str,
                                                   compress: bool) -> None:
    img = reoriented(phantom_dir, axes)
    single = read_image(phantom_dir / "ct.nii.gz")
    upper = name.isupper()
    pair = nib.Nifti1Pair(np.asarray(img.dataobj), img.affine, img.header)
    header_name, image_name = ("CT.HDR", "CT.IMG") if upper else ("ct.hdr", "ct.img")
    nib.save(pair, str(tmp_path / header_name))  # nibabel writes both files
    if compress:
        for file in (header_name, image_name):
            (tmp_path / (file + ".gz")).write_bytes(gzip.compress((tmp_path / file).read_bytes()))
            (tmp_path / file).unlink()
    image = read_image(tmp_path / name)
    assert np.array_equal(image.array, single.array) and np.allclose(image.affine, single.affine)


def test_a_pair_missing_its_voxels_or_an_analyze_header_is_refused_by_name(phantom_dir: Path, tmp_path: Path) -> None:
    img = nib.load(str(phantom_dir / "ct.nii.gz"))
    nib.save(nib.Nifti1Pair(np.asarray(img.dataobj), img.affine), str(tmp_path / "a.hdr"))
    (tmp_path / "a.img").unlink()
    with pytest.raises(ImageReadError, match=r"a\.img is missing"):
        read_image(tmp_path / "a.hdr")
    nib.save(nib.AnalyzeImage(np.asarray(img.dataobj, dtype=np.int16), img.affine), str(tmp_path / "b.hdr"))
    with pytest.raises(ImageReadError, match="Analyze 7.5 header.*orientation is undefined"):
        read_image(tmp_path / "b.img")


def test_a_nifti_pair_case_is_answered_by_the_real_agents(phantom_dir: Path, tmp_path: Path) -> None:
    case = copy_case(phantom_dir, tmp_path)
    img = reoriented(phantom_dir, "LPI")
    nib.save(nib.Nifti1Pair(np.asarray(img.dataobj), img.affine, img.header), str(case / "scan.hdr"))
    result = run_case({"question": "What is the spleen volume in mL?",
                   "images": [{"path": str(case / "scan.hdr"), "masks": str(case / "segmentations")}]})
    assert result.status == "answered"
    assert value(result, "volume_ml", "spleen") == pytest.approx(truth(phantom_dir, "spleen"), rel=1e-3)


@pytest.mark.parametrize(("version", "offset", "compress"), [(1, 0, True), (1, 0, False), (1, 100, False), (2, 0, True)])
def test_a_single_file_vox_offset_inside_the_header_reads_from_the_header_end(phantom_dir: Path, tmp_path: Path,
                                                                          version: int, offset: int, compress: bool) -> None:
    img = nib.load(str(phantom_dir / "ct.nii.gz"))
    klass = nib.Nifti1Image if version == 1 else nib.Nifti2Image
    raw = klass(np.asarray(img.dataobj), img.affine, img.header if version == 1 else None).to_bytes()
    header = klass.header_class.from_fileobj(__import__("io").BytesIO(raw))
    header["vox_offset"] = offset  # the voxels stay where the standard puts them: right after the header
    data = header.binaryblock + raw[len(header.binaryblock):]
    path = tmp_path / ("ct.nii.gz" if compress else "ct.nii")
    path.write_bytes(gzip.compress(data) if compress else data)
    if offset:  # nifti1.h reads it as 352 too; nibabel's header check refuses it, by name
        with pytest.raises(ImageReadError, match="vox offset 100 too low"):
            read_image(path)
        return
    assert np.array_equal(read_image(path).array, read_image(phantom_dir / "ct.nii.gz").array)


@pytest.mark.parametrize(("organ", "axes"), [("liver", "RAS"), ("spleen", "LPS"), ("kidney_left", "PIR")])
def test_a_mask_mirrored_left_right_is_withheld_naming_the_side(phantom_dir: Path, tmp_path: Path, organ: str,
                                                                axes: str) -> None:
    """The mask's array flipped along the file's left-right axis, its header unchanged (any storage order)."""
    case = copy_case(phantom_dir, tmp_path)
    for name in ["ct.nii.gz", *(p.name for p in (case / "segmentations").iterdir())]:
        path = case / name if name == "ct.nii.gz" else case / "segmentations" / name
        img = nib.load(str(path))
        ornt = nib.orientations.ornt_transform(nib.io_orientation(img.affine), nib.orientations.axcodes2ornt(tuple(axes)))
        nib.save(img.as_reoriented(ornt), str(path))
    path = case / "segmentations" / f"{organ}.nii.gz"
    img = nib.load(str(path))
    lr_axis = next(i for i, code in enumerate(nib.aff2axcodes(img.affine)) if code in "LR")
    nib.save(nib.Nifti1Image(np.flip(np.asarray(img.dataobj), lr_axis).copy(), img.affine, img.header), str(path))
    measure = "volume" if organ != "liver" else "mean attenuation"
    words = organ.replace("_", " ").replace("kidney left", "left kidney")
    result = run_case({"question": f"What is the {measure} of the {words}?",
                   "images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}]})
    assert result.status != "answered"
    assert any("left-right flip" in r for r in result.reasons), result.reasons


def test_triage_refuses_a_prior_dated_after_the_current_study() -> None:
    def keys(prior: date, current: date | None) -> list[ImageKeys]:
        return [ImageKeys("current:0", "ct.nii.gz (current:0)", "current", None, None, current),
                ImageKeys("prior:0", "old.nii.gz (prior:0)", "prior", None, None, prior)]

    late = multi_image_check(keys(date(2024, 9, 10), date(2024, 1, 15)))
    assert late.passed is False and "after the current study (2024-01-15)" in late.reason
    for prior, current in [(date(2023, 9, 10), date(2024, 1, 15)), (date(2024, 1, 15), date(2024, 1, 15)),
                           (date(2024, 9, 10), None)]:
        check = multi_image_check(keys(prior, current))
        assert "after the current study" not in (check.reason or "")


def test_a_prior_after_the_current_study_is_rejected_by_the_real_agents(phantom_dir: Path) -> None:
    images = [{"path": str(phantom_dir / "ct.nii.gz"), "masks": str(phantom_dir / "segmentations"),
               "acquired": "2024-01-15"},
              {"path": str(phantom_dir / "ct.nii.gz"), "masks": str(phantom_dir / "segmentations"),
               "role": "prior", "acquired": "2024-09-10"}]
    result = run_case({"question": "How has the number of liver lesions changed since the prior CT?", "images": images})
    assert result.status == "rejected" and result.answer is None
    assert any("prior acquired 2024-09-10, after the current study" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize("where", ["top", "image"])
def test_a_case_file_naming_a_key_twice_is_refused_naming_the_key(tmp_path: Path, where: str) -> None:
    image = '{"path": "ct.nii.gz", "modality": "CT"}' if where == "top" else '{"path": "a.nii.gz", "path": "b.nii.gz"}'
    question = '"question": "spleen volume?", "question": "liver HU?", ' if where == "top" else '"question": "x", '
    path = tmp_path / "case.json"
    path.write_text('{"case_id": "d", ' + question + '"images": [' + image + "]}")
    with pytest.raises(InvalidCaseError, match=f"'{'question' if where == 'top' else 'path'}' appears more than once"):
        Case.load(path)


def test_an_oversized_case_file_is_refused_naming_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"case_id": "big", "question": "history. " * 120_000 + "Spleen volume?"}))
    with pytest.raises(InvalidCaseError, match="larger than the case file limit of 1,000,000 bytes"):
        Case.load(path)


def test_cli_refuses_an_oversized_case_file_with_exit_2(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from orchestrator.cli import app

    case = tmp_path / "case.json"
    case.write_text(json.dumps({"case_id": "q", "question": "Pain. " * 200_000 + "Spleen volume in mL?",
                                "images": [{"path": "ct.nii.gz"}]}))
    result = CliRunner().invoke(app, ["run", str(case), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "limit of 1,000,000 bytes" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("chars", [MAX_TEXT_CHARS + 1, 999_965])
def test_a_question_past_the_text_limit_is_rejected_by_the_real_agents_promptly(phantom_dir: Path, chars: int) -> None:
    """Pasted history as the question, through `run()`: withheld unread (triage `text_length`), in seconds."""
    import time

    ask = " What is the spleen volume in mL?"
    question = ("History of abdominal pain, no prior surgery. " * (chars // 40 + 1))[: chars - len(ask)] + ask
    assert len(question) == chars
    start = time.perf_counter()
    result = run_case({"question": question, "images": [{"path": str(phantom_dir / "ct.nii.gz"),
                                                     "masks": str(phantom_dir / "segmentations")}]})
    assert result.status == "rejected" and result.answer is None
    assert any(f"longer than {MAX_TEXT_CHARS} characters" in r for r in result.reasons), result.reasons
    assert time.perf_counter() - start < 60


@pytest.mark.parametrize("depth", [0, 2])
def test_windows_paths_are_read_when_the_slashed_path_exists(phantom_dir: Path, tmp_path: Path, depth: int) -> None:
    folder = tmp_path.joinpath(*(["deep"] * depth)) if depth else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    data = tmp_path / "data" / "scan"
    shutil.copytree(phantom_dir, data)
    up = "..\\" * depth
    case = folder / "case.json"
    case.write_text(json.dumps({"case_id": "win", "question": "What is the spleen volume in mL?",
                                "images": [{"path": f"{up}data\\scan\\ct.nii.gz", "masks": f"{up}data\\scan\\segmentations"}]}))
    loaded = Case.load(case)
    assert Path(loaded.images[0].path).is_file() and Path(loaded.images[0].masks).is_dir()
    result = run_case(loaded.model_dump())
    assert value(result, "volume_ml", "spleen") == pytest.approx(truth(phantom_dir, "spleen"), rel=1e-3)


def test_a_windows_path_that_does_not_exist_is_named_as_one(tmp_path: Path) -> None:
    with pytest.raises(ImageReadError, match="backslashes are Windows separators"):
        read_image(tmp_path / "C:\\scans\\ct.nii.gz")


def test_appledouble_and_ds_store_files_beside_masks_are_not_read(phantom_dir: Path, tmp_path: Path) -> None:
    case = copy_case(phantom_dir, tmp_path)
    for mask in list((case / "segmentations").iterdir()):
        (mask.parent / f"._{mask.name}").write_bytes(APPLE_DOUBLE)
    (case / "segmentations" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1" + b"\0" * 100)
    (case / "._ct.nii.gz").write_bytes(APPLE_DOUBLE)
    assert set(mask_files(case / "segmentations")) == set(mask_files(phantom_dir / "segmentations"))
    result = run_case({"question": "What is the spleen volume in mL?",
                   "images": [{"path": str(case / "ct.nii.gz"), "masks": str(case / "segmentations")}]})
    assert result.status == "answered"
    assert value(result, "volume_ml", "spleen") == pytest.approx(truth(phantom_dir, "spleen"), rel=1e-3)


def test_appledouble_files_in_a_dicom_series_folder_are_not_read(phantom_dir: Path, tmp_path: Path) -> None:
    img = nib.as_closest_canonical(nib.load(str(phantom_dir / "ct.nii.gz")))
    folder = tmp_path / "dicom"
    write_dicom_series(np.asarray(img.dataobj, dtype=np.float32), img.affine, folder, patient_id="P5", study="S")
    clean = read_image(folder)
    for slice_file in list(folder.iterdir())[:5]:
        (folder / f"._{slice_file.name}").write_bytes(APPLE_DOUBLE)
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    hidden = folder / ".thumbnails"
    hidden.mkdir()
    (hidden / "x.dcm").write_bytes(b"not dicom")
    read = read_image(folder)
    assert np.array_equal(read.array, clean.array) and read.meta.get("without_file_meta", 0) == clean.meta.get(
        "without_file_meta", 0)
