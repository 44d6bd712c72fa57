"""The files of a series or mask folder, without what file systems and tools leave beside them.

macOS writes an AppleDouble file ``._NAME`` beside every file it copies to FAT, exFAT or network
volumes (its resource fork and Finder metadata: 4 KB starting ``00 05 16 07``) and ``.DS_Store``
in every folder it opens; version control and editors leave ``.git/`` and ``.NAME.swp``. None of
them is an image, and a ``._spleen.nii.gz`` is not the spleen. Names starting with a dot are
hidden by POSIX convention; they are not read as slices or masks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def is_hidden(path: Path, root: Path) -> bool:
    """Whether the file, or a folder between `root` and it, has a name starting with a dot."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def visible_files(folder: Path, recursive: bool = False) -> Iterator[Path]:
    """The regular files of a folder (and its sub-folders when `recursive`) that are not hidden, sorted.

    DICOMDIR index files are left out too: they list a series, they are not one of its slices.
    """
    found = folder.rglob("*") if recursive else folder.iterdir()
    yield from sorted(f for f in found if f.is_file() and not is_hidden(f, folder) and not f.name.startswith("DICOMDIR"))
