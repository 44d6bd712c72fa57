"""The `openai` backend against a real HTTP server process on loopback speaking the chat protocol."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from agents.reasoners.base import ReasonerError, ReasonerInput, Rendered, resolve
from tests.agents.reasoning_cases import QUESTIONS

pytestmark = pytest.mark.integration
SERVER = Path(__file__).with_name("chat_server.py")
SPLEEN = QUESTIONS[[q.subtype for q in QUESTIONS].index("splenomegaly grading")]


def _tool_reply(arguments: dict[str, Any]) -> dict[str, Any]:
    call = {"id": "call_0", "type": "function", "function": {"name": "submit_answer", "arguments": json.dumps(arguments)}}
    return {"status": 200, "body": {"choices": [{"message": {"role": "assistant", "content": None, "tool_calls": [call]}}]}}


def _text_reply(text: str) -> dict[str, Any]:
    return {"status": 200, "body": {"choices": [{"message": {"role": "assistant", "content": text}}]}}


GOOD = {"text": "D: Mild. spleen volume 420.3 mL (314.5 ≤ x < 500 mL) -> mild", "choice": "D",
        "evidence_ids": ["measurement:spleen:volume_ml", "criterion:-:dtvqa-spleen-volume-grade"],
        "criterion_id": "dtvqa-spleen-volume-grade"}


class Server:
    def __init__(self, tmp: Path, script: list[dict[str, Any]]) -> None:
        (tmp / "script.json").write_text(json.dumps(script))
        self.log = tmp / "log.jsonl"
        port_file = tmp / "port"
        self.process = subprocess.Popen([sys.executable, str(SERVER), str(tmp / "script.json"), str(self.log), str(port_file)])
        deadline = time.monotonic() + 20
        while not port_file.exists() or not port_file.read_text():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("chat server did not start")
            time.sleep(0.02)
        self.url = f"http://127.0.0.1:{port_file.read_text()}/v1"

    def requests(self) -> list[dict[str, Any]]:
        return [json.loads(line)["body"] for line in self.log.read_text().splitlines()] if self.log.exists() else []


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Any]:
    started: list[Server] = []

    def start(script: list[dict[str, Any]]) -> Server:
        server = Server(tmp_path, script)
        started.append(server)
        return server

    yield start
    for server in started:
        server.process.terminate()
        server.process.wait(timeout=10)


def _task(with_image: bool = True) -> ReasonerInput:
    from agents.reasoner import build_input
    from core.case import Case
    from core.state import CaseState, Plan
    from knowledge import shared_base
    from tests.agents.reasoning_cases import criterion, patient_evidence

    intent = SPLEEN.intent()
    state = CaseState(case=Case(case_id="x", question=SPLEEN.question, choices=SPLEEN.choices), plan=Plan(intent=intent),
                      evidence=patient_evidence() + [criterion(c) for c in SPLEEN.criteria])
    task, _ = build_input(state, intent, shared_base("deeptumorvqa"))
    task.render = (lambda: [Rendered("axial slice 17 with the spleen contoured", Image.new("RGB", (8, 8), "red"))]
                   ) if with_image else None
    return task


def test_tool_call_answer_with_images_and_evidence_in_the_prompt(serve) -> None:
    server = serve([_tool_reply(GOOD)])
    reasoner = resolve("openai", base_url=server.url, model="tiny", timeout=5)
    answer = reasoner.answer(_task())
    assert answer.choice == "D" and answer.criterion_id == "dtvqa-spleen-volume-grade"
    assert answer.evidence_ids == GOOD["evidence_ids"] and answer.backend == "openai:tiny"
    (request,) = server.requests()
    assert request["model"] == "tiny" and request["tools"][0]["function"]["name"] == "submit_answer"
    parts = request["messages"][1]["content"]
    assert any(p["type"] == "image_url" and p["image_url"]["url"].startswith("data:image/png;base64,") for p in parts)
    prompt = parts[0]["text"]
    assert "[measurement:spleen:volume_ml] spleen volume_ml = 420.3 mL" in prompt and "314.5" in prompt


def test_transient_errors_are_retried_with_backoff(serve) -> None:
    server = serve([{"status": 503, "body": {"error": "loading"}}, {"status": 429, "body": {}}, _tool_reply(GOOD)])
    reasoner = resolve("openai", base_url=server.url, model="tiny", timeout=5, retries=3)
    assert reasoner.answer(_task(with_image=False)).choice == "D"
    assert len(server.requests()) == 3


def test_free_text_is_parsed_or_asked_again(serve) -> None:
    server = serve([_text_reply("I think it is mild."), _text_reply("```json\n" + json.dumps(GOOD) + "\n```")])
    reasoner = resolve("openai", base_url=server.url, model="tiny", timeout=5, use_tools=False)
    answer = reasoner.answer(_task(with_image=False))
    assert answer.choice == "D"
    first, second = server.requests()
    assert "response_format" in first and "could not be used" in second["messages"][-1]["content"]


def test_structured_answer_passes_the_reviewer(serve) -> None:
    from tests.agents.reasoning_cases import review_of

    server = serve([_tool_reply(GOOD)])
    task = _task(with_image=False)
    answer = resolve("openai", base_url=server.url, model="tiny", timeout=5).answer(task)
    assert review_of(SPLEEN, task.intent, answer, task.evidence).consistent


def test_unreachable_server_is_a_clear_error() -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    reasoner = resolve("openai", base_url=f"http://127.0.0.1:{port}/v1", model="tiny", timeout=1, retries=1)
    with pytest.raises(ReasonerError, match=rf"127.0.0.1:{port}.*unreachable after 2 attempt"):
        reasoner.answer(_task(with_image=False))


def test_timeout_is_a_clear_error(serve) -> None:
    server = serve([{"status": 200, "delay": 2.0, "body": {}}])
    reasoner = resolve("openai", base_url=server.url, model="tiny", timeout=0.3, retries=0)
    with pytest.raises(ReasonerError, match="timed out after 0.3 s"):
        reasoner.answer(_task(with_image=False))


def test_missing_options_are_named() -> None:
    with pytest.raises(ReasonerError, match="base_url"):
        resolve("openai", model="tiny")
