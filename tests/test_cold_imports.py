"""What a fresh process imports for a given piece of work: nothing heavy that the work does not need.

Each check runs in a subprocess (a cold interpreter) and reads its `sys.modules`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from synthetic.phantom import PhantomSpec, make_phantom

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pydicom", "spacy", "thinc", "torch", "sentence_transformers", "transformers", "fastapi", "matplotlib",
         "highdicom", "fhir", "sqlite3", "langgraph.checkpoint.sqlite", "ray", "mcp", "PIL")


def _modules_after(code: str, *args: str) -> set[str]:
    """The modules loaded once `code` has run in a fresh interpreter (its last stdout line)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    script = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def phantom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small phantom, run once in this process first: the on-disk caches (intent library,
    retrieval index) are built as a user's first run builds them; the cold processes reuse them."""
    import orchestrator

    out = tmp_path_factory.mktemp("cold") / "case"
    make_phantom(out, PhantomSpec(seed=4, shape=(96, 80, 24), spacing=(3.5, 3.5, 8.0)))
    orchestrator.run({"case_id": "warm", "images": [{"path": str(out / "ct.nii.gz")}],
                      "question": "what is the volume of the spleen in ml?"})
    return out / "ct.nii.gz"


def test_without_hides_a_package_for_one_import_only() -> None:
    code = (
        "from core.imports import without\n"
        "import json\n"
        "with without('colorsys', 'json'):\n"
        "    try:\n"
        "        import colorsys\n"
        "        raise SystemExit('colorsys was importable inside the block')\n"
        "    except ImportError:\n"
        "        pass\n"
        "    import json as again\n"  # already imported: left alone
        "import colorsys\n"
    )
    assert "colorsys" in _modules_after(code)


@pytest.mark.parametrize("question", ["what is the volume of the spleen in ml?", None,
                                      "What is the volume of the spleen in ml? Is it enlarged?"])
def test_a_nifti_case_without_names_to_scrub_loads_no_dicom_no_spacy_no_torch(phantom: Path,
                                                                             question: str | None) -> None:
    code = ("import sys, orchestrator\n"
            "case = {'case_id': 'cold', 'images': [{'path': sys.argv[1]}], 'question': sys.argv[2] or None}\n"
            "assert orchestrator.run(case).status == 'answered'\n")
    loaded = _modules_after(code, str(phantom), question or "")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    assert "langgraph.graph" in loaded  # the graph itself did run


def test_free_text_with_capitals_loads_spacy_with_only_its_ner_and_without_torch(phantom: Path) -> None:
    code = ("import sys, orchestrator\n"
            "from privacy.ner import _pipeline\n"
            "case = {'case_id': 'cold', 'images': [{'path': sys.argv[1]}],\n"
            "        'question': 'What is the volume of the spleen in mL? Seen by Maria Gonzalez.'}\n"
            "assert orchestrator.run(case).status == 'answered'\n"
            "assert _pipeline().pipe_names == ['ner'], _pipeline().pipe_names\n")
    loaded = _modules_after(code, str(phantom))
    assert "spacy" in loaded
    assert not {"torch", "pydicom", "sentence_transformers"} & loaded


def test_review_of_a_saved_result_loads_neither_the_graph_nor_spacy(phantom: Path, tmp_path: Path) -> None:
    import orchestrator

    result = orchestrator.run({"case_id": "cold", "images": [{"path": str(phantom)}],
                               "question": "what is the volume of the spleen in ml?"})
    saved = tmp_path / "result.json"
    saved.write_text(result.model_dump_json())
    code = ("import sys\nfrom orchestrator.cli import app\n"
            "try:\n    app(['review', sys.argv[1]])\nexcept SystemExit as done:\n    assert done.code == 0, done.code\n")
    loaded = _modules_after(code, str(saved))
    assert "agents.reviewer" in loaded
    unneeded = {"langgraph", "spacy", "torch", "pydicom", "nibabel", "scipy.special"}
    assert not unneeded & loaded, sorted(unneeded & loaded)
