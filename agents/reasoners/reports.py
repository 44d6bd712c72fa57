"""Answers that are not one category or number: a knowledge question quoting its criteria, a full work-up."""

from __future__ import annotations

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft, describe, target_words
from agents.reasoners.handlers import _target, apply, criterion_evidence_id
from core.anatomy import family as organ_family
from core.case import Evidence


def knowledge_answer(task: ReasonerInput) -> Draft:
    """A question about criteria themselves: the cited entries' thresholds, with their sources."""
    entries = list(task.criteria.values())
    if not entries:
        raise InsufficientEvidence("no knowledge entry was cited for this question", agent="knowledge")
    family = organ_family(task.intent.organ)
    entries.sort(key=lambda e: (family not in e.organs, e.criterion is None))
    lines, ids = [], []
    for entry in entries[:2]:
        if entry.criterion is not None:
            body = "; ".join(f"{s.quantity}: {s.describe()}" for s in entry.criterion.quantities)
        else:
            body = entry.text.strip().split(". ")[0]
        lines.append(f"{entry.title}: {body} [{entry.id}; {entry.citation}]")
        cid = criterion_evidence_id(task, entry.id)
        ids += [cid] if cid else []
    return Draft("text", entries[0].title, " | ".join(lines), ids, label=lines[0], criterion_id=entries[0].id)


def report(task: ReasonerInput) -> Draft:
    """A full work-up: every measurement by structure, then every cited criterion that applies."""
    by_target: dict[str, list[Evidence]] = {}
    for e in task.evidence:
        if e.kind in ("measurement", "finding") and e.target and e.value is not None and not e.name.startswith(("count_in_", "volume_in_")):
            by_target.setdefault(e.target, []).append(e)
    if not by_target:
        raise InsufficientEvidence("no measurements to report", agent="measurement")
    lines = [f"{target_words(t)}: " + "; ".join(describe(e).removeprefix(target_words(t)).strip() for e in items)
             for t, items in by_target.items()]
    ids = [e.id for items in by_target.values() for e in items]
    for entry in task.criteria.values():
        if entry.criterion is None:
            continue
        try:
            result, used, sentence = apply(task, entry, _target(task, entry))
        except InsufficientEvidence:
            continue
        lines.append(sentence)
        ids += used
    return Draft("text", "Findings", "\n".join(lines), ids)
