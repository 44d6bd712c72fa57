"""What a language model is told, and how its reply becomes an `Answer`.

The prompt gives the question, the choices, the evidence (one line per item, with its id),
the cited criteria with their thresholds, and the reviewer's feedback on a revise round. The
model must reply with JSON `{"text", "choice", "evidence_ids", "criterion_id"}`; a reply that
is free text is parsed (JSON inside it, else a leading letter and the ids it mentions) or, when
it cannot be, the backend asks again.
"""

from __future__ import annotations

import json
import re
from typing import Any

from agents.reasoners.base import ReasonerInput
from core.case import Answer, Evidence

SYSTEM = (
    "You are an attending radiologist answering a question about one CT study. Use ONLY the evidence "
    "listed: every number, organ and category you state must come from an evidence item, and every "
    "category must be the cited criterion applied to the measured value. Do not convert or round beyond "
    "one decimal. If the evidence does not settle the question, say so and choose nothing. Reply with a "
    "JSON object only: {\"text\": answer sentence, \"choice\": letter or null, \"evidence_ids\": [ids you "
    "used], \"criterion_id\": knowledge entry id or null}."
)
ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "text": {"type": "string", "description": "The answer, with the numbers and categories it rests on."},
        "choice": {"type": ["string", "null"], "description": "The option letter, or null for free form."},
        "evidence_ids": {"type": "array", "items": {"type": "string"}, "description": "Ids of the evidence used."},
        "criterion_id": {"type": ["string", "null"], "description": "The knowledge entry applied, if any."},
    },
    "required": ["text", "choice", "evidence_ids"],
    "additionalProperties": False,
}
SUBMIT_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {"name": "submit_answer", "description": "Submit the final answer with the evidence it rests on.",
                 "parameters": ANSWER_SCHEMA},
}


class ParseError(ValueError):
    """A model reply that cannot be read as an answer; the message says what was wrong."""


def evidence_line(e: Evidence) -> str:
    value = f"{e.value!r}" if isinstance(e.value, str) else f"{e.value}"
    unit = f" {e.unit}" if e.unit else ""
    return f"- [{e.id}] {e.target or '-'} {e.name} = {value}{unit}"


def user_prompt(task: ReasonerInput) -> str:
    """The question with everything the model may rest its answer on."""
    lines = [f"Question: {task.question or 'Full work-up: report every finding.'}"]
    if task.choices:
        lines.append("Choices: " + "; ".join(f"{k}: {v}" for k, v in sorted(task.choices.items())))
        lines.append("Answer with the single letter of the matching choice in \"choice\".")
    lines.append(f"Task: {task.intent.task}; organ: {task.intent.organ}; lesion group: {task.intent.lesion}; "
                 f"needed quantities: {', '.join(task.intent.quantities) or 'none'}")
    lines.append("Evidence:")
    lines += [evidence_line(e) for e in task.evidence if e.kind in ("measurement", "finding", "segmentation")]
    if task.criteria:
        lines.append("Cited criteria:")
        for e in task.evidence:
            entry_id = e.provenance.entry_id if e.kind == "criterion" else None
            if entry_id in task.criteria:
                lines.append(f"- [{e.id}] (entry {entry_id})\n  " + task.criteria[entry_id].render().replace("\n", "\n  "))
    if task.feedback:
        lines.append("The reviewer rejected your previous answer: " + " | ".join(task.feedback))
    return "\n".join(lines)


def parse_reply(content: str | dict[str, Any] | None, task: ReasonerInput, backend: str) -> Answer:
    """A model's reply (tool arguments, JSON text, or free text) as an `Answer`.

    Raises:
        ParseError: no answer text, a choice that is not offered, or no evidence id at all.
    """
    if content is None:
        raise ParseError("the reply is empty")
    data = content if isinstance(content, dict) else _json_in(content)
    known = {e.id for e in task.evidence}
    if data is None:
        text = _strip_thinking(str(content))
        letter = re.match(r"\s*(?:answer\s*[:\-]?\s*)?\(?([A-Z])\)?(?:[:.)\s]|$)", text, re.IGNORECASE)
        data = {"text": text, "choice": letter.group(1).upper() if letter and task.choices else None,
                "evidence_ids": [i for i in known if i in text]}
    text = str(data.get("text") or "").strip()
    if not text:
        raise ParseError(f"the reply has no answer text: {str(content)[:200]!r}")
    choice = data.get("choice")
    choice = str(choice).strip().upper()[:1] if choice else None
    if task.choices and choice not in task.choices:
        raise ParseError(f"choice {choice!r} is not one of {sorted(task.choices)!r}")
    if not task.choices:
        choice = None
    ids = [str(i) for i in data.get("evidence_ids") or []]
    if not ids:
        raise ParseError("the reply cites no evidence id")
    return Answer(text=text, choice=choice, evidence_ids=ids, backend=backend,
                  criterion_id=str(data["criterion_id"]) if data.get("criterion_id") else None)


def _strip_thinking(text: str) -> str:
    return re.sub(r"<think>.*?</think>", "", text, flags=re.DOTALL).strip()


def _json_in(text: str) -> dict[str, Any] | None:
    """The first JSON object in a text (code fences and thinking removed), None if there is none."""
    body = _strip_thinking(text)
    body = re.sub(r"^```(?:json)?|```$", "", body.strip(), flags=re.MULTILINE).strip()
    start = body.find("{")
    while start != -1:
        depth = 0
        for i, ch in enumerate(body[start:], start):
            depth += ch == "{"
            depth -= ch == "}"
            if depth == 0:
                try:
                    data = json.loads(body[start:i + 1])
                except json.JSONDecodeError:
                    break
                return data if isinstance(data, dict) else None
        start = body.find("{", start + 1)
    return None
