"""The harness's tool cache, `{"cache": {image_id: {"segment": {target: R}, "measure": {target: {type: R}}}}}`.

Two sources of values:
- `image_entry`: clinorch's own segmentation (predicted mode) and measurement agent, the values
  behind `benchmarks.tools` and `clinorch bench export-tool-cache`;
- `oracle_cache_from_truth`: the phantom's plain reference measurements (`ground_truth.json`),
  the ground-truth cache a synthetic suite ships for the harness's oracle mode.

A result is `{"target", "measurement_type", "value", "unit", <measurement_type>: value, ...}`: the
number under `value` and under the measurement's own name, so agents that read either find it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from core.anatomy import LESION_GROUPS
from core.config import Config

ORGAN_TARGETS = ("liver", "spleen", "kidney_left", "kidney_right", "pancreas", "aorta", "postcava", "stomach",
                 "gall_bladder", "colon")
LESION_TARGETS = {mask: g.name for g in LESION_GROUPS for mask in g.all_masks}
"""Lesion mask -> its group (`core.anatomy`: `pancreas_cyst` beside `pancreas_tumor` too)."""
GROUPS = ("liver_lesion", "kidney_lesion", "pancreas_lesion", "colon_lesion")
ORGAN_GROUP = {"liver": "liver_lesion", "pancreas": "pancreas_lesion", "kidney_left": "kidney_lesion",
               "kidney_right": "kidney_lesion", "colon": "colon_lesion"}
CARRIED_PROVENANCE = ("distances_mm", "resolution_mm", "parameters", "dilation_steps", "shares")
"""Provenance fields a carried measurement keeps (what a reasoner reads beyond the value: a neighbour's fewest
one-voxel dilations decide contact "after a 1-voxel dilation"; a lesion's share of voxels in each sub-segment decides
the lesion volume inside each, `core.anatomy.volume_held_in`)."""
Facts = dict[tuple[str, str], Any]
"""(target, contract name) -> value, e.g. ("liver", "volume_ml") -> 1432.1."""


def _result(target: str, kind: str, value: Any, unit: str, source: str, **extra: Any) -> dict[str, Any]:
    number = round(float(value), 4) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
    if kind == "lesion_count" and number is not None:
        number = int(number)
    return {"target": target, "measurement_type": kind, "value": number, "unit": unit, kind: number,
            "source": source, **extra}


def measure_entries(facts: Facts, source: str) -> dict[str, dict[str, Any]]:
    """`measure` part of a cache entry from contract facts."""
    out: dict[str, dict[str, Any]] = {}

    def put(target: str, kind: str, value: Any, unit: str, **extra: Any) -> None:
        if value is not None:
            out.setdefault(target, {})[kind] = _result(target, kind, value, unit, source, **extra)

    def lesion_block(target: str, group: str, count: Any, total: Any) -> None:
        put(target, "lesion_count", count, "count")
        put(target, "volume_cm3", total, "cm3", note="total volume of the lesions")
        if count:
            put(target, "largest_lesion_volume_cm3", facts.get((group, "largest_lesion_volume_ml")), "cm3")
            diameter = facts.get((group, "largest_lesion_diameter_mm"))
            put(target, "max_diameter_mm", diameter, "mm", note="longest axial diameter of the largest lesion")
            put(target, "largest_lesion_diameter_cm", None if diameter is None else diameter / 10.0, "cm")
            put(target, "mean_hu", facts.get((group, "largest_lesion_mean_hu")), "HU", note="of the largest lesion")

    for organ in ORGAN_TARGETS:
        put(organ, "volume_cm3", facts.get((organ, "volume_ml")), "cm3")
        spread = facts.get((organ, "std_hu"))
        put(organ, "mean_hu", facts.get((organ, "mean_hu")), "HU", note="organ without lesions, eroded one voxel",
            **({"std_hu": round(float(spread), 4)} if isinstance(spread, (int, float)) else {}))
        group = ORGAN_GROUP.get(organ)
        count = facts.get((organ, "lesion_count"))
        if group and count is not None and organ in out:
            put(organ, "lesion_count", count, "count", note=f"lesions of {group} in the {organ}")
            if group in ("liver_lesion", "pancreas_lesion") and count:
                put(organ, "largest_lesion_volume_cm3", facts.get((group, "largest_lesion_volume_ml")), "cm3")
                diameter = facts.get((group, "largest_lesion_diameter_mm"))
                put(organ, "largest_lesion_diameter_cm", None if diameter is None else diameter / 10.0, "cm")
    for group in GROUPS:
        if (group, "lesion_count") in facts:
            lesion_block(group, group, facts[(group, "lesion_count")], facts.get((group, "total_lesion_volume_ml")))
    for mask, group in LESION_TARGETS.items():
        if (mask, "lesion_count") not in facts:
            continue
        count = facts[(mask, "lesion_count")]
        same = facts.get((group, "largest_lesion_mask")) == mask
        if same or not count:
            lesion_block(mask, group, count, facts.get((mask, "total_lesion_volume_ml")))
        else:  # the group's largest lesion lies in the other mask of the group
            put(mask, "lesion_count", count, "count")
            put(mask, "volume_cm3", facts.get((mask, "total_lesion_volume_ml")), "cm3")
    for (target, name), value in facts.items():
        if target.startswith(("liver_segment_", "pancreas_")) and target not in ORGAN_TARGETS:
            if name == "volume_ml":
                put(target, "volume_cm3", value, "cm3")
            elif name == "lesion_count":
                put(target, "lesion_count", value, "count", note="lesions with > 10% of their voxels here")
    return out


def segment_entries(masks: Mapping[str, np.ndarray], voxel_ml: float, spacing: Iterable[float],
                    source: str) -> dict[str, dict[str, Any]]:
    """`segment` part of a cache entry: voxel count, volume and bounding box (canonical RAS indices)."""
    out = {}
    for name, mask in sorted(masks.items()):
        count = int(np.count_nonzero(mask))
        box = None
        if count:
            idx = [np.flatnonzero(mask.any(axis=tuple(a for a in range(3) if a != axis))) for axis in range(3)]
            box = {"min": [int(i[0]) for i in idx], "max": [int(i[-1]) for i in idx]}
        out[name] = {"target": name, "mask_found": True, "voxel_count": count, "volume_cm3": round(count * voxel_ml, 4),
                     "bounding_box": box, "spacing_mm": [round(float(s), 4) for s in spacing],
                     "axes": "canonical RAS (i right, j anterior, k superior)", "source": source}
    return out


def facts_from_evidence(evidence: Iterable[Any]) -> Facts:
    """Contract facts from clinorch measurement evidence."""
    return {(e.target, e.name): e.value for e in evidence if e.kind == "measurement" and e.target}


def facts_from_truth(truth: Mapping[str, Any]) -> Facts:
    """Contract facts from the phantom's reference measurements (`ground_truth.json`)."""
    facts: Facts = {}
    for organ, values in truth.get("organs", {}).items():
        facts[(organ, "volume_ml")], facts[(organ, "mean_hu")] = values["volume_ml"], values["mean_hu"]
        facts[(organ, "std_hu")] = values.get("std_hu")
    for segment, values in truth.get("segments", {}).items():
        facts[(segment, "volume_ml")] = values["volume_ml"]
    for mask, values in truth.get("lesion_masks", {}).items():
        facts[(mask, "lesion_count")] = values["lesion_count"]
        facts[(mask, "total_lesion_volume_ml")] = values["total_volume_ml"]
    for group, values in truth.get("lesion_groups", {}).items():
        for key in ("lesion_count", "total_lesion_volume_ml", "largest_lesion_volume_ml", "largest_lesion_diameter_mm",
                    "largest_lesion_mean_hu", "largest_lesion_mask"):
            facts[(group, key)] = values.get(key)
        for organ in values.get("organs", []):
            facts[(organ, "lesion_count")] = sum(1 for i in values["instances"] if i.get("organ") == organ)
    return facts


def _read_masks(case: Path) -> tuple[Any, dict[str, Any]]:
    from imaging.masks import mask_files, read_mask
    from imaging.volume import read_image

    image = read_image(case / "ct.nii.gz", modality="CT")
    masks = {name: read_mask(path, name) for name, path in mask_files(case / "segmentations").items()}
    return image, masks


def oracle_cache_from_truth(case: Path) -> dict[str, Any]:
    """A cache entry of ground-truth values: the reference measurements, and boxes from the masks."""
    case = Path(case)
    truth_file = case / "ground_truth.json"
    if truth_file.exists():
        truth = json.loads(truth_file.read_text())
    else:
        from synthetic.phantom import reference_measurements

        truth = reference_measurements(case)
    image, masks = _read_masks(case)
    source = "reference measurements of the provided masks"
    facts = facts_from_truth(truth)
    colon = masks.get("colon_tumor")
    if colon is not None and ("colon_lesion", "lesion_count") not in facts:  # not a reference lesion mask
        facts.update(_colon_facts(colon.array, image.voxel_volume_ml))
    return {"segment": segment_entries({n: m.array for n, m in masks.items()}, image.voxel_volume_ml,
                                       image.spacing or (), source),
            "measure": measure_entries(facts, source)}


def _colon_facts(mask: np.ndarray, voxel_ml: float) -> Facts:
    """Count and volume of colon lesions (26-connected), which the phantom reference does not measure."""
    from scipy import ndimage

    labels, count = ndimage.label(mask, structure=np.ones((3, 3, 3)))
    sizes = np.bincount(labels.ravel())[1:] if count else np.zeros(0)
    total = float(sizes.sum()) * voxel_ml
    facts: Facts = {("colon_tumor", "lesion_count"): int(count), ("colon_tumor", "total_lesion_volume_ml"): total,
                    ("colon_lesion", "lesion_count"): int(count), ("colon_lesion", "total_lesion_volume_ml"): total}
    if count:
        facts[("colon_lesion", "largest_lesion_volume_ml")] = float(sizes.max()) * voxel_ml
        facts[("colon_lesion", "largest_lesion_mask")] = "colon_tumor"
    return facts


def image_entry(case: Path, mode: str, config: Config, backends: dict[str, Any]) -> dict[str, Any]:
    """A cache entry computed by clinorch: provided masks (oracle) or its segmenter (predicted)."""
    from agents.measures import MeasurementError, measure_case

    image, provided = _read_masks(Path(case))
    completed: dict[str, str] = {}
    bounded: dict[str, str] = {}
    if mode == "predicted":
        from agents.segmenters import Segmentation
        from agents.segmenters.completion import audit_lesion_masks
        from agents.segmenters.lesion_search import lower_bound_masks
        from benchmarks.segment import predicted_masks

        predicted = audit_lesion_masks(Segmentation(*predicted_masks(image, config, backends))).segmentation
        masks, bounded = predicted.masks, lower_bound_masks(predicted.details)
        source = f"clinorch segmenter {config.segmenter!r} + measurement agent"
    else:
        masks, source = provided, "provided masks + clinorch measurement agent"
        if config.segmenter != "provided":  # a missing lesion mask is looked for before it is called unknown
            from agents.segmenters import Segmentation
            from agents.segmenters.completion import complete_lesion_masks

            filled = complete_lesion_masks(image, Segmentation(dict(provided), "provided"))
            masks, completed = filled.masks, filled.details.get("completed_lesion_masks", {})
    try:
        from agents.measures.contact import CONTACT_ORGANS

        evidence, _ = measure_case(image, masks, contact_of=[o for o in CONTACT_ORGANS if o in masks],
                                   contact_reach_mm=0.0)  # contact only: every organ of every case
    except MeasurementError as exc:
        return {"error": f"{type(exc).__name__}: {exc}", "segment": {}, "measure": {}}
    segment = segment_entries({n: m.array for n, m in masks.items()}, image.voxel_volume_ml, image.spacing or (), source)
    measure = measure_entries(facts_from_evidence(evidence), source)
    for name, why in completed.items():  # the finder, not a provided file, says this mask is empty
        for result in (segment[name], *measure.get(name, {}).values()):
            result.update(source=f"clinorch lesion finder (completion of a missing mask): {why}")
    for organ, items in organ_measurements(evidence, set(masks) - set(bounded)).items():
        if organ in segment:
            segment[organ]["clinorch_measurements"] = items
    bound_lesion_counts(segment, measure, bounded)
    if mode == "predicted" and config.segmenter in APPROXIMATE_PARTS:
        drop_approximate_parts(segment, measure, config.segmenter)
    if mode == "predicted":  # a predicted organ's volume carries its plausible error (`volume_error`)
        from agents.segmenters.volume_error import plausible_errors

        arrays = {n: m.array for n, m in masks.items()}
        for organ, (error_ml, how) in plausible_errors(arrays, image.voxel_volume_ml, config.segmenter).items():
            if "volume_cm3" in measure.get(organ, {}):
                measure[organ]["volume_cm3"].update(plausible_error_cm3=error_ml, plausible_error_note=how)
    return {"segment": segment, "measure": measure}


APPROXIMATE_PARTS = ("classical", "atlas")
"""Embedded segmenters whose Couinaud segments and pancreas head / body / tail are planes placed from the organ's
outline (`agents/segmenters/classical_parts.py`), not the vessels that define them."""
PARTS = re.compile(r"^(liver_segment_\d|pancreas_(head|body|tail))$")


def drop_approximate_parts(segment: dict[str, Any], measure: dict[str, Any], segmenter: str) -> None:
    """Sub-segment volumes of an embedded segmenter's plane approximation are not exported (their comparison gave wrong
    letters on suites Y and Z: a plane a few mm off moves a part's volume by tens of percent); the tool then says they
    were not measured, and the question abstains. Lesion counts by part are kept (the lesion search bounds them)."""
    why = (f"the {segmenter} segmenter places this part by planes from the organ's outline, an approximation: its "
           "volume is not compared (provide the sub-segment masks or a model backend)")
    for target in [t for t in measure if PARTS.match(t)]:
        measure[target].pop("volume_cm3", None)
        if not measure[target]:
            measure.pop(target)
    for target in [t for t in segment if PARTS.match(t)]:
        segment.pop(target)  # not cached: unknown, never "not found" (an absent part would be a finding)
    for entry in segment.values():  # nor carried with their organ's measurements
        if "clinorch_measurements" in entry:
            entry["clinorch_measurements"] = [m for m in entry["clinorch_measurements"]
                                              if not (PARTS.match(str(m.get("target"))) and m.get("name") == "volume_ml")]
    for target in [t for t in measure if PARTS.match(t)]:
        measure[target] = {name: {**result, "note": why} for name, result in measure[target].items()}


def bound_lesion_counts(segment: dict[str, Any], measure: dict[str, Any], bounded: Mapping[str, str]) -> None:
    """Existence only for the lesion masks whose count is a lower bound (mask -> reason; in place).

    A lesion search that misses lesions (`agents.segmenters.lesion_search`) shows that the lesions it found exist;
    their count, total and largest are lower bounds. Such a mask's `lesion_count` result carries `value: None`,
    `lower_bound: True` and `at_least` (the lesions found) with the reason; its other lesion measures, its group's,
    its organs' lesion counts and their sub-segments' counts are not reported (the organs' own `segment_organ`
    results carry no measurement of the group either, `organ_measurements`).
    """
    from core.anatomy import LESION_GROUPS

    for mask, why in bounded.items():
        group = next((g for g in LESION_GROUPS if mask in g.lesion_masks), None)
        found = measure.get(mask, {}).get("lesion_count", {}).get("value")
        measure[mask] = {"lesion_count": {"target": mask, "measurement_type": "lesion_count", "value": None,
                                          "unit": "count", "lower_bound": True, "at_least": found, "note": why,
                                          "source": measure.get(mask, {}).get("lesion_count", {}).get("source")}}
        if mask in segment:
            segment[mask].update(lower_bound=True, note=why)
        if group is None:
            continue
        measure.pop(group.name, None)
        for organ in group.organs:
            measure.get(organ, {}).pop("lesion_count", None)
            measure.get(organ, {}).pop("largest_lesion_volume_cm3", None)
            measure.get(organ, {}).pop("largest_lesion_diameter_cm", None)
        for target in [t for t in measure if t.startswith(tuple(f"{o}_" for o in group.organs))]:
            if target not in ORGAN_TARGETS and target not in LESION_TARGETS:  # a sub-segment's count
                measure[target].pop("lesion_count", None)


def organ_measurements(evidence: Iterable[Any], present: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Per organ, clinorch's measurements of it, its sub-segments and its lesion group (`segment_organ` carries them).

    The benchmark's `measure` types hold one number per target; questions on a lesion's place, slice or
    neighbours, on lesion spread, on sub-segment volumes or on the caudate / right-lobe ratio need the
    measurement agent's per-lesion and per-segment values, which ride along in the organ's `segment`
    result. A lesion group is included only when every one of its lesion masks is in the folder: an
    absent lesion mask is unknown, so the group's count, ranking and spread would not be known either.
    """
    from core.anatomy import LESION_GROUPS, SUBSEGMENTS

    complete = {g.name: g for g in LESION_GROUPS if all(m in present for m in g.lesion_masks)}
    out: dict[str, list[dict[str, Any]]] = {}
    for item in evidence:
        target = str(item.target or "")
        if item.kind != "measurement" or not target or "/" in target:
            continue
        distance = re.match(r"distance_from_(\w+_\d+)_mm$", item.name)
        if distance:  # a neighbour's distance from a lesion travels with the lesion's group
            target = distance.group(1)
        elif (from_organ := re.match(r"distance_from_(\w+)_mm$", item.name)) and from_organ.group(1) in present:
            target = from_organ.group(1)  # a neighbour's distance from an organ travels with that organ
        head = target.rsplit("_", 1)[0] if target.rsplit("_", 1)[-1].isdigit() else target
        if head in complete:
            organs = complete[head].organs
        elif any(target in g.lesion_masks for g in complete.values()):
            organs = next(g.organs for g in complete.values() if target in g.lesion_masks)
        elif any(head in g.lesion_masks or head == g.name for g in LESION_GROUPS):
            continue  # a group with a lesion mask missing from the folder
        else:
            organs = tuple(o for o, parts in SUBSEGMENTS.items() if target in parts) or (target,)
            if item.name == "lesion_count" and not any(o in g.organs for o in organs for g in complete.values()):
                continue  # counted over a lesion group whose masks are not all in the folder
        for organ in organs:
            carried = {"target": str(item.target), "name": item.name, "value": item.value, "unit": item.unit,
                       "method": item.provenance.method}
            for key in CARRIED_PROVENANCE:
                if getattr(item.provenance, key, None) is not None:
                    carried[key] = getattr(item.provenance, key)
            out.setdefault(organ, []).append(carried)
    return out


def export_tool_cache(data_dir: str | Path, out: str | Path, mode: str = "oracle", config: Config | None = None,
                      image_ids: Iterable[str] | None = None, on_image: Any = None) -> dict[str, Any]:
    """Writes the harness's cache file for every image under `data_dir` (or the given ids) and returns it."""
    from benchmarks.tools import DeepTumorVQATools

    tools = DeepTumorVQATools(data_dir, mode="predicted" if mode == "predicted" else "oracle", config=config,
                              max_images=1)
    ids = list(image_ids) if image_ids is not None else tools.image_ids()
    cache = {}
    for image_id in ids:
        cache[image_id] = tools.entry(image_id)
        if on_image is not None:
            on_image(image_id)
    body = {"cache": cache, "source": f"clinorch export-tool-cache ({mode})"}
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps(body) + "\n")
    return body
