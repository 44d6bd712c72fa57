"""clinorch inside the benchmark's harness, against a stand-in for its documented AgentEvaluator contract."""

from __future__ import annotations

import json
import sys
import types

import pytest

from benchmarks.integrations import deeptumorvqa as integration
from benchmarks.integrations.deeptumorvqa import parse_prompt, plan_calls, read_number, tool_exchanges
from benchmarks.records import load_records

SUBTYPES = ("splenomegaly grading", "organ volume measurement", "liver lesion existence", "organ HU ratio",
            "lesion counting", "pancreatic steatosis", "largest lesion diameter")


def test_missing_package_gives_an_install_hint(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "deeptumorvqa", None)
    with pytest.raises(ImportError, match="not on PyPI"):
        integration.build_evaluator(types.SimpleNamespace(agent_mode="oracle", max_steps=5))


def test_harness_loop_scores_clinorch(suite, standin_harness) -> None:
    evaluator = integration.build_evaluator(types.SimpleNamespace(agent_mode="oracle", max_steps=5))
    assert isinstance(evaluator, standin_harness.AgentEvaluator)
    assert evaluator.mode == "oracle" and evaluator.max_steps == 5
    records = [r for r in load_records(suite.questions) if r.question_subtype in SUBTYPES]
    cache = standin_harness.load_cache(suite.root / "tool_cache" / "benchmark_oracle_tool_cache.json")
    results = evaluator.run_records(records, cache)
    for result in results:
        final = result["trajectory"][-1]
        assert "final_answer" in final and final["final_answer"] in "ABCD" and final["step"] <= 5
        assert any(step.get("tool") == "measure" for step in result["trajectory"])
    correct = sum(r["correct"] for r in results)
    assert correct >= 0.8 * len(results), [(r["question_subtype"], r["pred_answer"], r["correct_option"])
                                           for r in results if not r["correct"]]
    assert evaluator.last_decision.result.answer_detail is not None


def test_last_step_without_tools_forces_an_answer(standin_harness) -> None:
    evaluator = integration.build_evaluator(types.SimpleNamespace(agent_mode="oracle", max_steps=5))
    messages = [{"role": "system", "content": "agent"}, {"role": "user", "content":
                "Patient: sex=F, age=50.\nIs the spleen enlarged?\nA: Yes\nB: No\n"
                "Answer with ONLY the single letter (A, B, C, or D)."}]
    first = evaluator.chat(messages, [{"type": "function", "function": {"name": "measure"}}])
    assert first["tool_calls"] and first["tool_calls"][0]["arguments"] == {"target": "spleen",
                                                                          "measurement_type": "volume_cm3"}
    messages += [{"role": "assistant", "content": first["content"], "tool_calls": first["tool_calls"]},
                 {"role": "tool", "name": "measure", "content": json.dumps({"volume_cm3": 612.0, "unit": "cm3"})}]
    final = evaluator.chat(messages, [])
    assert final == {"content": "A", "tool_calls": []}
    no_tools = evaluator.chat(messages[:2], [])
    assert no_tools["tool_calls"] == [] and _harness_letter(no_tools["content"]) is None
    assert "abstains" in no_tools["content"] and "spleen" in no_tools["content"]


def _harness_letter(text: str) -> str | None:
    """DeepTumorVQA's `extract_letter`: the first character if A-D, else the first standalone A-D."""
    import re

    upper = text.upper()
    if upper[:1] in ("A", "B", "C", "D"):
        return upper[0]
    match = re.search(r"\b([A-D])\b", upper)
    return match.group(1) if match else None


@pytest.mark.parametrize("reason", [
    "a lesion mask is missing", "Cannot decide: B or D", "no evidence for (A) kidney_cyst.lesion_count", "",
    "the reviewer did not approve: the text supports 'A' ('4'), not 'B' ('1')", "I'd say \"C\" or 'd'",
    "option-D was closest; c.f. B.", "the options [A, B] differ",
])
def test_an_abstention_is_never_read_as_a_letter(reason: str) -> None:
    text = integration.abstention_text(reason)
    assert _harness_letter(text) is None, text
    if "'A'" in reason:
        assert "option #1" in text and "option #2" in text, text  # a quoted letter is said by its place


@pytest.mark.parametrize(("counts", "expected"), [
    ({"kidney_tumor": 0}, None),            # kidney_cyst not in the cache: unknown, not zero
    ({"kidney_tumor": 0, "kidney_cyst": 0}, 0),
    ({"kidney_tumor": 2}, None),            # a present mask shows lesions: a lower bound, not a count
    ({"kidney_cyst": 1, "kidney_tumor": 0}, 1),
])
def test_a_lesion_mask_missing_from_the_cache_is_unknown(counts: dict, expected: int | None) -> None:
    planned = plan_calls(["kidney_lesion.lesion_count"])
    exchanges = []
    for call in planned:
        target = call.arguments["target"]
        if call.arguments["measurement_type"] == "lesion_count" and target in counts:
            result = {"value": counts[target]}
        else:
            result = {"error": f"No 'lesion_count' cached for target='{target}'"}
        exchanges.append((call.name, call.arguments, result))
    evidence = integration.evidence_from(exchanges, planned)
    found = [e.value for e in evidence if e.target == "kidney_lesion" and e.name == "lesion_count"]
    assert found == ([] if expected is None else [expected])


def test_prompt_parsing_and_robust_results() -> None:
    prompt = parse_prompt([{"role": "user", "content":
                            "The image is a single axial CT slice.\nVoxel spacing (mm): [0.8 0.8 5].  Volume shape: (1).\n"
                            "What is the liver volume?\nA: 1200 cm³\nB: 900 cm³\n"
                            "Answer with ONLY the single letter (A, B, C, or D)."}])
    assert prompt.question == "What is the liver volume?" and prompt.choices == {"A": "1200 cm³", "B": "900 cm³"}
    assert read_number({"value": 3.5}) == 3.5
    assert read_number({"mean_hu": 41.2, "unit": "HU"}, "mean_hu") == 41.2
    assert read_number({"result": "12.5 cm3"}) == 12.5
    assert read_number({"error": "No 'mean_hu' cached"}) is None
    assert read_number({"mask_found": False, "available_targets": []}) is None
    assert read_number({"voxel_count": 10, "a": 1, "b": 2}) is None
    calls = plan_calls(["liver/spleen.hu_ratio", "liver_lesion.largest_lesion_diameter_mm"])
    assert {(c.arguments["target"], c.arguments["measurement_type"]) for c in calls} >= {
        ("liver", "mean_hu"), ("spleen", "mean_hu"), ("liver_tumor", "max_diameter_mm")}
    exchanges = tool_exchanges([
        {"role": "assistant", "tool_calls": [{"function": {"name": "measure", "arguments": '{"target": "liver"}'}}]},
        {"role": "tool", "name": "measure", "content": '{"value": 1}'}])
    assert exchanges == [("measure", {"target": "liver"}, {"value": 1})]


def test_freeform_prompt_gets_a_short_answer(standin_harness) -> None:
    evaluator = integration.build_evaluator(types.SimpleNamespace(agent_mode="oracle", max_steps=5))
    messages = [{"role": "user", "content": "What is the volume of the spleen?\n"
                 "Answer with a single number (no units, no extra words)."},
                {"role": "assistant", "content": "", "tool_calls": [
                    {"name": "measure", "arguments": {"target": "spleen", "measurement_type": "volume_cm3"}}]},
                {"role": "tool", "name": "measure", "content": json.dumps({"value": 612.4, "unit": "cm3"})}]
    assert parse_prompt(messages).kind == "numeric"
    assert evaluator.chat(messages, []) == {"content": "612.4", "tool_calls": []}
