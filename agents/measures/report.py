"""Recording measured values as contract evidence (target + name + unit) and findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from agents.measures import lesions as lz
from agents.measures.organs import OrganStats, ratio
from agents.measures.record import Recorder
from agents.measures.vessels import RAY_STEP_DEG, VesselContact
from agents.measures.vocabulary import (
    CAUDATE,
    LESION_GROUPS,
    RATIOS,
    RIGHT_LOBE,
    SUBSEGMENTS,
    TYPED_LESION_MASKS,
    LesionGroup,
)
from core.anatomy import tumor_burden_pct
from core.case import Finding
from imaging.volume import AXIAL_SLICE_NUMBERING, LabelMap

VOLUME = "voxel count x voxel volume (header spacing)"
HU = "mean / population std of CT over (organ - lesion masks) eroded by a 3x3x3 cube"
COMPONENTS = {"connectivity": 26, "order": "largest voxel count first, ties in raster order"}


def _voxel_mm3(stats: OrganStats) -> dict[str, float]:
    """The voxel volume the organ's volume was counted with (|det| of the affine: a tilted, sheared acquisition grid
    has a smaller voxel than its three spacings' product), so the attending can recompute the volume."""
    if not stats.voxel_count or stats.volume_ml is None:
        return {}
    return {"voxel_mm3": round(stats.volume_ml * 1000.0 / stats.voxel_count, 6)}


def record_organs(rec: Recorder, organs: Mapping[str, OrganStats], spacing: tuple[float, float, float],
                  lesion_masks: Sequence[str]) -> list[Finding]:
    """volume_ml, mean_hu, std_hu per organ; one finding each."""
    findings = []
    for name, stats in organs.items():
        ids = [rec.add(name, "volume_ml", stats.volume_ml, "mL", masks=[name], method=VOLUME, image=False,
                       parameters={"spacing_mm": list(spacing)} | _voxel_mm3(stats), voxel_count=stats.voxel_count)]
        reason = None if stats.mean_hu is not None else "no voxel left after removing lesions and eroding one voxel"
        masks = [name, *lesion_masks]
        unknown = [m for g in LESION_GROUPS if name in g.organs for m in g.lesion_masks if m not in lesion_masks]
        removed = {"lesions_removed": not unknown} | ({"lesion_masks_unknown": unknown} if unknown else {})
        for key in ("mean_hu", "std_hu"):
            ids.append(rec.add(name, key, getattr(stats, key), "HU", masks=masks, method=HU, reason=reason,
                               parameters={"erosion": stats.erosion, **removed}, core_voxels=stats.core_voxels))
        values = {"volume_ml": stats.volume_ml} | ({"mean_hu": stats.mean_hu, "std_hu": stats.std_hu} if stats.mean_hu is not None else {})
        hu = f", mean {stats.mean_hu:.1f} HU (SD {stats.std_hu:.1f})" if stats.mean_hu is not None else ""
        findings.append(Finding(organ=name, statement=f"{name}: volume {stats.volume_ml:.1f} mL{hu}",
                                measurements=values, evidence_ids=ids))  # type: ignore[arg-type]
    return findings


def record_segments(rec: Recorder, segments: Mapping[str, LabelMap], voxel_ml: float) -> dict[str, float]:
    """volume_ml of each sub-segment (Couinaud, pancreas head/body/tail)."""
    volumes = {}
    for name, mask in segments.items():
        count = int(np.count_nonzero(mask.array))
        volumes[name] = count * voxel_ml
        rec.add(name, "volume_ml", volumes[name], "mL", masks=[name], method=VOLUME, image=False, voxel_count=count)
    return volumes


def record_derived(rec: Recorder, organs: Mapping[str, OrganStats], masks: Mapping[str, LabelMap], scope: set[str],
                   voxel_ml: float) -> None:
    """HU ratios, the kidney volume ratio and the caudate / right-lobe ratio, where both sides exist."""
    for num, den, name in RATIOS:
        a, b = organs.get(num), organs.get(den)
        if a is None or b is None:
            continue
        key = "mean_hu" if name == "hu_ratio" else "volume_ml"
        value = ratio(getattr(a, key), getattr(b, key))
        rec.add(f"{num}/{den}", name, value, "ratio", masks=[num, den], method=f"{num}.{key} / {den}.{key}",
                image=key == "mean_hu", reason=None if value is not None else f"{key} missing or zero")
    parts = [CAUDATE, *RIGHT_LOBE]
    if "liver" in scope and all(p in masks for p in parts):
        counts = {p: int(np.count_nonzero(masks[p].array)) for p in parts}
        value = ratio(counts[CAUDATE] * voxel_ml, sum(counts[p] * voxel_ml for p in RIGHT_LOBE))
        rec.add("liver", "caudate_right_lobe_ratio", value, "ratio", masks=parts, image=False,
                method="volume(liver_segment_1) / volume(liver_segment_5..8)")


def record_groups(rec: Recorder, groups: Mapping[LesionGroup, list[lz.Lesion]], organs: Mapping[str, OrganStats],
                  adjacency_mm: float) -> list[Finding]:
    """Per group, per lesion mask, per organ, per sub-segment and per lesion instance."""
    findings = []
    for group, found in groups.items():
        masks = [m for m in group.all_masks if m in rec.mask_refs]
        _record_group(rec, group, found, organs, masks)
        for n, lesion in enumerate(found, start=1):
            findings.append(_record_instance(rec, f"{group.name}_{n}", lesion, adjacency_mm))
        if not found:
            ids = [f"measurement:{group.name}:lesion_count"]
            findings.append(Finding(organ=group.organs[0], lesion=group.name, statement=f"no {group.name.replace('_', ' ')}",
                                    measurements={"lesion_count": 0.0}, evidence_ids=ids))
    return findings


def _record_group(rec: Recorder, group: LesionGroup, found: list[lz.Lesion], organs: Mapping[str, OrganStats],
                  masks: list[str]) -> None:
    target, method = group.name, "26-connected components of the lesion masks"
    organ_masks = [o for o in group.organs if o in organs and organs[o].volume_ml]  # an absent kidney (its provided
    # mask empty) holds no lesion and adds no volume: the burden is over the kidney there
    sources = list(dict.fromkeys([*masks, *(x.mask for x in found)]))  # a typed mask's own lesion (a cyst only in
    # `pancreatic_cyst`) is counted too: its mask is one the count and the total rest on
    rec.add(target, "lesion_count", len(found), "count", masks=sources, method=method, image=False, parameters=COMPONENTS)
    total = sum(x.volume_ml for x in found)
    rec.add(target, "total_lesion_volume_ml", total, "mL", masks=sources, method=f"sum of instance volumes; {VOLUME}",
            image=False)
    organ_volume = sum(organs[o].volume_ml for o in organ_masks) if organ_masks else None
    burden = tumor_burden_pct(total, organ_volume, len(found)) if masks else None
    method = "100 x total lesion volume / organ volume (organ masks include their lesions)" if found or organ_masks \
        else "no lesion in its mask: 0 % of the organ, whatever the organ's volume"
    rec.add(target, "tumor_burden_pct", burden, "%", masks=[*masks, *organ_masks], image=False, method=method)
    for name in masks:  # per lesion mask (kidney_tumor vs kidney_cyst)
        own = [x for x in found if x.mask == name]
        rec.add(name, "lesion_count", len(own), "count", masks=[name], method=method, image=False, parameters=COMPONENTS)
        rec.add(name, "total_lesion_volume_ml", sum(x.volume_ml for x in own), "mL", masks=[name], method=VOLUME, image=False)
    typed = [m for m in group.typed_masks if m in rec.mask_refs]
    if typed:  # AbdomenAtlas 3.0 subtype masks: which kinds the instances' `lesion_type` can say, and which it cannot
        rec.add(target, "typed_masks", ", ".join(typed), None, masks=typed, image=False,
                method="typed lesion masks provided beside the group's (each instance typed by the one holding most of "
                       "its voxels)")
    for organ in organ_masks:  # per organ (left vs right kidney)
        rec.add(organ, "lesion_count", sum(x.organ == organ for x in found), "count", masks=[*masks, organ], image=False,
                method="lesions whose largest overlap is this organ")
    segments = [s for s in SUBSEGMENTS.get(group.parent or "", ()) if s in rec.mask_refs]
    held = Counter(s for x in found for s in x.locations)
    for segment in segments:  # per location: every lesion with > 10% of its voxels there
        rec.add(segment, "lesion_count", held[segment], "count", masks=[*masks, segment], image=False,
                method="lesions with more than 10% of their voxels in this sub-segment", parameters={"share": lz.LOCATION_SHARE})
    if not found:
        return
    largest = found[0]
    prefix = "largest_lesion_"
    for name, value, unit in (("volume_ml", largest.volume_ml, "mL"), ("diameter_mm", largest.diameter.longest_mm, "mm"),
                              ("short_axis_mm", largest.diameter.short_axis_mm, "mm"),
                              ("slice", largest.diameter.slice_k, "slice"), ("mean_hu", largest.mean_hu, "HU"),
                              ("attenuation", largest.attenuation, None), ("location", largest.location, None),
                              ("mask", largest.mask, None)):
        extra: dict[str, Any] = {"endpoints_ij": [list(p) for p in largest.diameter.endpoints_ij]} if name in ("diameter_mm", "slice") else {}
        rec.add(target, prefix + name, value, unit, masks=[largest.mask], method=f"{group.name}_1 (largest by volume)", **extra)
    for quantity, contact in largest.vessel_contacts.items():  # NCCN resectability reads the tumour's contacts
        _record_contact(rec, target, quantity, contact, [largest.mask], f"{group.name}_1 (largest by volume): ")
    rec.add(target, "outlier_lesion", lz.is_outlier(found), None, masks=masks, image=False,
            method="at least 3 lesions and the largest >= 3 x the second by volume",
            parameters={"factor": lz.OUTLIER_FACTOR}, reason=_outlier_reason(found))
    spread = lz.clustering(found) if group.name == "liver_lesion" else None
    if spread is not None:
        label, counts = spread
        rec.add(target, "clustering", label, None, masks=[*masks, *segments], image=False,
                method="share of located lesions per Couinaud segment: > 50% in one = highly clustered; "
                       "top two >= 75% = somewhat clustered; else widely distributed", counts=counts)


def _record_contact(rec: Recorder, target: str, quantity: str, contact: VesselContact, mask: list[str],
                    which: str = "") -> str:
    """`{target}.{quantity}`: a lesion's contact angle with a vessel (`agents.measures.vessels`); returns its id."""
    return rec.add(target, quantity, round(contact.degrees, 1), "deg", masks=[*mask, contact.vessel], image=False,
                   method=f"{which}degrees of rays cast every {RAY_STEP_DEG:g} deg from the centre of each axial cut of "
                          f"the {contact.vessel.replace('_', ' ')} that meet a lesion voxel within one voxel past its "
                          "wall; max over axial slices",
                   slice=contact.slice_k, arc_resolution_deg=round(contact.arc_resolution_deg, 1),
                   reason=None if contact.degrees else f"the lesion touches the {contact.vessel.replace('_', ' ')} "
                                                       "on no axial slice")


def _outlier_reason(found: Sequence[lz.Lesion]) -> str:
    if len(found) < 3:
        return f"{len(found)} lesion(s): fewer than 3"
    return f"largest {found[0].volume_ml:.2f} mL vs second {found[1].volume_ml:.2f} mL ({found[0].voxel_count / found[1].voxel_count:.2f}x)"


def _record_instance(rec: Recorder, target: str, lesion: lz.Lesion, adjacency_mm: float) -> Finding:
    mask, d = [lesion.mask], lesion.diameter
    method_d = "max over axial slices of the largest distance between contour voxel centres (row-extreme hull, exact)"
    ends = {"endpoints_ij": [list(p) for p in d.endpoints_ij]}
    ids = [
        rec.add(target, "volume_ml", lesion.volume_ml, "mL", masks=mask, method=VOLUME, image=False, voxel_count=lesion.voxel_count),
        rec.add(target, "longest_diameter_mm", d.longest_mm, "mm", masks=mask, method=method_d, image=False, slice=d.slice_k, **ends),
        rec.add(target, "short_axis_mm", d.short_axis_mm, "mm", masks=mask, image=False, slice=d.slice_k,
                method="longest chord perpendicular to the longest diameter on its slice (RECIST)",
                parameters={"along_tolerance": "sqrt(2)/2 in-plane voxel"}),
        rec.add(target, "longest_diameter_slice", d.slice_k, "slice", masks=mask, image=False,
                method="axial index k (canonical RAS) of the longest diameter; lowest k on a tie", **ends),
        rec.add(target, "mean_hu", lesion.mean_hu, "HU", masks=mask, method="mean CT over the lesion's voxels"),
    ]
    organ_masks = [lesion.organ] if lesion.organ else []
    diff = lesion.hu_difference
    ids.append(rec.add(target, "organ_hu_difference", diff, "HU", masks=[*mask, *organ_masks],
                       method="lesion mean HU - organ mean HU (organ minus lesions, eroded)"))
    ids.append(rec.add(target, "attenuation", lesion.attenuation, None, masks=[*mask, *organ_masks],
                       method="iso if |lesion - organ| < organ std / 10, hypo if lower, else hyper",
                       reason=None if diff is None else f"difference {diff:+.1f} HU vs organ std/10 = {lesion.organ_hu.std_hu / 10:.2f} HU"))  # type: ignore[union-attr]
    ids.append(rec.add(target, "organ", lesion.organ, None, masks=[*mask, *organ_masks], image=False,
                       method="group organ holding most of its voxels"))
    if lesion.kind_mask is not None:
        ids.append(rec.add(target, "lesion_type", TYPED_LESION_MASKS[lesion.kind_mask][1], None,
                           masks=[*mask, lesion.kind_mask], image=False,
                           method=f"typed by the provided mask {lesion.kind_mask} (holds most of its voxels)"))
    shares = {k: round(v, 6) for k, v in lesion.shares.items() if v > 0}
    ids.append(rec.add(target, "location", lesion.location, None, masks=[*mask, *lesion.shares], image=False,
                       method="sub-segment with the largest share, if > 10% of voxels", shares=shares))
    ids.append(rec.add(target, "locations", ", ".join(lesion.locations) or None, None, masks=[*mask, *lesion.shares], image=False,
                       method="every sub-segment with > 10% of voxels, largest share first", shares=shares))
    for place in lesion.locations:  # each held sub-segment's share, citable by an answer naming several
        ids.append(rec.add(target, f"share_in_{place}_pct", round(100.0 * lesion.shares[place], 4), "%", masks=[*mask, place],
                           image=False, method="100 x lesion voxels in the sub-segment / lesion voxels"))
    ids.append(rec.add(target, "adjacent_organs", ", ".join(lesion.adjacent) or "none", None, masks=mask, image=False,
                       method="organs with a voxel centre within the distance of a lesion voxel centre",
                       parameters={"distance_mm": adjacency_mm}))
    reach = {"reach_mm": lz.NEAREST_REACH_MM}
    ids.append(rec.add(target, "nearest_structure", lesion.nearest, None, masks=mask, image=False,
                       method="structure with the shortest voxel-centre distance to the lesion (its own organs excluded)",
                       parameters={**reach, "structures": lesion.neighbours}, distances_mm=dict(lesion.distances_mm), resolution_mm=lesion.resolution_mm,
                       reason=None if lesion.nearest else f"no structure within {lz.NEAREST_REACH_MM:g} mm"))
    for structure, distance in lesion.distances_mm.items():  # each neighbour's own distance, citable by name
        rec.add(structure, f"distance_from_{target}_mm", distance, "mm", masks=[*mask, structure], image=False,
                method="shortest distance between the structure's and the lesion's voxel centres",
                parameters=reach, resolution_mm=lesion.resolution_mm, dilation_steps=lesion.dilation_steps.get(structure))
    for quantity, contact in lesion.vessel_contacts.items():
        ids.append(_record_contact(rec, target, quantity, contact, mask))
    values = {"volume_ml": lesion.volume_ml, "longest_diameter_mm": d.longest_mm, "short_axis_mm": d.short_axis_mm,
              "mean_hu": lesion.mean_hu, "longest_diameter_slice": float(d.slice_k)}
    where = f" in {lesion.location}" if lesion.location else ""
    tone = f", {lesion.attenuation}dense" if lesion.attenuation else ""
    statement = (f"{target} ({lesion.mask}){where}: {lesion.volume_ml:.1f} mL, longest axial diameter {d.longest_mm:.1f} mm "
                 f"x short axis {d.short_axis_mm:.1f} mm on axial slice {d.slice_k} ({AXIAL_SLICE_NUMBERING}), "
                 f"{lesion.mean_hu:.0f} HU{tone}")
    return Finding(organ=lesion.organ or lesion.mask, lesion=target, statement=statement, measurements=values, evidence_ids=ids)
