"""Answers that compare studies: RECIST 1.1 response, organ volume change and lesion change.

The measurement agent records the comparison (`recist.response` with its rule, sums and changes
from baseline and nadir, new lesions; `{organ}.volume_change_pct`); the RECIST category is applied
here from the cited criterion (`recist11-response`) so the reviewer can recompute it, and the
sentence states the sums, the changes and the rule. Without a prior study there is nothing to
compare: the handlers then abstain, naming the missing prior.
"""

from __future__ import annotations

from typing import Any

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft, describe, number, numeric, show, target_words
from agents.reasoners.handlers import apply, by_criterion, entry_reading
from knowledge.bounds import change_bound_sentence, recist_bound_sentence, recist_sums_withheld
from questions.longitudinal import change_says_yes, direction_option

_NO_PRIOR = "no prior study was measured (a `role: prior` image with its date is needed to compare)"


def recist_response(task: ReasonerInput) -> Draft:
    """The RECIST 1.1 category from the cited criterion, with the sums, changes and new lesions it rests on."""
    known = task.by_key()
    if "recist.response" not in known:
        bound = recist_sums_withheld(task.evidence)
        if bound:  # the sums were withheld (`agents.measures.bounded`): one missed target changes them
            raise InsufficientEvidence(recist_bound_sentence(bound),
                                       missing=["recist.response"], agent="segmentation")
        raise InsufficientEvidence(_NO_PRIOR, missing=["recist.response"], agent="measurement")
    draft = by_criterion(task)
    measured_category = str(known["recist.response"].value)
    if draft.label is not None and f"({measured_category})" not in draft.label:
        raise InsufficientEvidence(f"the cited criterion gives {draft.label!r} but the measurement's RECIST reading is "
                                   f"{measured_category!r}: the two readings of the rule disagree", agent="measurement")
    parts = [known[k] for k in RECIST_SUPPORT if k in known]
    measured = known["recist.response"]  # its `reason` holds the measurement's own reading of the rule
    entry = task.criteria.get(draft.criterion_id or "")
    readable = recist_sentence(draft.label or "", known, entry) if entry is not None else None
    statement = "; ".join(describe(e) for e in parts)
    draft.statement = readable or (f"{draft.statement}. {statement}." if statement else draft.statement)
    used, targets = target_organs(known)
    if used:  # which lesions the sums are of: every organ's targets, not only the organ the question names
        draft.statement = f"{draft.statement.rstrip('.')}. {used}."
    draft.evidence_ids = list(dict.fromkeys([*draft.evidence_ids, *(e.id for e in parts), measured.id, *targets]))
    return draft


def target_organs(known: dict[str, Any]) -> tuple[str, list[str]]:
    """Which lesions RECIST 1.1 summed, in words ("Target lesions chosen across every organ: liver, pancreas"), and
    the ids of the target-lesion items it rests on; empty when no target lesion is recorded. RECIST sums every
    target lesion of the patient (up to two per organ, five in all), whichever organ the question names."""
    items = [e for key, e in sorted(known.items()) if key.startswith("target_lesion_") and key.endswith(".longest_diameter_mm")]
    organs = [str((e.provenance.model_extra or {}).get("organ") or "") for e in items]
    words = list(dict.fromkeys(target_words(o).replace(" tumor", "").replace(" cyst", "") for o in organs if o))
    if not words:
        return "", []
    return f"Target lesions chosen across every organ: {', '.join(words)}", [e.id for e in items]


RECIST_SUPPORT = ("target_lesions.sum_diameters_mm", "target_lesions.baseline_sum_diameters_mm",
                  "target_lesions.nadir_sum_diameters_mm", "target_lesions.change_from_baseline_pct",
                  "target_lesions.change_from_nadir_pct", "target_lesions.increase_from_nadir_mm",
                  "new_lesions.lesion_count")
"""What a RECIST 1.1 response rests on, as the measurement agent records it."""


def recist_sentence(label: str, known: dict[str, Any], entry: Any) -> str | None:
    """A radiologist's sentence for a RECIST 1.1 category: the rule that decided it, with the cited entry's own
    thresholds, then the target lesions' sums (None when a value it needs is not measured). Signed values, no
    direction words: a new lesion makes PD while the targets shrink, and the sentence must not say they grew."""
    def value(key: str) -> str:
        item = known[key]
        shown = show(number(item), item.unit)
        return f"+{shown}" if key.endswith(("_pct", "_from_nadir_mm")) and number(item) > 0 else shown

    def edge(key: str) -> str:  # the entry's own band on `key` ("20 ≤ x %"), not a number copied here
        scale = next(q for q in entry.criterion.quantities if q.quantity == key)
        return next(b for b in scale.bands if b.label.startswith("at least")).describe(scale.unit)

    try:
        new = int(number(known["new_lesions.lesion_count"]))
        nadir_pct, nadir_mm = value("target_lesions.change_from_nadir_pct"), value("target_lesions.increase_from_nadir_mm")
        baseline_pct = value("target_lesions.change_from_baseline_pct")
        sums = (f"Target lesions: sum of diameters {value('target_lesions.sum_diameters_mm')} (baseline "
                f"{value('target_lesions.baseline_sum_diameters_mm')}, nadir {value('target_lesions.nadir_sum_diameters_mm')})")
        pd = f"a change over the nadir of {edge('target_lesions.change_from_nadir_pct')} and " \
             f"{edge('target_lesions.increase_from_nadir_mm')}"
        pr = f"a change from baseline of {edge('target_lesions.change_from_baseline_pct')}"
    except (KeyError, StopIteration, InsufficientEvidence):
        return None
    rule = {
        "progressive disease (PD)": f"{new} new lesion{'s' if new > 1 else ''}, and a new lesion is PD whatever the "
        "target sums" if new else f"the sum changed {nadir_pct} ({nadir_mm}) over its nadir; PD needs {pd}",
        "complete response (CR)": "no target lesion remains",
        "partial response (PR)": f"the sum changed {baseline_pct} from baseline; PR needs {pr}",
        "stable disease (SD)": f"no new lesion; the sum changed {nadir_pct} ({nadir_mm}) over its nadir (PD needs {pd}) "
        f"and {baseline_pct} from baseline (PR needs {pr})",
    }.get(label)
    return f"RECIST 1.1 ({entry.id}): {rule}. {sums}." if rule else None


def organ_volume_change(task: ReasonerInput) -> Draft:
    """The organ's volume change since the latest prior study (% or mL, as asked); asked yes/no ("Has the spleen
    changed?") or as a direction, whether it changed by the cited tolerance (`interval-change-organ-volume`), with
    both volumes and the change as support."""
    known = task.by_key()
    if not any(k.endswith((".volume_change_pct", ".volume_change_ml")) for k in known):
        raise InsufficientEvidence(_NO_PRIOR, missing=list(task.intent.quantities), agent="measurement")
    organ = task.intent.organ or ""
    if not (task.intent.polar or task.choice_set is not None or task.intent.answer_form == "category") \
            or f"{organ}.volume_change_pct" not in known:
        return numeric(task)
    both = [known[k] for k in (f"{organ}.prior_volume_ml", f"{organ}.volume_ml") if k in known]
    change = known[f"{organ}.volume_change_pct"]
    subject = f"{organ.replace('_', ' ')} volume"
    if len(both) == 2:
        before, now = (show(number(e), e.unit) for e in both)
        sign = "+" if number(change) > 0 else ""
        statement = f"{subject}: {before} on the prior study, {now} now ({sign}{show(number(change), change.unit)})"
    else:
        statement = "; ".join(describe(e) for e in [change, *both])
    return _direction(task, change.name, statement, [change.id, *(e.id for e in both)], target=organ)


_VOLUMES = ("prior_total_lesion_volume_ml", "total_lesion_volume_ml")
LESION_CHANGES: dict[str, tuple[str, tuple[str, str]]] = {
    "lesion_count_change": ("number of", ("prior_lesion_count", "lesion_count")),
    "total_lesion_volume_change_ml": ("total volume of the", _VOLUMES),
    "total_lesion_volume_change_pct": ("total volume of the", _VOLUMES),
    "largest_lesion_volume_change_ml": ("volume of the largest of the", ("prior_largest_lesion_volume_ml",
                                                                       "largest_lesion_volume_ml")),
    "largest_lesion_volume_change_pct": ("volume of the largest of the", ("prior_largest_lesion_volume_ml",
                                                                        "largest_lesion_volume_ml")),
    "largest_lesion_diameter_change_mm": ("largest diameter of the", ("prior_largest_lesion_diameter_mm",
                                                                      "largest_lesion_diameter_mm")),
    "largest_lesion_diameter_change_pct": ("largest diameter of the", ("prior_largest_lesion_diameter_mm",
                                                                       "largest_lesion_diameter_mm")),
}
"""A lesion change (`measures.longitudinal.record_lesion_change`) -> what it is of, and its prior and current values."""


def lesion_change(task: ReasonerInput) -> Draft:
    """A lesion group's change since the latest prior study (count, total volume or largest diameter), with both values.

    The headline is the change asked (`{lesion}.lesion_count_change`, `...total_lesion_volume_change_ml`
    or `_pct`); the sentence gives the prior and current values it is the difference of.
    """
    known = task.by_key()
    asked = task.intent.quantities[0] if task.intent.quantities else ""
    if asked not in known:
        bound = recist_sums_withheld(task.evidence)
        if bound:  # a prior was measured, but a lesion search that is a lower bound cannot give a change
            raise InsufficientEvidence(change_bound_sentence(asked, bound), missing=[asked], agent="segmentation")
        raise InsufficientEvidence(_NO_PRIOR if not any(k.endswith(".prior_lesion_count") for k in known) else
                                   f"the lesion masks needed for {asked!r} are missing on one of the studies",
                                   missing=[asked], agent="measurement")
    change = known[asked]
    lesion, name = asked.split(".", 1)
    what, pair = LESION_CHANGES[name]
    both = [known[f"{lesion}.{key}"] for key in pair if f"{lesion}.{key}" in known]
    value = number(change)
    subject = f"{what} {lesion.replace('_', ' ')}s"
    if len(both) == 2:
        before, now = (show(number(e), e.unit) for e in both)
        sign = "+" if value > 0 else ""
        statement = f"{subject}: {before} on the prior study, {now} now ({sign}{show(value, change.unit, task.intent.unit)})"
    else:
        statement = "; ".join(describe(e) for e in [change, *both])
    pairing = (change.provenance.parameters or {}).get("pairing") if name.startswith("largest_lesion_volume") else None
    if pairing:  # which prior lesion the largest is compared with: the same lesion, or the prior's own largest
        statement += (" (the same lesion, matched on both studies)" if pairing == "matched lesion" else
                      " (the largest lesion of each study: no prior lesion matched the current largest)")
    ids = [change.id, *(e.id for e in both)]
    new = known.get("new_lesions.lesion_count")
    if "new_lesions.lesion_count" in task.intent.quantities and new is not None and task.choice_set is None:
        return new_lesions(task, new, statement, ids)
    if task.intent.polar or task.choice_set is not None or task.intent.answer_form == "category":
        in_mm = asked.replace("diameter_change_pct", "diameter_change_mm")  # the diameter's tolerance is in mm
        return _direction(task, in_mm if in_mm in known else asked, statement, ids)
    return Draft("number", show(value, change.unit, task.intent.unit), statement, ids, values=[value], unit=change.unit)


def _direction(task: ReasonerInput, asked: str, statement: str, ids: list[str], target: str | None = None) -> Draft:
    """Whether the change asked is a change at all, by the cited tolerance (`interval-change-*`): yes or no first
    (or the option's direction), the change and the tolerance that decided it as support. A direction asked
    (`Intent.comparison`: "Did it grow?", "Any new lesions?") is answered yes only for a change that way."""
    name = asked.split(".", 1)[-1]
    target = target or task.intent.lesion
    key = f"{target}.{name}"
    entry = entry_reading(task, name, {"decreased", "unchanged", "increased"})
    result, more, sentence = apply(task, entry, target, {key: number(task.by_key()[key])})
    label = str(result.label)
    if task.choices:  # "Smaller" names the decrease; "Resolved" when none is left
        count = task.by_key().get(f"{task.intent.lesion}.lesion_count")
        letter = direction_option(label, task.choices, none_left=count is not None and number(count) == 0)
        label = task.choices[letter] if letter is not None else label
    yes = change_says_yes(str(result.label), task.intent.comparison)  # "Did it grow?" is no when it shrank
    headline = f"{'Yes' if yes else 'No'} — {label}" if task.intent.polar and task.choice_set is None else label
    if task.intent.answer_form == "category" and task.choice_set is None:  # "Did it increase or decrease?"
        change = task.by_key()[key]
        shown = show(number(change), change.unit)
        headline = f"{label} ({'+' if number(change) > 0 else ''}{shown})"
    return Draft("yes_no" if task.intent.polar else "category", headline, f"{statement}; {sentence}",
                 list(dict.fromkeys([*ids, *more])), label=label, yes=yes, criterion_id=entry.id)


def new_lesions(task: ReasonerInput, new: Any, statement: str, ids: list[str]) -> Draft:
    """Whether a lesion of the group asked is new on the current study: a current lesion matching no lesion of an
    earlier study (the measurement's RECIST 1.1 matching, `new_lesions.lesion_count`), not the net change of the
    count (one lesion resolving and another appearing leave the count unchanged). The count change is support."""
    from core.anatomy import LESION_GROUPS

    lesion = task.intent.lesion or ""
    masks = next((g.all_masks for g in LESION_GROUPS if g.name == lesion), ())
    listed = (new.provenance.model_extra or {}).get("lesions")
    if listed is None:
        raise InsufficientEvidence("the new lesions were counted but not listed by mask: which organ holds them is not "
                                   "known", missing=["new_lesions.lesion_count"], agent="measurement")
    here = [item for item in listed if any(m in str(item.get("mask", "")) for m in masks)]
    words = lesion.replace("_", " ")
    total = int(number(new))
    if here and len(here) == total:
        headline = f"Yes — {total} new {words}{'s' if total > 1 else ''}"
    elif here:  # some new lesions lie elsewhere: the total is not this group's number
        headline = f"Yes — a new {words}"
    else:
        headline = f"No — no new {words}"
    if here and len(here) == total:
        said = f"matching the lesions of both studies finds {total} without a counterpart"
    else:
        said = "every current " + words + " matches a lesion of the prior study" if not here else ""
    statement = "; ".join(part for part in (said, statement) if part)
    return Draft("yes_no", headline, statement, list(dict.fromkeys([new.id, *ids])), yes=bool(here))
