"""Finding the entry that classifies a question subtype or a measured quantity."""

from __future__ import annotations

from collections.abc import Iterable

from core.anatomy import family as organ_family
from knowledge.criteria import GENERIC_TARGETS, QUANTITY_KEY
from knowledge.entry import KnowledgeEntry
from knowledge.errors import AmbiguousCriterionError, CriterionNotFoundError

__all__ = ["find_criteria", "find_criterion", "organ_family", "reads_key"]


RANGE_CHECK_TOPIC = "plausibility-"
"""Topic prefix of the physiological ranges that guard measurements (`plausible-*` entries): they
judge evidence, never answer a question, so criterion lookups skip them."""


def is_range_check(entry: KnowledgeEntry) -> bool:
    """Whether an entry is a plausibility range rather than a clinical criterion."""
    return bool(entry.topic and entry.topic.startswith(RANGE_CHECK_TOPIC))


def find_criteria(
    base: Iterable[KnowledgeEntry], subtype_or_quantity: str, organ: str | None = None
) -> list[KnowledgeEntry]:
    """Every entry with thresholds that serves a DeepTumorVQA subtype or reads a quantity key.

    Args:
        base: the entries to search (a `KnowledgeBase`).
        subtype_or_quantity: a subtype (`splenomegaly grading`, case-insensitive) or a quantity key
            (`spleen.volume_ml`; generic keys such as `lesion.tumor_burden_pct` match any lesion group).
        organ: keep only entries about this structure's organ (`kidney_left` matches `kidney`).
    """
    wanted = subtype_or_quantity.strip()
    with_criterion = [e for e in base if e.criterion is not None and not is_range_check(e) and e.refines is None]
    if QUANTITY_KEY.match(wanted):
        found = [e for e in with_criterion if any(reads_key(k, wanted) for k in e.criterion.quantity_keys)]  # type: ignore[union-attr]
    else:
        found = [e for e in with_criterion if wanted.lower() in (s.lower() for s in e.question_subtypes)]
    if organ is not None:
        family = organ_family(organ)
        found = [e for e in found if not e.organs or family in e.organs]
    return found


def find_criterion(
    base: Iterable[KnowledgeEntry], subtype_or_quantity: str, organ: str | None = None
) -> KnowledgeEntry:
    """The one entry that classifies a subtype or quantity (see `find_criteria`).

    For a quantity, entries reading fewer quantities are preferred (the direct criterion over a
    composite one such as portal hypertension).

    Raises:
        CriterionNotFoundError: no entry matches.
        AmbiguousCriterionError: several entries match equally; pass `organ` or a subtype.
    """
    found = find_criteria(base, subtype_or_quantity, organ)
    if not found:
        raise CriterionNotFoundError(f"no criterion for {subtype_or_quantity!r}" + (f" on {organ!r}" if organ else ""))
    if QUANTITY_KEY.match(subtype_or_quantity.strip()):
        fewest = min(len(e.criterion.quantities) for e in found)  # type: ignore[union-attr]
        found = [e for e in found if len(e.criterion.quantities) == fewest]  # type: ignore[union-attr]
    if len(found) > 1:
        raise AmbiguousCriterionError(
            f"{subtype_or_quantity!r} is classified by {[e.id for e in found]!r}; "
            "narrow it with organ= or ask by question subtype"
        )
    return found[0]


def reads_key(entry_key: str, wanted: str) -> bool:
    """Whether a criterion's quantity key (`lesion.tumor_burden_pct`, generic or concrete) reads the concrete key
    `wanted` (`pancreas_lesion.tumor_burden_pct`)."""
    if entry_key == wanted:
        return True
    head, name = entry_key.split(".", 1)
    w_head, w_name = wanted.split(".", 1)
    if head not in GENERIC_TARGETS or name != w_name:
        return False
    if head == "organ":
        return "lesion" not in w_head
    return "lesion" in w_head if head == "lesion" else organ_family(w_head) == head
