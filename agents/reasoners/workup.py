"""A full work-up as a radiologist writes it: findings organ by organ, then an impression.

Every sentence is built from evidence items (`describe`) so the reviewer can match each number;
the impression lists what the cited criteria call abnormal, then the lesions found, and says so
when nothing is. Structures normally in an abdominal CT's field of view (lung bases included)
are reported like any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft, describe, target_words
from core.anatomy import ORGAN_OF_GROUP
from core.anatomy import family as organ_family
from core.case import Evidence
from core.tasks import REGISTRY, is_positive

ORGAN_ORDER = ("liver", "gall_bladder", "spleen", "pancreas", "kidney", "adrenal_gland", "stomach", "colon", "aorta",
               "postcava", "lung")
ORGAN_NAMES = ("volume_ml", "mean_hu")
LESION_NAMES = ("lesion_count", "largest_lesion_diameter_mm", "largest_lesion_volume_ml", "largest_lesion_location")
RATIO_NAMES = ("hu_ratio", "caudate_right_lobe_ratio")
NOT_ORGANS = ("body", "bone")
"""Helper masks of the classical segmenter, not findings."""
Apply = Callable[[ReasonerInput, Any, "str | None"], "tuple[Any, list[str], str]"]


def _organ_of(target: str) -> str:
    """The organ a target belongs to: `liver_lesion` -> liver, `kidney_left` -> kidney, `liver/spleen` -> liver."""
    base = target.split("/")[0]
    return organ_family(ORGAN_OF_GROUP.get(base, base))


def _wanted(e: Evidence) -> bool:
    if e.kind not in ("measurement", "finding") or not e.target or e.value is None:
        return False
    if "_segment_" in e.target or e.target.startswith("pancreas_") and e.target != "pancreas_lesion":
        return False  # sub-segments: in the lesion's location, not lines of their own
    if e.target.endswith(("_tumor", "_cyst")) or e.target[-1].isdigit():
        return False  # per-mask and per-instance detail stays in the findings list
    if e.target in NOT_ORGANS or (e.target in ORGAN_OF_GROUP) != (e.name in LESION_NAMES) and e.name not in RATIO_NAMES:
        return False  # an organ's own lesion count repeats its lesion group's
    if "/" in e.target:
        return e.name == "hu_ratio" and e.target.split("/")[0] in ("liver", "pancreas")
    return e.name in (*ORGAN_NAMES, *LESION_NAMES, *RATIO_NAMES)


def findings_by_organ(task: ReasonerInput) -> dict[str, list[Evidence]]:
    """The key measurements, grouped by organ in reading order."""
    grouped: dict[str, list[Evidence]] = {}
    for e in task.evidence:
        if _wanted(e):
            grouped.setdefault(_organ_of(e.target or ""), []).append(e)
    order = {organ: n for n, organ in enumerate(ORGAN_ORDER)}
    return dict(sorted(grouped.items(), key=lambda kv: order.get(kv[0], len(order))))


def finding_words(entry_id: str, label: str) -> str:
    """A criterion's category as the finding a report names: a bare grade takes its finding from the task the entry
    decides ("mild" by the spleen volume grade -> "Mild splenomegaly"); other labels are their own words."""
    named = [spec.option_text(label) for spec in REGISTRY.values()
             if any(e == entry_id for _, e in spec.criteria) and label in dict(spec.options)]
    words = named[0] if len(set(named)) == 1 else label
    return f"{words[:1].upper()}{words[1:]}"


def place_words(text: str) -> str:
    """Sub-segment names in a sentence as a reader writes them: `liver_segment_5` -> segment 5, `pancreas_body` ->
    pancreatic body."""
    text = re.sub(r"\bliver_segment_(\d)\b", r"segment \1", text)
    return re.sub(r"\bpancreas_(head|body|tail)\b", r"pancreatic \1", text)


def impression(task: ReasonerInput, apply: Apply, target_of: Callable[[ReasonerInput, Any], str | None]
               ) -> tuple[list[str], list[str]]:
    """Impression lines and their evidence ids: abnormal criteria, then lesions, else 'no abnormality'."""
    lines: list[str] = []
    ids: list[str] = []
    for entry in task.criteria.values():
        if entry.criterion is None:
            continue
        try:
            result, used, sentence = apply(task, entry, target_of(task, entry))
        except InsufficientEvidence:
            continue
        if is_positive(result.label, list(entry.criterion.labels)):
            lines.append(f"{finding_words(entry.id, str(result.label))}: {sentence}.")
            ids += used
    for e in task.evidence:
        if e.kind == "measurement" and e.name == "lesion_count" and e.target in ORGAN_OF_GROUP and e.value:
            detail = [d for d in task.evidence if d.target == e.target and d.name == "largest_lesion_diameter_mm"]
            lines.append(f"{target_words(e.target).capitalize()}s present: {describe(e)}"
                         + (f", {describe(detail[0])}." if detail else "."))
            ids += [e.id, *(d.id for d in detail)]
    if not lines:
        lines.append("No abnormality by the cited criteria in the measured organs.")
    return [f"- {line}" for line in lines], ids  # bullets, not numbers: every number in a report is evidence


def compose_report(task: ReasonerInput, apply: Apply, target_of: Callable[[ReasonerInput, Any], str | None]) -> Draft:
    """Findings (one line per organ) and an impression, every number from cited evidence.

    Raises:
        InsufficientEvidence: nothing was measured.
    """
    single = single_slice(task)
    grouped = findings_by_organ(task)
    if single:  # one axial plane: what it shows, in-plane values only (a slab's volume is no organ's volume)
        shown = {organ_family(e.target) for e in task.evidence if e.kind == "segmentation" and e.name == "present"
                 and e.value is True and e.target}
        grouped = {o: kept for o, items in grouped.items()
                   if o in shown and (kept := [e for e in items if e.name not in VOLUMETRIC])}
    if not grouped and not single:
        raise InsufficientEvidence("no measurements to report", agent="measurement")
    findings = [f"{target_words(organ).capitalize()}: " + place_words("; ".join(describe(e) for e in items)) + "."
                for organ, items in grouped.items()]
    ids = [e.id for items in grouped.values() for e in items]
    lines, used = impression(task, apply, target_of)
    head = ""
    if single:
        head, seen = slice_lines(task)
        ids += seen
        lines = [line.replace("No abnormality by the cited criteria in the measured organs.",
                              "No abnormality by the cited criteria in this slice; the rest of the abdomen lies outside "
                              "it.") for line in lines]
    text = head + "FINDINGS:\n" + "\n".join(findings or ["No in-plane measurement in this slice."]) + \
        "\n\nIMPRESSION:\n" + "\n".join(lines)
    return Draft("text", "Findings and impression", text, list(dict.fromkeys([*ids, *used])))


VOLUMETRIC = ("volume_ml", "largest_lesion_volume_ml", "caudate_right_lobe_ratio")
"""Values a single slice cannot give: volumes and the volume ratio of the caudate to the right lobe."""


def single_slice(task: ReasonerInput) -> bool:
    """Whether the image is one axial slice (triage's dimensionality check counted one)."""
    return any(e.kind == "check" and e.name == "dimensionality" and e.provenance.get("slices") == 1
               for e in task.evidence)


def slice_lines(task: ReasonerInput) -> tuple[str, list[str]]:
    """The opening of a single-slice report: the structures the slice shows and those outside it, and the ids of the
    segmentation items saying so."""
    present = [e for e in task.evidence if e.kind == "segmentation" and e.name == "present" and e.target
               and organ_family(e.target) in ORGAN_ORDER and not e.target.endswith(("_tumor", "_cyst"))
               and "_segment_" not in e.target and not e.target.startswith("pancreas_")]
    shown = [target_words(e.target) for e in present if e.value is True]
    absent = [target_words(e.target) for e in present if e.value is False]
    text = ("SINGLE AXIAL SLICE: in-plane measurements only; no volume can be measured, and the rest of the abdomen "
            f"lies outside this slice.\nIn this slice: {', '.join(shown) or 'none of the reported organs'}.\n"
            + (f"Not in this slice: {', '.join(absent)}.\n" if absent else "") + "\n")
    return text, [e.id for e in present]
