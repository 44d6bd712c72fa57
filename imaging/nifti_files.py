"""NIfTI headers read as the NIfTI reference library reads them, through nibabel.

nibabel refuses a qform quaternion whose b² + c² + d² exceeds 1 by more than three float32 epsilons
("w2 should be positive"). The reference C library (nifti1_io.c, `nifti_quatern_to_mat44`) sets a = 0
and renormalises such a quaternion: writers that round quatern_b/c/d to six or seven digits leave an
excess near 1e-6 that every reference-based tool (FSL, AFNI, ITK) reads as the ordinary rotation. Up to
`QUATERNION_ROUNDING` this module reads it the same way; beyond, nibabel's refusal stands (the qform is
not a rotation).

The same reading holds for the data offset: nifti1.h says a single-file header's ``vox_offset`` below
352 (NIfTI-2: 544) "is equivalent to 352", the first byte after the header and its extender. nibabel
seeks to a stored 0 literally, so a file written with ``vox_offset = 0`` read the header itself as the
first voxels and shifted the whole volume; here it reads from the first byte after the header. An
offset between 1 and 351 stays refused by nibabel's header check ("vox offset too low"), named.

Header/image pairs (``.hdr`` + ``.img``, magic ``ni1``/``ni2``) are read with the same tolerance;
an Analyze 7.5 header (no NIfTI magic) is not a NIfTI file (`pair_class` refuses it).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import numpy as np

from core.imports import without

with without("pydicom"):  # nibabel imports pydicom for DICOM extensions inside NIfTI, never read here
    import nibabel as nib
    from nibabel.nifti1 import Nifti1PairHeader
    from nibabel.nifti2 import Nifti2PairHeader
    from nibabel.openers import Opener

QUATERNION_ROUNDING = 1e-4
"""Largest excess of b² + c² + d² over 1 read as writer rounding (nibabel's own: 3.6e-7)."""


class _SingleFileOffset:
    """A single-file header's data offset as nifti1.h defines it: never inside the header."""

    def get_data_offset(self) -> int:
        offset = super().get_data_offset()  # type: ignore[misc]
        if self["magic"] == self.single_magic and offset < self.single_vox_offset:  # type: ignore[index,attr-defined]
            return int(self.single_vox_offset)  # type: ignore[attr-defined]
        return offset


class _Nifti1Header(_SingleFileOffset, nib.Nifti1Header):
    quaternion_threshold = -QUATERNION_ROUNDING


class _Nifti2Header(_SingleFileOffset, nib.Nifti2Header):
    quaternion_threshold = -QUATERNION_ROUNDING


class _Nifti1PairHeader(Nifti1PairHeader):
    quaternion_threshold = -QUATERNION_ROUNDING


class _Nifti2PairHeader(Nifti2PairHeader):
    quaternion_threshold = -QUATERNION_ROUNDING


class Nifti1Image(nib.Nifti1Image):
    """nibabel's NIfTI-1 image with the reference library's tolerance of a rounded qform quaternion."""

    header_class = _Nifti1Header


class Nifti2Image(nib.Nifti2Image):
    """nibabel's NIfTI-2 image with the reference library's tolerance of a rounded qform quaternion."""

    header_class = _Nifti2Header


class Nifti1Pair(nib.Nifti1Pair):
    """nibabel's NIfTI-1 header/image pair with the same quaternion tolerance."""

    header_class = _Nifti1PairHeader


class Nifti2Pair(nib.Nifti2Pair):
    """nibabel's NIfTI-2 header/image pair with the same quaternion tolerance."""

    header_class = _Nifti2PairHeader


PAIR_SUFFIXES = (".hdr", ".img", ".hdr.gz", ".img.gz")
"""A header/image pair is named by either of its files."""


def pair_files(path: Path) -> tuple[Path, Path]:
    """The ``.hdr`` and ``.img`` files of a pair named by either (compressed or not, any letter case)."""
    gz = path.name[-3:] if path.name.lower().endswith(".gz") else ""
    stem = path.name[: len(path.name) - len(gz)]
    base, upper = stem[:-4], stem[-4:].isupper()
    return tuple(path.with_name(base + (ext.upper() if upper else ext) + gz) for ext in (".hdr", ".img"))  # type: ignore[return-value]


def pair_class(raw_header: bytes, path: Path) -> type[nib.Nifti1Pair]:
    """The NIfTI-1 or NIfTI-2 pair class for a ``.hdr`` file's first bytes.

    Raises:
        ValueError: the header is not a NIfTI pair header (an Analyze 7.5 header has no magic, and
            no defined orientation: its left and right are a convention of the writer).
    """
    nifti1, nifti2 = raw_header[344:347], raw_header[4:7]  # where each version keeps its magic
    if nifti1 == b"ni1" or nifti2 == b"ni2":
        return Nifti1Pair if nifti1 == b"ni1" else Nifti2Pair
    if nifti1 == b"n+1" or nifti2 == b"n+2":
        raise ValueError(f"{path.name}: a single-file NIfTI header saved as a .hdr: name it .nii")
    raise ValueError(f"{path.name}: an Analyze 7.5 header (no NIfTI magic): its orientation is undefined, so "
                     "left and right cannot be known; convert it to NIfTI with its orientation (e.g. .nii.gz)")


def image_class(raw_header: bytes) -> type[nib.Nifti1Image]:
    """The NIfTI-1 or NIfTI-2 class for a header's first bytes (sizeof_hdr 348 or 540, either byte order)."""
    return Nifti2Image if int.from_bytes(raw_header[:4], "little") in (540, 540 << 24) else Nifti1Image


def load_nifti(path: str | Path) -> nib.Nifti1Image:
    """A NIfTI-1 or NIfTI-2 file (.nii or .nii.gz) as nibabel's `load` gives it, pixels not yet read.

    Raises:
        OSError, ValueError, nibabel's ImageFileError and HeaderDataError: not a readable NIfTI file.
    """
    from nibabel.wrapstruct import WrapStructError

    path = Path(path)
    with Opener(str(path)) as stream:
        raw = stream.read(348)
    if len(raw) < 348:  # an interrupted export (PANORAMA labels#2, kits23#5): nibabel's error says "wrong size"
        raise ValueError("an empty file (0 bytes)" if not raw else
                         f"{len(raw)} bytes: shorter than a NIfTI header (348 bytes), a truncated file")
    try:
        return image_class(raw).from_filename(str(path))
    except WrapStructError as exc:
        raise ValueError(f"not a NIfTI header ({exc})") from exc


MAX_HEADER_BYTES = 540
"""A NIfTI-2 header's size (NIfTI-1: 348 bytes)."""


def nifti_from_stream(stream: IO[bytes], raw_header: bytes) -> nib.Nifti1Image:
    """A NIfTI-1 or NIfTI-2 image over a seekable stream of a single .nii file (pixels not yet read).

    Raises:
        ValueError: fewer bytes than a header; nibabel's errors for a header it cannot read.
    """
    if len(raw_header) < 348:
        raise ValueError(f"{len(raw_header)} bytes: shorter than a NIfTI header (348 bytes)")
    klass = image_class(raw_header)
    return klass.from_file_map(klass.make_file_map({"image": stream}), mmap=False)


def load_pair(path: Path) -> tuple[nib.Nifti1Pair, bytes]:
    """A header/image pair named by either file (pixels not yet read), and its header's bytes as written.

    Raises:
        FileNotFoundError: the other file of the pair is missing.
        ValueError: not a NIfTI pair header (`pair_class`); nibabel's errors for one it cannot read.
    """
    header_path, image_path = pair_files(path)
    for needed in (header_path, image_path):
        if not needed.is_file():
            raise FileNotFoundError(f"the pair's {needed.name} is missing beside {path.name}")
    with Opener(str(header_path)) as stream:
        raw_header = stream.read(MAX_HEADER_BYTES)
    return pair_class(raw_header, header_path).from_filename(str(header_path)), raw_header


def written_header(img: Any, raw_header: bytes) -> Any:
    """The header as written; nibabel's loader silently turns a voxel size of 0 into 1."""
    header_class = type(img.header)
    return header_class(raw_header[: header_class.template_dtype.itemsize], check=False)


def without_singular_sform(img: Any, qcode: int, scode: int) -> tuple[Any, str | None]:
    """The image placed by its qform (or pixdim) when its sform is marked valid but cannot place a voxel.

    nibabel takes the sform whenever `sform_code` > 0, even an all-zero or otherwise singular matrix
    (nibabel#1150; ITK reads the qform first). A singular sform maps every voxel onto a plane or a
    point, so it places nothing: the qform is used, as ITK and the reference library's qform-first
    readers do, and the fallback is recorded. Returns the image and what was done (None if nothing).
    """
    if not scode:
        return img, None
    sform = np.asarray(img.header.get_sform(), dtype=float)
    if np.all(np.isfinite(sform)) and abs(float(np.linalg.det(sform[:3, :3]))) > 1e-9:
        return img, None
    header = img.header.copy()
    header.set_sform(None, code=0)
    placed = type(img)(img.dataobj, header.get_best_affine(), header)
    by = "the qform" if qcode else "the voxel sizes (pixdim), with no orientation"
    return placed, f"the sform (code {scode}) is singular (determinant 0: it places no voxel); read with {by}"


MM_PER_UNIT = {"meter": 1000.0, "micron": 0.001}
"""Millimetres per spatial unit a NIfTI header may declare in `xyzt_units` other than mm (nifti1.h NIFTI_UNITS_*).
nibabel keeps the stored unit: an affine written in metres places a 3 mm voxel at 0.003 (nibabel #1012)."""


def in_millimetres(img: Any) -> tuple[Any, float, str | None]:
    """The image with its affine in millimetres when its header declares metres or microns.

    Returns `(image, millimetres per stored unit, note)`; an undeclared unit (0, as most writers leave it)
    or mm is taken as mm: `(img, 1.0, None)`.
    """
    get_units = getattr(img.header, "get_xyzt_units", None)
    unit = get_units()[0] if get_units is not None else "unknown"
    scale = MM_PER_UNIT.get(unit)
    if scale is None:
        return img, 1.0, None
    header = img.header.copy()
    affine = np.asarray(img.affine, dtype=float).copy()
    affine[:3, :] *= scale
    qcode, scode = int(header["qform_code"]), int(header["sform_code"])
    if qcode:
        header.set_qform(affine, code=qcode)
    if scode:
        header.set_sform(affine, code=scode)
    zooms = header.get_zooms()
    header.set_zooms(tuple(z * scale for z in zooms[:3]) + tuple(zooms[3:]))
    header.set_xyzt_units("mm", header.get_xyzt_units()[1])
    note = f"spatial units declared as {unit}s in the header (xyzt_units): positions and sizes converted to mm"
    return type(img)(img.dataobj, affine if (qcode or scode) else None, header), scale, note


QFORM_SFORM_TOLERANCE_MM = 1.0
"""qform and sform may differ by rounding (qform stores a quaternion); beyond this they disagree."""


def qform_sform(header: Any, qcode: int, scode: int) -> dict[str, Any]:
    """Whether the two NIfTI orientations disagree, and whether they disagree on left and right.

    nibabel (like most readers) uses the sform when its code is set; when the qform says otherwise
    the file is ambiguous, and which side is the patient's left cannot be read from the header alone.
    """
    if not (qcode and scode):
        return {}
    qform, sform = header.get_qform(), header.get_sform()
    if np.allclose(qform, sform, atol=QFORM_SFORM_TOLERANCE_MM):
        return {}
    q_codes, s_codes = "".join(nib.aff2axcodes(qform)), "".join(nib.aff2axcodes(sform))
    corner = np.array([*(np.asarray(header.get_data_shape()[:3], dtype=float) - 1), 1.0])
    shift = float(np.abs((qform - sform) @ corner).max())
    q_axis = next(i for i, c in enumerate(q_codes) if c in "LR")
    s_axis = next(i for i, c in enumerate(s_codes) if c in "LR")
    lr = q_axis != s_axis or q_codes[q_axis] != s_codes[s_axis]
    return {"qform_sform": f"qform ({q_codes}) and sform ({s_codes}) disagree by up to {shift:.0f} mm; read with the sform",
            "qform_sform_lr": bool(lr)}


def holds_nifti(path: Path) -> bool:
    """Whether a file's content, gzip-compressed or not, starts with a NIfTI-1 or NIfTI-2 single-file header, whatever
    its name (an object store's content-hash name, a download that lost its extension: nibabel#1070)."""
    import gzip
    import zlib

    try:
        with path.open("rb") as stream:
            compressed = stream.read(2) == b"\x1f\x8b"
        with (gzip.open(path, "rb") if compressed else path.open("rb")) as stream:
            head = stream.read(MAX_HEADER_BYTES)
    except (OSError, EOFError, ValueError, zlib.error):  # unreadable, or a corrupt deflate stream: not a NIfTI
        return False
    return head[344:348] == b"n+1\0" or head[4:8] == b"n+2\0"
