"""The report's content: sentences grouped in radiology-report sections, each with its evidence ids.

Every sentence is built from an evidence item, a finding, the reviewer's checks or a knowledge
entry, and carries the ids it rests on; the renderers turn those ids into footnotes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.anatomy import family, is_lesion
from core.case import Case, CaseResult, Check, Evidence
from orchestrator.result import answer_display
from privacy.deid import shareable_key

ENLARGED_WORDS = ("enlarg", "megaly", "mild", "moderate", "severe")
SMALL_WORDS = ("atroph", "below normal", "small")
"""Labels of a single-volume criterion that make an organ's size a finding of the impression, whatever was asked."""
DISPLAY_UNITS = {"HU": "HU", "mL": "mL", "mm": "mm", "%": "%", "ratio": "", "count": "", "slice": ""}


@dataclass
class Sentence:
    """One statement of the report and the evidence (or knowledge) ids it rests on."""

    text: str
    refs: list[str] = field(default_factory=list)


@dataclass
class KeyImage:
    """A rendered key image (PNG bytes) and its caption."""

    title: str
    png: bytes
    caption: Sentence


@dataclass
class Report:
    """A radiology report of one case, ready to render."""

    case_id: str
    """The caller's case id, or its pseudonym when it holds an identifier (`privacy.deid.shareable_key`)."""
    status: str
    clinical: list[Sentence]
    technique: list[Sentence]
    findings: dict[str, list[Sentence]]
    measurements: list[Evidence]
    impression: list[Sentence]
    answer: list[Sentence]
    checks: list[Check]
    images: list[KeyImage] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    """Knowledge ids cited (`knowledge:<entry>`) to their citation text."""
    evidence: dict[str, Evidence] = field(default_factory=dict)
    provenance: list[str] = field(default_factory=list)
    """Which build, configuration and input files produced the result, one line each (`provenance_lines`)."""


def _number(value: Any, unit: str | None) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    text = f"{value:.1f}" if isinstance(value, float) and not float(value).is_integer() else f"{value:g}"
    suffix = DISPLAY_UNITS.get(unit or "", unit or "")
    return f"{text} {suffix}".strip()


def clinical_section(result: CaseResult, case: Case | None) -> list[Sentence]:
    """The question, its options and the (scrubbed) clinical context."""
    out = []
    ids = [e.id for e in result.evidence if e.id == "check:case:identifiers_removed"]
    question = result.question or (case.question if case else None)
    out.append(Sentence(f"Clinical question: {question}" if question else
                        "Clinical question: none given; a full work-up was requested.", ids))
    if result.choices:
        out.append(Sentence("Options: " + "; ".join(f"{k}. {v}" for k, v in result.choices.items()) + "."))
    if case is not None:
        from privacy.deid import scrub_case

        context = scrub_case(case)[0].context
        facts = [f"age {context.age}" if context.age is not None else "",
                 {"M": "male", "F": "female", "O": "other"}.get(context.sex or "", ""),
                 f"history: {context.history}" if context.history else ""]
        if any(facts):
            out.append(Sentence("Clinical context: " + ", ".join(f for f in facts if f) + ".", ids))
    return out


def technique_section(result: CaseResult, image: Any) -> list[Sentence]:
    """Modality, file name (never the folder), spacing, shape and coverage, segmentation backend."""
    by_id = result.evidence_by_id()
    out = []
    checks = [i for i in ("check:current:0:modality", "check:current:0:spacing", "check:current:0:dimensionality")
              if i in by_id]
    if image is not None:
        if image.meta.get("format") == "dicom-series":  # a series folder's name may be the patient's: not shown
            name = f"(DICOM series of {image.meta.get('n_slices', '?')} slices)"
        else:
            name = Path(str(image.source).split("#")[0]).name or "image"
        shape = tuple(int(n) for n in image.array.shape)
        declared = by_id.get("check:current:0:modality")
        modality = image.modality or (declared.value if declared is not None else None)
        text = f"{modality or 'unknown modality'} study {name}, {image.meta.get('format', 'image')}"
        out.append(Sentence(text + ".", checks[:1]))
        if image.spacing is not None and len(shape) == 3:
            spacing = " x ".join(f"{s:g}" for s in image.spacing)
            cover = " x ".join(f"{n * s:.0f}" for n, s in zip(shape, image.spacing, strict=True))
            out.append(Sentence(f"Voxel spacing {spacing} mm; matrix {shape[0]} x {shape[1]} with {shape[2]} axial "
                                f"slices, covering {cover} mm (left-right x anterior-posterior x craniocaudal).",
                                checks[1:]))
    backends = sorted({str(e.provenance.backend) for e in result.evidence
                       if e.kind == "segmentation" and e.provenance.backend})
    seg_ids = [e.id for e in result.evidence if e.id == "check:current:0:segmented"]
    if backends:
        versions = sorted({str(e.provenance.version) for e in result.evidence
                           if e.kind == "measurement" and e.provenance.version})
        out.append(Sentence(f"Segmentation backend: {', '.join(backends)}; measurements: {', '.join(versions) or 'n/a'}.",
                            seg_ids))
    return out


def findings_section(result: CaseResult) -> dict[str, list[Sentence]]:
    """The structured findings, grouped by organ (prior studies under their own heading), and each lesion mask the
    segmentation found that no finding measured (a renal cyst found while the liver was asked about): a report
    never drops a lesion the evidence holds."""

    grouped: dict[str, list[Sentence]] = defaultdict(list)
    for finding in result.findings:
        grouped[finding.organ.replace("_", " ")].append(Sentence(finding.statement.replace("_", " ") + ".",
                                                                  list(finding.evidence_ids)))
    said = " ".join(f.statement for f in result.findings)
    counts = {e.target: e.value for e in result.evidence if e.kind == "segmentation" and e.name == "voxel_count"}
    for e in result.evidence:
        if (e.kind == "segmentation" and e.name == "present" and e.value is True and is_lesion(e.target)
                and f"({e.target})" not in said and counts.get(e.target)):
            grouped[family(e.target).replace("_", " ")].append(Sentence(
                f"a lesion was segmented in the {e.target} mask but not measured for this question (ask about it, or "
                "see the label map).", [e.id]))
    return dict(grouped)


def measurement_rows(result: CaseResult) -> list[Evidence]:
    """Numeric measurements with a unit, in evidence order."""
    return [e for e in result.evidence if e.kind == "measurement" and e.unit not in (None, "slice")
            and isinstance(e.value, (int, float)) and not isinstance(e.value, bool)]


def enlarged_organs(result: CaseResult, profile: str = "deeptumorvqa",
                    small: bool = False) -> list[tuple[str, Sentence]]:
    """Organs whose measured volume a knowledge-base criterion calls enlarged - and with `small` also atrophic /
    small - with the sentence saying so: an abnormal size the evidence holds is in the impression whatever the
    question asked (key images are drawn for the enlarged ones)."""
    from knowledge import load_base

    volumes = {e.target: e for e in result.evidence if e.kind == "measurement" and e.name == "volume_ml"
               and e.target and ":" not in e.target and isinstance(e.value, (int, float))}
    out: list[tuple[str, Sentence]] = []
    entries = [e for e in load_base(profile=profile).entries if e.criterion is not None
               and len(e.criterion.quantities) == 1 and e.criterion.quantities[0].quantity.endswith(".volume_ml")
               and any(w in label for label in e.criterion.labels for w in ENLARGED_WORDS + SMALL_WORDS)]
    for organ, item in volumes.items():
        if is_lesion(organ):
            continue
        for entry in entries:  # a kidney's criterion serves each side; a liver's is never a segment's
            if entry.criterion.quantities[0].quantity.split(".")[0] != organ.removesuffix("_left").removesuffix("_right"):
                continue
            try:
                verdict = entry.classify({f"{organ}.volume_ml": float(item.value)}, target=organ)
            except (ValueError, KeyError):
                continue
            label = verdict.label
            if label.startswith("no "):
                continue
            if any(w in label for w in ENLARGED_WORDS):
                said = f"enlarged ({label})" if "enlarg" not in label else label
            elif small and any(w in label for w in SMALL_WORDS):
                said = label
            else:
                continue
            out.append((organ, Sentence(f"{organ.replace('_', ' ')} {said}: volume {_number(item.value, 'mL')}; "
                                        f"{verdict.rule}.", [item.id, f"knowledge:{entry.id}"])))
            break
    return out


def impression_section(result: CaseResult, enlarged: list[tuple[str, Sentence]]) -> list[Sentence]:
    """Lesions by organ with the largest diameter, enlarged organs, and the answer or why there is none."""
    out = []
    lesions = [f for f in result.findings if f.lesion and not f.organ.startswith("prior")
               and ("volume_ml" in f.measurements or "longest_diameter_mm" in f.measurements)]
    by_organ: dict[str, list[Any]] = defaultdict(list)
    for f in lesions:
        by_organ[f.organ].append(f)
    bounded = {str(e.target).split("_")[0]: e for e in result.evidence if e.name == "lesion_count_lower_bound"}
    for organ, items in by_organ.items():
        sized = [f for f in items if "longest_diameter_mm" in f.measurements]
        largest = max(sized, key=lambda f: f.measurements["longest_diameter_mm"], default=None)
        at_least = "at least " if organ.split("_")[0] in bounded else ""  # the lesion search found these, maybe not all
        text = f"{organ.replace('_', ' ')}: {at_least}{len(items)} lesion(s)"
        refs = [i for f in items for i in f.evidence_ids if i.endswith(":volume_ml")]
        bound = bounded.get(organ.split("_")[0])
        if bound is not None and bound.reason:  # say why "at least": a reader cannot guess it
            text += f" ({bound.reason})"
            refs.append(bound.id)
        if largest is not None:
            text += f", largest {largest.measurements['longest_diameter_mm']:.1f} mm in longest axial diameter"
            refs = [i for i in largest.evidence_ids if i.endswith(":longest_diameter_mm")] + refs
        out.append(Sentence(text + ".", refs))
    out += segmented_lesions(result, {organ.split("_")[0] for organ in by_organ})
    out += [s for _, s in enlarged]
    if not out and result.status != "rejected":
        unknown = [e for e in result.evidence if e.kind == "segmentation" and e.name == "present" and e.value is None
                   and is_lesion(str(e.target).removeprefix("prior:"))]
        if unknown:
            names = ", ".join(dict.fromkeys(str(e.target).replace("_", " ") for e in unknown))
            out.append(Sentence(f"No lesion was segmented, but whether there are lesions is unknown where a lesion "
                                f"mask is missing ({names}); no organ measured as enlarged.", [e.id for e in unknown]))
        else:
            out.append(Sentence("No lesion was segmented and no organ measured as enlarged.",
                                [e.id for e in result.evidence if e.kind == "segmentation" and e.name == "present"
                                 and e.value is False and is_lesion(str(e.target))][:3]))
    return out


def segmented_lesions(result: CaseResult, said: set[str]) -> list[Sentence]:
    """Impression lines for each non-empty lesion mask of the current study whose organ no measured lesion finding
    covers (`said`: organ families already listed), from the same evidence `findings_section` lists it by (segmentation
    `present` True and its `voxel_count`): the impression never says "no lesion" while a finding shows one."""

    counts = {e.target: e.value for e in result.evidence if e.kind == "segmentation" and e.name == "voxel_count"}
    out = []
    for e in result.evidence:
        target = str(e.target)
        if (e.kind == "segmentation" and e.name == "present" and e.value is True and is_lesion(target)
                and ":" not in target and counts.get(target) and family(target) not in said):
            out.append(Sentence(f"{family(target).replace('_', ' ')}: a lesion segmented in the {target} mask, not "
                                "measured for this question.", [e.id]))
    return out


def answer_section(result: CaseResult) -> list[Sentence]:
    """The answer with the evidence it rests on, or the status and its reasons."""
    if result.status == "answered" and result.answer_detail is not None:
        detail = result.answer_detail
        if not result.question:
            return [Sentence("A full work-up was requested: the findings, measurements and impression above are "
                             f"the answer ({len(detail.evidence_ids)} evidence items cited).", list(detail.evidence_ids))]
        return [Sentence("Answer: " + answer_display(detail.choice, detail.text), list(detail.evidence_ids))]
    failed = {c.name: c.evidence_ids for c in (result.review.checks if result.review else []) if not c.passed}
    reasons = [Sentence(f"The case was {result.status}; no answer is given.")]
    for reason, name in zip(result.reasons, result.reason_checks or [None] * len(result.reasons), strict=False):
        reasons.append(Sentence(reason, list(failed.get(name, [])) if name else []))
    return reasons


def build_report(result: CaseResult, image: Any, case: Case | None = None, profile: str = "deeptumorvqa") -> Report:
    """Assembles every section except the key images (see `orchestrator.reports.keyimages`)."""
    from knowledge import load_base

    enlarged = enlarged_organs(result, profile, small=True) if result.status != "rejected" else []
    report = Report(case_id=shareable_key(result.case_id), status=result.status, clinical=clinical_section(result, case),
                    technique=technique_section(result, image), findings=findings_section(result),
                    measurements=measurement_rows(result), impression=impression_section(result, enlarged),
                    answer=answer_section(result), checks=list(result.review.checks) if result.review else [],
                    evidence=result.evidence_by_id(), provenance=provenance_lines(result))
    cited = {r.removeprefix("knowledge:") for s in report.impression for r in s.refs if r.startswith("knowledge:")}
    if cited:
        base = {e.id: e for e in load_base(profile=profile).entries}
        report.sources = {f"knowledge:{i}": f"{base[i].title} ({base[i].citation})" for i in cited if i in base}
    return report


def provenance_lines(result: CaseResult) -> list[str]:
    """The result's provenance as lines a reader can cite: build, backends, configuration hash, input SHA-256s."""
    run = result.provenance
    if run is None:
        return []
    build = f"{run.software} {run.version}" + (f", git commit {run.git_commit}" if run.git_commit else "")
    build += " (with uncommitted changes)" if run.git_dirty else ""
    lines = [f"Software: {build}; Python {run.python}",
             "Backends: " + ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in run.backends.items()),
             f"Configuration SHA-256: {run.config_sha256} (the configuration itself is in result.json)"]
    for item in run.inputs:
        what = f"{item.image} ({item.role}, {item.kind}{f', {item.files} files' if item.kind == 'folder' else ''})"
        lines.append(f"Input {what} SHA-256: {item.sha256}"
                     + (f"; its masks SHA-256: {item.masks_sha256}" if item.masks_sha256 else ""))
    return lines
