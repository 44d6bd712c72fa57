"""Kidney lesion totals of one side: the lesions lying in the kidney a question names, over that kidney.

"What percentage of the left kidney volume is occupied by lesions?" is the summed volume of the kidney
lesions whose measured host organ (`kidney_lesion_N.organ`, the kidney holding most of the lesion's
voxels) is the left kidney, divided by the left kidney's volume (its mask includes its lesions) — not
both kidneys' lesions over both kidneys (`kidney_lesion.tumor_burden_pct`). The reasoner derives
`kidney_lesion_left.total_lesion_volume_ml` and `kidney_lesion_left.tumor_burden_pct` here; the reviewer
recomputes the total through `side_total` and holds its lesions against every kidney lesion of the case,
so the two cannot choose different lesions. A typed kind (`kidney_cyst_right`) sums that mask's lesions.
Nothing is derived unless every kidney lesion's volume and host kidney are measured.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from core.case import Evidence

SIDE_TOTAL = re.compile(r"^(?P<kind>kidney_lesion|kidney_tumor|kidney_cyst)_(?P<side>left|right)\."
                        r"(?P<name>tumor_burden_pct|total_lesion_volume_ml)$")
"""A kidney lesion total of one kind and side (`questions.resolve.of_side`)."""
_INSTANCE = re.compile(r"^kidney_lesion_(\d+)$")


def _number(e: Evidence | None) -> float | None:
    if e is None or isinstance(e.value, bool) or not isinstance(e.value, int | float):
        return None
    return float(e.value)


def _mask_names(e: Evidence) -> list[str]:
    return [str(m).rsplit(":", 1)[-1].rsplit("/", 1)[-1].removesuffix(".nii.gz") for m in e.provenance.masks or []]


def lesion_items(known: Mapping[str, Evidence]) -> list[Evidence] | None:
    """Every kidney lesion's volume and host-organ items with the group's count (the inputs of a side total), or None
    when a lesion's volume or host kidney is not measured or the instances are fewer than the count."""
    count = known.get("kidney_lesion.lesion_count")
    n = _number(count)
    lesions = sorted({m.group(0) for key in known if (m := _INSTANCE.match(key.split(".")[0]))})
    if count is None or n is None or len(lesions) != int(n):
        return None
    items: list[Evidence] = [count]
    for lesion in lesions:
        volume, organ = known.get(f"{lesion}.volume_ml"), known.get(f"{lesion}.organ")
        if _number(volume) is None or organ is None or not isinstance(organ.value, str):
            return None
        items += [volume, organ]  # type: ignore[list-item]
    return items


def side_total(inputs: list[Evidence], kind: str, side: str) -> float:
    """The summed volume (mL) of the kidney lesions among `inputs` (volume and host-organ items per lesion) that lie
    in the `side` kidney and, for a typed kind, were measured from that kind's mask.

    Raises:
        ValueError: a lesion among the inputs has no volume.
    """
    volumes = {e.target: e for e in inputs if e.name == "volume_ml" and _INSTANCE.match(e.target or "")}
    hosts = {e.target: e.value for e in inputs if e.name == "organ" and _INSTANCE.match(e.target or "")}
    total = 0.0
    for lesion, volume in volumes.items():
        if hosts.get(lesion) != f"kidney_{side}" or (kind != "kidney_lesion" and kind not in _mask_names(volume)):
            continue
        value = _number(volume)
        if value is None:
            raise ValueError(f"{volume.id!r} holds no volume")
        total += value
    return total


def side_totals(known: Mapping[str, Evidence], key: str) -> list[Evidence]:
    """The side's total lesion volume and, for a burden, its share of that kidney (`SIDE_TOTAL` keys); [] when the key
    names no side total, is known already, or a lesion's volume or host kidney is not measured."""
    match = SIDE_TOTAL.match(key)
    if match is None or key in known:
        return []
    items = lesion_items(known)
    if items is None:
        return []
    kind, side = match.group("kind"), match.group("side")
    target = f"{kind}_{side}"
    total = Evidence.make("finding", "reasoner", "total_lesion_volume_ml", target,
                          value=round(side_total(items, kind, side), 4), unit="mL",
                          provenance={"formula": "side_total", "inputs": [e.id for e in items], "side": side, "kind": kind})
    if match.group("name") == "total_lesion_volume_ml":
        return [total]
    organ = known.get(f"kidney_{side}.volume_ml")
    volume = _number(organ)
    if organ is None or not volume:
        return [total]
    burden = Evidence.make("finding", "reasoner", "tumor_burden_pct", target,
                           value=round(100.0 * float(total.value) / volume, 4), unit="%",  # type: ignore[arg-type]
                           provenance={"formula": "percent_of", "inputs": [total.id, organ.id], "side": side})
    return [total, burden]
