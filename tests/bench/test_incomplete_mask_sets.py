"""Incomplete lesion mask sets in the harness: a lower bound settles existence, never a count."""

from __future__ import annotations

import json

import pytest

from benchmarks.integrations import deeptumorvqa as integration
from benchmarks.integrations.deeptumorvqa import plan_calls

LETTERS = "Answer with ONLY the single letter (A, B, C, or D)."


def _exchanges(counts: dict[str, int], quantities: list[str]) -> list:
    planned = plan_calls(quantities)
    out = []
    for call in planned:
        target, kind = call.arguments["target"], call.arguments["measurement_type"]
        result = {"value": counts[target]} if kind == "lesion_count" and target in counts else \
            {"error": f"No '{kind}' cached for target='{target}'"}
        out.append((call.name, call.arguments, result))
    return out


@pytest.mark.parametrize(("counts", "bound"), [
    ({"kidney_tumor": 1}, 1), ({"kidney_cyst": 3}, 3), ({"kidney_tumor": 0}, None), ({}, None),
])
def test_a_partly_missing_group_gives_a_lower_bound_not_a_count(counts: dict, bound: int | None) -> None:
    exchanges = _exchanges(counts, ["kidney_lesion.lesion_count", "kidney_lesion.largest_lesion_volume_ml"])
    evidence = integration.evidence_from(exchanges, plan_calls(["kidney_lesion.lesion_count",
                                                                "kidney_lesion.largest_lesion_volume_ml"]))
    group = {e.name: e.value for e in evidence if e.target == "kidney_lesion"}
    assert "lesion_count" not in group and "largest_lesion_volume_ml" not in group
    assert group.get("lesion_count_lower_bound") == bound
    assert {e.target: e.value for e in evidence if e.name == "lesion_count"} == counts


def _chat(question: str, options: str, counts: dict[str, int]) -> str:
    agent = integration.ClinorchAgent()
    messages = [{"role": "system", "content": "agent"},
                {"role": "user", "content": f"{question}\n{options}\n{LETTERS}"}]
    tools = [{"type": "function", "function": {"name": n}} for n in ("measure", "segment_organ")]
    for _ in range(4):
        turn = agent.chat(messages, tools)
        if not turn["tool_calls"]:
            return turn["content"]
        messages.append({"role": "assistant", "content": turn["content"], "tool_calls": turn["tool_calls"]})
        for call in turn["tool_calls"]:
            args = call["arguments"]
            kind, target = args.get("measurement_type"), args.get("target")
            if call["name"] == "measure" and kind == "lesion_count" and target in counts:
                result = {"value": counts[target], "unit": "count"}
            elif call["name"] == "segment_organ" and target in ("kidney_left", "kidney_right"):
                result = {"mask_found": True, "voxel_count": 5000}
            else:
                result = {"error": f"No '{kind}' cached for target='{target}'"}
            messages.append({"role": "tool", "name": call["name"], "content": json.dumps(result)})
    return agent.chat(messages, [])["content"]


@pytest.mark.parametrize(("counts", "letter"), [({"kidney_tumor": 1}, "A"), ({"kidney_cyst": 2}, "A")])
def test_existence_is_answered_from_a_lower_bound(counts: dict, letter: str) -> None:
    answer = _chat("Is there a lesion in either kidney?", "A. Yes B. No C. Cannot be assessed D. Only cysts", counts)
    assert answer == letter, answer


@pytest.mark.parametrize("shown", [1, 2])
def test_a_count_from_a_partly_missing_group_abstains(shown: int) -> None:
    options = " ".join(f"{letter}. {n}" for letter, n in zip("ABCD", (shown, shown + 1, shown + 2, 0), strict=True))
    answer = _chat("How many kidney lesions are there?", options, {"kidney_tumor": shown})
    assert answer.startswith("[no answer]") and "kidney" in answer, answer

