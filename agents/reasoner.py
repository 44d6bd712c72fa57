"""The reasoner agent: composes the answer from the evidence and the cited criteria.

Backends sit behind one protocol (`agents.reasoners.base.Reasoner`) with a registry by name:
`guideline` (embedded default, deterministic), `transformers` (a local Hugging Face VLM) and
`openai` (any OpenAI-compatible server). `Config.reasoner` picks one; `Config.reasoner_options`
are passed to it.

The node derives what the measurements imply (ratios, sums, per-segment counts: evidence of
kind `finding`, recomputable by the reviewer), hands everything to the backend, and returns the
answer. When the evidence does not settle the question it returns no answer and a failed
`check:-:answerable` item saying why and whose evidence is missing.

Feedback it acts on: the reviewer's reasons go into `ReasonerInput.feedback`; backends that read
them (`uses_feedback = True`: the language-model backends, whose prompt quotes them) may answer
differently. The guideline backend is deterministic and does not (`acts_on_feedback` is False).
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agents.reasoners.base import (
    InsufficientEvidence,
    Reasoner,
    ReasonerError,
    ReasonerInput,
    ReasonerUnavailable,
    Rendered,
    UnknownReasonerError,
    available,
    register,
    resolve,
)
from agents.reasoners.derive import derive
from agents.reasoners.option_fit import fitted_to_options
from agents.reasoners.pancreas import contact_rule, premise_rule
from agents.reasoners.stated_rules import adjacency_rule, stated_rule
from core.case import Answer, Evidence, TraceStep
from core.context import Context
from core.state import CaseState, Intent
from core.tasks import REGISTRY
from questions.intents import choices_asked, extract

__all__ = [
    "InsufficientEvidence", "Reasoner", "ReasonerError", "ReasonerInput", "ReasonerUnavailable", "Rendered",
    "UnknownReasonerError", "available", "build_input", "node", "register", "resolve",
]

def _intent(state: CaseState) -> Intent:
    """The intent triage parsed; the reasoner never reads the question text again."""
    if state.plan is None:
        raise RuntimeError("the reasoner ran before triage made a plan")
    return state.plan.intent


def cited_criteria(evidence: list[Evidence], base: Any) -> dict[str, Any]:
    """Knowledge entries of the criterion evidence, by entry id (unknown ids are left out)."""
    out: dict[str, Any] = {}
    for e in evidence:
        entry_id = e.provenance.entry_id if e.kind == "criterion" else None
        if entry_id and entry_id in base:
            out[entry_id] = base.get(entry_id)
    return out


def deciding_criterion(intent: Intent, evidence: list[Evidence], base: Any, cite_any: bool = False) -> list[Evidence]:
    """The registry's deciding criterion of a task that skips the knowledge agent, as evidence.

    The knowledge agent cites the criteria of the tasks that need it (and is sent back when one is
    missing); a task the registry sends past it (a lesion type decided by attenuation) still rests
    on a cited entry, so the reasoner cites the registry's own; so it does for a task the options re-tasked
    (`cite_any`: the knowledge agent cited the other task's criterion).
    """
    spec = REGISTRY.get(intent.task)
    if spec is None or (spec.needs_knowledge and not cite_any):
        return []
    entry_id = spec.criterion(intent.organ or intent.lesion)
    if entry_id is None or entry_id not in base or entry_id in cited_criteria(evidence, base):
        return []
    entry = base.get(entry_id)
    why = "the options are its categories" if cite_any else "task registry"
    return [Evidence.make("criterion", "reasoner", entry_id, intent.lesion or intent.organ, citation=entry.citation,
                          reason=f"decides {intent.task!r} ({why})",
                          provenance={"entry_id": entry_id, "profile": entry.profile, "cited_by": "reasoner"})]


def build_input(state: CaseState, intent: Intent, base: Any, store: Any = None) -> tuple[ReasonerInput, list[Evidence]]:
    """The backend's input and the evidence the node adds (auxiliary criteria, derived findings)."""
    evidence = list(state.evidence)
    fitted = fitted_to_options(intent, choices_asked(state.case.choices, extract(state.case.question or "").units), base)
    added = deciding_criterion(fitted, evidence, base, cite_any=fitted is not intent)
    choice_set = choices_asked(state.case.choices, extract(state.case.question or "").units)
    rule = stated_rule(fitted, choice_set)  # the question's own cut-off, contact or adjacency rule, cited as criteria
    added += [i for i in (rule.evidence() if rule else None, contact_rule(fitted, evidence),
                          adjacency_rule(fitted, choice_set), premise_rule(fitted)) if i is not None]
    intent = fitted
    evidence += added
    derived = derive(evidence, intent, intent.locations)
    evidence += derived
    feedback = list(state.feedback) if state.revise == "reasoner" else []
    from agents.reasoners.render import pixels_withheld, render_case

    withheld = pixels_withheld(state, store)
    if withheld is not None:
        added.append(Evidence.make("check", "reasoner", "pixels_shareable", value=False, passed=True, reason=withheld,
                                   provenance={"images_sent": 0}))

    def render() -> list[Rendered]:
        return render_case(state, store, intent) if store is not None else []

    task = ReasonerInput(question=state.case.question, choices=state.case.choices, intent=intent,
                         evidence=evidence, criteria=cited_criteria(evidence, base), feedback=feedback,
                         render=None if withheld is not None else render)
    return task, added + derived


def node(state: CaseState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Answers the case with the configured backend; on a revise round it reads the reviewer's feedback."""
    intent = _intent(state)
    base = runtime.context.knowledge
    task, added = build_input(state, intent, base, runtime.context.store)
    backend: Reasoner = runtime.context.reasoner
    answer: Answer | None
    try:
        answer = backend.answer(task)
        check = Evidence.make("check", "reasoner", "answerable", value=True, passed=True,
                              reason=f"answered by {backend.name!r}")
    except InsufficientEvidence as err:
        answer = None
        check = Evidence.make("check", "reasoner", "answerable", value=False, passed=False, reason=err.reason,
                              provenance={"missing": err.missing, "agent": err.agent})
    except ReasonerUnavailable:
        raise  # infrastructure (no model, no server): the run stops, it is not an abstention
    except ReasonerError as err:
        answer = None
        check = Evidence.make("check", "reasoner", "answerable", value=False, passed=False, reason=str(err),
                              provenance={"missing": [], "agent": "reasoner"})
    step = TraceStep(node="reasoner", tool=backend.name,
                     inputs={"task": intent.task, "evidence": len(task.evidence), "feedback": len(task.feedback)},
                     outputs={"answered": answer is not None, "choice": answer.choice if answer else None,
                              "evidence_ids": answer.evidence_ids if answer else [], "reason": check.reason,
                              "pixels_sent": task.render is not None})
    return {"answer": answer, "evidence": [*added, check], "trace": [step]}


def acts_on_feedback(state: CaseState, runtime: Runtime[Context]) -> bool:
    """Whether the configured backend reads the reviewer's reasons (a deterministic one would repeat itself)."""
    backend = runtime.context.reasoner
    return bool(getattr(backend, "uses_feedback", False))
