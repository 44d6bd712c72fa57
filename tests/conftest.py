"""Shared fixtures: offline by construction, and phantom cases made once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """GPU tests skip cleanly without CUDA."""
    try:
        import torch

        has_cuda = torch.cuda.is_available()
    except ImportError:
        has_cuda = False
    if not has_cuda:
        skip = pytest.mark.skip(reason="needs CUDA")
        for item in items:
            if "gpu" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Caches (the retrieval index) go to a per-session folder, never the user's home."""
    path = tmp_path_factory.mktemp("cache")
    os.environ["CLINORCH_CACHE_DIR"] = str(path)
    return path


@pytest.fixture(scope="session")
def phantom_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A default-size phantom case in AbdomenAtlas layout with its ground truth."""
    from synthetic.phantom import PhantomSpec, make_phantom

    out = tmp_path_factory.mktemp("phantom") / "BDMAP_00000001"
    make_phantom(out, PhantomSpec(seed=7, liver_lesions=2, kidney_lesion="cyst", pancreatic_tumor_mm=24.0))
    return out

