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

from benchmarks.records import parse_mc_question
from core.case import Answer, Case, CaseResult, Evidence, Review

INSTALL_HINT = ("clinorch's DeepTumorVQA integration needs the benchmark's harness package `deeptumorvqa`, which is "
                "not on PyPI: install it from its repository (github.com/Schuture/DeepTumorVQA, branch v2), "
                "e.g. `pip install git+https://github.com/Schuture/DeepTumorVQA@v2`.")
_BLURB = re.compile(r"^(The image is|The video plays|You are given the full 3D|Patient:|Voxel spacing|Answer with)")
LESION_MASKS = {"liver_lesion": ("liver_tumor",), "kidney_lesion": ("kidney_tumor", "kidney_cyst"),
                "pancreas_lesion": ("pancreas_tumor",), "colon_lesion": ("colon_tumor",)}
GROUP_ORGANS = {"liver_lesion": ("liver",), "kidney_lesion": ("kidney_left", "kidney_right"),
                "pancreas_lesion": ("pancreas",), "colon_lesion": ()}
_MEASURE_OF = {"volume_ml": "volume_cm3", "mean_hu": "mean_hu", "lesion_count": "lesion_count",
               "largest_lesion_volume_ml": "largest_lesion_volume_cm3", "largest_lesion_diameter_mm": "max_diameter_mm",
               "largest_lesion_mean_hu": "mean_hu", "total_lesion_volume_ml": "volume_cm3"}
_UNIT = {"volume_cm3": "mL", "mean_hu": "HU", "lesion_count": "count", "largest_lesion_volume_cm3": "mL",
         "max_diameter_mm": "mm", "largest_lesion_diameter_cm": "mm"}


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
class Call:
    """A harness tool call clinorch wants, and the contract quantity its value becomes."""

    name: str
    arguments: dict[str, Any]
    target: str
    quantity: str

    def key(self) -> str:
        return json.dumps([self.name, self.arguments], sort_keys=True)


def plan_calls(quantities: Sequence[str]) -> list[Call]:
    """The harness calls behind clinorch's quantity keys (`{target}.{name}`), without duplicates."""
    calls: dict[str, Call] = {}

    def add(tool: str, args: dict[str, Any], target: str, quantity: str) -> None:
        call = Call(tool, args, target, quantity)
        calls.setdefault(call.key(), call)

    for key in quantities:
        target, _, name = key.rpartition(".")
        if "/" in target:  # derived pairs: measure both sides
            base = "mean_hu" if name == "hu_ratio" else "volume_ml"
            for organ in target.split("/"):
                add("measure", {"target": organ, "measurement_type": _MEASURE_OF[base]}, organ, base)
            continue
        group = re.sub(r"_\d+$", "", target)
        if group in LESION_MASKS:
            wanted = {"hu_difference_in_organ_sd": ["largest_lesion_mean_hu"], "tumor_burden_pct":
                      ["total_lesion_volume_ml"]}.get(name, [name] if name in _MEASURE_OF else ["lesion_count"])
            for mask in LESION_MASKS[group]:
                add("measure", {"target": mask, "measurement_type": "lesion_count"}, mask, "lesion_count")
                for quantity in wanted:
                    add("measure", {"target": mask, "measurement_type": _MEASURE_OF[quantity]}, mask, quantity)
            for organ in GROUP_ORGANS[group]:
                if name in ("hu_difference_in_organ_sd", "largest_lesion_mean_hu", "tumor_burden_pct"):
                    quantity = "volume_ml" if name == "tumor_burden_pct" else "mean_hu"
                    add("measure", {"target": organ, "measurement_type": _MEASURE_OF[quantity]}, organ, quantity)
                if group == "kidney_lesion":  # which side holds the lesion decides the host organ
                    add("measure", {"target": organ, "measurement_type": "lesion_count"}, organ, "lesion_count")
            continue
        if name in ("volume_ml", "mean_hu"):
            add("measure", {"target": target, "measurement_type": _MEASURE_OF[name]}, target, name)
        elif name == "lesion_count" and target.startswith(("liver_segment_", "pancreas_")):
            add("measure", {"target": target, "measurement_type": "lesion_count"}, target, name)
    return list(calls.values())


def read_number(result: Any, measurement_type: str | None = None) -> float | None:
    """The number in a tool result: under `value`, under the measurement's own name, or the only number."""
    if isinstance(result, bool):
        return None
    if isinstance(result, (int, float)):
        return float(result)
    if isinstance(result, str):
        match = re.search(r"-?\d+(?:\.\d+)?", result)
        return float(match.group()) if match else None
    if not isinstance(result, dict) or result.get("error") or result.get("mask_found") is False:
        return None
    for key in ("value", measurement_type, "result", "measurement"):
        if key and key in result:
            number = read_number(result[key], measurement_type)
            if number is not None:
                return number
    numbers = [v for k, v in result.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
               and k not in ("voxel_count",)]
    return float(numbers[0]) if len(numbers) == 1 else None


def tool_exchanges(messages: Sequence[dict[str, Any]]) -> list[tuple[str, dict[str, Any], Any]]:
    """(tool, arguments, parsed result) for every call in the conversation, in order.

    The harness writes one `tool` message per call, after the assistant turn that made the calls.
    """
    out: list[tuple[str, dict[str, Any], Any]] = []
    pending: list[tuple[str, dict[str, Any]]] = []
    for message in messages:
        if message.get("role") == "assistant":
            pending = []
            for call in message.get("tool_calls") or []:
                function = call.get("function") or {}
                arguments = call.get("arguments", function.get("arguments")) or {}
                if isinstance(arguments, str):
                    try:
                        arguments = json.loads(arguments)
                    except json.JSONDecodeError:
                        arguments = {}
                pending.append((call.get("name") or function.get("name") or "", dict(arguments)))
        elif message.get("role") == "tool" and pending:
            name, arguments = pending.pop(0)
            try:
                result = json.loads(message.get("content") or "null")
            except (TypeError, json.JSONDecodeError):
                result = message.get("content")
            out.append((message.get("name") or name, arguments, result))
    return out


def _alternative(wanted: str, available: Sequence[str]) -> str | None:
    """The available target that names the same structure (`pancreatic_tumor` for `pancreas_tumor`)."""
    stem = wanted.split("_")[0][:5]
    kind = wanted.split("_")[-1]
    same = [a for a in available if a != wanted and a.lower().startswith(stem)]
    for candidate in same:
        if kind in candidate.lower() or ("lesion" in candidate.lower() and kind in ("tumor", "cyst")):
            return candidate
    return None


def evidence_from(exchanges: Sequence[tuple[str, dict[str, Any], Any]], planned: Sequence[Call]) -> list[Evidence]:
    """Tool results as clinorch measurement evidence (lesion masks gathered into their groups)."""
    by_call = {json.dumps([n, {k: v for k, v in a.items() if k != "image_id"}], sort_keys=True): r
               for n, a, r in exchanges}
    values: dict[tuple[str, str], float] = {}
    for call in planned:
        result = by_call.get(call.key())
        number = read_number(result, call.arguments.get("measurement_type"))
        if number is None and isinstance(result, dict):
            for _name, arguments, retried in exchanges:  # a retry under the cache's own name
                if arguments.get("measurement_type") == call.arguments.get("measurement_type") and \
                        arguments.get("target") == _alternative(call.target, result.get("available_targets") or []):
                    number = read_number(retried, arguments.get("measurement_type"))
        if number is not None:
            if call.arguments.get("measurement_type") == "largest_lesion_diameter_cm":
                number *= 10.0
            values[(call.target, call.quantity)] = number
            spread = _spread(result)
            if call.quantity == "mean_hu" and spread is not None:
                values[(call.target, "std_hu")] = spread
    evidence: list[Evidence] = []

    def put(target: str, name: str, value: float | int, unit: str | None, sources: list[str]) -> None:
        evidence.append(Evidence.make("measurement", "measurement", name, target, value=value, unit=unit,
                                      provenance={"method": "deeptumorvqa harness tools", "calls": sources}))

    for (target, name), value in values.items():
        if not any(target in masks for masks in LESION_MASKS.values()):
            unit = {"volume_ml": "mL", "mean_hu": "HU", "std_hu": "HU"}.get(name, "count")
            put(target, name, value, unit, [f"{target}.{name}"])
    for group, masks in LESION_MASKS.items():
        counts = [values.get((m, "lesion_count")) for m in masks]
        if all(c is None for c in counts):
            continue
        count = int(sum(c or 0 for c in counts))
        put(group, "lesion_count", count, "count", [f"{m}.lesion_count" for m in masks])
        present = [m for m, c in zip(masks, counts, strict=True) if c]
        largest = max(present, key=lambda m: values.get((m, "largest_lesion_volume_ml"), 0.0), default=None)
        for name, unit in (("largest_lesion_volume_ml", "mL"), ("largest_lesion_diameter_mm", "mm"),
                           ("largest_lesion_mean_hu", "HU")):
            if largest and (largest, name) in values:
                put(group, name, values[(largest, name)], unit, [f"{largest}.{name}"])
        totals = [values[(m, "total_lesion_volume_ml")] for m in masks if (m, "total_lesion_volume_ml") in values]
        if totals:
            put(group, "total_lesion_volume_ml", sum(totals), "mL", [f"{m}.total_lesion_volume_ml" for m in masks])
            organ_volumes = [values.get((o, "volume_ml")) for o in GROUP_ORGANS[group]]
            if organ_volumes and all(organ_volumes):
                put(group, "tumor_burden_pct", 100.0 * sum(totals) / sum(organ_volumes), "%",  # type: ignore[arg-type]
                    [f"{group}.total_lesion_volume_ml", *(f"{o}.volume_ml" for o in GROUP_ORGANS[group])])
        sides = [o for o in GROUP_ORGANS[group] if values.get((o, "lesion_count"))]
        if group == "kidney_lesion" and len(sides) == 1 and count:
            evidence.append(Evidence.make("measurement", "measurement", "location", f"{group}_1", value=sides[0],
                                          provenance={"method": "deeptumorvqa harness tools",
                                                      "calls": [f"{sides[0]}.lesion_count"]}))
    return evidence


def _spread(result: Any) -> float | None:
    """The standard deviation a mean-HU result may carry (`std_hu`, `std`, `sd`)."""
    if not isinstance(result, dict):
        return None
    for key in ("std_hu", "std", "sd", "hu_std"):
        value = result.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None


@dataclass
class Decision:
    """The committed answer, the evidence it rests on and the reviewer's verdict."""

    content: str
    result: CaseResult
    review: Review | None = None
    notes: list[str] = field(default_factory=list)


class ClinorchAgent:
    """The clinorch side of `chat`: plan, gather, answer, review. Independent of the harness base class."""

    knowledge_profile = "deeptumorvqa"

    def chat(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> dict[str, Any]:
        """One harness turn: either the tool calls the plan still needs, or the final answer."""
        prompt = parse_prompt(messages)
        intent = self._understand(prompt)
        planned = plan_calls(intent.quantities)
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
        decision = self.decide(prompt, intent, evidence_from(exchanges, planned))
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
        from agents.reasoner import InsufficientEvidence, ReasonerError, build_input, knowledge_base, resolve
        from core.state import CaseState, Plan

        base = knowledge_base(self.knowledge_profile)
        criteria = _criteria(base, intent)
        case = Case(case_id="deeptumorvqa", question=prompt.question, choices=prompt.choices or None)
        state = CaseState(case=case, plan=Plan(intent=intent), evidence=[*evidence, *criteria])
        task, added = build_input(state, intent, base)
        notes: list[str] = []
        try:
            answer = resolve("guideline").answer(task)
        except (InsufficientEvidence, ReasonerError) as exc:
            notes.append(f"reasoner could not answer: {exc}")
            answer = _fallback(prompt)
        result = CaseResult(case_id=case.case_id, status="answered", answer=answer.choice or answer.text,
                            answer_detail=answer, evidence=[*evidence, *criteria, *added])
        review = _review(result, case)
        if review is not None and not review.consistent:
            notes.append("reviewer: " + "; ".join(c.reason for c in review.checks if not c.passed))
        if prompt.fmt == "mc":
            content = answer.choice or _fallback(prompt).choice or "A"
        else:
            from benchmarks.runner import short_answer

            content = short_answer(answer.text, prompt.kind)
        return Decision(content=content, result=result.model_copy(update={"review": review}), review=review,
                        notes=notes)


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


def _fallback(prompt: Prompt) -> Answer:
    """When the evidence cannot settle it: the first option (a letter scores better than none)."""
    letter = next(iter(sorted(prompt.choices)), None)
    return Answer(text=prompt.choices.get(letter, "") if letter else "", choice=letter, backend="fallback")


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
