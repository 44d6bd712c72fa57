"""The answer to every DeepTumorVQA subtype, computed from a case's reference measurements.

Input is the phantom's ground truth (`synthetic.phantom.reference_measurements`, the DTVQA
measurement definitions) plus the few facts it does not hold (`Extras`: colon lesions, the organ
nearest each lesion group's largest lesion, vessel contact). Every category and yes/no that a
criterion decides is computed by that criterion (`KnowledgeEntry.classify`, the entry the task
registry names), never by a threshold written here: the suite, the reasoner and the reviewer read
the same band edges.

Each `Item` is one question to ask: subtype, what it is about (slots for the templates), the
free-form answer, and what multiple-choice options can be drawn from. Definitions the benchmark
does not publish are stated in each function's docstring and in docs/benchmarks.md.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from benchmarks.subtypes import ANSWER_TYPE, AnswerType
from core.anatomy import ORGAN_OF_GROUP
from core.tasks import task
from knowledge import KnowledgeError, load_base

SEGMENT_LABEL = {f"liver_segment_{n}": f"Segment {n}" for n in range(1, 9)}
PART_LABEL = {"pancreas_head": "Pancreatic head", "pancreas_body": "Pancreatic body", "pancreas_tail": "Pancreatic tail"}
ORGAN_LABEL = {"liver": "Liver", "spleen": "Spleen", "kidney_left": "Left kidney", "kidney_right": "Right kidney",
               "pancreas": "Pancreas", "stomach": "Stomach", "gall_bladder": "Gallbladder", "aorta": "Aorta",
               "postcava": "Inferior vena cava", "colon": "Colon"}
GROUP_ORGAN = {g: ORGAN_OF_GROUP[g] for g in ("liver_lesion", "kidney_lesion", "pancreas_lesion")}
"""The lesion groups DeepTumorVQA asks about, with their organ family."""
ENLARGEMENT_ORGANS = ("liver", "spleen", "pancreas", "kidney_left", "kidney_right")


@dataclass
class Extras:
    """Facts of a case that the reference measurements do not hold."""

    colon_lesion_count: int = 0
    nearest_organ: dict[str, str] = field(default_factory=dict)
    """Lesion group -> the only AbdomenAtlas organ (own organ excluded) within the adjacency distance
    (5 mm between voxel centres, the measurement's definition) of its largest lesion; groups with
    none, several, or an organ near the 5 mm edge are left out. That organ is also the nearest."""
    vessel_contact: dict[str, str] = field(default_factory=dict)
    """Lesion group -> `aorta` / `postcava` when its largest lesion touches that vessel mask."""
    segment_counts: dict[str, int] = field(default_factory=dict)
    """Sub-segment -> lesions holding more than 10 % of their voxels in it (a lesion may count twice)."""


@dataclass
class Item:
    """One question to ask about a case, with its answer."""

    subtype: str
    answer: str
    """Free-form answer text (a number may carry its unit; binary is Yes/No)."""
    slots: dict[str, Any] = field(default_factory=dict)
    """What the templates fill in: `organ`, `lesion_group`, `segment`, `organs`, `num`, `den`, `unit`."""
    value: float | None = None
    """Numeric truth."""
    unit: str | None = None
    labels: list[str] = field(default_factory=list)
    """Categorical or binary: every label the question could have; the answer is one of them."""
    organ: str | None = None
    """The record's `organ` field."""
    lesion: bool = False
    """The record's `lesion` field: whether the question is about a lesion."""
    decimals: int = 1

    @property
    def kind(self) -> AnswerType:
        return ANSWER_TYPE[self.subtype]


class Truth:
    """Read access to a ground-truth dict with the DTVQA derived quantities."""

    def __init__(self, truth: dict[str, Any], extras: Extras | None = None) -> None:
        self.raw = truth
        self.extras = extras or Extras()

    def organ(self, name: str, key: str = "volume_ml") -> float | None:
        return self.raw.get("organs", {}).get(name, {}).get(key)

    def group(self, name: str) -> dict[str, Any]:
        return self.raw.get("lesion_groups", {}).get(name) or {"lesion_count": 0, "instances": []}

    def count(self, group: str) -> int:
        return int(self.group(group).get("lesion_count") or 0)

    def mask_count(self, mask: str) -> int:
        return int(self.raw.get("lesion_masks", {}).get(mask, {}).get("lesion_count") or 0)

    def ratio(self, pair: str, key: str = "hu_ratio") -> float | None:
        return self.raw.get("derived", {}).get(pair, {}).get(key)

    def largest(self, group: str) -> dict[str, Any] | None:
        instances = self.group(group).get("instances") or []
        return instances[0] if instances else None

    def host_hu(self, group: str) -> float | None:
        """Mean HU of the organ holding the group's largest lesion."""
        largest = self.largest(group)
        return self.organ(largest["organ"], "mean_hu") if largest and largest.get("organ") else None

    def values(self) -> dict[str, float]:
        """Every quantity a criterion reads, keyed `{target}.{name}` as the evidence is (docs/CONTRACTS.md)."""
        out: dict[str, float | None] = {}
        for organ, stats in self.raw.get("organs", {}).items():
            out |= {f"{organ}.{k}": v for k, v in stats.items() if k in ("volume_ml", "mean_hu", "std_hu")}
        for pair, stats in self.raw.get("derived", {}).items():
            out |= {f"{pair}.{k}": v for k, v in stats.items()}
        for group in (*GROUP_ORGAN, "colon_lesion"):
            instances = self.group(group).get("instances") or []
            out[f"{group}.lesion_count"] = self.count(group)
            if instances:
                largest = instances[0]
                out[f"{group}.largest_lesion_volume_ml"] = largest["volume_ml"]
                out[f"{group}.largest_lesion_diameter_mm"] = largest["longest_diameter_mm"]
                out[f"{group}.largest_lesion_mean_hu"] = largest["mean_hu"]
                host = self.raw.get("organs", {}).get(largest.get("organ") or "", {})
                if host.get("mean_hu") is not None and host.get("std_hu"):
                    out[f"{group}.hu_difference_in_organ_sd"] = (largest["mean_hu"] - host["mean_hu"]) / host["std_hu"]
            if len(instances) >= 2 and instances[1]["volume_ml"]:
                out[f"{group}.largest_to_second_volume_ratio"] = instances[0]["volume_ml"] / instances[1]["volume_ml"]
        liver = self.group("liver_lesion").get("instances") or []
        if liver and all(i.get("location") for i in liver):
            shares = sorted(_locations(self, "liver_lesion").values(), reverse=True) + [0, 0]
            out["liver_lesion.top_segment_pct"] = 100.0 * shares[0] / len(liver)
            out["liver_lesion.top_two_segments_pct"] = 100.0 * (shares[0] + shares[1]) / len(liver)
        return {k: float(v) for k, v in out.items() if v is not None}


@functools.cache
def _knowledge() -> Any:
    return load_base(profile="deeptumorvqa")


def decided(subtype: str, values: dict[str, float], organ: str | None = None,
            target: str | None = None) -> tuple[str, list[str]] | None:
    """The label the task's deciding criterion gives the values, with the criterion's labels; None if undecided."""
    entry_id = task(subtype).criterion(organ)
    if entry_id is None:
        raise KeyError(f"the task registry names no criterion for {subtype!r} on {organ!r}")
    entry = _knowledge().get(entry_id)
    try:
        return entry.classify(values, target=target).label, list(entry.criterion.labels)
    except KnowledgeError:
        return None


def by_criterion(subtype: str, values: dict[str, float], about: str | None = None, target: str | None = None,
                 **kw: Any) -> Item | None:
    """The item of a criterion-decided task (the criterion for organ `about`, generic keys bound to `target`):
    Yes/No as the task reads the label, else the label's option text; `kw` are the item's fields."""
    outcome = decided(subtype, values, about, target)
    if outcome is None:
        return None
    label, labels = outcome
    spec = task(subtype)
    if spec.form == "yes_no":
        return _binary(subtype, spec.says_yes(label, labels), **kw)
    texts = [text for _, text in spec.options] or [spec.option_text(lab) for lab in labels]
    return Item(subtype, spec.option_text(label), labels=list(dict.fromkeys(texts)), **kw)


SOLID_OR_CYSTIC = "pancreatic-lesion-solid-vs-cystic"
"""The criterion that decides whether a pancreatic lesion is a solid mass (only a solid mass is PDAC or PNET)."""
SOLID_ONLY = ("PDAC vs PNET classification", "pancreatic tumor staging")
"""Medical-reasoning subtypes that type or stage a solid pancreatic tumour, asked only when every lesion is solid."""


def pancreatic_content(t: Truth) -> str | None:
    """`cystic` or `solid` when every pancreatic lesion's mean HU reads so by `SOLID_OR_CYSTIC` (the reasoner's rule:
    a cyst is neither PDAC nor PNET, and a 21-30 HU lesion is neither told apart), else None (no lesion, lesions of
    mixed or indeterminate content, or the criterion cannot decide)."""
    entry = _knowledge().get(SOLID_OR_CYSTIC)
    labels = set()
    for instance in t.group("pancreas_lesion").get("instances") or []:
        try:
            labels.add(str(entry.classify({"pancreas_lesion.largest_lesion_mean_hu": instance["mean_hu"]},
                                          target="pancreas_lesion").label))
        except (KnowledgeError, KeyError):
            return None
    return labels.pop() if len(labels) == 1 and labels <= {"cystic", "solid"} else None


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _binary(subtype: str, flag: bool, **kw: Any) -> Item:
    return Item(subtype, _yes(flag), labels=["Yes", "No"], **kw)


# -- recognition --------------------------------------------------------------------------------

def recognition(t: Truth) -> Iterator[Item]:
    """Existence from the masks; PDAC / PNET by the attenuation of the pancreatic lesion.

    PDAC is hypoattenuating and PNET iso/hyperattenuating (DTVQA knowledge base, NCCN 2024): with
    masks only, a hypoattenuating solid pancreatic lesion is PDAC, any other solid one is PNET; a cyst
    (`pancreatic_content`) is neither, and lesions of indeterminate or mixed content are not asked.
    """
    values = t.values()
    content = pancreatic_content(t)
    for subtype in ("PDAC existence", "PNET existence"):
        if not t.count("pancreas_lesion") or content == "cystic":
            yield _binary(subtype, False, organ="pancreas", lesion=True)
            continue
        if content != "solid":
            continue
        item = by_criterion(subtype, values, "pancreas", "pancreas_lesion", organ="pancreas", lesion=True)
        yield from [item] if item is not None else []
    yield _binary("colon lesion existence", t.extras.colon_lesion_count > 0, organ="colon", lesion=True)
    yield _binary("kidney cyst existence", t.mask_count("kidney_cyst") > 0, organ="kidney", lesion=True)
    yield _binary("kidney lesion existence", t.count("kidney_lesion") > 0, organ="kidney", lesion=True)
    yield _binary("kidney tumor existence", t.mask_count("kidney_tumor") > 0, organ="kidney", lesion=True)
    yield _binary("liver lesion existence", t.count("liver_lesion") > 0, organ="liver", lesion=True)
    yield _binary("pancreatic lesion existence", t.count("pancreas_lesion") > 0, organ="pancreas", lesion=True)
    item = by_criterion("splenomegaly detection", values, "spleen", organ="spleen")
    if item is not None:
        yield item


# -- measurement --------------------------------------------------------------------------------

def _number(subtype: str, value: float, unit: str | None, decimals: int, **kw: Any) -> Item:
    text = f"{value:.{decimals}f}" + (f" {unit}" if unit else "")
    return Item(subtype, text, value=round(value, decimals), unit=unit, decimals=decimals, **kw)


def measurement(t: Truth) -> Iterator[Item]:
    """Volumes in cm³ (one decimal), mean HU (one decimal), HU ratios (two), burden in % (two).

    `lesion volume measurement` asks for the largest lesion of a group; `tumor burden percentage`
    is the group's total lesion volume over its organ volume (both kidneys for the kidney group).
    """
    for group, organ in GROUP_ORGAN.items():
        largest = t.largest(group)
        if largest:
            yield _number("lesion volume measurement", largest["volume_ml"], "cm³", 1, organ=organ, lesion=True,
                          slots={"lesion_group": group})
            burden = t.group(group).get("tumor_burden_pct")
            if burden is not None:
                yield _number("tumor burden percentage", burden, "%", 2, organ=organ, lesion=True,
                              slots={"organ": organ, "lesion_group": group})
    for organ in ("liver", "spleen", "pancreas", "kidney_left", "kidney_right"):
        hu = t.organ(organ, "mean_hu")
        if hu is not None:
            yield _number("organ HU measurement", hu, "HU", 1, organ=organ, slots={"organ": organ})
        volume = t.organ(organ)
        if volume is not None:
            yield _number("organ volume measurement", volume, "cm³", 1, organ=organ, slots={"organ": organ})
    for pair in ("liver/spleen", "pancreas/spleen"):
        ratio = t.ratio(pair)
        if ratio is not None:
            num, den = pair.split("/")
            yield _number("organ HU ratio", ratio, None, 2, organ=num, slots={"num": num, "den": den})


# -- visual reasoning ---------------------------------------------------------------------------

def _locations(t: Truth, group: str) -> Counter[str]:
    return Counter(i["location"] for i in t.group(group).get("instances", []) if i.get("location"))


def visual_numeric(t: Truth) -> Iterator[Item]:
    """Diameter of the largest lesion (mm or cm), its slice (canonical RAS axial index k), counts,
    counts per sub-segment (a lesion counts in every sub-segment holding > 10 % of its voxels),
    summed organ volumes, and |largest lesion HU - host organ HU| (the templates ask a magnitude:
    "differ by", "absolute difference", "how far apart")."""
    for group, organ in GROUP_ORGAN.items():
        count = t.count(group)
        yield _number("lesion counting", count, None, 0, organ=organ, lesion=True, slots={"lesion_group": group})
        largest = t.largest(group)
        if not largest:
            continue
        diameter = largest["longest_diameter_mm"]
        for unit, scale, decimals in (("mm", 1.0, 1), ("cm", 0.1, 2)):
            yield _number("largest lesion diameter", diameter * scale, unit, decimals, organ=organ, lesion=True,
                          slots={"lesion_group": group, "unit": unit})
        if largest.get("longest_diameter_slice") is not None:
            yield _number("largest lesion slice", largest["longest_diameter_slice"], None, 0, organ=organ,
                          lesion=True, slots={"lesion_group": group})
        host = t.host_hu(group)
        if host is not None:
            yield _number("tumor organ HU difference", abs(largest["mean_hu"] - host), "HU", 1, organ=organ,
                          lesion=True, slots={"lesion_group": group, "organ": largest["organ"]})
    for group, names in (("liver_lesion", list(SEGMENT_LABEL)), ("pancreas_lesion", list(PART_LABEL))):
        if t.count(group) == 0:
            continue
        counts = t.extras.segment_counts
        for segment in names:
            yield _number("lesion count by location", counts.get(segment, 0), None, 0, organ=GROUP_ORGAN[group],
                          lesion=True, slots={"lesion_group": group, "segment": segment})
    for organs in (("kidney_left", "kidney_right"), ("liver", "spleen"), ("spleen", "pancreas"),
                   ("liver", "spleen", "pancreas")):
        volumes = [t.organ(o) for o in organs]
        if all(v is not None for v in volumes):
            yield _number("organ aggregation", sum(volumes), "cm³", 1, organ=",".join(organs),  # type: ignore[arg-type]
                          slots={"organs": list(organs)})


def visual_binary(t: Truth) -> Iterator[Item]:
    """Outlier (dtvqa-lesion-outlier, asked of groups with two or more lesions) and enlargement (the
    organ's volume criterion: dtvqa-liver-volume, -splenomegaly-detection, -pancreas-volume, -kidney-volume)."""
    values = t.values()
    for group, organ in GROUP_ORGAN.items():
        if len(t.group(group).get("instances", [])) >= 2:
            item = by_criterion("lesion outlier", values, organ, group, organ=organ, lesion=True,
                                slots={"lesion_group": group})
            yield from [item] if item is not None else []
    for organ in ENLARGEMENT_ORGANS:
        if t.organ(organ) is not None:
            item = by_criterion("organ enlargement", values, organ, organ, organ=organ, slots={"organ": organ})
            yield from [item] if item is not None else []


def visual_categorical(t: Truth) -> Iterator[Item]:
    """Nearest organ, kidney asymmetry (side with more lesion volume), the segment with most lesions
    (counted as in `lesion count by location`; unique maximum only), larger kidney, attenuation (dtvqa-lesion-attenuation),
    location of the largest lesion, clustering (dtvqa-liver-lesion-clustering, asked with two or
    more liver lesions), and the organ with the highest tumor burden %."""
    organs = list(ORGAN_LABEL.values())
    for group, nearest in sorted(t.extras.nearest_organ.items()):
        yield Item("adjacent organ", ORGAN_LABEL[nearest], labels=organs, organ=GROUP_ORGAN[group], lesion=True,
                   slots={"lesion_group": group})
    per_side = {"kidney_left": 0.0, "kidney_right": 0.0}
    for instance in t.group("kidney_lesion").get("instances", []):
        if instance.get("organ") in per_side:
            per_side[instance["organ"]] += instance["volume_ml"]
    if per_side["kidney_left"] != per_side["kidney_right"]:
        side = max(per_side, key=per_side.__getitem__)
        answer = "Left kidney" if side == "kidney_left" else "Right kidney"
    else:
        answer = "Neither (symmetric)"
    yield Item("bilateral kidney asymmetry", answer, labels=["Left kidney", "Right kidney", "Neither (symmetric)"],
               organ="kidney", lesion=True)
    counts = Counter({s: n for s, n in t.extras.segment_counts.items() if s in SEGMENT_LABEL and n}).most_common()
    if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]):
        yield Item("inter-segment comparison", SEGMENT_LABEL[counts[0][0]], labels=list(SEGMENT_LABEL.values()),
                   organ="liver", lesion=True)
    left, right = t.organ("kidney_left"), t.organ("kidney_right")
    if left is not None and right is not None and left != right:
        yield Item("kidney volume comparison", "Left kidney" if left > right else "Right kidney",
                   labels=["Left kidney", "Right kidney"], organ="kidney")
    values = t.values()
    for group, organ in GROUP_ORGAN.items():
        largest = t.largest(group)
        item = by_criterion("largest lesion attenuation", values, organ, group, organ=organ, lesion=True,
                            slots={"lesion_group": group, "organ": (largest or {}).get("organ") or organ})
        if largest and item is not None:
            yield item
        if largest and largest.get("location") and group in ("liver_lesion", "pancreas_lesion"):
            names = SEGMENT_LABEL if group == "liver_lesion" else PART_LABEL
            yield Item("largest lesion location", names[largest["location"]], labels=list(names.values()),
                       organ=organ, lesion=True, slots={"lesion_group": group, "organ": organ})
    if len(t.group("liver_lesion").get("instances", [])) >= 2:
        item = by_criterion("liver lesion clustering", values, "liver", organ="liver", lesion=True)
        yield from [item] if item is not None else []
    burdens = {GROUP_ORGAN[g]: t.group(g).get("tumor_burden_pct") or 0.0 for g in GROUP_ORGAN if t.count(g)}
    totals = {GROUP_ORGAN[g]: t.group(g).get("total_lesion_volume_ml") or 0.0 for g in GROUP_ORGAN if t.count(g)}
    top = max(burdens, key=burdens.__getitem__) if burdens else None
    if top is not None and top == max(totals, key=totals.__getitem__):
        names = {"liver": "Liver", "kidney": "Kidneys", "pancreas": "Pancreas"}
        yield Item("multi-organ lesion burden comparison", names[top], labels=list(names.values()) + ["Spleen"],
                   organ=",".join(sorted(burdens)), lesion=True)


# -- medical reasoning --------------------------------------------------------------------------

MEDICAL_CRITERIA: tuple[tuple[str, str | None, str | None], ...] = (
    ("pancreatic steatosis", "pancreas", None),
    ("pancreatic cyst resectability", "pancreas", "pancreas_lesion"),
    ("pseudocyst determination", "pancreas", "pancreas_lesion"),
    ("pancreatic tumor staging", "pancreas", "pancreas_lesion"),
    ("PDAC vs PNET classification", "pancreas", "pancreas_lesion"),
    ("portal hypertension assessment", "liver", None),
    ("splenomegaly grading", "spleen", None),
    ("fatty liver", "liver", None),
    ("hepatic steatosis grading", "liver", None),
    ("lesion type classification", "kidney", "kidney_lesion"),
    ("renal mass characterization", "kidney", "kidney_lesion"),
)
"""(subtype, organ, lesion group the question is about): asked when the criterion decides on the truth."""


def medical(t: Truth) -> Iterator[Item]:
    """Medical reasoning: each subtype's registry criterion applied to the reference values.

    `pancreatic lesion resectability` is not asked: NCCN decides it by the tumour's contact with the
    SMA, celiac axis, common hepatic artery and SMV/portal vein, none of which has an AbdomenAtlas
    mask (aorta and IVC contact is not the criterion), so no stated rule derives it from the masks
    (docs/benchmarks.md). `pancreatic tumor staging` is T1-T3 by diameter; T4 (arterial
    involvement) cannot be derived from masks and is only a distractor. A lesion question is asked
    only when the lesion exists; a criterion left undecided by missing values is not asked.
    """
    values = t.values()
    for subtype, organ, group in MEDICAL_CRITERIA:
        if group is not None and not t.count(group):
            continue
        if subtype in SOLID_ONLY and pancreatic_content(t) != "solid":
            continue
        item = by_criterion(subtype, values, organ, group, organ=organ, lesion=group is not None)
        if item is not None:
            yield item


GENERATORS: tuple[Callable[[Truth], Iterator[Item]], ...] = (
    recognition, measurement, visual_numeric, visual_binary, visual_categorical, medical)


def all_items(truth: dict[str, Any], extras: Extras | None = None) -> list[Item]:
    """Every question a case can answer, across the 42 subtypes."""
    t = Truth(truth, extras)
    return [item for generate in GENERATORS for item in generate(t)]
