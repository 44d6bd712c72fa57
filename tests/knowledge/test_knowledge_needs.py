"""Helpers for the knowledge agent and the CLI: needs to criteria, queries, evidence fields."""

from __future__ import annotations

import knowledge
from core.case import Evidence

BASE = knowledge.load_base()


def test_quantity_phrase_and_queries() -> None:
    assert knowledge.quantity_phrase("liver/spleen.hu_ratio") == "liver spleen HU ratio"
    assert knowledge.quantity_phrase("liver_lesion.tumor_burden_pct") == "liver lesion tumor burden percentage"
    queries = knowledge.queries_for("splenomegaly grading", "spleen", ["spleen.volume_ml"], "How big is the spleen?")
    assert queries == ["splenomegaly grading spleen", "spleen volume threshold", "How big is the spleen?"]
    assert knowledge.queries_for("fatty liver", "liver")[0] == "fatty liver"
    assert knowledge.queries_for("organ enlargement", "kidney_left")[0] == "organ enlargement kidney left"
    assert knowledge.queries_for() == []


def test_criteria_for_prefers_the_subtype_then_quantities() -> None:
    assert [e.id for e in knowledge.criteria_for(BASE, "organ enlargement", "liver")] == ["dtvqa-liver-volume"]
    by_quantity = knowledge.criteria_for(BASE, "organ volume measurement", "kidney_right", ["kidney_right.volume_ml"])
    assert [e.id for e in by_quantity] == ["dtvqa-kidney-volume"]
    assert knowledge.criteria_for(BASE, "lesion counting") == []


def test_criterion_evidence_builds_an_evidence_item() -> None:
    entry = BASE.get("dtvqa-spleen-volume-grade")
    fields = knowledge.criterion_evidence(entry, "spleen", score=0.03, query="splenomegaly grading", rank=1)
    evidence = Evidence.make(**fields)
    assert evidence.id == "criterion:spleen:dtvqa-spleen-volume-grade"
    assert evidence.citation == entry.citation and evidence.kind == "criterion"
    assert evidence.provenance["quantities"] == ["spleen.volume_ml"]
    assert evidence.provenance["retrieval"]["rank"] == 1
    assert Evidence.model_validate_json(evidence.model_dump_json()) == evidence


def test_describe_lists_every_entry() -> None:
    rows = knowledge.describe(BASE)
    assert [r["id"] for r in rows] == BASE.ids
    assert {"id", "title", "profile", "organs", "thresholds", "source"} <= set(rows[0])
