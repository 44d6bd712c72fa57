"""Answers that are not one category or number: a knowledge question quoting its criteria, a full work-up."""

from __future__ import annotations

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft
from agents.reasoners.handlers import _target, apply, criterion_evidence_id
from core.anatomy import family as organ_family


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
    """A full work-up: findings organ by organ, then an impression (`agents.reasoners.workup`)."""
    from agents.reasoners.workup import compose_report

    return compose_report(task, apply, _target)
