"""The tool server for real: the official mcp client over stdio, and streamable HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import anyio
import pytest

from benchmarks.mcp_server import check_loopback, serve_tools

ROOT = Path(__file__).resolve().parents[2]
IMAGE = "SYNTH_00000001"


def _env() -> dict[str, str]:
    return {"PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
            "CLINORCH_CACHE_DIR": os.environ.get("CLINORCH_CACHE_DIR", "")}


async def _exercise(client) -> dict:
    listed = await client.list_tools()
    names = [t.name for t in listed.tools]
    spleen = await client.call_tool("measure", {"image_id": IMAGE, "target": "spleen", "measurement_type": "volume_cm3"})
    missing = await client.call_tool("segment_organ", {"image_id": IMAGE, "target": "brain"})
    unknown = [await client.call_tool(tool, {"image_id": image, **extra}) for tool, image, extra in (
        ("measure", "../../../etc", {"target": "spleen", "measurement_type": "volume_cm3"}),
        ("segment_organ", "SYNTH_99999999", {"target": "liver"}), ("list_available_crops", "nobody", {}))]
    return {"names": names, "spleen": spleen, "missing": missing, "unknown": unknown,
            "schema": next(t.input_schema for t in listed.tools if t.name == "measure")}


def _check(seen: dict) -> None:
    assert seen["names"] == ["segment_organ", "measure", "lookup_medical_knowledge", "crop_organ",
                             "list_available_crops"]
    assert seen["schema"]["required"] == ["image_id", "target", "measurement_type"]
    assert not seen["spleen"].is_error and seen["spleen"].structured_content["value"] > 0
    missing = seen["missing"]
    assert not missing.is_error  # a structured result the agent can act on, not a protocol error
    assert missing.structured_content["mask_found"] is False
    assert "liver" in missing.structured_content["available_targets"]
    for unknown in seen["unknown"]:  # no such image: the client's mistake, an MCP error naming the images there
        assert unknown.is_error, unknown
        assert IMAGE in unknown.content[0].text and "no CT for image_id" in unknown.content[0].text


@pytest.mark.integration
def test_stdio_with_the_mcp_client(suite) -> None:
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    params = StdioServerParameters(command=sys.executable, cwd=str(ROOT), env=_env(), args=[
        "-m", "orchestrator.cli", "serve-tools", "--data-dir", str(suite.root), "--retrieval-mode", "sparse"])

    async def main() -> dict:
        async with Client(params) as client:
            return await _exercise(client)

    _check(anyio.run(main))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.integration
def test_streamable_http_on_loopback(suite, tmp_path: Path) -> None:
    from mcp import Client

    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "orchestrator.cli", "serve-tools", "--data-dir", str(suite.root),
                               "--transport", "http", "--port", str(port), "--retrieval-mode", "sparse"],
                              cwd=ROOT, env=_env(), stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            time.sleep(0.2)

        async def main() -> dict:
            async with Client(f"http://127.0.0.1:{port}/mcp") as client:
                return await _exercise(client)

        _check(anyio.run(main))
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def test_http_refuses_non_loopback_hosts(tmp_path: Path) -> None:
    check_loopback("127.0.0.1")
    check_loopback("localhost")
    with pytest.raises(ValueError, match="loopback"):
        check_loopback("0.0.0.0")
    with pytest.raises(ValueError, match="loopback"):
        serve_tools(tmp_path, transport="http", host="0.0.0.0")
    with pytest.raises(ValueError, match="transport"):
        serve_tools(tmp_path, transport="carrier-pigeon")
    with pytest.raises(ValueError, match="not a folder"):
        serve_tools(tmp_path / "missing")
