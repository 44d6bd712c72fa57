"""Key images of a case: every measured lesion, every enlarged organ, and prior beside current."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import numpy as np
from scipy import ndimage

from core.case import CaseResult, Evidence
from core.store import ArtifactStore, artifact_id
from imaging.volume import AXIAL_SLICE_NUMBERING, LabelMap
from orchestrator.overlay import COLOURS
from orchestrator.reports.axes import recist_axes
from orchestrator.reports.content import KeyImage, Sentence
from orchestrator.reports.figures import Panel, is_lesion, render_png

SHOWN = frozenset(COLOURS) | {"gall_bladder"}
"""Organs whose contours give context on every key image."""


def _masks(store: ArtifactStore, case_id: str, prefix: str = "") -> dict[str, LabelMap]:
    """The study's organ and lesion masks worth drawing (no body, bone or sub-segments)."""
    head = artifact_id("mask", case_id, prefix)
    out = {}
    for mask_id in store.ids("mask"):
        name = mask_id.removeprefix(head)
        if not mask_id.startswith(head) or ":" in name:
            continue
        if name in SHOWN or is_lesion(name):
            out[name] = store.get(mask_id)
    return out


def _instance(mask: np.ndarray, k: int, ends: Any) -> np.ndarray:
    """The connected lesion through the measured diameter's first end (the largest one on slice k otherwise)."""
    labels, _ = ndimage.label(mask)
    if ends:
        i, j = (int(round(v)) for v in ends[0])
        if labels[i, j, k]:
            return labels == labels[i, j, k]
    on_slice = labels[:, :, k]
    if not on_slice.any():
        return mask
    counts = np.bincount(on_slice[on_slice > 0])
    return labels == int(np.argmax(counts))


def _largest_slice(mask: np.ndarray) -> int:
    return int(np.argmax(mask.reshape(-1, mask.shape[2]).sum(axis=0)))


def _axes_notes(plane: np.ndarray, spacing: tuple[float, ...], measured: Mapping[str, Evidence]) -> tuple[Any, list[str]]:
    axes = recist_axes(plane, (float(spacing[0]), float(spacing[1])))
    notes = [f"{e.name.replace('_', ' ')}: {e.value:.1f} {e.unit}  [{e.id}]" for e in measured.values()
             if isinstance(e.value, (int, float))]
    return axes, notes


def lesion_images(result: CaseResult, store: ArtifactStore) -> list[KeyImage]:
    """One key image per measured lesion of the current study, on its longest-diameter slice."""
    by_id = result.evidence_by_id()
    image_id = artifact_id("img", result.case_id, "current:0")
    if image_id not in store:
        return []
    image, masks = store.get(image_id), _masks(store, result.case_id)
    out = []
    for finding in result.findings:
        lesion = finding.lesion
        if not lesion or lesion.startswith("prior") or "longest_diameter_slice" not in finding.measurements:
            continue
        diameter = by_id.get(f"measurement:{lesion}:longest_diameter_mm")
        mask_ids = (diameter.provenance.masks or []) if diameter is not None else []
        if not mask_ids or mask_ids[0] not in store:
            continue
        k = int(finding.measurements["longest_diameter_slice"])
        mask = store.get(mask_ids[0])
        instance = _instance(mask.array, k, diameter.provenance.endpoints_ij)
        measured = {n: by_id[i] for n in ("longest_diameter_mm", "short_axis_mm")
                    if (i := f"measurement:{lesion}:{n}") in by_id}
        axes, notes = _axes_notes(instance[:, :, k], image.spacing, measured)
        shown = dict(masks) | {lesion: LabelMap(instance, mask.affine, mask.spacing, lesion)}
        shown.pop(mask.name, None)
        title = f"{lesion.replace('_', ' ')} ({finding.organ}) — axial slice {k} ({AXIAL_SLICE_NUMBERING})"
        png = render_png([Panel(image, shown, k, title, axes, notes)])
        caption = Sentence(f"{title}: drawn long axis {axes.long.length_mm:.1f} mm"
                           + (f", short axis {axes.short.length_mm:.1f} mm" if axes.short else "")
                           + " (recomputed on the slice for drawing; the measured values are in the table).",
                           [e.id for e in measured.values()] or list(finding.evidence_ids[:2]))
        out.append(KeyImage(title, png, caption))
    return out


def organ_images(result: CaseResult, store: ArtifactStore, enlarged: list[tuple[str, Sentence]]) -> list[KeyImage]:
    """One key image per enlarged organ, on the axial slice of its largest area."""
    image_id = artifact_id("img", result.case_id, "current:0")
    if image_id not in store:
        return []
    image, masks = store.get(image_id), _masks(store, result.case_id)
    out = []
    for organ, sentence in enlarged:
        if organ not in masks:
            continue
        k = _largest_slice(masks[organ].array)
        axes, _ = _axes_notes(masks[organ].array[:, :, k], image.spacing, {})
        title = f"{organ.replace('_', ' ')} — axial slice {k} ({AXIAL_SLICE_NUMBERING}; largest area)"
        png = render_png([Panel(image, masks, k, title, axes, [sentence.text])])
        out.append(KeyImage(title, png, sentence))
    return out


def comparison_images(result: CaseResult, store: ArtifactStore) -> list[KeyImage]:
    """Prior beside current: the largest lesion (or the organ whose volume changed) on each study."""
    prior_id, current_id = artifact_id("img", result.case_id, "prior:0"), artifact_id("img", result.case_id, "current:0")
    if prior_id not in store or current_id not in store:
        return []
    changes = [e for e in result.evidence if e.kind == "measurement" and ("change" in e.name or e.name == "response")]
    current, prior = _masks(store, result.case_id), _masks(store, result.case_id, "prior:")
    focus = next((n for n in current if is_lesion(n) and current[n].array.any()), None)
    if focus is None:
        focus = next((e.target for e in changes if e.target in current), None)
    if focus is None:
        return []
    panels = []
    for label, image_key, masks in (("prior", prior_id, prior), ("current", current_id, current)):
        image = store.get(image_key)
        mask = masks.get(focus)
        k = _largest_slice(mask.array) if mask is not None and mask.array.any() else image.array.shape[2] // 2
        plane = mask.array[:, :, k] if mask is not None else np.zeros(image.array.shape[:2], bool)
        axes = recist_axes(_instance(mask.array, k, None)[:, :, k] if mask is not None and plane.any() else plane,
                           (float(image.spacing[0]), float(image.spacing[1])))
        panels.append(Panel(image, masks, k, f"{label} study — axial slice {k} ({AXIAL_SLICE_NUMBERING})", axes))
    studies = {"target_lesions", "new_lesions", "recist"} if is_lesion(focus) else {focus}
    changes = [e for e in changes if e.target in studies and not (isinstance(e.value, float) and e.value == 0.0
                                                                  and e.target not in ("target_lesions", "recist"))]
    text = "; ".join(f"{e.target}: {e.name.replace('_', ' ')} {e.value if not isinstance(e.value, float) else round(e.value, 1)}"
                     f"{' ' + e.unit if e.unit else ''}" for e in changes) or "no change measured"
    png = render_png(panels, suptitle="\n".join(textwrap.wrap(f"{focus.replace('_', ' ')}: {text}", 110)))
    return [KeyImage("prior and current", png, Sentence(f"Prior beside current ({focus.replace('_', ' ')}): {text}.",
                                                        [e.id for e in changes]))]
