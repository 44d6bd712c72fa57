"""The benchmark runner: predictions, resume, report, traces; end to end with the real graph (slow)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks.cli import app
from benchmarks.records import load_records
from benchmarks.runner import BenchOptions, read_predictions, record_to_case, run_benchmark
from core.case import Answer, Case, CaseResult, Evidence


class OracleAnswerer:
    """A scripted stand-in for `orchestrator.run`: answers from the record (or abstains), counts calls."""

    def __init__(self, suite, abstain_on: str | None = None) -> None:
        self.records = {r.qid: r for r in load_records(suite.questions)}
        self.abstain_on = abstain_on
        self.calls: list[Case] = []

    def __call__(self, case: Case, config, backends=None) -> CaseResult:
        self.calls.append(case)
        record = self.records[case.case_id]
        if record.question_subtype == self.abstain_on:
            return CaseResult(case_id=case.case_id, status="abstained", reasons=["scripted"])
        evidence = Evidence.make("measurement", "measurement", "volume_ml", "spleen", value=1.0, unit="mL")
        answer = Answer(text=record.answer, choice=record.correct_option if case.choices else None,
                        evidence_ids=[evidence.id], criterion_id="dtvqa-spleen-volume-grade")
        return CaseResult(case_id=case.case_id, status="answered", answer=answer.choice or answer.text,
                          answer_detail=answer, evidence=[evidence])


def _options(suite, out: Path, **kw) -> BenchOptions:
    return BenchOptions(questions=suite.questions, data_dir=suite.root, out=out, **kw)


def test_cases_carry_the_question_not_the_answer(suite) -> None:
    record = load_records(suite.questions)[0]
    oracle = record_to_case(record, suite.root, "oracle", "mc")
    assert oracle.images[0].masks and Path(oracle.images[0].path).exists()
    assert oracle.question == record.question and set(oracle.choices) <= set("ABCD")
    assert oracle.task_hint == record.question_subtype and oracle.context.age == record.age
    assert record.answer not in (oracle.question or "")
    predicted = record_to_case(record, suite.root, "predicted", "freeform")
    assert predicted.images[0].masks is None and predicted.choices is None


def test_report_predictions_and_resume(suite, tmp_path: Path) -> None:
    answerer = OracleAnswerer(suite, abstain_on="splenomegaly grading")
    seen = []
    report = run_benchmark(_options(suite, tmp_path, limit=30, use_hint=True), run=answerer,
                           on_prediction=lambda row, running: seen.append(running["score"]))
    rows = read_predictions(tmp_path / "predictions.jsonl")
    assert len(rows) == len(answerer.calls) == 30 and len(seen) == 30
    assert {"qid", "prediction", "status", "result"} <= set(rows[0])
    abstained = [r for r in rows if r["status"] == "abstained"]
    assert report["abstention"]["n_abstained"] == len(abstained)
    expected = 1 - len(abstained) / 30
    assert report["overall"]["score"] == pytest.approx(expected, abs=1e-4)
    assert report["config"]["use_subtype_hint"] is True and report["config"]["use_provided_masks"] is True
    assert json.loads((tmp_path / "report.json").read_text())["overall"] == report["overall"]
    assert set(report["by_stage"]) <= {"recognition", "measurement", "visual reasoning", "medical reasoning"}
    # resume: the first 30 are not asked again, the next 10 are
    again = OracleAnswerer(suite)
    report = run_benchmark(_options(suite, tmp_path, limit=40, resume=True), run=again)
    assert len(again.calls) == 10 and report["overall"]["n_total"] == 40


def test_a_crashing_question_is_recorded_and_the_run_goes_on(suite, tmp_path: Path) -> None:
    def crash(case, config, backends=None):
        raise RuntimeError("backend fell over")

    report = run_benchmark(_options(suite, tmp_path, limit=3), run=crash)
    rows = read_predictions(tmp_path / "predictions.jsonl")
    assert [r["status"] for r in rows] == ["error"] * 3 and "backend fell over" in rows[0]["error"]
    assert report["abstention"]["n_errors"] == 3 and report["overall"]["score"] == 0.0
    with pytest.raises(RuntimeError):
        run_benchmark(_options(suite, tmp_path / "strict", limit=1, fail_fast=True), run=crash)


def test_traces_are_sharegpt_with_tool_calls(suite, tmp_path: Path) -> None:
    traces = tmp_path / "traces.jsonl"
    run_benchmark(_options(suite, tmp_path, limit=5, export_traces=traces), run=OracleAnswerer(suite))
    lines = [json.loads(line) for line in traces.read_text().splitlines()]
    assert len(lines) == 5
    first = lines[0]
    roles = [turn["from"] for turn in first["conversations"]]
    assert roles[0] == "human" and roles[-1] == "gpt" and "function_call" in roles and "observation" in roles
    call = json.loads(first["conversations"][roles.index("function_call")]["value"])
    assert call["name"] in ("segment_organ", "measure") and "target" in call["arguments"]
    assert [t["function"]["name"] for t in json.loads(first["tools"])] == [
        "segment_organ", "measure", "lookup_medical_knowledge"]
    assert first["correct"] is True and "Answer with ONLY the single letter" in first["conversations"][0]["value"]


def test_cli_rejects_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = tmp_path / "qa.json"
    bad.write_text('{"questions": [{"qid": "1"}]}')
    result = runner.invoke(app, ["deeptumorvqa", "--questions", str(bad), "--data-dir", str(tmp_path)])
    assert result.exit_code != 0 and "not a DeepTumorVQA record" in result.output
    result = runner.invoke(app, ["deeptumorvqa", "--questions", str(bad), "--data-dir", str(tmp_path),
                                 "--mode", "vision"])
    assert result.exit_code != 0


@pytest.mark.slow
def test_end_to_end_with_the_real_graph(suite, tmp_path: Path) -> None:
    """The whole suite subset through `orchestrator.run`, from the CLI, then resumed."""
    records = load_records(suite.questions)
    wanted = ("splenomegaly grading", "organ volume measurement", "liver lesion existence", "lesion counting",
              "organ HU ratio", "pancreatic steatosis")
    subset = [r.model_dump(mode="json") for r in records if r.question_subtype in wanted][:12]
    questions = tmp_path / "qa.json"
    questions.write_text(json.dumps({"questions": subset}))
    out = tmp_path / "run"
    runner = CliRunner()
    args = ["deeptumorvqa", "--questions", str(questions), "--data-dir", str(suite.root), "--out", str(out),
            "--export-traces", str(tmp_path / "traces.jsonl")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    assert report["overall"]["n_total"] == len(subset)
    assert report["overall"]["score"] >= 0.6, report["failures"]
    assert "overall (micro)" in result.output
    result = runner.invoke(app, [*args, "--resume"])
    assert result.exit_code == 0 and len(read_predictions(out / "predictions.jsonl")) == len(subset)


@pytest.mark.slow
def test_make_suite_and_export_tool_cache_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["make-suite", "--out", str(tmp_path / "s"), "--n-cases", "1", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "questions" in result.output and (tmp_path / "s" / "benchmark" / "test_qa.json").exists()
    cache = tmp_path / "cache.json"
    result = runner.invoke(app, ["export-tool-cache", "--data-dir", str(tmp_path / "s"), "--out", str(cache),
                                 "--mode", "oracle"])
    assert result.exit_code == 0, result.output
    entry = json.loads(cache.read_text())["cache"]["SYNTH_00000001"]
    reference = json.loads((tmp_path / "s" / "tool_cache" / "benchmark_oracle_tool_cache.json").read_text())
    ours = entry["measure"]["spleen"]["volume_cm3"]["value"]
    assert ours == pytest.approx(reference["cache"]["SYNTH_00000001"]["measure"]["spleen"]["volume_cm3"]["value"])


def test_the_subtype_hint_reaches_question_understanding_only_when_asked(suite, tmp_path: Path) -> None:
    seen: list[tuple[str, object]] = []

    def spy(case, config, backends=None):
        seen.append((case.task_hint, backends.get("understanding")))
        return CaseResult(case_id=case.case_id, status="abstained")

    run_benchmark(_options(suite, tmp_path / "hint", limit=2, use_hint=True), run=spy)
    run_benchmark(_options(suite, tmp_path / "plain", limit=2), run=spy)
    hinted, plain = seen[:2], seen[2:]
    assert all(callable(fn) for _, fn in hinted) and all(fn is None for _, fn in plain)
    subtype, understand_with_hint = hinted[0]
    assert understand_with_hint("What is in the scan?", None).task == subtype


def test_freeform_predictions_keep_the_headline() -> None:
    from benchmarks.runner import short_answer

    assert short_answer("T1. pancreas lesion 16.5 mm -> T1", "categorical") == "T1"
    assert short_answer("Normal. spleen volume 129.8 mL", "categorical") == "Normal"
    assert short_answer("978.2 mL. liver volume", "numeric") == "978.2"
    assert short_answer("Yes. spleen 400 mL > 314.5 mL", "binary") == "yes"


@pytest.mark.slow
@pytest.mark.integration
def test_on_ray_workers_the_predictions_are_the_sequential_ones(suite, tmp_path: Path) -> None:
    """`bench deeptumorvqa --workers 2` with the real graph: same rows and scores as the loop here."""
    pytest.importorskip("ray")
    records = load_records(suite.questions)
    wanted = ("splenomegaly grading", "liver lesion existence", "organ HU ratio", "lesion counting")
    subset = [r.model_dump(mode="json") for r in records if r.question_subtype in wanted][:6]
    questions = tmp_path / "qa.json"
    questions.write_text(json.dumps({"questions": subset}))
    runner = CliRunner()
    reports, rows = {}, {}
    for name, extra in (("here", []), ("ray", ["--workers", "2"])):
        out = tmp_path / name
        args = ["deeptumorvqa", "--questions", str(questions), "--data-dir", str(suite.root), "--out", str(out)]
        result = runner.invoke(app, [*args, *extra])
        assert result.exit_code == 0, result.output
        reports[name] = json.loads((out / "report.json").read_text())
        rows[name] = {row["qid"]: row for row in read_predictions(out / "predictions.jsonl")}
    assert set(rows["here"]) == set(rows["ray"]) == {r["qid"] for r in subset}
    for qid, row in rows["here"].items():
        there = rows["ray"][qid]
        assert (row["prediction"], row["status"], row["reasons"]) == (there["prediction"], there["status"],
                                                                      there["reasons"]), qid
        assert [e["id"] for e in row["result"]["evidence"]] == [e["id"] for e in there["result"]["evidence"]]
    same = ("overall", "by_stage", "by_subtype", "abstention", "status_counts", "failures")
    assert all(reports["here"].get(k) is not None for k in same)
    assert {k: reports["here"].get(k) for k in same} == {k: reports["ray"].get(k) for k in same}
