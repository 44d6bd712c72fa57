"""Knowledge agent: turns the plan's needs into queries and adds cited criteria to the evidence.

Two routes to a criterion, both recorded: the entry that serves the question's subtype (looked
up by the knowledge base's own index of subtypes), and what hybrid retrieval finds for queries
built from the intent (organ, quantity, question). The reasoner may use only criteria that are
in the evidence, so whatever it applies is cited.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from orchestrator.case import Evidence, TraceStep
from orchestrator.context import Context
from orchestrator.state import CaseState, Intent

AGENT = "knowledge"


def _base(ctx: Context) -> Any:
    from knowledge import load_base

    cfg = ctx.config
    key = f"knowledge_base:{cfg.knowledge_profile}:{','.join(cfg.knowledge_dirs)}"
    return ctx.backend(key, lambda: load_base(profile=cfg.knowledge_profile, extra_dirs=cfg.knowledge_dirs))


def _retriever(ctx: Context, base: Any) -> Any:
    from retrieval import Retriever

    cfg = ctx.config
    key = f"retriever:{base.content_hash}:{cfg.retrieval_mode}"
    return ctx.backend(key, lambda: Retriever(base, cache_dir=cfg.cache_dir, mode=cfg.retrieval_mode))


def queries_for(intent: Intent, question: str | None, feedback: list[str]) -> list[str]:
    """Queries a clinician would type for this intent: the question itself and the criterion sought."""
    queries: list[str] = []
    if question:
        queries.append(question)
    subject = " ".join(p for p in (intent.organ, intent.lesion) if p).replace("_", " ")
    if intent.task not in ("report", "knowledge question"):
        queries.append(f"{intent.task} {subject} criterion threshold".strip())
    queries.extend(feedback)
    return list(dict.fromkeys(q for q in queries if q))


def criterion_evidence(entry: Any, target: str | None, how: dict[str, Any]) -> Evidence:
    """A knowledge entry as a criterion evidence item with its citation."""
    return Evidence.make(
        "criterion", AGENT, entry.id, target,
        value=entry.title,
        reason=entry.text,
        citation=entry.citation,
        provenance={"entry_id": entry.id, "profile": entry.profile, **how},
    )


def node(state: CaseState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Adds the criteria the question needs, each cited, to the evidence."""
    from knowledge import KnowledgeError, find_criteria

    if state.plan is None:
        raise RuntimeError("knowledge agent ran before triage made a plan")
    ctx = runtime.context
    intent = state.plan.intent
    base = _base(ctx)
    target = intent.organ or intent.lesion
    evidence: list[Evidence] = []
    try:
        direct = find_criteria(base, intent.task) if intent.task not in ("report", "knowledge question") else []
    except KnowledgeError:
        direct = []
    for entry in direct:
        evidence.append(criterion_evidence(entry, target, {"route": "subtype", "subtype": intent.task}))
    retriever = _retriever(ctx, base)
    steps: list[TraceStep] = []
    feedback = state.feedback if state.revise == AGENT else []
    for query in queries_for(intent, state.case.question, feedback):
        hits = retriever.search(query, k=ctx.config.top_k)
        steps.append(TraceStep(node=AGENT, tool="retrieval.search", inputs={"query": query, "k": ctx.config.top_k},
                               outputs={"hits": [h.id for h in hits]}))
        for hit in hits:
            if hit.id in base and not any(e.name == hit.id for e in evidence):
                how = {"route": "retrieval", "query": query, "score": round(float(hit.score), 4), "rank": hit.rank,
                       "mode": ctx.config.retrieval_mode}
                evidence.append(criterion_evidence(base.get(hit.id), target, how))
    return {"evidence": evidence, "trace": steps}
