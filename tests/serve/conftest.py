"""Fixtures of the web app's tests: one backends dict for the module's runs, an SSE reader."""

from __future__ import annotations

import json
from typing import Any

import pytest


@pytest.fixture(scope="session")
def shared_backends() -> dict[str, Any]:
    """Backends shared by every app in the session, so the real models load once."""
    return {}


def read_events(client: Any, run_id: str) -> list[dict[str, Any]]:
    """Every event of a run, read from its server-sent event stream until `done` or `error`."""
    events = []
    with client.stream("GET", f"/api/runs/{run_id}/events") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("data:"):
                events.append(json.loads(line.removeprefix("data:").strip()))
    return events
