"""Checks on the command line's output paths, made before any case runs.

An output folder that names an existing file, lies under a file, or cannot be written would fail
only after the case ran, with an `OSError` traceback from `mkdir`. Checked at parse time instead,
it is a usage error (exit 2) that names the path. Nothing is created here.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer


def output_folder(path: Path) -> Path:
    """The path unchanged when a folder can be made there; a typer usage error naming it otherwise.

    Raises:
        typer.BadParameter: the path is an existing file, lies under a file, or its nearest existing
            folder is not writable.
    """
    if path.exists() and not path.is_dir():
        raise typer.BadParameter(f"{path} is an existing file, not a folder: name a folder for the outputs")
    ancestor = path
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise typer.BadParameter(f"{path} lies under {ancestor}, which is a file, not a folder")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise typer.BadParameter(f"{path}: the folder {ancestor} is not writable")
    return path
