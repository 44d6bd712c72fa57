"""Atomic output files: written beside their final name and moved onto it (`os.replace`) only when complete.

A full disk (ENOSPC), a read-only file system (EROFS) or a permission error (EACCES) part-way through a write
leaves no truncated file under the final name: the temporary file is removed and the OSError propagates, for the
command line to report in one line (`orchestrator.cli`). The artifact store (`core.store`) writes its arrays and
sidecars through the same helper; `orchestrator.atomic` re-exports it for the outputs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path in `path`'s folder, keeping its extension (``.tmp-<pid>-labels.nii.gz``, so writers that
    read the format from the name still work), moved onto `path` when the block ends; removed if the block raises.

    Raises:
        OSError: the write or the move failed (the temporary file is gone, `path` unchanged).
    """
    path = Path(path)
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """`text` into `path` atomically (`atomic_path`)."""
    with atomic_path(path) as tmp:
        tmp.write_text(text)


def write_bytes(path: Path, data: bytes) -> None:
    """`data` into `path` atomically (`atomic_path`)."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
