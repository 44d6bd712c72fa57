"""What a file handed in as DICOM really is: a Part 10 file, a bare dataset, a DICOMDIR, or not DICOM.

- **Part 10** (PS3.10 §7.1): 128-byte preamble, ``DICM``, a file meta group naming the transfer
  syntax. pydicom reads it as it is.
- **Bare dataset**: the data set alone, as ACR-NEMA-era archives and some treatment-planning
  exports write it (no preamble, no ``DICM``, no file meta). pydicom reads it only with
  ``force=True`` (pydicom#150, pydicom#2231); it is kept when it holds an image (rows, columns,
  bits, pixel data) and its transfer syntax is the one pydicom detected while parsing it.
- **DICOMDIR** (PS3.10 §9, a media file-set's index): no pixels of its own; the image files it
  references are found through pydicom's `FileSet` and read as their series (Slicer#3111).
- Anything else (a zip archive, a gzip file, a text file) is named as what it is.
"""

from __future__ import annotations

from pathlib import Path

import pydicom
from pydicom.errors import InvalidDicomError
from pydicom.multival import MultiValue
from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

from imaging.dicom_series import has_pixels
from imaging.gzip_files import GZIP_MAGIC
from imaging.volume import READ_ERRORS, ImageReadError

IMAGE_ATTRIBUTES = ("Rows", "Columns", "BitsAllocated")
"""What a bare data set must hold to be taken as an image (PS3.3 C.7.6.3, Image Pixel module)."""
_CONVERT = "clinorch reads NIfTI and DICOM: convert it with its geometry (e.g. SimpleITK ReadImage, then WriteImage to .nii.gz)"
SIGNATURES = {b"PK\x03\x04": "a zip archive: extract the series into a folder and point at that folder",
              b"PK\x05\x06": "an empty zip archive", GZIP_MAGIC: "a gzip file, not DICOM",
              b"NRRD": f"an NRRD image (3D Slicer's format); {_CONVERT}",
              b"ObjectType": f"a MetaImage (.mha/.mhd, ITK's format); {_CONVERT}",
              b"\x89HDF": "an HDF5 file; clinorch reads NIfTI and DICOM",
              b"\x93NUMPY": "a NumPy array file: it has no voxel spacing or orientation; save the CT as NIfTI",
              b"\x28\xb5\x2f\xfd": "a Zstandard-compressed file (.zst): decompress it (zstd -d) or save it as .nii.gz"}
"""Leading bytes of files often handed in as DICOM, and what each is."""
NOT_DICOM = "not a DICOM file (neither the 'DICM' prefix of a Part 10 file nor an image data set)"


def read_dataset(path: Path, stop_before_pixels: bool = False) -> pydicom.Dataset:
    """A DICOM data set from a Part 10 file, or from a bare data set that holds an image.

    A bare data set gets the file meta it lacked (`TransferSyntaxUID` from the encoding pydicom
    detected), so its pixels decode; `is_part10(ds)` tells the two apart.

    Raises:
        ImageReadError: not DICOM (what it is instead, when the leading bytes tell).
    """
    try:
        return pydicom.dcmread(str(path), stop_before_pixels=stop_before_pixels)
    except InvalidDicomError:
        pass
    bare = _bare_dataset(path, stop_before_pixels)
    if bare is None:
        raise ImageReadError(f"{path}: {what_file_is(path) or NOT_DICOM}")
    return bare


GEOMETRY_DECIMALS = ("PixelSpacing", "ImagePositionPatient", "ImageOrientationPatient", "SliceThickness",
                     "SpacingBetweenSlices", "RescaleSlope", "RescaleIntercept")
"""Decimal strings (DS, PS3.5 6.2) that place and scale every voxel."""


def check_decimal_strings(ds: pydicom.Dataset, path: Path) -> None:
    """Refuses a data set whose geometry or rescale is not a valid decimal string.

    pydicom keeps an invalid DS as text; a reader that strips what does not parse turns a decimal
    comma ('2,0', a German-locale writer) into 20 mm. Nothing is guessed: the attribute is named.

    Raises:
        ImageReadError: an attribute of `GEOMETRY_DECIMALS` holds a value that is not a number.
    """
    for keyword in GEOMETRY_DECIMALS:
        value = ds.get(keyword)
        for item in value if isinstance(value, (list, tuple, MultiValue)) else [value]:
            if item is None or item == "":
                continue
            try:
                float(item)
            except (TypeError, ValueError):
                comma = " (a decimal comma)" if "," in str(item) else ""
                raise ImageReadError(f"{path}: {keyword} {str(item)!r} is not a DICOM decimal string{comma}; "
                                     "the voxel geometry cannot be read") from None


def is_part10(ds: pydicom.Dataset) -> bool:
    """Whether the data set came from a Part 10 file (preamble and DICM) rather than a bare data set."""
    return getattr(ds, "preamble", None) is not None


def _bare_dataset(path: Path, stop_before_pixels: bool) -> pydicom.Dataset | None:
    try:
        ds = pydicom.dcmread(str(path), stop_before_pixels=stop_before_pixels, force=True)
    except (InvalidDicomError, *READ_ERRORS):
        return None
    if not all(name in ds for name in IMAGE_ATTRIBUTES) or (not stop_before_pixels and not has_pixels(ds)):
        return None
    implicit, little = getattr(ds, "original_encoding", (True, True))
    syntax = ImplicitVRLittleEndian if implicit else (ExplicitVRLittleEndian if little else ExplicitVRBigEndian)
    ds.file_meta = ds.file_meta if getattr(ds, "file_meta", None) is not None else pydicom.dataset.FileMetaDataset()
    if "TransferSyntaxUID" not in ds.file_meta:
        ds.file_meta.TransferSyntaxUID = syntax
    return ds


def what_file_is(path: Path) -> str | None:
    """What a file that is not DICOM is, from its leading bytes (`SIGNATURES`); None when they do not tell."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(16)
    except OSError:
        return None
    return next((what for magic, what in SIGNATURES.items() if head.startswith(magic)), None)


def is_dicomdir(ds: pydicom.Dataset) -> bool:
    """Whether the data set is a media file-set's index (a DICOMDIR), which holds no image."""
    return "DirectoryRecordSequence" in ds


def dicomdir_series(ds: pydicom.Dataset, path: Path) -> list[Path]:
    """The image files of the one series a DICOMDIR references.

    Raises:
        ImageReadError: the index references no image, files that are missing, or several series
            (named, to point at one).
    """
    from pydicom.fileset import FileSet

    try:
        file_set = FileSet(ds)
        instances = list(file_set)
    except (ValueError, KeyError, AttributeError, TypeError, OSError) as exc:
        raise ImageReadError(f"{path}: a DICOMDIR whose directory records cannot be read ({exc})") from exc
    series: dict[str, list[Path]] = {}
    for instance in instances:
        if str(getattr(instance, "DirectoryRecordType", "IMAGE")).upper() != "IMAGE":
            continue
        series.setdefault(str(instance.SeriesInstanceUID), []).append(Path(instance.path))
    if not series:
        raise ImageReadError(f"{path}: a DICOMDIR (a media file-set's index) that references no image")
    if len(series) > 1:
        shown = "; ".join(f"{files[0].parent} ({len(files)} images)" for files in series.values())
        raise ImageReadError(f"{path}: a DICOMDIR indexing {len(series)} series ({shown}); point at one series' folder")
    files = next(iter(series.values()))
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise ImageReadError(f"{path}: a DICOMDIR referencing {len(missing)} missing file(s), e.g. {missing[0].name}")
    return sorted(files)
