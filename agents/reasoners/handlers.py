"""Per-task answers of the guideline reasoner: criteria applied to measurements, comparisons, locations."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from agents.reasoners.adjacency import _adjacent, _nearest, option_distances  # noqa: F401 (option_distances re-exported)
from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.bounds import at_least
from agents.reasoners.compose import (
    Draft,
    absence_option,
    describe,
    lesion_bound,
    missing_group_mask,
    need,
    no_lesions,
    not_known,
    number,
    target_words,
    task_form,
)
from agents.reasoners.derive import primary_place
from core.anatomy import WITHIN_PART
from core.anatomy import family as organ_family
from core.case import Evidence
from core.tasks import REGISTRY, SMALL_LABELS, is_positive
from questions.intents import locations_of

# -- criteria --------------------------------------------------------------------------------

def criterion_evidence_id(task: ReasonerInput, entry_id: str) -> str | None:
    """The id of the criterion evidence item that cites `entry_id`."""
    for e in task.evidence:
        if e.kind == "criterion" and e.provenance.entry_id == entry_id:
            return e.id
    return None


def entry_for(task: ReasonerInput, subtype: str) -> Any:
    """The cited criterion that decides `subtype` for the question's organ.

    The registry's deciding entry for that organ comes first (a kidney T stage reads the kidney
    table); otherwise a cited entry that serves the subtype for the organ (another profile's).
    """
    spec = REGISTRY.get(subtype)
    wanted = spec.criterion(task.intent.organ or task.intent.lesion) if spec is not None else None
    if wanted in task.criteria and task.criteria[wanted].criterion is not None:
        return task.criteria[wanted]
    family = organ_family(task.intent.organ or task.intent.lesion)
    found = [entry for entry in task.criteria.values() if entry.criterion is not None
             and subtype.lower() in (s.lower() for s in entry.question_subtypes)
             and (not family or not entry.organs or family in entry.organs)]
    if not found:
        cited = sorted(task.criteria)
        raise InsufficientEvidence(f"no cited criterion decides {subtype!r} (cited: {cited!r})", agent="knowledge")
    available = set(task.by_key())
    complete = [e for e in found if all(k in available for k in e.required_quantities(_target(task, e)))]
    return (complete or found)[0]


def entry_reading(task: ReasonerInput, quantity_suffix: str, labels: set[str] | None = None) -> Any:
    """The cited criterion that reads a quantity ending in `quantity_suffix` (and has these labels)."""
    for entry in task.criteria.values():
        if entry.criterion is None:
            continue
        reads = any(k.endswith(quantity_suffix) for k in entry.criterion.quantity_keys)
        if reads and (labels is None or labels <= set(entry.criterion.labels)):
            return entry
    raise InsufficientEvidence(f"no cited criterion reads '*{quantity_suffix}'", agent="knowledge")


def _target(task: ReasonerInput, entry: Any) -> str | None:
    keys = entry.criterion.quantity_keys if entry.criterion else []
    if any(k.startswith("lesion.") for k in keys):
        return task.intent.lesion
    if any(k.startswith("kidney.") for k in keys):
        return task.intent.organ if task.intent.organ != "kidney" else "kidney_left"
    return None


def numeric_values(task: ReasonerInput) -> dict[str, float]:
    """Every numeric measured or derived value by quantity key (not a group's count, largest lesion or burden
    while one of its lesion masks is missing: those are lower bounds)."""
    return {k: float(e.value) for k, e in task.by_key().items()
            if isinstance(e.value, int | float) and not isinstance(e.value, bool) and missing_group_mask(task, k) is None}


def apply(task: ReasonerInput, entry: Any, target: str | None, values: dict[str, float] | None = None) -> tuple[Any, list[str], str]:
    """Classifies with `entry`: the classification, the evidence ids it rests on, and its sentence."""
    from knowledge import MissingQuantityError, OutOfRangeError
    from knowledge.uncertainty import UndecidedError, check_decided

    values = numeric_values(task) if values is None else values
    try:
        result = entry.classify(values, target=target)
    except MissingQuantityError as err:
        masks = [e for k in err.missing if (e := missing_group_mask(task, k, any_task=True) or lesion_bound(task, k))]
        why = f": {masks[0].reason}" if masks else ""
        raise InsufficientEvidence(f"{not_known(list(err.missing))}{why}", missing=list(err.missing),
                                   agent="segmentation" if masks else "measurement") from err
    except OutOfRangeError as err:
        raise InsufficientEvidence(str(err), agent="measurement") from err
    try:
        check_decided(entry, values, target)  # a predicted mask's volume decides only when its whole error agrees
    except UndecidedError as err:
        raise InsufficientEvidence(str(err), agent="segmentation") from err
    bound = dict(zip(entry.criterion.quantity_keys, entry.required_quantities(target), strict=True))
    known = task.by_key()
    ids: list[str] = []
    parts = []
    for match in result.matched:
        key = bound.get(match.quantity, match.quantity)
        item = known.get(key)
        if item is not None:
            ids += [item.id, *(item.provenance.inputs or [])]
            parts.append(f"{describe(item)} ({match.band.describe(match.unit)})")
    criterion_id = criterion_evidence_id(task, entry.id)
    if criterion_id:
        ids.append(criterion_id)
    return result, ids, "; ".join(parts) + f" -> {result.label} by {entry.id}{_deciding_arm(result, bound, known)}"


def _deciding_arm(result: Any, bound: dict[str, str], known: dict[str, Evidence]) -> str:
    """", decided by the liver mean attenuation" when arms of an either/or criterion disagree: the arm whose band gives
    the label (the worse grade, the positive arm); empty when one arm or all arms agree."""
    labels = {m.band.label for m in result.matched}
    if len(result.matched) < 2 or len(labels) < 2:
        return ""
    deciding = [known.get(bound.get(m.quantity, m.quantity)) for m in result.matched if m.band.label == result.label]
    from agents.reasoners.compose import NAME_WORDS

    words = [f"{target_words(e.target)} {NAME_WORDS.get(e.name, e.name.replace('_', ' '))}" for e in deciding if e is not None]
    return f", decided by the {' and the '.join(words)}" if words else ""


def _targets(task: ReasonerInput, entry: Any) -> list[str | None]:
    from knowledge.needs import criterion_targets

    return criterion_targets(entry, task.intent.organ, task.intent.lesion)


def by_criterion(task: ReasonerInput) -> Draft:
    """The cited criterion applied to the measured values (category, or yes/no from its label)."""
    intent = task.intent
    entry = entry_for(task, intent.task)
    reads_lesion = any(k.startswith(("lesion.", f"{intent.lesion}.")) for k in entry.criterion.quantity_keys)
    empty = no_lesions(task, intent.lesion) if reads_lesion else None
    if empty is not None and not intent.task.endswith("existence") and intent.task != "lesion outlier":
        if (absent := absence_option(task, empty)) is not None:
            return absent  # "... A. Hypodense ... D. No such lesion": the option saying there is none
        raise InsufficientEvidence(f"{describe(empty)}: no lesion to assess for {intent.task!r}", agent="reasoner")
    from knowledge.needs import worst_label

    bounded = at_least(task, entry)
    if bounded is not None:
        return bounded
    results = [apply(task, entry, t) for t in _targets(task, entry)]
    worst = worst_label(entry, [r[0].label for r in results])
    result, ids, sentence = next(r for r in results if r[0].label == worst)
    ids = [i for r in results for i in r[1]]
    statement = "; ".join(r[2] for r in results) if len(results) > 1 else sentence
    spec = REGISTRY.get(intent.task)
    if intent.size_asked in ("atrophic", "small") and not any(lab in SMALL_LABELS for lab in entry.criterion.labels):
        raise InsufficientEvidence(f"the question asks whether the organ is {intent.size_asked}, but {entry.id} has no "
                                   f"category below normal ({', '.join(entry.criterion.labels)})", agent="reasoner")
    yes = spec.says_yes(result.label, entry.criterion.labels, intent.size_asked) if spec is not None else is_positive(
        result.label, entry.criterion.labels)
    headline = ("Yes" if yes else "No") if task_form(intent.task) == "yes_no" else result.label
    if intent.polar and task_form(intent.task) == "category" and spec is not None and spec.yes_labels:
        yes = result.label in spec.yes_labels  # a graded finding asked as yes/no: "Yes — mild"
        headline = f"{'Yes' if yes else 'No'} — {result.label}"
    draft = Draft(task_form(intent.task) if task_form(intent.task) != "number" else "category", headline, statement, ids,
                  label=result.label, yes=yes, criterion_id=entry.id)
    if intent.task == "liver lesion clustering":  # a lesion spanning segments: both readings must agree
        from agents.reasoners.clustering import clustering

        return clustering(task, draft)
    return draft


# -- lesion types ---------------------------------------------------------------------------

def lesion_existence(task: ReasonerInput) -> Draft:
    """A lesion exists when its group has at least one instance (the cited criterion, when cited, says so too); asked
    "in the left or right kidney?", the answer names the kidney(s) holding it, or neither."""
    draft = _lesion_existence(task)
    if task.intent.lesion != "kidney_lesion" or len(set(task.intent.sides)) < 2 or draft.yes is None:
        return draft
    known = task.by_key()
    sides = [known.get(f"kidney_lesion.volume_in_kidney_{side}") for side in ("left", "right")]
    if any(item is None or not isinstance(item.value, int | float) for item in sides):
        return draft
    held = [side for side, item in zip(("left", "right"), sides, strict=True) if number(item) > 0]  # type: ignore[arg-type]
    said = ("neither kidney holds a lesion" if not held else f"in the {held[0]} kidney" if len(held) == 1
            else "in both kidneys")
    if bool(held) != draft.yes:
        return draft  # the count and the per-side volumes disagree: the count's answer stands, no side is claimed
    ids = [i for item in sides for i in [item.id, *(item.provenance.inputs or [])]]  # type: ignore[union-attr]
    return replace(draft, statement=f"{said}; {draft.statement}", evidence_ids=[*draft.evidence_ids, *ids])


def _lesion_existence(task: ReasonerInput) -> Draft:
    organ = task.intent.organ or ""
    if task.intent.lesion and organ.endswith(("_left", "_right")):  # "a lesion in the left kidney?": that side only
        burden = need(task, f"{task.intent.lesion}.volume_in_{organ}")
        return yes_no(number(burden) > 0, describe(burden), [burden.id, *(burden.provenance.inputs or [])])
    bound = task.by_key().get(f"{task.intent.lesion}.lesion_count_lower_bound")
    if f"{task.intent.lesion}.lesion_count" not in task.by_key() and bound is not None and number(bound) > 0:
        return yes_no(True, f"{describe(bound)} (at least this many; the exact count is not known)", [bound.id])  # a lesion shown settles existence though the count is not known
    served = [e for e in task.criteria.values() if e.criterion is not None and task.intent.task in e.question_subtypes]
    if served:
        return by_criterion(task)
    count = need(task, f"{task.intent.lesion}.lesion_count")
    return yes_no(number(count) > 0, describe(count), [count.id])


def yes_no(headline_yes: bool, statement: str, ids: list[str], label: str | None = None,
            criterion_id: str | None = None) -> Draft:
    return Draft("yes_no", "Yes" if headline_yes else "No", statement, ids, label=label, yes=headline_yes,
                 criterion_id=criterion_id)


ATTENUATION_LABEL = {"hypo": "hypoattenuating", "iso": "isoattenuating", "hyper": "hyperattenuating"}


def largest_known(task: ReasonerInput, group: str | None) -> None:
    """Raises `InsufficientEvidence` when the group's lesions are only a lower bound (a segmenter's lesion search,
    `agents.measures.bounded`): the largest lesion found (`{group}_1`) may not be the largest there is.

    Raises:
        InsufficientEvidence: `{group}.lesion_count_lower_bound` stands where `{group}.lesion_count` would.
    """
    known = task.by_key()
    bound = known.get(f"{group}.lesion_count_lower_bound") if group else None
    if bound is not None and known.get(f"{group}.lesion_count") is None:
        raise InsufficientEvidence(f"{describe(bound)}: the largest lesion found may not be the largest there is "
                                   f"({bound.reason})", missing=[f"{group}.lesion_count"], agent="segmentation")


def attenuation(task: ReasonerInput) -> Draft:
    """The largest lesion's attenuation vs its organ: by the cited criterion, else as the measurement classified it.

    Both use the DTVQA definition (iso if |lesion - organ| < organ SD / 10, else hypo or hyper); the
    measurement's label (`{group}.largest_lesion_attenuation`) stands in when no criterion was cited.
    """
    largest_known(task, task.intent.lesion)
    try:
        return by_criterion(task)
    except InsufficientEvidence as err:
        group = task.intent.lesion
        known = task.by_key()
        item = known.get(f"{group}.largest_lesion_attenuation") or known.get(f"{group}_1.attenuation")
        if item is None or str(item.value) not in ATTENUATION_LABEL:
            raise err
        label = ATTENUATION_LABEL[str(item.value)]
        diff = known.get(f"{group}_1.organ_hu_difference")
        statement = describe(item) + (f"; {describe(diff)}" if diff is not None and diff.value is not None else "")
        ids = [item.id, *([diff.id] if diff is not None and diff.value is not None else [])]
        return Draft("category", label, statement + " (DTVQA iso band: a tenth of the organ SD)", ids, label=label)


# -- comparisons and locations --------------------------------------------------------------

def _place_words(location: str) -> str:
    return location.replace("liver_", "").replace("pancreas_", "").replace("_", " ")


def segment_comparison(task: ReasonerInput) -> Draft:
    """The sub-segment holding the most lesions (among those the question or its options name, if any).

    Counted as in `lesion count by location`: a lesion counts in every sub-segment holding > 10% of it.
    """
    group = task.intent.lesion
    known = task.by_key()
    asked = list(task.intent.locations)
    if len(asked) < 2 and task.choices:
        asked = [loc for text in task.choices.values() for loc in locations_of(text)[:1]]
        if not asked or not all(loc.startswith("liver_segment_") or loc.startswith("pancreas_") for loc in asked):
            asked = [loc for text in task.choices.values() for loc in locations_of(f"segment {text}" if text.strip().isdigit() else text)[:1]]
    spread = known.get(f"{group}_1.locations")
    if task.intent.every_place and len(asked) < 2 and spread is not None and len(locations_of(str(spread.value))) > 1 \
            and known.get(f"{group}.lesion_count") is not None and number(known[f"{group}.lesion_count"]) == 1:
        from agents.reasoners.spread import places_held  # "Which parts does the lesion involve?": where it lies

        return places_held(task, spread)
    if not asked and not task.intent.lesion:  # "Which liver segment is the biggest?": every sub-segment's volume asked
        asked = [q.split(".")[0] for q in task.intent.quantities if q.endswith(".volume_ml")]
    if not task.intent.lesion_burden and asked:  # no lesion word: the sub-segments' own size is compared
        return _segment_volumes(task, asked)
    what = "volume_in" if task.intent.by_volume else "count_in"
    keys = [f"{group}.{what}_{loc}" for loc in asked if f"{group}.{what}_{loc}" in known]
    if len(keys) < 2:
        keys = [k for k in known if k.startswith(f"{group}.{what}_")]
    if not keys:
        raise InsufficientEvidence(f"no per-segment lesion counts for {group!r} (lesion locations not measured)",
                                   agent="measurement", missing=[f"{group}_N.locations"])
    items = [known[k] for k in keys]
    top = max(items, key=number)
    tied = [e for e in items if number(e) == number(top)]
    places = [_place_words(str(e.provenance.location or e.name.split("_in_", 1)[-1])) for e in tied]
    ids = [i for e in items for i in [e.id, *(e.provenance.inputs or [])]]
    statement = "; ".join(describe(e) for e in items)
    if len(places) == 1:
        return Draft("category", places[0], statement, ids, label=places[0])
    broken = primary_place(list(known.values()), group or "", {str(e.provenance.location) for e in tied})
    if broken is None:
        raise InsufficientEvidence(f"{' and '.join(places)} tie ({describe(top)})", agent="reasoner")
    main, held = broken  # "Pancreas head, extending into the body": the tie broken by where the lesions mainly lie
    label = _place_words(main)
    others = [p for p in places if p != label]
    headline = f"{label}, extending into {' and '.join(others)}"
    statement += "; " + "; ".join(f"{target_words(e.target)} mainly in {_place_words(str(e.value))}" for e in held)
    return Draft("category", headline, statement, [*ids, *(e.id for e in held)], label=label)


def held_in_measured(part: str, known: Mapping[str, Any]) -> bool:
    """Whether `part` has no measured volume but is held in a sub-segment that has (`core.anatomy.WITHIN_PART`: the
    uncinate process in the head): it is then no larger than that one, so never the largest of parts compared with it.
    The reasoner drops it from "which part is largest"; the reviewer does not miss its volume there."""
    return part in WITHIN_PART and f"{part}.volume_ml" not in known and f"{WITHIN_PART[part]}.volume_ml" in known


def _segment_volumes(task: ReasonerInput, asked: list[str]) -> Draft:
    """The largest (or, asked so, the smallest) of the named sub-segments by its measured volume. A part held in
    another (`core.anatomy.WITHIN_PART`: "the uncinate process only") is no larger than its holder, so it is not the
    largest when the holder is measured too; asked the smallest, its unmeasured volume is unknown."""
    pick = min if task.intent.comparison == "smaller" else max
    known = task.by_key()
    if pick is max:
        asked = [loc for loc in asked if not held_in_measured(loc, known)]
    items = [need(task, f"{loc}.volume_ml") for loc in dict.fromkeys(asked)]
    top = pick(items, key=number)
    if sum(number(e) == number(top) for e in items) > 1:
        raise InsufficientEvidence(f"sub-segments tie at {describe(top)}", agent="reasoner")
    label = _place_words(str(top.target))
    return Draft("category", label, "; ".join(describe(e) for e in items), [e.id for e in items], label=label)


def location(task: ReasonerInput) -> Draft:
    """Where the largest lesion lies (or which organ it touches), as measured."""
    name = "adjacent_organs" if task.intent.task == "adjacent organ" else "location"
    group = task.intent.lesion
    if name == "adjacent_organs" and group is None and task.intent.organ:
        from agents.reasoners.organ_contact import organ_adjacent

        return organ_adjacent(task)  # the organ's own neighbours, no lesion asked
    empty = no_lesions(task, group)
    if empty is not None:
        if (absent := absence_option(task, empty)) is not None:
            return absent  # "C. No renal lesion"
        raise InsufficientEvidence(f"{describe(empty)}: no lesion to locate", agent="reasoner")
    largest_known(task, group)
    if name == "adjacent_organs":
        nearest = task.by_key().get(f"{group}_1.nearest_structure")
        drafted = _nearest(task, nearest) if nearest is not None else None
        return drafted or _adjacent(task, need(task, f"{group}_1.{name}"))
    organ, place = task.by_key().get(f"{group}_1.organ"), task.by_key().get(f"{group}_1.{name}")
    if name == "location" and (place is None or place.value is None) and organ is not None \
            and str(organ.value).endswith(("_left", "_right")):
        label = target_words(str(organ.value))  # a kidney lesion's place is its kidney
        return Draft("category", label, describe(organ), [organ.id], label=label)
    item = need(task, f"{group}_1.{name}")
    spread = task.by_key().get(f"{group}_1.locations") if name == "location" else None
    if spread is not None and len(locations_of(str(spread.value))) > 1:
        from agents.reasoners.spread import places_held

        return places_held(task, spread)
    places = locations_of(str(item.value)) if name == "location" else []
    if name == "location":
        label = ", ".join(_place_words(p) if not p.startswith("kidney_") else target_words(p) for p in places)
    else:
        label = ", ".join(target_words(part.strip()) for part in re.split(r"[,;]", str(item.value)) if part.strip())
    label = label or str(item.value)
    return Draft("category", label, describe(item), [item.id], label=label)

