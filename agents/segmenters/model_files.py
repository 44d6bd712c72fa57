"""Cheap checks that a model file is a model, so a wrong path fails when the backend is built, not mid-case.

PyTorch writes TorchScript (`torch.jit.save`) and checkpoints (`torch.save`, since 1.6) as zip
archives: TorchScript holds `<name>/code/` and `<name>/constants.pkl`, a checkpoint `<name>/data.pkl`.
Reading the archive's directory and its CRCs catches a text file, a truncated download or a
corrupt copy without importing torch or loading the weights.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Literal

from agents.segmenters.base import SegmenterUnavailable

_LEGACY_PICKLE = b"\x80\x02"
"""`torch.save` before 1.6 (`_use_new_zipfile_serialization=False`): a bare pickle, protocol 2."""


def check_torch_file(path: Path, kind: Literal["torchscript", "checkpoint"], what: str) -> None:
    """Raises unless `path` is a readable, intact PyTorch file of `kind`.

    Args:
        path: The model file.
        kind: "torchscript" (`torch.jit.load` reads it) or "checkpoint" (`torch.load` reads it).
        what: The file's role for the message, e.g. "MONAI model path".

    Raises:
        SegmenterUnavailable: the file is missing, not a PyTorch archive, of the other kind, or corrupt.
    """
    if not path.is_file():
        raise SegmenterUnavailable(f"{what} {str(path)!r} is not a file")
    if not zipfile.is_zipfile(path):
        if kind == "checkpoint" and path.read_bytes()[:2] == _LEGACY_PICKLE:
            return
        raise SegmenterUnavailable(f"{what} {str(path)!r} is not a model: not a PyTorch "
                                   f"{'TorchScript' if kind == 'torchscript' else 'checkpoint'} file "
                                   f"({_describe(path)}; a truncated or wrong file?)")
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            broken = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        raise SegmenterUnavailable(f"{what} {str(path)!r} is a corrupt archive ({exc})") from exc
    if broken is not None:
        raise SegmenterUnavailable(f"{what} {str(path)!r} is corrupt: member {broken!r} fails its checksum")
    if kind == "torchscript" and not any(n.endswith("/constants.pkl") or "/code/" in n for n in names):
        hint = "; it is a checkpoint (state dict): pass its network_def option" if any(n.endswith("/data.pkl") for n in names) else ""
        raise SegmenterUnavailable(f"{what} {str(path)!r} is a zip archive but not TorchScript{hint}")
    if kind == "checkpoint" and not any(n.endswith("/data.pkl") for n in names):
        raise SegmenterUnavailable(f"{what} {str(path)!r} is a zip archive but not a PyTorch checkpoint")


def _describe(path: Path) -> str:
    """What the file looks like, in a few words: its size and whether it reads as text."""
    head = path.read_bytes()[:512]
    size = path.stat().st_size
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return f"{size} bytes of binary data"
    return f"{size} bytes of text"
