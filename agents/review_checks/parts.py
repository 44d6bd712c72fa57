"""Parts: every part of a multi-part question is answered with its own evidence, or the missing part is named.

"How large is the largest lesion, and in which segment?" answered with the diameter alone leaves the
segment unanswered, even when the location item is cited: citing is not stating. A part is answered
by its own value (a number matching that part's own cited item), its own criterion's category or
yes/no, or the place or side it asks; a further category or yes/no part is recomputed from its own
criterion (a grade one step off under the right headline is a finding).
"""

from __future__ import annotations

import re

from agents.review_checks.asked import lost_parts
from agents.review_checks.base import ReviewInput, failed, numeric, passed, stated_numbers
from agents.review_checks.clauses import clauses, denies
from agents.review_checks.lesion_places import LOBE
from agents.review_checks.meaning import COMPARING
from agents.review_checks.numbers import states_value
from agents.review_checks.part_yes_no import said_yes_no
from core.anatomy import lesion_group
from core.case import Check
from core.tasks import REGISTRY, Task, expand_quantities, further_part_quantities
from questions.intents import extract, locations_of
from questions.intents.answers import NEGATIVE_LABEL, labels_in, yes_no
from questions.resolve import TYPED_MASK


def parts(review: ReviewInput) -> Check:
    """Every part of a multi-part question is answered with its own evidence, or the missing part is named.

    With further parts, the first part is held to the same rule: "Is the spleen enlarged, and is the
    liver fatty?" answered on the liver alone leaves the spleen unanswered, however many yes/no it says.
    """
    name = "parts"
    from agents.review_checks.polarity import claims_finding

    moot = review.intent.task.endswith("existence") and claims_finding(review) is False or _no_lesion_cited(review)
    asked = [review.intent.task, *review.intent.parts] if review.intent.parts else []
    missing = [part for part in asked
               if not (moot and part != review.intent.task and REGISTRY[part].lesion)
               and not _answers_part(review, part)]
    if missing:
        return failed(name, f"the question also asks {' and '.join(repr(p) for p in missing)}, which the answer "
                            "does not address", "reasoner")
    lost = lost_parts(review)  # a part the question's words ask, whatever the parse made of them
    if lost:
        return failed(name, "; ".join(lost), "reasoner")
    wrong = _part_polarity(review) or _part_category(review) or _part_place(review) or _part_segments(review)
    if wrong is not None:
        return failed(name, wrong, "reasoner")
    return passed(name, f"{1 + len(review.intent.parts)} part(s) answered")


LESION_AMOUNTS = ("lesion_count", "total_lesion_volume_ml", "volume_in_")


def _no_lesion_cited(review: ReviewInput) -> bool:
    """Whether the cited lesion amounts are all zero ("0 mL of lesion in either kidney"): a lesion's place or size
    asked beside them is moot."""
    amounts = [value for e in review.cited if e.name.startswith(LESION_AMOUNTS) and (value := numeric(e)) is not None]
    return bool(amounts) and all(value == 0 for value in amounts)


def _part_polarity(review: ReviewInput) -> str | None:
    """A further yes/no part's yes or no against its own deciding criterion, recomputed (its own polarity:
    "..., and is the spleen of normal size?" is *no* on splenomegaly). None when it agrees or cannot be told."""
    from agents.review_checks.rules import expected_label
    from knowledge import KnowledgeError

    asked = [p for p in review.intent.parts if REGISTRY.get(p) is not None and (REGISTRY[p].form == "yes_no" or (
        REGISTRY[p].form == "category" and _has_negative_label(review, p)))]  # "is it fatty?": no is 'no fatty liver'
    said = [s for s in map(said_yes_no, re.split(r"(?<=[.;])\s+", review.claim_text)) if s is not None]
    if REGISTRY.get(review.intent.task) is not None and REGISTRY[review.intent.task].form == "yes_no":
        said = said[1:]  # the first yes/no answers the first part
    if len(asked) != 1 or not said:
        return None
    part, spec = asked[0], REGISTRY[asked[0]]
    wanted = spec.criterion(review.intent.organ or review.intent.lesion)
    entry = next((e for e in review.criterion_entries() if e.criterion is not None and e.id == wanted), None)
    if entry is None:
        return None
    try:
        label = expected_label(review, entry)
    except KnowledgeError:
        return None
    negated = part in review.intent.negated_parts
    if negated and "normal" in entry.criterion.labels:  # "within the normal range?" is *no* for small as for enlarged
        expected = label == "normal"
    else:
        fixed = spec.organ is not None and not any("{" in q for q in spec.quantities)  # as the reasoner's part_intent
        same_organ = (spec.organ if fixed else review.intent.organ) == review.intent.organ
        size = review.intent.size_asked if same_organ else None  # "..., and is the liver atrophic?"
        expected = spec.says_yes(label, entry.criterion.labels, size) != negated
    if said[0] == expected:
        return None
    asked_as = "asked in the negative, " if part in review.intent.negated_parts else ""
    return (f"answers {'yes' if said[0] else 'no'} to the {part!r} part ({asked_as}{entry.id} gives {label!r} on the "
            f"measured values): the answer should be {'yes' if expected else 'no'}")


def _has_negative_label(review: ReviewInput, part: str) -> bool:
    """Whether the criterion deciding a category part has a label of the finding absent ("no fatty liver"): a yes/no
    then answers it (a lesion type's "cyst" or "solid" is no absence: "is it a cyst?" is yes on 'cyst')."""
    wanted = REGISTRY[part].criterion(review.intent.organ or review.intent.lesion)
    entry = review.base.get(wanted) if wanted and wanted in review.base else None
    return entry is not None and entry.criterion is not None and any(NEGATIVE_LABEL.match(lab) for lab in entry.criterion.labels)


def _part_category(review: ReviewInput) -> str | None:
    """A further category part's stated category against its own criterion, recomputed ("Yes, splenomegaly.
    Mild." for a moderate spleen). None when it agrees, is not stated, or cannot be told."""
    from agents.review_checks.rules import CLOSING, expected_label
    from knowledge import KnowledgeError

    for part in review.intent.parts:
        spec = REGISTRY.get(part)
        if spec is None or spec.form != "category":
            continue
        wanted = spec.criterion(review.intent.organ or review.intent.lesion)
        entry = next((e for e in review.criterion_entries() if e.criterion is not None and e.id == wanted), None)
        if entry is None:
            continue
        stated = labels_in(review.claim_text, entry.criterion.labels)
        closing = CLOSING.search(review.claim_text)  # "... no steatosis. Impression: mild hepatic steatosis."
        stated = (labels_in(review.claim_text[closing.end():], entry.criterion.labels) if closing else []) or stated
        try:
            label = expected_label(review, entry)
        except KnowledgeError:
            continue
        if stated and label not in stated:
            return f"states {stated[0]!r} for the {part!r} part, but {entry.id} gives {label!r} on the measured values"
    return None


def _part_place(review: ReviewInput) -> str | None:
    """A further location part's stated place against the largest lesion's measured one ("26.8 mm, in segment
    VII" for a lesion in segment 6). None when it agrees or nothing is stated or measured."""
    located = [p for p in review.intent.parts if REGISTRY.get(p) is not None and REGISTRY[p].handler == "location"
               and p != "adjacent organ"]
    item = review.by_key.get(f"{review.intent.lesion}_1.location") if located else None
    if item is None:
        return None
    stated = _placed(review.claim_text) - {"kidney_left", "kidney_right"}
    measured = set(locations_of(str(item.value)))
    spread = review.by_key.get(f"{review.intent.lesion}_1.locations")  # every sub-segment holding > 10 % of it
    if spread is not None and measured <= stated:
        measured |= set(locations_of(str(spread.value)))  # "segment 7, extending into segment 6": the main one and more
    if stated and measured and not stated <= measured:
        return f"states {sorted(stated)!r} for the location part, but {item.id!r} is {item.value!r}"
    return None


def _part_segments(review: ReviewInput) -> str | None:
    """A further "in which segment?" part's segments against the cited per-segment counts or volumes: a segment
    named (not denied) that holds no lesion ("2 lesions, both in segment VIII" with both in segment 7). None when
    it agrees or nothing per segment is cited."""
    if not any(REGISTRY.get(p) is not None and REGISTRY[p].handler == "segment_comparison"
               for p in review.intent.parts):
        return None
    held = {str(e.provenance.location): float(e.value) for e in review.cited  # type: ignore[arg-type]
            if e.name.startswith(("count_in_", "volume_in_")) and isinstance(e.value, int | float)
            and str(e.provenance.location or "").startswith("liver_segment_")}
    if not held:
        return None
    stated = {place for place in _placed(review.claim_text) if place.startswith("liver_segment_")}
    empty = sorted(place for place in stated if held.get(place, 0.0) == 0.0)
    if empty:
        full = sorted(place for place, value in held.items() if value > 0)
        return f"places lesions in {empty!r} for the segment part, but the cited lesions lie in {full!r}"
    return None


def _placed(text: str) -> set[str]:
    """The places the text puts a lesion in: named in clauses that deny nothing, spare nothing and count no zero
    ("count in segment 1: 0" places nothing)."""
    placing = [c for c in clauses(LOBE.sub(" ", text))
               if not denies(c) and not re.search(r"\bspared\b", c, re.IGNORECASE)
               and not any(m.value == 0 for m in stated_numbers(c))]
    return {place for clause in placing for place in locations_of(clause)}


def _part_keys(review: ReviewInput, part: str) -> tuple[set[str], set[str]]:
    """(quantity keys, criterion entry ids) that answer one part: its own organ's, or the question's."""
    spec = REGISTRY[part]
    keys: set[str] = set()
    entries: set[str] = set()
    for organ in dict.fromkeys(o for o in (spec.organ, review.intent.organ) if o):
        lesion = review.intent.lesion or lesion_group(organ)
        keys |= set(spec.expand(organ, lesion))
        entries |= {entry} if (entry := spec.criterion(organ)) else set()
    if part != review.intent.task and spec.form == "number":  # "... and its mean attenuation": the mass's own
        keys |= set(further_part_quantities(review.intent))
    if part == review.intent.task and review.intent.quantities and not keys & set(review.intent.quantities):
        keys.add(review.intent.quantities[0])  # the first part's own key as understanding read it ("the attenuation
        # of the renal lesion in HU" is the lesion's mean HU, not the organ's)
    if spec.handler in _EXISTENCE:  # "Is there a renal tumour?": the kind's own mask counts it, not only the group
        keys |= {f"{typed}.lesion_count" for typed in _typed_masks(review, spec)}
    return keys, entries


_EXISTENCE = {"lesion_existence", "kidney_lesion_type_existence"}
"""The handlers whose part asks whether a lesion (of a kind) is there."""


def _typed_masks(review: ReviewInput, spec: Task) -> list[str]:
    """The AbdomenAtlas masks holding the one lesion kind the question names in the part's lesion group
    (`kidney_tumor` for "Is there a renal tumour?"), from `questions.resolve.TYPED_MASK`; empty when it names none
    or several kinds."""
    kinds = list(dict.fromkeys(extract(review.question or "").lesion_kinds))
    groups = {g for g in (review.intent.lesion, lesion_group(spec.organ or review.intent.organ)) if g}
    return [TYPED_MASK[(g, kinds[0])] for g in sorted(groups) if len(kinds) == 1 and (g, kinds[0]) in TYPED_MASK]


def _answers_part(review: ReviewInput, part: str) -> bool:
    """Whether the answer addresses one part with that part's own evidence or its own criterion's words."""
    spec = REGISTRY.get(part)
    if spec is None:
        return False
    text = review.claim_text
    keys, entry_ids = _part_keys(review, part)
    own = [e for e in review.cited if f"{e.target}.{e.name}" in keys]
    labels = [lab for entry_id in entry_ids if entry_id in review.base
              for lab in (review.base.get(entry_id).criterion.labels if review.base.get(entry_id).criterion else [])]
    if labels and labels_in(text, labels):
        return True
    if spec.handler == "location":  # the place stated, not only cited
        return bool(locations_of(text)) or (spec.name == "adjacent organ" and any(
            e.name == "adjacent_organs" for e in review.cited))
    if spec.handler in COMPARING:  # "Right kidney; 24.3 mm": the side or place named is the comparison's answer
        return bool(re.search(r"\b(left|right|neither|symmetric\w*|equal)\b", text.lower()) or locations_of(text))
    if spec.handler == "lesion_existence":  # a measured size of the lesion asked says it exists
        lesion = review.intent.lesion or lesion_group(spec.organ or review.intent.organ)
        measured = [e for e in review.cited if lesion and (e.target or "").startswith(lesion) and numeric(e)]
        if measured and stated_numbers(text):
            return True
    if spec.form == "number":  # a number that is this part's own value, not another part's
        if spec.quantities and "ratio" in spec.quantities[0]:  # a ratio part is answered by the ratio, not its inputs
            ratio = {k for o in (spec.organ, review.intent.organ) if o
                     for k in expand_quantities(spec.quantities[:1], o, None)}
            own = [e for e in own if f"{e.target}.{e.name}" in ratio]
        return any(states_value(m, e) for m in stated_numbers(text) for e in own if numeric(e) is not None)
    if part == review.intent.task and review.intent.polar and yes_no(text.lstrip(" .:")) is not None:
        return bool(own or {e.provenance.entry_id for e in review.cited if e.kind == "criterion"} & entry_ids)
    cited_criteria = {e.provenance.entry_id for e in review.cited if e.kind == "criterion"}
    if spec.form == "category" and cited_criteria & entry_ids and any(NEGATIVE_LABEL.match(lab) for lab in labels) and \
            any(said_yes_no(piece) is False for piece in re.split(r"[.;]\s+", text)):
        return True  # "..., and is it fatty?" answered "No. Liver 60 HU ...": the criterion's negative label, said as
        # a no (a yes still names its category: "what grade?" is not answered by "Yes")
    if spec.form == "yes_no" and cited_criteria & entry_ids and \
            any(said_yes_no(piece) is not None for piece in re.split(r"[.;]\s+", text)):
        return True
    if spec.form == "yes_no":
        return bool(own) and any(said_yes_no(piece) is not None for piece in re.split(r"[.;]\s+", text))
    return bool(own) and bool(labels_in(text, labels)) if labels else bool(own)

