"""`clinorch demo`: a bundled phantom case through every agent, shown step by step."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.table import Table

from core.case import Case, CaseResult, ImageRef
from core.store import ArtifactStore, artifact_id
from orchestrator.report import console, evidence_table, id_width, plain, print_summary, review_table

DEMO_CASE = Path(__file__).resolve().parent.parent / "demos" / "demo_case.json"


def _prepare(out: Path, full_size: bool) -> tuple[dict[str, Any], Path]:
    """Writes the demo phantom (once) and returns the demo spec and the case folder."""
    from synthetic.phantom import PhantomSpec, make_phantom

    spec = json.loads(DEMO_CASE.read_text())
    phantom_spec = PhantomSpec(**spec["phantom"], full_size=full_size)
    case_dir = out / ("phantom_full" if full_size else "phantom")
    stamp = case_dir / "spec.json"
    wanted = json.dumps(spec["phantom"] | {"full_size": full_size}, sort_keys=True)
    if not stamp.exists() or stamp.read_text() != wanted or not (case_dir / "lesion_masks").is_dir():
        with console.status("writing the CT phantom (ct.nii.gz + segmentations/ + ground truth)..."):
            make_phantom(case_dir, phantom_spec)
        _copy_lesion_masks(case_dir)
        stamp.write_text(wanted)
    return spec, case_dir


LESION_MASKS = ("pancreas_tumor", "liver_tumor", "kidney_cyst", "kidney_tumor")
"""The phantom's lesion annotations the demo hands over, as a reader's lesion masks would be: the classical lesion
search alone finds a lower bound of the lesions (`agents.measures.bounded`), so without them the tumour found is not
known to be the largest and its T stage is not decided. The organs are the classical segmenter's
(`agents.segmentation.fill_gaps`)."""


def demo_image(case_dir: Path) -> ImageRef:
    """The demo phantom's CT (written by `_prepare`) with its lesion masks (`LESION_MASKS`) as provided masks; the
    organs left to the configured segmenter."""
    return ImageRef(path=str(case_dir / "ct.nii.gz"), modality="CT", masks=str(case_dir / "lesion_masks"))


def _copy_lesion_masks(case_dir: Path) -> None:
    """`lesion_masks/`: only the phantom's lesion masks, copied from its `segmentations/` when the phantom is written."""
    import shutil

    folder = case_dir / "lesion_masks"
    folder.mkdir(exist_ok=True)
    for name in LESION_MASKS:
        source = case_dir / "segmentations" / f"{name}.nii.gz"
        if source.exists():
            shutil.copyfile(source, folder / source.name)


def _progress(event: dict[str, Any]) -> None:
    if event.get("event") == "start":
        console.print(f"[cyan]▶ {event['node']}[/cyan]")
    elif event.get("event") == "end":
        summary = event.get("summary", {})
        detail = ", ".join(f"{k}: {len(v) if isinstance(v, list) else v}" for k, v in summary.items())
        console.print(f"  [green]✓[/green] {event['node']} [dim]{event['duration_s'] * 1000:.0f} ms  {escape(detail)}[/dim]")


def describe_phantom(truth: dict[str, Any]) -> list[str]:
    """What the phantom is, in sentences taken from its ground truth alone (grid, lesions with place and size)."""
    image = truth["image"]
    spacing = " x ".join(f"{s:g}" for s in image["spacing_mm"])
    lines = [f"Phantom (ground truth): {' x '.join(map(str, image['shape']))} voxels at {spacing} mm, "
             f"file orientation {image['file_orientation']}."]
    for mask, item in truth.get("lesion_masks", {}).items():
        for lesion in item.get("instances", []):
            where = lesion.get("location") or lesion.get("organ") or "?"
            lines.append(f"  {mask.replace('_', ' ')} {lesion['instance']} in {where.replace('_', ' ')}: "
                         f"{lesion['longest_diameter_mm']:.1f} mm longest axial diameter, {lesion['volume_ml']:.1f} mL.")
    return lines


def _ground_truth_table(result: CaseResult, truth: dict[str, Any]) -> Table | None:
    """Measured values next to the phantom's ground truth, where both exist."""
    from synthetic.phantom import lookup_truth

    table = Table(title="Measured vs phantom ground truth")
    table.add_column("evidence", no_wrap=True, min_width=id_width(result.evidence, ("measurement",)))
    for col in ("measured", "truth", "unit"):
        table.add_column(col)
    rows = 0
    for e in result.evidence:
        if e.kind != "measurement" or not isinstance(e.value, (int, float)) or isinstance(e.value, bool):
            continue
        expected = lookup_truth(truth, e.target or "", e.name)
        if expected is None:
            continue
        table.add_row(plain(e.id), f"{e.value:.2f}", f"{expected:.2f}", plain(e.unit or ""))
        rows += 1
    return table if rows else None


def run_demo(out: Path, question: str | None = None, full_size: bool = False) -> CaseResult:
    """Runs the demo case and writes `result.json` and `overlay.png` into `out`."""
    from orchestrator.api import artifact_types, run
    from orchestrator.reports import write_outputs

    out.mkdir(parents=True, exist_ok=True)
    spec, case_dir = _prepare(out, full_size)
    case = Case.model_validate(spec["case"])
    case.images = [demo_image(case_dir)]
    if question:
        case = case.model_copy(update={"question": question, "choices": None})
    console.rule(f"clinorch demo — case {case.case_id}")
    truth = json.loads((case_dir / "ground_truth.json").read_text())
    for line in describe_phantom(truth):
        console.print(line)
    console.print(f"[bold]Question:[/bold] {escape(case.question or '')}")
    if case.choices:
        console.print("  " + escape("   ".join(f"{k}. {v}" for k, v in case.choices.items())))
    store = ArtifactStore(case.case_id, types=artifact_types())
    result = run(case, on_event=_progress, store=store)
    console.print(evidence_table(result.evidence))
    table = _ground_truth_table(result, truth)
    if table is not None:
        console.print(table)
    if result.review is not None:
        console.print(review_table(result.review))
    print_summary(result)
    (out / "result.json").write_text(result.model_dump_json(indent=2))
    overlay = _overlay(result, store, out, spec["show"])
    written = write_outputs(result, store, out, case)
    files = [out / "result.json", *([overlay] if overlay else []), *written.files.values()]
    console.print("wrote " + escape(", ".join(str(f) for f in files)))
    return result


def _overlay(result: CaseResult, store: ArtifactStore, out: Path, show: dict[str, str]) -> Path | None:
    """Draws the slice of the lesion's longest diameter with the contours clinorch segmented."""
    from orchestrator.overlay import render_axial

    if result.status == "rejected":
        return None
    image = store.get(artifact_id("img", result.case_id, "current:0"))
    names = ["liver", "spleen", "kidney_left", "kidney_right", "pancreas", "aorta", show["mask"]]
    masks = {n: store.get(i) for n in names if (i := artifact_id("mask", result.case_id, n)) in store}
    by_id = result.evidence_by_id()
    group = show["lesion_group"]
    slice_item = by_id.get(f"measurement:{group}:largest_lesion_slice") or by_id.get(f"measurement:{group}_1:longest_diameter_slice")
    diameter = by_id.get(f"measurement:{group}:largest_lesion_diameter_mm") or by_id.get(f"measurement:{group}_1:longest_diameter_mm")
    if slice_item is None or not isinstance(slice_item.value, (int, float)):
        return None
    k = int(slice_item.value)
    ends = diameter.provenance.endpoints_ij if diameter is not None else None
    title = f"slice k={k}"
    if diameter is not None and isinstance(diameter.value, (int, float)):
        title += f"  longest axial diameter {diameter.value:.1f} mm"
    return render_axial(image, masks, k, out / "overlay.png", diameter_ij=ends, title=title)
