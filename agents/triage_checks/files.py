"""What a file is and how big it would be in memory, from its header alone (nothing is decoded)."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from imaging.folders import visible_files
from imaging.gzip_files import gzip_declared_size, gzip_expanded_size
from imaging.volume import MAX_GZIP_RATIO, NIFTI_SUFFIXES, PICTURE_SUFFIXES

FileKind = Literal["nifti", "picture", "dicom", "folder", "missing", "unsafe"]
BYTES_PER_VOXEL = 4
"""Images are held as float32."""


@dataclass(frozen=True)
class Peek:
    """Header facts read before any pixel: size on disk and decoded, DICOM object type."""

    kind: FileKind
    disk_bytes: int
    decoded_bytes: int | None = None
    """float32 size of the pixel data the header announces; None when the header is unreadable."""
    modality: str | None = None
    """DICOM Modality tag."""
    sop_class: str | None = None
    """DICOM SOP class name (`CT Image Storage`, `Segmentation Storage`, ...)."""
    identifiers: list[str] = field(default_factory=list, repr=False)
    """Identifying header values, only to scrub them from free text; never reported."""
    problem: str | None = None
    """Why the file must not be read at all (not a regular file, a header announcing more pixel
    data than the file holds); None when it may be read."""

    @property
    def is_image_object(self) -> bool | None:
        """Whether a DICOM object is an image (its SOP class is an `... Image Storage`)."""
        if self.kind not in ("dicom", "folder") or self.sop_class is None:
            return None
        return "Image Storage" in self.sop_class


def disk_size(path: Path) -> int:
    """Bytes on disk of a file, or of every file under a folder; stat only, nothing is read."""
    if path.is_dir():
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return path.stat().st_size


def peek(path: str | Path, max_bytes: int) -> Peek:
    """Reads what a header says about a file, never its pixel data.

    A file larger than `max_bytes` on disk is not opened at all; neither is anything but a
    regular file or a folder (a device such as /dev/zero, a pipe, a socket), nor a file whose
    header announces more pixel data than the file can hold.
    """
    p = Path(path)
    try:
        mode = p.stat().st_mode
    except FileNotFoundError:
        return Peek("missing", 0)
    except OSError as exc:  # ENAMETOOLONG, ELOOP, EACCES
        return Peek("unsafe", 0, problem=f"cannot be opened ({exc.strerror or type(exc).__name__})")
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return Peek("unsafe", 0, problem="not a regular file or folder (a device, pipe or socket); not read")
    try:
        found = _peek(p, max_bytes)
    except OSError as exc:
        return Peek("unsafe", 0, problem=f"cannot be read ({exc.strerror or type(exc).__name__})")
    if found.kind == "nifti" and found.decoded_bytes is not None and found.problem is None:
        return _nifti_content_check(p, found)
    return found


def _peek(p: Path, max_bytes: int) -> Peek:
    size = disk_size(p)
    name = p.name.lower()
    if p.is_dir():
        files = list(visible_files(p, recursive=True))  # listed once: the first slice, and how many there are
        if not files or size > max_bytes:
            return Peek("folder", size)
        one = _peek_dicom(files[0])
        decoded = one.decoded_bytes * len(files) if one.decoded_bytes is not None else None
        return Peek("folder", size, decoded, one.modality, one.sop_class, one.identifiers)
    if name.endswith(NIFTI_SUFFIXES):
        return Peek("nifti", size, None if size > max_bytes else _nifti_decoded_bytes(p))
    if name.endswith(PICTURE_SUFFIXES):
        return Peek("picture", size, None if size > max_bytes else _picture_decoded_bytes(p))
    if size > max_bytes:
        return Peek("dicom", size)
    found = _peek_dicom(p)
    return Peek("dicom", size, found.decoded_bytes, found.modality, found.sop_class, found.identifiers)


def _nifti_decoded_bytes(path: Path) -> int | None:
    return None if (layout := _nifti_layout(path)) is None else layout[0] * BYTES_PER_VOXEL


def _nifti_layout(path: Path) -> tuple[int, int, int] | None:
    """Voxels, bytes of stored pixel data and their offset, as the header announces them."""
    from imaging.nifti_files import load_nifti
    from imaging.volume import READ_ERRORS

    try:
        header = load_nifti(path).header
        voxels = int(np.prod(header.get_data_shape(), dtype=np.int64))
        stored = voxels * int(header.get_data_dtype().itemsize)
        offset = int(header.get_data_offset())
    except READ_ERRORS:
        return None
    return voxels, stored, offset


def _nifti_content_check(path: Path, found: Peek) -> Peek:
    """A header's announced pixel data against what the file can really hold, before any is read."""
    layout = _nifti_layout(path)
    if layout is None:
        return found
    _, stored, offset = layout
    if path.name.lower().endswith(".gz"):
        trailer = gzip_declared_size(path)
        ceiling = found.disk_bytes * MAX_GZIP_RATIO
        short = trailer is not None and (offset + stored) % 2**32 > trailer and offset + stored < 2**32
        if short and (held := gzip_expanded_size(path, offset + stored)) < offset + stored:
            problem = f"its header announces {offset + stored} bytes but the compressed file holds {held}"
        elif offset + stored > ceiling:
            problem = f"its header announces {offset + stored} bytes, more than a {found.disk_bytes}-byte gzip can hold"
        else:
            return found
    elif offset + stored > found.disk_bytes:
        problem = f"its header announces {stored} bytes of pixel data from byte {offset}, but the file has {found.disk_bytes}"
    else:
        return found
    return Peek(found.kind, found.disk_bytes, found.decoded_bytes, problem=f"{problem}; not read")


def _picture_decoded_bytes(path: Path) -> int | None:
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with PILImage.open(path, formats=("PNG", "JPEG", "BMP", "TIFF")) as pic:
            width, height = pic.size
    except PILImage.DecompressionBombError as exc:  # its message gives the announced size: "Image size (N pixels)"
        announced = re.search(r"\((\d+) pixels\)", str(exc))
        return int(announced.group(1)) * BYTES_PER_VOXEL if announced else 2**62
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        return None
    return width * height * BYTES_PER_VOXEL


def _peek_dicom(path: Path) -> Peek:
    import pydicom
    from pydicom.errors import InvalidDicomError

    from imaging.volume import READ_ERRORS
    from privacy.dicom import header_identifiers

    try:
        ds = pydicom.dcmread(str(path), stop_before_pixels=True, force=True)
        identifiers = header_identifiers(ds)
    except (InvalidDicomError, *READ_ERRORS):
        return Peek("dicom", 0)
    if not hasattr(ds, "SOPClassUID") and not hasattr(ds, "Modality"):
        return Peek("dicom", 0)  # `force` reads anything; without these it is not DICOM
    try:
        rows, cols = int(ds.get("Rows") or 0), int(ds.get("Columns") or 0)
        frames, samples = int(ds.get("NumberOfFrames") or 1), int(ds.get("SamplesPerPixel") or 1)
        decoded: int | None = rows * cols * frames * samples * BYTES_PER_VOXEL
        sop = ds.get("SOPClassUID")
        sop_name = str(getattr(sop, "name", sop)) if sop else None
        modality = str(ds.get("Modality") or "").upper() or None
    except (InvalidDicomError, *READ_ERRORS):
        return Peek("dicom", 0)
    return Peek("dicom", 0, decoded, modality, sop_name, identifiers)


def readable_size(n: int) -> str:
    """Bytes as a short human-readable string."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


def display_name(path: str | Path) -> str:
    """The file's own name, as reasons show it (never the folders above it)."""
    return os.path.basename(os.path.normpath(str(path))) or str(path)
