"""Input kinds a fresh helper rebuilt from public bug reports (set 3), each varied so the rule passes.

- MONOCHROME1 changes the display's grey scale, never the stored HU (MONAI Deploy#282);
- bare DICOM data sets (no preamble, no DICM, no file meta) are read (pydicom#150);
- a DICOMDIR is followed to the series it indexes, or refused naming its series (Slicer#3111);
- a zip archive, or a folder that holds a NIfTI file, is named as what it is;
- a CT stored coarsely (uint8, slope 4-16 HU) is not mistaken for padding (nibabel#549);
- masks with trailing singleton axes, upper-case or doubled extensions are read (nibabel#299, dcm2niix#70);
- an organ cut by the reconstruction circle is measured on what was imaged, its size withheld (vtk-dicom#173).
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest

from imaging.masks import mask_files, read_mask, structure_name
from imaging.volume import ImageReadError, read_image
from synthetic.dicom_series import write_dicom_series


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from synthetic.phantom import PhantomSpec, make_phantom

    out = tmp_path_factory.mktemp("kinds3") / "base"
    make_phantom(out, PhantomSpec(seed=37, liver_lesions=1))
    return out


@pytest.fixture(scope="module")
def series(base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The phantom's CT as an axial Part 10 series (RAS volume with a diagonal affine)."""
    img = nib.as_closest_canonical(nib.load(str(base / "ct.nii.gz")))
    folder = tmp_path_factory.mktemp("series3") / "dicom"
    write_dicom_series(np.asarray(img.dataobj, dtype=np.float32), img.affine, folder, patient_id="P3", study="S")
    return folder


def _rewrite(folder: Path, target: Path, edit) -> Path:
    """Every slice of `folder`, changed by `edit(ds, path)` (which writes it), into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("*.dcm")):
        edit(pydicom.dcmread(path), target / path.name)
    return target


@pytest.mark.parametrize(("slope", "intercept"), [(1.0, -1024.0), (0.5, 0.0), (2.0, -2048.0)])
def test_monochrome1_keeps_the_stored_hounsfield_units(series: Path, tmp_path: Path, slope: float,
                                                      intercept: float) -> None:
    def edit(ds: pydicom.Dataset, path: Path) -> None:
        hu = ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
        ds.PixelRepresentation = 1
        ds.PixelData = np.round((hu - intercept) / slope).astype(np.int16).tobytes()
        ds.RescaleSlope, ds.RescaleIntercept = slope, intercept
        ds.PhotometricInterpretation = "MONOCHROME1"
        ds.save_as(path, enforce_file_format=True)

    want = read_image(series)
    got = read_image(_rewrite(series, tmp_path / "mono1", edit))
    assert np.allclose(got.array, want.array, atol=slope / 2 + 1e-3)
    assert np.allclose(got.affine, want.affine)


@pytest.mark.parametrize("implicit", [True, False])
def test_bare_data_sets_without_file_meta_are_read(series: Path, tmp_path: Path, implicit: bool) -> None:
    def edit(ds: pydicom.Dataset, path: Path) -> None:
        ds.preamble, ds.file_meta = None, pydicom.dataset.FileMetaDataset()
        ds.save_as(path, implicit_vr=implicit, little_endian=True)  # no preamble, no DICM, no file meta
        assert b"DICM" not in path.read_bytes()[:200]

    want = read_image(series)
    got = read_image(_rewrite(series, tmp_path / "bare", edit))
    assert np.array_equal(got.array, want.array) and np.allclose(got.affine, want.affine)
    assert got.meta["without_file_meta"] == got.meta["n_slices"]
    assert want.meta["without_file_meta"] == 0


def test_a_file_that_is_no_data_set_is_still_not_dicom(tmp_path: Path) -> None:
    (tmp_path / "notes.dcm").write_text("Patient scanned on 2026-01-02, see report.\n" * 20)
    with pytest.raises(ImageReadError, match="not a DICOM file"):
        read_image(tmp_path / "notes.dcm")


def _file_set(series: Path, root: Path, n_series: int) -> Path:
    from pydicom.fileset import FileSet

    fs = FileSet()
    for number in range(n_series):
        uid = pydicom.uid.generate_uid()
        for path in sorted(series.glob("*.dcm")):
            ds = pydicom.dcmread(path)
            ds.SeriesInstanceUID, ds.SeriesNumber = uid, number + 1
            ds.SOPInstanceUID = pydicom.uid.generate_uid()
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            fs.add(ds)
    fs.write(root)
    return root / "DICOMDIR"


def test_a_dicomdir_is_followed_to_its_series(series: Path, tmp_path: Path) -> None:
    got = read_image(_file_set(series, tmp_path / "cd", 1))
    want = read_image(series)
    assert np.array_equal(got.array, want.array) and np.allclose(got.affine, want.affine)


def test_a_dicomdir_of_two_series_is_refused_naming_them(series: Path, tmp_path: Path) -> None:
    with pytest.raises(ImageReadError, match=r"DICOMDIR indexing 2 series .*point at one series"):
        read_image(_file_set(series, tmp_path / "cd2", 2))


@pytest.mark.parametrize("truncate", [False, True])
def test_a_zip_archive_is_named(series: Path, tmp_path: Path, truncate: bool) -> None:
    archive = tmp_path / "series.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(series.glob("*.dcm")):
            z.write(path, path.name)
    if truncate:
        archive.write_bytes(archive.read_bytes()[: archive.stat().st_size * 3 // 5])
    with pytest.raises(ImageReadError, match="zip archive: extract"):
        read_image(archive)


def test_a_folder_holding_a_nifti_names_the_file(base: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ct.nii.gz"
    folder.mkdir()
    shutil.copy(base / "ct.nii.gz", folder / "ct.nii.gz")
    with pytest.raises(ImageReadError, match=r"NIfTI file ct\.nii\.gz: point at that file"):
        read_image(folder)


@pytest.mark.parametrize("slope", [4.0, 8.0, 16.0])
def test_a_coarsely_stored_ct_is_not_padding(base: Path, tmp_path: Path, slope: float) -> None:
    """uint8 with an 8 HU slope puts 10-15 % of the voxels on one fat value, inside the body."""
    from agents.triage_checks.anatomy import analyse, padding_value

    img = nib.load(str(base / "ct.nii.gz"))
    hu = np.clip(np.asarray(img.dataobj, dtype=np.float64), -1024, -1024 + 255 * slope)
    stored = np.round((hu + 1024) / slope).astype(np.uint8)
    out = nib.Nifti1Image(stored, img.affine)
    out.header.set_slope_inter(slope, -1024.0)
    nib.save(out, str(tmp_path / "ct.nii.gz"))
    image = read_image(tmp_path / "ct.nii.gz")
    assert padding_value(image.array) is None
    anatomy = analyse(image.array, image.spacing)
    assert anatomy.superior_inferior != "flipped" and anatomy.region == "abdomen"


@pytest.mark.parametrize("fill", [0.0, 40.0, 100.0])
def test_padding_in_the_corners_is_still_found(base: Path, fill: float) -> None:
    from agents.triage_checks.anatomy import padding_value

    hu = np.asarray(nib.load(str(base / "ct.nii.gz")).dataobj, dtype=np.float32)
    i, j = np.meshgrid(np.arange(hu.shape[0]), np.arange(hu.shape[1]), indexing="ij")
    outside = ((i - hu.shape[0] / 2) / (hu.shape[0] / 2)) ** 2 + ((j - hu.shape[1] / 2) / (hu.shape[1] / 2)) ** 2 > 1
    hu[outside] = fill
    assert padding_value(hu) == fill


@pytest.mark.parametrize("shape_tail", [(1,), (1, 1)])
def test_masks_with_trailing_singleton_axes_are_read(base: Path, tmp_path: Path, shape_tail: tuple[int, ...]) -> None:
    ref = nib.load(str(base / "segmentations" / "spleen.nii.gz"))
    data = np.asarray(ref.dataobj).reshape(ref.shape + shape_tail)
    nib.save(nib.Nifti1Image(data, ref.affine), str(tmp_path / "spleen.nii.gz"))
    assert np.array_equal(read_mask(tmp_path / "spleen.nii.gz").array, read_mask(base / "segmentations" / "spleen.nii.gz").array)


def test_a_mask_with_two_volumes_is_refused(base: Path, tmp_path: Path) -> None:
    ref = nib.load(str(base / "segmentations" / "spleen.nii.gz"))
    data = np.stack([np.asarray(ref.dataobj)] * 2, axis=-1)
    nib.save(nib.Nifti1Image(data, ref.affine), str(tmp_path / "spleen.nii.gz"))
    with pytest.raises(ImageReadError, match="expected a 3D mask"):
        read_mask(tmp_path / "spleen.nii.gz")


@pytest.mark.parametrize(("file", "name"), [("SPLEEN.NII.GZ", "spleen"), ("Kidney_Left.nii", "kidney_left"),
                                            ("liver.nii.nii.gz", "liver"), ("aorta.nii.gz", "aorta")])
def test_mask_names_ignore_case_and_doubled_extensions(tmp_path: Path, file: str, name: str) -> None:
    assert structure_name(tmp_path / file) == name


def test_two_files_for_one_structure_are_refused(base: Path, tmp_path: Path) -> None:
    for file in ("spleen.nii.gz", "SPLEEN.nii.gz"):
        shutil.copy(base / "segmentations" / "spleen.nii.gz", tmp_path / file)
    with pytest.raises(ImageReadError, match="both hold the spleen mask"):
        mask_files(tmp_path)


def _end_to_end(case: Path, question: str) -> tuple[object, dict]:
    from orchestrator.api import run

    result = run({"case_id": "kinds3", "question": question,
                  "images": [{"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}]})
    return result, json.loads(result.model_dump_json())


@pytest.mark.parametrize(("organ", "layout"), [("spleen", "5d"), ("spleen", "upper"), ("liver", "upper")])
def test_odd_mask_files_end_to_end(base: Path, tmp_path: Path, organ: str, layout: str) -> None:
    case = Path(shutil.copytree(base, tmp_path / "case"))
    path = case / "segmentations" / f"{organ}.nii.gz"
    if layout == "5d":
        ref = nib.load(str(path))
        nib.save(nib.Nifti1Image(np.asarray(ref.dataobj).reshape(ref.shape + (1, 1)), ref.affine), str(path))
    else:
        path.rename(path.with_name(f"{organ.upper()}.NII.GZ"))
    truth = json.loads((base / "ground_truth.json").read_text())
    result, dumped = _end_to_end(case, f"What is the {organ} volume in mL?")
    assert result.status == "answered", result.reasons
    volume = next(e for e in result.evidence if e.name == "volume_ml" and e.target == organ)
    assert volume.value == pytest.approx(truth["organs"][organ]["volume_ml"], rel=1e-3)
    assert layout != "upper" or f"{organ.upper()}.NII.GZ read as the {organ} mask" in json.dumps(dumped)


@pytest.mark.parametrize(("padding", "cut"), [(-2000, 0.15), (-3024, 0.3)])
def test_an_organ_cut_by_the_reconstruction_circle_end_to_end(base: Path, tmp_path: Path, padding: int,
                                                             cut: float) -> None:
    """The liver's lateral part replaced by padding: its HU is the imaged part's, its volume withheld."""
    case = Path(shutil.copytree(base, tmp_path / "cut"))
    img = nib.load(str(case / "ct.nii.gz"))
    hu = np.asarray(img.dataobj).astype(np.int16)
    liver = np.asarray(nib.load(str(case / "segmentations" / "liver.nii.gz")).dataobj) > 0
    lesion = np.asarray(nib.load(str(case / "segmentations" / "liver_tumor.nii.gz")).dataobj) > 0
    xs = np.nonzero(liver)[0]
    i = np.arange(hu.shape[0])[:, None, None]
    lateral = (i >= np.quantile(xs, 1 - cut)) if xs.mean() > hu.shape[0] / 2 else (i <= np.quantile(xs, cut))
    lateral = np.broadcast_to(lateral, hu.shape)
    hu[lateral] = padding
    nib.save(nib.Nifti1Image(hu, img.affine, img.header), str(case / "ct.nii.gz"))
    from scipy import ndimage

    core = ndimage.binary_erosion(liver & ~lesion, np.ones((3, 3, 3), bool)) & ~lateral
    want = float(np.asarray(img.dataobj, dtype=np.float64)[core].mean())
    result, dumped = _end_to_end(case, "What is the mean attenuation of the liver in HU?")
    assert result.status == "answered", result.reasons
    measured = next(e for e in result.evidence if e.name == "mean_hu" and e.target == "liver")
    assert measured.value == pytest.approx(want, abs=0.5)
    assert "outside the reconstructed field of view" in json.dumps(dumped)
    volume, _ = _end_to_end(case, "What is the liver volume in mL?")
    assert volume.status != "answered"


@pytest.mark.parametrize("offset", [1024, 2048])
def test_a_ct_series_without_rescale_names_the_missing_modality_lut(series: Path, tmp_path: Path,
                                                                   offset: int) -> None:
    """Stored values with an offset and no RescaleSlope/RescaleIntercept: refused, the missing tags named."""
    from agents.triage_checks.pixels import modality_check

    def edit(ds: pydicom.Dataset, path: Path) -> None:
        hu = ds.pixel_array.astype(np.int32) * int(ds.RescaleSlope) + int(ds.RescaleIntercept)
        ds.PixelRepresentation = 0
        ds.PixelData = np.clip(hu + offset, 0, 65535).astype(np.uint16).tobytes()
        del ds.RescaleSlope, ds.RescaleIntercept
        ds.save_as(path, enforce_file_format=True)

    image = read_image(_rewrite(series, tmp_path / "no_rescale", edit))
    evidence = modality_check(image, "CT", "current:0", "dicom")[0]
    assert evidence.value == "CT" and "not Hounsfield units" in evidence.reason
    assert "no RescaleSlope/RescaleIntercept" in evidence.reason
