"""Derived evidence: ratios, differences, sums and per-segment counts computed from measurements.

Every derived item is an `Evidence` of kind `finding` made by the reasoner, with its formula
and input ids in `provenance`, so the reviewer can recompute it. Nothing here is a guess: a
quantity is derived only when all its inputs are measured.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from agents.reasoners.asked_kind import kind_asked
from agents.reasoners.side_totals import side_totals
from core.anatomy import ORGAN_OF_GROUP, SUBSEGMENTS, volume_held_in
from core.case import Evidence
from core.state import Intent, StatedThreshold
from knowledge.stated import basis_quantity, relative_difference_pct, share_holds
from questions.intents import locations_of
from questions.sizes import SizeFilter, filter_of
from questions.stated_rules import threshold_in

INSTANCE = re.compile(r"^(?P<group>[a-z]+_lesion)_(?P<n>\d+)$")


def _key(e: Evidence) -> str:
    return f"{e.target}.{e.name}"


def _number(e: Evidence | None) -> float | None:
    if e is None or isinstance(e.value, bool) or not isinstance(e.value, int | float):
        return None
    return float(e.value)


def _make(target: str, name: str, value: float | int, unit: str | None, formula: str,
          inputs: Iterable[Evidence], **extra: object) -> Evidence:
    return Evidence.make("finding", "reasoner", name, target, value=value, unit=unit,
                         provenance={"formula": formula, "inputs": [e.id for e in inputs], **extra})


def primary_place(evidence: list[Evidence], group: str, tied: set[str]) -> tuple[str, list[Evidence]] | None:
    """Of sub-segments tied on their lesion count, the one where most of those lesions mainly lie (each lesion's
    `location`, the sub-segment holding most of its voxels), with the location items it rests on; None when that
    ties too. A lesion spanning the head/body boundary counts in both (> 10 % each) but lies mainly in one."""
    held = [e for e in evidence if e.name == "location" and str(e.value) in tied
            and (m := INSTANCE.match(e.target or "")) is not None and m.group("group") == group]
    tally: dict[str, int] = {}
    for e in held:
        tally[str(e.value)] = tally.get(str(e.value), 0) + 1
    ranked = sorted(tally.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0], held


def instances(known: dict[str, Evidence], group: str) -> dict[int, dict[str, Evidence]]:
    """Lesion instances of a group (`liver_lesion_1`, ...) by number, each with its named evidence."""
    out: dict[int, dict[str, Evidence]] = {}
    for e in known.values():
        match = INSTANCE.match(e.target or "")
        if match and match.group("group") == group:
            out.setdefault(int(match.group("n")), {})[e.name] = e
    return dict(sorted(out.items()))


def derive(evidence: list[Evidence], intent: Intent | None = None, locations: Iterable[str] = ()) -> list[Evidence]:
    """The derived items the measured evidence allows and does not already hold.

    Args:
        evidence: the case's evidence so far.
        intent: the question's intent (an `organ aggregation` adds the sum it asks for).
        locations: sub-segments the question names (`pancreas_tail`); their lesion counts are
            derived even when zero, once every lesion's location is known.
    """
    known = {_key(e): e for e in evidence if e.target and e.kind in ("measurement", "finding", "segmentation")}
    new: list[Evidence] = []

    def add(item: Evidence) -> None:
        if _key(item) not in known:
            known[_key(item)] = item
            new.append(item)

    for organ in ("liver", "pancreas", "kidney_left", "kidney_right"):
        a, b = known.get(f"{organ}.mean_hu"), known.get("spleen.mean_hu")
        if _number(a) is not None and _number(b):
            add(_make(f"{organ}/spleen", "hu_ratio", round(_number(a) / _number(b), 4), "ratio", "ratio", [a, b]))  # type: ignore[operator, arg-type]
    left, right = known.get("kidney_left.volume_ml"), known.get("kidney_right.volume_ml")
    if _number(left) is not None and _number(right):
        add(_make("kidney_left/kidney_right", "volume_ratio", round(_number(left) / _number(right), 4), "ratio",  # type: ignore[operator]
                  "ratio", [left, right]))  # type: ignore[list-item]
        larger = max(_number(left), _number(right))  # type: ignore[type-var]
        add(_make("kidney_left/kidney_right", "volume_difference_pct",
                  round(100.0 * abs(_number(left) - _number(right)) / larger, 4), "%",  # type: ignore[operator]
                  "relative_difference", [left, right]))  # type: ignore[list-item]
        basis = intent.cutoff_basis if intent is not None else "larger"
        if basis != "larger":  # "a difference > 10% of their mean volume": the basis the question states
            add(_make("kidney_left/kidney_right", basis_quantity("volume_difference_pct", basis).split(".")[-1],
                      round(relative_difference_pct(_number(left), _number(right), basis), 4), "%",  # type: ignore[arg-type]
                      f"relative_difference_of_{basis}", [left, right]))  # type: ignore[list-item]
    groups = {INSTANCE.match(e.target or "").group("group") for e in known.values() if INSTANCE.match(e.target or "")}  # type: ignore[union-attr]
    groups &= set(ORGAN_OF_GROUP)  # `target_lesion_1` (RECIST) is an instance of no lesion group
    groups |= {t.split(".")[0] for t in known if t.split(".")[0] in ORGAN_OF_GROUP}
    share = threshold_in(intent.stated_thresholds, "%") if intent is not None and intent.task in SHARE_TASKS else None
    if share is not None and intent is not None and intent.lesion:  # "(more than 25 % of the lesion's voxels)"
        for item in count_in_share(known, intent.lesion, share, list(locations)):
            add(item)
    kinded = kind_asked(intent) if intent is not None else None
    for group in sorted(groups):
        for item in _lesion_group(known, group, list(locations), kinded=kinded is not None and kinded[0] == group):
            add(item)
    sized = filter_of(intent)
    if sized is not None and intent is not None and intent.lesion:
        for item in _count_in_filter(known, intent.lesion, sized):
            add(item)
    for key in intent.quantities if intent is not None else []:
        item = of_one_kind(known, key)
        for found in [item] if item is not None else side_totals(known, key):
            add(found)
    if intent is not None and intent.task == "organ aggregation":
        parts = [known.get(q) or _absent(known, q) for q in intent.quantities]  # an absent organ adds nothing
        for part in parts:
            if part is not None and part.provenance.formula == "absent":
                add(part)
        if parts and all(_number(p) is not None for p in parts) and len({p.target for p in parts}) == len(parts):
            targets = [p.target for p in parts]  # type: ignore[union-attr]
            add(_make("+".join(targets), parts[0].name, round(sum(_number(p) for p in parts), 4),  # type: ignore[misc, union-attr]
                      parts[0].unit, "sum", parts))  # type: ignore[union-attr, arg-type]
    return new


def _absent(known: dict[str, Evidence], key: str) -> Evidence | None:
    """A volume of 0 mL standing for an organ the segmentation found absent ("the combined volume of both kidneys" of a
    solitary kidney is the one kidney's): derived from the `present` = False item, which it cites."""
    target, _, name = key.partition(".")
    shown = known.get(f"{target}.present")
    if name != "volume_ml" or shown is None or shown.kind != "segmentation" or shown.value is not False:
        return None
    return _make(target, name, 0.0, "mL", "absent", [shown])


SHARE_TASKS = ("lesion count by location", "lesion counting")
"""Tasks whose per-segment count a share the question states redefines."""


def count_in_share(known: dict[str, Evidence], group: str, threshold: StatedThreshold, asked: list[str]) -> list[Evidence]:
    """How many of the group's lesions hold the stated share of their voxels in each sub-segment asked
    (`knowledge.stated.share_holds`), from each lesion's measured shares; nothing unless every lesion's shares are
    known. The item's parameters carry the rule, so the reviewer recounts it the same way."""
    count = known.get(f"{group}.lesion_count")
    total = _number(count)
    items = instances(known, group)
    held = [parts.get("locations") or parts.get("location") for parts in items.values()]
    if total is None or len(held) != int(total) or any(h is None or not h.provenance.get("shares") and h.value
                                                        for h in held):
        return []
    rule = {"comparison": threshold.comparison, "value": threshold.value, "unit": "%"}
    out = []
    for place in asked:
        n = sum(1 for h in held if share_holds(float((h.provenance.get("shares") or {}).get(place, 0.0)), threshold))  # type: ignore[union-attr]
        out.append(_make(group, f"count_in_{place}", n, "count", "count_in_share", [count, *held], location=place,  # type: ignore[list-item]
                         parameters=rule))
    return out


def _count_in_filter(known: dict[str, Evidence], group: str, sized: SizeFilter) -> list[Evidence]:
    """The size filter the question states and how many of the group's lesions pass it (nothing unless every
    lesion's longest diameter is measured)."""
    count = known.get(f"{group}.lesion_count")
    total = _number(count)
    diameters = [parts["longest_diameter_mm"] for parts in instances(known, group).values()
                 if _number(parts.get("longest_diameter_mm")) is not None]
    if total is None or len(diameters) != int(total):
        return []  # a lesion without a measured diameter: the filtered count is not known
    passed = sum(1 for d in diameters if sized.admits(_number(d)))  # type: ignore[arg-type]
    stated = [Evidence.make("finding", "reasoner", f"stated_{edge}_diameter_mm", group, value=value, unit="mm",
                            provenance={"method": f"size {'floor' if edge == 'min' else 'ceiling'} stated in the question"})
              for edge, value in (("min", sized.min_mm), ("max", sized.max_mm)) if value is not None]
    parameters = {"min_diameter_mm": sized.min_mm, "inclusive": sized.min_inclusive, "max_diameter_mm": sized.max_mm,
                  "max_inclusive": sized.max_inclusive}
    return [*stated, _make(group, sized.name(), passed, "count", "count_in_size_filter",
                           [count, *diameters, *stated], parameters=parameters)]  # type: ignore[list-item]


def _organ_of(known: dict[str, Evidence], group: str, largest: dict[str, Evidence]) -> str | None:
    organ = ORGAN_OF_GROUP.get(group)
    if organ != "kidney":
        return organ
    host = largest.get("organ")
    if host is not None and isinstance(host.value, str) and host.value.startswith("kidney_"):
        return host.value  # the measurement's own host organ (most of the lesion's voxels)
    sides = [loc for loc in locations_of(str(largest.get("location").value) if largest.get("location") else None)
             if loc.startswith("kidney_")]
    return sides[0] if len(sides) == 1 else None


def _differences(known: dict[str, Evidence], target: str, lesion_hu: Evidence | None, organ: str | None) -> list[Evidence]:
    """A lesion's attenuation against its organ: signed difference (HU), its magnitude, and in organ SDs."""
    organ_hu, organ_sd = known.get(f"{organ}.mean_hu"), known.get(f"{organ}.std_hu")
    if _number(lesion_hu) is None or _number(organ_hu) is None:
        return []
    diff = _number(lesion_hu) - _number(organ_hu)  # type: ignore[operator]
    signed = _make(target, "hu_difference", round(diff, 4), "HU", "difference", [lesion_hu, organ_hu])  # type: ignore[list-item]
    out = [signed, _make(target, "hu_difference_magnitude", round(abs(diff), 4), "HU", "abs", [signed])]
    if _number(organ_sd):
        out.append(_make(target, "hu_difference_in_organ_sd", round(diff / _number(organ_sd), 4), "ratio",  # type: ignore[operator]
                         "zscore", [lesion_hu, organ_hu, organ_sd]))  # type: ignore[list-item]
    return out


def _lesion_group(known: dict[str, Evidence], group: str, asked: list[str], kinded: bool = False) -> list[Evidence]:
    out: list[Evidence] = []
    items = instances(known, group)
    largest = items.get(1, {})
    if f"{group}.largest_lesion_mean_hu" not in known and _number(largest.get("mean_hu")) is not None:
        copy = _make(group, "largest_lesion_mean_hu", _number(largest["mean_hu"]), "HU", "copy", [largest["mean_hu"]])  # type: ignore[arg-type]
        known[_key(copy)] = copy
        out.append(copy)
    organ = _organ_of(known, group, largest)
    out += _differences(known, group, known.get(f"{group}.largest_lesion_mean_hu"), organ)
    if kinded:  # "the solid tumour" may be a smaller lesion: each one's own difference, for the one asked
        for n, parts in items.items():
            out += _differences(known, f"{group}_{n}", parts.get("mean_hu"), organ)
    first, second = _number(largest.get("volume_ml")), _number(items.get(2, {}).get("volume_ml"))
    counted = _number(known.get(f"{group}.lesion_count")) is not None  # a lower-bound set: a missed lesion may be
    if first is not None and second and counted:                       # the second largest, or larger than both
        out.append(_make(group, "largest_to_second_volume_ratio", round(first / second, 4), "ratio", "ratio",
                         [largest["volume_ml"], items[2]["volume_ml"]]))
    out += _by_location(known, group, items, asked)
    if group == "kidney_lesion":
        out += _by_side(known, items)
        made = {f"{e.target}.{e.name}" for e in out}
        out += [e for key in KIND_SIDE_COUNTS if key not in made and (e := kind_count_in(known, key)) is not None]
    return out


KIND_SIDE_COUNTS = tuple(f"{mask}.count_in_{side}" for mask in ("kidney_tumor", "kidney_cyst")
                         for side in ("kidney_left", "kidney_right"))
"""Each typed kidney mask's count in each kidney (`kind_count_in`), derived with the side counts."""


def _by_side(known: dict[str, Evidence], items: dict[int, dict[str, Evidence]]) -> list[Evidence]:
    """Kidney-lesion count per side (the side's measured count), and total volume per side, summed over instances by
    their measured host organ.

    Derived only when every instance's volume and host kidney are measured (the lesion burden
    that `bilateral kidney asymmetry` compares).
    """
    out = [_make("kidney_lesion", f"count_in_{side}", _number(own) or 0, "count", "copy", [own], location=side)  # type: ignore[arg-type]
           for side in ("kidney_left", "kidney_right")  # "How many kidney lesions lie in the right kidney?": the
           if (own := known.get(f"{side}.lesion_count")) is not None and _number(own) is not None]  # side's own count
    count = known.get("kidney_lesion.lesion_count")
    n = _number(count)
    if n is None or len(items) != int(n):
        return out
    if not all("volume_ml" in parts and "organ" in parts for parts in items.values()):
        return out
    for side in ("kidney_left", "kidney_right"):
        parts = [items[i]["volume_ml"] for i in items if items[i]["organ"].value == side]
        total = sum(_number(p) or 0.0 for p in parts)
        out.append(_make("kidney_lesion", f"volume_in_{side}", round(total, 4), "mL", "sum", parts,  # type: ignore[arg-type]
                         location=side))
    return out + _kind_by_side(known, items)


def kind_count_in(known: dict[str, Evidence], quantity: str) -> Evidence | None:
    """`kidney_tumor.count_in_kidney_left` (`_kind_by_side`) derived from the measured kidney lesions (0 on both sides
    when the mask counts none); None when the quantity is no such count or its inputs are not all measured."""
    asked = re.fullmatch(r"(kidney_tumor|kidney_cyst)\.count_in_(kidney_left|kidney_right)", quantity)
    counted = known.get(f"{asked.group(1)}.lesion_count") if asked else None
    if asked is None or counted is None or _number(counted) is None:
        return None
    mask, side = asked.groups()
    if _number(counted) == 0:  # no lesion of the kind anywhere: none in either kidney
        return _make(mask, f"count_in_{side}", 0, "count", "copy", [counted], location=side)
    items = instances(known, "kidney_lesion")
    if items and all("volume_ml" in parts and "organ" in parts for parts in items.values()):
        found = next((e for e in _kind_by_side(known, items) if f"{e.target}.{e.name}" == quantity), None)
        if found is not None:
            return found
    return None  # which kidney holds which kind is not known without each lesion's host and source mask (a side's
    # own count is of every kind; a group count may be of one kind only, the benchmark harness's `of_kind`)


def _kind_by_side(known: dict[str, Evidence], items: dict[int, dict[str, Evidence]]) -> list[Evidence]:
    """Each typed kidney mask's lesions per side ("How many tumours are in the left kidney?": the `kidney_tumor` mask's
    lesions whose host is the left kidney, `kidney_tumor.count_in_kidney_left`): a lesion is of the mask its volume
    was measured on (`agents.reasoners.asked_kind`, step 0)."""
    out = []
    for mask in ("kidney_tumor", "kidney_cyst"):
        counted = known.get(f"{mask}.lesion_count")
        refs = set(counted.provenance.masks or []) if counted is not None else set()
        if not refs or not all(parts["volume_ml"].provenance.masks for parts in items.values()):
            continue
        for side in ("kidney_left", "kidney_right"):
            own = [n for n, parts in items.items() if parts["organ"].value == side
                   and refs & set(parts["volume_ml"].provenance.masks or [])]
            inputs = [counted, *(items[n][name] for n in sorted(items) for name in ("organ", "volume_ml"))]
            out.append(_make(mask, f"count_in_{side}", len(own), "count", "kind_count_in", inputs, location=side))
    return out




def _subsegments_known(known: dict[str, Evidence], organ: str) -> bool:
    """Whether the organ's sub-segment masks were segmented or measured (a zero count is then a fact)."""
    names = SUBSEGMENTS.get(organ, ())
    return any(e.target in names and (e.kind == "segmentation" or (e.kind == "measurement" and e.name == "lesion_count"))
               for e in known.values())


def _by_location(known: dict[str, Evidence], group: str, items: dict[int, dict[str, Evidence]],
                 asked: list[str]) -> list[Evidence]:
    """Lesion count and volume per sub-segment, and the spread of lesions over segments.

    One definition (shared/DEEPTUMORVQA.md, the measurement's): a lesion counts in every sub-segment
    holding > 10% of its voxels (its `locations`), so a lesion across a boundary counts twice; over several
    sub-segments asked together (`count_in_liver_segment_5+...+liver_segment_8`) each lesion counts once. The
    measurement's own per-segment count (`liver_segment_5.lesion_count`) is used when present;
    otherwise the count is derived from every instance's `locations`. The spread (clustering) counts
    each lesion once, in its primary `location`. Nothing is derived when a lesion's location is
    unknown or the organ has no sub-segment masks: the handler then abstains.
    """
    out: list[Evidence] = []
    count = known.get(f"{group}.lesion_count")
    n = _number(count)
    organ = ORGAN_OF_GROUP[group]
    if count is None or n is None or organ not in SUBSEGMENTS:  # kidneys: per side is `_by_side`
        return out
    segments_known = _subsegments_known(known, organ)
    measured = {e.target: e for e in known.values()
                if e.kind == "measurement" and e.name == "lesion_count" and e.target in SUBSEGMENTS.get(organ, ())}
    held = [(i, parts.get("locations") or parts.get("location")) for i, parts in items.items()]
    complete = len(held) == int(n) and all(loc is not None for _, loc in held)
    counts: Counter[str] = Counter()
    volumes: Counter[str] = Counter()
    if complete:
        for i, loc in held:
            places = locations_of(str(loc.value) if loc.value is not None else None)  # type: ignore[union-attr]
            for name in places if loc.name == "locations" else places[:1]:  # type: ignore[union-attr]
                counts[name] += 1
            shares, volume = loc.provenance.get("shares"), _number(items[i].get("volume_ml")) or 0.0  # type: ignore[union-attr]
            for name in {*places, *(shares or {})}:  # the voxels' share in each sub-segment, however small
                if name.startswith(organ):
                    volumes[name] += volume_held_in(volume, shares, places, name)
    if not (segments_known or counts or int(n) == 0):
        return out
    for name in asked:
        if name.startswith(organ) and (segments_known or counts or int(n) == 0):  # a located lesion implies the masks
            counts.setdefault(name, 0)
            volumes.setdefault(name, 0.0)
    inputs = [count, *[loc for _, loc in held if loc is not None]]
    for name in sorted(set(counts) | set(measured)):
        if name in measured:
            out.append(_make(group, f"count_in_{name}", _number(measured[name]) or 0, "count", "copy",  # type: ignore[arg-type]
                             [measured[name]], location=name))
        elif complete:
            out.append(_make(group, f"count_in_{name}", counts[name], "count", "count_in", inputs, location=name))  # type: ignore[arg-type]
    together = [name for name in dict.fromkeys(asked) if name.startswith(organ)]
    if complete and len(together) > 1:  # "segments 5-8": each lesion once, however many of them it spans
        spans = [set(locations_of(str(loc.value) if loc.value is not None else None)[  # type: ignore[union-attr]
            :None if loc.name == "locations" else 1]) for _, loc in held]  # type: ignore[union-attr]
        out.append(_make(group, f"count_in_{'+'.join(together)}", sum(bool(s & set(together)) for s in spans), "count",
                         "count_in_any", inputs, location="+".join(together)))  # type: ignore[arg-type]
    if complete and all("volume_ml" in items[i] for i, _ in held):
        out += [_make(group, f"volume_in_{name}", round(v, 4), "mL", "volume_in",
                      [*inputs, *[items[i]["volume_ml"] for i, _ in held]], location=name)  # type: ignore[arg-type]
                for name, v in sorted(volumes.items())]
    primary = [(i, parts["location"]) for i, parts in items.items() if "location" in parts]
    if group == "liver_lesion" and n > 0 and len(primary) == int(n):
        tally = Counter(name for _, loc in primary for name in locations_of(str(loc.value) if loc.value is not None else None)[:1])
        top = sorted(tally.values(), reverse=True) + [0, 0]
        shares = [count, *[loc for _, loc in primary]]
        out.append(_make(group, "top_segment_pct", round(100.0 * top[0] / n, 4), "%", "share_top", shares))  # type: ignore[arg-type]
        out.append(_make(group, "top_two_segments_pct", round(100.0 * sum(top[:2]) / n, 4), "%", "share_top_two", shares))  # type: ignore[arg-type]
        spread = [(i, parts["locations"]) for i, parts in items.items() if "locations" in parts]
        if len(spread) == int(n):  # the other reading: a lesion counts in every segment holding > 10 % of it
            every = Counter(name for _, loc in spread for name in locations_of(str(loc.value) if loc.value is not None else None))
            top = sorted(every.values(), reverse=True) + [0, 0]
            spans = [count, *[loc for _, loc in spread]]
            out.append(_make(group, "top_segment_pct_spanning", round(min(100.0, 100.0 * top[0] / n), 4), "%",  # type: ignore[arg-type]
                             "share_top_spanning", spans))
            out.append(_make(group, "top_two_segments_pct_spanning", round(min(100.0, 100.0 * sum(top[:2]) / n), 4),  # type: ignore[arg-type]
                             "%", "share_top_two_spanning", spans))
    return out


ONE_KIND = re.compile(r"^(?P<kind>kidney_lesion|kidney_tumor|kidney_cyst)(?:_(?P<side>left|right))?\.largest_lesion_"
                      r"(?P<name>diameter_mm|volume_ml|mean_hu|short_axis_mm|slice)$")
"""A largest-lesion quantity of one lesion kind (its own mask) and/or one side (`questions.resolve.one_kind`)."""
INSTANCE_NAME = {"diameter_mm": "longest_diameter_mm", "volume_ml": "volume_ml", "mean_hu": "mean_hu",
                 "short_axis_mm": "short_axis_mm", "slice": "longest_diameter_slice"}
"""A group's `largest_lesion_*` quantity -> the name of the same quantity on one lesion instance."""


def lesions_of_kind(known: dict[str, Evidence], kind: str, side: str | None) -> list[dict[str, Evidence]]:
    """The kidney lesion instances of one kind (measured from the `kind` mask; any kidney lesion for
    `kidney_lesion`) lying in the kidney of `side` (any side for None), each with its named evidence."""
    out = []
    for parts in instances(known, "kidney_lesion").values():
        volume, organ = parts.get("volume_ml"), parts.get("organ")
        if volume is None:
            continue
        masks = [str(m).rsplit(":", 1)[-1].rsplit("/", 1)[-1].removesuffix(".nii.gz") for m in volume.provenance.masks or []]
        if kind != "kidney_lesion" and kind not in masks:
            continue
        if side is not None and (organ is None or organ.value != f"kidney_{side}"):
            continue
        out.append(parts)
    return out


def of_one_kind(known: dict[str, Evidence], key: str) -> Evidence | None:
    """The largest (by volume, as the group's largest lesion is chosen) kidney lesion of the kind and side a key
    names (`kidney_tumor_left.largest_lesion_diameter_mm`), its value copied with every candidate's volume as
    input, so the reviewer can redo the choice; None when the key names no one kind or side, is measured already,
    or no such lesion was measured."""
    match = ONE_KIND.match(key)
    if match is None or key in known or (match.group("kind") == "kidney_lesion" and not match.group("side")):
        return None
    found = lesions_of_kind(known, match.group("kind"), match.group("side"))
    name = INSTANCE_NAME[match.group("name")]
    if not found or any(_number(parts["volume_ml"]) is None for parts in found):
        return None
    largest = max(found, key=lambda parts: _number(parts["volume_ml"]))  # type: ignore[arg-type, return-value]
    item = largest.get(name)
    if _number(item) is None:
        return None
    target, _, quantity = key.partition(".")
    return _make(target, quantity, _number(item), item.unit, "largest_of_kind",  # type: ignore[arg-type, union-attr]
                 [item, *(parts["volume_ml"] for parts in found)],  # type: ignore[list-item]
                 kind=match.group("kind"), side=match.group("side"), lesion=largest["volume_ml"].target)
