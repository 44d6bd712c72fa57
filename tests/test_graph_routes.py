"""Every route of the graph, with scripted agents: reject, skip, revise until the bound, abstain."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from core.case import Answer, Check, Evidence, Fix, Review
from core.config import Config
from core.state import Intent, Plan
from orchestrator.api import run
from orchestrator.graph import AGENTS


def _scripted(*, reject: bool = False, needs_images: bool = True, consistent_after: int = 0,
              fix_agent: str = "measurement", calls: list[str] | None = None) -> dict[str, Any]:
    """Agents that record their calls; the reviewer passes once `consistent_after` rounds are used."""
    calls = calls if calls is not None else []

    def triage(state, runtime):
        calls.append("triage")
        if reject:
            return {"status": "rejected", "reasons": ["ct.nii.gz: file not found"]}
        intent = Intent(task="organ volume measurement", organ="spleen", answer_form="number")
        plan = Plan(intent=intent, needs_segmentation=needs_images, needs_measurement=needs_images)
        return {"plan": plan, "track": "abdomen_ct"}

    def segmentation(state, runtime):
        calls.append("segmentation")
        return {"evidence": [Evidence.make("segmentation", "segmentation", "present", "spleen", value=True)]}

    def measurement(state, runtime):
        calls.append("measurement")
        return {"evidence": [Evidence.make("measurement", "measurement", "volume_ml", "spleen", value=250.0, unit="mL")]}

    def knowledge(state, runtime):
        calls.append("knowledge")
        return {"evidence": [Evidence.make("criterion", "knowledge", "splenomegaly", "spleen", citation="DTVQA")]}

    def reasoner(state, runtime):
        calls.append("reasoner")
        return {"answer": Answer(text="250.0 mL", evidence_ids=["measurement:spleen:volume_ml"])}

    def reviewer(state, runtime):
        calls.append("reviewer")
        ok = state.rounds >= consistent_after
        check = Check(name="numeric_grounding", passed=ok, reason="ok" if ok else "250.0 mL has no evidence")
        fixes = [] if ok else [Fix(agent=fix_agent, reason="re-measure the spleen")]
        return {"review": Review(consistent=ok, checks=[check], required_fixes=fixes, rounds=state.rounds)}

    nodes = dict(triage=triage, segmentation=segmentation, measurement=measurement,
                 knowledge=knowledge, reasoner=reasoner, reviewer=reviewer)
    assert set(nodes) == set(AGENTS)
    return nodes


CASE = {"case_id": "route-test", "images": [{"path": "ct.nii.gz"}], "question": "How big is the spleen?"}


def test_full_route_answers() -> None:
    calls: list[str] = []
    result = run(CASE, nodes=_scripted(calls=calls))
    assert result.status == "answered"
    assert calls == ["triage", "segmentation", "measurement", "knowledge", "reasoner", "reviewer"]
    assert [s.node for s in result.trace] == [*calls, "finalize"]
    assert all(s.duration_s >= 0 for s in result.trace)


def test_reject_goes_straight_to_result() -> None:
    calls: list[str] = []
    result = run(CASE, nodes=_scripted(reject=True, calls=calls))
    assert result.status == "rejected"
    assert calls == ["triage"]
    assert result.reasons == ["ct.nii.gz: file not found"]


def test_knowledge_question_skips_segmentation_and_measurement() -> None:
    calls: list[str] = []
    result = run(CASE, nodes=_scripted(needs_images=False, calls=calls))
    assert calls == ["triage", "knowledge", "reasoner", "reviewer"]
    assert result.status == "answered"


def test_revision_goes_back_to_the_failing_agent() -> None:
    calls: list[str] = []
    result = run(CASE, nodes=_scripted(consistent_after=1, calls=calls))
    assert result.status == "answered"
    assert calls[6:] == ["measurement", "knowledge", "reasoner", "reviewer"]
    assert result.review is not None and result.review.rounds == 1


@pytest.mark.parametrize("bound", [0, 1, 3])
def test_revision_is_bounded_then_abstains(bound: int) -> None:
    calls: list[str] = []
    result = run(CASE, Config(max_review_rounds=bound), nodes=_scripted(consistent_after=99, fix_agent="reasoner", calls=calls))
    assert result.status == "abstained"
    assert calls.count("reviewer") == bound + 1
    assert any("250.0 mL has no evidence" in r for r in result.reasons)
    assert result.answer is None


def test_progress_events_stream_in_order() -> None:
    events: list[dict] = []
    run(CASE, nodes=_scripted(), on_event=events.append)
    starts = [e["node"] for e in events if e["event"] == "start"]
    assert starts[0] == "triage" and starts[-1] == "finalize"
    assert all("duration_s" in e for e in events if e["event"] == "end")


def test_checkpoint_uses_case_id_as_thread(tmp_path) -> None:
    db = tmp_path / "ck.sqlite"
    result = run(CASE, Config(checkpoint=str(db), keep_checkpoint=True), nodes=_scripted())
    assert result.status == "answered"
    threads = {row[0] for row in sqlite3.connect(db).execute("select thread_id from checkpoints")}
    assert threads == {"route-test"}


def test_result_round_trips_through_json() -> None:
    result = run(CASE, nodes=_scripted())
    again = type(result).model_validate_json(result.model_dump_json())
    assert again == result


def test_interrupted_run_resumes_from_its_checkpoint_without_redoing_work(tmp_path) -> None:
    """An agent crash leaves a checkpoint; the next run of the same case resumes after the last done node."""
    db = tmp_path / "ck.sqlite"
    calls: list[str] = []
    nodes = _scripted(calls=calls)
    real_measurement = nodes["measurement"]
    crashed = {"once": False}

    def flaky_measurement(state, runtime):
        if not crashed["once"]:
            crashed["once"] = True
            raise RuntimeError("worker lost")
        return real_measurement(state, runtime)

    nodes["measurement"] = flaky_measurement
    with pytest.raises(RuntimeError, match="worker lost"):
        run(CASE, Config(checkpoint=str(db)), nodes=nodes)
    assert calls == ["triage", "segmentation"]
    result = run(CASE, Config(checkpoint=str(db)), nodes=nodes)
    assert result.status == "answered"
    assert calls == ["triage", "segmentation", "measurement", "knowledge", "reasoner", "reviewer"]
    assert [s.node for s in result.trace][:2] == ["triage", "segmentation"]
