"""Rule grounding: the category (or yes/no) stated equals the cited criterion applied to the measurements.

The reviewer recomputes the label itself, from the knowledge entry and the measured values,
independently of how the reasoner wrote its answer.
"""

from __future__ import annotations

import re
from typing import Any

from agents.review_checks.base import ReviewInput, failed, passed
from orchestrator.case import Check
from orchestrator.intents import load_library
from orchestrator.intents.answers import is_positive, labels_in, yes_no

LESION_TYPE_TASKS = {"kidney cyst existence", "kidney tumor existence"}
PANCREATIC_TYPE_TASKS = {"PDAC existence", "PNET existence", "PDAC vs PNET classification"}
FORMS = {r["task"]: r["form"] for r in load_library()}


def _values(review: ReviewInput) -> dict[str, float]:
    return {k: float(e.value) for k, e in review.by_key.items()
            if isinstance(e.value, int | float) and not isinstance(e.value, bool)}


def _targets(review: ReviewInput, entry: Any) -> list[str | None]:
    keys = entry.criterion.quantity_keys
    if any(k.startswith("lesion.") for k in keys):
        return [review.intent.lesion]
    if any(k.startswith("kidney.") for k in keys):
        organ = review.intent.organ
        return ["kidney_left", "kidney_right"] if organ in (None, "kidney") else [organ]
    return [None]


def expected_label(review: ReviewInput, entry: Any) -> str:
    """The label the criterion gives the measured values (the worst over both kidneys when unsided)."""
    rank = {label: i for i, label in enumerate(entry.criterion.labels)}
    labels = [entry.classify(_values(review), target=t).label for t in _targets(review, entry)]
    return max(labels, key=rank.__getitem__)


def _deciding_entry(review: ReviewInput) -> Any | None:
    task = review.intent.task
    entries = [e for e in review.criterion_entries() if e.criterion is not None]
    answer = review.answer
    if answer is not None and answer.criterion_id:
        named = [e for e in entries if e.id == answer.criterion_id]
        if named:
            return named[0]
    serving = [e for e in entries if task.lower() in (s.lower() for s in e.question_subtypes)]
    return serving[0] if serving else None


def rule_grounding(review: ReviewInput) -> Check:
    """The stated category equals the criterion recomputed on the measured values."""
    from knowledge import KnowledgeError

    name = "rule_grounding"
    answer = review.answer
    assert answer is not None
    if answer.criterion_id and answer.criterion_id not in review.base:
        return failed(name, f"cites criterion {answer.criterion_id!r}, which the knowledge base does not hold", "knowledge")
    if review.intent.task in PANCREATIC_TYPE_TASKS:
        return _pancreatic_type(review)
    if review.intent.task in LESION_TYPE_TASKS or review.intent.task in ("knowledge question", "report"):
        return passed(name, "no single criterion label to recompute for this task")
    entry = _deciding_entry(review)
    if entry is None:
        stated = [lab for e in review.criterion_entries(cited_only=False) if e.criterion
                  for lab in labels_in(review.claim_text, e.criterion.labels)]
        if stated and FORMS.get(review.intent.task) in ("yes_no", "category"):
            return failed(name, f"states {stated[0]!r} without citing the criterion that decides it", "reasoner")
        return passed(name, "the answer states no criterion category")
    try:
        expected = expected_label(review, entry)
    except KnowledgeError as err:
        return failed(name, f"cannot recompute {entry.id!r}: {err}", "measurement")
    return _compare(review, entry.id, expected, entry.criterion.labels)


def _compare(review: ReviewInput, entry_id: str, expected: str, labels: list[str]) -> Check:
    name = "rule_grounding"
    text = review.claim_text
    stated = labels_in(text, labels)
    said_yes = yes_no(text.lstrip(" .:"))
    problems = []
    if stated and stated[0] != expected:
        problems.append(f"states {stated[0]!r}, but {entry_id} gives {expected!r} for the measured values")
    if FORMS.get(review.intent.task) == "yes_no" and said_yes is not None and said_yes != is_positive(expected, labels):
        problems.append(f"answers {'yes' if said_yes else 'no'}, but {entry_id} gives {expected!r}")
    if not stated and said_yes is None and not review.answer.choice:  # type: ignore[union-attr]
        problems.append(f"states neither a category of {entry_id} nor yes/no")
    if problems:
        return failed(name, "; ".join(problems), "reasoner", [entry_id])
    return passed(name, f"{entry_id} applied to the measurements gives {expected!r}, as stated", [entry_id])


def _pancreatic_type(review: ReviewInput) -> Check:
    from knowledge import KnowledgeError

    name = "rule_grounding"
    count = review.by_key.get("pancreas_lesion.lesion_count")
    text = review.claim_text
    if count is not None and count.value == 0:
        if review.intent.task != "PDAC vs PNET classification" and yes_no(text.lstrip(" .:")) is True:
            return failed(name, "answers yes with no pancreatic lesion measured", "reasoner")
        return passed(name, "no pancreatic lesion: nothing to type")
    entries = [e for e in review.criterion_entries() if e.criterion and "hypoattenuating" in e.criterion.labels]
    if not entries:
        return failed(name, "types the pancreatic lesion without citing an attenuation criterion", "reasoner")
    try:
        label = entries[0].classify(_values(review), target=review.intent.lesion or "pancreas_lesion").label
    except KnowledgeError as err:
        return failed(name, f"cannot recompute {entries[0].id!r}: {err}", "measurement")
    kind = "PDAC" if label == "hypoattenuating" else "PNET"
    other = "PNET" if kind == "PDAC" else "PDAC"
    head = re.split(r"[.;]", text.lstrip(" .:"), maxsplit=1)[0]
    problems = []
    if review.intent.task == "PDAC vs PNET classification":
        if other in head.upper() and kind not in head.upper():
            problems.append(f"says {other}, but the largest lesion is {label} ({entries[0].id}): {kind}")
    else:
        wanted = "PDAC" if review.intent.task.startswith("PDAC") else "PNET"
        said = yes_no(text.lstrip(" .:"))
        if said is not None and said != (kind == wanted):
            problems.append(f"answers {'yes' if said else 'no'}, but the largest lesion is {label}: {kind}")
    if problems:
        return failed(name, "; ".join(problems), "reasoner", [entries[0].id])
    return passed(name, f"largest pancreatic lesion {label} -> {kind}, as stated", [entries[0].id])
