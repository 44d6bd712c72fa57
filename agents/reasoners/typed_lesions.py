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

import re
from typing import Any

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import (
    Draft,
    absence_option,
    describe,
    largest_bounded,
    lesion_bound,
    need,
    no_lesions,
    number,
    show,
)
from agents.reasoners.derive import instances
from agents.reasoners.handlers import ATTENUATION_LABEL, apply, criterion_evidence_id, entry_reading, yes_no
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
    if largest_bounded(task, key) is not None:
        return None  # a lesion search's lower bound: the largest found need not be the largest there is
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
    side = task.intent.organ if task.intent.organ in ("kidney_left", "kidney_right") else None
    if side is not None and typed is not None:  # "Does the left kidney contain a cyst?": that side's lesions of the kind
        from agents.reasoners.derive import kind_count_in

        sided = known.get(f"{mask}.count_in_{side}") or kind_count_in(known, f"{mask}.count_in_{side}")
        if sided is None:
            raise InsufficientEvidence(f"which kidney each {mask.replace('_', ' ')} lies in is not measured",
                                       agent="measurement")
        return yes_no(number(sided) > 0, describe(sided), [sided.id, typed.id])
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
    if (other := _all_in_other_kind(task, want, len(hus))) is not None:  # the provided mask of the other kind holds
        why = unknown.reason if unknown is not None and unknown.reason else f"the {mask} mask is not given"  # them all
        raise InsufficientEvidence(f"every kidney lesion found lies in the provided {other} mask, so none is a {want}, "
                                   f"but {why}", agent="segmentation", missing=[f"{mask}.lesion_count"])
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


def _all_in_other_kind(task: ReasonerInput, want: str, found: int) -> str | None:
    """The provided mask of the other kind (`kidney_tumor`, for a cyst asked) when every one of the `found` kidney
    lesions lies in it, else None: a provided mask types its lesions, whatever their attenuation (a fat-containing
    tumour of -30 HU reads as a cyst by the solid-or-cyst cut-off; suite AP, incomplete masks)."""
    other = "kidney_tumor" if want == "cyst" else "kidney_cyst"
    count = task.by_key().get(f"{other}.lesion_count")
    provided = any(e.kind == "segmentation" and e.target == other and e.name == "present" and e.value is True
                   and getattr(e.provenance, "backend", None) == "provided" for e in task.evidence)
    return other if count is not None and provided and found > 0 and number(count) >= found else None


def _found_of_kind(task: ReasonerInput, want: str, bound: Evidence) -> Draft:
    """Yes when a kidney lesion the search found classifies as `want` by its attenuation; otherwise the count's
    lower bound leaves it open (`InsufficientEvidence` with the search's reason)."""
    entry = entry_reading(task, "kidney_lesion.largest_lesion_mean_hu", {"cyst", "solid tumor"})
    key = entry.criterion.quantity_keys[0]
    found = instances(task.by_key(), "kidney_lesion")
    if _all_in_other_kind(task, want, len(found)) is not None:  # the provided tumour mask's lesions: none is a cyst
        found = {}
    for parts in found.values():
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


def largest_lesion_kind(intent: Intent, known: dict[str, Evidence], criteria: Any,
                        choices: dict[str, str] | None = None) -> tuple[str, str, list[str]]:
    """Whether a (non-kidney) group's largest lesion is a cyst or solid: (`cystic lesion` | `solid tumor`, how it was
    typed, the ids of the items that type it). One reading for the reasoner and the reviewer, the one
    `agents.reasoners.asked_kind` gives every lesion: by the mask it came from when the group's cyst mask or typed
    masks were provided, else by the cited content criterion (`knowledge.lesion_types.CONTENT_CRITERION`) on its mean
    HU. A solid lesion a typed mask names (`PDAC`, `PNET`) is given that name when an option says it
    ("Cyst / PDAC / PNET").

    Args:
        intent: the question's intent (its `lesion` names the group).
        known: evidence by `{target}.{name}`.
        criteria: the cited knowledge entries by id.
        choices: the question's options, letter -> text, if any.

    Raises:
        InsufficientEvidence: no lesion counted, or the evidence leaves its kind open (an indeterminate attenuation).
    """
    from agents.reasoners.asked_kind import ONLY_LESION, AskedLesion, _content_verdict, asked_lesion, content_entry

    group = intent.lesion or ""
    if intent.lesion_rank not in (None, 1):
        return _ranked_lesion_kind(intent, known, choices)
    as_cyst = intent.model_copy(update={"task": "lesion type of the largest lesion", "lesion_kind": "cyst"})
    content = content_entry(as_cyst, criteria)
    asked = asked_lesion(as_cyst, known, content)
    words = group.replace("_", " ")
    if asked is None:
        raise InsufficientEvidence(f"no {words} is counted: no lesion to type", agent="measurement")
    if asked.typed_by == ONLY_LESION:  # one lesion and no mask says its kind: its content decides
        verdict = _content_verdict(known, f"{group}_1", "cyst", content, group)
        how = getattr(content, "id", None) or "no content criterion"
        if verdict == "unknown":
            raise InsufficientEvidence(f"whether the largest {words} is a cyst or solid is unknown by {how} (its mean "
                                       "attenuation leaves it open, or no such criterion is cited)", agent="reasoner")
        asked = AskedLesion(group, "cyst", 1 if verdict == "yes" else None, how)
    if asked.undecided and content is not None and _content_verdict(known, f"{group}_1", "cyst", content, group) == "no":
        asked = AskedLesion(group, "cyst", None, content.id)  # the largest lesion is solid: a smaller one left open
        # by its content (which would be the largest cyst) does not change the largest lesion's type
    if asked.rank is None and asked.reason and "unknown" in asked.reason:
        raise InsufficientEvidence(asked.reason, agent="reasoner")
    by_mask = asked.typed_by in ("typed mask", "provided cyst mask")
    keys = (f"{group}.largest_lesion_mask", f"{group}.typed_masks", f"{group}_1.lesion_type", f"{group}.lesion_count") \
        if by_mask else (f"{group}.largest_lesion_mean_hu", f"{group}_1.mean_hu", f"{group}.lesion_count")
    ids = [i for key in keys if (i := getattr(known.get(key), "id", None))]
    how = "typed by the provided mask" if by_mask else asked.typed_by
    typed = known.get(f"{group}_1.lesion_type") if by_mask and asked.rank != 1 else None
    if typed is not None and _option_naming(choices, str(typed.value)):
        return str(typed.value), how, [*ids, typed.id] if typed.id not in ids else ids
    return ("cystic lesion" if asked.rank == 1 else "solid tumor"), how, ids


def _ranked_lesion_kind(intent: Intent, known: dict[str, Evidence], choices: dict[str, str] | None) -> tuple[str, str, list[str]]:
    """The kind of the lesion of the size rank asked ("the second-largest pancreatic lesion"), by the typed mask that
    holds it (`{group}_{n}.lesion_type`); a lesion in none of the typed masks read is solid when the cyst mask was
    read. Raises `InsufficientEvidence` when fewer lesions were counted or no provided mask types it."""
    from questions.lesion_kinds import LAST, ORDINAL_WORDS

    group = intent.lesion or ""
    counted = known.get(f"{group}.lesion_count")
    total = int(counted.value) if counted is not None and isinstance(counted.value, int | float) else 0
    rank = total if intent.lesion_rank == LAST else int(intent.lesion_rank or 1)
    words = f"{ORDINAL_WORDS.get(rank, rank)} largest {group.replace('_', ' ')}"
    if not 1 <= rank <= total:
        raise InsufficientEvidence(f"the {words} is asked, but {total} were counted", agent="measurement")
    typed, read = known.get(f"{group}_{rank}.lesion_type"), known.get(f"{group}.typed_masks")
    volume = known.get(f"{group}_{rank}.volume_ml")
    ids = [i.id for i in (typed, read, volume, counted) if i is not None]
    if typed is not None:
        kind = str(typed.value)
        if _option_naming(choices, kind):
            return kind, "typed by the provided mask", ids
        return ("cystic lesion" if kind == "cyst" else "solid tumor"), "typed by the provided mask", ids
    if read is not None and "cyst" in str(read.value):  # in none of the typed masks, the cyst mask among them
        return "solid tumor", "typed by the provided masks (outside the cyst mask read, so solid)", ids
    raise InsufficientEvidence(f"no provided mask types the {words}: its kind is not known", agent="reasoner")


def names_kind(text: str, kind: str) -> bool:
    """Whether a text names a lesion's typed kind as a word of its own ("PDAC", "PNET (neuroendocrine)")."""
    import re

    return re.search(rf"\b{re.escape(kind)}\b", text, re.IGNORECASE) is not None


def _option_naming(choices: dict[str, str] | None, kind: str) -> bool:
    """Whether an option names a lesion's typed kind (`names_kind`)."""
    return any(names_kind(text, kind) for text in (choices or {}).values())


SOLID_BY_ATTENUATION = re.compile(r"\b(hypo|iso|hyper)[- ]?(attenuat\w*|dens\w*|enhanc\w*|vascular)\b[^.;]*\bsolid\b|"
                                  r"\bsolid\b[^.;]*\b(hypo|iso|hyper)[- ]?(attenuat\w*|dens\w*|enhanc\w*|vascular)\b",
                                  re.IGNORECASE)
"""A solid lesion's option that names its attenuation ("Hypoattenuating solid lesion (e.g. metastasis)",
"Hyperattenuating / hypervascular solid lesion")."""


def _solid_by_attenuation(task: ReasonerInput, group: str, how: str, ids: list[str]) -> Draft | None:
    """The solid option of the largest lesion's measured attenuation (DTVQA: iso within a tenth of the organ's SD),
    when two or more solid options differ by attenuation; None otherwise."""
    if task.choice_set is None or task.intent.lesion_rank not in (None, 1):
        return None  # the measured attenuation is the largest lesion's
    named: dict[str, list[str]] = {}
    for option in task.choice_set.options:
        found = SOLID_BY_ATTENUATION.search(option.text)
        if found:
            named.setdefault((found.group(1) or found.group(3)).lower(), []).append(option.text)
    if len(named) < 2:
        return None
    item = task.by_key().get(f"{group}.largest_lesion_attenuation")
    picked = named.get(str(getattr(item, "value", "")))
    if item is None or picked is None or len(picked) != 1:
        raise InsufficientEvidence(f"the largest {group.replace('_', ' ')} is solid by {how}, but no one option names its "
                                   "attenuation", agent="reasoner")
    words = ATTENUATION_LABEL[str(item.value)]
    statement = (f"the largest {group.replace('_', ' ')} is solid (not a cyst) by {how}, and {words} to the organ "
                 f"({describe(item)}; DTVQA iso band: a tenth of the organ SD)")
    return Draft("category", picked[0], statement, [*ids, item.id], label=picked[0])


def lesion_type(task: ReasonerInput) -> Draft:
    """Solid or cystic, the group's largest lesion ("What kind of lesion is the largest pancreatic lesion?"): a kidney
    lesion by the registry's kidney criterion (the 34.8 HU cut-off), another group's by `largest_lesion_kind`.

    Raises:
        InsufficientEvidence: no lesion, or its kind is not decided by the evidence.
    """
    from agents.reasoners.handlers import by_criterion
    from core.anatomy import family

    intent = task.intent
    group = intent.lesion
    if group is None or family(intent.organ or group) == "kidney" or group == "kidney_lesion":
        return by_criterion(task)
    empty = no_lesions(task, group)
    if empty is not None and (absent := absence_option(task, empty)) is not None:
        return absent  # "C. No liver lesion present"
    label, how, ids = largest_lesion_kind(intent, task.by_key(), task.criteria, task.choices)
    offered = " ".join((task.choices or {}).values())
    if group == "pancreas_lesion" and label == "solid tumor" and re.search(r"\bPDAC\b|adenocarcinoma", offered) and \
            re.search(r"\bPNET\b|neuroendocrine", offered):  # "PDAC / PNET / Pancreatic cyst / Lymphoma": a solid
        from agents.reasoners.pancreas import pdac_vs_pnet  # lesion's options are the solid kinds, by attenuation

        return pdac_vs_pnet(task)
    criterion = criterion_evidence_id(task, how)
    if criterion is None and not how.startswith("typed"):
        raise InsufficientEvidence(f"{how!r} types the lesion but is not cited", agent="knowledge")
    if label == "solid tumor" and (by_attenuation := _solid_by_attenuation(task, group, how, [*ids, *([criterion] if
                                                                                                    criterion else [])])):
        return by_attenuation  # "Hypoattenuating solid lesion / Hyperattenuating solid lesion / Simple cyst"
    kind = "a cyst" if label in ("cystic lesion", "cyst") else "solid (not a cyst)"
    from questions.lesion_kinds import LAST, ORDINAL_WORDS

    which = "largest" if intent.lesion_rank in (None, 1) else "smallest" if intent.lesion_rank == LAST else \
        f"{ORDINAL_WORDS.get(intent.lesion_rank, intent.lesion_rank)} largest"
    statement = f"the {which} {group.replace('_', ' ')} is {kind}, {how if how.startswith('typed') else 'by ' + how}"
    if label not in ("cystic lesion", "solid tumor"):
        statement += f": {label} by its typed mask"
    return Draft("category", label[:1].upper() + label[1:], statement, [*ids, *([criterion] if criterion else [])],
                 label=label)
