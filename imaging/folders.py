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


def file_kinds(folder: Path) -> dict[str, list[str]]:
    """What the visible files of a folder are: a DICOM file's SOP class name (pydicom's UID
    dictionary, e.g. ``RT Structure Set Storage``), else ``other``; kind -> file names, in name order.

    Only headers are read (up to the SOP Class UID), so a folder of large files is cheap to describe. Files without
    the 128-byte preamble and ``DICM`` prefix (older exports, pydicom's own ``rtstruct.dcm``) are read too.
    """
    kinds: dict[str, list[str]] = {}
    for path in visible_files(folder):
        kinds.setdefault(sop_class_name(path) or "other", []).append(path.name)
    return kinds


def sop_class_name(path: Path) -> str | None:
    """A DICOM file's SOP class name (pydicom's UID dictionary, e.g. ``Segmentation Storage``); None if not DICOM.

    Only the header up to the SOP Class UID is read, with or without the Part 10 preamble.
    """
    import pydicom

    try:
        uid = pydicom.dcmread(str(path), stop_before_pixels=True, force=True,
                              specific_tags=["SOPClassUID"]).get("SOPClassUID")
    except Exception:  # noqa: BLE001 - a forced read of a picture or a text file can fail in any way: not DICOM
        return None
    return str(getattr(uid, "name", "") or uid) if uid else None
