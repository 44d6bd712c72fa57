"""A quantity known only from below: an organ cut by the scan's edge is at least the size measured.

A single-quantity criterion can still be decided by such a bound when every value from it upward falls in
bands that answer the same way ("at least 979 mL" is severe splenomegaly whatever the rest of the spleen
holds). The reasoner and the reviewer both read `labels_at_least`, so they cannot disagree on it.
"""

from __future__ import annotations

from typing import Any

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


def labels_at_least(entry: Any, lower: float) -> list[str] | None:
    """The labels a single-quantity criterion gives to some value at or above `lower`, in band order; None when the
    entry reads several quantities (a bound on one of them does not bound the rule's outcome)."""
    criterion = getattr(entry, "criterion", None)
    if criterion is None or len(criterion.quantities) != 1 or criterion.combine == "rules":
        return None
    scale = criterion.quantities[0]
    return [b.label for b in scale.bands
            if b.upper is None or b.upper > lower or (b.upper == lower and b.closed_upper)]


def bounded_key(values: dict[str, Any], key: str) -> str | None:
    """The lower-bound key standing for a missing quantity `key`, when one was measured."""
    return f"{key}{LOWER_BOUND}" if key not in values and f"{key}{LOWER_BOUND}" in values else None


def bounded_label(entry: Any, values: dict[str, float], organ: str | None, lesion: str | None) -> str | None:
    """The one label a single-quantity criterion gives every value from the quantity's lower bound upward, when its
    own value is missing and a bound was measured; None when the quantity is measured, no bound stands for it, or
    the bound leaves several labels open."""
    from knowledge.needs import criterion_targets

    targets = criterion_targets(entry, organ, lesion)
    if len(targets) != 1 or entry.criterion is None or len(entry.criterion.quantity_keys) != 1:
        return None
    stand_in = bounded_key(values, entry.required_quantities(targets[0])[0])
    labels = labels_at_least(entry, float(values[stand_in])) if stand_in is not None else None
    return labels[0] if labels is not None and len(labels) == 1 else None
