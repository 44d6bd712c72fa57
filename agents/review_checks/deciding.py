"""The reason a category answer gives is its deciding criterion's own quantity, on the measured side of the cut.

Two ways a right category is justified wrongly:
- by a measurement the cited criterion does not read, with none that it does: "Yes, splenomegaly: the spleen's
  attenuation is 49.9 HU" (splenomegaly is decided by the volume); "No fatty liver: the spleen volume is 659.9 mL";
  the measurement need not be cited: the same organ's other value measured is enough ("normal: the liver's
  attenuation of 59.9 HU is in the normal range", citing only the volume);
- by the criterion's own quantity put on the wrong side of its cut: "fatty liver, because the liver/spleen ratio is
  above 1.0" when the measured ratio is 0.60 (the number is a band limit of a cited criterion; the quantity is
  that criterion's scale of the limit's unit; its measured value must lie on the side said).
A requirement ("PD needs above 20 %", "would have to exceed", "if below") states no side of the measured value and
is not read; a question that states its own cut-off is left to `stated.stated_threshold`.
"""

from __future__ import annotations

import re

from agents.review_checks.base import (
    RULE_STATED,
    ReviewInput,
    failed,
    items_stating,
    numeric,
    passed,
    stated_numbers,
    target_families,
)
from agents.review_checks.recompute import derivation_inputs
from core.case import Check
from core.tasks import REGISTRY, value_key
from knowledge.bounds import LOWER_BOUND
from questions.intents.answers import EVIDENCE_DIMENSION, numbers_in

SIDE = re.compile(r"\b(?P<word>above|over|exceed(?:s|ing)?|greater than|more than|higher than|below|under|less than|"
                  r"lower than|beneath)\s+(?:the\s+|a\s+)?$", re.IGNORECASE)
UP = ("above", "over", "exceed", "greater", "more", "higher")
HYPOTHETICAL = re.compile(r"\b(needs?|needed|requires?|required|would|must|should|if|when|unless|defin\w*|cut-?off|"
                          r"threshold|limit|not|n't|never|no longer)\b", re.IGNORECASE)


def _deciding(review: ReviewInput) -> list:
    """(criterion scales) of the cited criteria."""
    return [scale for entry in review.criterion_entries() if entry.criterion for scale in entry.criterion.quantities]


SHARE_WORDS = {"top_two_segments_pct": r"\b(?:two|2)\s+(?:busiest|top|fullest)\b|\btop\s+two\b|\btwo\s+segments\b",
               "top_segment_pct": r"\b(?:busiest|top|fullest|main)\s+segment\b(?!s)|\bone\s+segment\b"}
"""The words that name a clustering share ("the two busiest hold 100 %", "the busiest segment 50 %"): a share said
after them is that finding, not a lesion's own share of the same size."""


def _undecided_reason(review: ReviewInput, scales: list) -> str | None:
    """The measured value stated as the reason when no cited criterion reads it and no value it reads is stated."""
    read = {scale.quantity for scale in scales}
    read |= {f"{e.target}.{e.name}" for q in read if (e := review.by_key.get(q)) is not None}  # the lesion asked
    read |= _found_readings(review, read)
    names = {quantity.split(".", 1)[-1] for quantity in read}  # "lesion.<name>": the criterion's any-lesion quantity
    inputs = [i for e in review.cited if e.name in names for i in (
        *derivation_inputs(e, review.by_id), *(review.by_id.get(x) for x in e.provenance.inputs or []))]
    read |= {f"{i.target}.{i.name}" for i in inputs if i is not None}  # "hypoattenuating (20 HU vs the liver's 60 HU)": the
    # inputs of a derived deciding quantity (the lesion-organ difference in organ SDs) are its reason too
    measured = [e for e in review.cited if e.kind == "measurement" and numeric(e) is not None and e.target]
    read |= {f"{e.target}.{e.name}" for e in measured if any(f"{f}.{e.name}" in read for f in target_families(e.target))}
    # "left kidney 114.9 mL" where the criterion reads kidney.volume_ml: the kidney asked is that criterion's kidney
    organs = {quantity.split(".", 1)[0] for quantity in read}
    uncited = [e for e in review.evidence if e.kind == "measurement" and e.target in organs and e not in measured
               and numeric(e) is not None and f"{e.target}.{e.name.removesuffix(LOWER_BOUND)}" not in read]
    deciding = [e for e in review.cited if numeric(e) is not None and e.target
                and f"{e.target}.{e.name.removesuffix(LOWER_BOUND)}" in read]  # a cited finding the criteria read too
    own, other = [], []
    for mention in stated_numbers(review.claim_text):
        if mention.unit is None:
            return None  # a ratio or a count: which quantity it is, the grounding checks decide
        before = review.claim_text[max(0, mention.start - 30):mention.start]
        if any(re.search(words, before, re.IGNORECASE) for e in items_stating(mention, deciding)
               if (words := SHARE_WORDS.get(e.name))):  # "two busiest 100 %": the cited top-two share, though a
            own.append(mention)  # lesion's own share is 100 % too
            continue
        items = items_stating(mention, measured) or items_stating(mention, uncited)  # the same organ's other value
        if any(f"{e.target}.{e.name.removesuffix(LOWER_BOUND)}" in read for e in items):  # a bound is its quantity
            own.append(mention)
        elif items:
            other.append((mention, items[0]))
    if own or not other:
        return None
    mention, item = other[0]
    wanted = sorted(read)
    return (f"gives {review.claim_text[mention.start:mention.end]!r} ({item.target}.{item.name}) as the reason, but "
            f"the cited criteria decide by {', '.join(wanted)}, of which the answer states no value")


def _found_readings(review: ReviewInput, read: set[str]) -> set[str]:
    """Each found lesion's own reading (`kidney_lesion_1.mean_hu`) of a largest-lesion quantity the criteria read,
    when the group's lesions are only a lower bound (no `lesion_count`, a `lesion_count_lower_bound`): there is no
    largest lesion then, and the criterion is applied to the lesions found (`typed_lesions._found_of_kind`)."""
    out = set()
    for quantity in read:
        group, _, name = quantity.partition(".largest_lesion_")
        if name and f"{group}.lesion_count" not in review.by_key and \
                f"{group}.lesion_count_lower_bound" in review.by_key:
            out |= {f"{e.target}.{e.name}" for e in review.cited
                    if e.name == name and re.fullmatch(rf"{re.escape(group)}_\d+", str(e.target))}
    return out


def _wrong_side(review: ReviewInput, scales: list) -> str | None:
    """A criterion's own quantity said to lie above or below one of its limits on which it was not measured."""
    text = review.claim_text
    for mention in numbers_in(text):
        side = SIDE.search(text[max(0, mention.start - 30):mention.start])
        if side is None:
            continue
        clause = text[max(0, text.rfind(".", 0, mention.start), text.rfind(";", 0, mention.start)):mention.start]
        if HYPOTHETICAL.search(clause) or HYPOTHETICAL.search(text[mention.end:mention.end + 18]) or \
                RULE_STATED.search(text[max(0, mention.start - 60):mention.end]):
            continue
        converted = mention.in_evidence_unit()
        dimension, limit = converted if converted else (None, mention.value)
        up = side.group("word").lower().startswith(UP)
        found = []  # (scale, measured value) of each scale with this limit
        for scale in scales:
            unit = EVIDENCE_DIMENSION.get(scale.unit)
            if unit != dimension and not (dimension is None and scale.unit == "ratio"):
                continue
            limits = {float(v) for band in scale.bands for v in (band.lower, band.upper) if v is not None}
            value = review.number(scale.quantity)
            if value is not None and any(abs(limit - v) <= mention.tolerance for v in limits):
                found.append((scale, value))
        named = [(s, v) for s, v in found if _names_quantity(clause, s.quantity)]  # "encases the SMA for 360°, more
        # than 180°": the SMA's contact, not the celiac trunk's beside it in the same criterion
        pool = named or found
        wrong = [(s, v) for s, v in pool if (up and v < limit) or (not up and v > limit)]
        if wrong and len(wrong) == len(pool):
            scale, value = wrong[0]
            return (f"says {scale.quantity} is {side.group('word')} {text[mention.start:mention.end]}, but it "
                    f"was measured {value:.2f}")
    return None


GENERIC_NAME_WORDS = frozenset({"contact", "deg", "volume", "ml", "mm", "hu", "mean", "lesion", "ratio", "pct", "largest",
                                "count", "diameter", "total", "change"})


def _names_quantity(clause: str, quantity: str) -> bool:
    """Whether the clause names what a criterion quantity is of by its own words (`sma` of `pancreas_lesion.sma_contact_deg`)."""
    words = [w for w in re.split(r"[._/]", quantity.split(".", 1)[-1]) if len(w) >= 2 and w not in GENERIC_NAME_WORDS]
    return any(re.search(rf"\b{re.escape(w)}\b", clause, re.IGNORECASE) for w in words)


def deciding_reason(review: ReviewInput) -> Check:
    """A category's stated reason is its deciding criterion's quantity, on the side of the cut it was measured."""
    name = "deciding_reason"
    spec = REGISTRY.get(review.intent.task)
    if review.answer is None or spec is None or spec.form == "number" or \
            value_key(review.intent, review.choice_set.form if review.choice_set is not None else None) is not None or \
            numbers_in(review.question or ""):
        return passed(name, "no category decided by a cited criterion")
    scales = _deciding(review)
    if not scales:
        return passed(name, "no cited criterion")
    problem = _undecided_reason(review, scales) or _wrong_side(review, scales)
    if problem:
        return failed(name, problem, "reasoner")
    return passed(name, "the stated reason is the deciding criterion's quantity on its measured side")
