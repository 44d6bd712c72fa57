"""The harness's tools seen from clinorch: which calls a plan needs, and their results as evidence.

The oracle tool cache returns what it holds for a target; a lesion mask it lacks is unknown, not
zero, so a lesion group whose masks are partly missing gets no count, no largest lesion and no burden:
only the typed counts of the masks present and, when they show a lesion, a lower bound that says a
lesion exists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.toolcache import CARRIED_PROVENANCE
from core.absence import ABSENT
from core.anatomy import LESION_GROUPS, tumor_burden_pct
from core.case import Evidence
from knowledge.lesion_types import CYST_MASKS
from knowledge.uncertainty import PLAUSIBLE_ERROR

LESION_MASKS = {g.name: g.all_masks for g in LESION_GROUPS}
"""Lesion group -> its lesion masks, as the measurement agent gathers them (`core.anatomy`)."""
OPTIONAL_MASKS = frozenset(m for g in LESION_GROUPS for m in g.optional_masks)
"""Lesion masks a cache without them holds no lesion of (`LesionGroup.optional_masks`)."""
GROUP_ORGANS = {"liver_lesion": ("liver",), "kidney_lesion": ("kidney_left", "kidney_right"),
                "pancreas_lesion": ("pancreas",), "colon_lesion": ()}
_MEASURE_OF = {"volume_ml": "volume_cm3", "mean_hu": "mean_hu", "lesion_count": "lesion_count",
               "largest_lesion_volume_ml": "largest_lesion_volume_cm3", "largest_lesion_diameter_mm": "max_diameter_mm",
               "largest_lesion_mean_hu": "mean_hu", "total_lesion_volume_ml": "volume_cm3"}
_UNIT = {"volume_cm3": "mL", "mean_hu": "HU", "lesion_count": "count", "largest_lesion_volume_cm3": "mL",
         "max_diameter_mm": "mm", "largest_lesion_diameter_cm": "mm"}


@dataclass
class Call:
    """A harness tool call clinorch wants, and the contract quantity its value becomes."""

    name: str
    arguments: dict[str, Any]
    target: str
    quantity: str

    def key(self) -> str:
        return json.dumps([self.name, self.arguments], sort_keys=True)


def plan_calls(quantities: Sequence[str]) -> list[Call]:
    """The harness calls behind clinorch's quantity keys (`{target}.{name}`), without duplicates."""
    calls: dict[str, Call] = {}

    def add(tool: str, args: dict[str, Any], target: str, quantity: str) -> None:
        call = Call(tool, args, target, quantity)
        calls.setdefault(call.key(), call)

    for key in quantities:
        target, _, name = key.rpartition(".")
        if "/" in target:  # derived pairs: measure both sides
            base = "mean_hu" if name == "hu_ratio" else "volume_ml"
            for organ in target.split("/"):
                add("measure", {"target": organ, "measurement_type": _MEASURE_OF[base]}, organ, base)
            continue
        group = lesion_group_of(target) or target
        if group in LESION_MASKS:
            wanted = {"hu_difference_in_organ_sd": ["largest_lesion_mean_hu"], "tumor_burden_pct":
                      ["total_lesion_volume_ml"]}.get(name, [name] if name in _MEASURE_OF else ["lesion_count"])
            if group == "kidney_lesion" and name.startswith("largest_lesion_"):  # which is the largest on each side
                wanted = [*wanted, "largest_lesion_volume_ml"]
            for mask in (group, *LESION_MASKS[group]):  # the group itself: a cache of a subtype layout counts more
                add("measure", {"target": mask, "measurement_type": "lesion_count"}, mask, "lesion_count")
                for quantity in wanted:
                    add("measure", {"target": mask, "measurement_type": _MEASURE_OF[quantity]}, mask, quantity)
            for organ in GROUP_ORGANS[group]:
                if name in ("hu_difference_in_organ_sd", "largest_lesion_mean_hu", "tumor_burden_pct"):
                    quantity = "volume_ml" if name == "tumor_burden_pct" else "mean_hu"
                    add("measure", {"target": organ, "measurement_type": _MEASURE_OF[quantity]}, organ, quantity)
                if group == "kidney_lesion":  # which side holds the lesion decides the host organ
                    add("measure", {"target": organ, "measurement_type": "lesion_count"}, organ, "lesion_count")
            continue
        if name in ("volume_ml", "mean_hu"):
            add("measure", {"target": target, "measurement_type": _MEASURE_OF[name]}, target, name)
        elif name == "lesion_count" and target.startswith(("liver_segment_", "pancreas_", "kidney_")):
            add("measure", {"target": target, "measurement_type": "lesion_count"}, target, name)
    return list(calls.values())


def lesion_group_of(target: str) -> str | None:
    """The lesion group a target belongs to: an instance (`kidney_lesion_2`), a lesion mask (`kidney_cyst`), one side or
    kind of it (`kidney_lesion_left`, `kidney_cyst_right`: `questions.resolve.of_side`, `one_kind`); None otherwise."""
    head = re.sub(r"_(\d+|left|right)$", "", target)
    return next((name for name, masks in LESION_MASKS.items() if head == name or head in masks), None)


def organ_calls(quantities: Sequence[str], organs: Sequence[str | None] = ()) -> list[Call]:
    """`segment_organ` for every organ the quantities (or the question) concern.

    clinorch's own tool cache carries the measurement agent's values for the organ, its sub-segments
    and its lesion group in that result (`clinorch_measurements`): a lesion's place, slice and neighbours,
    lesion spread, sub-segment volumes, the caudate / right-lobe ratio. A cache without them (the
    benchmark's own) answers with a voxel count and box only, and these questions abstain.
    """
    from core.anatomy import LESION_GROUPS, SUBSEGMENTS, expand_paired

    wanted: list[str] = []
    for key in quantities:
        target = key.rpartition(".")[0]
        if "/" in target:
            continue
        head = re.sub(r"_\d+$", "", target)
        group = next((g for g in LESION_GROUPS if g.name == lesion_group_of(target)), None)
        wanted += list(group.organs) if group else [o for o, parts in SUBSEGMENTS.items() if head in parts] or [head]
        if group is not None and group.name == "kidney_lesion":  # their boxes tell which kidney holds each mask
            wanted += list(LESION_MASKS[group.name])
    for organ in organs:
        wanted += expand_paired(organ) if organ else []
    return [Call("segment_organ", {"target": o}, o, "clinorch_measurements") for o in dict.fromkeys(wanted) if o]


def read_number(result: Any, measurement_type: str | None = None) -> float | None:
    """The number in a tool result: under `value`, under the measurement's own name, or the only number."""
    if isinstance(result, bool):
        return None
    if isinstance(result, (int, float)):
        return float(result)
    if isinstance(result, str):
        match = re.search(r"-?\d+(?:\.\d+)?", result)
        return float(match.group()) if match else None
    if not isinstance(result, dict) or result.get("error") or result.get("mask_found") is False or \
            result.get("lower_bound"):  # a count that is only a lower bound is no count (`at_least`)
        return None
    for key in ("value", measurement_type, "result", "measurement"):
        if key and key in result:
            number = read_number(result[key], measurement_type)
            if number is not None:
                return number
    numbers = [v for k, v in result.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
               and k not in ("voxel_count",)]
    return float(numbers[0]) if len(numbers) == 1 else None


def tool_exchanges(messages: Sequence[dict[str, Any]]) -> list[tuple[str, dict[str, Any], Any]]:
    """(tool, arguments, parsed result) for every call in the conversation, in order.

    The harness writes one `tool` message per call, after the assistant turn that made the calls.
    """
    out: list[tuple[str, dict[str, Any], Any]] = []
    pending: list[tuple[str, dict[str, Any]]] = []
    for message in messages:
        if message.get("role") == "assistant":
            pending = []
            for call in message.get("tool_calls") or []:
                function = call.get("function") or {}
                arguments = call.get("arguments", function.get("arguments")) or {}
                if isinstance(arguments, str):
                    try:
                        arguments = json.loads(arguments)
                    except json.JSONDecodeError:
                        arguments = {}
                pending.append((call.get("name") or function.get("name") or "", dict(arguments)))
        elif message.get("role") == "tool" and pending:
            name, arguments = pending.pop(0)
            try:
                result = json.loads(message.get("content") or "null")
            except (TypeError, json.JSONDecodeError):
                result = message.get("content")
            out.append((message.get("name") or name, arguments, result))
    return out


def alternative(wanted: str, available: Sequence[str]) -> str | None:
    """The available target that names the same structure (`pancreatic_tumor` for `pancreas_tumor`)."""
    stem = wanted.split("_")[0][:5]
    kind = wanted.split("_")[-1]
    same = [a for a in available if a != wanted and a.lower().startswith(stem)]
    for candidate in same:
        if kind in candidate.lower() or ("lesion" in candidate.lower() and kind in ("tumor", "cyst")):
            return candidate
    return None


def of_kind(masks: Sequence[str], kind: str | None) -> tuple[str, ...]:
    """A lesion group's masks of the kind a question names, when the group's cysts have a mask of their own
    (`kidney_cyst` beside `kidney_tumor`, `pancreas_cyst` beside `pancreas_tumor`): "cysts" are that mask's lesions,
    "tumors" the other masks'; all of them otherwise. `kind` is `questions.lesion_kinds.lesion_kind_mentioned`."""
    cysts = tuple(m for m in masks if m in CYST_MASKS)
    if kind is None or not cysts:
        return tuple(masks)
    return cysts if kind == "cyst" else tuple(m for m in masks if m not in CYST_MASKS)


def evidence_from(exchanges: Sequence[tuple[str, dict[str, Any], Any]], planned: Sequence[Call],
                  kind: str | None = None) -> list[Evidence]:
    """Tool results as clinorch measurement evidence (lesion masks gathered into their groups; with `kind`, a group
    holds only the masks of that kind, `of_kind`)."""
    by_call = {json.dumps([n, {k: v for k, v in a.items() if k != "image_id"}], sort_keys=True): r
               for n, a, r in exchanges}
    values: dict[tuple[str, str], float] = {}
    bounds: dict[str, tuple[int, str]] = {}  # lesion mask -> (lesions found, why the count is only a lower bound)
    for call in planned:
        if call.name != "measure":
            continue
        result = by_call.get(call.key())
        if isinstance(result, dict) and result.get("lower_bound") and call.quantity == "lesion_count":
            found = result.get("at_least")
            if isinstance(found, int | float) and not isinstance(found, bool):
                bounds[call.target] = (int(found), str(result.get("note") or "the count is a lower bound"))
            continue
        number = read_number(result, call.arguments.get("measurement_type"))
        if number is None and isinstance(result, dict):
            for _name, arguments, retried in exchanges:  # a retry under the cache's own name
                if arguments.get("measurement_type") == call.arguments.get("measurement_type") and \
                        arguments.get("target") == alternative(call.target, result.get("available_targets") or []):
                    number = read_number(retried, arguments.get("measurement_type"))
        if number is not None:
            if call.arguments.get("measurement_type") == "largest_lesion_diameter_cm":
                number *= 10.0
            values[(call.target, call.quantity)] = number
            spread = _spread(result)
            if call.quantity == "mean_hu" and spread is not None:
                values[(call.target, "std_hu")] = spread
            error = result.get("plausible_error_cm3") if isinstance(result, dict) else None
            if call.quantity == "volume_ml" and isinstance(error, int | float) and not isinstance(error, bool):
                values[(call.target, f"volume_ml{PLAUSIBLE_ERROR}")] = float(error)  # a predicted mask's error
    evidence: list[Evidence] = []

    def put(target: str, name: str, value: float | int, unit: str | None, sources: list[str]) -> None:
        evidence.append(Evidence.make("measurement", "measurement", name, target, value=value, unit=unit,
                                      provenance={"method": "deeptumorvqa harness tools", "calls": sources}))

    for (target, name), value in values.items():
        if absent_organ(target, name, value):
            evidence.append(Evidence.make(  # as the segmentation agent records an empty organ mask
                "segmentation", "segmentation", "present", target, value=False,
                reason=f"the {target.replace('_', ' ')} mask is empty: {target.replace('_', ' ')} not found (an absent "
                       "structure, not a volume of 0 mL)",
                provenance={"method": "deeptumorvqa harness tools", "calls": [f"{target}.volume_ml"], ABSENT: True}))
            continue
        if not any(target in masks for masks in LESION_MASKS.values()):
            unit = {"volume_ml": "mL", "mean_hu": "HU", "std_hu": "HU",
                    f"volume_ml{PLAUSIBLE_ERROR}": "mL"}.get(name, "count")
            put(target, name, value, unit, [f"{target}.{name}"])
    for group, masks in LESION_MASKS.items():
        masks = of_kind([m for m in masks if m not in OPTIONAL_MASKS or (m, "lesion_count") in values or m in bounds],
                        kind)
        counts = [values.get((m, "lesion_count")) for m in masks]
        asked = [m for m in masks if any(c.target == m and c.quantity == "lesion_count" for c in planned)]
        for mask in (m for m, c in zip(masks, counts, strict=True) if c is None and m in asked and m not in bounds):
            evidence.append(Evidence.make(  # as the segmentation agent records a provided mask that is missing
                "segmentation", "segmentation", "present", mask, value=None,
                reason=f"the {mask.replace('_', ' ')} mask is not among the provided masks: a lesion there is "
                       "unknown, not absent (the tool cache holds no count for it: provide the mask, or a "
                       "segmentation model that draws it)",
                provenance={"method": "deeptumorvqa harness tools", "calls": [f"{mask}.lesion_count"]}))
        if all(c is None for c in counts) and not any(m in bounds for m in masks):
            continue
        if any(c is None for c in counts):  # a lesion mask the cache lacks is unknown, not zero; a bound is a bound
            evidence += _lower_bound(group, masks, counts, put, bounds)
            continue
        count = int(sum(c or 0 for c in counts))
        whole = values.get((group, "lesion_count"))
        # a cache counting the group's lesions its masks do not hold (a cyst written only in `liver_cyst`) is read at
        # the group's own target, never as the smaller sum of its masks
        members = list(masks)
        if kind is None and whole is not None and int(whole) > count:
            members, count = [group], int(whole)
        put(group, "lesion_count", count, "count", [f"{m}.lesion_count" for m in members])
        present = [m for m in members if values.get((m, "lesion_count"))]
        largest = max(present, key=lambda m: values.get((m, "largest_lesion_volume_ml"), 0.0), default=None)
        for name, unit in (("largest_lesion_volume_ml", "mL"), ("largest_lesion_diameter_mm", "mm"),
                           ("largest_lesion_mean_hu", "HU")):
            if largest and (largest, name) in values:
                put(group, name, values[(largest, name)], unit, [f"{largest}.{name}"])
        totals = [values[(m, "total_lesion_volume_ml")] for m in members if (m, "total_lesion_volume_ml") in values]
        if totals:
            put(group, "total_lesion_volume_ml", sum(totals), "mL", [f"{m}.total_lesion_volume_ml" for m in members])
        organ_volumes = [values.get((o, "volume_ml")) for o in GROUP_ORGANS[group]]
        whole = sum(organ_volumes) if organ_volumes and all(organ_volumes) else None  # type: ignore[arg-type]
        burden = tumor_burden_pct(sum(totals), whole, count) if totals else None
        if burden is not None:  # no lesion: 0 % even of an organ the layout has no mask of (the colon)
            put(group, "tumor_burden_pct", burden, "%", [f"{group}.total_lesion_volume_ml",
                                                         *(f"{o}.volume_ml" for o in GROUP_ORGANS[group] if whole)])
        if group == "kidney_lesion":  # the mask's own name types the lesion (AbdomenAtlas: tumour or cyst)
            for mask, typed in zip(masks, counts, strict=True):
                if typed is not None:
                    put(mask, "lesion_count", int(typed), "count", [f"{mask}.lesion_count"])
        if group == "kidney_lesion" and all(c is not None for c in counts):  # every lesion mask answered
            for side in GROUP_ORGANS[group]:  # the harness counts a kidney's own lesions under its name
                if (side, "lesion_count") in values:
                    put(group, f"count_in_{side}", int(values[(side, "lesion_count")]), "count",
                        [f"{side}.lesion_count"])
        hosts = _hosts_by_box(exchanges, [m for m, c in zip(masks, counts, strict=True) if c]) \
            if group == "kidney_lesion" and all(c is not None for c in counts) and count else {}
        if hosts:
            evidence += _hosted_instances(group, hosts, values)
        sides = [o for o in GROUP_ORGANS[group] if values.get((o, "lesion_count"))]
        if group == "kidney_lesion" and len(sides) == 1 and count and not hosts:  # every lesion in that kidney
            for n in range(1, count + 1):
                evidence += [Evidence.make("measurement", "measurement", name, f"{group}_{n}", value=sides[0],
                                           provenance={"method": "deeptumorvqa harness tools",
                                                       "calls": [f"{sides[0]}.lesion_count"]})
                             for name in (("location", "organ") if n == 1 else ("organ",))]
    known = {e.id for e in evidence}
    for name, arguments, result in exchanges:  # clinorch's measurements riding in a segment_organ result
        if name != "segment_organ" or not isinstance(result, dict):
            continue
        for item in result.get("clinorch_measurements") or []:
            carried = _carried(item, str(arguments.get("target")))
            if carried is not None and carried.id not in known:
                known.add(carried.id)
                evidence.append(carried)
    return evidence


def _lower_bound(group: str, masks: Sequence[str], counts: Sequence[float | None], put: Any,
                 bounds: dict[str, tuple[int, str]]) -> list[Evidence]:
    """What a lesion group with a mask missing from the cache, or counted only from below, still shows: the typed
    counts of the masks counted whole and, when the group shows a lesion, `lesion_count_lower_bound` (existence is
    known; the count, the largest lesion and the burden are not). Returns the bound (it carries its reason)."""
    present = [(m, int(c)) for m, c in zip(masks, counts, strict=True) if c is not None]
    for mask, typed in present:
        put(mask, "lesion_count", typed, "count", [f"{mask}.lesion_count"])
    shown = sum(c for _, c in present) + sum(bounds[m][0] for m in masks if m in bounds)
    if not shown:
        return []
    why = "; ".join(dict.fromkeys(bounds[m][1] for m in masks if m in bounds)) or \
        "a lesion mask of the group is missing from the tool cache, so its lesions are unknown"
    return [Evidence.make("measurement", "measurement", "lesion_count_lower_bound", group, value=shown, unit="count",
                          reason=why, provenance={"method": "deeptumorvqa harness tools",
                                                  "calls": [f"{m}.lesion_count" for m in masks if m in bounds or
                                                            any(m == p for p, _ in present)]})]


def _box(result: Any) -> tuple[list[float], list[float]] | None:
    """A segment_organ result's bounding box (voxel corners, canonical axes), or None."""
    box = result.get("bounding_box") if isinstance(result, dict) else None
    if not isinstance(box, dict) or not isinstance(box.get("min"), list) or not isinstance(box.get("max"), list):
        return None
    return [float(v) for v in box["min"]], [float(v) for v in box["max"]]


def _hosts_by_box(exchanges: Sequence[tuple[str, dict[str, Any], Any]], masks: Sequence[str]) -> dict[str, str]:
    """Which kidney holds each kidney lesion mask, from the boxes the segment_organ results give: the mask's box inside
    one kidney's box and clear of the other's. Returns mask -> kidney for every mask, or {} when one is not told (a box
    missing, or reaching into both kidneys: its lesions may lie on both sides)."""
    boxes = {str(a.get("target")): b for n, a, r in exchanges if n == "segment_organ" and (b := _box(r)) is not None}
    sides = GROUP_ORGANS["kidney_lesion"]
    if not masks or any(side not in boxes for side in sides):
        return {}

    def inside(inner: tuple[list[float], list[float]], outer: tuple[list[float], list[float]]) -> bool:
        return all(o0 <= i0 and i1 <= o1 for i0, i1, o0, o1 in zip(inner[0], inner[1], outer[0], outer[1], strict=True))

    def apart(one: tuple[list[float], list[float]], other: tuple[list[float], list[float]]) -> bool:
        return any(a1 < b0 or b1 < a0 for a0, a1, b0, b1 in zip(one[0], one[1], other[0], other[1], strict=True))

    hosts = {}
    for mask in masks:
        box = boxes.get(mask)
        held = [side for side in sides if box is not None and inside(box, boxes[side])
                and all(apart(box, boxes[o]) for o in sides if o != side)]
        if len(held) != 1:
            return {}
        hosts[mask] = held[0]
    return hosts


def _hosted_instances(group: str, hosts: dict[str, str], values: dict[tuple[str, str], float]) -> list[Evidence]:
    """Each mask's lesions counted in the kidney that holds it (`{mask}.count_in_{kidney}`, both kidneys, so a kind's
    absence on the other side is measured too) and, where each mask holds one lesion, that lesion as an instance of
    the group, largest first, with its kidney (`{group}_{n}.organ`) and its measures."""
    def item(target: str, name: str, value: Any, unit: str | None, calls: list[str]) -> Evidence:
        return Evidence.make("measurement", "measurement", name, target, value=value, unit=unit,
                             provenance={"method": "deeptumorvqa harness tools (bounding boxes)", "calls": calls})

    out = []
    for mask, host in hosts.items():
        for side in GROUP_ORGANS[group]:
            count = int(values[(mask, "lesion_count")]) if side == host else 0
            out.append(item(mask, f"count_in_{side}", count, "count", [f"{mask}.lesion_count", f"{mask}.segment_organ"]))
    if any(values.get((m, "lesion_count")) != 1 or (m, "largest_lesion_volume_ml") not in values for m in hosts):
        return out  # several lesions in a mask, or no volume to rank them by: no instance is named
    ranked = sorted(hosts, key=lambda m: -values[(m, "largest_lesion_volume_ml")])
    for n, mask in enumerate(ranked, start=1):
        target = f"{group}_{n}"
        out.append(item(target, "organ", hosts[mask], None, [f"{mask}.segment_organ"]))
        for name, own, unit in (("largest_lesion_volume_ml", "volume_ml", "mL"), ("largest_lesion_mean_hu", "mean_hu", "HU"),
                                ("largest_lesion_diameter_mm", "longest_diameter_mm", "mm")):
            if (mask, name) in values:
                out.append(item(target, own, values[(mask, name)], unit, [f"{mask}.{name}"]))
        if mask in CYST_MASKS:
            out.append(item(target, "lesion_type", "cyst", None, [f"{mask}.lesion_count"]))
    return out


def typed_lesions_carried(exchanges: Sequence[tuple[str, dict[str, Any], Any]], group: str) -> bool:
    """Whether clinorch's own cache carries the group's typed masks (`{group}.typed_masks`): each carried lesion then says
    its kind (`lesion_type`), and "the largest pancreatic cyst" is named lesion by lesion
    (`agents.reasoners.asked_kind`) rather than by cutting the group to one mask, whose largest lesion the cache may
    not hold (it gives the group's largest, of the other mask)."""
    return any(isinstance(item, dict) and item.get("target") == group and item.get("name") == "typed_masks"
               and item.get("value")
               for name, _, result in exchanges if name == "segment_organ" and isinstance(result, dict)
               for item in result.get("clinorch_measurements") or [])


def absent_organ(target: str, name: str, value: Any) -> bool:
    """Whether a cached value is an organ's volume of 0 mL: an empty mask, the organ absent (never a smaller organ)."""
    return name == "volume_ml" and value == 0 and not any(target in masks for masks in LESION_MASKS.values())


def _carried(item: Any, organ: str) -> Evidence | None:
    """One measurement of clinorch's tool cache as evidence (None if the item is malformed)."""
    if not isinstance(item, dict) or not item.get("target") or not item.get("name"):
        return None
    value = item.get("value")
    if value is not None and not isinstance(value, (int, float, str, bool)):
        return None
    if absent_organ(str(item["target"]), str(item["name"]), value):
        return None  # an empty organ mask: absent, not 0 mL (`evidence_from` records it as not present)
    extra = {k: item[k] for k in CARRIED_PROVENANCE if isinstance(item.get(k), dict | float | int)}
    return Evidence.make("measurement", "measurement", str(item["name"]), str(item["target"]), value=value,
                         unit=item.get("unit"), provenance={"method": item.get("method") or "clinorch measurement agent",
                                                            "calls": [f"segment_organ({organ})"],
                                                            "source": "deeptumorvqa harness tools (clinorch tool cache)",
                                                            **extra})


def _spread(result: Any) -> float | None:
    """The standard deviation a mean-HU result may carry (`std_hu`, `std`, `sd`)."""
    if not isinstance(result, dict):
        return None
    for key in ("std_hu", "std", "sd", "hu_std"):
        value = result.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None
