"""Atomic output files for the command line and the reports: `core.atomic`, one helper with the artifact store."""

from __future__ import annotations

from core.atomic import atomic_path, write_bytes, write_text

__all__ = ["atomic_path", "write_bytes", "write_text"]
