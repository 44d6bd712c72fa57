"""A case run end to end with `--segmenter atlas`: the liver volume comes from the atlas segmenter's mask."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orchestrator.cli import app

VOLUME_TOLERANCE = 0.2
"""Relative liver volume error allowed: the atlas liver's Dice on held-out phantoms is about 0.9 (docs/segmentation.md),
whose volume error is mostly well under this."""


@pytest.mark.slow
@pytest.mark.parametrize("seed, orientation", [(626, "LPS"), (633, "PIR")])
def test_liver_volume_through_the_cli_with_the_atlas_segmenter(tmp_path: Path, seed: int, orientation: str) -> None:
    from synthetic.phantom import make_phantom, random_spec

    spec = dataclasses.replace(random_spec(seed), shape=(120, 92, 56), spacing=(3.2, 3.2, 4.5), top_offset_mm=15.0,
                               orientation=orientation)
    truth = make_phantom(tmp_path / "case", spec)
    out = tmp_path / "out"
    ran = CliRunner().invoke(app, ["run", str(tmp_path / "case" / "ct.nii.gz"), "--segmenter", "atlas",
                                   "--question", "What is the volume of the liver in mL?", "--out", str(out), "--quiet"])
    assert ran.exit_code == 0, ran.output
    result = json.loads((out / "result.json").read_text())
    assert result["status"] == "answered", result.get("reasons")
    assert result["provenance"]["backends"]["segmenter"] == "atlas"
    found = float(re.search(r"(\d+(?:\.\d+)?) mL", result["answer"]).group(1))
    expected = truth["organs"]["liver"]["volume_ml"]
    assert abs(found - expected) <= VOLUME_TOLERANCE * expected, (found, expected)
