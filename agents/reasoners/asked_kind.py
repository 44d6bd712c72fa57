"""The lesion a question about "the largest <kind>" asks about ("the largest pancreatic cyst", "the solid pancreatic
tumour"): one reading for the reasoner and the attending reviewer.

"Does the largest pancreatic cyst meet the resection criterion?" is not about the largest pancreatic lesion when that
one is a solid tumour, nor is "PDAC or PNET: the solid pancreatic tumour?" about a larger cyst beside it. The kind
asked comes from the task (`knowledge.lesion_types.ASKED_KIND`) or from the question's words
(`core.state.Intent.lesion_kind`); `solid` is any lesion that is no cyst. The kind of each lesion comes, in order:

0. from the mask it came from, when the group's cyst mask was provided beside its tumour mask (`kidney_cyst` beside
   `kidney_tumor`, `pancreas_cyst` beside `pancreas_tumor`: `knowledge.lesion_types.CYST_MASKS`): a lesion of the
   cyst mask is a cyst, any other is solid;
1. from a typed mask provided beside the group's (AbdomenAtlas 3.0 `pancreatic_cyst`, `pancreatic_pdac`, ...;
   `core.anatomy.TYPED_LESION_MASKS`): the measurement agent records `{group}_{n}.lesion_type` ("typed by the
   provided mask"), and `{group}.typed_masks` names the typed masks read, so a lesion in none of them is not of a
   kind whose mask was read;
2. else, when the group has one lesion, it is the one the question presupposes;
3. else from the cited content criterion (`knowledge.lesion_types.CONTENT_CRITERION`: cystic at 20 HU or less) on
   each lesion's own mean HU; a lesion it leaves indeterminate, or not measured, is of unknown kind.

The largest lesion of the kind (`knowledge.lesion_types.largest_of_kind`) then stands in for the group's largest:
`{group}.largest_lesion_volume_ml` reads `{group}_{n}.volume_ml`, the evidence item itself, so the answer cites the
lesion it rests on. When a larger lesion's kind is unknown, or no lesion is of the kind, those keys are left out and
the question abstains with `reason`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from core.anatomy import TYPED_LESION_MASKS, VESSEL_CONTACTS
from core.case import Evidence
from core.state import Intent
from knowledge.lesion_types import (
    ASKED_KIND,
    CONTENT_CRITERION,
    CONTENT_KIND,
    CYST_MASKS,
    SOLID_UNLESS_NAMED,
    KindVerdict,
    largest_of_kind,
)
from questions.lesion_kinds import LAST, ORDINAL_WORDS, READS_LARGEST

INSTANCE_NAME = {"largest_lesion_volume_ml": "volume_ml", "largest_lesion_diameter_mm": "longest_diameter_mm",
                 "largest_lesion_short_axis_mm": "short_axis_mm", "largest_lesion_mean_hu": "mean_hu",
                 "largest_lesion_slice": "longest_diameter_slice", "largest_lesion_attenuation": "attenuation",
                 "largest_lesion_location": "location", "hu_difference": "hu_difference",
                 "hu_difference_magnitude": "hu_difference_magnitude",
                 "hu_difference_in_organ_sd": "hu_difference_in_organ_sd",
                 **{name: name for name in VESSEL_CONTACTS}}
"""A group's largest-lesion quantity -> the same quantity of one lesion instance (the derived lesion-organ differences
too: `agents.reasoners.derive` derives them per instance when a kind is asked)."""
SOURCE_MASK = "provided cyst mask"
"""How a lesion's kind is read when the group's cyst mask was provided (step 0)."""


ONLY_CANDIDATE = "the only lesion of its group not plainly of the other kind"
"""How the lesion asked is named when every other lesion of the group is plainly of the other kind and its own content,
measured, is indeterminate, on a task about one kind (`ASKED_KIND`: "the pancreatic cyst" of a pseudocyst or
resection question): the question presupposes a lesion of the kind, and it is the only one that can be."""
ONLY_LESION = "the only lesion of its group"
"""How the lesion asked is named when, without typed masks, the group has one lesion: the question presupposes it."""


@dataclass(frozen=True)
class AskedLesion:
    """The lesion a "largest <kind>" task asks about."""

    group: str
    kind: str
    rank: int | None
    """1-based rank of the lesion (by volume) in its group; None when it cannot be named (`reason` says why)."""
    typed_by: str
    """How its kind was read: `typed mask` or the content criterion's id."""
    reason: str | None = None
    smallest: bool = False
    """The smallest lesion (of the kind) was asked, not the largest."""
    undecided: bool = False
    """A lesion's kind is unknown, so the one asked cannot be named (not: none is of the kind)."""

    @property
    def none_of_kind(self) -> bool:
        """Whether no lesion of the group is of the kind asked (every one plainly of the other kind)."""
        return self.rank is None and self.reason is not None and not self.undecided and self.kind in ("solid", "cyst")


def kind_asked(task: str | Intent | None) -> tuple[str, str] | None:
    """(lesion group, kind) a task or an intent asks "the largest <kind>" of; None when it asks no kind."""
    if not isinstance(task, Intent):
        return ASKED_KIND.get(task or "") or ((SOLID_UNLESS_NAMED[task], "solid") if task in SOLID_UNLESS_NAMED else None)
    if task.task in ASKED_KIND:
        return ASKED_KIND[task.task]
    group = _group_read(task)
    if task.lesion_kind is None or (task.lesion_kind == "tumor" and task.task in SOLID_UNLESS_NAMED):
        # a pancreatic carcinoma's T stage; an HCC's by the same task reads its group's largest
        default = SOLID_UNLESS_NAMED.get(task.task)
        return (default, "solid") if default is not None and (group or default) == default else None
    return (group, task.lesion_kind) if group else None


def _group_read(intent: Intent) -> str | None:
    """The lesion group an intent reads one lesion of: its `lesion`, else the group of its first lesion quantity."""
    groups = [q.split(".", 1)[0] for q in intent.quantities if q.split(".", 1)[0] in CONTENT_GROUPS]
    return intent.lesion or (groups[0] if groups else None)


def _counted(by_key: dict[str, Evidence], group: str, name: str = "lesion_count") -> int | None:
    """The group's measured lesion count (`name`: or its `lesion_count_lower_bound`); None when not measured (or not a
    number)."""
    count = by_key.get(f"{group}.{name}")
    if count is None or not isinstance(count.value, int | float) or isinstance(count.value, bool):
        return None
    return int(count.value)


def _instances(by_key: dict[str, Evidence], group: str) -> set[int]:
    """The instance numbers of the group's lesions measured (`pancreas_lesion_2.volume_ml` -> 2)."""
    return {int(m.group(1)) for key in by_key if (m := re.fullmatch(rf"{group}_(\d+)\.\w+", key))}


CONTENT_GROUPS = frozenset({"pancreas_lesion", "kidney_lesion", "liver_lesion", "colon_lesion"})


def asked_lesion(task: str | Intent | None, by_key: dict[str, Evidence], content: Any = None) -> AskedLesion | None:
    """The lesion a task about "the largest <kind>" asks about; None for any other task or no counted lesion.

    Args:
        task: the task name (`Intent.task`), or the intent (its `lesion_kind` names a kind for any task).
        by_key: evidence by `{target}.{name}`.
        content: the knowledge entry of the group's content criterion (`CONTENT_CRITERION`), or None.
    """
    ranked = _rank_asked(task, by_key) or _side_asked(task, by_key) or _place_asked(task, by_key)
    if ranked is not None:
        return ranked
    asked = kind_asked(task)
    if asked is None:
        return None
    group, kind = asked
    total = _counted(by_key, group)
    if not total:
        return None
    typed = by_key.get(f"{group}.typed_masks")
    cyst_masks = [m for m, (g, k) in TYPED_LESION_MASKS.items() if g == group and k == "cyst"]
    read = [m.strip() for m in str(typed.value).split(",")] if typed is not None and typed.value else []
    source = _cyst_mask_read(group, by_key)
    if kind == "tumor":  # "the largest pancreatic tumour": the largest solid one where masks tell cysts apart
        if source is None and not any(m in read for m in cyst_masks):
            return None
        kind = "solid"
    kind_masks = cyst_masks if kind == "solid" else [m for m, (g, k) in TYPED_LESION_MASKS.items() if g == group and k == kind]
    cysts = _value(by_key, f"{source}.lesion_count") if source is not None else None
    if source is not None and cysts in (0, total):  # every lesion came from one mask: each one's kind is known
        verdicts = ["yes" if (cysts == total) == (kind == "cyst") else "no"] * total
        how = SOURCE_MASK
    elif source is not None:
        verdicts = [_source_verdict(by_key, f"{group}_{n}", source, kind) for n in range(1, total + 1)]
        how = SOURCE_MASK
    elif any(m in read for m in kind_masks):
        every = max(total, len(_instances(by_key, group)))  # each instance's type: a count of one kind (the cyst
        verdicts = [_typed_verdict(_value(by_key, f"{group}_{n}.lesion_type"), kind) for n in range(1, every + 1)]
        # mask's) numbers no instance, the group's instances are numbered across all its masks
        how = "typed mask"
    elif total == 1 and _value(by_key, f"{group}_1.lesion_type") is not None:  # the one lesion lies in a typed mask
        verdicts = [_typed_verdict(_value(by_key, f"{group}_1.lesion_type"), kind)]  # provided (only the PDAC mask,
        how = "typed mask"  # the others left out when empty): its kind is that mask's
    elif total == 1 and (kind != "solid" or not _plainly_fluid(by_key, f"{group}_1")):
        return AskedLesion(group, kind, 1, ONLY_LESION)  # the question presupposes the kind, and there is one lesion
        # to ask about, unless a solid one is asked of fluid ("the pancreatic cancer" of a 7 HU cyst); a cyst asked
        # of a dense lesion stays presupposed (blood or protein in a cyst, a small cyst's partial volume)
    elif total == 1:
        how = getattr(content, "id", None) or "no content criterion"
        named = ": neither PDAC nor PNET" if group == "pancreas_lesion" else ""
        return AskedLesion(group, kind, None, how, f"the only {group.replace('_', ' ')} is fluid (water "
                                                    f"attenuation), a cyst, not a solid mass{named}")
    else:
        verdicts = [_content_verdict(by_key, f"{group}_{n}", kind, content, group if n == 1 else None)
                    for n in range(1, total + 1)]
        how = getattr(content, "id", None) or "no content criterion"
    smallest = isinstance(task, Intent) and task.lesion_rank == LAST  # "the smaller pancreatic cyst"
    rank = _smallest_of_kind(verdicts) if smallest else largest_of_kind(verdicts)
    open_ones = [n for n, verdict in enumerate(verdicts, start=1) if verdict != "no"]
    one_kind_task = (task.task if isinstance(task, Intent) else task) in ASKED_KIND
    if rank == "undecided" and one_kind_task and len(open_ones) == 1 and isinstance(
            _value(by_key, f"{group}_{open_ones[0]}.mean_hu"), int | float) and not (
            kind == "solid" and _plainly_fluid(by_key, f"{group}_{open_ones[0]}")):  # measured, left open by its content
        return AskedLesion(group, kind, open_ones[0], ONLY_CANDIDATE)  # "the pancreatic cyst" beside a solid mass: the
        # question presupposes one, and the one lesion not plainly solid (21.7 HU, indeterminate alone) is it
    words = group.replace("_", " ")
    if rank == "undecided":
        first = verdicts.index("unknown") + 1
        return AskedLesion(group, kind, None, how, f"whether {words} {first} (of {total}) is {KIND_WORDS[kind]} is "
                                                    f"unknown by {how}: the largest {kind} lesion cannot be named",
                           undecided=True)
    if rank is None:
        return AskedLesion(group, kind, None, how, f"no {words} is {KIND_WORDS[kind]} by {how}")
    return AskedLesion(group, kind, rank, how, smallest=smallest)


PLAINLY_FLUID_HU = 10.0
"""A lesion's mean HU at or below which it is water, whatever the content criterion's cyst band (20 HU) allows: the
single lesion a question calls a cancer is not that cancer (suite AL's 7 HU pancreatic cyst staged "resectable"). A
hypodense tumour drawn near 20 HU (our own phantoms' PDAC) stays the one the question presupposes."""


def _plainly_fluid(by_key: dict[str, Evidence], lesion: str) -> bool:
    hu = _value(by_key, f"{lesion}.mean_hu")
    return isinstance(hu, int | float) and not isinstance(hu, bool) and float(hu) <= PLAINLY_FLUID_HU


def _smallest_of_kind(verdicts: list[KindVerdict]) -> int | str | None:
    """The 1-based rank of the smallest lesion of the kind (verdicts largest first): the last "yes" with no unknown
    after it; "undecided" when an unknown lesion may be a smaller one; None when none is of the kind."""
    for index in range(len(verdicts) - 1, -1, -1):
        if verdicts[index] == "unknown":
            return "undecided"
        if verdicts[index] == "yes":
            return index + 1
    return None


KIND_WORDS = {"cyst": "a cyst", "solid": "a solid (non-cystic) lesion"}
BY_SIZE = "size rank"
"""How the lesion asked is named when the question gives its size rank ("the second largest renal lesion")."""


def _rank_asked(task: str | Intent | None, by_key: dict[str, Evidence]) -> AskedLesion | None:
    """The lesion of the size rank the question names (`Intent.lesion_rank`, lesions numbered largest first); a reason
    instead when fewer lesions were counted. None when no rank beyond the largest is asked."""
    if not isinstance(task, Intent) or not task.lesion_rank or task.lesion_rank == 1 or \
            task.lesion_kind not in (None, "tumor"):
        return None
    group = _group_read(task)
    total = _counted(by_key, group) if group else None
    if group is None or total is None:
        return None
    if task.lesion_rank == LAST:  # "the smallest liver lesion": the last by volume
        return AskedLesion(group, "any", int(total), BY_SIZE, smallest=True) if total else None
    rank, words = task.lesion_rank, group.replace("_", " ")
    if total < rank:
        return AskedLesion(group, "any", None, BY_SIZE, f"the {ORDINAL_WORDS.get(rank, rank)} largest {words} is asked, "
                                                        f"but {total} {words}(s) were counted")
    return AskedLesion(group, "any", rank, BY_SIZE)


def _side_asked(task: str | Intent | None, by_key: dict[str, Evidence]) -> AskedLesion | None:
    """The largest kidney lesion of the side the question names ("the largest lesion in the left kidney"): the first
    lesion, numbered largest first, whose `organ` is that kidney; a reason instead when none lies there. None when no
    one side is asked, or a rank or kind is (those name the lesion themselves)."""
    if not isinstance(task, Intent) or task.organ not in SIDES or task.lesion != "kidney_lesion" or \
            task.lesion_kind not in (None, "tumor") or (task.lesion_rank or 1) > 1 or \
            not any(READS_LARGEST.match(q) for q in task.quantities):  # a count or a presence asks every lesion
        return None
    total = _counted(by_key, task.lesion)
    if not total:
        return None
    cyst_mask = _cyst_mask_read(task.lesion, by_key) if task.lesion_kind == "tumor" else None  # "the right kidney
    # tumour" beside a cyst mask: the largest solid lesion of that side
    for n in range(1, int(total) + 1):
        if _value(by_key, f"{task.lesion}_{n}.organ") == task.organ and (
                cyst_mask is None or _source_verdict(by_key, f"{task.lesion}_{n}", cyst_mask, "solid") == "yes"):
            return AskedLesion(task.lesion, "any", n, BY_SIDE)
    if any(_value(by_key, f"{task.lesion}_{n}.organ") is None for n in range(1, int(total) + 1)):
        if not task.quantities or not READS_LARGEST.match(task.quantities[0]):
            return None  # "Does the left kidney contain a cyst?": its side's counts answer, the largest only supports
        side = task.organ.removeprefix("kidney_")  # the group's largest may lie in the other kidney
        return AskedLesion(task.lesion, "any", None, BY_SIDE, f"which kidney holds each of the {int(total)} kidney "
                                                              f"lesion(s) is not measured: the {side} kidney's own "
                                                              "largest lesion cannot be named")
    side = task.organ.removeprefix("kidney_")
    return AskedLesion(task.lesion, "any", None, BY_SIDE, f"none of the {int(total)} kidney lesion(s) lies in the {side} "
                                                          "kidney")


def _place_asked(task: str | Intent | None, by_key: dict[str, Evidence]) -> AskedLesion | None:
    """The lesion a question names by where it lies ("Which organ does the segment-5 liver lesion contact?", "the
    volume of the segment-6 liver lesion"): the largest lesion whose `location` is the one sub-segment named; a
    reason instead when none lies there. None for a question asking where the largest lies (a location or slice
    task), or naming no one place."""
    reads_largest = bool(task.quantities) and READS_LARGEST.match(task.quantities[0]) is not None and \
        ".largest_lesion_location" not in task.quantities[0] if isinstance(task, Intent) else False
    if not isinstance(task, Intent) or not (task.task == "adjacent organ" or reads_largest and task.task not in (
            "largest lesion location", "largest lesion slice")) or len(task.locations) != 1 or \
            task.lesion not in ("liver_lesion", "pancreas_lesion") or task.lesion_kind not in (None, "tumor") or \
            (task.lesion_rank or 1) > 1:
        return None
    total = _counted(by_key, task.lesion)
    if not total:
        return None
    place = task.locations[0]
    for n in range(1, int(total) + 1):
        if _value(by_key, f"{task.lesion}_{n}.location") == place:
            return AskedLesion(task.lesion, "any", n, BY_PLACE)
    words = place.replace("_", " ")
    return AskedLesion(task.lesion, "any", None, BY_PLACE, f"none of the {int(total)} {task.lesion.replace('_', ' ')}(s) "
                                                           f"lies mainly in {words}")


BY_PLACE = "by place"
"""How a lesion named by its sub-segment is read: the largest of those lying mainly there."""
SIDES = ("kidney_left", "kidney_right")
BY_SIDE = "by side"
"""How a side's largest lesion is named: the largest of those in that kidney."""


def _cyst_mask_read(group: str, by_key: dict[str, Evidence]) -> str | None:
    """The group's cyst mask (`CYST_MASKS`) when it was provided and counted, else None."""
    for mask, of in CYST_MASKS.items():
        counted = by_key.get(f"{mask}.lesion_count")
        if of == group and counted is not None and isinstance(counted.value, int | float) and not isinstance(
                counted.value, bool):
            return mask
    return None


def mask_typed_content(by_key: dict[str, Evidence], group: str) -> tuple[str, list[str], str] | None:
    """The group's largest lesion (`{group}_1`) as `solid` or `cystic` by the mask it came from, when the group's cyst
    mask was provided beside its tumour mask (step 0 above), with the ids of the items that type it and a phrase
    saying how; None when no cyst mask was provided or the lesion's mask is not recorded."""
    source = _cyst_mask_read(group, by_key)
    if source is None or f"{group}_1.volume_ml" not in by_key:
        return None
    verdict = _source_verdict(by_key, f"{group}_1", source, "cyst")
    if verdict == "unknown":
        return None
    ids = [by_key[k].id for k in (f"{group}_1.volume_ml", f"{source}.lesion_count")]
    how = f"not in the provided {source} mask" if verdict == "no" else f"in the provided {source} mask"
    return ("cystic" if verdict == "yes" else "solid"), ids, how


def _source_verdict(by_key: dict[str, Evidence], lesion: str, cyst_mask: str, kind: str) -> KindVerdict:
    """A lesion's kind by the mask it came from: the group's cyst mask holds its cysts, the others are solid. A mask is
    known by the reference (artifact id or path) its count was measured on."""
    volume, counted = by_key.get(f"{lesion}.volume_ml"), by_key[f"{cyst_mask}.lesion_count"]
    cyst_refs = set(counted.provenance.masks or [])
    if volume is None or not volume.provenance.masks or not cyst_refs:
        return "unknown"
    cyst = bool(cyst_refs & set(volume.provenance.masks)) or _value(by_key, f"{lesion}.lesion_type") == "cyst"
    return "yes" if ("cyst" if cyst else "solid") == kind else "no"


def _typed_verdict(lesion_type: Any, kind: str) -> KindVerdict:
    """A lesion's kind by the typed masks read: a lesion in none of the read cyst masks is no cyst (so, solid)."""
    if kind == "solid":
        return "no" if lesion_type == "cyst" else "yes"
    return "yes" if lesion_type == kind else "no"


def _value(by_key: dict[str, Evidence], key: str) -> Any:
    item = by_key.get(key)
    return None if item is None else item.value


def _content_verdict(by_key: dict[str, Evidence], lesion: str, kind: str, content: Any,
                     largest_of: str | None = None) -> KindVerdict:
    """A lesion's kind by the content criterion on its mean HU (`unknown` without the criterion or the value); the
    group's largest lesion (`largest_of`) may be measured only as the group's largest."""
    hu = _value(by_key, f"{lesion}.mean_hu")
    if hu is None and largest_of is not None:
        hu = _value(by_key, f"{largest_of}.largest_lesion_mean_hu")
    if content is None or content.criterion is None or not isinstance(hu, int | float) or isinstance(hu, bool):
        return "unknown"
    label = content.criterion.decide({content.criterion.quantity_keys[0]: float(hu)})[0]
    if label in CONTENT_KIND:
        return "yes" if CONTENT_KIND[label] == kind else "no"
    return "unknown"


def asked_view(task: str | Intent | None, by_key: dict[str, Evidence], content: Any = None) -> dict[str, Evidence]:
    """`by_key` with the group's largest-lesion quantities read from the lesion asked about (`asked_lesion`); without
    them when it cannot be named. Unchanged for any other task."""
    asked = asked_lesion(task, by_key, content)
    if asked is None:
        return by_key
    if asked.rank == 1:
        return by_key  # the group's largest lesion is the largest of the kind asked
    view = {k: v for k, v in by_key.items() if not k.startswith(f"{asked.group}.largest_lesion_")
            and k not in {f"{asked.group}.{name}" for name in INSTANCE_NAME}}
    first, own_prefix = f"{asked.group}_1.", f"{asked.group}_{asked.rank}."
    first_distance, own_distance = f".distance_from_{asked.group}_1_mm", f".distance_from_{asked.group}_{asked.rank}_mm"
    view = {k: v for k, v in view.items() if not (k.startswith(first) and _names_place(k[len(first):]))
            and not k.endswith(first_distance)}
    if asked.rank is not None:
        for name, own in INSTANCE_NAME.items():
            item = by_key.get(f"{asked.group}_{asked.rank}.{own}")
            if item is not None:
                view[f"{asked.group}.{name}"] = item
        for key, item in by_key.items():  # where the lesion asked lies, read where the largest lesion's place is
            if key.startswith(own_prefix) and _names_place(key[len(own_prefix):]):
                view[first + key[len(own_prefix):]] = item
            elif key.endswith(own_distance):  # its distance from each neighbour (`{vessel}.distance_from_{lesion}_mm`)
                view[key[:-len(own_distance)] + first_distance] = item
    return view


PLACE_NAMES = ("location", "locations", "organ", "adjacent_organs", "nearest_structure")
"""Where a lesion instance lies (its sub-segments, organ and neighbours): the location and adjacency tasks read them
at `{group}_1.`, the largest lesion, and its distances at `{structure}.distance_from_{group}_1_mm`; a question naming a
kind or rank ("In which kidney is the renal tumour?", "the largest solid pancreatic tumour's contact with the
vessels") reads those of the lesion asked there instead."""


def _names_place(name: str) -> bool:
    return name in PLACE_NAMES or name.startswith("share_in_")


def content_entry(task: str | Intent | None, entries: Any) -> Any:
    """The content criterion of the group a "largest <kind>" task reads, from `entries` (a mapping by id, or a
    knowledge base with `get`); None when the task asks no kind or the entry is not there."""
    asked = kind_asked(task)
    entry_id = CONTENT_CRITERION.get(asked[0]) if asked else None
    if entry_id is None or entries is None:
        return None
    try:
        return entries.get(entry_id)
    except (KeyError, LookupError):
        return None


GROUP_WORDS = {"pancreas_lesion": "pancreatic", "liver_lesion": "liver", "kidney_lesion": "kidney"}


def lesion_words(asked: AskedLesion) -> tuple[str, str]:
    """How an answer names the lesion asked about, and how it says what typed it: (`largest pancreatic cyst`,
    `pancreas_lesion_2 is that cyst, typed by the provided mask`)."""
    if asked.typed_by == BY_SIZE and asked.smallest:
        return (f"smallest {GROUP_WORDS.get(asked.group, asked.group)} lesion",
                f"{asked.group}_{asked.rank} is that lesion, by volume")
    if asked.typed_by == BY_SIZE:
        return (f"{ORDINAL_WORDS.get(asked.rank or 0, asked.rank)} largest {GROUP_WORDS.get(asked.group, asked.group)} "
                "lesion", f"{asked.group}_{asked.rank} is that lesion, by volume")
    if asked.typed_by == BY_SIDE:
        return ("largest lesion of that kidney", f"{asked.group}_{asked.rank} is the largest lesion lying in that kidney")
    if asked.typed_by == BY_PLACE:
        return ("lesion lying in the part named", "the largest lesion lying mainly in the part the question names")
    noun = "cyst" if asked.kind == "cyst" else f"{asked.kind} lesion"
    how = "typed by the provided mask" if asked.typed_by == "typed mask" else asked.typed_by \
        if asked.typed_by in (ONLY_LESION, ONLY_CANDIDATE) else f"from the {SOURCE_MASK}'s complement" if asked.typed_by == SOURCE_MASK \
        and asked.kind == "solid" else f"from the {SOURCE_MASK}" if asked.typed_by == SOURCE_MASK \
        else f"{'cystic' if asked.kind == 'cyst' else asked.kind} by {asked.typed_by}"
    return (f"{'smallest' if asked.smallest else 'largest'} {GROUP_WORDS.get(asked.group, asked.group)} {noun}",
            f"{asked.group}_{asked.rank} is that {noun}, {how}")


def kind_evidence_ids(asked: AskedLesion, by_key: dict[str, Evidence]) -> list[str]:
    """The items that make the lesion the one asked about: its typed kind (or its mean HU) and the typed masks read;
    by its source, its volume (measured on its mask) and the cyst mask's count."""
    lesion = f"{asked.group}_{asked.rank}"
    if asked.typed_by == BY_SIZE:
        keys = [f"{asked.group}_{n}.volume_ml" for n in range(1, (asked.rank or 0) + 1)]
    elif asked.typed_by == BY_SIDE:  # its side, and the volumes of the larger lesions that lie elsewhere
        keys = [f"{lesion}.organ", *(f"{asked.group}_{n}.{name}" for n in range(1, (asked.rank or 0) + 1)
                                     for name in ("volume_ml", "organ"))]
    elif asked.typed_by == "typed mask":
        keys = [f"{lesion}.lesion_type", f"{asked.group}.typed_masks"]
    elif asked.typed_by == SOURCE_MASK:
        keys = [f"{lesion}.volume_ml", *(f"{m}.lesion_count" for m, g in CYST_MASKS.items() if g == asked.group)]
    else:
        keys = [f"{lesion}.mean_hu"]
    return [by_key[k].id for k in keys if k in by_key]


def largest_typed_solid(by_key: dict[str, Evidence]) -> tuple[Evidence, Evidence | None] | None:
    """The largest pancreatic lesion a provided typed mask calls PDAC or PNET, as (its `lesion_type` item, its
    `volume_ml` item or None): the annotation's diagnosis of the solid tumour, whatever larger cyst lies beside it. None
    when no lesion is typed solid. The reasoner answers "PDAC or PNET?" with it and the reviewer holds the answer to it."""
    typed = [item for key, item in by_key.items()
             if re.fullmatch(r"pancreas_lesion_\d+\.lesion_type", key) and str(item.value) in ("PDAC", "PNET")]
    if not typed:
        return None
    volume = {item.id: by_key.get(f"{item.target}.volume_ml") for item in typed}
    largest = max(typed, key=lambda item: float(volume[item.id].value) if volume[item.id] is not None else 0.0)  # type: ignore[arg-type,union-attr]
    return largest, volume[largest.id]


def typed_presence(by_key: dict[str, Evidence], group: str, kind: str) -> tuple[bool, list[str]] | None:
    """Whether a lesion of `kind` (`PDAC`, `PNET`, `cyst`) is present by the provided typed masks, with the ids it rests
    on; None when the group's typed mask of that kind was not read (its attenuation must decide).

    A typed mask provided is the annotation's statement of that kind (AbdomenAtlas 3.0 `pancreatic_pdac`): a lesion of
    the group typed by it is one present, and a mask read with none of the group's lesions in it says there is none,
    whatever a hypoattenuating PNET or a PDAC below 20 HU would suggest by attenuation alone.
    """
    read = by_key.get(f"{group}.typed_masks")
    masks = [m for m, (g, k) in TYPED_LESION_MASKS.items() if g == group and k == kind]
    if read is None or not set(masks) & {m.strip() for m in str(read.value).split(",")}:
        return None
    count = _counted(by_key, group)
    if count is None:
        return None
    typed = [item for key, item in sorted(by_key.items()) if re.fullmatch(rf"{group}_\d+\.lesion_type", key)]
    # every instance's type, not the first `count`: a count of one kind (the solid lesions) is no instance range
    found = [item for item in typed if str(item.value) == kind]
    ids = [read.id, *([by_key[f"{group}.lesion_count"].id] if f"{group}.lesion_count" in by_key else []),
           *(item.id for item in found)]
    return bool(found), ids


def type_criteria(entries: Any) -> tuple[Any, Any]:
    """The cited criteria that type a pancreatic lesion, from `entries` (criterion entries): its content (cystic or
    solid, on its mean HU) and its enhancement (hypoattenuating to the gland or not, on its HU difference in organ SDs);
    None for one not among them. One choice for the reasoner and the attending reviewer."""
    def reading(suffix: str, labels: set[str]) -> Any:
        return next((e for e in entries if e.criterion is not None and labels <= set(e.criterion.labels)
                     and any(k.endswith(suffix) for k in e.criterion.quantity_keys)), None)

    return reading("largest_lesion_mean_hu", {"cystic", "solid"}), reading("hu_difference_in_organ_sd", {"hypoattenuating"})


def instance_type_presence(by_key: dict[str, Evidence], wanted: str, content: Any, enhancement: Any,
                           group: str = "pancreas_lesion", organ: str = "pancreas",
                           bounded: bool = False) -> tuple[bool, list[str], str] | None:
    """PDAC or PNET present among several lesions of the group, each typed on its own measures by the cited criteria:
    its content (`content`, solid or cystic on its mean HU) and its enhancement (`enhancement`, hypoattenuating to the
    gland or not, on its HU difference from the organ in organ SDs), each lesion then by
    `knowledge.lesion_types.pancreatic_type_found` as if it were the only one. One lesion of the wanted type is a yes;
    every lesion typed and none of it a no. Returns (found, evidence ids, a sentence) or None when the group has one
    lesion (its largest decides), a criterion or a measure is missing, or a lesion is left open while none is a yes.
    `bounded`: the count is not known, only its lower bound (`{group}.lesion_count_lower_bound`, a lesion search that
    may miss lesions, `agents.measures.bounded`): the lesions found are typed, one of the wanted type is a yes (a lesion
    missed cannot undo one found), and anything else is None (a missed lesion may be the type asked).
    One reading for the reasoner and the attending reviewer.
    """
    from knowledge.lesion_types import pancreatic_type_found
    from questions.intents.answers import format_value

    name = "lesion_count_lower_bound" if bounded else "lesion_count"
    counted, total = by_key.get(f"{group}.{name}"), _counted(by_key, group, name)
    organ_hu, organ_sd = by_key.get(f"{organ}.mean_hu"), by_key.get(f"{organ}.std_hu")
    if counted is None or not total or (total == 1 and not bounded) or content is None or enhancement is None or \
            content.criterion is None or enhancement.criterion is None or organ_hu is None or organ_sd is None or \
            not organ_sd.value:
        return None
    ids = [counted.id, organ_hu.id, organ_sd.id]
    verdicts: list[tuple[str, int, float]] = []
    for n in range(1, total + 1):
        hu = by_key.get(f"{group}_{n}.mean_hu")
        if hu is None or not isinstance(hu.value, int | float) or isinstance(hu.value, bool):
            return None
        label = content.criterion.decide({content.criterion.quantity_keys[0]: float(hu.value)})[0]
        in_sd = (float(hu.value) - float(organ_hu.value)) / float(organ_sd.value)  # type: ignore[arg-type]
        hypo = enhancement.criterion.decide({enhancement.criterion.quantity_keys[0]: in_sd})[0] == "hypoattenuating"
        verdicts.append((pancreatic_type_found(wanted, 1, label or None, hypo), n, float(hu.value)))  # type: ignore[arg-type]
        ids.append(hu.id)
    words = group.replace("_", " ")
    found = [(n, hu) for verdict, n, hu in verdicts if verdict == "yes"]
    if found:
        n, hu = found[0]
        return True, ids, (f"{words} {n}{' found' if bounded else f' of {total}'} measures {format_value(hu, 'HU')}, a solid mass ({content.id}) "
                           f"{'hypo' if wanted == 'PDAC' else 'iso- or hyper'}attenuating to the {organ} "
                           f"({enhancement.id}), typical of {wanted}")
    if all(verdict == "no" for verdict, _, _ in verdicts) and not bounded:
        each = ", ".join(format_value(hu, "HU") for _, _, hu in verdicts)
        return False, ids, (f"none of the {total} {words}s ({each}) is a solid {wanted}-like mass ({content.id}, "
                            f"{enhancement.id})")
    return None
