"""Images with their geometry: readers for NIfTI, DICOM and 2D pictures.

Every volume is held in canonical RAS+ (nibabel's `as_closest_canonical`): index i runs
toward the patient's right, j toward anterior, k toward superior; axial slices are
`array[:, :, k]`. Spacing always comes from the header; a picture without physical size
has `spacing=None`, and measuring it in millimetres is an error, never a guess.
"""

from __future__ import annotations

import gzip
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np

from core.imports import defer_init, without
from imaging.gzip_files import GZIP_MAGIC
from imaging.nifti_files import (
    MAX_HEADER_BYTES,
    PAIR_SUFFIXES,
    holds_nifti,
    in_millimetres,
    load_pair,
    nifti_from_stream,
    qform_sform,
    without_singular_sform,
    written_header,
)

with without("pydicom"):  # nibabel imports pydicom for DICOM extensions inside NIfTI, never read here
    import nibabel as nib
try:  # ISA-L's inflate: the same gzip format and checks (CRC-32, length), 2.5x less CPU than zlib's
    from isal import igzip as _gzip
    from isal.isal_zlib import error as _inflate_error
except ImportError:  # pragma: no cover - isal is a dependency; zlib's gzip reads the same files
    _gzip, _inflate_error = gzip, zlib.error  # type: ignore[assignment,misc]
from nibabel.filebasedimages import ImageFileError
from nibabel.orientations import OrientationError
from nibabel.spatialimages import HeaderDataError
from nibabel.wrapstruct import WrapStructError

defer_init("scipy.special")
"""scipy.ndimage imports scipy.special for `rotate`'s two trigonometric functions alone; the package's
`__init__` (0.07 s of CPU, every special function wrapped for array-API dispatch) now runs when a
special function is first asked for (`core.imports.defer_init`). nibabel has imported scipy by here."""

defer_init(*(f"numpy.{name}" for name in ("f2py", "testing", "char", "polynomial", "rec", "ctypeslib", "strings")))
"""scipy's array-API layer (imported with scipy.ndimage) copies every public name of NumPy
(`from numpy import *`), which imports each subpackage NumPy itself loads only on demand: f2py,
testing, polynomial, ... (0.05 s of CPU, 5 MB, ~50 modules; random and ma, which scipy and
`np.unique` use, load as before). Bound now with their `__init__`
deferred, the copies are the same module objects, and a subpackage's `__init__` runs when a name
is first asked of it (`np.random.default_rng`)."""

NIFTI_SUFFIXES = (".nii", ".nii.gz")
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")


class ImageReadError(ValueError):
    """A file could not be read as an image; the message names the file and the problem."""


READ_ERRORS: tuple[type[BaseException], ...] = (
    OSError, EOFError, ValueError, KeyError, AttributeError, IndexError, TypeError, NotImplementedError,
    OverflowError, ZeroDivisionError, RuntimeError, MemoryError, zlib.error, _inflate_error,
    HeaderDataError, WrapStructError, ImageFileError, OrientationError,
)
"""What the readers (nibabel, pydicom, Pillow, zlib) raise on corrupt input; each becomes an
`ImageReadError`. Pillow's DecompressionBombError is a subclass of none of these: it is added
where Pillow is imported."""
OUTSIDE_FOV_HU = -1100.0
"""No tissue, not even air (-1000 HU), reads below this: such voxels are padding outside the
reconstructed field of view (-2000, -3024, PixelPaddingValue), not part of any organ."""
AXIAL_SLICE_NUMBERING = "0-based from the inferior end"
"""How an axial slice number k is told to a reader: the canonical index, 0 at the most inferior slice (the
benchmark's "largest lesion slice"); a viewer's Instance Number may count from 1 and from the other end."""
MAX_GZIP_RATIO = 1100
"""Deflate expands at most about 1032:1; a .nii.gz announcing more than this is not its content."""


@dataclass(eq=False)
class Image:
    """An intensity image (Hounsfield units for CT) with the geometry from its header."""

    array: np.ndarray
    affine: np.ndarray | None
    """4x4 voxel-to-RAS matrix (mm); None for a 2D picture."""
    spacing: tuple[float, ...] | None
    """Voxel size in mm, from the header; None when the file has none."""
    modality: str | None = None
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    """De-identified header facts triage needs (declared modality, body part, slice gaps...)."""

    @property
    def is_volume(self) -> bool:
        return self.array.ndim == 3

    @property
    def voxel_volume_ml(self) -> float:
        """Volume of one voxel: |det| of the affine (a sheared, gantry-tilted grid is not spacing x spacing x spacing)."""
        if self.spacing is None or len(self.spacing) != 3:
            raise ValueError(f"{self.source!r} has no 3D voxel spacing: cannot measure volume")
        return voxel_volume_ml(self.affine, self.spacing)


@dataclass(eq=False)
class LabelMap:
    """One binary structure (organ, lesion, sub-segment) on an image grid."""

    array: np.ndarray
    """Boolean mask, same shape as the image it belongs to."""
    affine: np.ndarray
    spacing: tuple[float, float, float]
    name: str
    source: str = ""
    note: str = ""
    """How the file's values became this mask, when not simply non-zero (a fractional mask's threshold)."""
    size_unknown: str = ""
    """Set when the mask's extent is known not to be the structure's: why (a fixed geometric model drew it, as the
    classical segmenter's caudate; the segmenter's own search limit cut it). Its sizes and the ratios they enter are
    withheld (`agents.measures.guards.judge`); where it lies and its attenuation still stand."""

    def __post_init__(self) -> None:
        if self.array.dtype != bool:
            self.array = self.array.astype(bool)

    @property
    def voxel_volume_ml(self) -> float:
        return voxel_volume_ml(self.affine, self.spacing)


def voxel_volume_ml(affine: np.ndarray | None, spacing: tuple[float, ...]) -> float:
    """mL of one voxel: the parallelepiped its affine spans (equals the spacing product when axes are orthogonal)."""
    if affine is not None and np.asarray(affine).shape == (4, 4):
        linear = np.asarray(affine, dtype=np.float64)[:3, :3]
        gram = linear.T @ linear
        if np.abs(gram - np.diag(np.diag(gram))).max() > 1e-6 * gram.max():  # sheared: the axes are not orthogonal
            return float(abs(np.linalg.det(linear))) / 1000.0
    return float(np.prod(spacing)) / 1000.0


def spacing_of(affine: np.ndarray) -> tuple[float, float, float]:
    """Voxel size (mm) along each array axis, from an affine."""
    return tuple(float(s) for s in np.sqrt((np.asarray(affine)[:3, :3] ** 2).sum(axis=0)))


def _check_spacing(spacing: tuple[float, ...], source: str) -> None:
    if not all(np.isfinite(s) and s > 0 for s in spacing):
        raise ImageReadError(f"{source}: voxel spacing {spacing!r} is missing or not positive")


def read_image(path: str | Path, modality: str | None = None) -> Image:
    """Reads a NIfTI file, a DICOM file or series folder, or a 2D picture.

    Raises:
        ImageReadError: the file is missing, not an image, or lacks usable geometry.
    """
    p, select = split_selector(path)
    try:
        mode = p.stat().st_mode
    except FileNotFoundError:
        windows = " (its backslashes are Windows separators: write the path with '/')" if "\\" in str(p) else ""
        raise ImageReadError(f"{p}: file not found{windows}") from None
    except OSError as exc:  # ENAMETOOLONG, ELOOP, EACCES...
        raise ImageReadError(f"{p}: cannot open ({exc.strerror or type(exc).__name__})") from exc
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise ImageReadError(f"{p}: not a regular file or folder (a device, pipe or socket); not read")
    name = p.name.lower()
    try:
        if p.is_dir():
            from imaging.dicom import read_dicom_series

            image = read_dicom_series(p, select)
        elif name.endswith(NIFTI_SUFFIXES):
            image = read_nifti(p)
        elif name.endswith(PAIR_SUFFIXES):
            image = read_nifti_pair(p)
        elif name.endswith(PICTURE_SUFFIXES):
            image = read_picture(p)
        elif holds_nifti(p):  # an object store's content-hash name, a download that lost its extension
            image = read_nifti(p)
            image.meta.setdefault("read_notes", []).append(f"'{p.name}' has no NIfTI extension: read as NIfTI by its header")
        else:
            from imaging.dicom import read_dicom_file

            image = read_dicom_file(p)
    except ImageReadError:
        raise
    except _read_errors() as exc:
        raise ImageReadError(f"{p}: cannot read as an image ({type(exc).__name__}: {exc})") from exc
    if image.array.size == 0 or 0 in image.array.shape:
        raise ImageReadError(f"{p}: no pixels (shape {image.array.shape!r})")
    _check_value_range(image.array, p)
    if modality and not image.modality:
        image.modality = modality.upper()
    image.meta.setdefault("declared_modality", modality.upper() if modality else None)
    return image


def split_selector(path: str | Path) -> tuple[Path, dict[str, str]]:
    """`series_folder#acquisition=2` -> (the folder, {"acquisition": "2"}); other paths are returned as they are."""
    text = str(path)
    head, sep, fragment = text.rpartition("#")
    if not sep or not fragment or "=" not in fragment or not Path(head).is_dir():
        return Path(text), {}
    pairs = (item.split("=", 1) for item in fragment.split("&") if "=" in item)
    return Path(head), {key.strip(): value.strip() for key, value in pairs}
MAX_ABS_VALUE = float(2**24)
"""Largest magnitude float32 holds to one unit: a rescale past it (an intercept of -1e9) no longer
keeps the image's values, it replaces them."""


def _check_value_range(array: np.ndarray, path: Path) -> None:
    with np.errstate(invalid="ignore"):
        peak = max(abs(float(np.nanmin(array))), abs(float(np.nanmax(array)))) if array.size else 0.0
        if not np.isfinite(peak):  # NaN or inf voxels (triage's integrity check names them): judge the rest
            finite = np.abs(array[np.isfinite(array)])
            peak = float(finite.max()) if finite.size else 0.0
    if peak > MAX_ABS_VALUE:
        raise ImageReadError(
            f"{path}: pixel values reach {peak:.3g} after rescale, past what float32 holds to one "
            "unit; the rescale slope or intercept is not plausible"
        )


def _read_errors() -> tuple[type[BaseException], ...]:
    from PIL.Image import DecompressionBombError

    return (*READ_ERRORS, DecompressionBombError)


def read_nifti(path: Path) -> Image:
    """Reads a NIfTI volume into canonical RAS with its header spacing.

    The file is streamed, never held whole in memory, compressed or not: nibabel reads the pixel
    data straight from the decompressing stream, and the stream is then read to its end, where
    gzip checks each member's CRC-32 and length, so a bit-flipped or truncated file is refused
    rather than read with wrong voxels. The file is decompressed once.
    """
    compressed = _gzip_magic(path)
    try:
        with _open_stream(path, compressed) as stream:
            raw_header = stream.read(MAX_HEADER_BYTES)
            stream.seek(0)
            image = _image_from_nifti(nifti_from_stream(stream, raw_header), raw_header, path)
            if compressed and not path.name.lower().endswith(".gz"):
                image.meta.setdefault("read_notes", []).append(
                    f"gzip-compressed content under the uncompressed name '{path.name}': decompressed")
            _read_to_end(stream, path, path.stat().st_size * MAX_GZIP_RATIO if compressed else None)
    except ImageReadError:
        raise
    except (gzip.BadGzipFile, zlib.error, _inflate_error) as exc:
        raise ImageReadError(f"{path}: compressed data corrupt ({exc}); not read") from exc
    except EOFError as exc:
        raise ImageReadError(f"{path}: compressed data truncated ({exc}); not read") from exc
    except READ_ERRORS as exc:
        raise ImageReadError(f"{path}: not a readable NIfTI file ({type(exc).__name__}: {exc})") from exc
    return image


def _gzip_magic(path: Path) -> bool:
    """Whether the file's content is gzip, whatever its name says (its first two bytes, RFC 1952).

    A `.nii.gz` saved uncompressed is read as `.nii`, and a gzip stream saved under a `.nii` name
    (nibabel#1069, dcm2niix#466: a name kept while the writer compressed) is decompressed; an empty
    `.gz` file goes to gzip, which names it truncated.
    """
    with path.open("rb") as stream:
        start = stream.read(2)
    return start == GZIP_MAGIC or (start == b"" and path.name.lower().endswith(".gz"))


_CHUNK_BYTES = 1 << 20
"""What is read at a time after the pixel data."""


def _open_stream(path: Path, compressed: bool) -> IO[bytes]:
    if not compressed:
        return path.open("rb")
    return _gzip.GzipFile(path, "rb")  # checks CRC-32 and ISIZE at the end of each member


def read_nifti_pair(path: Path) -> Image:
    """Reads a NIfTI header/image pair (``.hdr`` + ``.img``, named by either) as `read_nifti` reads a file."""
    try:
        return _image_from_nifti(*load_pair(path), path)
    except READ_ERRORS as exc:
        raise ImageReadError(f"{path}: not a readable NIfTI pair ({type(exc).__name__}: {exc})") from exc


def _image_from_nifti(img: Any, raw_header: bytes, path: Path) -> Image:
    """The canonical float32 image from a NIfTI image whose pixels are not yet read (read here)."""
    if len(img.shape) == 4 and img.shape[3] == 1:  # the scaled voxels (nibabel's `slicer` refuses subclasses)
        img = type(img)(img.dataobj[..., 0], img.affine, img.header)
    if len(img.shape) == 4:
        raise ImageReadError(f"{path}: a 4D image holding {img.shape[3]} volumes (time points, phases or "
                             f"channels; shape {img.shape!r}): give one 3D CT volume")
    if len(img.shape) != 3:
        raise ImageReadError(f"{path}: expected a 3D volume, got shape {img.shape!r}")
    if img.get_data_dtype().names:  # NIfTI datatypes RGB24 / RGBA32: a structured record per voxel
        raise ImageReadError(f"{path}: an RGB colour image (channels {', '.join(img.get_data_dtype().names)}): "
                             "a picture of a scan holds no Hounsfield units; give the CT's own intensities")
    img, unit_scale, unit_note = in_millimetres(img)
    header = img.header
    qcode, scode = int(header["qform_code"]), int(header["sform_code"])
    img, singular = without_singular_sform(img, qcode, scode)
    scode = 0 if singular else scode
    pixdim = tuple(float(z) * unit_scale for z in written_header(img, raw_header)["pixdim"][1:4])
    if not scode:  # the qform and the no-orientation fallback take the voxel sizes from pixdim
        _check_spacing(pixdim, str(path))
    try:
        array, affine = _canonical_float32(img)
    except (EOFError, gzip.BadGzipFile, zlib.error, _inflate_error):
        raise  # named by `read_nifti`: truncated or corrupt compressed data
    except READ_ERRORS as exc:
        raise ImageReadError(
            f"{path}: pixel data or geometry incomplete or corrupt ({type(exc).__name__}: {exc})"
        ) from exc
    _check_spacing(spacing_of(affine), str(path))
    meta = {
        "format": "nifti",
        "file_axcodes": "".join(nib.aff2axcodes(img.affine)),
        "has_orientation": bool(qcode or scode),
        "shape": list(array.shape),
        **qform_sform(header, qcode, scode),
    }
    for note in (unit_note, singular):
        if note:
            meta.setdefault("read_notes", []).append(note)
    if scode and not all(np.isfinite(z) and z > 0 for z in pixdim):  # NIfTI-1: a valid sform places the voxels
        meta.setdefault("read_notes", []).append(
            f"pixdim {pixdim!r} is not a voxel size; the spacing is read from the valid sform (code {scode})")
    return Image(array=array, affine=affine, spacing=spacing_of(affine), source=str(path), meta=meta)


_SLAB = 16
"""Axial slices converted at a time: the float64 arithmetic of a rescale never spans the volume, and
the transposing copy from the file's column-major order stays in cache (3x less CPU than one pass)."""


def _canonical_float32(img: Any) -> tuple[np.ndarray, np.ndarray]:
    """The voxels in canonical RAS+ as C-ordered float32, and the canonical affine.

    What nibabel's `as_closest_canonical` and a float32 read give, value for value (a rescale is
    computed in float64, as nibabel does), but the stored voxels go to float32 in one copy: no
    float64 volume, no second float32 copy to reorder axes.
    """
    orientation = nib.io_orientation(img.affine)
    proxy = img.dataobj
    if nib.is_proxy(proxy):
        stored, slope, inter = np.asarray(proxy.get_unscaled()), float(proxy.slope), float(proxy.inter)
    else:
        stored, slope, inter = np.asarray(proxy), 1.0, 0.0
    oriented = nib.orientations.apply_orientation(stored, orientation)  # a view: flips and transposes
    array = np.empty(oriented.shape, dtype=np.float32)
    for k in range(0, array.shape[2], _SLAB):  # by slabs: a file's column-major voxels fill a C-ordered array in cache
        if (slope, inter) == (1.0, 0.0):
            array[:, :, k : k + _SLAB] = oriented[:, :, k : k + _SLAB]
        else:
            array[:, :, k : k + _SLAB] = np.asarray(oriented[:, :, k : k + _SLAB], dtype=np.float64) * slope + inter
    affine = img.affine @ nib.orientations.inv_ornt_aff(orientation, img.shape)
    return array, affine


def _read_to_end(stream: IO[bytes], path: Path, cap: int | None) -> None:
    """Reads what is left after the pixel data, so gzip reaches (and checks) every member's trailer."""
    while stream.read(_CHUNK_BYTES):
        if cap is not None and stream.tell() > cap:
            raise ImageReadError(f"{path}: expands past {cap} bytes; not read")


def read_picture(path: Path) -> Image:
    """Reads a PNG/JPEG/BMP/TIFF picture as a 2D grayscale image (its first page) without physical spacing.

    `meta` keeps the file's format (Pillow's name: "PNG", "TIFF", ...) and its page count (a
    multi-page TIFF stack is a volume without spacing or orientation; only its first page is read).
    """
    from PIL import Image as PILImage

    with PILImage.open(path, formats=("PNG", "JPEG", "BMP", "TIFF")) as pic:
        mode, file_format, pages = pic.mode, pic.format, int(getattr(pic, "n_frames", 1))
        array = np.asarray(pic.convert("L"), dtype=np.float32)
    meta = {"format": "picture", "file_format": file_format, "pages": pages, "mode": mode, "shape": list(array.shape)}
    return Image(array=array, affine=None, spacing=None, modality=None, source=str(path), meta=meta)


def same_grid(a: Image | LabelMap, b: Image | LabelMap, atol_mm: float = 1e-3) -> bool:
    """Whether two volumes share shape and affine (within `atol_mm`)."""
    return (
        a.array.shape == b.array.shape
        and a.affine is not None
        and b.affine is not None
        and bool(np.allclose(a.affine, b.affine, atol=atol_mm))
    )


def write_nifti(array: np.ndarray, affine: np.ndarray, path: str | Path, dtype: Any = None) -> None:
    """Writes an array with its affine as NIfTI (qform and sform set)."""
    data = array if dtype is None else array.astype(dtype)
    img = nib.Nifti1Image(data, affine)
    img.header.set_qform(affine, code=1)
    img.header.set_sform(affine, code=1)
    nib.save(img, str(path))
