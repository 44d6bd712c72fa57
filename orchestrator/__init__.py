"""clinorch: a multi-agent clinical workflow orchestrator for medical imaging.

    import orchestrator
    result = orchestrator.run(case)   # a Case, a dict or a case JSON path
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
