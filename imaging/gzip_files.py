"""Sizes of gzip files (RFC 1952) judged before a NIfTI is read.

A gzip file may hold several members one after another (pigz, bgzip, `cat a.gz b.gz`); its last 4 bytes
(ISIZE) give only the last member's uncompressed size, mod 2**32. A trailer smaller than the header's
announced size is therefore a reason to count, not to refuse.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b"
"""The first two bytes of every gzip member."""
_CHUNK_BYTES = 1 << 20


def gzip_declared_size(path: Path) -> int | None:
    """The uncompressed size (mod 2**32) in a gzip file's trailer (its last member's), without decompressing.

    Returns:
        ISIZE in bytes, or None when the file is not gzip or cannot be read.
    """
    try:
        with path.open("rb") as fh:
            if fh.read(2) != GZIP_MAGIC:
                return None
            fh.seek(-4, 2)
            return int.from_bytes(fh.read(4), "little")
    except OSError:
        return None


def gzip_expanded_size(path: Path, limit: int) -> int:
    """Bytes the gzip file decompresses to over all its members, counting up to `limit`.

    Streams at most `limit` bytes (plus one chunk) through zlib; a truncated or corrupt stream counts
    what it yielded before the error.
    """
    total = 0
    try:
        with gzip.open(path, "rb") as stream:
            while total < limit:
                chunk = stream.read(_CHUNK_BYTES)
                if not chunk:
                    break
                total += len(chunk)
    except (OSError, EOFError, zlib.error):
        pass
    return total
