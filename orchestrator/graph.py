"""The route of a case: the one place that adds nodes and edges.

    triage ─▶ segmentation ─▶ measurement ─▶ knowledge ─▶ reasoner ─▶ reviewer ─▶ finalize
      │  └─ skips what the plan does not need          ▲      ▲         │
      └─ reject ─▶ finalize                 revise ◀───┴──────┴─────────┘ (bounded rounds)

Each agent is a node with a narrow contract (`agents.<name>.node`); routers read typed
state and return node names. The revision loop is bounded by `Config.max_review_rounds`, and a
fix goes only to an agent that can act on the reviewer's feedback (each agent's
`acts_on_feedback`, its module docstring says which feedback it uses). When none can, the
verdict stands at once and the case abstains with the reviewer's reasons: no futile rounds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, Literal

from core.imports import pydantic_builds_deferred

with pydantic_builds_deferred():  # langchain-core's and langsmith's models, unused by a run (core.imports)
    from langgraph.config import get_stream_writer
    from langgraph.graph import END, START, StateGraph
    from langgraph.runtime import Runtime

from core.case import Fix, Review, TraceStep
from core.context import Context
from core.state import CaseState
from orchestrator.result import finalize

AGENTS = ("triage", "segmentation", "measurement", "knowledge", "reasoner", "reviewer")
REVISABLE = ("segmentation", "measurement", "knowledge", "reasoner")
"""Agents the reviewer can send a case back to."""
NodeFn = Callable[[CaseState, Runtime[Context]], dict[str, Any]]
ActsFn = Callable[[CaseState, Runtime[Context]], bool]
"""Whether an agent can change its output on a revision round (it reads the reviewer's feedback)."""


def default_feedback_readers() -> dict[str, ActsFn]:
    """The real agents' `acts_on_feedback`."""
    from agents import knowledge, measurement, reasoner, segmentation

    modules = (segmentation, measurement, knowledge, reasoner)
    return {name: module.acts_on_feedback for name, module in zip(REVISABLE, modules, strict=True)}


def default_nodes() -> dict[str, NodeFn]:
    """The real agents, imported here so that `import orchestrator` stays light."""
    from agents import knowledge, measurement, reasoner, reviewer, segmentation, triage

    modules = (triage, segmentation, measurement, knowledge, reasoner, reviewer)
    return {name: module.node for name, module in zip(AGENTS, modules, strict=True)}


def _timed(name: str, fn: NodeFn) -> NodeFn:
    """Wraps a node: announces it on the custom stream, times it, appends its trace step."""

    def node(state: CaseState, runtime: Runtime[Context]) -> dict[str, Any]:
        writer = get_stream_writer()
        writer({"event": "start", "node": name})
        started = time.perf_counter()
        update = dict(fn(state, runtime) or {})
        duration = time.perf_counter() - started
        step = TraceStep(node=name, outputs=_summary(update), duration_s=round(duration, 6))
        update["trace"] = [*update.get("trace", []), step]
        writer({"event": "end", "node": name, "duration_s": duration, "summary": step.outputs})
        return update

    node.__name__ = name
    return node


def _summary(update: Mapping[str, Any]) -> dict[str, Any]:
    """A small, identifier-free summary of what a node wrote (counts and ids, not content)."""
    out: dict[str, Any] = {}
    for key, value in update.items():
        if key == "trace":
            continue
        if key == "evidence":
            out["evidence"] = [e.id for e in value]
        elif key in ("images", "masks", "prior_masks"):
            out[key] = sorted(value)
        elif key in ("status", "track", "rounds", "revise"):
            out[key] = value
        elif key == "reasons":
            out[key] = list(value)
        elif key == "answer" and value is not None:
            out[key] = {"choice": value.choice, "evidence_ids": value.evidence_ids}
        elif key == "review" and value is not None:
            out[key] = {"consistent": value.consistent, "failed": [c.name for c in value.checks if not c.passed]}
        else:
            out[key] = type(value).__name__
    return out


# -- routers ---------------------------------------------------------------------------

def _next_after(stage: str, state: CaseState) -> str:
    """The next agent after `stage` that the plan needs."""
    plan = state.plan
    if plan is None:
        raise RuntimeError("routing before triage made a plan")
    order = [
        ("segmentation", plan.needs_segmentation),
        ("measurement", plan.needs_measurement),
        ("knowledge", plan.needs_knowledge),
        ("reasoner", True),
    ]
    names = [name for name, _ in order]
    start = names.index(stage) + 1 if stage in names else 0
    return next(name for name, needed in order[start:] if needed)


def route_after_triage(state: CaseState) -> Literal["segmentation", "measurement", "knowledge", "reasoner", "finalize"]:
    if state.status == "rejected":
        return "finalize"
    return _next_after("triage", state)  # type: ignore[return-value]


def route_after_segmentation(state: CaseState) -> Literal["measurement", "knowledge", "reasoner"]:
    return _next_after("segmentation", state)  # type: ignore[return-value]


def route_after_measurement(state: CaseState) -> Literal["knowledge", "reasoner"]:
    return _next_after("measurement", state)  # type: ignore[return-value]


def _fixable(review: Review) -> list[Fix]:
    """The reviewer's fixes that an agent after triage can make (triage's cannot be redone)."""
    return [f for f in review.required_fixes if f.agent in REVISABLE]


def _actionable(state: CaseState, runtime: Runtime[Context], readers: Mapping[str, ActsFn] | None) -> list[Fix]:
    """The fixes an agent can act on (its `acts_on_feedback`; one without a reader is taken to act)."""
    review = state.review
    assert review is not None
    return [fix for fix in _fixable(review)
            if readers is None or fix.agent not in readers or readers[fix.agent](state, runtime)]


def make_review_router(readers: Mapping[str, ActsFn] | None) -> Callable[..., Literal["revise", "finalize"]]:
    """The router after the reviewer: revise only when an agent can act on the feedback, else finalize."""

    def route_after_review(state: CaseState, runtime: Runtime[Context]) -> Literal["revise", "finalize"]:
        review = state.review
        if review is None:
            raise RuntimeError("reviewer returned no verdict")
        if review.consistent or state.rounds >= runtime.context.config.max_review_rounds:
            return "finalize"
        return "revise" if _actionable(state, runtime, readers) else "finalize"

    return route_after_review


def make_revise(readers: Mapping[str, ActsFn] | None) -> Callable[..., dict[str, Any]]:
    """The revise node: counts a round and hands the reviewer's reasons to the first agent that can act."""

    def revise(state: CaseState, runtime: Runtime[Context]) -> dict[str, Any]:
        fixes = _actionable(state, runtime, readers)
        target = fixes[0].agent
        return {
            "rounds": state.rounds + 1,
            "revise": target,
            "feedback": [f.reason for f in fixes if f.agent == target],
        }

    return revise


def route_revision(state: CaseState) -> Literal["segmentation", "measurement", "knowledge", "reasoner"]:
    if state.revise not in REVISABLE:
        raise RuntimeError(f"cannot send a case back to {state.revise!r}")
    return state.revise


def build_graph(nodes: Mapping[str, NodeFn] | None = None, checkpointer: Any = None,
                feedback_readers: Mapping[str, ActsFn] | None = None) -> Any:
    """Compiles the case graph; `nodes` replaces agents by name (tests use scripted fakes).

    `feedback_readers` says which agents can act on the reviewer's feedback; by default the real
    agents' own `acts_on_feedback` for the real agents, and every scripted node is taken to act.
    """
    agents = default_nodes() if nodes is None or set(nodes) != set(AGENTS) else {}
    agents.update(nodes or {})
    if feedback_readers is None:
        real = default_feedback_readers()
        feedback_readers = {name: fn for name, fn in real.items() if name not in (nodes or {})}
    graph = StateGraph(CaseState, context_schema=Context)
    for name in AGENTS:
        graph.add_node(name, _timed(name, agents[name]))
    graph.add_node("revise", make_revise(feedback_readers))
    graph.add_node("finalize", _timed("finalize", finalize))

    graph.add_edge(START, "triage")
    graph.add_conditional_edges("triage", route_after_triage)
    graph.add_conditional_edges("segmentation", route_after_segmentation)
    graph.add_conditional_edges("measurement", route_after_measurement)
    graph.add_edge("knowledge", "reasoner")
    graph.add_edge("reasoner", "reviewer")
    graph.add_conditional_edges("reviewer", make_review_router(feedback_readers))
    graph.add_conditional_edges("revise", route_revision)
    graph.add_edge("finalize", END)
    return graph.compile(checkpointer=checkpointer)
