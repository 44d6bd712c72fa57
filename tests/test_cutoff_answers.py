"""A cut-off asked is answered with the bare cut-off first, not a dump of every band (reviewer5 b67-b71).

"What percentage decrease ... defines a RECIST 1.1 partial response?" was answered with the criterion's
whole table; now "30 % decrease (...)". The expected value is the edge of the named band as the
knowledge YAML states it, read here without the code under test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import orchestrator
from agents.reasoners.cutoffs import bare_cutoff
from knowledge.loader import shared_base
from questions.understanding import understand

ENTRIES = {e["id"]: e for f in (Path(__file__).parents[1] / "knowledge" / "entries").glob("*.yaml")
           for e in (yaml.safe_load(f.read_text()) or {}).get("entries", [])}


def _edge(entry_id: str, quantity: str, label: str, edge: str) -> float:
    scale = next(s for s in ENTRIES[entry_id]["criterion"]["quantities"] if s["quantity"] == quantity)
    return float(next(b for b in scale["bands"] if b["label"] == label)[edge])


CASES = [  # question, entry, quantity, band, edge asked
    ("What spleen volume is the upper limit of mild splenomegaly?", "dtvqa-spleen-volume-grade", "spleen.volume_ml",
     "mild", "upper"),
    ("What splenic volume is the lower limit of mild splenomegaly?", "dtvqa-spleen-volume-grade", "spleen.volume_ml",
     "mild", "lower"),
    ("Above what splenic volume is splenomegaly graded severe?", "dtvqa-spleen-volume-grade", "spleen.volume_ml",
     "severe", "lower"),
    ("Above what maximum diameter is a pancreatic cancer no longer T1 under AJCC 8th edition?", "ajcc8-pancreas-t",
     "pancreas_lesion.largest_lesion_diameter_mm", "T1", "upper"),
    ("What is the upper size limit of a T1a renal tumour under AJCC 8?", "ajcc8-kidney-t",
     "kidney_lesion.largest_lesion_diameter_mm", "T1a", "upper"),
    ("At what diameter does a kidney cancer stop being T1b?", "ajcc8-kidney-t",
     "kidney_lesion.largest_lesion_diameter_mm", "T1b", "upper"),
    ("What is the upper size limit of T1b pancreatic cancer?", "ajcc8-pancreas-t1-subcategory",
     "pancreas_lesion.largest_lesion_diameter_mm", "T1b", "upper"),
    ("Below what mean liver attenuation is moderate-to-severe hepatic steatosis diagnosed?", "dtvqa-fatty-liver",
     "liver.mean_hu", "moderate to severe fatty liver", "upper"),
    ("What percentage decrease in the sum of target lesion diameters defines a RECIST 1.1 partial response?",
     "recist11-response", "target_lesions.change_from_baseline_pct", "at least 30% decrease", "upper"),
]


@pytest.mark.parametrize(("question", "entry_id", "quantity", "label", "edge"), CASES)
def test_the_bare_cut_off_leads(question: str, entry_id: str, quantity: str, label: str, edge: str) -> None:
    expected = _edge(entry_id, quantity, label, edge)
    said = bare_cutoff(question, shared_base().get(entry_id), understand(question).cutoff_edge)
    if "stop being" in question:  # no edge word: one finite edge is not enough to say which is asked
        assert said is None or float(re.match(r"-?[\d.]+", said).group()) == expected
        return
    assert said is not None
    value = float(re.match(r"[\d.]+", said).group())
    assert value == abs(expected)
    assert ("decrease" in said) == (expected < 0)


@pytest.fixture(scope="module")
def backends() -> dict:
    return {}


@pytest.mark.parametrize(("question", "entry_id", "quantity", "label", "edge"), [c for c in CASES if "stop" not in c[0]])
def test_a_cut_off_question_is_answered_with_the_cut_off_first(backends: dict, question: str, entry_id: str,
                                                               quantity: str, label: str, edge: str) -> None:
    expected = abs(_edge(entry_id, quantity, label, edge))
    result = orchestrator.run({"case_id": "cutoff", "question": question}, backends=backends)
    assert result.status == "answered", result.reasons
    assert re.match(rf"{expected:g}\b", result.answer), result.answer
    assert result.review is not None and result.review.consistent
