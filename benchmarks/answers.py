"""The answer to every DeepTumorVQA subtype, computed from a case's reference measurements.

Input is the phantom's ground truth (`synthetic.phantom.reference_measurements`, the DTVQA
measurement definitions) plus the few facts it does not hold (`Extras`: colon lesions, the organ
nearest each lesion group's largest lesion, vessel contact). Thresholds are the DTVQA knowledge base
values (shared/DEEPTUMORVQA.md), with the same band edges as `knowledge/entries/*.yaml`.

Each `Item` is one question to ask: subtype, what it is about (slots for the templates), the
free-form answer, and what multiple-choice options can be drawn from. Definitions the benchmark
does not publish are stated in each function's docstring and in docs/benchmarks.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from benchmarks.subtypes import ANSWER_TYPE, AnswerType

SEGMENT_LABEL = {f"liver_segment_{n}": f"Segment {n}" for n in range(1, 9)}
PART_LABEL = {"pancreas_head": "Pancreatic head", "pancreas_body": "Pancreatic body", "pancreas_tail": "Pancreatic tail"}
ORGAN_LABEL = {"liver": "Liver", "spleen": "Spleen", "kidney_left": "Left kidney", "kidney_right": "Right kidney",
               "pancreas": "Pancreas", "stomach": "Stomach", "gall_bladder": "Gallbladder", "aorta": "Aorta",
               "postcava": "Inferior vena cava", "colon": "Colon"}
GROUP_ORGAN = {"liver_lesion": "liver", "kidney_lesion": "kidney", "pancreas_lesion": "pancreas"}
ENLARGED_ABOVE_ML = {"liver": 1800.0, "spleen": 314.5, "pancreas": 100.0, "kidney_left": 260.0, "kidney_right": 260.0}
SPLENOMEGALY_ML = 314.5


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


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _binary(subtype: str, flag: bool, **kw: Any) -> Item:
    return Item(subtype, _yes(flag), labels=["Yes", "No"], **kw)


# -- recognition --------------------------------------------------------------------------------

def recognition(t: Truth) -> Iterator[Item]:
    """Existence from the masks; PDAC / PNET by the attenuation of the pancreatic lesion.

    PDAC is hypoattenuating and PNET iso/hyperattenuating (DTVQA knowledge base, NCCN 2024): with
    masks only, a hypoattenuating pancreatic lesion is PDAC, any other is PNET.
    """
    pancreas = t.largest("pancreas_lesion")
    attenuation = pancreas.get("attenuation") if pancreas else None
    yield _binary("PDAC existence", attenuation == "hypo", organ="pancreas", lesion=True)
    yield _binary("PNET existence", attenuation in ("iso", "hyper"), organ="pancreas", lesion=True)
    yield _binary("colon lesion existence", t.extras.colon_lesion_count > 0, organ="colon", lesion=True)
    yield _binary("kidney cyst existence", t.mask_count("kidney_cyst") > 0, organ="kidney", lesion=True)
    yield _binary("kidney lesion existence", t.count("kidney_lesion") > 0, organ="kidney", lesion=True)
    yield _binary("kidney tumor existence", t.mask_count("kidney_tumor") > 0, organ="kidney", lesion=True)
    yield _binary("liver lesion existence", t.count("liver_lesion") > 0, organ="liver", lesion=True)
    yield _binary("pancreatic lesion existence", t.count("pancreas_lesion") > 0, organ="pancreas", lesion=True)
    spleen = t.organ("spleen")
    if spleen is not None:
        yield _binary("splenomegaly detection", spleen > SPLENOMEGALY_ML, organ="spleen")


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
    """Outlier: at least 3 lesions and the largest >= 3 x the second by volume. Enlargement: volume
    above the normal range (liver 1800, spleen 314.5, pancreas 100, each kidney 260 cm³)."""
    for group, organ in GROUP_ORGAN.items():
        instances = t.group(group).get("instances", [])
        if len(instances) >= 2:
            outlier = len(instances) >= 3 and instances[0]["volume_ml"] >= 3 * instances[1]["volume_ml"]
            yield _binary("lesion outlier", outlier, organ=organ, lesion=True, slots={"lesion_group": group})
    for organ, limit in ENLARGED_ABOVE_ML.items():
        volume = t.organ(organ)
        if volume is not None:
            yield _binary("organ enlargement", volume > limit, organ=organ, slots={"organ": organ})


def _clustering(t: Truth) -> str | None:
    instances = t.group("liver_lesion").get("instances", [])
    if len(instances) < 2:
        return None
    shares = sorted(_locations(t, "liver_lesion").values(), reverse=True) + [0, 0]
    if shares[0] / len(instances) > 0.5:
        return "Highly clustered"
    if (shares[0] + shares[1]) / len(instances) >= 0.75:
        return "Somewhat clustered"
    return "Widely distributed"


def visual_categorical(t: Truth) -> Iterator[Item]:
    """Nearest organ, kidney asymmetry (side with more lesion volume), the segment with most lesions
    (counted as in `lesion count by location`; unique maximum only), larger kidney, attenuation (DTVQA iso band: |diff| < organ std / 10),
    location of the largest lesion, clustering (> 50 % in one segment, top two >= 75 %), and the
    organ with the highest tumor burden %."""
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
    attenuation_label = {"hypo": "Hypoattenuating", "iso": "Isoattenuating", "hyper": "Hyperattenuating"}
    for group, organ in GROUP_ORGAN.items():
        largest = t.largest(group)
        if largest and largest.get("attenuation"):
            yield Item("largest lesion attenuation", attenuation_label[largest["attenuation"]],
                       labels=list(attenuation_label.values()), organ=organ, lesion=True,
                       slots={"lesion_group": group, "organ": largest.get("organ") or organ})
        if largest and largest.get("location") and group in ("liver_lesion", "pancreas_lesion"):
            names = SEGMENT_LABEL if group == "liver_lesion" else PART_LABEL
            yield Item("largest lesion location", names[largest["location"]], labels=list(names.values()),
                       organ=organ, lesion=True, slots={"lesion_group": group, "organ": organ})
    clustering = _clustering(t)
    if clustering:
        yield Item("liver lesion clustering", clustering, organ="liver", lesion=True,
                   labels=["Highly clustered", "Somewhat clustered", "Widely distributed"])
    burdens = {GROUP_ORGAN[g]: t.group(g).get("tumor_burden_pct") or 0.0 for g in GROUP_ORGAN if t.count(g)}
    if burdens:
        names = {"liver": "Liver", "kidney": "Kidneys", "pancreas": "Pancreas"}
        top = max(burdens, key=burdens.__getitem__)
        yield Item("multi-organ lesion burden comparison", names[top], labels=list(names.values()) + ["Spleen"],
                   organ=",".join(sorted(burdens)), lesion=True)


# -- medical reasoning --------------------------------------------------------------------------

def _band(value: float, edges: list[tuple[float, str]], top: str) -> str:
    """The label of the first band whose (exclusive) upper edge lies above `value`."""
    return next((label for edge, label in edges if value < edge), top)


STEATOSIS_GRADES = ["G0 (none)", "G1 (mild)", "G2 (moderate)", "G3 (severe)"]


def steatosis_grade(liver_hu: float, ls_ratio: float) -> str:
    """Kodama 2007 as in the DTVQA knowledge base; the worse of the HU grade and the L/S grade."""
    by_hu = _band(liver_hu, [(39, "G3 (severe)"), (51, "G2 (moderate)"), (58, "G1 (mild)")], "G0 (none)")
    by_ratio = _band(ls_ratio, [(0.5, "G3 (severe)"), (0.8, "G2 (moderate)"), (1.0, "G1 (mild)")], "G0 (none)")
    return max(by_hu, by_ratio, key=STEATOSIS_GRADES.index)


def medical(t: Truth) -> Iterator[Item]:
    """Medical reasoning from measured values and the DTVQA thresholds (shared/DEEPTUMORVQA.md).

    `pancreatic lesion resectability` is not asked: NCCN decides it by the tumour's contact with the
    SMA, celiac axis, common hepatic artery and SMV/portal vein, none of which has an AbdomenAtlas
    mask (aorta and IVC contact is not the criterion), so no stated rule derives it from the masks
    (docs/benchmarks.md). `pancreatic tumor staging` is T1-T3 by diameter; T4 (arterial
    involvement) cannot be derived from masks and is only a distractor.
    """
    ps = t.ratio("pancreas/spleen")
    if ps is not None:
        yield _binary("pancreatic steatosis", ps < 0.70, organ="pancreas")
    pancreas = t.largest("pancreas_lesion")
    if pancreas:
        resect = pancreas["volume_ml"] > 3.0 or pancreas["longest_diameter_mm"] > 30.0
        yield _binary("pancreatic cyst resectability", resect, organ="pancreas", lesion=True)
        yield _binary("pseudocyst determination", pancreas["mean_hu"] > 14.5, organ="pancreas", lesion=True)
        diameter = pancreas["longest_diameter_mm"]
        stage = "T1" if diameter <= 20 else "T2" if diameter <= 40 else "T3"
        yield Item("pancreatic tumor staging", stage, labels=["T1", "T2", "T3", "T4"], organ="pancreas", lesion=True)
        kind = "PDAC" if pancreas.get("attenuation") == "hypo" else "PNET"
        yield Item("PDAC vs PNET classification", kind, labels=["PDAC", "PNET"], organ="pancreas", lesion=True)
    spleen, ratio = t.organ("spleen"), t.ratio("liver", "caudate_right_lobe_ratio")
    if spleen is not None:
        portal = spleen > SPLENOMEGALY_ML or (ratio is not None and ratio > 0.65)
        yield _binary("portal hypertension assessment", portal, organ="liver")
        grade = _band(spleen, [(314.5, "Normal (no splenomegaly)"), (500, "Mild splenomegaly")],
                      "Moderate splenomegaly" if spleen <= 800 else "Severe splenomegaly")
        yield Item("splenomegaly grading", grade, organ="spleen", labels=[
            "Normal (no splenomegaly)", "Mild splenomegaly", "Moderate splenomegaly", "Severe splenomegaly"])
    liver_hu, ls = t.organ("liver", "mean_hu"), t.ratio("liver/spleen")
    if liver_hu is not None and ls is not None:
        fatty = ("Moderate to severe fatty liver" if liver_hu < 40 else "Fatty liver" if ls < 1.0 else "No fatty liver")
        yield Item("fatty liver", fatty, organ="liver",
                   labels=["No fatty liver", "Fatty liver", "Moderate to severe fatty liver"])
        yield Item("hepatic steatosis grading", steatosis_grade(liver_hu, ls), labels=STEATOSIS_GRADES, organ="liver")
    kidney = t.largest("kidney_lesion")
    if kidney:
        hu = kidney["mean_hu"]
        yield Item("lesion type classification", "Solid tumor" if hu > 34.8 else "Cyst", labels=["Cyst", "Solid tumor"],
                   organ="kidney", lesion=True)
        mass = ("Fat-containing" if hu < -10 else "Simple cyst" if hu <= 20 else "Indeterminate" if hu <= 70
                else "Hyperattenuating")
        yield Item("renal mass characterization", mass, organ="kidney", lesion=True,
                   labels=["Fat-containing", "Simple cyst", "Indeterminate", "Hyperattenuating"])


GENERATORS: tuple[Callable[[Truth], Iterator[Item]], ...] = (
    recognition, measurement, visual_numeric, visual_binary, visual_categorical, medical)


def all_items(truth: dict[str, Any], extras: Extras | None = None) -> list[Item]:
    """Every question a case can answer, across the 42 subtypes."""
    t = Truth(truth, extras)
    return [item for generate in GENERATORS for item in generate(t)]
