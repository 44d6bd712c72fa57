"""The adversarial set triage is measured on: real files and corrupted phantoms, each labelled.

Real files come from pydicom's test files, the `pydicom-data` package and nibabel's test data;
the rest is written under a folder from a phantom (`synthetic.phantom`) and corrupted the way
inputs break in practice (flipped axes, truncated gzip, NaNs, swapped modality, wrong spacing,
missing or duplicated slices, foreign patients). An invalid item lists the checks whose failure
is the right reason to reject it; a valid item must pass. `scripts/bench_triage.py` prints the
figures; `tests/agents/test_triage_adversarial.py` asserts them.
"""

from __future__ import annotations

import gzip
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import nibabel as nib
import numpy as np

from core.case import Case, ImageRef
from core.state import Intent
from imaging.volume import read_image, write_nifti

REPORT = Intent(task="report")
LIVER_VOLUME = Intent(
    task="organ volume measurement", organ="liver", quantities=["liver.volume_ml"], answer_form="number", unit="mL"
)
LIVER_HU = Intent(
    task="organ HU measurement", organ="liver", quantities=["liver.mean_hu"], answer_form="number", unit="HU"
)
SPLEEN_VOLUME = Intent(
    task="organ volume measurement", organ="spleen", quantities=["spleen.volume_ml"], answer_form="number", unit="mL"
)
SPLEEN_KNOWLEDGE = Intent(task="knowledge question", organ="spleen", answer_form="category")
QUESTIONS = {
    "report": None,
    "liver_volume": "What is the volume of the liver in mL?",
    "liver_hu": "What is the mean HU of the liver?",
    "spleen_volume": "What is the volume of the spleen in mL?",
    "spleen_knowledge": "What spleen volume counts as splenomegaly?",
}
INTENTS = {
    "report": REPORT,
    "liver_volume": LIVER_VOLUME,
    "liver_hu": LIVER_HU,
    "spleen_volume": SPLEEN_VOLUME,
    "spleen_knowledge": SPLEEN_KNOWLEDGE,
}


@dataclass(frozen=True)
class Item:
    """One labelled case: valid (`expected` empty) or invalid with the right reasons to reject it."""

    name: str
    case: Case
    intent: Intent
    expected: frozenset[str] = frozenset()
    """Names of the checks whose failure is a right reason to reject; empty for a valid case."""
    source: str = "phantom"

    @property
    def valid(self) -> bool:
        return not self.expected


@dataclass
class _Builder:
    root: Path
    items: list[Item] = field(default_factory=list)

    def add(
        self,
        name: str,
        images: list[ImageRef],
        question: str = "report",
        expected: tuple[str, ...] = (),
        source: str = "phantom",
    ) -> None:
        case = Case(case_id=name, images=images, question=QUESTIONS[question])
        self.items.append(Item(name, case, INTENTS[question], frozenset(expected), source))


def build_set(root: str | Path) -> list[Item]:
    """Writes the corrupted files under `root` and returns every labelled item."""
    b = _Builder(Path(root))
    b.root.mkdir(parents=True, exist_ok=True)
    _real_files(b)
    _phantom_volumes(b)
    _phantom_series(b)
    _synthetic_regions(b)
    _case_level(b)
    return b.items


def _ref(path: str | Path, **kw: object) -> ImageRef:
    return ImageRef(path=str(path), **kw)  # type: ignore[arg-type]


# -- real files -------------------------------------------------------------------------------


def _testfiles() -> tuple[Path, Path | None, Path]:
    from pydicom.data import get_testdata_file

    pydicom_dir = Path(get_testdata_file("CT_small.dcm")).parent
    big = get_testdata_file("RG1_UNCI.dcm")  # shipped by pydicom-data
    data_store = Path(big).parent if big else None
    nibabel_dir = Path(nib.__file__).parent / "tests" / "data"
    return pydicom_dir, data_store, nibabel_dir


def _real_files(b: _Builder) -> None:
    t, d, n = _testfiles()
    dd = t / "dicomdirtests"
    valid = [
        ("ct_small", t / "CT_small.dcm"),
        ("ct5n_series", dd / "98892001" / "CT5N"),
        ("mr_small", t / "MR_small.dcm"),
        ("mr_small_rle", t / "MR_small_RLE.dcm"),
        ("mr_small_jp2k", t / "MR_small_jp2klossless.dcm"),
        ("mr_small_big_endian", t / "MR_small_bigendian.dcm"),
        ("mr_overlay", t / "examples_overlay.dcm"),
        ("cr_cspine", dd / "77654033" / "CR1" / "6154"),
        ("us_big_endian", t / "ExplVR_BigEnd.dcm"),
        ("us_palette", t / "examples_palette.dcm"),
        ("head_ct_j2k", t / "J2K_pixelrep_mismatch.dcm"),
        ("head_ct_j2k_lossy", t / "693_J2KI.dcm"),
        ("secondary_capture_jpeg_ls", t / "JPEGLSNearLossless_16.dcm"),
        ("secondary_capture_ybr", t / "SC_ybr_full_422_uncompressed.dcm"),
    ]
    for name, path in valid:
        b.add(name, [_ref(path)], source="pydicom")
    b.add("brain_mr_nifti", [_ref(n / "anatomical.nii", modality="MR")], source="nibabel")
    invalid = [
        ("seg_liver", t / "liver_1frame.dcm", "modality"),
        ("rtstruct", t / "rtstruct.dcm", "modality"),
        ("rtdose", t / "rtdose.dcm", "modality"),
        ("rtplan", t / "rtplan.dcm", "modality"),
        ("sr_report", t / "reportsi.dcm", "modality"),
        ("sr_comprehensive", t / "test-SR.dcm", "modality"),
        ("ecg_waveform", t / "waveform_ecg.dcm", "modality"),
        ("rt_ion_plan_no_meta", t / "ExplVR_LitEndNoMeta.dcm", "modality"),
        ("mr_truncated", t / "MR_truncated.dcm", "readable"),
        ("no_pixel_data", t / "UN_sequence.dcm", "readable"),
        ("ct2_uneven_gaps", dd / "77654033" / "CT2", "integrity"),
    ]
    for name, path, why in invalid:
        b.add(name, [_ref(path)], expected=(why,), source="pydicom")
    # radial projections in 7 oblique planes: split by plane, never stacked into one volume (issue 13)
    b.add("mr700_uneven_thick", [_ref(dd / "98892003" / "MR700")], expected=("readable",), source="pydicom")
    # two LOCALIZER images (sagittal, coronal): dropped, and no volume remains (issue 13)
    b.add("ct2n_265mm_gap", [_ref(dd / "98892001" / "CT2N")], expected=("readable",), source="pydicom")
    b.add("hu_question_on_mr", [_ref(t / "MR_small.dcm")], "liver_hu", ("question_fit",), "pydicom")
    b.add(
        "hu_question_on_brain_mr", [_ref(n / "anatomical.nii", modality="MR")], "liver_hu", ("question_fit",), "nibabel"
    )
    b.add("mr_declared_ct", [_ref(t / "MR_small.dcm", modality="CT")], expected=("modality",), source="pydicom")
    b.add("brain_mr_declared_ct", [_ref(n / "anatomical.nii", modality="CT")], expected=("modality",), source="nibabel")
    b.add("volume_question_on_single_slice", [_ref(t / "CT_small.dcm")], "liver_volume", ("question_fit",), "pydicom")
    if d is None:
        return
    for name, path in [
        ("head_ct", d / "693_UNCI.dcm"),
        ("head_ct_raw", d / "693_UNCR.dcm"),
        ("enhanced_ct", d / "eCT_Supplemental.dcm"),
        ("mr_abdomen_siemens", d / "MR-SIEMENS-DICOM-WithOverlays.dcm"),
        ("mr_1024_sagittal", d / "MR2_UNCI.dcm"),
        ("cr_chest", d / "RG1_UNCI.dcm"),
        ("cr_extremity", d / "RG3_UNCR.dcm"),
        ("us_rgb", d / "US1_UNCI.dcm"),
        ("us_obstetric", d / "OBXXXX1A.dcm"),
        ("us_aloka_16bit", d / "gdcm-US-ALOKA-16.dcm"),
        ("nm_planar_whole_body", d / "JPEG2000_UNC.dcm"),
        ("secondary_capture_rgb", d / "SC_rgb.dcm"),
        ("secondary_capture_lut", d / "mlut_18.dcm"),
    ]:
        b.add(name, [_ref(path)], source="pydicom-data")
    for name, path, why in [
        ("seg_liver_3frames", d / "liver.dcm", "modality"),
        ("enhanced_mr_without_geometry", d / "emri_small.dcm", "readable"),
        ("jpeg2k_too_short", d / "emri_small_jpeg_2k_lossless_too_short.dcm", "readable"),
        ("ct_without_slice_thickness", d / "explicit_VR-UN.dcm", "readable"),
    ]:
        b.add(name, [_ref(path)], expected=(why,), source="pydicom-data")
    b.add("liver_question_on_head_ct", [_ref(d / "693_UNCI.dcm")], "liver_volume", ("body_region",), "pydicom-data")
    b.add(
        "volume_question_on_radiograph", [_ref(d / "RG1_UNCI.dcm")], "liver_volume", ("question_fit",), "pydicom-data"
    )


# -- phantom volumes (NIfTI) --------------------------------------------------------------------


def _phantom_volumes(b: _Builder) -> None:
    from synthetic.phantom import PhantomSpec, make_phantom

    case_dir = b.root / "BDMAP_00000001"
    if not (case_dir / "ct.nii.gz").exists():
        make_phantom(case_dir, PhantomSpec(seed=3, liver_lesions=1))
    original = case_dir / "ct.nii.gz"
    image = read_image(original)
    hu, affine = image.array, image.affine
    assert affine is not None
    out = b.root / "corrupt"
    out.mkdir(exist_ok=True)

    def variant(name: str, array: np.ndarray, aff: np.ndarray = affine, dtype: object = np.int16) -> Path:
        path = out / f"{name}.nii.gz"
        write_nifti(array, aff, path, dtype=dtype)
        return path

    b.add("phantom", [_ref(original)], "liver_volume")
    b.add("phantom_report", [_ref(original)])
    b.add("phantom_ras_hu", [_ref(variant("ras", hu))], "liver_hu")
    b.add("phantom_knowledge_question", [_ref(original)], "spleen_knowledge")
    b.add("phantom_with_prior", [_ref(original), _ref(variant("prior", hu), role="prior")], "spleen_volume")
    broken: list[tuple[str, Callable[[], Path], str | tuple[str, ...], str]] = [
        ("flip_left_right", lambda: variant("flip_lr", hu[::-1]), "orientation", "liver_volume"),
        ("flip_superior_inferior", lambda: variant("flip_si", hu[:, :, ::-1]), "orientation", "report"),
        ("flip_anterior_posterior", lambda: variant("flip_ap", hu[:, ::-1]), "orientation", "report"),
        (
            "nan_voxels",
            lambda: variant("nan", _with(hu, (slice(40, 60), slice(40, 60), 20), np.nan), dtype=np.float32),
            "integrity",
            "report",
        ),
        (
            "inf_voxels",
            lambda: variant("inf", _with(hu, (80, 64, slice(10, 12)), np.inf), dtype=np.float32),
            "integrity",
            "report",
        ),
        (
            "blank_slices",
            lambda: variant("blank", _with(hu, (slice(None), slice(None), slice(15, 18)), -1024.0)),
            "integrity",
            "report",
        ),
        ("duplicated_slices", lambda: variant("dup", _repeat_slice(hu, 20)), "integrity", "report"),
        ("all_air_volume", lambda: variant("air", np.full_like(hu, -1000.0)), "integrity", "report"),
        ("truncated_gzip", lambda: _truncate(original, out / "truncated.nii.gz"), "readable", "report"),
        ("zero_spacing", lambda: _zero_spacing(hu, affine, out / "zero.nii.gz"), ("readable", "spacing"), "report"),
        ("spacing_50mm_in_plane", lambda: variant("sp50", hu, _scaled(affine, (25.0, 1.0, 1.0))), "spacing", "report"),
        (
            "spacing_tenfold_too_small",
            lambda: variant("sp02", hu, _scaled(affine, (0.1, 0.1, 1.0))),
            "spacing",
            "report",
        ),
        ("no_orientation", lambda: _no_orientation(hu, affine, out / "noorient.nii"), "orientation", "report"),
        ("header_announces_256_gib", lambda: _huge_header(out / "bomb.nii.gz"), "file_size", "report"),
        ("sparse_10_gib_file", lambda: _sparse(out / "huge.nii.gz", 10 * 1024**3), "file_size", "report"),
        ("text_named_nifti", lambda: _text(out / "notes.nii.gz"), "readable", "report"),
    ]
    for name, make, why, question in broken:
        b.add(name, [_ref(make())], question, (why,) if isinstance(why, str) else why)
    b.add("missing_file", [_ref(out / "absent.nii.gz")], expected=("readable",))
    b.add("ct_declared_mr", [_ref(original, modality="MR")], expected=("modality",))
    b.add("ct_declared_radiograph", [_ref(original, modality="CR")], expected=("modality", "dimensionality"))
    picture = out / "photo.png"
    _png(picture)
    b.add("photo", [_ref(picture)])
    b.add("photo_declared_ct", [_ref(picture, modality="CT")], expected=("modality", "dimensionality"))


def _with(array: np.ndarray, index: tuple, value: float) -> np.ndarray:
    out = array.astype(np.float32, copy=True)
    out[index] = value
    return out


def _repeat_slice(array: np.ndarray, k: int) -> np.ndarray:
    out = array.copy()
    out[:, :, k + 1] = out[:, :, k]
    return out


def _scaled(affine: np.ndarray, factors: tuple[float, float, float]) -> np.ndarray:
    out = affine.copy()
    out[:3, :3] = affine[:3, :3] * np.asarray(factors)[None, :]
    return out


def _truncate(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * 0.6)])
    return target


def _zero_spacing(array: np.ndarray, affine: np.ndarray, path: Path) -> Path:
    img = nib.Nifti1Image(array.astype(np.int16), affine)
    img.header.set_zooms((2.0, 0.0, 5.0))
    nib.save(img, str(path))
    return path


def _no_orientation(array: np.ndarray, affine: np.ndarray, path: Path) -> Path:
    """An uncompressed NIfTI whose qform_code and sform_code (bytes 252-255) are 0."""
    nib.save(nib.Nifti1Image(array.astype(np.int16), affine), str(path))
    with open(path, "r+b") as fh:
        fh.seek(252)
        fh.write(struct.pack("<hh", 0, 0))
    return path


def _huge_header(path: Path) -> Path:
    """A valid NIfTI header announcing 4096^3 float32 voxels, followed by almost nothing."""
    header = nib.Nifti1Header()
    header.set_data_shape((4096, 4096, 4096))
    header.set_data_dtype(np.float32)
    header.set_zooms((1.0, 1.0, 1.0))
    with gzip.open(path, "wb") as fh:
        fh.write(header.binaryblock + struct.pack("<4s", b"\0\0\0\0") + b"\0" * 1024)
    return path


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


def _text(path: Path) -> Path:
    path.write_text("Radiology report: no acute findings.\n")
    return path


def _png(path: Path) -> None:
    from PIL import Image as PILImage

    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[:96, :128]
    picture = 120 + 80 * np.sin(xx / 9.0) * np.cos(yy / 13.0) + rng.normal(0, 5, (96, 128))
    PILImage.fromarray(np.clip(picture, 0, 255).astype(np.uint8)).save(path)


# -- phantom DICOM series -----------------------------------------------------------------------


def _phantom_series(b: _Builder) -> None:
    from synthetic.phantom import PhantomSpec, make_phantom

    case_dir = b.root / "BDMAP_00000002"
    if not (case_dir / "ct.nii.gz").exists():
        make_phantom(case_dir, PhantomSpec(seed=5, shape=(112, 88, 48), spacing=(3.2, 3.2, 5.0), liver_lesions=1))
    image = read_image(case_dir / "ct.nii.gz")
    assert image.affine is not None
    series = b.root / "series"
    hu, affine = image.array, image.affine

    def write(name: str, **kw: object) -> Path:
        folder = series / name
        if not folder.exists():
            write_dicom_series(hu, affine, folder, **kw)  # type: ignore[arg-type]
        return folder

    b.add("dicom_series", [_ref(write("ok", patient_id="P-1", study="1"))], "spleen_volume")
    b.add("dicom_series_burned_in", [_ref(write("burned", patient_id="P-1", study="1", burned_in="YES"))])
    b.add(
        "two_series_one_study",
        [
            _ref(write("ok", patient_id="P-1", study="1")),
            _ref(write("second", patient_id="P-1", study="1", series_number=2)),
        ],
        "liver_volume",
    )
    b.add(
        "dicom_prior_same_patient",
        [
            _ref(write("ok", patient_id="P-1", study="1")),
            _ref(write("prior", patient_id="P-1", study="0"), role="prior"),
        ],
        "liver_volume",
    )
    b.add(
        "dicom_missing_slice",
        [_ref(write("missing", patient_id="P-1", study="1", drop=(24,)))],
        expected=("integrity",),
    )
    b.add(
        "dicom_duplicate_position",
        [_ref(write("duplicate", patient_id="P-1", study="1", duplicate=(24,)))],
        expected=("integrity",),
    )
    b.add(
        "dicom_modality_tag_mr",
        [_ref(write("tag_mr", patient_id="P-1", study="1", modality="MR"))],
        expected=("modality",),
    )
    b.add(
        "odd_patient_out",
        [
            _ref(write("ok", patient_id="P-1", study="1")),
            _ref(write("second", patient_id="P-1", study="1", series_number=2)),
            _ref(write("stranger", patient_id="P-2", study="7")),
        ],
        "liver_volume",
        ("multi_image",),
    )
    b.add(
        "prior_of_another_patient",
        [
            _ref(write("ok", patient_id="P-1", study="1")),
            _ref(write("stranger", patient_id="P-2", study="7"), role="prior"),
        ],
        "liver_volume",
        ("multi_image",),
    )
    b.add(
        "current_from_two_studies",
        [_ref(write("ok", patient_id="P-1", study="1")), _ref(write("prior", patient_id="P-1", study="0"))],
        "liver_volume",
        ("multi_image",),
    )


def write_dicom_series(
    hu: np.ndarray,
    affine: np.ndarray,
    folder: Path,
    *,
    patient_id: str,
    study: str,
    modality: str = "CT",
    burned_in: str | None = None,
    series_number: int = 1,
    drop: tuple[int, ...] = (),
    duplicate: tuple[int, ...] = (),
) -> None:
    """Writes a canonical RAS volume (diagonal affine) as axial CT slices, using CT_small.dcm as template."""
    import pydicom
    from pydicom.data import get_testdata_file
    from pydicom.uid import generate_uid

    template = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    folder.mkdir(parents=True, exist_ok=True)
    spacing = np.sqrt((affine[:3, :3] ** 2).sum(axis=0))
    n_i, n_j, n_k = hu.shape
    corner = affine @ np.array([n_i - 1, n_j - 1, 0, 1.0])
    study_uid = generate_uid(entropy_srcs=["study", patient_id, study])
    series_uid = generate_uid(entropy_srcs=["series", patient_id, study, str(series_number)])
    frame_uid = generate_uid(entropy_srcs=["frame", patient_id, study])
    for k in range(n_k):
        if k in drop:
            continue
        ds = template.copy()
        for tag in ("PixelPaddingValue", "LargestImagePixelValue", "SmallestImagePixelValue"):
            if tag in ds:
                del ds[tag]
        ds.PatientID, ds.PatientName = patient_id, f"Phantom^{patient_id}"
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study_uid, series_uid, frame_uid
        ds.SeriesNumber, ds.InstanceNumber, ds.Modality = series_number, k + 1, modality
        ds.SOPInstanceUID = generate_uid(entropy_srcs=[series_uid, str(k)])
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        if burned_in:
            ds.BurnedInAnnotation = burned_in
        z = corner[2] + k * spacing[2]
        ds.ImagePositionPatient = [float(-corner[0]), float(-corner[1]), float(z)]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.SliceLocation, ds.SliceThickness = float(z), float(spacing[2])
        ds.PixelSpacing = [float(spacing[1]), float(spacing[0])]
        pixels = np.round(hu[::-1, ::-1, k].T).astype(np.int16)
        ds.Rows, ds.Columns = pixels.shape
        ds.PixelRepresentation, ds.BitsAllocated, ds.BitsStored, ds.HighBit = 1, 16, 16, 15
        ds.RescaleIntercept, ds.RescaleSlope = 0, 1
        ds.PixelData = pixels.tobytes()
        ds.save_as(folder / f"slice_{k:03d}.dcm", enforce_file_format=True)
        if k in duplicate:
            ds.SOPInstanceUID = generate_uid(entropy_srcs=[series_uid, str(k), "copy"])
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            ds.save_as(folder / f"slice_{k:03d}_copy.dcm", enforce_file_format=True)


# -- synthetic chest and head CT ----------------------------------------------------------------


def _synthetic_regions(b: _Builder) -> None:
    out = b.root / "regions"
    out.mkdir(exist_ok=True)
    chest, head = out / "chest_ct.nii.gz", out / "head_ct.nii.gz"
    if not chest.exists():
        write_nifti(synthetic_chest_ct(), np.diag([2.5, 2.5, 5.0, 1.0]), chest, dtype=np.int16)
    if not head.exists():
        write_nifti(synthetic_head_ct(), np.diag([1.0, 1.0, 5.0, 1.0]), head, dtype=np.int16)
    b.add("synthetic_chest_ct", [_ref(chest)], source="synthetic")
    b.add("synthetic_head_ct", [_ref(head)], source="synthetic")
    b.add("liver_question_on_chest_ct", [_ref(chest)], "liver_volume", ("body_region",), "synthetic")
    b.add("liver_question_on_head_ct_volume", [_ref(head)], "liver_hu", ("body_region",), "synthetic")
    b.add(
        "chest_ct_flipped_left_right",
        [_ref(_flip(chest, out / "chest_flip_lr.nii.gz"))],
        expected=("orientation",),
        source="synthetic",
    )


def _flip(path: Path, target: Path) -> Path:
    if not target.exists():
        image = read_image(path)
        assert image.affine is not None
        write_nifti(image.array[::-1], image.affine, target, dtype=np.int16)
    return target


def _ellipse(shape: tuple[int, int], centre: tuple[float, float], radii: tuple[float, float]) -> np.ndarray:
    ii, jj = np.mgrid[: shape[0], : shape[1]]
    return ((ii - centre[0]) / radii[0]) ** 2 + ((jj - centre[1]) / radii[1]) ** 2 <= 1.0


def synthetic_chest_ct(seed: int = 0) -> np.ndarray:
    """A thorax at 2.5 x 2.5 x 5 mm (canonical RAS): two lungs, the heart to the patient's left, the spine behind."""
    rng = np.random.default_rng(seed)
    shape, n_k = (160, 128), 36
    volume = np.full((*shape, n_k), -1000.0)
    for k in range(n_k):
        top = 1.0 - 0.4 * (k / n_k) ** 2
        s = volume[:, :, k]
        s[_ellipse(shape, (80, 62), (64, 46))] = -90.0
        s[_ellipse(shape, (80, 62), (58, 40))] = 45.0
        for side in (-1, 1):
            s[_ellipse(shape, (80 + side * 27 * top, 62), (22 * top, 32 * top))] = -850.0
        s[_ellipse(shape, (70, 74), (16, 14))] = 40.0  # the heart, left of the midline (lower i)
        s[_ellipse(shape, (80, 28), (8, 8))] = 700.0  # vertebral body, posterior
    return volume + rng.normal(0, 8, volume.shape)


def synthetic_head_ct(seed: int = 0) -> np.ndarray:
    """A head at 1 x 1 x 5 mm (canonical RAS): scalp, a closed skull ring, brain."""
    rng = np.random.default_rng(seed)
    shape, n_k = (220, 240), 28
    volume = np.full((*shape, n_k), -1000.0)
    for k in range(n_k):
        f = np.sqrt(max(0.2, 1.0 - (k / n_k) ** 2))
        s = volume[:, :, k]
        s[_ellipse(shape, (110, 120), (80 * f, 96 * f))] = 40.0
        s[_ellipse(shape, (110, 120), (76 * f, 92 * f))] = 1000.0
        s[_ellipse(shape, (110, 120), (70 * f, 86 * f))] = 35.0
    return volume + rng.normal(0, 6, volume.shape)


# -- running and scoring -----------------------------------------------------------------------


def triage_item(item: Item, understand: Callable[[str | None, Any], Intent] | None = None) -> dict[str, Any]:
    """Runs the triage node on one item (its labelled intent unless `understand` is given)."""
    from agents import triage
    from agents.triage_checks.common import is_blocking_failure
    from core.config import Config
    from core.context import Context
    from core.state import CaseState
    from core.store import ArtifactStore

    context = Context(config=Config(), store=ArtifactStore(item.case.case_id))
    context.backends["understanding"] = understand or (lambda question, choices: item.intent)
    started = time.perf_counter()
    update = triage.node(CaseState(case=item.case), SimpleNamespace(context=context))  # type: ignore[arg-type]
    return {
        "status": update.get("status"),
        "failed": sorted({e.name for e in update["evidence"] if is_blocking_failure(e)}),
        "reasons": update.get("reasons", []),
        "track": update.get("track"),
        "seconds": time.perf_counter() - started,
    }


def score(items: list[Item], outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    """Share of invalid items rejected for a right reason; share of valid items rejected."""
    pairs = list(zip(items, outcomes, strict=True))
    invalid = [(i, o) for i, o in pairs if not i.valid]
    valid = [(i, o) for i, o in pairs if i.valid]
    right = [i.name for i, o in invalid if o["status"] == "rejected" and set(o["failed"]) & i.expected]
    return {
        "invalid": len(invalid),
        "valid": len(valid),
        "right_reason_share": len(right) / len(invalid) if invalid else 1.0,
        "false_rejection_share": sum(o["status"] == "rejected" for _, o in valid) / len(valid) if valid else 0.0,
        "wrong_reason": [i.name for i, o in invalid if o["status"] == "rejected" and not set(o["failed"]) & i.expected],
        "missed": [i.name for i, o in invalid if o["status"] != "rejected"],
        "false_rejections": [i.name for i, o in valid if o["status"] == "rejected"],
    }


# -- case-level -------------------------------------------------------------------------------


def _case_level(b: _Builder) -> None:
    b.add("knowledge_question_without_images", [], "spleen_knowledge", source="case")
    b.add("image_question_without_images", [], "liver_volume", ("images_present",), "case")
    b.items.append(Item("empty_case", Case(case_id="empty_case"), REPORT, frozenset({"images_present"}), "case"))
