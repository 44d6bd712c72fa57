"""Knowledge agent: turns the plan's needs into queries and adds cited criteria to the evidence.

Two routes to a criterion, both recorded: the entry that serves the question's subtype (looked
up by the knowledge base's own index of subtypes), and what hybrid retrieval finds for queries
built from the intent (organ, quantity, question). The reasoner may use only criteria that are
in the evidence, so whatever it applies is cited.

Feedback it acts on: the reviewer's reasons (a criterion missing, a criterion that cannot decide)
become further search queries on a revision round (`acts_on_feedback`: once per distinct reason).
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from core.case import Evidence, TraceStep
from core.context import Context
from core.state import CaseState

AGENT = "knowledge"


def _base(ctx: Context) -> Any:
    return ctx.knowledge


def _retriever(ctx: Context, base: Any) -> Any:
    return ctx.retriever


def _target_of(entry: Any, target: str | None) -> str | None:
    """The structure a retrieved criterion is about: the question's, if the entry concerns that organ."""
    from knowledge import organ_family

    if target is not None and organ_family(target) in entry.organs:
        return target
    return entry.organs[0] if len(entry.organs) == 1 else None


WORKUP_FINDINGS = (("splenomegaly grading", "spleen"), ("organ enlargement", "liver"), ("fatty liver", "liver"))
"""The whole-organ findings a work-up's impression states when their cited criterion calls them abnormal."""


def _cite(kwargs: dict[str, Any], entry_id: str) -> Evidence:
    """A criterion evidence item; `provenance.entry_id` is what the reasoner and reviewer apply."""
    kwargs["provenance"] = {"entry_id": entry_id, **kwargs.get("provenance", {})}
    return Evidence.make(**kwargs)


def node(state: CaseState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Adds the criteria the question needs, each cited, to the evidence."""
    from knowledge.needs import criteria_for, criterion_evidence, queries_for

    if state.plan is None:
        raise RuntimeError("knowledge agent ran before triage made a plan")
    ctx = runtime.context
    intent = state.plan.intent
    task = intent.task if intent.task not in ("report", "knowledge question") else None
    target = intent.organ or intent.lesion
    base = _base(ctx)
    evidence: list[Evidence] = []
    asked_of = [(t, target) for t in ([task] if task else []) + list(intent.parts)] or [(None, target)]
    if intent.task == "report":  # a work-up's impression judges each organ's size and fat by its criterion
        asked_of = [*WORKUP_FINDINGS, (None, target)]
    for asked, organ in asked_of:  # every part of the question
        evidence += [_cite(criterion_evidence(e, organ), e.id) for e in criteria_for(base, asked, organ, intent.quantities)
                     if not any(item.name == e.id for item in evidence)]
    feedback = state.feedback if state.revise == AGENT else []
    queries = [*queries_for(task, target, intent.quantities, state.case.question), *feedback]
    k = ctx.config.top_k
    results = _retriever(ctx, base).search_many(queries, k=k)
    steps: list[TraceStep] = []
    for query, hits in zip(queries, results, strict=True):
        steps.append(TraceStep(node=AGENT, tool="retrieval.search", inputs={"query": query, "k": k},
                               outputs={"hits": [h.id for h in hits]}))
        for hit in hits:
            if hit.id in base and not any(e.name == hit.id for e in evidence):
                entry = base.get(hit.id)
                kwargs = criterion_evidence(entry, _target_of(entry, target), score=round(float(hit.score), 4),
                                            query=query, rank=hit.rank)
                evidence.append(_cite(kwargs, hit.id))
    return {"evidence": evidence, "trace": steps}


def acts_on_feedback(state: CaseState, runtime: Any = None) -> bool:
    """Knowledge searches the reviewer's reasons as queries; a second round on the same reasons is futile."""
    return state.revise != AGENT
