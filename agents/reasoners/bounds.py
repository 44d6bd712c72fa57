"""Answers from a lower bound: an organ cut by the scan's edge is at least the size measured.

When the size a criterion reads is withheld because the organ touches the edge of the field of view, the
measurement agent still records what was imaged as `{organ}.volume_ml_lower_bound`. If every value from
that bound upward falls in one band of the criterion (`knowledge.bounds.bounded_label`, which the reviewer
applies too), the answer is given and says it rests on a lower bound; otherwise the reasoner abstains.
"""

from __future__ import annotations

from typing import Any

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft, describe, number, task_form
from core.tasks import REGISTRY
from knowledge.bounds import bounded_label, bounded_quantity, labels_at_least


def at_least(task: ReasonerInput, entry: Any) -> Draft | None:
    """The draft a lower bound decides for `entry`'s one bounded quantity (the only one of a single-quantity
    criterion, or one arm of an either/or criterion whose other arms are measured); None when no quantity is missing
    with a bound standing for it. Raises `InsufficientEvidence` when the bound leaves several categories open."""
    from agents.reasoners.handlers import criterion_evidence_id, numeric_values

    if entry.criterion is None:
        return None
    known = task.by_key()
    intent = task.intent
    values = numeric_values(task)
    found = bounded_quantity(entry, values, intent.organ, intent.lesion)
    if found is None:
        return None
    key, stand_in, _ = found
    bound = known[stand_in]
    label = bounded_label(entry, values, intent.organ, intent.lesion)
    several = len(entry.criterion.quantities) > 1
    if label is None and several:
        return None  # another arm may settle it as measured (`handlers.apply`), else the missing quantity is named
    if label is None:
        open_labels = " or ".join(labels_at_least(entry, number(bound)) or [])
        raise InsufficientEvidence(f"{describe(bound)} is only a lower bound ({bound.reason}); from it upward "
                                   f"{entry.id} gives {open_labels}, so the answer is not decided",
                                   missing=[stand_in.removesuffix("_lower_bound")], agent="measurement")
    scale = next(s for s in entry.criterion.quantities if s.quantity == key)
    band = next((b for b in scale.bands if b.label == label), None)
    statement = (f"{describe(bound)} (a lower bound: the organ touches the edge of the scan), and every value from "
                 f"it upward is {label}{f' ({band.describe(scale.unit)})' if band else ''} by {entry.id}"
                 + (", whatever its other signs" if several else ""))
    ids = [bound.id, *(bound.provenance.inputs or [])]
    cited = criterion_evidence_id(task, entry.id)
    ids += [cited] if cited else []
    spec = REGISTRY.get(intent.task)
    yes = spec.says_yes(label, entry.criterion.labels, intent.size_asked) if spec is not None else None
    form = task_form(intent.task)
    if form == "yes_no":
        return Draft("yes_no", "Yes" if yes else "No", statement, ids, label=label, yes=yes, criterion_id=entry.id)
    headline = f"{'Yes' if yes else 'No'} — {label}" if intent.polar and spec is not None and spec.yes_labels else label
    return Draft("category", headline, statement, ids, label=label, yes=yes, criterion_id=entry.id)
