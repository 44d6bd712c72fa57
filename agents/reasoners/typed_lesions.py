"""Kidney lesions of one kind (a cyst, a solid tumour): whether one exists, and the size of the one found.

A kind exists when its own mask counts one, or when a kidney lesion classifies as one by its attenuation; it is
absent only when every kidney lesion is classified and the kind's own mask is not unknown (a classical search that
wrote no cyst mask leaves a cyst unknown, not absent).

"Is there a tumor in either kidney? If so, how large is it?": "it" is the tumour found.

When a lesion mask of the group is unknown (the classical search wrote no kidney cyst mask), the group's largest
lesion is unknown too: a missed cyst could be larger. The question's "it" is not the group's largest, though, but
the lesion of the kind it asked about; when the group's largest lesion measured comes from that kind's own mask,
its size is the size of the largest one found, and the answer says that lesions the search may miss are not
measured. Otherwise nothing is said (the part stays unanswered and the reviewer names it).
"""

from __future__ import annotations

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft, describe, lesion_bound, need, number, show
from agents.reasoners.derive import instances
from agents.reasoners.handlers import apply, criterion_evidence_id, entry_reading, yes_no
from core.case import Evidence
from core.state import Intent
from core.tasks import REGISTRY

TYPED_MASK = {"kidney tumor existence": "kidney_tumor", "kidney cyst existence": "kidney_cyst"}
"""The mask of the lesion kind each typed existence task asks about."""


def found_lesion_size(task: ReasonerInput, part: Intent) -> Draft | None:
    """The size part answered with the largest lesion found of the kind asked, or None when it cannot be."""
    typed = TYPED_MASK.get(task.intent.task)
    spec = REGISTRY.get(part.task)
    if typed is None or spec is None or spec.form != "number" or len(part.quantities) != 1:
        return None
    key = part.quantities[0]
    group = key.split(".", 1)[0]
    known = task.by_key()
    mask, item = known.get(f"{group}.largest_lesion_mask"), known.get(key)
    if mask is None or str(mask.value) != typed or item is None or not isinstance(item.value, int | float):
        return None
    kind = typed.replace("_", " ")
    return Draft("number", show(number(item), item.unit, part.unit),
                 f"the largest {kind} found ({describe(item)}); a lesion the search did not find is not measured",
                 [item.id, mask.id], values=[number(item)], unit=item.unit)


def kidney_lesion_type_existence(task: ReasonerInput) -> Draft:
    """A kidney cyst (or solid tumour) exists when its own mask counts one or a kidney lesion classifies as one by
    its attenuation; it is absent when no lesion is one and its own mask is known."""
    want = "cyst" if "cyst" in task.intent.task else "solid tumor"
    mask = "kidney_cyst" if want == "cyst" else "kidney_tumor"
    known = task.by_key()
    group = known.get("kidney_lesion.lesion_count")
    typed = known.get(f"{mask}.lesion_count")
    if typed is not None:
        return yes_no(number(typed) > 0, describe(typed), [typed.id, *([group.id] if group is not None else [])])
    bound = lesion_bound(task, "kidney_lesion.lesion_count") if group is None else None
    if bound is not None:  # the search found some lesions, not all: a found one of the kind says yes, none says nothing
        return _found_of_kind(task, want, bound)
    count = need(task, "kidney_lesion.lesion_count")
    unknown = next((e for e in task.evidence if e.kind == "segmentation" and e.name == "present" and e.target == mask
                    and e.value is None), None)
    if number(count) == 0 and unknown is None:
        return yes_no(False, describe(count), [count.id])
    entry = entry_reading(task, "kidney_lesion.largest_lesion_mean_hu", {"cyst", "solid tumor"})
    lesions = instances(known, "kidney_lesion")
    hus = [(f"kidney_lesion_{i}", parts["mean_hu"]) for i, parts in lesions.items() if "mean_hu" in parts]
    if len(hus) < number(count):
        hus = [("kidney_lesion", need(task, "kidney_lesion.largest_lesion_mean_hu"))] if number(count) else []
    key = entry.criterion.quantity_keys[0]
    found, ids, parts = False, [count.id], []
    for _, item in hus:
        result, _, _ = apply(task, entry, None, {key: number(item)})
        parts.append(f"{describe(item)} ({result.matched[0].band.describe('HU')}: {result.label})")
        ids.append(item.id)
        found = found or result.label == want
    if not found and unknown is not None:
        raise InsufficientEvidence(f"no kidney lesion found is a {want}, but {unknown.reason or 'its mask is unknown'}",
                                   agent="segmentation", missing=[f"{mask}.lesion_count"])
    if not found and len(hus) != number(count):
        raise InsufficientEvidence("only the largest kidney lesion's attenuation is measured", agent="measurement",
                                   missing=["kidney_lesion_N.mean_hu"])
    criterion_id = criterion_evidence_id(task, entry.id)
    ids += [criterion_id] if criterion_id else []
    statement = f"{describe(count)}; " + "; ".join(parts) + f" by {entry.id}"
    return yes_no(found, statement, ids, label=want if found else None, criterion_id=entry.id)


def _found_of_kind(task: ReasonerInput, want: str, bound: Evidence) -> Draft:
    """Yes when a kidney lesion the search found classifies as `want` by its attenuation; otherwise the count's
    lower bound leaves it open (`InsufficientEvidence` with the search's reason)."""
    entry = entry_reading(task, "kidney_lesion.largest_lesion_mean_hu", {"cyst", "solid tumor"})
    key = entry.criterion.quantity_keys[0]
    for parts in instances(task.by_key(), "kidney_lesion").values():
        item = parts.get("mean_hu")
        if item is None:
            continue
        result, _, _ = apply(task, entry, None, {key: number(item)})
        if result.label == want:
            criterion_id = criterion_evidence_id(task, entry.id)
            statement = (f"a kidney lesion found: {describe(item)} ({result.matched[0].band.describe('HU')}: "
                         f"{result.label}) by {entry.id}")
            return yes_no(True, statement, [bound.id, item.id, *([criterion_id] if criterion_id else [])],
                          label=want, criterion_id=entry.id)
    need(task, "kidney_lesion.lesion_count")  # raises, naming the bound and its reason
    raise AssertionError("unreachable: a bounded count is never returned by need()")
