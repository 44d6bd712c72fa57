"""clinorch: a multi-agent clinical workflow orchestrator for medical imaging.

    import orchestrator
    result = orchestrator.run(case)   # a Case, a dict or a case JSON path
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
"""NumPy's documented switch, read when NumPy is imported: no transparent huge pages for large
arrays, so a mask's memory is the 4 KiB pages it writes, not 2 MiB per touched region
(`imaging.masks`; full-size case: peak RSS 1.65 -> 1.41 GB by this alone). Set it to 1 to override."""

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
