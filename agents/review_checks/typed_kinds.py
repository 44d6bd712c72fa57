"""The lesion kind asked is the kind measured: a tumour's size is not a cyst's.

"What is the size of the kidney tumour?" on a kidney holding only a simple cyst answered "24.5 mm" gives the cyst's
diameter: the group's largest lesion (`kidney_lesion.largest_lesion_*`) lies in the `kidney_cyst` mask
(`largest_lesion_mask`). Which mask holds which kind is `questions.resolve.TYPED_MASK`, the table understanding plans
the typed quantities from; a value of the group's largest lesion answers a question naming one kind only when that
lesion lies in that kind's mask.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput
from core.case import Evidence
from questions.intents import extract
from questions.resolve import TYPED_MASK


def other_kind_given(review: ReviewInput, given: list[Evidence]) -> str | None:
    """Why the values `given` are of another lesion kind than the one the question or the answer names; None when
    they are not."""
    said = named_kind_of_other_mask(review, given)
    if said is not None:
        return said
    group = review.intent.lesion
    kinds = list(dict.fromkeys(extract(review.question or "").lesion_kinds))
    if group is None or len(kinds) != 1:
        return None
    asked = TYPED_MASK.get((group, kinds[0]))
    held = review.by_key.get(f"{group}.largest_lesion_mask")
    if asked is None or held is None or not isinstance(held.value, str) or held.value == asked:
        return None
    largest = [e for e in given if e.target == group and e.name.startswith("largest_lesion_")]
    if not largest:
        return None
    return (f"the question asks about the {kinds[0]}, but {largest[0].id!r} is the largest {group.replace('_', ' ')}, "
            f"which lies in the {held.value} mask")


def named_kind_of_other_mask(review: ReviewInput, given: list[Evidence]) -> str | None:
    """Why the answer names one lesion kind ("kidney solid tumor count 1") for values measured on another kind's mask
    (`kidney_cyst.lesion_count`); None when it names none, several, or the kind measured."""
    from agents.review_checks.clauses import clauses, denies
    from agents.review_checks.tissue_words import HELD_AGAINST_WORDS

    claim = re.sub(rf"{HELD_AGAINST_WORDS}(?:simple[- ])?cyst(?:ic)?[- ]?\w*", " ", review.claim_text,
                   flags=re.IGNORECASE)  # "above the simple-cyst range": held against, not named
    kinds = set(extract(claim).lesion_kinds)
    if not extract(" ".join(c for c in clauses(review.claim_text) if not denies(c))).lesion_kinds:
        return None  # the one kind named is denied ("15.8 HU; no solid component"): no kind is claimed
    masks = {e.target for e in given if e.target in _KIND_OF_MASK}
    if len(kinds) != 1 or len(masks) != 1:
        return None
    kind, mask = kinds.pop(), masks.pop()
    if kind not in _KIND_OF_MASK.values() or kind == _KIND_OF_MASK[mask]:
        return None
    if _KIND_OF_MASK[mask] in extract(review.question or "").lesion_kinds and all(e.name.startswith(("lesion_count", "count_in_"))
                                                                              for e in given if e.target == mask):
        return None  # "How many tumours in the right kidney?" "None — it holds only a cyst": the other kind an aside
    return f"the answer names a {kind}, but the value it gives is measured on the {mask} mask"


_KIND_OF_MASK = {mask: kind for (_, kind), mask in TYPED_MASK.items()}
"""A typed lesion mask -> the lesion kind it holds (`kidney_cyst` -> `cyst`)."""


def kind_of_item(review: ReviewInput, e: Evidence) -> str | None:
    """The lesion kind an item measures, where the evidence says: a typed mask's own items (`kidney_tumor.*` ->
    tumor), and the group's largest lesion (`kidney_lesion.largest_lesion_*`, `kidney_lesion_1.*`: components are
    numbered largest first) by the mask that holds it (`largest_lesion_mask`); None otherwise."""
    if e.target in _KIND_OF_MASK:
        return _KIND_OF_MASK[e.target]
    group = re.sub(r"_1$", "", e.target or "")
    if group == e.target and not e.name.startswith("largest_lesion_"):
        return None
    held = review.by_key.get(f"{group}.largest_lesion_mask")
    return _KIND_OF_MASK.get(held.value) if held is not None and isinstance(held.value, str) else None


def said_of_other_kind(review: ReviewInput, e: Evidence, words: str) -> bool:
    """Whether the words name one lesion kind ("kidney cyst of 29.5 mL") and the item measures another, or measures
    the whole lesion group (`volume_in_kidney_right`) where that kind's own mask is measured."""
    kinds = set(extract(words).lesion_kinds)
    if len(kinds) != 1 or kinds == {"lesion"}:
        return False  # "1 lesion, 42.4 mm": a lesion of any kind
    kind = kind_of_item(review, e)
    if kind is not None:
        return kind not in kinds
    if re.search(r"_lesion_\d+$", e.target or ""):
        return False  # one lesion whose kind no mask settles: not a size of the whole group
    group = e.target or ""
    mask = TYPED_MASK.get((group, *kinds))
    return mask is not None and not e.name.startswith(("lesion_count", "count_in_")) and any(
        other.target == mask for other in review.evidence)  # a size of the whole group, where the kind's own is measured

__all__ = ["kind_of_item", "named_kind_of_other_mask", "other_kind_given", "said_of_other_kind"]
