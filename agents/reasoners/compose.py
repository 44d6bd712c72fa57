"""Writing an answer from evidence: drafts, numeric answers, and fitting a draft to the choices."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from core.anatomy import expand_paired, organs_of
from core.case import Evidence
from core.tasks import REGISTRY, value_key
from knowledge.needs import quantity_phrase
from knowledge.uncertainty import PLAUSIBLE_ERROR
from questions.intents.answers import (
    format_value,
)
from questions.sizes import filter_of, filter_of_name

DraftForm = Literal["number", "yes_no", "category", "text"]
NAME_WORDS = {
    "volume_ml": "volume", "mean_hu": "mean attenuation", "std_hu": "attenuation SD", "hu_ratio": "attenuation ratio",
    "lesion_count": "lesion count", "largest_lesion_volume_ml": "largest lesion volume",
    "total_lesion_volume_ml": "total lesion volume", "largest_lesion_diameter_mm": "largest lesion diameter",
    "largest_lesion_slice": "slice of the largest lesion diameter", "largest_lesion_mean_hu": "largest lesion attenuation",
    "tumor_burden_pct": "tumor burden", "hu_difference": "lesion minus organ attenuation",
    "hu_difference_magnitude": "lesion-organ attenuation difference (magnitude)",
    "hu_difference_in_organ_sd": "lesion-organ attenuation difference in organ SDs",
    "largest_to_second_volume_ratio": "largest-to-second lesion volume ratio", "volume_ratio": "volume ratio",
    "caudate_right_lobe_ratio": "caudate-to-right-lobe ratio", "top_segment_pct": "share of lesions in the busiest segment",
    "top_two_segments_pct": "share of lesions in the two busiest segments",
    "longest_diameter_mm": "longest diameter", "location": "location", "adjacent_organs": "adjacent organs",
    "increase_from_nadir_mm": "sum of diameters minus nadir",  # a negative 'increase' read as one would mislead
    "sum_diameters_mm": "sum of diameters", "baseline_sum_diameters_mm": "sum of diameters at baseline",
    "nadir_sum_diameters_mm": "sum of diameters at nadir", "change_from_baseline_pct": "change from baseline",
    "change_from_nadir_pct": "change from nadir", "volume_ml_lower_bound": "volume at least", "lesion_count_change": "change in lesion count",
    "largest_lesion_diameter_change_mm": "change in largest lesion diameter",
    "largest_lesion_diameter_change_pct": "change in largest lesion diameter",
    "largest_lesion_volume_change_ml": "change in the largest lesion's volume", "largest_lesion_volume_change_pct":
    "change in the largest lesion's volume", "prior_largest_lesion_volume_ml": "largest lesion's volume on the prior study",
    "total_lesion_volume_change_ml": "change in total lesion volume", "total_lesion_volume_change_pct":
    "change in total lesion volume", "volume_change_pct": "volume change", "volume_change_ml": "volume change",
}


@dataclass
class Draft:
    """An answer's content before it is fitted to the choices."""

    form: DraftForm
    headline: str
    """The short answer: `250.3 mL`, `Yes`, `mild`."""
    statement: str
    """Why, in words whose every number is evidence."""
    evidence_ids: list[str] = field(default_factory=list)
    label: str | None = None
    yes: bool | None = None
    values: list[float] = field(default_factory=list)
    """Numeric answer(s) in the evidence unit, for picking a numeric choice."""
    unit: str | None = None
    criterion_id: str | None = None
    caveats: list[str] = field(default_factory=list)
    """Said with the answer however it is fitted to the options ("the left kidney is absent ... and adds nothing")."""


def task_form(task: str) -> str:
    """The answer form of a task without choices (`number`, `yes_no`, `category`, `report`), from the registry."""
    spec = REGISTRY.get(task)
    return spec.form if spec is not None else "category"


def target_words(target: str | None) -> str:
    """`kidney_left` -> `left kidney`, `liver_lesion_1` -> `liver lesion 1`, `liver/spleen` -> `liver/spleen`."""
    if not target:
        return ""
    instance = re.match(r"^(\w+_lesion)_(\d+)$", target)
    if instance:  # keep instance numbers inside an identifier, so they never read as measurements
        return f"largest {target_words(instance.group(1))}" if instance.group(2) == "1" else target
    if re.search(r"\d", target):  # `liver_segment_5`: a name, its digit is not a measurement
        return target
    text = re.sub(r"^(\w+)_(left|right)$", r"\2 \1", target)
    return text.replace("_", " ")


def describe(e: Evidence, unit: str | None = None) -> str:
    """One evidence item in words: `spleen volume 250.3 mL`."""
    if e.name.startswith("prior_") and e.name.removeprefix("prior_") in NAME_WORDS:  # a value on the prior study
        return describe(e.model_copy(update={"name": e.name.removeprefix("prior_")}), unit) + " on the prior study"
    name = NAME_WORDS.get(e.name, e.name.replace("_", " "))
    target = target_words(e.target)
    if target.endswith(" lesion") and name.startswith("lesion "):  # `liver lesion count`, not `liver lesion lesion count`
        name = name.removeprefix("lesion ")
    words = f"{target} {name}".strip()
    if target.endswith((" lesion", " tumor", " cyst")) and re.search(r"\blesion\b", name):  # `largest liver lesion diameter`
        words = re.sub(r"\blesion\b", target, name, count=1)
    sided = re.match(r"^kidney_(lesion|tumor|cyst)_(left|right)$", e.target or "")
    if sided and e.name in ("tumor_burden_pct", "total_lesion_volume_ml"):  # one kidney's own lesions, which may be none
        kind = f"{sided.group(1)}s"
        words = f"share of the {sided.group(2)} kidney occupied by {kind}" if e.name == "tumor_burden_pct" else \
            f"summed volume of the {sided.group(2)} kidney's {kind}"
    where = re.match(r"(count|volume)_in_(?:liver_|pancreas_)?(\w+)$", e.name)
    if where:
        what = "lesion count" if where.group(1) == "count" else "lesion volume"
        words = f"{target_words(e.target).replace(' lesion', '')} {what} in {where.group(2).replace('_', ' ')}:"
    sized = filter_of_name(e.name)
    if sized is not None:  # a count under the size filter the question stated: `liver lesions of at least 10 mm: 3`
        words = f"{target}s of {sized.words()}:"
    near = re.match(r"distance_from_(\w+)_mm$", e.name)
    if near:  # a neighbour's distance from a lesion: `colon 8.7 mm from liver lesion 1`
        return f"{target} {show(float(e.value), e.unit, unit)} from {target_words(near.group(1))}"  # type: ignore[arg-type]
    if isinstance(e.value, bool) or not isinstance(e.value, int | float):
        return f"{words} {e.value}"
    stated = " (stated in the question)" if getattr(e.provenance, "source", None) == "stated by the user" else ""
    return f"{words} {show(float(e.value), e.unit, unit)}{stated}"  # a value the user gave, not measured


def distance_words(e: Evidence, unit: str | None = None) -> str:
    """A neighbour's measured distance from a lesion, labelled as a distance (`distance 1.9 mm from the postcava`).

    The lesion is named in another sentence: a distance said beside "the largest liver lesion" reads as that
    lesion's size.
    """
    return f"distance {show(float(e.value), e.unit, unit)} from the {target_words(e.target)}"  # type: ignore[arg-type]


def reads_as(subject: str, predicate: str, reading: str) -> str:
    """A classification said of its subject, with the reading that gave it: `the largest lesion is hypoattenuating
    (pancreas lesion-organ attenuation difference in organ SDs -0.704 (x ≤ -0.1) -> hypoattenuating by
    dtvqa-lesion-attenuation)`.

    A criterion's reading (`handlers.apply`) is a clause of its own, a measurement and its band: written straight
    after a subject it reads as "the lesion pancreas lesion ...", so a subject gets its verb here.

    Args:
        subject: what is classified, as it stands in the sentence (`it`, `the only pancreatic lesion`).
        predicate: the class in words (`hypoattenuating`, `cystic`, `of indeterminate content`).
        reading: the criterion's reading, kept whole (the reviewer re-reads its numbers and `-> label by id`).
    """
    return f"{subject} is {predicate} ({reading})"


def sentence(text: str) -> str:
    """The text with its first letter upper-case (the rest as it is: `T2`, `IVC` keep their capitals)."""
    return text[:1].upper() + text[1:]


def show(value: float, unit: str | None, asked: str | None = None) -> str:
    """A value in the unit asked for when it converts (mm -> cm), else in its own unit."""
    if unit == "mm" and asked == "cm":
        return format_value(value / 10.0, "cm")
    return format_value(value, unit)


GROUP_WIDE = re.compile(r"^(?P<group>[a-z]+_lesion)(?:_(?:left|right))?\.(lesion_count|largest_lesion_\w+|total_lesion_volume_ml|"
                        r"tumor_burden_pct|count_in_\w+|volume_in_\w+)$")
"""Quantities over every lesion of a group: unknown while one of the group's lesion masks is missing."""


def missing_group_mask(task: ReasonerInput, key: str, any_task: bool = False) -> Evidence | None:
    """The missing-mask evidence that leaves a group-wide quantity unknown (None: known, or an existence question,
    whose lower bound may still say a lesion exists, unless `any_task`: the reason a criterion lacks the value)."""
    group = GROUP_WIDE.match(key)
    if group is None or (task.intent.task.endswith("existence") and not any_task):
        return None
    from core.anatomy import LESION_GROUPS

    masks = next((g.all_masks for g in LESION_GROUPS if g.name == group.group("group")), ())
    return next((e for e in task.evidence if e.kind == "segmentation" and e.name == "present" and e.value is None
                 and e.target in masks), None)


def not_known(keys: list[str]) -> str:
    """Quantities not known, in words ("the pancreas lesion count is not known"); the keys stay in the exception's
    `missing` for the engineer."""
    said = " and ".join(f"the {quantity_phrase(k)}" for k in keys) or "a quantity"
    return f"{said} {'is' if len(keys) <= 1 else 'are'} not known"


def need(task: ReasonerInput, key: str) -> Evidence:
    """The evidence for `key`; raises `InsufficientEvidence` naming the agent that should supply it.

    A count, largest lesion or burden of a lesion group one of whose masks is missing is only a lower
    bound: it is not used, except to say that a lesion exists.
    """
    missing = missing_group_mask(task, key)
    if missing is not None:
        raise InsufficientEvidence(f"{not_known([key])}: {missing.reason}", missing=[key], agent="segmentation")
    item = task.by_key().get(key)
    bound = lesion_bound(task, key) if item is None or item.value is None else None
    if bound is not None:
        raise InsufficientEvidence(f"{not_known([key])}: {target_words(bound.target)}s: at least {bound.value} found, "
                                   f"a lower bound ({bound.reason})", missing=[key], agent="segmentation")
    if item is None or item.value is None:
        agent = "measurement" if segmented(task.evidence, key) else "segmentation"
        organ = re.sub(r"_lesion(_\d+)?$|/.*$", "", key.split(".", 1)[0])
        not_found = next((e.reason for e in task.evidence if e.kind == "segmentation" and e.name == "present"
                          and e.target == organ and e.value is False and e.reason), None)
        why = f": {not_found}" if not_found else ""
        raise InsufficientEvidence(f"the {quantity_phrase(key)} was not measured{why}", missing=[key],
                                   agent="segmentation" if not_found else agent)
    return item


def lesion_bound(task: ReasonerInput, key: str) -> Evidence | None:
    """The lower bound of a lesion group's count standing where a lesion quantity `key` was withheld (the lesions
    found are only some of them: `agents.measures.bounded`); None when no bound concerns the key."""
    target, _, name = key.partition(".")
    bounds = [e for e in task.evidence if e.name == "lesion_count_lower_bound" and e.reason and e.target]
    group = re.match(r"^([a-z]+_lesion)(_\d+)?$", target)
    if group is not None:
        return next((e for e in bounds if e.target == group.group(1)), None)
    if "lesion" not in name:
        return None
    family = target.split("_", 1)[0]  # an organ's, a side's or a sub-segment's lesion count
    return next((e for e in bounds if (e.target or "").split("_", 1)[0] == family), None)


def segmented(evidence: list[Evidence], key: str) -> bool:
    """Whether every structure a quantity key rests on was segmented (present), so measuring is what failed."""
    structures = [o for part in key.split(".", 1)[0].split("/") for o in organs_of(part)]
    present = {e.target for e in evidence if e.kind == "segmentation" and e.value is not False}
    return all(any(side in present for side in expand_paired(s)) for s in structures)


def number(e: Evidence) -> float:
    if isinstance(e.value, bool) or not isinstance(e.value, int | float):
        raise InsufficientEvidence(f"{e.id!r} holds {e.value!r}, not a number", missing=[e.id], agent="measurement")
    return float(e.value)


def no_lesions(task: ReasonerInput, lesion: str | None) -> Evidence | None:
    """The lesion-count item when it is zero (nothing to measure), else None."""
    if lesion is None:
        return None
    count = task.by_key().get(f"{lesion}.lesion_count")
    if count is not None and isinstance(count.value, int | float) and count.value == 0:
        return count
    return None


NO_LESION_OPTION = re.compile(r"^\s*(?:(?:there\s+(?:is|are)\s+)?no\b(?!\s*\d)[\w\s-]{0,30}?\b(?:lesions?|tumou?rs?|"
                              r"mass(?:es)?|cysts?)\b|none\b|not applicable\b|n/a\b)", re.IGNORECASE)
"""An option saying the lesion asked about is not there ("No pancreatic lesion", "No such lesion", "No renal mass",
"There is no such lesion", "None of them has a lesion")."""


KIND_NAMED = {"solid": re.compile(r"\b(?:solid|tumou?rs?|mass(?:es)?|cancers?|carcinomas?|pdac|pnet|neoplasms?)\b", re.I),
              "cyst": re.compile(r"\bcyst", re.IGNORECASE)}
"""Words of an option that name the kind of lesion it says is absent ("No solid pancreatic tumour", "No cyst")."""


OTHER_KIND = {"solid": "cyst", "cyst": "solid"}


def says_kind_absent(option: str, kind: str) -> bool:
    """Whether an option says no lesion of `kind` is there: "No solid pancreatic tumour", or "Neither - it is a cystic
    lesion" where a solid kind (PDAC or PNET) is asked."""
    if kind not in KIND_NAMED:
        return False
    if NO_LESION_OPTION.match(option) and KIND_NAMED[kind].search(option):
        return True
    other = KIND_NAMED[OTHER_KIND[kind]].search(option) is not None  # "Neither - it is a cystic lesion", "Cystic lesion"
    return other and (re.match(r"\s*(?:neither|none of (?:these|them|the above))\b", option, re.IGNORECASE) is not None
                      or KIND_NAMED[kind].search(option) is None)


def absent_kind_option(task: ReasonerInput, group: str, kind: str, reason: str) -> Draft | None:
    """The option saying no lesion of the kind asked is there ("D. No solid pancreatic tumour" beside a 7 HU cyst), when
    every lesion of the group is plainly of the other kind on a complete lesion set; None otherwise."""
    if task.choices is None or task.by_key().get(f"{group}.lesion_count_lower_bound") is not None or \
            kind not in KIND_NAMED:
        return None
    said = [text for text in task.choices.values() if says_kind_absent(text, kind)]
    if len(said) != 1:
        return None
    ids = [e.id for key, e in task.by_key().items() if re.fullmatch(rf"{group}_\d+\.mean_hu", key)]
    count = task.by_key().get(f"{group}.lesion_count")
    return Draft("category", said[0], reason, [*([count.id] if count is not None else []), *ids])


def absence_options(task: ReasonerInput, groups: list[str]) -> Draft | None:
    """`absence_option` for several lesion groups at once ("Which organ carries the most lesion volume? ... D. None of
    them has a lesion"): each group's count 0 on a complete lesion set, and one option saying there is none."""
    counts = [no_lesions(task, group) for group in groups]
    if not groups or any(c is None for c in counts):
        return None
    drafts = [absence_option(task, c) for c in counts if c is not None]
    if any(d is None for d in drafts):
        return None
    ids = [c.id for c in counts if c is not None]
    return Draft("category", drafts[0].headline, "; ".join(describe(c) for c in counts if c is not None)  # type: ignore[union-attr]
                 + ": no lesion in any organ compared", ids)


def absence_option(task: ReasonerInput, count: Evidence) -> Draft | None:
    """With no lesion of the group measured on a complete lesion set (provided masks, not a segmenter's lower bound),
    the option saying there is none answers a question about that lesion; None when no option says so or the count
    is only a lower bound."""
    if task.choices is None or task.by_key().get(f"{count.target}.lesion_count_lower_bound") is not None:
        return None
    said = [text for text in task.choices.values() if NO_LESION_OPTION.match(text)]
    if len(said) != 1:
        return None
    return Draft("category", said[0], f"{describe(count)}: there is no such lesion to assess", [count.id])


def predicted_band(task: ReasonerInput, e: Evidence, unit: str | None = None) -> tuple[str, str] | None:
    """For a value measured on a PREDICTED mask, the sentence saying so with its plausible error, and that error's
    evidence id: `the spleen mask is predicted (classical segmenter), not provided: volume error band ±14.2 mL`
    (no hedge word: the reviewer reads "may be" as an answer taken back). The error is the segmentation agent's `{key}_plausible_error` (`agents.segmenters.volume_error`,
    measured by `scripts/bench_volume_error.py`); a provided mask carries none, so None then."""
    error = task.by_key().get(f"{e.target}.{e.name}{PLAUSIBLE_ERROR}")
    if error is None or isinstance(error.value, bool) or not isinstance(error.value, int | float) or error.value <= 0:
        return None
    backend = error.provenance.model_dump().get("backend") or "a"
    said = (f"the {target_words(e.target)} mask is predicted ({backend} segmenter), not provided: "
            f"{NAME_WORDS.get(e.name, e.name.replace('_', ' '))} error band ±{show(float(error.value), error.unit, unit)}")
    return said, error.id


def numeric(task: ReasonerInput) -> Draft:
    """Reads the measured (or derived) number the question asks for."""
    intent = task.intent
    keys = numeric_keys(task)
    empty = no_lesions(task, intent.lesion)
    if empty is not None and intent.task not in ("lesion counting", "lesion count by location"):
        if (absent := absence_option(task, empty)) is not None:  # "D. No colonic lesion present"
            return absent
        raise InsufficientEvidence(f"{describe(empty)}: there is no lesion to measure", missing=keys, agent="reasoner")
    earlier = [key for key in keys if key.split(".", 1)[1].startswith("prior_") and key not in task.by_key()]
    if earlier:
        raise InsufficientEvidence(f"the question asks the value on the prior study too ({earlier[0]!r}), but no prior "
                                   "study was measured (a `role: prior` image with its date is needed)",
                                   missing=earlier, agent="measurement")
    for key in keys:
        _largest_bounded(task, key)
    items = [need(task, key) for key in keys]
    values = [number(e) for e in items]
    unit = items[0].unit
    names = [named(e, intent.unit) for e in items]
    shared = len(set(names)) == 1  # "21.5 mm now; 16.5 mm on the prior study (largest liver lesion diameter)"
    apart = any(re.search(r"\d", name) for name in names)  # "2. liver lesions of at least 12 mm": its own numbers after
    headline = "; ".join(f"{show(v, unit, intent.unit)}{when(e, items)}{'' if shared or apart else name}"
                         for v, e, name in zip(values, items, names, strict=True)) + (names[0] if shared and not apart else "")
    statement = "; ".join(dict.fromkeys(name.strip(" ()") for name in names)) if apart else ""
    ids = [e.id for e in items]
    for band in filter(None, (predicted_band(task, e, intent.unit) for e in items)):
        statement = f"{statement}; {band[0]}" if statement else band[0]
        ids.append(band[1])
    for e in items:
        ids += list(e.provenance.inputs or []) if e.kind == "finding" else []
    caveats = [f"the {target_words(gone)} is absent (its mask is empty) and adds nothing"  # a solitary kidney's sum
               for gone in dict.fromkeys(e.target for e in task.evidence if e.provenance.formula == "absent" and e.id in ids)]
    return Draft("number", headline, statement, ids, values=values, unit=unit, caveats=caveats)


def largest_bounded(task: ReasonerInput, key: str) -> Evidence | None:
    """The lesion search's lower bound that leaves a largest lesion's value open (`kidney_tumor.largest_lesion_diameter_mm`
    beside a bounded `kidney_lesion` count: the largest found need not be the largest there is); None when the key is no
    largest lesion's value, its own mask counts its lesions exactly, or no bound concerns it (`lesion_bound`)."""
    target, _, name = key.partition(".")
    known = task.by_key()
    own = {target, re.sub(r"_(?:left|right)$", "", target)}  # `kidney_cyst_right`: the kidney_cyst mask's own count
    if not name.startswith(("largest_lesion_", "prior_largest_lesion_")) or any(f"{t}.lesion_count" in known for t in own):
        return None
    bound = lesion_bound(task, key)
    return bound if bound is not None and f"{bound.target}.lesion_count" not in known else None


def _largest_bounded(task: ReasonerInput, key: str) -> None:
    """Raises `InsufficientEvidence` where `largest_bounded` finds the value open (a size asked after "Is there a
    kidney tumour?", whose yes a found tumour settles)."""
    bound = largest_bounded(task, key)
    if bound is not None:
        raise InsufficientEvidence(f"{describe(bound)}: the largest lesion found may not be the largest there is "
                                   f"({bound.reason})", missing=[f"{bound.target}.lesion_count"], agent="segmentation")


def named(item: Evidence, unit: str | None = None) -> str:
    """` (spleen volume)`: what a value given first is, in words, so the answer states the value once."""
    said, value = describe(item, unit).removesuffix(" on the prior study"), show(number(item), item.unit, unit)
    words = said.removesuffix(value).rstrip(" :") if said.endswith(value) else said
    return f" ({words})" if words else ""


def when(item: Evidence, items: list[Evidence]) -> str:
    """" now" / " on the prior study" after a value asked on both studies, else nothing."""
    if not any(e.name.startswith("prior_") for e in items):
        return ""
    return " on the prior study" if item.name.startswith("prior_") else " now"


def numeric_keys(task: ReasonerInput) -> list[str]:
    """The evidence keys a numeric task reads."""
    intent = task.intent
    name = intent.task
    choice_set = task.choice_set
    value = value_key(intent, choice_set.form if choice_set is not None else None)
    if value is not None:
        return [value]
    sized = filter_of(intent)
    if sized is not None and name in ("lesion counting", "lesion count by location"):
        if name == "lesion count by location":
            raise InsufficientEvidence("a lesion count by location with a size filter is not derived: per-location "
                                       "diameters are not combined", agent="reasoner")
        return [f"{intent.lesion}.{sized.name()}"]
    if name == "lesion count by location":
        where = intent.locations[0] if intent.locations else None
        if len(intent.locations) > 1:  # "segments 5-8": a lesion spanning two is one lesion, not one per segment
            return [f"{intent.lesion}.count_in_{'+'.join(dict.fromkeys(intent.locations))}"]  # `derive._by_location`
        if where is None:
            return [f"{intent.lesion}.lesion_count"]
        return [f"{intent.lesion}.count_in_{where}"]
    if name == "organ aggregation":
        targets = [q.split(".", 1)[0] for q in intent.quantities]  # organs' volumes, or lesion groups' counts
        summed = intent.quantities[0].split(".", 1)[1] if intent.quantities else "volume_ml"
        return [f"{'+'.join(targets)}.{summed}"] if len(targets) > 1 else list(intent.quantities)
    if name == "tumor organ HU difference":
        return [f"{intent.lesion}.{'hu_difference' if signed_difference(task) else 'hu_difference_magnitude'}"]
    if not intent.quantities:
        raise InsufficientEvidence(f"the question names no structure for {name!r}", agent="reasoner")
    first = intent.quantities[0].split(".", 1)[1]  # and its value on the prior study, when asked too
    return [q for q in intent.quantities if q.split(".", 1)[1] in (first, f"prior_{first}")]


def signed_difference(task: ReasonerInput) -> bool:
    """Whether a lesion-organ HU difference is asked signed (lesion minus organ) rather than as a magnitude.

    "How much lower / darker", "by how many HU does it differ" and "the absolute difference" ask a
    magnitude (the direction is in the words); "lesion minus liver" asks the sign (a fresh author's phrasing that
    got the magnitude, sessions 29-30); the options decide otherwise: a negative option means the signed
    difference is wanted.
    """
    choice_set = task.choice_set
    if choice_set is None:
        return signed_asked(task.question)
    return any(o.value is not None and o.value < 0 for o in choice_set.options)


def signed_asked(question: str | None) -> bool:
    """Whether the question's words ask the signed difference (`SIGNED_ASKED`) and not its magnitude."""
    return SIGNED_ASKED.search(question or "") is not None and MAGNITUDE_ASKED.search(question or "") is None


SIGNED_ASKED = re.compile(r"\bminus\b|\bsubtract\w*|\bsigned\b|\blesion\s*[-−–]\s*(?:the\s+)?(?:liver|organ|kidney|renal|"
                          r"pancrea\w*|parenchym\w*|background)\b|\bnegative if\b|\bwith (?:its|the) sign\b", re.IGNORECASE)
"""A question that asks the signed difference in words ("lesion HU minus parenchymal HU", "(lesion − liver)")."""
MAGNITUDE_ASKED = re.compile(r"\babsolute\b|\bmagnitude\b|\bhow far apart\b|\bhow (?:much|many HU) (?:lower|higher|darker|brighter|denser)\b",
                             re.IGNORECASE)
"""A question that asks how far apart, not which way ("the absolute difference", "how much darker")."""


def polarity(draft: Draft, task: ReasonerInput) -> Draft:
    """The draft answering the question as asked: a negated yes/no question flips the yes.

    The draft states the positive proposition ("a liver lesion is present"); for a negated question
    ("Is the liver free of masses?") *yes* is its absence, and the headline says so plainly
    (`Yes — no liver lesion found`). A graded finding asked yes/no ("Liver not fatty, right?": `Yes — no fatty
    liver`) is flipped the same way.
    """
    graded = draft.form == "category" and task.intent.polar and bool(draft.label) and re.match(
        r"(Yes|No) — ", draft.headline) is not None
    if not task.intent.negated or (draft.form != "yes_no" and not graded) or draft.yes is None:
        return draft
    yes = not draft.yes
    task_name = task.intent.task
    if task_name.endswith(" existence"):
        finding = task_name.removesuffix(" existence")
        said = f"no {finding} found" if yes else f"{finding} present"
    elif draft.label:
        said = draft.label  # the criterion's own category (`no splenomegaly`, `splenomegaly`)
    else:
        said = "the finding asked about is absent" if yes else "the finding asked about is present"
    return replace(draft, headline=f"{'Yes' if yes else 'No'} — {said}", yes=yes)


def one_label_asked(draft: Draft, task: ReasonerInput) -> Draft:
    """A category asked as a yes/no about one of its criterion's labels ("Is the renal lesion a simple cyst?",
    "Is the lesion hypoattenuating?") answers that yes/no and names the category found: `No — indeterminate`.
    Left as it is when the headline already says yes or no, or the question names no label or several."""
    entry = task.criteria.get(draft.criterion_id or "")
    if not task.intent.polar or draft.form != "category" or not draft.label or entry is None or \
            entry.criterion is None or re.match(r"(Yes|No)\b", draft.headline):
        return draft
    from questions.intents.labels import labels_in

    asked = labels_in(task.question or "", list(entry.criterion.labels))
    if len(asked) != 1:
        return draft
    yes = draft.label == asked[0]
    return replace(draft, headline=f"{'Yes' if yes else 'No'} — {draft.label}", yes=yes)
