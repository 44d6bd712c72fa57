"""The one anatomy vocabulary: structures, organ families, lesion groups, sides, synonyms.

Names are AbdomenAtlas mask names (docs/CONTRACTS.md, "Measurement names"). Every package that
needs to know which organ a structure belongs to, which lesion group an organ has, or how a
clinician names an organ reads it here; none keeps its own table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Side = Literal["left", "right"]
SIDES: tuple[Side, ...] = ("left", "right")

ORGANS: tuple[str, ...] = (
    "liver", "spleen", "kidney_left", "kidney_right", "pancreas", "aorta", "postcava", "stomach",
    "gall_bladder", "colon", "duodenum", "esophagus", "adrenal_gland_left", "adrenal_gland_right",
    "celiac_trunk", "hepatic_vessel", "portal_vein_and_splenic_vein", "intestine", "bladder",
    "lung_left", "lung_right",
)
"""Organ masks measured for volume and HU, in evidence order."""
PAIRED: tuple[str, ...] = ("kidney", "adrenal_gland", "lung")
"""Organ families with a left and a right structure."""

LIVER_SEGMENTS: tuple[str, ...] = tuple(f"liver_segment_{n}" for n in range(1, 9))
PANCREAS_PARTS: tuple[str, ...] = ("pancreas_head", "pancreas_body", "pancreas_tail")
VESSEL_CONTACTS: dict[str, tuple[str, ...]] = {
    "sma_contact_deg": ("superior_mesenteric_artery",),
    "celiac_contact_deg": ("celiac_trunk",),
    "smv_pv_contact_deg": ("superior_mesenteric_vein", "portal_vein_and_splenic_vein", "portal_vein"),
}
"""Contact quantity -> the AbdomenAtlas / TotalSegmentator masks of its vessel (the first provided is read)."""
WITHIN_PART: dict[str, str] = {"pancreas_uncinate": "pancreas_head"}
"""A named part of an organ with no mask of its own -> the sub-segment that holds it (the uncinate process is the
head's): its volume is at most that sub-segment's."""
SUBSEGMENTS: dict[str, tuple[str, ...]] = {"liver": LIVER_SEGMENTS, "pancreas": PANCREAS_PARTS}
"""Parent organ -> its sub-segment masks, in tie-break order (the first wins an equal share)."""
RIGHT_LOBE: tuple[str, ...] = tuple(f"liver_segment_{n}" for n in (5, 6, 7, 8))
CAUDATE = "liver_segment_1"
COUINAUD_NAMES: dict[str, str] = {
    "caudate": CAUDATE, "left lateral superior": "liver_segment_2", "left lateral inferior": "liver_segment_3",
    "left medial": "liver_segment_4", "left medial superior": "liver_segment_4", "left medial inferior": "liver_segment_4",
    "right anterior inferior": "liver_segment_5", "right posterior inferior": "liver_segment_6",
    "right posterior superior": "liver_segment_7", "right anterior superior": "liver_segment_8",
}
"""The descriptive name of each Couinaud segment (Couinaud 1957; "left lateral superior segment" is segment 2):
a segment said in words, never a side."""


@dataclass(frozen=True)
class LesionGroup:
    """A contract lesion group: the lesion masks it gathers and the organs it lives in."""

    name: str
    lesion_masks: tuple[str, ...]
    organs: tuple[str, ...]
    optional_masks: tuple[str, ...] = ()
    """Lesion masks some datasets write beside the group's own (suite layouts with `pancreas_cyst` beside
    `pancreas_tumor`); a folder without one holds no lesion of it, where a missing `lesion_masks` file is unknown."""

    @property
    def all_masks(self) -> tuple[str, ...]:
        """The group's own lesion masks, then its optional ones."""
        return (*self.lesion_masks, *self.optional_masks)

    @property
    def typed_masks(self) -> tuple[str, ...]:
        """The subtype masks that type the group's lesions (`TYPED_LESION_MASKS`: `pancreatic_pdac`, `liver_cyst`)."""
        return tuple(m for m, (g, _) in TYPED_LESION_MASKS.items() if g == self.name)

    @property
    def family(self) -> str:
        """The organ family the group belongs to (`kidney` for the kidney group)."""
        return self.name.removesuffix("_lesion")

    @property
    def parent(self) -> str | None:
        """The one organ whose sub-segments give locations; None for paired organs."""
        return self.organs[0] if len(self.organs) == 1 else None


def tumor_burden_pct(total_ml: float, organ_ml: float | None, lesions: int) -> float | None:
    """A lesion group's burden, 100 x its total lesion volume / its organs' volume (DeepTumorVQA's definition; the
    organ masks include their lesions), in %; 0 when the group has no lesion, whatever (or whether) the organ's volume
    (AbdomenAtlas has no colon mask, but an empty colon_tumor mask is no lesion); None when lesions sit in an organ
    of unknown or zero volume."""
    if lesions == 0 and total_ml == 0:
        return 0.0
    return None if not organ_ml else 100.0 * total_ml / organ_ml


LESION_GROUPS: tuple[LesionGroup, ...] = (
    LesionGroup("liver_lesion", ("liver_tumor",), ("liver",)),
    LesionGroup("kidney_lesion", ("kidney_tumor", "kidney_cyst"), ("kidney_left", "kidney_right")),
    LesionGroup("pancreas_lesion", ("pancreas_tumor",), ("pancreas",), optional_masks=("pancreas_cyst",)),
    LesionGroup("colon_lesion", ("colon_tumor",), ("colon",)),
)
# `pancreas_cyst` is written beside `pancreas_tumor` as `kidney_cyst` is beside `kidney_tumor` (a lesion in one, not
# both); AbdomenAtlas 3.0's typed `pancreatic_cyst` instead repeats lesions of the group's masks (TYPED_LESION_MASKS).
LESION_MASKS: tuple[str, ...] = (*(m for g in LESION_GROUPS for m in g.all_masks), "hepatic_vessel_tumor")
SIMPLE_CYST_MASKS = frozenset({"kidney_cyst"})
"""Lesion masks that annotate simple cysts (AbdomenAtlas), which RECIST 1.1 does not count (section 3.1.2)."""
"""Every lesion mask: subtracted from organs before their HU is measured."""
TYPED_LESION_MASKS: dict[str, tuple[str, str]] = {
    "pancreatic_cyst": ("pancreas_lesion", "cyst"), "pancreatic_pdac": ("pancreas_lesion", "PDAC"),
    "pancreatic_pnet": ("pancreas_lesion", "PNET"), "liver_cyst": ("liver_lesion", "cyst"),
    "pancreas_cyst": ("pancreas_lesion", "cyst"),
}
"""AbdomenAtlas 3.0 / PanTS subtype masks written beside a group's lesion masks: mask -> (group, the lesion kind it
types). Their lesions are already in the group's own masks; they say which kind each one is (`pancreas_cyst`, an
optional mask of its group, holds its own lesions and types them)."""
LESION_GROUP: dict[str, str] = {g.family: g.name for g in LESION_GROUPS}
"""Organ family -> its lesion group (`kidney` -> `kidney_lesion`)."""
ORGAN_OF_GROUP: dict[str, str] = {g.name: g.family for g in LESION_GROUPS}
"""Lesion group -> its organ family (`kidney_lesion` -> `kidney`)."""

_PART = re.compile(r"(_lesion(_\d+)?|_tumor|_cyst|_left|_right|_head|_body|_tail|_segment_\d+)$")
_INSTANCE = re.compile(r"^(?P<group>[a-z]+_lesion)_(?P<n>\d+)$")

ORGAN_SYNONYMS: dict[str, str] = {
    "liver": r"liver|hepat\w*|couinaud|caudate|quadrate|l/s\b",
    "spleen": r"spleen|splen\w*",
    "kidney": r"kidneys?|(?<!ad)renal|nephr\w*|bosniak",  # an adrenal gland is no kidney
    "pancreas": r"pancrea\w*|pdac|p?nets?\b|p/s\b|islet|pseudocyst|mucinous|ipmn|whipple|insulinoma|glucagonoma|vipoma|somatostatinoma",
    "colon": r"colon\w*|colorectal|large (?:bowel|intestine)|(?<!small )bowel",
    "intestine": r"small (?:bowel|intestine)|ileum|ileal|jejun\w*",
    "duodenum": r"duoden\w*",
    "stomach": r"stomach|gastric",
    "gall_bladder": r"gall ?bladder|gallbladder|biliary vesicle",
    "bladder": r"(?<!gall )(?<!gall)(?:urinary )?bladder\b|vesica urinaria",
    "aorta": r"aort\w*",
    "postcava": r"postcava|inferior vena cava|\bivc\b",
    "adrenal_gland": r"adrenals?\b",
    "lung": r"lungs?\b|pulmonary",
}
"""Organ family -> the words (regex, word starts) clinicians use for it."""

OTHER_STRUCTURE_SYNONYMS: dict[str, str] = {
    "portal_vein_and_splenic_vein": r"(?:portal|spleno-?portal)(?:\s*(?:/|and|or|&|-)\s*splenic)?\s+veins?\b"
                                    r"|splenic\s+veins?\b|splenoportal\b|\bpv\b",
    "superior_mesenteric_artery": r"superior\s+mesenteric\s+arter\w*|\bsma\b",
    "superior_mesenteric_vein": r"superior\s+mesenteric\s+veins?\b|\bsmv\b",
    "celiac_trunk": r"c(?:o)?eliac\s+(?:trunk|axis|artery)\b",
    "hepatic_vessel": r"hepatic\s+(?:vessels?|veins?)\b",
    "common_bile_duct": r"common\s+bile\s+duct\b|\bcbd\b|choledoch\w*",
    "pancreatic_duct": r"(?:main\s+)?pancreatic\s+duct\b|wirsung\w*",
    "esophagus": r"\bo?esophag\w*",
    "rectum": r"\brect(?:um|al)\b",
    "prostate": r"\bprostat\w*",
}
"""AbdomenAtlas structures that are no organ family a question is asked about (vessels, ducts, pelvic organs),
-> their words. Read before the organ words, so that "portal/splenic vein" names the vein, not the spleen."""


def family(structure: str | None) -> str:
    """The organ a structure belongs to: `kidney_left` -> `kidney`, `liver_lesion_1` -> `liver`,
    `pancreas_head` -> `pancreas`, `liver_segment_7` -> `liver`."""
    previous, name = None, (structure or "").strip().lower()
    while previous != name:
        previous, name = name, _PART.sub("", name)
    return name


def families(target: str | None) -> set[str]:
    """Organ families a (derived) target names: `liver/spleen` -> {liver, spleen}; `a+b` -> {a, b}."""
    return {family(part) for part in re.split(r"[/+]", target or "") if part}


def side_of(structure: str | None) -> Side | None:
    """The side of a paired structure (`kidney_left` -> `left`), None when unsided."""
    match = re.search(r"_(left|right)(?:_|$)", structure or "")
    return match.group(1) if match else None  # type: ignore[return-value]


def sided(organ: str, side: Side | None) -> str:
    """`kidney` + `left` -> `kidney_left`; unpaired organs and no side leave the name as is."""
    return f"{organ}_{side}" if side and organ in PAIRED else organ


def expand_paired(organ: str) -> list[str]:
    """Both sides of an unsided paired organ (`kidney` -> kidney_left, kidney_right), else the organ."""
    return [f"{organ}_left", f"{organ}_right"] if organ in PAIRED else [organ]


def group_of(name: str) -> LesionGroup | None:
    """The lesion group a target belongs to: a group, one of its instances, masks or organs."""
    instance = _INSTANCE.match(name)
    name = instance.group("group") if instance else name
    for group in LESION_GROUPS:
        if name == group.name or name in group.lesion_masks or name in group.organs:
            return group
    return None


def lesion_group(organ: str | None) -> str | None:
    """The lesion group of an organ or structure (`kidney_left` -> `kidney_lesion`), None if it has none."""
    return LESION_GROUP.get(family(organ)) if organ else None


def organs_of(target: str) -> tuple[str, ...]:
    """The organ structures a target lies in: a lesion group or instance -> its organs, else itself."""
    base = target.rstrip("_0123456789") if "_lesion_" in target else target
    group = next((g for g in LESION_GROUPS if g.name == base), None)
    return group.organs if group is not None else (base,)


def instance_of(target: str | None) -> tuple[str, int] | None:
    """`liver_lesion_2` -> (`liver_lesion`, 2); None for anything that is not a lesion instance."""
    match = _INSTANCE.match(target or "")
    return (match.group("group"), int(match.group("n"))) if match else None


def is_subsegment(name: str) -> bool:
    return any(name in parts for parts in SUBSEGMENTS.values())


def is_lesion(name: str) -> bool:
    return name in LESION_MASKS or name in TYPED_LESION_MASKS or name.endswith(("_tumor", "_cyst", "_lesion"))

STUDY_TARGETS = frozenset({"recist", "target_lesions", "new_lesions"})
"""Evidence targets about the comparison of studies (RECIST 1.1), not structures a segmenter makes."""


def volume_held_in(volume_ml: float, shares: dict[str, float] | None, held: list[str], place: str) -> float:
    """The part of a lesion's volume (mL) that lies in one sub-segment: its share of the lesion's voxels times the
    volume (`shares`, the location item's provenance); without shares (a result saved before they were kept, a
    harness's location), the whole volume in every sub-segment it is located in (`held`, > 10 % each).

    "Which segment holds the most lesion volume?" is read on the voxels: a 20 mL lesion with 11 % of its voxels in
    segment 8 puts 2.2 mL there, not 20 (suite AL, another author's convention and the plain reading)."""
    if shares:
        return volume_ml * float(shares.get(place, 0.0))
    return volume_ml if place in held else 0.0
