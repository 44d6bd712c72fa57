"""A stand-in for `deeptumorvqa.eval.agent_evaluator` following the documented contract.

The real package is not on PyPI. This module reproduces the parts of its agent loop that a custom
evaluator depends on: the prompt structure, one `tool` message per call after the assistant turn,
`image_id` added to every call, at most `max_steps` turns with no tools offered on the last one,
cache-first tool results (`{"cache": {image_id: {"segment": ..., "measure": ...}}}`) and MC scoring.
"""

from __future__ import annotations

import abc
import json
from pathlib import Path
from typing import Any

from benchmarks.records import QuestionRecord
from benchmarks.scoring import extract_letter
from benchmarks.tools import openai_schemas
from benchmarks.traces import AGENT_SYSTEM_PROMPT, harness_prompt


class AgentEvaluator(abc.ABC):
    """Same constructor and `chat` contract as the harness's base class."""

    system_prompt = AGENT_SYSTEM_PROMPT

    def __init__(self, model_id: str, mode: str = "oracle", tool_cache_path_override: Any = None, max_steps: int = 5,
                 force_answer_on_last: bool = True, **kwargs: Any) -> None:
        self.model_id, self.mode, self.max_steps = model_id, mode, max_steps
        self.force_answer_on_last = force_answer_on_last
        self.kwargs = kwargs

    @abc.abstractmethod
    def chat(self, messages: list[dict], tools: list[dict]) -> dict: ...

    def run_records(self, records: list[QuestionRecord], cache: dict[str, Any]) -> list[dict[str, Any]]:
        schemas = openai_schemas("oracle")
        results = []
        for q in records:
            messages = [{"role": "system", "content": self.system_prompt},
                        {"role": "user", "content": harness_prompt(q, "mc")}]
            trajectory: list[dict[str, Any]] = []
            final = ""
            for step in range(self.max_steps):
                offered = schemas if not self.force_answer_on_last or step < self.max_steps - 1 else []
                resp = self.chat(messages, offered)
                content, calls = resp.get("content") or "", resp.get("tool_calls") or []
                if not calls:
                    final = content
                    trajectory.append({"step": step + 1, "final_answer": content})
                    break
                messages.append({"role": "assistant", "content": content, "tool_calls": calls})
                for tc in calls:
                    args = dict(tc.get("arguments") or {})
                    args["image_id"] = q.image_id
                    result = _execute(cache, tc.get("name"), args)
                    messages.append({"role": "tool", "name": tc.get("name"), "content": json.dumps(result)})
                    trajectory.append({"step": step + 1, "tool": tc.get("name"), "arguments": args, "result": result})
            results.append({"qid": q.qid, "pred_answer": final, "correct_option": q.correct_option,
                            "correct": extract_letter(final) == q.correct_option, "trajectory": trajectory,
                            "question_subtype": q.question_subtype})
        return results


def _execute(cache: dict[str, Any], name: str | None, args: dict[str, Any]) -> dict[str, Any]:
    entry = cache.get("cache", cache).get(args["image_id"], {})
    if name == "segment_organ":
        found = entry.get("segment", {}).get(args.get("target"))
        return found or {"mask_found": False, "error": "No segmentation cached.",
                         "available_targets": list(entry.get("segment", {}))}
    if name == "measure":
        found = entry.get("measure", {}).get(args.get("target"), {}).get(args.get("measurement_type"))
        return found or {"error": f"No {args.get('measurement_type')!r} cached for {args.get('target')!r}."}
    if name == "lookup_medical_knowledge":
        return {"results": [{"text": "Splenomegaly = spleen volume > 314.5 cm3.", "source": "stand-in"}]}
    return {"error": f"Unknown tool '{name}'."}


def load_cache(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text())


LETTERS = "Answer with ONLY the single letter (A, B, C, or D)."
"""The harness's last line of every multiple-choice prompt."""


def converse(question: str, options: str, reply: Any) -> str:
    """clinorch's harness agent's final message on one question, each tool call answered by
    `reply(tool name, arguments) -> dict` (a cache stand-in); at most four tool turns, then no tools offered."""
    from benchmarks.integrations import deeptumorvqa as integration

    agent = integration.ClinorchAgent()
    messages: list[dict[str, Any]] = [{"role": "system", "content": "agent"},
                                      {"role": "user", "content": f"{question}\n{options}\n{LETTERS}"}]
    tools = [{"type": "function", "function": {"name": n}} for n in ("measure", "segment_organ")]
    for _ in range(4):
        turn = agent.chat(messages, tools)
        if not turn["tool_calls"]:
            return turn["content"]
        messages.append({"role": "assistant", "content": turn["content"], "tool_calls": turn["tool_calls"]})
        for call in turn["tool_calls"]:
            messages.append({"role": "tool", "name": call["name"],
                             "content": json.dumps(reply(call["name"], call["arguments"]))})
    return agent.chat(messages, [])["content"]
