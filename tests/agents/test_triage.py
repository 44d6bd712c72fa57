"""The triage node: checks as evidence, rejection with reasons, identifiers removed, track and plan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np
import pydicom
import pytest
from pydicom.data import get_testdata_file

from agents import triage
from agents.triage_checks.common import is_blocking_failure
from core.case import Case
from core.config import Config
from core.context import Context
from core.state import CaseState, Intent
from core.store import ArtifactStore, artifact_id
from imaging.volume import Image, read_image, write_nifti
from synthetic.dicom_series import write_dicom_series
from synthetic.regions import synthetic_chest_ct, synthetic_head_ct

PYDICOM_FILES = Path(get_testdata_file("CT_small.dcm")).parent
LIVER_VOLUME = Intent(task="organ volume measurement", organ="liver", quantities=["liver.volume_ml"], unit="mL")
LIVER_HU = Intent(task="organ HU measurement", organ="liver", quantities=["liver.mean_hu"], unit="HU")
REPORT = Intent(task="report")
KNOWLEDGE = Intent(task="knowledge question", organ="spleen")
IMAGE_CHECKS = ["file_size", "readable", "integrity", "modality", "dimensionality", "spacing", "orientation"]


class Runtime:
    """The part of langgraph's Runtime a node uses."""

    def __init__(self, case_id: str, config: Config | None = None, understand: Any = None) -> None:
        self.context = Context(config=config or Config(), store=ArtifactStore(case_id))
        self.context.backends["understanding"] = understand


def run(
    monkeypatch: pytest.MonkeyPatch, images: list[dict[str, Any]], intent: Intent = REPORT, question: str | None = "q",
    config: Config | None = None, **case: Any,
) -> tuple[dict[str, Any], Runtime]:  # fmt: skip
    """Runs the node on a case whose question reads as `intent`."""
    the_case = Case.model_validate({"case_id": "c1", "images": images, "question": question, **case})
    runtime = Runtime("c1", config, lambda q, choices: intent)
    return triage.node(CaseState(case=the_case), runtime), runtime  # type: ignore[arg-type]


def failed(update: dict[str, Any]) -> dict[str, str]:
    return {e.name: e.reason for e in update["evidence"] if is_blocking_failure(e)}


@pytest.fixture(scope="module")
def volumes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Synthetic chest and head CT written once for the module."""
    root = tmp_path_factory.mktemp("regions")
    out = {"chest": root / "chest.nii.gz", "head": root / "head.nii.gz"}
    write_nifti(synthetic_chest_ct(), np.diag([2.5, 2.5, 5.0, 1.0]), out["chest"], dtype=np.int16)
    write_nifti(synthetic_head_ct(), np.diag([1.0, 1.0, 5.0, 1.0]), out["head"], dtype=np.int16)
    return out


def phantom_variant(phantom_dir: Path, tmp_path: Path, change: Any, dtype: Any = np.int16) -> Path:
    image = read_image(phantom_dir / "ct.nii.gz")
    array, affine = change(image.array.copy(), image.affine.copy())
    path = tmp_path / "variant.nii.gz"
    write_nifti(array, affine, path, dtype=dtype)
    return path


def test_valid_phantom_passes_every_check_and_is_stored(monkeypatch: pytest.MonkeyPatch, phantom_dir: Path) -> None:
    update, runtime = run(monkeypatch, [{"path": str(phantom_dir / "ct.nii.gz")}], LIVER_VOLUME)
    assert "status" not in update and failed(update) == {}
    ids = [e.id for e in update["evidence"]]
    assert ids == ["check:case:identifiers_removed", *(f"check:current:0:{n}" for n in IMAGE_CHECKS),
                   "check:current:0:body_region", "check:current:0:question_fit"]  # fmt: skip
    assert all(e.kind == "check" and e.agent == "triage" and e.passed for e in update["evidence"])
    assert update["images"] == {"current:0": artifact_id("img", "c1", "current:0")}
    image = runtime.context.store.get(artifact_id("img", "c1", "current:0"))
    assert isinstance(image, Image) and image.array.shape == (160, 128, 40)
    assert update["track"] == "abdomen_ct"
    plan = update["plan"]
    assert plan.needs_segmentation and plan.needs_measurement and not plan.needs_knowledge
    assert plan.organs == ["liver"] and plan.intent == LIVER_VOLUME
    orientation = next(e for e in update["evidence"] if e.name == "orientation")
    assert orientation.provenance["left_right"] == "ok" and orientation.provenance["superior_inferior"] == "ok"


def test_same_case_same_evidence(monkeypatch: pytest.MonkeyPatch, phantom_dir: Path) -> None:
    images = [{"path": str(phantom_dir / "ct.nii.gz")}]
    first, _ = run(monkeypatch, images, LIVER_VOLUME)
    second, _ = run(monkeypatch, images, LIVER_VOLUME)
    assert [e.model_dump() for e in first["evidence"]] == [e.model_dump() for e in second["evidence"]]


def test_identifiers_leave_the_case_before_anything_else_sees_it(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str | None] = []

    def understand(question: str | None, choices: Any) -> Intent:
        seen.append(question)
        return KNOWLEDGE

    case = Case(case_id="c1", question="Patient Jane Doe, MRN 44172291, DOB 1952-03-14: what is splenomegaly?",
                context={"history": "Referred by Dr. Gregory House, tel 555-123-4567"})  # fmt: skip
    update = triage.node(CaseState(case=case), Runtime("c1", understand=understand))  # type: ignore[arg-type]
    clean = update["case"]
    assert "Doe" not in clean.question and "44172291" not in clean.question and "1952" not in clean.question
    assert "House" not in clean.context.history and "555" not in clean.context.history
    assert seen == [clean.question]  # question understanding only ever sees the scrubbed text
    removed = next(e for e in update["evidence"] if e.name == "identifiers_removed")
    assert removed.value >= 5 and "Doe" not in removed.model_dump_json()


def test_dicom_header_names_are_scrubbed_from_the_question(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ds = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    ds.PatientName, ds.PatientID = "Oyelaran^Temitope", "H-99812"
    ds.save_as(tmp_path / "ct.dcm")
    update, runtime = run(monkeypatch, [{"path": str(tmp_path / "ct.dcm")}], LIVER_HU,
                          question="Temitope Oyelaran (H-99812): mean HU of the liver?")  # fmt: skip
    assert update["case"].question == "[NAME] ([ID]): mean HU of the liver?"
    meta = runtime.context.store.get(update["images"]["current:0"]).meta
    assert meta["patient_key"].startswith("patient-") and "H-99812" not in json.dumps(meta, default=str)
    assert "H-99812" not in json.dumps([e.model_dump() for e in update["evidence"]])


def test_oversized_file_is_refused_without_being_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    huge = tmp_path / "huge.nii.gz"
    with open(huge, "wb") as fh:
        fh.truncate(10 * 1024**3)  # sparse: 10 GiB on paper, nothing on disk

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the file was read")

    monkeypatch.setattr(triage, "read_image", never)
    update, _ = run(monkeypatch, [{"path": str(huge)}])
    assert update["status"] == "rejected"
    assert "huge.nii.gz" in failed(update)["file_size"] and "10.0 GiB" in failed(update)["file_size"]


def test_header_announcing_too_many_pixels_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    img = nib.Nifti1Image(np.zeros((64, 64, 64), np.float32), np.eye(4))
    nib.save(img, tmp_path / "v.nii.gz")
    update, _ = run(monkeypatch, [{"path": str(tmp_path / "v.nii.gz")}], config=Config(max_image_bytes=500_000))
    assert "announces 1.0 MiB" in failed(update)["file_size"]


def test_unreadable_file_is_a_reason_naming_the_file_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "scan.nii.gz").write_text("not an image")
    update, _ = run(monkeypatch, [{"path": str(tmp_path / "scan.nii.gz")}, {"path": str(tmp_path / "absent.dcm")}])
    reasons = update["reasons"]
    assert update["status"] == "rejected" and len(reasons) == 2
    assert reasons[0].startswith("scan.nii.gz (current:0):") and reasons[1].startswith("absent.dcm (current:1):")
    assert "not found" in reasons[1]
    assert all(str(tmp_path) not in r for r in reasons)  # the folders above the file are not shown
    assert update["images"] == {}


def test_knowledge_question_without_images_skips_segmentation(monkeypatch: pytest.MonkeyPatch) -> None:
    update, _ = run(monkeypatch, [], KNOWLEDGE, question="What spleen volume is splenomegaly?")
    assert "status" not in update and update["track"] == "other"
    plan = update["plan"]
    assert not plan.needs_segmentation and not plan.needs_measurement and plan.needs_knowledge


@pytest.mark.parametrize(("question", "reason"), [("q", "has none"), (None, "neither images nor a question")])
def test_case_without_images_that_needs_one_is_rejected(
    monkeypatch: pytest.MonkeyPatch, question: Any, reason: str
) -> None:
    update, _ = run(monkeypatch, [], LIVER_VOLUME if question else REPORT, question=question)
    assert update["status"] == "rejected" and reason in failed(update)["images_present"]


def test_hu_question_on_mr_is_rejected_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    update, _ = run(monkeypatch, [{"path": str(PYDICOM_FILES / "MR_small.dcm")}], LIVER_HU)
    assert update["status"] == "rejected" and update["track"] == "mr"
    assert "Hounsfield" in failed(update)["question_fit"] and "MR_small.dcm" in failed(update)["question_fit"]


def test_liver_question_on_a_head_ct_is_rejected(monkeypatch: pytest.MonkeyPatch, volumes: dict[str, Path]) -> None:
    update, _ = run(monkeypatch, [{"path": str(volumes["head"])}], LIVER_VOLUME)
    assert update["track"] == "head_ct"
    reason = failed(update)["body_region"]
    assert "head" in reason and "liver" in reason and "abdomen" in reason


@pytest.mark.parametrize(("region", "track"), [("chest", "chest_ct"), ("head", "head_ct")])
def test_region_decides_the_track(
    monkeypatch: pytest.MonkeyPatch, volumes: dict[str, Path], region: str, track: str
) -> None:
    update, _ = run(monkeypatch, [{"path": str(volumes[region])}])
    assert "status" not in update and update["track"] == track


@pytest.mark.parametrize(
    ("flip", "words"),
    [((slice(None, None, -1),), "left-right"), ((slice(None), slice(None), slice(None, None, -1)), "superior-inferior"),
     ((slice(None), slice(None, None, -1)), "anterior-posterior")],
)  # fmt: skip
def test_flipped_volume_is_rejected_naming_the_axis(
    monkeypatch: pytest.MonkeyPatch, phantom_dir: Path, tmp_path: Path, flip: tuple, words: str
) -> None:
    path = phantom_variant(phantom_dir, tmp_path, lambda a, m: (a[flip], m))
    update, _ = run(monkeypatch, [{"path": str(path)}], LIVER_VOLUME)
    assert update["status"] == "rejected" and f"{words} flipped" in failed(update)["orientation"]


def test_chest_ct_flip_is_read_from_the_heart(
    monkeypatch: pytest.MonkeyPatch, volumes: dict[str, Path], tmp_path: Path
) -> None:
    image = read_image(volumes["chest"])
    write_nifti(image.array[::-1], image.affine, tmp_path / "flipped.nii.gz", dtype=np.int16)
    update, _ = run(monkeypatch, [{"path": str(tmp_path / "flipped.nii.gz")}])
    assert "left-right flipped" in failed(update)["orientation"]


def test_nan_voxels_fail_integrity(monkeypatch: pytest.MonkeyPatch, phantom_dir: Path, tmp_path: Path) -> None:
    def inject(array: np.ndarray, affine: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        array[10:12, 10:12, 5] = np.nan
        return array, affine

    path = phantom_variant(phantom_dir, tmp_path, inject, dtype=np.float32)
    update, _ = run(monkeypatch, [{"path": str(path)}])
    assert "4 voxels are NaN or infinite" in failed(update)["integrity"]


def test_declared_modality_must_match_the_pixels(monkeypatch: pytest.MonkeyPatch, phantom_dir: Path) -> None:
    update, _ = run(monkeypatch, [{"path": str(phantom_dir / "ct.nii.gz"), "modality": "MR"}])
    assert "declared MR but the pixels are Hounsfield units" in failed(update)["modality"]


def test_segmentation_object_is_not_an_image(monkeypatch: pytest.MonkeyPatch) -> None:
    update, _ = run(monkeypatch, [{"path": str(PYDICOM_FILES / "liver_1frame.dcm")}])
    assert "Segmentation Storage object (SEG), not an image" in failed(update)["modality"]


def test_real_series_with_uneven_gaps_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = PYDICOM_FILES / "dicomdirtests" / "77654033" / "CT2"
    update, _ = run(monkeypatch, [{"path": str(folder)}])
    assert "from 1.25 to 202.50 mm" in failed(update)["integrity"]


def test_burned_in_annotation_is_a_warning_and_holds_pixels_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ds = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    ds.BurnedInAnnotation = "YES"
    ds.save_as(tmp_path / "burned.dcm")
    update, runtime = run(monkeypatch, [{"path": str(tmp_path / "burned.dcm")}])
    assert "status" not in update
    warning = next(e for e in update["evidence"] if e.name == "burned_in_annotation")
    assert warning.passed is False and warning.provenance["severity"] == "warning"
    assert runtime.context.store.get(update["images"]["current:0"]).meta["pixels_shareable"] is False


def test_odd_image_out_is_named_without_identifiers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hu = np.asarray(synthetic_chest_ct(), np.float32)[:, :, :12]
    affine = np.diag([2.5, 2.5, 5.0, 1.0])
    for name, patient in (("a", "MRN-1"), ("b", "MRN-1"), ("c", "MRN-77")):
        write_dicom_series(hu, affine, tmp_path / name, patient_id=patient, study="1")
    update, _ = run(monkeypatch, [{"path": str(tmp_path / n)} for n in "abc"])
    evidence = next(e for e in update["evidence"] if e.name == "multi_image")
    assert evidence.reason.startswith("c (current:2) from a different patient than a (current:0), b (current:1)")
    assert evidence.provenance["patients"] == {"current:0": "A", "current:1": "A", "current:2": "B"}
    assert "MRN" not in json.dumps([e.model_dump() for e in update["evidence"]])
    assert update["status"] == "rejected"


def test_warnings_do_not_reject(monkeypatch: pytest.MonkeyPatch) -> None:
    update, _ = run(monkeypatch, [{"path": str(PYDICOM_FILES / "CT_small.dcm")}], LIVER_HU)
    region = next(e for e in update["evidence"] if e.name == "body_region")
    assert region.passed is None and region.provenance["severity"] == "warning"  # 85 mm crop: region unknown
    assert "status" not in update and update["track"] == "other_ct"
