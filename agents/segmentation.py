"""The segmentation agent: masks for the current image and every prior one, put in the artifact store.

Uses the masks provided with an image (`ImageRef.masks`) when `config.use_provided_masks` is
on, else the configured backend (`config.segmenter` with `config.segmenter_options`). Structures
the plan needs that a provided mask set lacks are filled in by the configured backend, each mask
with its own provenance; lesion masks it lacks are looked for with the lesion finder inside the
provided organs (`completion`: completed as empty only when nothing new is found). Every structure gets segmentation evidence: whether it is present, its
voxel count, the backend. A structure the plan needs that is not found (no mask, or an empty one)
is `present = False` evidence whose reason names it and the remedy (provide its mask, or configure
a model backend). A backend that fails on this image is a failed check in the evidence; a backend
that cannot run at all (`SegmenterUnavailable`: package, weights or path missing) raises, because
an infrastructure failure is not a clinical outcome.

Feedback it acts on: none. Every shipped backend is deterministic for a given image and
configuration, so a revision round would return the same masks; the graph does not send it one
(`acts_on_feedback`), and the case abstains with the reviewer's reason instead.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import cc3d
import numpy as np
from langgraph.runtime import Runtime

from agents.segmenters import Segmentation, Segmenter, SegmenterError, SegmenterUnavailable, get_segmenter
from agents.segmenters.completion import audit_lesion_masks, complete_lesion_masks
from agents.segmenters.hu_error import plausible_hu_error
from agents.segmenters.lesion_search import lower_bound_masks
from agents.segmenters.volume_error import plausible_errors
from core.absence import ABSENT
from core.anatomy import LESION_GROUPS, STUDY_TARGETS, expand_paired
from core.case import Evidence, ImageRef, TraceStep
from core.context import Context
from core.state import CaseState
from knowledge.bounds import LESIONS_EXHAUSTIVE
from knowledge.uncertainty import PLAUSIBLE_ERROR


def mask_prefix(key: str) -> str:
    """Prefix of a study's mask names and evidence targets: none for `current:0`, `prior:` for
    `prior:0` (one prior study, the common case), `prior:1:` ... for further priors."""
    return "" if key == "current:0" else "prior:" if key == "prior:0" else f"{key}:"


def node(state: CaseState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Segments the current image and each prior; returns `masks`, `prior_masks`, `evidence`, `trace`."""
    context = runtime.context
    update: dict[str, Any] = {"masks": {}, "prior_masks": {}, "evidence": [], "trace": []}
    keys = ["current:0", *sorted(k for k in state.images if k.startswith("prior:"))]
    for key in keys:
        image_id = state.images.get(key)
        if image_id is None:
            continue
        image = context.store.get(image_id)
        ref = image_ref(state, key)
        started = time.perf_counter()
        try:
            segmenter = choose_segmenter(ref, context)
            result = segmenter.segment(image, None)
            if result.backend == "provided":
                result = fill_gaps(result, needed(state), image, context)
                if context.config.segmenter != "provided":  # missing lesion masks: looked for before called unknown
                    result = complete_lesion_masks(image, result)
        except SegmenterUnavailable:
            raise  # no model to run: a configuration error for the caller, not evidence about the patient
        except SegmenterError as exc:
            update["evidence"].append(Evidence.make("check", "segmentation", "segmented", key, passed=False, value=False,
                                                    reason=f"{type(exc).__name__}: {exc}"))
            continue
        prefix = mask_prefix(key)
        audit = audit_lesion_masks(result, prefix)  # missing is not zero, whichever backend left it out
        result = audit.segmentation
        ids, evidence = _store(result, context, prefix, image)
        evidence += [*audit.evidence, *_not_exhaustive(result, ids, prefix), *_volume_errors(result, ids, prefix, image.spacing),
                     *_hu_errors(result, ids, prefix)]
        absent = _absent(state, result, prefix)
        replaced = {e.id for e in absent}
        if key == "current:0":
            update["masks"] = ids
        else:
            update["prior_masks"][key] = ids
        update["evidence"] += [Evidence.make("check", "segmentation", "segmented", key, passed=True, value=True,
                                             reason=f"{len(ids)} structure(s) from backend {result.backend!r}"),
                               *(e for e in evidence if e.id not in replaced), *absent]
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
        return get_segmenter("provided", source=context.real_path(ref.masks), label=ref.masks)
    segmenter: Segmenter = context.segmenter
    return segmenter


REMEDY = ("provide its mask (--masks DIR, or 'masks' in the case file) or configure a model backend "
          "(--segmenter totalsegmentator, nnunet or monai, with its weights)")


def needed(state: CaseState) -> list[str]:
    """Structures the plan names that a segmenter produces (organs, not derived pairs or lesion groups)."""
    organs = state.plan.organs if state.plan is not None else []
    return [name for name in organs if "/" not in name and not name.endswith("_lesion") and name not in STUDY_TARGETS]


def fill_gaps(provided: Segmentation, structures: list[str], image: Any, context: Context) -> Segmentation:
    """Provided masks, plus the needed structures they lack from the configured backend (its provenance kept per mask).

    The configured backend failing on the image leaves the gaps as they were (they become not-found evidence).
    """
    missing = [name for name in structures if name not in provided.masks]
    config = context.config
    if not missing or config.segmenter == "provided":
        return provided
    backend = context.segmenter
    try:
        extra = backend.segment(image, missing)
    except SegmenterUnavailable:
        raise
    except SegmenterError as exc:  # noqa: B014 - the subclass above must propagate
        return Segmentation(provided.masks, provided.backend, {**provided.details, "gap_fill_error": f"{type(exc).__name__}: {exc}"})
    masks = dict(provided.masks)
    origin = {name: provided.backend for name in masks}
    refused = outline_disagreements(provided.masks, extra.masks)
    for name, mask in extra.masks.items():
        if name in refused:
            continue
        if name not in masks and (name in missing or any(name.startswith(f"{m}_") for m in missing)):
            kept = without_provided_lesions(mask, provided.masks)
            kept = inside_provided_hosts(kept, provided.masks) if kept is not None else None
            if kept is not None:  # all of it the provided lesions, or outside the provided organs: the mask stays
                # missing (unknown, then completed)
                masks[name], origin[name] = kept, extra.backend
    bounds = {n: why for n, why in lower_bound_masks(extra.details).items() if origin.get(n) == extra.backend}
    bounds |= lower_bound_masks(provided.details)
    return Segmentation(masks, provided.backend, {**provided.details, "backend_per_structure": origin,
                                                  "gap_fill": {"backend": extra.backend, "structures": missing,
                                                               **({"refused": refused} if refused else {})},
                                                  **({"lesion_counts": bounds} if bounds else {})})


def without_provided_lesions(mask: Any, provided: dict[str, Any]) -> Any | None:
    """A backend's lesion mask without the lesions a provided lesion mask of its group already holds (26-connected
    pieces touching any provided voxel): a provided mask types its lesions, so a tumour the provider drew is not also a
    cyst of the backend's (suite AP, incomplete masks: the classical search filled the missing `kidney_cyst` with the
    -30 HU tumour of the provided `kidney_tumor`, which then counted twice and answered "a cyst is present"). None when
    nothing else is left (the mask then stays missing, so unknown until looked for). Other masks, and a lesion mask no
    provided one overlaps, are returned as they are."""
    group = next((g for g in LESION_GROUPS if mask.name in g.lesion_masks), None)
    if group is None:
        return mask
    held = [provided[m].array for m in group.lesion_masks if m in provided and provided[m].array.shape == mask.array.shape]
    if not held or not mask.array.any():
        return mask
    taken = np.logical_or.reduce(held)
    if not (taken & mask.array).any():
        return mask
    labels = cc3d.connected_components(mask.array, connectivity=26)
    overlapping = np.unique(labels[taken & mask.array])
    kept = mask.array & ~np.isin(labels, overlapping[overlapping > 0])
    return replace(mask, array=kept) if kept.any() else None


HOST_SHARE = 0.5
"""Least share of a backend's lesion piece inside the provided masks of its group's organs for it to fill a provided
set's gap."""


def inside_provided_hosts(mask: Any, provided: dict[str, Any]) -> Any | None:
    """A backend's lesion mask without the pieces (26-connected) lying mostly outside the provided masks of its group's
    organs: read against the backend's own drawing of the organ, such a piece is a neighbour's tissue (suite AQ,
    incomplete masks: the classical kidney took in a rim of the 108 HU liver, which read 51 HU below the 157 HU kidney
    and answered "is there a kidney tumour?" yes on a patient with none). None when no piece is left (the mask then
    stays missing); the mask as it is when no host organ is provided or it is no lesion mask."""
    group = next((g for g in LESION_GROUPS if mask.name in g.lesion_masks), None)
    hosts = [provided[o].array for o in (group.organs if group else ()) if o in provided
             and provided[o].array.shape == mask.array.shape]
    if group is None or not hosts or not mask.array.any():
        return mask
    host = np.logical_or.reduce(hosts)
    labels, count = cc3d.connected_components(mask.array, connectivity=26, return_N=True)
    inside = np.bincount(labels[host], minlength=count + 1)
    sizes = np.bincount(labels.ravel(), minlength=count + 1)
    keep = [label for label in range(1, count + 1) if inside[label] >= HOST_SHARE * sizes[label]]
    kept = np.isin(labels, keep)
    return replace(mask, array=kept) if kept.any() else None


OUTLINE_AGREEMENT = 0.7
"""Least Dice between a backend's drawing of an organ and the provided mask of it for the backend's lesion masks of
that organ to fill a provided set's gap. The classical lesion search reads lesions against its own drawing of the
organ: on suite AE's E12 its right kidney took in the liver (42,659 voxels against the provided 9,442, Dice 0.36), so the
kidney's own enhancing tissue read 27 HU brighter than "the organ" and came back as a 44.8 mL kidney tumour in a
lesion-free patient. Its kidneys agree with provided masks at Dice 0.88-0.92 where it draws them right."""


def outline_disagreements(provided: dict[str, Any], extra: dict[str, Any]) -> dict[str, str]:
    """The backend's lesion masks drawn against an organ outline that disagrees with the provided one: mask -> why.

    A lesion group's masks are refused when any of its organs is both provided (non-empty) and drawn by the backend
    with a Dice below `OUTLINE_AGREEMENT` (an organ the backend did not return is not compared). The refused masks
    stay missing, so the lesion finder looks inside the provided organs instead (`complete_lesion_masks`), or the
    group stays unknown.
    """
    refused: dict[str, str] = {}
    for group in LESION_GROUPS:
        offered = [m for m in group.all_masks if m in extra]
        for organ in group.organs:
            if not offered or organ not in provided or organ not in extra:
                continue
            mine, theirs = provided[organ].array, extra[organ].array
            if mine.shape != theirs.shape or not mine.any():
                continue
            dice = 2.0 * np.count_nonzero(mine & theirs) / (np.count_nonzero(mine) + np.count_nonzero(theirs))
            if dice < OUTLINE_AGREEMENT:
                why = (f"the backend's {organ} disagrees with the provided {organ} mask (Dice {dice:.2f} < "
                       f"{OUTLINE_AGREEMENT}), so the lesions it read against that drawing are not taken")
                refused.update(dict.fromkeys(offered, why))
                break
    return refused


def _store(result: Segmentation, context: Context, prefix: str, image: Any) -> tuple[dict[str, str], list[Evidence]]:
    ids, evidence = {}, []
    notes = result.details.get("structures", {})
    origin = result.details.get("backend_per_structure", {})
    try:  # |det| of the affine: a tilted, sheared grid's voxel, as measurement counts it
        voxel_ml: float | None = image.voxel_volume_ml
    except ValueError:
        voxel_ml = None
    placed = _placement(result.details)
    for name, mask in result.masks.items():
        mask_id = context.store.put("mask", f"{prefix}{name}", mask)
        ids[name] = mask_id
        count = int(np.count_nonzero(mask.array))
        backend = origin.get(name, result.backend)
        provenance = {"mask": mask_id, "backend": backend, "voxel_count": count,
                      "volume_ml": count * voxel_ml if voxel_ml else None, "source": mask.source,
                      **({"geometry": notes[name]} if name in notes else {}),
                      **({"placement": placed} if placed and backend == result.backend else {})}
        target = f"{prefix}{name}"
        reason = None if count else f"{name!r} not found: backend {provenance['backend']!r} returned an empty mask"
        evidence.append(Evidence.make("segmentation", "segmentation", "present", target, value=count > 0, provenance=provenance,
                                      reason=reason))
        evidence.append(Evidence.make("segmentation", "segmentation", "voxel_count", target, value=count, unit="count",
                                      provenance=provenance))
    return ids, evidence


def _placement(details: dict[str, Any]) -> str | None:
    """How a landmark-placing backend placed its organs, when that is weaker or less usual than a vertebra seen
    where the header puts it (the classical segmenter: `classical_spine`); None otherwise."""
    marks = details.get("landmarks")
    notes = [details.get("orientation")]
    if isinstance(marks, dict) and marks.get("spine_source", "vertebra") != "vertebra":
        notes.append(marks.get("reason"))
    said = [str(note) for note in notes if note]
    return "; ".join(said) or None


def _volume_errors(result: Segmentation, ids: dict[str, str], prefix: str, spacing: Any) -> list[Evidence]:
    """`{organ}.volume_ml_plausible_error` (mL) for each organ a segmenter predicted (not a provided mask), from its
    boundary layer (`volume_error`); a category its volume decides must hold across it (`knowledge.uncertainty`)."""
    if spacing is None or len(spacing) != 3:
        return []
    origin = result.details.get("backend_per_structure", {})
    voxel_ml = float(np.prod(spacing)) / 1000.0
    out = []
    for name in ids:
        backend = origin.get(name, result.backend)
        for organ, (error_ml, how) in plausible_errors({name: result.masks[name].array}, voxel_ml, backend).items():
            out.append(Evidence.make("segmentation", "segmentation", f"volume_ml{PLAUSIBLE_ERROR}", f"{prefix}{organ}",
                                     value=error_ml, unit="mL", reason=how, provenance={"mask": ids[name], "backend": backend}))
    return out


def _hu_errors(result: Segmentation, ids: dict[str, str], prefix: str) -> list[Evidence]:
    """`{organ}.mean_hu_plausible_error` (HU) for each organ whose mean HU a criterion reads and a classical segmenter
    drew (`agents.segmenters.hu_error`): an attenuation category decides only when the whole error gives it."""
    origin = result.details.get("backend_per_structure", {})
    out = []
    for name in ids:
        backend = origin.get(name, result.backend)
        if (error := plausible_hu_error(name, backend)) is not None:
            out.append(Evidence.make("segmentation", "segmentation", f"mean_hu{PLAUSIBLE_ERROR}", f"{prefix}{name}",
                                     value=error[0], unit="HU", reason=error[1],
                                     provenance={"mask": ids[name], "backend": backend}))
    return out


def _not_exhaustive(result: Segmentation, ids: dict[str, str], prefix: str) -> list[Evidence]:
    """`lesions_exhaustive = False` for each lesion mask whose backend finds only some lesions (its details'
    `lesion_counts`: mask -> reason); the measurement agent then reports existence only for it."""
    return [Evidence.make("segmentation", "segmentation", LESIONS_EXHAUSTIVE, f"{prefix}{name}", value=False, reason=why,
                          provenance={"mask": ids[name], "backend": result.backend})
            for name, why in lower_bound_masks(result.details).items() if name in ids]


def _absent(state: CaseState, result: Segmentation, prefix: str) -> list[Evidence]:
    """Structures the plan needs that were not found: present = False, with the reason and the remedy.

    The not-found evidence of a needed structure that has an empty mask replaces its plain empty-mask item.
    """
    out = []
    for name in needed(state):
        mask = result.masks.get(name)
        if mask is not None and np.any(mask.array):
            continue
        sides = [result.masks.get(side) for side in expand_paired(name) if side != name]
        if any(side is not None and np.any(side.array) for side in sides):
            continue  # "kidney" of a kidney lesion question: its sides are the masks, and one is there
        how = "produced no mask" if mask is None else "returned an empty mask"
        marks = result.details.get("landmarks")
        why = (marks.get("not_found", {}).get(name) or marks.get("reason")) if isinstance(marks, dict) else None
        reason = (f"{name!r} not found: segmenter {result.backend!r} {how}" + (f" ({why})" if why else "")
                  + f"; to answer, {REMEDY}")
        provided = mask is not None and mask.source and \
            result.details.get("backend_per_structure", {}).get(name, result.backend) == "provided"
        if provided:  # the case's own mask, empty: the structure is shown absent (a nephrectomy), not unknown
            reason = (f"{name!r} not found: its provided mask ({mask.source}) is empty: absent from this scan (removed "  # type: ignore[union-attr]
                      "or never formed), not a volume of 0 mL")
        out.append(Evidence.make("segmentation", "segmentation", "present", f"{prefix}{name}", value=False, reason=reason,
                                 provenance={"backend": result.backend, "not_found": True, **({"why": why} if why else {}),
                                             **({ABSENT: True, "source": mask.source} if provided else {})}))
    return out


def acts_on_feedback(state: CaseState, runtime: Any = None) -> bool:
    """Segmentation uses no feedback: the same image and backend give the same masks."""
    return False
