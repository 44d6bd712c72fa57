"""Answers that are not one category or number: a knowledge question quoting its criteria, a full work-up."""

from __future__ import annotations

import re
from typing import Any

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft
from agents.reasoners.cutoffs import bare_cutoff
from agents.reasoners.handlers import _target, apply, criterion_evidence_id
from core.anatomy import family as organ_family
from questions.intents.answers import labels_in


def out_of_scope(task: ReasonerInput) -> Draft:
    """A question no task answers (`questions.scope.beyond_scope`): abstains naming what it asks about and what
    clinorch answers, rather than measuring the nearest thing.

    Raises:
        InsufficientEvidence: always (agent `reasoner`).
    """
    from questions.scope import beyond_scope

    topic = beyond_scope(task.question or "") or "this"
    raise InsufficientEvidence(f"out of scope: the question asks about {topic}, which no clinorch task measures or "
                               "decides (it answers on the segmented abdominal organs and the liver, kidney, pancreas "
                               "and colon lesions: size, attenuation, count, place and the criteria graded from them)",
                               agent="reasoner")


def knowledge_answer(task: ReasonerInput) -> Draft:
    """A question about criteria themselves: the cited entries' thresholds, with their sources."""
    entries = list(task.criteria.values())
    if not entries:
        raise InsufficientEvidence("no knowledge entry was cited for this question", agent="knowledge")
    from agents.reasoners.stated import stated_answer

    applied = stated_answer(task)  # "a spleen of 520 mL; splenomegaly?": the criteria decide the stated value
    if applied is not None:
        return applied
    family = organ_family(task.intent.organ)
    entries.sort(key=lambda e: (family not in e.organs, e.criterion is None))
    cutoffs = [(bare_cutoff(task.question, e, task.intent.cutoff_edge), e) for e in entries]  # the entry whose band the question names first
    entries.sort(key=lambda e: (family not in e.organs, next(c is None for c, f in cutoffs if f is e)))
    cutoff = next((c for c, e in cutoffs if e is entries[0]), None)
    lines, ids = [], []
    for entry in entries[:2]:
        if entry.criterion is not None:
            body = "; ".join(f"{s.quantity}: {s.describe()}" for s in entry.criterion.quantities)
        else:
            body = entry.text.strip().split(". ")[0]
        lines.append(f"{entry.title}: {body} [{entry.id}; {entry.citation}]")
        cid = criterion_evidence_id(task, entry.id)
        ids += [cid] if cid else []
    asked = [cutoff] if cutoff else asked_bands(task.question, entries[0])
    headline = "; ".join(asked) if asked else entries[0].title
    return Draft("text", headline, " | ".join(lines), ids, label=lines[0], criterion_id=entries[0].id)


def asked_bands(question: str | None, entry: Any) -> list[str]:
    """The bands of the categories a knowledge question names ("Above what splenic volume is splenomegaly graded
    severe?" -> `severe: 800 < x mL (spleen.volume_ml)`), so the answer leads with what was asked; [] when the
    question names no category of the entry's criterion."""
    if entry.criterion is None or not question:
        return []
    short = {re.sub(r"\s*\([^()]*\)$", "", label): label for label in entry.criterion.labels}
    named = {short.get(label, label) for label in labels_in(question, [*entry.criterion.labels, *short])}
    out = []
    for scale in entry.criterion.quantities:
        for band in scale.bands:
            if band.label in named:
                out.append(f"{band.label}: {band.describe(scale.unit)} ({scale.quantity})")
    if entry.criterion.combine == "rules":  # a category a decision table gives: the bands of its rules
        for label in (lab for lab in entry.criterion.labels if short_of(lab) in named or lab in named):
            rules = [r for r in entry.criterion.rules if r.label == label and r.when]
            made = [" and ".join(f"{b.label}: {b.describe(s.unit)} ({s.quantity})" for s, b in
                                 entry.criterion.defining_bands(label) if s.quantity in r.when and b.label in r.when[s.quantity])
                    for r in rules]
            if made:
                out.append(f"{label}: {' or '.join(made)}")
    return out


def short_of(label: str) -> str:
    """A category's words without its bracketed abbreviation ("progressive disease (PD)" -> "progressive disease")."""
    return re.sub(r"\s*\([^()]*\)$", "", label)


def report(task: ReasonerInput) -> Draft:
    """A full work-up: findings organ by organ, then an impression (`agents.reasoners.workup`)."""
    from agents.reasoners.workup import compose_report

    return compose_report(task, apply, _target)
