"""Runs as supervision: DeepTumorVQA-style ShareGPT JSONL, one conversation per answered question.

    {"conversations": [{"from": "human", "value": <the benchmark prompt>},
                       {"from": "function_call", "value": "{\"name\": \"measure\", \"arguments\": {...}}"},
                       {"from": "observation", "value": "{...the tool's JSON result...}"},
                       ...
                       {"from": "gpt", "value": "<think>evidence and criterion</think>\nB"}],
     "system": <agent system prompt>, "tools": "<JSON list of the OpenAI tool schemas>",
     "qid": ..., "question_subtype": ..., "correct": true|false, "clinorch_trace": [...]}

The calls are the evidence clinorch's answer rests on, written in the benchmark's tool language
(`segment_organ`, `measure`, `lookup_medical_knowledge`) with their results; quantities the
benchmark's tools cannot express (ratios, attenuation, locations) go into the `<think>` block, which
the benchmark's scoring strips. The raw clinorch trace (node, tool, inputs, outputs) rides along.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from benchmarks.records import QuestionRecord
from benchmarks.scoring import Format, extract_letter
from benchmarks.subtypes import ANSWER_TYPE
from benchmarks.tools import openai_schemas
from core.case import CaseResult, Evidence

AGENT_SYSTEM_PROMPT = (
    "You are a radiology AI agent analyzing abdominal CT scans. You can call tools to obtain segmentation results, "
    "quantitative measurements, and clinical reference knowledge. After gathering enough evidence, give the final "
    "answer in the requested format (single letter for multiple choice, exact value/word for free-form).")
GROUP_MASK = {"liver_lesion": "liver_tumor", "pancreas_lesion": "pancreas_tumor", "kidney_lesion": "kidney_tumor",
              "colon_lesion": "colon_tumor"}
_MEASURE = {"volume_ml": "volume_cm3", "mean_hu": "mean_hu", "lesion_count": "lesion_count",
            "largest_lesion_volume_ml": "largest_lesion_volume_cm3", "largest_lesion_diameter_mm": "max_diameter_mm"}


def harness_prompt(record: QuestionRecord, fmt: Format = "mc") -> str:
    """The user prompt the benchmark's agent harness builds for a record (documented structure)."""
    parts = ["The image is a single axial CT slice from the patient's abdomen (window width 400, level 50)."]
    patient = [f"sex={record.sex}"] * bool(record.sex) + [f"age={record.age}"] * bool(record.age)
    if patient:
        parts.append(f"Patient: {', '.join(patient)}.")
    if ANSWER_TYPE.get(record.question_subtype) == "numeric" and record.spacing:
        parts.append(f"Voxel spacing (mm): {record.spacing}.  Volume shape: {record.shape}.")
    if fmt == "mc" and record.mc_question:
        parts += [record.mc_question, "Answer with ONLY the single letter (A, B, C, or D)."]
    else:
        kind = ANSWER_TYPE.get(record.question_subtype, "categorical")
        parts += [record.question, {"numeric": "Answer with a single number (no units, no extra words).",
                                    "binary": "Answer with 'yes' or 'no'."}.get(
                                        kind, "Answer with the most appropriate short phrase.")]
    return "\n".join(parts)


def _calls(evidence: Iterable[Evidence], result: CaseResult) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(tool, arguments, result) triples for the evidence, in the benchmark's tool language."""
    calls: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    segmented: set[str] = set()
    by_id = result.evidence_by_id()
    for item in evidence:
        if item.kind == "measurement" and item.name in _MEASURE and item.target:
            target = GROUP_MASK.get(item.target, item.target)
            if item.target in GROUP_MASK:
                mask = by_id.get(f"measurement:{item.target}:largest_lesion_mask")
                target = str(mask.value) if mask is not None and mask.value else target
            if target not in segmented:
                segmented.add(target)
                calls.append(("segment_organ", {"target": target}, {"target": target, "mask_found": True}))
            kind = _MEASURE[item.name]
            calls.append(("measure", {"target": target, "measurement_type": kind},
                          {"target": target, "measurement_type": kind, "value": item.value, "unit": item.unit,
                           "evidence_id": item.id}))
        elif item.kind == "criterion":
            query = item.name.replace("_", " ")
            calls.append(("lookup_medical_knowledge", {"query": query},
                          {"results": [{"text": item.reason or "", "source": item.citation or ""}]}))
    return calls


def conversation(record: QuestionRecord, row: Mapping[str, Any], fmt: Format = "mc") -> dict[str, Any] | None:
    """The ShareGPT conversation of one prediction row; None when the question has no answer to teach."""
    if not row.get("result") or row.get("prediction") is None:
        return None
    result = CaseResult.model_validate(row["result"])
    cited = set(result.answer_detail.evidence_ids) if result.answer_detail else set()
    evidence = [e for e in result.evidence if e.id in cited] or [e for e in result.evidence if e.kind != "check"]
    turns: list[dict[str, str]] = [{"from": "human", "value": harness_prompt(record, fmt)}]
    for tool, arguments, output in _calls(evidence, result):
        turns.append({"from": "function_call", "value": json.dumps({"name": tool, "arguments": arguments})})
        turns.append({"from": "observation", "value": json.dumps(output)})
    other = [f"{e.target}.{e.name} = {e.value}{' ' + e.unit if e.unit else ''}" for e in evidence
             if e.kind in ("measurement", "finding") and e.name not in _MEASURE]
    rationale = "; ".join(other[:12])
    if result.answer_detail and result.answer_detail.criterion_id:
        rationale += ("; " if rationale else "") + f"criterion {result.answer_detail.criterion_id}"
    answer = str(row["prediction"])
    turns.append({"from": "gpt", "value": (f"<think>{rationale}</think>\n" if rationale else "") + answer})
    truth = record.correct_option if fmt == "mc" else record.answer
    correct = extract_letter(answer) == truth if fmt == "mc" else answer.strip().lower() == str(truth).strip().lower()
    return {"conversations": turns, "system": AGENT_SYSTEM_PROMPT, "tools": json.dumps(openai_schemas("oracle")),
            "qid": record.qid, "image_id": record.image_id, "question_subtype": record.question_subtype,
            "correct": bool(correct),
            "clinorch_trace": [step.model_dump(mode="json") for step in result.trace]}


def export_traces(rows: Iterable[Mapping[str, Any]], records: Mapping[str, QuestionRecord], path: str | Path,
                  fmt: Format = "mc") -> int:
    """Writes one ShareGPT line per answered question; returns how many were written."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with out.open("w") as sink:
        for row in rows:
            record = records.get(row["qid"])
            item = conversation(record, row, fmt) if record is not None else None
            if item is not None:
                sink.write(json.dumps(item) + "\n")
                written += 1
    return written
