"""A quantity known only from below: an organ cut by the scan's edge is at least the size measured.

A single-quantity criterion can still be decided by such a bound when every value from it upward falls in
bands that answer the same way ("at least 979 mL" is severe splenomegaly whatever the rest of the spleen
holds). The reasoner and the reviewer both read `labels_at_least`, so they cannot disagree on it.
"""

from __future__ import annotations

from typing import Any

from knowledge.uncertainty import PLAUSIBLE_ERROR

LOWER_BOUND = "_lower_bound"
"""Suffix of a measurement that is a lower bound of the quantity it names (`spleen.volume_ml_lower_bound`)."""
LESIONS_EXHAUSTIVE = "lesions_exhaustive"
"""Segmentation evidence on a lesion mask: False when its backend finds only some lesions (its count is a bound)."""


def recist_sums_withheld(evidence: Any) -> str | None:
    """Why RECIST 1.1's sums cannot be formed, or None: the reason of the first `lesions_exhaustive = False` item.

    RECIST sums every target lesion on both studies, so one lesion mask that holds only some lesions (a lower bound,
    `agents.measures.bounded`) withholds the response. The reasoner and the reviewer word the abstention from this
    one sentence (`recist_bound_sentence`). With no prior study in the evidence (no item about a `prior:` image) the
    sums are withheld by the missing study, whatever the lesion search: None, so the missing prior is what is said."""
    if not any(str(getattr(e, "target", "") or "").startswith("prior:") for e in evidence):
        return None
    return next((e.reason for e in evidence if e.name == LESIONS_EXHAUSTIVE and e.value is False), None)


def recist_bound_sentence(reason: str) -> str:
    """The clinical sentence for a RECIST response withheld because a lesion search is only a lower bound."""
    return f"RECIST 1.1 sums every target lesion on both studies, and {reason}"


def change_bound_sentence(quantity: str, reason: str) -> str:
    """The clinical sentence for a lesion change (count, total volume, largest diameter) withheld because a lesion
    search is only a lower bound: `quantity` is the change's key (`liver_lesion.lesion_count_change`)."""
    from knowledge.needs import quantity_phrase

    return f"a change in the {quantity_phrase(quantity).removesuffix(' change')} compares every lesion on both studies, and {reason}"


def labels_at_least(entry: Any, lower: float, quantity: str | None = None) -> list[str] | None:
    """The labels a criterion's scale gives to some value at or above `lower`, in band order: the one scale of a
    single-quantity criterion, or the scale of `quantity` (a criterion key) of an either/or one; None for a rule
    table (`combine: rules`) or a criterion of several quantities asked without naming one."""
    criterion = getattr(entry, "criterion", None)
    if criterion is None or criterion.combine == "rules":
        return None
    scales = [s for s in criterion.quantities if quantity is None or s.quantity == quantity]
    if len(scales) != 1 or quantity is None and len(criterion.quantities) != 1:
        return None
    return [b.label for b in scales[0].bands
            if b.upper is None or b.upper > lower or (b.upper == lower and b.closed_upper)]


def bounded_key(values: dict[str, Any], key: str) -> str | None:
    """The lower-bound key standing for a missing quantity `key`, when one was measured."""
    return f"{key}{LOWER_BOUND}" if key not in values and f"{key}{LOWER_BOUND}" in values else None


def bounded_quantity(entry: Any, values: dict[str, float], organ: str | None,
                     lesion: str | None) -> tuple[str, str, str | None] | None:
    """(criterion key, lower-bound key, target) of the one quantity of `entry` that is missing and stood in for by a
    measured lower bound; None when no quantity, or more than one, is bounded so (or the entry reads several
    structures)."""
    from knowledge.needs import criterion_targets

    targets = criterion_targets(entry, organ, lesion)
    if len(targets) != 1 or entry.criterion is None:
        return None
    required = entry.required_quantities(targets[0])
    bounded = [(key, stand_in, targets[0]) for key, wanted in zip(entry.criterion.quantity_keys, required, strict=True)
               if (stand_in := bounded_key(values, wanted)) is not None]
    return bounded[0] if len(bounded) == 1 else None


def bounded_label(entry: Any, values: dict[str, float], organ: str | None, lesion: str | None) -> str | None:
    """The one label a criterion gives every value of a missing quantity from its measured lower bound upward; None
    when the quantity is measured, no bound stands for it, or the bound leaves several labels open.

    A single-quantity criterion reads the bound alone. An either/or criterion (`combine: any` or `worst`: portal
    hypertension by the spleen's volume or the caudate/right-lobe ratio) is decided when the bound's own arm gives one
    label from it upward and the criterion, applied with the other arms' measured values, then gives one label: "at
    least 860 mL" of a spleen the scan cuts is portal hypertension whatever the liver's ratio (`Criterion.decide`
    settles on a positive arm), and a bound in the normal band decides nothing while the other arm is unmeasured.
    A predicted mask's imaged part (one carrying a plausible error) is no bound: a mask that leaked runs out of the
    scan too."""
    from knowledge.errors import KnowledgeError

    found = bounded_quantity(entry, values, organ, lesion)
    if found is None:
        return None
    key, stand_in, target = found
    if f"{stand_in.removesuffix(LOWER_BOUND)}{PLAUSIBLE_ERROR}" in values:
        return None  # a predicted mask at the scan's edge may have run out of it: no bound (suite AD predicted: a
        # spleen drawn 712 mL against 254, touching both ends, had been read as portal hypertension)
    labels = labels_at_least(entry, float(values[stand_in]), key if len(entry.criterion.quantities) > 1 else None)
    if labels is None or len(labels) != 1:
        return None
    if len(entry.criterion.quantities) == 1:
        return labels[0]
    wanted = stand_in.removesuffix(LOWER_BOUND)
    try:
        return entry.classify({**values, wanted: float(values[stand_in])}, target=target).label
    except KnowledgeError:  # another arm unmeasured or out of range: the bound does not decide
        return None
