"""Outputs a person or another system reads: the radiology report, label masks, DICOM SEG and FHIR.

`write_report` renders `report.md` (key images beside it) and a self-contained `report.html`;
`orchestrator.reports.masks` writes NIfTI label maps and DICOM SEG; `orchestrator.reports.fhir`
a FHIR R4 bundle. All read a finished `CaseResult` and the artifact store of its run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from core.case import Case, CaseResult
from core.store import ArtifactStore, artifact_id
from orchestrator import atomic
from orchestrator.reports.content import Report, build_report
from orchestrator.reports.keyimages import comparison_images, lesion_images, organ_images
from orchestrator.reports.render import to_html, to_markdown

__all__ = ["Report", "Written", "build_full_report", "write_outputs", "write_report"]


@dataclass
class Written:
    """Files written and how long each took (seconds)."""

    files: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    """Outputs not written, with the reason (a DICOM SEG the source series cannot carry): the answer stands."""


def build_full_report(result: CaseResult, store: ArtifactStore, case: Case | None = None,
                      profile: str = "deeptumorvqa") -> Report:
    """The report with its key images: measured lesions, enlarged organs, prior beside current."""
    image_id = artifact_id("img", result.case_id, "current:0")
    image = store.get(image_id) if image_id in store else None
    report = build_report(result, image, case, profile)
    if result.status != "rejected" and image is not None and image.is_volume and image.spacing is not None:
        from orchestrator.reports.content import enlarged_organs

        report.images = (lesion_images(result, store) + organ_images(result, store, enlarged_organs(result, profile))
                         + comparison_images(result, store))
    return report


def write_report(result: CaseResult, store: ArtifactStore, out: str | Path, case: Case | None = None,
                 profile: str = "deeptumorvqa") -> Written:
    """Writes `report.md`, `images/key_*.png` and `report.html` into `out`."""
    folder = Path(out)
    written = Written()
    start = time.perf_counter()
    report = build_full_report(result, store, case, profile)
    written.seconds["report_build"] = time.perf_counter() - start
    images = folder / "images"
    names = []
    for n, key in enumerate(report.images, 1):
        images.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(images / f"key_{n}.png", key.png)
        names.append(f"images/key_{n}.png")
    folder.mkdir(parents=True, exist_ok=True)
    atomic.write_text(folder / "report.md", to_markdown(report, names))
    atomic.write_text(folder / "report.html", to_html(report))
    written.files |= {"report.md": folder / "report.md", "report.html": folder / "report.html"}
    written.seconds["report_total"] = time.perf_counter() - start
    return written


def write_outputs(result: CaseResult, store: ArtifactStore, out: str | Path, case: Case | None = None,
                  profile: str = "deeptumorvqa") -> Written:
    """The report, the label map with its legend, the DICOM SEG and the FHIR bundle, into `out`.

    A rejected case (or one without a current 3D image) gets the report alone: there is nothing to segment.
    """
    from orchestrator.reports.fhir import build_bundle
    from orchestrator.reports.masks import current_masks, write_dicom_seg, write_label_map

    folder = Path(out)
    written = write_report(result, store, folder, case, profile)
    image_id = artifact_id("img", result.case_id, "current:0")
    image = store.get(image_id) if image_id in store else None
    masks = current_masks(store, result.case_id) if image is not None else {}
    seg = None
    if masks and image.is_volume and image.affine is not None:
        start = time.perf_counter()
        label_map, legend = write_label_map(masks, folder / "masks")
        written.files |= {"labels.nii.gz": label_map, "labels.json": legend}
        written.seconds["nifti"] = time.perf_counter() - start
        start = time.perf_counter()
        backend = next((str(e.provenance.backend) for e in result.evidence
                        if e.kind == "segmentation" and e.provenance.backend), "segmentation")
        source = case.current_images[0].path if case is not None and case.current_images else None
        try:
            seg = write_dicom_seg(image, masks, folder / "dicom", result.case_id, backend, source)
        except (ValueError, TypeError, AttributeError, KeyError) as exc:  # highdicom refuses the source's attributes
            written.skipped["segmentation.dcm"] = f"DICOM SEG not written: {exc}"
        else:
            written.files["segmentation.dcm"] = seg.path
            written.seconds["dicom_seg"] = time.perf_counter() - start
    start = time.perf_counter()
    report = build_report(result, image, case, profile)
    bundle = build_bundle(result, report.impression, seg, modality=(seg.modality if seg else "CT"))
    atomic.write_text(folder / "fhir_bundle.json", bundle.model_dump_json(indent=2))
    written.files["fhir_bundle.json"] = folder / "fhir_bundle.json"
    written.seconds["fhir"] = time.perf_counter() - start
    return written
