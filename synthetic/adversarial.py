"""The adversarial set triage is measured on: real files and corrupted phantoms, each labelled.

Real files come from pydicom's test files, the `pydicom-data` package and nibabel's test data;
the rest is written under a folder from a phantom (`synthetic.phantom`) and corrupted the way
inputs break in practice (flipped axes, truncated gzip, NaNs, swapped modality, wrong spacing,
missing or duplicated slices, foreign patients). An invalid item lists the checks whose failure
is the right reason to reject it; a valid item must pass. `scripts/bench_triage.py` prints the
figures; `tests/agents/test_triage_adversarial.py` asserts them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import nibabel as nib
import numpy as np

from core.case import Case
from core.state import Intent
from imaging.volume import read_image, write_nifti
from synthetic.adversarial_items import REPORT, Builder, Item, ref
from synthetic.corruptions import (
    flip,
    huge_header,
    no_orientation,
    png,
    repeat_slice,
    scaled,
    sparse,
    text,
    truncate,
    with_value,
    zero_spacing,
)
from synthetic.dicom_series import write_dicom_series
from synthetic.regions import synthetic_chest_ct, synthetic_head_ct

__all__ = ["Item", "build_set", "score", "triage_item"]



def rescanned(hu: np.ndarray, seed: int = 0) -> np.ndarray:
    """The same anatomy acquired again: new image noise (SD 3 HU), so no voxel-identical copy of the study."""
    return np.round(hu + np.random.default_rng(seed).normal(0.0, 3.0, hu.shape)).astype(hu.dtype)

def build_set(root: str | Path) -> list[Item]:
    """Writes the corrupted files under `root` and returns every labelled item."""
    b = Builder(Path(root))
    b.root.mkdir(parents=True, exist_ok=True)
    _real_files(b)
    _phantom_volumes(b)
    _phantom_series(b)
    _synthetic_regions(b)
    _case_level(b)
    return b.items


# -- real files -------------------------------------------------------------------------------


def _testfiles() -> tuple[Path, Path | None, Path]:
    from pydicom.data import get_testdata_file

    pydicom_dir = Path(get_testdata_file("CT_small.dcm")).parent
    big = get_testdata_file("RG1_UNCI.dcm")  # shipped by pydicom-data
    data_store = Path(big).parent if big else None
    nibabel_dir = Path(nib.__file__).parent / "tests" / "data"
    return pydicom_dir, data_store, nibabel_dir


def _real_files(b: Builder) -> None:
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
        b.add(name, [ref(path)], source="pydicom")
    b.add("brain_mr_nifti", [ref(n / "anatomical.nii", modality="MR")], source="nibabel")
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
        b.add(name, [ref(path)], expected=(why,), source="pydicom")
    # radial projections in 7 oblique planes: split by plane, never stacked into one volume (issue 13)
    b.add("mr700_uneven_thick", [ref(dd / "98892003" / "MR700")], expected=("readable",), source="pydicom")
    # two LOCALIZER images (sagittal, coronal): dropped, and no volume remains (issue 13)
    b.add("ct2n_265mm_gap", [ref(dd / "98892001" / "CT2N")], expected=("readable",), source="pydicom")
    b.add("hu_question_on_mr", [ref(t / "MR_small.dcm")], "liver_hu", ("question_fit",), "pydicom")
    b.add(
        "hu_question_on_brain_mr", [ref(n / "anatomical.nii", modality="MR")], "liver_hu", ("question_fit",), "nibabel"
    )
    b.add("mr_declared_ct", [ref(t / "MR_small.dcm", modality="CT")], expected=("modality",), source="pydicom")
    b.add("brain_mr_declared_ct", [ref(n / "anatomical.nii", modality="CT")], expected=("modality",), source="nibabel")
    b.add("volume_question_on_single_slice", [ref(t / "CT_small.dcm")], "liver_volume", ("question_fit",), "pydicom")
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
        b.add(name, [ref(path)], source="pydicom-data")
    for name, path, why in [
        ("seg_liver_3frames", d / "liver.dcm", "modality"),
        ("enhanced_mr_without_geometry", d / "emri_small.dcm", "readable"),
        ("jpeg2k_too_short", d / "emri_small_jpeg_2k_lossless_too_short.dcm", "readable"),
        ("ct_without_slice_thickness", d / "explicit_VR-UN.dcm", "readable"),
    ]:
        b.add(name, [ref(path)], expected=(why,), source="pydicom-data")
    b.add("liver_question_on_head_ct", [ref(d / "693_UNCI.dcm")], "liver_volume", ("body_region",), "pydicom-data")
    b.add(
        "volume_question_on_radiograph", [ref(d / "RG1_UNCI.dcm")], "liver_volume", ("question_fit",), "pydicom-data"
    )


# -- phantom volumes (NIfTI) --------------------------------------------------------------------


def _phantom_volumes(b: Builder) -> None:
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

    b.add("phantom", [ref(original)], "liver_volume")
    b.add("phantom_report", [ref(original)])
    b.add("phantom_ras_hu", [ref(variant("ras", hu))], "liver_hu")
    b.add("phantom_knowledge_question", [ref(original)], "spleen_knowledge")
    b.add("phantom_with_prior", [ref(original), ref(variant("prior", rescanned(hu)), role="prior")], "spleen_volume")
    broken: list[tuple[str, Callable[[], Path], str | tuple[str, ...], str]] = [
        ("flip_left_right", lambda: variant("flip_lr", hu[::-1]), "orientation", "liver_volume"),
        ("flip_superior_inferior", lambda: variant("flip_si", hu[:, :, ::-1]), "orientation", "report"),
        ("flip_anterior_posterior", lambda: variant("flip_ap", hu[:, ::-1]), "orientation", "report"),
        (
            "nan_voxels",
            lambda: variant("nan", with_value(hu, (slice(40, 60), slice(40, 60), 20), np.nan), dtype=np.float32),
            "integrity",
            "report",
        ),
        (
            "inf_voxels",
            lambda: variant("inf", with_value(hu, (80, 64, slice(10, 12)), np.inf), dtype=np.float32),
            "integrity",
            "report",
        ),
        (
            "blank_slices",
            lambda: variant("blank", with_value(hu, (slice(None), slice(None), slice(15, 18)), -1024.0)),
            "integrity",
            "report",
        ),
        ("duplicated_slices", lambda: variant("dup", repeat_slice(hu, 20)), "integrity", "report"),
        ("all_air_volume", lambda: variant("air", np.full_like(hu, -1000.0)), "integrity", "report"),
        ("truncated_gzip", lambda: truncate(original, out / "truncated.nii.gz"), "readable", "report"),
        ("zero_spacing", lambda: zero_spacing(hu, affine, out / "zero.nii.gz"), ("readable", "spacing"), "report"),
        ("spacing_50mm_in_plane", lambda: variant("sp50", hu, scaled(affine, (25.0, 1.0, 1.0))), "spacing", "report"),
        (
            "spacing_tenfold_too_small",
            lambda: variant("sp02", hu, scaled(affine, (0.1, 0.1, 1.0))),
            "spacing",
            "report",
        ),
        ("no_orientation", lambda: no_orientation(hu, affine, out / "noorient.nii"), "orientation", "report"),
        ("header_announces_256_gib", lambda: huge_header(out / "bomb.nii.gz"), "file_size", "report"),
        ("sparse_10_gib_file", lambda: sparse(out / "huge.nii.gz", 10 * 1024**3), "file_size", "report"),
        ("text_named_nifti", lambda: text(out / "notes.nii.gz"), "readable", "report"),
    ]
    for name, make, why, question in broken:
        b.add(name, [ref(make())], question, (why,) if isinstance(why, str) else why)
    b.add("missing_file", [ref(out / "absent.nii.gz")], expected=("readable",))
    b.add("ct_declared_mr", [ref(original, modality="MR")], expected=("modality",))
    b.add("ct_declared_radiograph", [ref(original, modality="CR")], expected=("modality", "dimensionality"))
    picture = out / "photo.png"
    png(picture)
    b.add("photo", [ref(picture)])
    b.add("photo_declared_ct", [ref(picture, modality="CT")], expected=("modality", "dimensionality"))


# -- phantom DICOM series -----------------------------------------------------------------------


def _phantom_series(b: Builder) -> None:
    from synthetic.phantom import PhantomSpec, make_phantom

    case_dir = b.root / "BDMAP_00000002"
    if not (case_dir / "ct.nii.gz").exists():
        make_phantom(case_dir, PhantomSpec(seed=5, shape=(112, 88, 48), spacing=(3.2, 3.2, 5.0), liver_lesions=1))
    image = read_image(case_dir / "ct.nii.gz")
    assert image.affine is not None
    series = b.root / "series"
    hu, affine = image.array, image.affine

    def write(name: str, values: np.ndarray = hu, **kw: object) -> Path:
        folder = series / name
        if not folder.exists():
            write_dicom_series(values, affine, folder, **kw)  # type: ignore[arg-type]
        return folder

    b.add("dicom_series", [ref(write("ok", patient_id="P-1", study="1"))], "spleen_volume")
    b.add("dicom_series_burned_in", [ref(write("burned", patient_id="P-1", study="1", burned_in="YES"))])
    b.add(
        "two_series_one_study",
        [
            ref(write("ok", patient_id="P-1", study="1")),
            ref(write("second", patient_id="P-1", study="1", series_number=2)),
        ],
        "liver_volume",
    )
    b.add(
        "dicom_prior_same_patient",
        [
            ref(write("ok", patient_id="P-1", study="1")),
            ref(write("prior", rescanned(hu), patient_id="P-1", study="0"), role="prior"),
        ],
        "liver_volume",
    )
    b.add(
        "dicom_missing_slice",
        [ref(write("missing", patient_id="P-1", study="1", drop=(24,)))],
        expected=("integrity",),
    )
    b.add(
        "dicom_duplicate_position",
        [ref(write("duplicate", patient_id="P-1", study="1", duplicate=(24,)))],
        expected=("integrity",),
    )
    b.add(
        "dicom_modality_tag_mr",
        [ref(write("tag_mr", patient_id="P-1", study="1", modality="MR"))],
        expected=("modality",),
    )
    b.add(
        "odd_patient_out",
        [
            ref(write("ok", patient_id="P-1", study="1")),
            ref(write("second", patient_id="P-1", study="1", series_number=2)),
            ref(write("stranger", patient_id="P-2", study="7")),
        ],
        "liver_volume",
        ("multi_image",),
    )
    b.add(
        "prior_of_another_patient",
        [
            ref(write("ok", patient_id="P-1", study="1")),
            ref(write("stranger", patient_id="P-2", study="7"), role="prior"),
        ],
        "liver_volume",
        ("multi_image",),
    )
    b.add(
        "current_from_two_studies",
        [ref(write("ok", patient_id="P-1", study="1")), ref(write("prior", patient_id="P-1", study="0"))],
        "liver_volume",
        ("multi_image",),
    )


def _synthetic_regions(b: Builder) -> None:
    out = b.root / "regions"
    out.mkdir(exist_ok=True)
    chest, head = out / "chest_ct.nii.gz", out / "head_ct.nii.gz"
    if not chest.exists():
        write_nifti(synthetic_chest_ct(), np.diag([2.5, 2.5, 5.0, 1.0]), chest, dtype=np.int16)
    if not head.exists():
        write_nifti(synthetic_head_ct(), np.diag([1.0, 1.0, 5.0, 1.0]), head, dtype=np.int16)
    b.add("synthetic_chest_ct", [ref(chest)], source="synthetic")
    b.add("synthetic_head_ct", [ref(head)], source="synthetic")
    b.add("liver_question_on_chest_ct", [ref(chest)], "liver_volume", ("body_region",), "synthetic")
    b.add("liver_question_on_head_ct_volume", [ref(head)], "liver_hu", ("body_region",), "synthetic")
    b.add(
        "chest_ct_flipped_left_right",
        [ref(flip(chest, out / "chest_flip_lr.nii.gz"))],
        expected=("orientation",),
        source="synthetic",
    )


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


def _case_level(b: Builder) -> None:
    b.add("knowledge_question_without_images", [], "spleen_knowledge", source="case")
    b.add("image_question_without_images", [], "liver_volume", ("images_present",), "case")
    b.items.append(Item("empty_case", Case(case_id="empty_case"), REPORT, frozenset({"images_present"}), "case"))
