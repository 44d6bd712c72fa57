"""Reports, masks, DICOM SEG and FHIR from real runs: a lesion work-up, a DICOM series, prior and current.

Every case goes through the real agents (`orchestrator.run`); the outputs are read back with
independent readers (highdicom, clinorch's provided-mask reader, fhir.resources, nibabel).
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

import orchestrator
from core.case import Case
from core.store import ArtifactStore, artifact_id
from orchestrator.api import artifact_types
from orchestrator.reports import write_outputs
from orchestrator.reports.render import SECTIONS

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def backends() -> dict:
    return {}


def _run(case: dict, backends: dict):
    store = ArtifactStore(case["case_id"], types=artifact_types())
    return orchestrator.run(case, backends=backends, store=store), store


def _images(html: str) -> list[bytes]:
    return [base64.b64decode(m) for m in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)]


def assert_report(out: Path, n_images: int) -> str:
    """Both documents exist, hold every section, and the HTML embeds `n_images` PNG key images."""
    md, page = (out / "report.md").read_text(), (out / "report.html").read_text()
    for title in SECTIONS:
        assert f"## {title}" in md and f"<h2>{title}</h2>" in page, title
    images = _images(page)
    assert len(images) == n_images and all(i.startswith(PNG) and len(i) > 10_000 for i in images)
    assert len(list((out / "images").glob("key_*.png"))) == n_images
    assert "/tmp" not in md and "/tmp" not in page  # file names only, never the folders
    notes = re.findall(r"\[\^(\d+)\]:", md)
    assert notes and notes == [str(i) for i in range(1, len(notes) + 1)]
    return page


def assert_seg_round_trip(out: Path, store: ArtifactStore, case_id: str) -> object:
    import highdicom as hd

    from agents.segmenters.provided import read_seg
    from orchestrator.reports.masks import current_masks

    seg = hd.seg.segread(str(out / "dicom" / "segmentation.dcm"))
    masks = current_masks(store, case_id)
    back = read_seg(out / "dicom" / "segmentation.dcm")
    assert set(back) == set(masks)
    for name, mask in masks.items():
        assert np.array_equal(back[name].array, mask.array), name
        assert np.allclose(back[name].affine, mask.affine, atol=1e-4), name
    labels = {str(s.SegmentLabel): s for s in seg.SegmentSequence}
    liver = labels["liver"]
    assert liver.SegmentedPropertyTypeCodeSequence[0].CodeValue == "10200004"  # SNOMED CT Liver
    return seg


def assert_fhir(out: Path, n_measurements: int) -> dict:
    from fhir.resources.R4B.bundle import Bundle
    from fhirclient.models.bundle import Bundle as R4Bundle

    text = (out / "fhir_bundle.json").read_text()
    bundle = Bundle.model_validate_json(text)
    assert R4Bundle(json.loads(text)).as_json() == json.loads(text)  # valid FHIR R4 (4.0.1) too, unchanged
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds.count("DiagnosticReport") == 1 and kinds.count("ImagingStudy") == 1
    assert kinds.count("Observation") == n_measurements
    report = next(e.resource for e in bundle.entry if e.resource.get_resource_type() == "DiagnosticReport")
    assert report.conclusion and len(report.result) == n_measurements
    units = {e.resource.valueQuantity.code for e in bundle.entry if e.resource.get_resource_type() == "Observation"}
    assert units <= {"mL", "mm", "[hnsf'U]", "%", "1"} and {"mL", "[hnsf'U]"} <= units
    assert "Phantom" not in text and "MRN" not in text  # pseudonyms only
    return json.loads(text)


@pytest.fixture(scope="module")
def workup(tmp_path_factory: pytest.TempPathFactory, backends: dict):
    from synthetic.phantom import PhantomSpec, make_phantom

    root = tmp_path_factory.mktemp("workup")
    truth = make_phantom(root / "scan", PhantomSpec(seed=3, liver_lesions=2, splenomegaly="moderate",
                                                   kidney_lesion="solid"))
    case = {"case_id": "workup", "images": [{"path": str(root / "scan/ct.nii.gz"),
                                             "masks": str(root / "scan/segmentations")}]}
    result, store = _run(case, backends)
    written = write_outputs(result, store, root / "out")
    return root / "out", result, store, truth, written


def test_workup_report_has_every_section_and_a_key_image_per_lesion_and_enlarged_organ(workup) -> None:
    out, result, _, truth, _ = workup
    lesions = sum(len(m["instances"]) for m in truth["lesion_masks"].values())
    page = assert_report(out, lesions + 1)  # + the enlarged spleen
    assert "spleen enlarged (moderate)" in page
    for finding in (f for f in result.findings if f.lesion and "longest_diameter_mm" in f.measurements):
        assert f"{finding.measurements['longest_diameter_mm']:.1f} mm" in page


def test_workup_label_map_and_legend(workup) -> None:
    out, _, store, _, _ = workup
    legend = json.loads((out / "masks" / "labels.json").read_text())["labels"]
    labels = np.asarray(nib.load(out / "masks" / "labels.nii.gz").dataobj)
    by_name = {v["name"]: int(k) for k, v in legend.items()}
    spleen = store.get(artifact_id("mask", "workup", "spleen")).array
    assert np.array_equal(labels == by_name["spleen"], spleen)  # no lesion in the spleen: every voxel kept
    liver_tumor = store.get(artifact_id("mask", "workup", "liver_tumor")).array
    assert np.array_equal(labels == by_name["liver_tumor"], liver_tumor)


def test_workup_dicom_seg_round_trips_and_fhir_parses(workup) -> None:
    out, result, store, _, _ = workup
    seg = assert_seg_round_trip(out, store, "workup")
    derived = sorted((out / "dicom" / "derived_ct").glob("*.dcm"))
    assert len(derived) == store.get(artifact_id("img", "workup", "current:0")).array.shape[2]
    import pydicom

    source_series = pydicom.dcmread(derived[0]).SeriesInstanceUID
    assert seg.ReferencedSeriesSequence[0].SeriesInstanceUID == source_series
    n = sum(1 for e in result.evidence if e.kind == "measurement" and e.unit in ("mL", "mm", "HU", "%", "ratio")
            and isinstance(e.value, (int, float)) and not isinstance(e.value, bool))
    bundle = assert_fhir(out, n)
    study = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "ImagingStudy")
    assert [s["modality"]["code"] for s in study["series"]] == ["CT", "SEG"]
    assert study["series"][1]["uid"] == str(seg.SeriesInstanceUID)


def test_dicom_series_case_references_its_input_series(tmp_path: Path, backends: dict) -> None:
    import highdicom as hd

    from imaging.volume import read_image
    from synthetic.dicom_series import write_dicom_series
    from synthetic.phantom import PhantomSpec, make_phantom

    make_phantom(tmp_path / "scan", PhantomSpec(seed=4, liver_lesions=1, kidney_lesion="none"))
    ct = read_image(tmp_path / "scan" / "ct.nii.gz")
    series = tmp_path / "DOE_JANE"
    write_dicom_series(ct.array, ct.affine, series, patient_id="MRN-1234", study="1")
    case = Case.load({"case_id": "dicom", "question": "What is the volume of the liver?",
                      "images": [{"path": str(series)}]})
    result, store = _run(case.model_dump(), backends)
    assert result.status == "answered", result.reasons
    out = tmp_path / "out"
    write_outputs(result, store, out, case)  # the caller's case: the series' real folder
    page = assert_report(out, n_images=len([f for f in result.findings if f.lesion and "longest_diameter_mm" in f.measurements]))
    assert "dicom-series" in page and "MRN-1234" not in page and "DICOM series of" in page
    assert "DOE_JANE" not in page  # the series folder's own name is never shown
    assert_seg_round_trip(out, store, "dicom")
    seg = hd.seg.segread(str(out / "dicom" / "segmentation.dcm"))
    import pydicom

    first = pydicom.dcmread(next(series.iterdir()))
    assert seg.ReferencedSeriesSequence[0].SeriesInstanceUID == first.SeriesInstanceUID
    assert not (out / "dicom" / "derived_ct").exists()
    assert "MRN-1234" not in (out / "fhir_bundle.json").read_text()


def test_prior_and_current_report_shows_them_side_by_side(tmp_path: Path, backends: dict) -> None:
    from synthetic.pairs import derive_study
    from synthetic.phantom import PhantomSpec, make_phantom

    make_phantom(tmp_path / "scan", PhantomSpec(seed=5, liver_lesions=2, liver_lesion_diameters_mm=(30.0, 18.0),
                                                kidney_lesion="none"))
    derive_study(tmp_path / "scan", tmp_path / "prior", (0.7, 0.7))
    image = lambda p, role="current", d=None: {"path": str(p / "ct.nii.gz"), "masks": str(p / "segmentations"),  # noqa: E731
                                                "role": role, "acquired": d}
    result, store = _run({"case_id": "followup", "question": "What is the RECIST 1.1 response compared with the prior?",
                          "images": [image(tmp_path / "scan"), image(tmp_path / "prior", "prior", "2026-01-10")]},
                         backends)
    assert result.status == "answered" and "(PD)" in result.answer
    out = tmp_path / "out"
    write_outputs(result, store, out)
    page = assert_report(out, n_images=2 + 1)  # two lesions, one side-by-side
    assert "Prior beside current" in page and "change from baseline pct" in page.replace("_", " ")
