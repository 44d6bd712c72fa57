"""The revise loop through the real agents: a fix goes only to an agent that can act on it.

A revision the agent cannot act on (deterministic segmentation, the guideline reasoner) is not
sent: the verdict stands at once. A reasoner that reads the reviewer's reasons (the `openai`
backend, here over a scripted chat server on loopback) is sent back, and its second answer wins.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import knowledge
import orchestrator
from core.config import Config
from tests.agents.test_reasoner_openai import Server, _tool_reply

GRADES = {"normal": "A", "mild": "B", "moderate": "C", "severe": "D"}
CHOICES = {"A": "Normal (no splenomegaly)", "B": "Mild splenomegaly", "C": "Moderate splenomegaly",
           "D": "Severe splenomegaly"}


def _case(folder: Path, question: str, masks: Path, choices: dict[str, str] | None = None) -> dict:
    image = {"path": str(folder / "ct.nii.gz"), "modality": "CT", "masks": str(masks)}
    return {"case_id": "revise", "images": [image], "question": question, "choices": choices}


@pytest.mark.parametrize("organ", ["spleen", "liver"])
def test_a_fix_no_agent_can_make_abstains_at_once(phantom_dir: Path, tmp_path: Path, organ: str) -> None:
    masks = tmp_path / "masks"
    shutil.copytree(phantom_dir / "segmentations", masks)
    (masks / f"{organ}.nii.gz").unlink()
    # segmenter="provided": no backend fills the gap in the mask set, so nothing can supply the organ
    result = orchestrator.run(_case(phantom_dir, f"What is the volume of the {organ}?", masks),
                              {"segmenter": "provided"})
    assert result.status == "abstained"
    nodes = [s.node for s in result.trace if s.tool is None]  # one timed step per node run
    assert "revise" not in nodes and nodes.count("reasoner") == 1 and nodes.count("segmentation") == 1
    assert result.review is not None and result.review.rounds == 0
    assert any(organ in r for r in result.reasons), result.reasons


def test_a_reasoner_that_reads_feedback_is_sent_back_and_its_correction_stands(phantom_dir: Path,
                                                                            tmp_path: Path) -> None:
    truth = json.loads((phantom_dir / "ground_truth.json").read_text())
    spleen = truth["organs"]["spleen"]["volume_ml"]
    grade = knowledge.find_criterion(knowledge.load_base(), "splenomegaly grading").classify(
        {"spleen.volume_ml": spleen}).label
    right = GRADES[grade]
    wrong = next(letter for letter in CHOICES if letter != right)
    ids = ["measurement:spleen:volume_ml", "criterion:spleen:dtvqa-spleen-volume-grade"]

    def reply(letter: str) -> dict:
        said = next(word for word, option in GRADES.items() if option == letter)
        return _tool_reply({"text": f"{letter}: {CHOICES[letter]}. The spleen grades {said} by dtvqa-spleen-volume-grade.",
                            "choice": letter, "evidence_ids": ids, "criterion_id": "dtvqa-spleen-volume-grade"})

    server = Server(tmp_path, [reply(wrong), reply(right)])
    try:
        config = Config(reasoner="openai", reasoner_options={"base_url": server.url, "model": "tiny", "timeout": 10})
        result = orchestrator.run(_case(phantom_dir, "How would you grade the spleen size?",
                                        phantom_dir / "segmentations", CHOICES), config)
        requests = server.requests()
    finally:
        server.process.terminate()
        server.process.wait(timeout=10)
    assert result.status == "answered", result.reasons
    assert result.answer == right and result.review is not None and result.review.rounds == 1
    assert len(requests) == 2
    second_prompt = json.dumps(requests[1])
    assert "rule_grounding" in second_prompt and "reviewer rejected" in second_prompt
