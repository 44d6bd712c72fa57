"""A 3-case synthetic suite made once per session, shared by the benchmark tests."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.suite import SuiteSummary, make_suite


@pytest.fixture(scope="session")
def suite(tmp_path_factory: pytest.TempPathFactory) -> SuiteSummary:
    """Three small phantom cases (designs 0-2) with one question per case and subtype."""
    return make_suite(tmp_path_factory.mktemp("suite"), n_cases=3, seed=7)


@pytest.fixture
def standin_harness() -> Iterator[types.ModuleType]:
    """Injects the stand-in `deeptumorvqa.eval.agent_evaluator` for one test."""
    from tests.bench import harness_standin

    names = ("deeptumorvqa", "deeptumorvqa.eval", "deeptumorvqa.eval.agent_evaluator")
    saved = {n: sys.modules.get(n) for n in names}
    sys.modules["deeptumorvqa"] = types.ModuleType("deeptumorvqa")
    sys.modules["deeptumorvqa.eval"] = types.ModuleType("deeptumorvqa.eval")
    sys.modules["deeptumorvqa.eval.agent_evaluator"] = harness_standin
    yield harness_standin
    for name, module in saved.items():
        if module is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = module


def suite_root(suite: SuiteSummary) -> Path:
    return suite.root
