"""The on-disk index cache, keyed by the content of the passages and the embedder's name.

Layout: `<root>/index/<key>/` with `chunks.json`, `vectors.faiss` and `meta.json` (written last:
a folder without it is incomplete and ignored). Any change to any passage, to chunking or to the
embedder gives a new key, hence a rebuild; old folders are left for the user to clean.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from retrieval.chunking import CHUNKER_VERSION, Chunk

ENV_VAR = "CLINORCH_CACHE_DIR"


def cache_root(cache_dir: str | Path | None = None) -> Path:
    """The clinorch cache folder: the argument, else `$CLINORCH_CACHE_DIR`, else `~/.cache/clinorch`."""
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    env = os.environ.get(ENV_VAR)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "clinorch"


def index_key(chunks: Sequence[Chunk], embedder_name: str, index_name: str) -> str:
    """SHA-256 over the passages, the chunker version, the embedder and the index kind."""
    digest = hashlib.sha256(f"{CHUNKER_VERSION}\n{embedder_name}\n{index_name}\n".encode())
    for chunk in chunks:
        digest.update(json.dumps(chunk.model_dump(), sort_keys=True).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def index_dir(root: Path, key: str) -> Path:
    return root / "index" / key[:24]


def is_complete(folder: Path, key: str) -> bool:
    """Whether `folder` holds a finished index for `key`."""
    meta = folder / "meta.json"
    try:
        return json.loads(meta.read_text()).get("key") == key
    except (OSError, ValueError):
        return False


def publish(tmp: Path, folder: Path) -> None:
    """Moves a finished temporary folder into place; a concurrent winner is kept."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(tmp, folder)
    except OSError:  # another process published first (target not empty)
        shutil.rmtree(tmp, ignore_errors=True)


def new_tmp(root: Path) -> Path:
    (root / "index").mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".building-", dir=root / "index"))
