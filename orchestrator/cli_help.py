"""Words the command line shows about the model backends, and its checks on output paths, with no heavy import
so `clinorch --help` stays instant.

An output folder that names an existing file, lies under a file, or cannot be written would fail only after
the case ran, with an `OSError` traceback from `mkdir`; checked at parse time (`output_folder`), it is a usage
error (exit 2) that names the path. Nothing is created there. Two runs on one folder: `writing_to`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

SEGMENTER_NAMES = ("classical", "atlas", "provided", "totalsegmentator", "nnunet", "monai")
"""The built-in segmenters (`agents.segmenters.SEGMENTERS`), named here for `--help`; a test keeps them equal to the registry."""

SEGMENTER_OPTION_HELP = {
    "totalsegmentator": "weights_dir=DIR, task=total, fast=true, device=cpu",
    "nnunet": "model_folder=DIR (dataset.json, plans.json, fold_*/checkpoint_final.pth), folds=[0,1], device=cpu",
    "monai": "path=BUNDLE_DIR or path=MODEL.ts with labels='{\"1\": \"liver\"}', device=cpu",
}
"""How each model backend's options are given on the command line (the errors quote these)."""


def option_hint(segmenter: str) -> str:
    """How to give `segmenter`'s options from the command line, for an error message."""
    first = SEGMENTER_OPTION_HELP.get(segmenter, "KEY=VALUE").split(" ")[0].rstrip(",")
    return (f"on the command line: --segmenter-option {first} (repeat for more options), "
            "or \"segmenter_options\" in a --config JSON file")


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


LOCK_NAME = ".clinorch.lock"
"""The file in an output folder that the run or batch writing there holds an exclusive lock on (POSIX `flock`)."""


@contextmanager
def writing_to(out: Path) -> Iterator[None]:
    """Holds the output folder for one `clinorch run` or `batch`: a second one started on the same folder stops
    with exit 2 naming it, instead of both writing there and one's outputs vanishing without a word.

    The lock is released when the process ends, however it ends (a killed run leaves no stale lock).
    """
    import fcntl

    out.mkdir(parents=True, exist_ok=True)
    with (out / LOCK_NAME).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            typer.echo(f"clinorch: error: another clinorch run or batch is writing to {out}: give each run its "
                       "own --out folder (or wait for it to finish)", err=True)
            raise typer.Exit(2) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
