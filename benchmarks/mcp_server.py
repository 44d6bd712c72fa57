"""The DeepTumorVQA tool set over MCP (official `mcp` SDK): `clinorch serve-tools --data-dir DIR`.

The command line is the Typer CLI's `serve-tools` (orchestrator/cli.py); this module builds and runs
the server.

Transports: `stdio` (a client launches the server as a subprocess) and `http` (streamable HTTP,
bound to a loopback address only: the tools read patient images). Each tool takes `image_id`
plus its benchmark arguments and returns the same JSON as `benchmarks.tools` - including the
structured errors (unknown target -> `available_targets`), which are results, not MCP errors. An `image_id` with
no CT under the data folder is a misuse, not data: an MCP error (`isError: true`) naming the images there.
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Any, Literal

from benchmarks.tools import MODE_TOOLS, DeepTumorVQATools, MeasurementType, Mode
from core.config import Config

Transport = Literal["stdio", "http"]
SERVER_NAME = "clinorch-deeptumorvqa-tools"


def build_server(tools: DeepTumorVQATools, names: tuple[str, ...] | None = None) -> Any:
    """An `MCPServer` exposing the tools (default: all five) of a `DeepTumorVQATools`."""
    try:
        from mcp.server.mcpserver import MCPServer
        from mcp.server.mcpserver.exceptions import ToolError
    except ImportError:  # mcp 1.x
        from mcp.server.fastmcp import FastMCP as MCPServer  # type: ignore[no-redef]
        from mcp.server.fastmcp.exceptions import ToolError  # type: ignore[no-redef]

    server = MCPServer(SERVER_NAME, instructions=(
        "DeepTumorVQA tools backed by clinorch: segment_organ and measure on an abdominal CT (pass image_id), "
        "lookup_medical_knowledge for cited thresholds, crop_organ / list_available_crops for pictures."))

    def checked(result: dict[str, Any]) -> dict[str, Any]:
        if "available_images" in result and "error" in result:  # the call named no image: the client's mistake
            raise ToolError(f"{result['error']}; available image_id values: {', '.join(result['available_images'])}")
        if result.get("unreadable"):  # a corrupt CT or mask: an error result with its reason, not "error executing"
            raise ToolError(result["error"])
        return result

    wanted = set(names or ("segment_organ", "measure", "lookup_medical_knowledge", "crop_organ",
                           "list_available_crops"))

    def segment_organ(image_id: str, target: str) -> dict[str, Any]:
        """Segment an organ or lesion (AbdomenAtlas name): mask found, voxel count, volume, bounding box."""
        return checked(tools.call("segment_organ", {"image_id": image_id, "target": target}))

    def measure(image_id: str, target: str, measurement_type: MeasurementType) -> dict[str, Any]:
        """Measure a target: volume_cm3, mean_hu, max_diameter_mm, lesion_count, largest_lesion_volume_cm3,
        largest_lesion_diameter_cm."""
        return checked(tools.call("measure", {"image_id": image_id, "target": target, "measurement_type": measurement_type}))

    def lookup_medical_knowledge(query: str, image_id: str | None = None) -> dict[str, Any]:
        """Cited clinical criteria and thresholds for a query, e.g. 'splenomegaly grading'."""
        return tools.call("lookup_medical_knowledge", {"query": query})

    def crop_organ(image_id: str, organ: str) -> dict[str, Any]:
        """Axial CT slice around an organ (or 'a_b' combination) as a base64 PNG, window 400/50."""
        return checked(tools.call("crop_organ", {"image_id": image_id, "organ": organ}))

    def list_available_crops(image_id: str) -> dict[str, Any]:
        """Organ names crop_organ can show for this image."""
        return checked(tools.call("list_available_crops", {"image_id": image_id}))

    for fn in (segment_organ, measure, lookup_medical_knowledge, crop_organ, list_available_crops):
        if fn.__name__ in wanted:
            server.add_tool(fn, name=fn.__name__, description=fn.__doc__)
    return server


def check_loopback(host: str) -> None:
    """Raises ValueError unless `host` resolves only to loopback addresses."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as exc:
        raise ValueError(f"host {host!r} does not resolve ({exc})") from exc
    outside = sorted(a for a in addresses if not ipaddress.ip_address(a.split("%")[0]).is_loopback)
    if outside:
        raise ValueError(f"host {host!r} is not a loopback address ({outside!r}); the tool server reads patient "
                         "images and binds to 127.0.0.1 / ::1 / localhost only")


def serve_tools(data_dir: str | Path, transport: Transport | str = "stdio", host: str = "127.0.0.1", port: int = 8765,
                mode: Mode = "oracle", config: Config | None = None, path: str = "/mcp") -> None:
    """Serves the tools until the client disconnects (stdio) or the process is stopped (http).

    Args:
        data_dir: AbdomenAtlas-layout folder (or a benchmark root with `benchmark/ct/`).
        transport: `stdio` or `http` (streamable HTTP at `http://host:port/mcp`).
        host: Loopback address for http; anything else is refused.
        port: TCP port for http.
        mode: `oracle` (provided masks) or `predicted` (clinorch's segmenter); `vision` offers the crop tools.
        config: clinorch configuration for segmenter, knowledge profile and retrieval.
    """
    folder = Path(data_dir)
    if not folder.is_dir():
        raise ValueError(f"data_dir {str(folder)!r} is not a folder")
    tools = DeepTumorVQATools(folder, mode=mode, config=config)
    names = MODE_TOOLS[mode] + (("crop_organ", "list_available_crops") if mode != "vision" else ())
    server = build_server(tools, names)
    if transport == "stdio":
        server.run("stdio")
    elif transport in ("http", "streamable-http"):
        check_loopback(host)
        server.run("streamable-http", host=host, port=port, streamable_http_path=path)
    else:
        raise ValueError(f"transport={transport!r}: expected 'stdio' or 'http'")
