"""A corrupt CT or mask in a benchmark folder: every tool says which file and why; one bad case spoils no other.

Found by an ML engineer's first hour (session 17, F4 and F10): over MCP a corrupt CT gave only "Error executing
tool segment_organ", and `bench export-tool-cache` died with a traceback and wrote nothing for the good cases.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import anyio
import numpy as np
import pytest
from typer.testing import CliRunner

from benchmarks.cli import app
from benchmarks.mcp_server import build_server
from benchmarks.tools import DeepTumorVQATools

BAD = "BDMAP_90000003"


def _random_bytes(path: Path, seed: int) -> None:
    path.write_bytes(np.random.default_rng(seed).bytes(5000))


def _truncated_gzip(path: Path, seed: int) -> None:
    path.write_bytes(path.read_bytes()[: 300 + seed * 97])


def _gzip_of_text(path: Path, seed: int) -> None:
    path.write_bytes(gzip.compress(f"not an image {seed}".encode() * 40))


CORRUPTIONS = {"random bytes": _random_bytes, "truncated gzip": _truncated_gzip, "gzip of text": _gzip_of_text}


def _root(suite, tmp_path: Path, corrupt, where: str, seed: int) -> tuple[Path, str]:
    """A benchmark root with two good cases and a copy of the first whose CT or liver mask is corrupt."""
    cases = sorted((suite.root / "benchmark" / "ct").iterdir())
    root = tmp_path / "root"
    for case in cases[:2]:
        shutil.copytree(case, root / "benchmark" / "ct" / case.name)
    bad = root / "benchmark" / "ct" / BAD
    shutil.copytree(cases[0], bad)
    target = bad / "ct.nii.gz" if where == "ct" else bad / "segmentations" / "liver.nii.gz"
    corrupt(target, seed)
    return root, target.name


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("where", ["ct", "mask"])
@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_every_tool_names_the_unreadable_file(suite, tmp_path: Path, kind: str, where: str, seed: int) -> None:
    root, name = _root(suite, tmp_path, CORRUPTIONS[kind], where, seed)
    tools = DeepTumorVQATools(root)
    for result in (tools.call("segment_organ", {"image_id": BAD, "target": "liver"}),
                   tools.call("measure", {"image_id": BAD, "target": "spleen", "measurement_type": "volume_cm3"})):
        assert result.get("unreadable") is True, result
        assert name in result["error"] and BAD in result["error"]
    if where == "ct":
        crop = tools.call("crop_organ", {"image_id": BAD, "organ": "liver"})
        assert crop.get("unreadable") is True and "image_base64" not in crop, crop
    good = sorted(i for i in tools.image_ids() if i != BAD)
    assert tools.call("measure", {"image_id": good[0], "target": "spleen", "measurement_type": "volume_cm3"})["value"] > 0


@pytest.mark.parametrize("where", ["ct", "mask"])
def test_an_mcp_client_gets_the_reason(suite, tmp_path: Path, where: str) -> None:
    from mcp import Client

    root, name = _root(suite, tmp_path, _random_bytes, where, 3)
    server = build_server(DeepTumorVQATools(root))

    async def main() -> list:
        async with Client(server) as client:
            return [await client.call_tool(tool, {"image_id": BAD, **args}) for tool, args in (
                ("segment_organ", {"target": "liver"}),
                ("measure", {"target": "liver", "measurement_type": "mean_hu"}))]

    for result in anyio.run(main):
        assert result.is_error
        text = result.content[0].text
        assert name in text and "not read" in text and BAD in text, text  # the reason, not a bare "Error executing tool"


@pytest.mark.parametrize("where", ["ct", "mask"])
def test_export_tool_cache_skips_the_bad_case_and_says_why(suite, tmp_path: Path, where: str) -> None:
    root, name = _root(suite, tmp_path, _truncated_gzip, where, 2)
    out = tmp_path / "cache.json"
    result = CliRunner().invoke(app, ["export-tool-cache", "--data-dir", str(root), "--out", str(out),
                                      "--mode", "oracle"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "2 images measured, 1 not" in result.output and name in result.output
    cache = json.loads(out.read_text())["cache"]
    good = sorted(i for i in cache if i != BAD)
    assert len(good) == 2 and all(cache[i]["measure"]["spleen"]["volume_cm3"]["value"] > 0 for i in good)
    assert cache[BAD]["unreadable"] is True
