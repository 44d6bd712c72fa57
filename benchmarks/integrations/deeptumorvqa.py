"""clinorch as the agent inside DeepTumorVQA's own harness (`deeptumorvqa-eval --backend custom`).

    deeptumorvqa-eval --backend custom --custom-module benchmarks.integrations.deeptumorvqa \\
        --mode agent --agent-mode oracle --data-dir ROOT --output OUT.json

`build_evaluator(args)` returns a subclass of the harness's `AgentEvaluator` whose `chat(messages,
tools)` is clinorch: it reads the harness's prompt (the multiple-choice question and its options),
plans with clinorch's question understanding, asks the harness's tools for the quantities the plan
needs (all in one step, a retry step for targets the cache names differently), turns their JSON into
clinorch evidence, answers with the guideline reasoner and the cited criteria, and has the reviewer
check the answer against that evidence before it commits a letter. The harness runs the tools,
counts the steps (at most `max_steps`; the last one offers no tools) and scores.

The package `deeptumorvqa` is installed from the benchmark's repository (it is not on PyPI); it is
imported only when `build_evaluator` runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from agents.reasoners.asked_kind import kind_asked
from benchmarks.integrations.harness_tools import (
    Call,
    evidence_from,
    organ_calls,
    plan_calls,
    read_number,
    tool_exchanges,
    typed_lesions_carried,
)
from benchmarks.integrations.harness_tools import alternative as _alternative
from benchmarks.records import parse_mc_question
from core.case import Case, CaseResult, Evidence, Review
from questions.lesion_kinds import lesion_kind_mentioned

__all__ = ["Call", "ClinorchAgent", "Prompt", "abstention_text", "build_evaluator", "evidence_from", "parse_prompt",
           "plan_calls", "read_number", "tool_exchanges"]
INSTALL_HINT = ("clinorch's DeepTumorVQA integration needs the benchmark's harness package `deeptumorvqa`, which is "
                "not on PyPI: install it from its repository (github.com/Schuture/DeepTumorVQA, branch v2), "
                "e.g. `pip install git+https://github.com/Schuture/DeepTumorVQA@v2`.")
_BLURB = re.compile(r"^(The image is|The video plays|You are given the full 3D|Patient:|Voxel spacing|Answer with)")


@dataclass
class Prompt:
    """What the harness asked: the question, its options, and the answer format."""

    question: str
    choices: dict[str, str]
    fmt: str
    """`mc` or `freeform`."""
    kind: str = "categorical"
    """Free-form answer kind the prompt asks for: `numeric`, `binary` or `categorical`."""


def parse_prompt(messages: Sequence[dict[str, Any]]) -> Prompt:
    """The question of the first user message, without the harness's blurbs.

    Raises:
        ValueError: there is no user message with text.
    """
    user = next((m for m in messages if m.get("role") == "user"), None)
    content = user.get("content") if user else None
    if isinstance(content, list):  # OpenAI content parts
        content = "\n".join(p.get("text", "") for p in content if isinstance(p, dict))
    if not content:
        raise ValueError("the harness sent no user prompt to answer")
    fmt = "mc" if "single letter" in content else "freeform"
    body = "\n".join(line for line in str(content).splitlines() if line.strip() and not _BLURB.match(line.strip()))
    question, choices = parse_mc_question(body) if fmt == "mc" else (body.strip(), {})
    kind = "numeric" if "single number" in content else "binary" if "'yes' or 'no'" in content else "categorical"
    return Prompt(question=question, choices=choices, fmt=fmt, kind=kind)


@dataclass
class Decision:
    """The committed answer, the evidence it rests on and the reviewer's verdict."""

    content: str
    result: CaseResult
    review: Review | None = None
    notes: list[str] = field(default_factory=list)


KIND_TASKS = ("renal mass characterization", "lesion type classification")
"""Tasks whose options are the kinds a lesion may be: the question's kind words are its categories, every lesion mask
of the group is read."""


class ClinorchAgent:
    """The clinorch side of `chat`: plan, gather, answer, review. Independent of the harness base class."""

    knowledge_profile = "deeptumorvqa"

    def chat(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> dict[str, Any]:
        """One harness turn: either the tool calls the plan still needs, or the final answer."""
        prompt = parse_prompt(messages)
        intent = self._understand(prompt)
        quantities = [*intent.quantities, *intent.support_quantities]
        planned = [*plan_calls(quantities), *organ_calls(quantities, [intent.organ])]
        exchanges = tool_exchanges(messages)
        asked = {json.dumps([n, {k: v for k, v in a.items() if k != "image_id"}], sort_keys=True)
                 for n, a, _ in exchanges}
        offered = {t.get("function", t).get("name") for t in tools or []}
        if offered:
            todo = [c for c in planned if c.key() not in asked and c.name in offered]
            if not exchanges and "lookup_medical_knowledge" in offered and intent.task not in ("report",):
                todo.append(Call("lookup_medical_knowledge", {"query": intent.task}, "", ""))
            if not todo:
                todo = self._retries(planned, exchanges, asked)
            if todo:
                return {"content": f"clinorch plan for {intent.task!r}: gathering {len(todo)} measurement(s).",
                        "tool_calls": [{"name": c.name, "arguments": c.arguments} for c in todo]}
        kind = lesion_kind_mentioned(prompt.question) if intent.task not in KIND_TASKS else None  # "the kidney mass
        # (simple cyst / indeterminate / hyperattenuating)?" names the categories, not the masks to read
        asked_kind = kind_asked(intent)
        if asked_kind is not None and typed_lesions_carried(exchanges, asked_kind[0]):
            kind = None  # "the largest pancreatic cyst": each lesion's carried kind names it, not the group cut to a mask
        elif kind is None and (asked_kind or ("", ""))[1] == "solid":
            kind = "solid"  # AJCC T of "the pancreatic tumor": its solid masks' lesions, never a larger cyst's
        decision = self.decide(prompt, intent, evidence_from(exchanges, planned, kind))
        self.last_decision = decision
        return {"content": decision.content, "tool_calls": []}

    def _understand(self, prompt: Prompt) -> Any:
        from questions.understanding import understand

        return understand(prompt.question, prompt.choices or None)

    @staticmethod
    def _retries(planned: Sequence[Call], exchanges: Sequence[tuple[str, dict[str, Any], Any]],
                 asked: set[str]) -> list[Call]:
        """Calls to repeat under the name the harness lists in `available_targets`."""
        out = []
        for name, arguments, result in exchanges:
            if not isinstance(result, dict) or not result.get("available_targets"):
                continue
            alternative = _alternative(str(arguments.get("target")), result["available_targets"])
            if alternative:
                retry = Call(name, {**{k: v for k, v in arguments.items() if k != "image_id"}, "target": alternative},
                             alternative, "")
                if retry.key() not in asked:
                    out.append(retry)
        return out

    def decide(self, prompt: Prompt, intent: Any, evidence: list[Evidence]) -> Decision:
        """Answers from the evidence with the guideline reasoner, reviews, and returns what to commit."""
        from agents.reasoner import InsufficientEvidence, ReasonerError, build_input, resolve
        from core.state import CaseState, Plan
        from knowledge import shared_base

        base = shared_base(self.knowledge_profile)
        criteria = _criteria(base, intent)
        case = Case(case_id="deeptumorvqa", question=prompt.question, choices=prompt.choices or None)
        state = CaseState(case=case, plan=Plan(intent=intent), evidence=[*evidence, *criteria])
        task, added = build_input(state, intent, base)
        try:
            answer = resolve("guideline").answer(task)
        except (InsufficientEvidence, ReasonerError) as exc:
            reason = f"the evidence does not support an answer: {exc}" + _bound_note(evidence, intent)
            result = CaseResult(case_id=case.case_id, status="abstained", reasons=[reason],
                                evidence=[*evidence, *criteria, *added])
            return Decision(content=abstention_text(reason), result=result, notes=[reason])
        result = CaseResult(case_id=case.case_id, status="answered", answer=answer.choice or answer.text,
                            answer_detail=answer, evidence=[*evidence, *criteria, *added])
        review = _review(result, case)
        if review is not None and not review.consistent:
            reason = "the reviewer did not approve: " + "; ".join(c.reason for c in review.checks if not c.passed)
            abstained = result.model_copy(update={"status": "abstained", "reasons": [reason], "review": review})
            return Decision(content=abstention_text(reason), result=abstained, review=review, notes=[reason])
        if prompt.fmt == "mc" and not answer.choice:
            reason = f"the answer {answer.text!r} names none of the options"
            return Decision(content=abstention_text(reason), result=result.model_copy(update={"status": "abstained"}),
                            review=review, notes=[reason])
        if prompt.fmt == "mc":
            content = str(answer.choice)
        else:
            from benchmarks.runner import short_answer

            content = short_answer(answer.text, prompt.kind)
        return Decision(content=content, result=result.model_copy(update={"review": review}), review=review)


def _bound_note(evidence: Sequence[Evidence], intent: Any) -> str:
    """Why the lesions the question asks about were counted only from below (a missing mask, a lesion search that
    misses lesions), said with the abstention; '' when they were counted whole."""
    groups = {intent.lesion} if intent.lesion else {e.target for e in evidence if e.name == "lesion_count_lower_bound"}
    bounds = [e for e in evidence if e.name == "lesion_count_lower_bound" and e.target in groups and e.reason]
    return "".join(f"; {e.target.replace('_', ' ')}s: at least {e.value} found, a lower bound ({e.reason})"
                   for e in bounds)


def _criteria(base: Any, intent: Any) -> list[Evidence]:
    """The criteria deciding the task, cited as the knowledge agent cites them."""
    from knowledge.needs import criteria_for, criterion_evidence

    task = intent.task if intent.task not in ("report", "knowledge question") else None
    target = intent.organ or intent.lesion
    out = []
    for entry in criteria_for(base, task, target, intent.quantities):
        kwargs = criterion_evidence(entry, target)
        kwargs["provenance"] = {"entry_id": entry.id, **kwargs.get("provenance", {})}
        out.append(Evidence.make(**kwargs))
    return out


def abstention_text(reason: str) -> str:
    """An explicit abstention the harness records as no letter.

    The harness reads the first character, else the first standalone A-D, as the chosen letter; the
    text therefore starts with `[` and carries no standalone letter A-D in the harness's sense (its
    `\\b[A-D]\\b` on the upper-cased text): an article `a` would be read as option A, and so would a
    quoted letter `'A'` or a contraction's `I'd`. A quoted option letter is said by its place
    ("option #1"); every other standalone a-d is dropped.
    """
    words = re.sub(r"(?<!\w)'([A-D])'(?!\w)", lambda m: f"option #{ord(m.group(1)) - 64}", reason)
    words = re.sub(r"(?<!\w)[a-dA-D](?!\w)", "", words)
    return "[no answer] clinorch abstains: " + " ".join(words.split())


def _review(result: CaseResult, case: Case) -> Review | None:
    """The attending reviewer's checks of the answer against the tool evidence (None without a reviewer)."""
    try:
        from agents.reviewer import review_result
    except ImportError:
        return None
    return review_result(result, case)


def evaluator_class() -> type:
    """`ClinorchAgent` mixed into the harness's `AgentEvaluator`.

    Raises:
        ImportError: the `deeptumorvqa` package is not installed (the message says how to install it).
    """
    try:
        from deeptumorvqa.eval.agent_evaluator import AgentEvaluator
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc

    class ClinorchAgentEvaluator(ClinorchAgent, AgentEvaluator):  # type: ignore[misc, valid-type]
        """DeepTumorVQA's agent evaluator with clinorch answering (`chat`)."""

        def __init__(self, model_id: str = "clinorch", mode: str = "oracle", max_steps: int = 5, **kwargs: Any):
            super().__init__(model_id=model_id, mode=mode, max_steps=max_steps, **kwargs)

        def chat(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> dict[str, Any]:
            return ClinorchAgent.chat(self, messages, tools)

    return ClinorchAgentEvaluator


def build_evaluator(args: Any) -> Any:
    """The harness's entry point: `--agent-mode` and `--max-steps` come from its argparse namespace."""
    cls = evaluator_class()
    mode = getattr(args, "agent_mode", None) or "oracle"
    max_steps = int(getattr(args, "max_steps", None) or 5)
    return cls(model_id="clinorch", mode=mode, max_steps=max_steps)
