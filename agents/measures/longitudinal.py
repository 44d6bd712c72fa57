"""Prior and current studies as evidence: RECIST 1.1 response, organ volume change, lesion change.

Every item cites the prior image it compares with (`provenance.prior_image`, and for RECIST the
baseline date) so the reviewer and a reader can tell which study a change is measured from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from agents.measures.lesions import Lesion
from agents.measures.organs import OrganStats
from agents.measures.recist import CITATION, MATCH_RADIUS_MM, RESPONSE_NAMES, RecistResult, match
from agents.measures.record import Recorder
from core.anatomy import LesionGroup
from core.case import Finding

VOLUME_CHANGE = "100 x (current volume - prior volume) / prior volume; volumes from each study's own mask"


def record_recist(rec: Recorder, result: RecistResult, prior_ref: str, **dates: Any) -> Finding:
    """Sums, changes from baseline and nadir, target lesions, new lesions and the response, citing RECIST 1.1.

    Args:
        rec: The recorder of the current study.
        result: The evaluation.
        prior_ref: The baseline image's artifact id.
        **dates: `baseline_date`, `followups` (count) and similar facts for provenance.
    """
    common = {"masks": [], "citation": CITATION, "prior_image": prior_ref, **dates}
    method = "RECIST 1.1 target lesions: measurable, largest first, <= 2 per organ, <= 5 in all"
    ids = [
        rec.add("target_lesions", "lesion_count", len(result.targets), "count", method=method,
                parameters={"measurable_mm": result.minimum_mm}, **common),
        rec.add("target_lesions", "max_per_organ", result.max_per_organ, "count", method=method, **common),
        rec.add("target_lesions", "baseline_sum_diameters_mm", result.baseline_sum_mm, "mm", method="sum of baseline longest diameters", **common),
        rec.add("target_lesions", "nadir_sum_diameters_mm", result.nadir_sum_mm, "mm",
                method="smallest sum on any study from the baseline on, before the current one",
                followup_sums_mm=list(result.followup_sums_mm), **common),
        rec.add("target_lesions", "sum_diameters_mm", result.current_sum_mm, "mm", method="sum of current longest diameters (0 if gone)", **common),
        rec.add("target_lesions", "change_from_baseline_pct", result.change_from_baseline_pct, "%", method="100 x (current - baseline) / baseline", **common),
        rec.add("target_lesions", "change_from_nadir_pct", result.change_from_nadir_pct, "%",
                method="100 x (current - nadir) / nadir", **common),
        rec.add("target_lesions", "increase_from_nadir_mm", result.increase_from_nadir_mm, "mm",
                method="current sum - nadir sum", **common),
        rec.add("new_lesions", "lesion_count", len(result.new_lesions), "count",
                method="current lesions farther than the match radius from every baseline and follow-up lesion of their organ",
                lesions=[{"mask": n.mask, "longest_diameter_mm": round(n.diameter.longest_mm, 2)} for n in result.new_lesions],
                **common),
    ]
    for t in result.targets:
        target = f"target_lesion_{t.number}"
        ids.append(rec.add(target, "longest_diameter_mm", t.current_mm, "mm", method="current longest axial diameter (0 if gone)",
                           organ=t.organ, matched=t.current is not None, **common))
        ids.append(rec.add(target, "baseline_longest_diameter_mm", t.baseline.diameter.longest_mm, "mm",
                           method="baseline longest axial diameter", organ=t.organ, **common))
    ids.append(rec.add("recist", "response", result.response, None, method="RECIST 1.1 response of target lesions",
                       reason=result.rule, **common))
    label = RESPONSE_NAMES[result.response] if result.response else "not evaluable"
    values = {"sum_diameters_mm": result.current_sum_mm, "baseline_sum_diameters_mm": result.baseline_sum_mm,
              "nadir_sum_diameters_mm": result.nadir_sum_mm, "new_lesions": float(len(result.new_lesions))}
    if result.change_from_baseline_pct is not None:
        values["change_from_baseline_pct"] = result.change_from_baseline_pct
    if result.change_from_nadir_pct is not None:
        values["change_from_nadir_pct"] = result.change_from_nadir_pct
    organs = sorted({t.organ for t in result.targets}) or ["none"]
    return Finding(organ=", ".join(organs), lesion="target_lesions", statement=f"RECIST 1.1: {label}. {result.rule}",
                   measurements=values, evidence_ids=ids)


def record_volume_change(rec: Recorder, current: Mapping[str, OrganStats], prior: Mapping[str, OrganStats],
                         prior_ref: str, **dates: Any) -> list[Finding]:
    """Volume of each organ on the prior study and its change to the current one (mL and %)."""
    findings = []
    for name in sorted(set(current) & set(prior)):
        before, now = prior[name].volume_ml, current[name].volume_ml
        common = {"masks": [name], "image": False, "prior_image": prior_ref, **dates}
        ids = [rec.add(name, "prior_volume_ml", before, "mL", method="voxel count x voxel volume on the prior study",
                       voxel_count=prior[name].voxel_count, **common),
               rec.add(name, "volume_change_ml", now - before, "mL", method="current volume - prior volume", **common)]
        pct = 100.0 * (now - before) / before if before else None
        ids.append(rec.add(name, "volume_change_pct", pct, "%", method=VOLUME_CHANGE,
                           reason=None if pct is not None else "empty mask on the prior study", **common))
        change = f"{pct:+.1f}%" if pct is not None else "not computable"
        findings.append(Finding(organ=name, statement=f"{name}: {before:.1f} mL on the prior study, {now:.1f} mL now ({change})",
                                measurements={"prior_volume_ml": before, "volume_ml": now,
                                              **({"volume_change_pct": pct} if pct is not None else {})},
                                evidence_ids=ids))
    return findings


def record_lesion_change(rec: Recorder, current: Mapping[LesionGroup, list[Lesion]],
                         prior: Mapping[LesionGroup, list[Lesion]], prior_ref: str, **dates: Any) -> list[Finding]:
    """Per lesion group measured on both studies: its count and total volume on the prior study and the change.

    `{group}.prior_lesion_count`, `{group}.lesion_count_change` (current - prior), and
    `{group}.prior_total_lesion_volume_ml`, `{group}.total_lesion_volume_change_ml`,
    `{group}.total_lesion_volume_change_pct` (None when the prior study had no lesion), and with a
    lesion on both `{group}.prior_largest_lesion_diameter_mm`, `{group}.largest_lesion_diameter_change_mm` and `_pct`
    (each study's largest lesion by volume, as `largest_lesion_*` elsewhere), and the largest lesion's own volume
    change (`_largest_volume_change`). A group whose lesion masks are missing on either study is not compared
    (unknown, not zero).
    """
    findings = []
    before_by_name = {group.name: found for group, found in prior.items()}
    for group, now in current.items():
        if group.name not in before_by_name:
            continue
        before = before_by_name[group.name]
        masks = [m for m in group.all_masks if m in rec.mask_refs]
        common = {"masks": masks, "image": False, "prior_image": prior_ref, **dates}
        volume_before, volume_now = sum(x.volume_ml for x in before), sum(x.volume_ml for x in now)
        pct = 100.0 * (volume_now - volume_before) / volume_before if volume_before else None
        ids = [rec.add(group.name, "prior_lesion_count", len(before), "count",
                       method="26-connected components of the prior study's lesion masks", **common),
               rec.add(group.name, "lesion_count_change", len(now) - len(before), "count",
                       method="current lesion count - prior lesion count", **common),
               rec.add(group.name, "prior_total_lesion_volume_ml", volume_before, "mL",
                       method="sum of the prior study's instance volumes", **common),
               rec.add(group.name, "total_lesion_volume_change_ml", volume_now - volume_before, "mL",
                       method="current total lesion volume - prior total lesion volume", **common),
               rec.add(group.name, "total_lesion_volume_change_pct", pct, "%", method=LESION_VOLUME_CHANGE,
                       reason=None if pct is not None else "no lesion on the prior study", **common)]
        if before and now:
            ids += _largest_volume_change(rec, group.name, now[0], before, common)
            largest_before, largest_now = before[0].diameter.longest_mm, now[0].diameter.longest_mm
            ids += [rec.add(group.name, "prior_largest_lesion_diameter_mm", largest_before, "mm",
                            method="longest axial diameter of the prior study's largest lesion", **common),
                    rec.add(group.name, "largest_lesion_diameter_change_mm", largest_now - largest_before, "mm",
                            method="largest lesion's longest axial diameter, current - prior", **common),
                    rec.add(group.name, "largest_lesion_diameter_change_pct",
                            100.0 * (largest_now - largest_before) / largest_before if largest_before else None, "%",
                            method="100 x (current - prior) / prior longest axial diameter of each study's largest "
                                   "lesion", reason=None if largest_before else "prior diameter zero", **common)]
        findings.append(Finding(organ=group.organs[0], lesion=group.name,
                                statement=f"{group.name.replace('_', ' ')}: {len(before)} lesion(s), {volume_before:.1f} mL on "
                                          f"the prior study; {len(now)} lesion(s), {volume_now:.1f} mL now",
                                measurements={"prior_lesion_count": float(len(before)), "lesion_count": float(len(now)),
                                              "prior_total_lesion_volume_ml": volume_before,
                                              "total_lesion_volume_ml": volume_now},
                                evidence_ids=ids))
    return findings


def _largest_volume_change(rec: Recorder, group: str, largest: Lesion, before: Sequence[Lesion],
                           common: dict[str, Any]) -> list[str]:
    """The current largest lesion's volume change since the prior study: `{group}.prior_largest_lesion_volume_ml`,
    `{group}.largest_lesion_volume_change_ml` and `_pct`.

    The prior value is the same lesion's, matched by RECIST 1.1's rule (same organ, centre within 20 mm plus half
    its diameter: `recist.match`); when no prior lesion matches, the prior study's largest lesion stands in, and
    the evidence says so (`pairing`: "matched lesion" or "largest lesion of each study").
    """
    radius = MATCH_RADIUS_MM + largest.diameter.longest_mm / 2
    same = match(largest, list(before), set(), radius)
    prior = same if same is not None else before[0]
    pairing = "matched lesion" if same is not None else "largest lesion of each study"
    change = largest.volume_ml - prior.volume_ml
    pct = 100.0 * change / prior.volume_ml if prior.volume_ml else None
    how = {"pairing": pairing, "match_radius_mm": round(radius, 3)}
    return [rec.add(group, "prior_largest_lesion_volume_ml", prior.volume_ml, "mL", parameters=how,
                    method=f"volume of the current largest lesion's {pairing} on the prior study", **common),
            rec.add(group, "largest_lesion_volume_change_ml", change, "mL", parameters=how,
                    method=f"current largest lesion's volume - its prior volume ({pairing})", **common),
            rec.add(group, "largest_lesion_volume_change_pct", pct, "%", parameters=how,
                    method=f"100 x (current - prior) / prior volume of the largest lesion ({pairing})",
                    reason=None if pct is not None else "prior volume zero", **common)]


LESION_VOLUME_CHANGE = "100 x (current - prior total lesion volume) / prior total lesion volume; each study's own masks"
