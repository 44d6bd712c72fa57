"""`--segmenter provided`: the masks given with the image and nothing else (an incomplete mask set is not completed).

Round 20 (suite T, incomplete layout): the option `--help` lists failed with "ProvidedSegmenter.__init__() missing 1
required positional argument: 'source'"; the abstentions of a folder without lesion masks read "no measured
'pancreas_lesion.lesion_count' in the evidence" and "criterion 'dtvqa-lesion-existence' needs [...]" (issue 11 kind 8).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orchestrator.cli import app
from synthetic.phantom import PhantomSpec, make_phantom

runner = CliRunner()
KEY = re.compile(r"'[a-z_/]+\.[a-z_]+'|criterion '|needs \[|no measured ")
"""Internal names a reason must not show: a quoted quantity key, a criterion's id with its needs list."""


@pytest.fixture(scope="module", params=[(7, "LPS", "liver_tumor", "Is there a liver lesion?", "liver lesion count"),
                                        (8, "RAS", "pancreas_tumor", "How many pancreatic lesions are there?",
                                         "pancreas lesion count"),
                                        (9, "LAS", "kidney_tumor", "What is the volume of the largest kidney tumour?",
                                         "kidney tumor")])
def incomplete(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    seed, orientation, mask, question, words = request.param
    folder = tmp_path_factory.mktemp(f"inc{seed}")
    make_phantom(folder, PhantomSpec(seed=seed, orientation=orientation, kidney_lesion="solid"))
    (folder / "segmentations" / f"{mask}.nii.gz").unlink()
    return folder, question, words


def test_provided_only_abstains_naming_the_missing_mask_in_words(incomplete: tuple[Path, str, str],
                                                                 tmp_path: Path) -> None:
    folder, question, words = incomplete
    out = tmp_path / "run"
    done = runner.invoke(app, ["run", str(folder / "ct.nii.gz"), "--masks", str(folder / "segmentations"),
                               "--question", question, "--segmenter", "provided", "--out", str(out), "--json"])
    assert done.exit_code == 0, done.output
    result = json.loads((out / "result.json").read_text())
    assert result["status"] == "abstained", result["answer"]
    said = " ".join(result["reasons"])
    assert words in said and "mask" in said, said
    assert not KEY.search(said), said
    segmented = {e["target"] for e in result["evidence"] if e["kind"] == "segmentation"}
    assert not any("tumor" in t for t in segmented if "classical" in json.dumps(result["provenance"])), segmented


def test_provided_only_answers_from_a_complete_set(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    make_phantom(folder, PhantomSpec(seed=10, orientation="LPS"))
    out = tmp_path / "run"
    done = runner.invoke(app, ["run", str(folder / "ct.nii.gz"), "--masks", str(folder / "segmentations"),
                               "--question", "What is the spleen volume?", "--segmenter", "provided", "--out", str(out),
                               "--json"])
    assert done.exit_code == 0, done.output
    result = json.loads((out / "result.json").read_text())
    assert result["status"] == "answered", result["reasons"]


def test_provided_only_without_masks_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    make_phantom(folder, PhantomSpec(seed=11))
    done = runner.invoke(app, ["run", str(folder / "ct.nii.gz"), "--question", "What is the spleen volume?",
                               "--segmenter", "provided", "--out", str(tmp_path / "run")])
    assert done.exit_code == 2, done.output
    assert "--masks" in done.output and "Traceback" not in done.output and "positional argument" not in done.output
    assert not (tmp_path / "run" / "result.json").exists()
