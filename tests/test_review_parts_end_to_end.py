"""Multi-part questions through the real agents: every part answered, or the case sent back, or an abstention.

The guideline reasoner answers each part on its own organ ("..., and is the spleen enlarged?" on the
spleen) and the attending confirms it; a part no agent can answer ends in an abstention that names it; a
reasoner that reads the reviewer's reasons (the `openai` backend over a scripted chat server on
loopback) is sent back when it drops a part, and its complete second answer stands.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import orchestrator
from core.config import Config
from tests.agents.test_reasoner_openai import Server, _tool_reply


def _case(folder: Path, question: str) -> dict:
    image = {"path": str(folder / "ct.nii.gz"), "modality": "CT", "masks": str(folder / "segmentations")}
    return {"case_id": "parts", "images": [image], "question": question}


@pytest.mark.parametrize(("question", "says"), [
    ("Is the liver fatty, and is the spleen enlarged?", ("fatty liver", "splenomegaly")),
    ("Is the spleen enlarged, and is the liver fatty?", ("splenomegaly", "fatty liver")),
    ("What is the mean HU of the liver and what steatosis grade does it correspond to?", ("HU", "G0 none")),
])
def test_every_part_is_answered_and_confirmed(phantom_dir: Path, question: str, says: tuple[str, str]) -> None:
    result = orchestrator.run(_case(phantom_dir, question))
    assert result.status == "answered", result.reasons
    assert result.review is not None and result.review.consistent
    text = result.answer or ""
    assert all(word in text for word in says), text
    assert text.index(says[0]) < text.rindex(says[1]), text  # the parts in the question's order


def test_a_part_no_agent_can_answer_is_named_in_the_abstention(phantom_dir: Path) -> None:
    result = orchestrator.run(_case(phantom_dir, "Is the spleen enlarged, and how many pancreatic lesions are there?"))
    assert result.status == "abstained"
    assert any("lesion counting" in reason for reason in result.reasons), result.reasons


def test_a_dropped_part_is_sent_back_and_the_complete_answer_stands(phantom_dir: Path, tmp_path: Path) -> None:
    truth = json.loads((phantom_dir / "ground_truth.json").read_text())
    spleen = truth["organs"]["spleen"]["volume_ml"]
    liver_only = {"text": "No — no fatty liver by dtvqa-fatty-liver (liver/spleen attenuation ratio above 1).",
                  "evidence_ids": ["measurement:liver/spleen:hu_ratio", "criterion:liver:dtvqa-fatty-liver"],
                  "criterion_id": "dtvqa-fatty-liver"}
    both = {"text": f"No — no fatty liver by dtvqa-fatty-liver. No, the spleen is not enlarged: spleen volume "
                    f"{spleen:.1f} mL -> no splenomegaly by dtvqa-splenomegaly-detection.",
            "evidence_ids": [*liver_only["evidence_ids"], "measurement:spleen:volume_ml",
                             "criterion:spleen:dtvqa-splenomegaly-detection"],
            "criterion_id": "dtvqa-fatty-liver"}
    server = Server(tmp_path, [_tool_reply(liver_only), _tool_reply(both)])
    try:
        config = Config(reasoner="openai", reasoner_options={"base_url": server.url, "model": "tiny", "timeout": 10})
        result = orchestrator.run(_case(phantom_dir, "Is the liver fatty, and is the spleen enlarged?"), config)
        requests = server.requests()
    finally:
        server.process.terminate()
        server.process.wait(timeout=10)
    assert result.status == "answered", result.reasons
    assert result.review is not None and result.review.rounds == 1 and result.review.consistent
    assert "spleen" in (result.answer or "")
    assert len(requests) == 2 and "parts" in json.dumps(requests[1])
