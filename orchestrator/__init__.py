"""clinorch: a multi-agent clinical workflow orchestrator for medical imaging.

    import orchestrator
    result = orchestrator.run(case)   # a Case, a dict or a case JSON path
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from core.imports import defer_init

os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
"""NumPy's documented switch, read when NumPy is imported: no transparent huge pages for large
arrays, so a mask's memory is the 4 KiB pages it writes, not 2 MiB per touched region
(`imaging.masks`; full-size case: peak RSS 1.65 -> 1.41 GB by this alone). Set it to 1 to override."""

defer_init("langgraph_sdk", "langsmith.types")
"""langgraph imports `langgraph_sdk.auth.types` and langchain's tracers `langsmith.types.run_select_field`;
the two packages' `__init__`s would also import the SDK's HTTP/websocket clients and ~200 generated
API models (0.3 s of CPU in every cold run, a third of langgraph's import). They now run only if
something asks those packages for a name (`core.imports.defer_init`)."""

__version__ = "0.1.0"
__all__ = ["Case", "CaseConflictError", "CaseResult", "Config", "Evidence", "ImageRef", "run"]

if TYPE_CHECKING:
    from core.case import Case, CaseResult, Evidence, ImageRef
    from core.config import Config
    from orchestrator.api import CaseConflictError, run

_LAZY = {
    "run": "orchestrator.api",
    "CaseConflictError": "orchestrator.checkpoints",
    "Case": "core.case",
    "CaseResult": "core.case",
    "Evidence": "core.case",
    "ImageRef": "core.case",
    "Config": "core.config",
}


def __getattr__(name: str) -> Any:
    """Imports the public names on first use, so `import orchestrator` and `--help` stay instant."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'orchestrator' has no attribute {name!r}")
