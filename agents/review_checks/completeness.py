"""Completeness: the evidence the question needs exists, else whose it is to supply."""

from __future__ import annotations

import re

from agents.reasoners.handlers import held_in_measured
from agents.review_checks.asked_kinds import kind_absent, none_there
from agents.review_checks.base import ReviewInput, failed, option_only, passed
from core.absence import ABSENCE_WORDS, evidenced_absence
from core.anatomy import expand_paired, group_of, organs_of
from core.case import Check, Evidence

NO_IMAGES = ("knowledge question",)
TYPED_EXISTENCE = {"kidney tumor existence": "kidney_tumor", "kidney cyst existence": "kidney_cyst"}
"""A lesion kind asked whose own mask is measured: its count decides, whatever the other kind's mask holds (the
reasoner's `kidney_lesion_type_existence` reads it first too)."""
FOUND_SETTLES = (*TYPED_EXISTENCE, "PDAC existence", "PNET existence")
"""Typed existence questions a lesion found of the kind asked answers Yes though the search is only a lower bound."""


def _missing(review: ReviewInput) -> list[str]:
    keys = set(review.by_key)
    out = []
    for quantity in review.intent.quantities:
        if quantity in keys or _derivable(review, quantity) or _beyond_reach(review, quantity):
            continue
        if _absent_of(review, quantity):
            continue  # an organ shown absent completes the comparison as absent (`completeness` holds the answer to it)
        group = re.match(r"^([a-z]+_lesion)(_\d+)?\.", quantity)
        count = review.by_key.get(f"{group.group(1)}.lesion_count") if group else None
        if count is not None and count.value == 0:
            continue  # nothing to measure on lesions that are not there
        bound = review.by_key.get(f"{group.group(1)}.lesion_count_lower_bound") if group else None
        if bound is not None and review.intent.task.endswith("existence") and quantity.endswith(".lesion_count") \
                and isinstance(bound.value, int | float) and bound.value > 0:
            continue  # a lesion shown settles existence; the exact count is not needed
        if bound is not None and review.intent.task in FOUND_SETTLES and _found_of_kind_cited(review, quantity):
            continue  # "a kidney lesion found, 10.5 HU: cyst": a found lesion of the kind asked settles it
        out.append(quantity)
    return out


def _found_of_kind_cited(review: ReviewInput, quantity: str) -> bool:
    """Whether a Yes to a typed existence question cites a found lesion's own reading of the largest lesion's
    quantity the criterion reads (`kidney_lesion_1.mean_hu` for `kidney_lesion.largest_lesion_mean_hu`): a lesion
    search that is only a lower bound has no largest lesion, but each lesion it found exists
    (`agents.reasoners.typed_lesions._found_of_kind`)."""
    from agents.review_checks.polarity import claims_finding

    group, _, name = quantity.partition(".largest_lesion_")
    if not name or claims_finding(review) is not True:
        return False
    return any(re.fullmatch(rf"{re.escape(group)}_\d+", str(e.target)) and e.name == name for e in review.cited)


def _absent_of(review: ReviewInput, quantity: str) -> list[Evidence]:
    """The items showing absent a structure a quantity is of (`core.absence.evidenced_absence`: an empty provided
    mask, never a segmenter's miss): its own structure, or any of a ratio's or difference's (`kidney_left/
    kidney_right.volume_ratio` is moot without one kidney)."""
    structures = [s for s in quantity.split(".", 1)[0].split("/") if s]
    shown = [e for s in structures if (e := evidenced_absence(review.evidence, s)) is not None]
    return shown


def _lesion_mask(target: str) -> bool:
    """Whether `target` is one of a lesion group's masks (`kidney_tumor`), not an organ."""
    group = group_of(target)
    return group is not None and target in group.lesion_masks


def zero_on_a_bound(review: ReviewInput) -> str | None:
    """Why a lesion count of 0 the question needs cannot stand: a lesion mask of its group is not exhaustive (its
    segmentation evidence `lesions_exhaustive = False`, e.g. a mask the lesion finder completed as empty, which
    misses lesions: missing is not zero); None when no such count is needed."""
    from core.anatomy import group_of
    from knowledge.bounds import LESIONS_EXHAUSTIVE

    bounded = [e for e in review.evidence if e.kind == "segmentation" and e.name == LESIONS_EXHAUSTIVE
               and e.value is False]
    for quantity in review.intent.quantities:
        group = re.match(r"^([a-z]+_lesion)(_\d+)?\.", quantity)
        count = review.by_key.get(f"{group.group(1)}.lesion_count") if group else None
        if count is None or count.value != 0:
            continue
        masks = set(count.provenance.masks or [])
        for item in bounded:
            lesion_group = group_of(item.target.rsplit(":", 1)[-1])
            if item.provenance.mask in masks or (lesion_group is not None and lesion_group.name == group.group(1)):
                return (f"the {group.group(1)} count of 0 rests on the {item.target} mask, which is not exhaustive "
                        f"({item.reason})")
    return None


def _beyond_reach(review: ReviewInput, quantity: str) -> bool:
    """A structure's distance from a lesion that measurement did not record although the structure's mask is present
    and the lesion's neighbours were measured: it lies beyond the reach looked at (`agents.measures.lesions`)."""
    far = re.match(r"^(\w+)\.distance_from_(\w+_lesion_\d+)_mm$", quantity)
    return far is not None and f"{far.group(1)}.present" in review.by_key and \
        f"{far.group(2)}.nearest_structure" in review.by_key


def _derivable(review: ReviewInput, quantity: str) -> bool:
    """Whether the largest lesion of one kind or side (`agents.reasoners.derive.of_one_kind`) follows from the
    lesions measured: a result saved before the reasoner derived it still holds every input it needs."""
    from agents.reasoners.derive import kind_count_in, of_one_kind

    known = dict(review.by_key)
    return of_one_kind(known, quantity) is not None or kind_count_in(known, quantity) is not None


def _settled_without(review: ReviewInput, missing: list[str]) -> bool:
    """Whether a cited criterion decides the task from the quantities present (an `any` rule met)."""
    from knowledge import KnowledgeError

    values = {k: float(e.value) for k, e in review.by_key.items()
              if isinstance(e.value, int | float) and not isinstance(e.value, bool)}
    applied = review.answer.criterion_id if review.answer is not None else None
    for entry in review.criterion_entries(cited_only=False):
        if entry.criterion is None or (review.intent.task not in entry.question_subtypes and entry.id != applied):
            continue  # the task's criteria, and the one the answer says it applied (an earlier profile's)
        try:
            entry.classify(values, target=review.intent.lesion)
        except KnowledgeError:
            continue
        return True
    return False


def _bound_decides(review: ReviewInput, missing: list[str]) -> bool:
    """Whether every missing quantity has a measured lower bound that decides a cited criterion of the task (an organ
    cut by the scan's edge is at least its imaged size: `knowledge.bounds.bounded_label`)."""
    from knowledge.bounds import LOWER_BOUND, bounded_label

    if not all(f"{key}{LOWER_BOUND}" in review.by_key for key in missing):
        return False
    values = {k: float(e.value) for k, e in review.by_key.items()
              if isinstance(e.value, int | float) and not isinstance(e.value, bool)}
    return any(entry.criterion is not None and review.intent.task in entry.question_subtypes
               and bounded_label(entry, values, review.intent.organ, review.intent.lesion) is not None
               for entry in review.criterion_entries(cited_only=True))


def _responsible(review: ReviewInput, quantity: str) -> str:
    structures = [o for part in quantity.split(".", 1)[0].split("/") for o in organs_of(part)]
    present = {e.target for e in review.evidence if e.kind == "segmentation" and e.value is not False}
    found = all(any(side in present for side in expand_paired(s)) for s in structures)
    return "measurement" if found else "segmentation"


def completeness(review: ReviewInput) -> Check:
    """Every quantity the question needs is measured (or is not needed: no lesion, rule already met)."""
    from agents.review_checks.polarity import claims_finding

    name = "completeness"
    task = review.intent.task
    criteria = [e for e in review.evidence if e.kind == "criterion"]
    if task in NO_IMAGES:
        if not criteria:
            return failed(name, "a knowledge question with no knowledge entry cited", "knowledge")
        return passed(name, f"{len(criteria)} knowledge entr(y/ies) cited")
    if task == "report":
        measured = [e for e in review.evidence if e.kind == "measurement"]
        if not measured:
            return failed(name, "a work-up with no measurement", "measurement")
        return passed(name, f"{len(measured)} measurement(s) for the work-up")
    zero = zero_on_a_bound(review)
    if zero is not None:  # missing is not zero: a finder's "none" is no count of 0
        return failed(name, zero, "segmentation")
    missing = _missing(review)
    if missing and (absent_kind := kind_absent(review)) is not None:
        return passed(name, f"{missing!r} not measured: {absent_kind}, nothing of the kind asked to measure")
    absent = [e for q in review.intent.quantities if q not in review.by_key or review.by_key[q].provenance.formula ==
              "absent" for e in _absent_of(review, q)]  # an absent organ's 0 mL in a sum is said to be absent
    cited_targets = {c.target for c in review.cited}
    if absent and review.intent.lesion:  # "the kidney tumour minus the organ it lies in": the other kidney's absence
        absent = [e for e in absent if not ({"kidney_left", "kidney_right"} - {str(e.target)}) & cited_targets
                  or not str(e.target).startswith("kidney_")]  # is no part of an answer resting on the kidney there
    option = (review.choices or {}).get(review.answer.choice or "") if review.answer is not None else None
    if absent and option and none_there(review, option):  # "There is no such lesion" of a solitary kidney: the absent
        absent = []  # kidney holds none either
    if absent and task.endswith("existence") and claims_finding(review) is False:
        absent = [e for e in absent if not _lesion_mask(str(e.target))]  # "No. kidney tumor count 0" says it
    if absent and not ABSENCE_WORDS.search(review.claim_text) and not option_only(review):  # a letter, or its
        # option's text alone, answers as the option does: it has no room to say more
        words = ", ".join(dict.fromkeys(str(e.target).replace("_", " ") for e in absent))
        return failed(name, f"the {words} is shown absent (its provided mask is empty), but the answer does not say so",
                      "reasoner")
    typed = review.by_key.get(f"{TYPED_EXISTENCE.get(task)}.lesion_count")
    if missing and typed is not None and isinstance(typed.value, int | float):
        return passed(name, f"{missing!r} not measured, but the {typed.target} mask's own count decides {task!r}")
    if missing and _bound_decides(review, missing):
        return passed(name, f"{missing!r} not measured whole, but its lower bound decides the cited criterion")
    if missing and review.intent.task == "inter-segment comparison" and review.intent.comparison != "smaller" and \
            all(q.endswith(".volume_ml") and held_in_measured(q.split(".")[0], review.by_key) for q in missing):
        return passed(name, f"{missing!r} not measured, but each is held in a measured part: never the largest")
    if missing and (premised := _premise_decides(review)) is not None:
        return passed(name, f"{missing!r} not measured, but {premised}")
    if missing and _settled_without(review, missing):
        return passed(name, f"{missing!r} not measured, but the cited criterion is already decided without them")
    if missing:
        agent = _responsible(review, missing[0])
        return failed(name, f"the question needs {missing!r}, which no agent measured", agent)
    answerable = review.by_id.get("check:-:answerable")
    if answerable is not None and answerable.passed is False:
        agent = str(answerable.provenance.agent or "reasoner")
        return failed(name, str(answerable.reason), agent)
    if absent:
        return passed(name, f"the {absent[0].target} is shown absent (its provided mask is empty), as the answer says",
                      [e.id for e in absent])
    return passed(name, f"all {len(review.intent.quantities)} needed quantities are in the evidence")


def _premise_decides(review: ReviewInput) -> str | None:
    """Why the question's own premise decides without the missing quantities (liver lesions it regards as metastases
    make a pancreatic cancer unresectable whatever the vessels: `stated.stated_metastases`), else None."""
    from agents.review_checks.stated import stated_metastases

    check = stated_metastases(review)
    return check.reason if check is not None and check.passed else None
