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
    # a question that consults the knowledge base, so the retrieval index is built here too
    orchestrator.run({"case_id": "warm", "images": [{"path": str(out / "ct.nii.gz")}],
                      "question": "What is the volume of the spleen in ml? Is it enlarged?"})
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
    # langgraph's needs, without the SDK's HTTP client, langsmith's API models or scipy's solvers
    assert {"langgraph_sdk.auth.types", "langsmith.types.run_select_field", "scipy.optimize._lsap"} <= loaded
    unneeded = {"langgraph_sdk.client", "langsmith.types.run", "scipy.optimize._optimize", "websockets",
                "scipy.spatial", "scipy.linalg", "scipy.special._ufuncs", "skimage.morphology.binary",
                # NumPy's on-demand subpackages that scipy's `from numpy import *` would load
                "numpy.f2py.crackfortran", "numpy.testing._private.utils", "numpy.polynomial.polynomial"}
    assert not unneeded & loaded, sorted(unneeded & loaded)


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


def _package(root: Path, name: str, init: str) -> None:
    """A package `name` under `root`: `light` and `heavy` submodules, and the given `__init__`."""
    folder = root.joinpath(*name.split("."))
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text(init)
    (folder / "light.py").write_text("VALUE = 1\n")
    (folder / "heavy.py").write_text("THING = 'heavy'\n")


@pytest.mark.parametrize("name", ["eager_pkg", "outer_pkg.eager"])
def test_defer_init_loads_a_submodule_alone_and_the_package_init_when_asked(tmp_path: Path, name: str) -> None:
    for part in range(1, name.count(".") + 1):  # parents of a nested package: plain empty packages
        tmp_path.joinpath(*name.split(".")[:part]).mkdir()
        tmp_path.joinpath(*name.split(".")[:part], "__init__.py").write_text("")
    _package(tmp_path, name, "from .heavy import THING\n")
    code = (f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n"
            "from core.imports import defer_init\n"
            f"assert defer_init({name!r}, 'no_such_package', 'encodings') == [{name!r}]\n"  # encodings: imported
            f"import {name}.light\n"
            f"assert {name!r} + '.heavy' not in sys.modules, 'the package __init__ ran'\n"
            f"assert {name}.light.VALUE == 1\n"
            f"from {name} import THING\n"  # asking the package for a name runs its __init__, once
            "assert THING == 'heavy'\n"
            f"import {name} as package\n"
            "try:\n    package.missing\nexcept AttributeError:\n    pass\nelse:\n    raise SystemExit('no error')\n")
    loaded = _modules_after(code)
    assert {name, f"{name}.light", f"{name}.heavy"} <= loaded


def test_defer_init_keeps_a_package_getattr_and_fails_again_after_a_failing_init(tmp_path: Path) -> None:
    _package(tmp_path, "lazy_pkg", "def __getattr__(name):\n    return name.upper()\n")
    _package(tmp_path, "broken_pkg", "raise RuntimeError('broken __init__')\n")
    code = (f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n"
            "from core.imports import defer_init\n"
            "defer_init('lazy_pkg', 'broken_pkg')\n"
            "import lazy_pkg.light, broken_pkg.light\n"
            "assert lazy_pkg.anything == 'ANYTHING'\n"  # the package's own module __getattr__ answers
            "for attempt in range(2):\n"
            "    try:\n        broken_pkg.THING\n"
            "    except RuntimeError as error:\n        assert 'broken' in str(error)\n"
            "    else:\n        raise SystemExit('no error')\n")
    assert "lazy_pkg.light" in _modules_after(code)


def test_from_submodule_gives_the_public_object_and_falls_back_to_the_package() -> None:
    code = ("from core.imports import from_submodule\n"
            "import sys\n"
            "lsap = from_submodule('scipy.optimize', '_lsap', 'linear_sum_assignment')\n"
            "assert 'scipy.optimize._optimize' not in sys.modules\n"
            "import scipy.optimize\n"
            "assert lsap is scipy.optimize.linear_sum_assignment\n"
            "import json\n"
            "assert from_submodule('email', 'no_such_module', 'message_from_string') is __import__('email')"
            ".message_from_string\n"
            "try:\n    from_submodule('json', 'decoder', 'no_such_name')\n"
            "except AttributeError:\n    pass\nelse:\n    raise SystemExit('a name neither module has was found')\n")
    assert "scipy.optimize._lsap" in _modules_after(code)


def test_langgraph_sdk_and_langsmith_types_work_in_full_after_orchestrator_deferred_them() -> None:
    code = ("import sys, orchestrator.graph\n"
            "assert 'langgraph_sdk.client' not in sys.modules\n"
            "from langgraph_sdk import get_client\n"
            "import langsmith.types\n"
            "assert langsmith.types.Run.__name__ == 'Run'\n")
    assert "langgraph_sdk.client" in _modules_after(code)


def test_defer_init_binding_lets_submodules_ask_the_package_for_bound_names_only(tmp_path: Path) -> None:
    _package(tmp_path, "bound_pkg", "from .heavy import THING\nfrom .light import VALUE\nfrom . import extra\n")
    (tmp_path / "bound_pkg" / "user.py").write_text("from bound_pkg import VALUE\nfrom . import light, extra\n")
    (tmp_path / "bound_pkg" / "extra.py").write_text("EXTRA = 2\n")
    code = (f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n"
            "from core.imports import defer_init_binding\n"
            "assert defer_init_binding('bound_pkg', {'VALUE': 'light'}, submodules=('extra',))\n"
            "assert not defer_init_binding('bound_pkg', {})\n"  # already deferred: left alone
            "import bound_pkg.user\n"
            "assert 'bound_pkg.heavy' not in sys.modules, 'the package __init__ ran'\n"
            "import bound_pkg, bound_pkg.light\n"
            "assert bound_pkg.VALUE is bound_pkg.light.VALUE == 1\n"
            "assert bound_pkg.THING == 'heavy'\n"  # another name: the __init__ runs, as without deferral
            "assert bound_pkg.extra.EXTRA == 2\n"
            "assert defer_init_binding('moved_pkg', {'VALUE': 'no_such_module'})\n"  # a moved name: deferred all the same
            "import moved_pkg\nassert moved_pkg.THING == 'heavy'\n")
    _package(tmp_path, "moved_pkg", "from .heavy import THING\n")
    assert "bound_pkg.heavy" in _modules_after(code)


def test_the_watershed_and_scipy_special_are_the_public_objects_after_deferral() -> None:
    code = ("import sys\n"
            "from agents.segmenters.classical_anatomy import watershed\n"
            "import imaging.volume, scipy.ndimage\n"
            "assert 'skimage.morphology.binary' not in sys.modules and 'scipy.special._ufuncs' not in sys.modules\n"
            "import skimage.morphology, skimage.segmentation, scipy.special\n"
            "assert watershed is skimage.segmentation.watershed\n"
            "from skimage.morphology._flood_fill import flood\n"
            "assert skimage.morphology.flood is flood and skimage.morphology.binary_closing.__name__ == 'binary_closing'\n"
            "assert scipy.special.erf(0.0) == 0.0 and abs(scipy.ndimage.rotate(scipy.special.ellipk([[0.5]]), 90)[0, 0]"
            " - 1.8540746773013719) < 1e-12\n")
    assert "skimage.morphology.binary" in _modules_after(code)


def test_numpy_subpackages_deferred_by_imaging_work_in_full_when_asked() -> None:
    code = ("import sys\n"
            "import imaging.volume, scipy.ndimage, numpy as np\n"
            "assert 'numpy.polynomial.polynomial' not in sys.modules and 'numpy.f2py.crackfortran' not in sys.modules\n"
            "from scipy._lib.array_api_compat import numpy as compat\n"
            "assert compat.polynomial is np.polynomial and compat.testing is np.testing  # scipy's copies: the same\n"
            "assert np.polynomial.Polynomial([1, 2])(3) == 7 and np.char.upper('ct') == 'CT'\n"
            "assert np.rec.fromarrays([[1, 2]], names='a').a.tolist() == [1, 2] and np.strings.str_len('abc') == 3\n"
            "np.testing.assert_array_equal(np.arange(2), [0, 1])\n"
            "from numpy.polynomial import Polynomial\n"
            "assert Polynomial is np.polynomial.polynomial.Polynomial and callable(np.f2py.run_main)\n"
            "assert callable(np.ctypeslib.as_array)\n")
    assert {"numpy.polynomial.polynomial", "numpy.f2py.crackfortran", "numpy.testing._private.utils"} <= _modules_after(code)


def test_pydantic_builds_deferred_defers_the_blocks_models_only_and_they_validate_when_used() -> None:
    from pydantic import BaseModel, ConfigDict, ValidationError

    from core.imports import pydantic_builds_deferred

    with pydantic_builds_deferred():
        class Deferred(BaseModel):
            size_mm: float

        class Eager(BaseModel):
            model_config = ConfigDict(defer_build=False)  # a model's own setting wins
            size_mm: float

    class After(BaseModel):
        size_mm: float

    assert not Deferred.__pydantic_complete__ and Eager.__pydantic_complete__ and After.__pydantic_complete__
    assert Deferred(size_mm="12.5").size_mm == 12.5 and Deferred.__pydantic_complete__  # built at first use
    with pytest.raises(ValidationError):
        Deferred(size_mm="large")
    with pytest.raises(RuntimeError), pydantic_builds_deferred():
        raise RuntimeError("the default is restored on the way out")

    class AfterError(BaseModel):
        size_mm: float

    assert AfterError.__pydantic_complete__


def test_a_run_builds_none_of_langsmiths_models_and_they_work_when_asked(phantom: Path) -> None:
    code = ("import sys, orchestrator\n"
            "assert orchestrator.run({'case_id': 'cold', 'images': [{'path': sys.argv[1]}]}).status == 'answered'\n"
            "from langsmith.run_trees import RunTree\n"
            "from langchain_core.messages import AIMessage\n"
            "assert not RunTree.__pydantic_complete__ and not AIMessage.__pydantic_complete__  # never built by the run\n"
            "run = RunTree(name='case', run_type='chain', inputs={'q': 1})\n"
            "assert run.name == 'case' and RunTree.__pydantic_complete__ and AIMessage(content='ok').content == 'ok'\n")
    assert "langsmith.run_trees" in _modules_after(code, str(phantom))
