"""The segmentation agent: masks for the current (and prior) image, put in the artifact store.

Uses the masks provided with an image (`ImageRef.masks`) when `config.use_provided_masks` is
on, else the configured backend (`config.segmenter` with `config.segmenter_options`). Every
structure gets segmentation evidence: whether it is present, its voxel count, the backend. A
backend failure is a failed check in the evidence, never an exception through the graph.

Feedback it acts on: none. Every shipped backend is deterministic for a given image and
configuration, so a revision round would return the same masks; the graph does not send it one
(`acts_on_feedback`), and the case abstains with the reviewer's reason instead.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from langgraph.runtime import Runtime

from agents.segmenters import Segmentation, Segmenter, SegmenterError, get_segmenter
from agents.segmenters.completion import audit_lesion_masks
from core.case import Evidence, ImageRef, TraceStep
from core.context import Context
from core.state import CaseState

KEYS = {"current:0": "masks", "prior:0": "prior_masks"}
"""Image key in `state.images` -> the state field its masks go to."""


def node(state: CaseState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Segments each image read by triage; returns `masks`, `prior_masks`, `evidence`, `trace`."""
    context = runtime.context
    update: dict[str, Any] = {"masks": {}, "prior_masks": {}, "evidence": [], "trace": []}
    for key, field in KEYS.items():
        image_id = state.images.get(key)
        if image_id is None:
            continue
        image = context.store.get(image_id)
        ref = image_ref(state, key)
        started = time.perf_counter()
        try:
            segmenter = choose_segmenter(ref, context)
            result = segmenter.segment(image, None)
        except SegmenterError as exc:
            update["evidence"].append(Evidence.make("check", "segmentation", "segmented", key, passed=False, value=False,
                                                    reason=f"{type(exc).__name__}: {exc}"))
            continue
        prefix = "" if key == "current:0" else "prior:"
        audit = audit_lesion_masks(result, prefix) if result.backend == "provided" else None  # missing is not zero
        result = audit.segmentation if audit is not None else result
        ids, evidence = _store(result, context, prefix, image.spacing)
        evidence += audit.evidence if audit is not None else []
        update[field] = ids
        update["evidence"] += [Evidence.make("check", "segmentation", "segmented", key, passed=True, value=True,
                                             reason=f"{len(ids)} structure(s) from backend {result.backend!r}"),
                               *evidence, *_absent(state, result, prefix)]
        update["trace"].append(TraceStep(node="segmentation", tool=result.backend, inputs={"image": key},
                                         outputs={"structures": sorted(ids)}, duration_s=round(time.perf_counter() - started, 6)))
    return update


def image_ref(state: CaseState, key: str) -> ImageRef | None:
    """The case image behind an image key (`current:0` is the first current image, ...)."""
    role, _, index = key.partition(":")
    same_role = [im for im in state.case.images if im.role == role]
    return same_role[int(index)] if index.isdigit() and int(index) < len(same_role) else None


def choose_segmenter(ref: ImageRef | None, context: Context) -> Segmenter:
    """Provided masks when the image has them and the config allows, else the configured backend."""
    config = context.config
    if config.use_provided_masks and ref is not None and ref.masks:
        return get_segmenter("provided", source=ref.masks)
    return context.backend("segmenter", lambda: get_segmenter(config.segmenter, **config.segmenter_options))


def _store(result: Segmentation, context: Context, prefix: str, spacing: Any) -> tuple[dict[str, str], list[Evidence]]:
    ids, evidence = {}, []
    notes = result.details.get("structures", {})
    voxel_ml = float(np.prod(spacing)) / 1000.0 if spacing is not None and len(spacing) == 3 else None
    for name, mask in result.masks.items():
        mask_id = context.store.put("mask", f"{prefix}{name}", mask)
        ids[name] = mask_id
        count = int(np.count_nonzero(mask.array))
        provenance = {"mask": mask_id, "backend": result.backend, "voxel_count": count,
                      "volume_ml": count * voxel_ml if voxel_ml else None, "source": mask.source,
                      **({"geometry": notes[name]} if name in notes else {})}
        target = f"{prefix}{name}"
        evidence.append(Evidence.make("segmentation", "segmentation", "present", target, value=count > 0, provenance=provenance))
        evidence.append(Evidence.make("segmentation", "segmentation", "voxel_count", target, value=count, unit="count",
                                      provenance=provenance))
    return ids, evidence


def _absent(state: CaseState, result: Segmentation, prefix: str) -> list[Evidence]:
    """Structures the plan names that the backend did not produce: present = False, with the reason."""
    wanted = state.plan.organs if state.plan is not None else []
    return [Evidence.make("segmentation", "segmentation", "present", f"{prefix}{name}", value=False,
                          reason=f"backend {result.backend!r} produced no {name!r} mask", provenance={"backend": result.backend})
            for name in wanted if name not in result.masks and "/" not in name and not name.endswith("_lesion")]


def acts_on_feedback(state: CaseState, runtime: Any = None) -> bool:
    """Segmentation uses no feedback: the same image and backend give the same masks."""
    return False
