"""Files corrupted the way inputs break in practice, for the adversarial set (`synthetic.adversarial`)."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import nibabel as nib
import numpy as np

from imaging.volume import read_image, write_nifti


def with_value(array: np.ndarray, index: tuple, value: float) -> np.ndarray:
    out = array.astype(np.float32, copy=True)
    out[index] = value
    return out


def repeat_slice(array: np.ndarray, k: int) -> np.ndarray:
    out = array.copy()
    out[:, :, k + 1] = out[:, :, k]
    return out


def scaled(affine: np.ndarray, factors: tuple[float, float, float]) -> np.ndarray:
    out = affine.copy()
    out[:3, :3] = affine[:3, :3] * np.asarray(factors)[None, :]
    return out


def truncate(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * 0.6)])
    return target


def zero_spacing(array: np.ndarray, affine: np.ndarray, path: Path) -> Path:
    """A NIfTI placed by its qform whose voxel size along j is 0 (a valid sform would place the voxels itself, as
    NIfTI-1 defines, so it is cleared: the file has no usable spacing at all)."""
    header = nib.Nifti1Header()
    header.set_qform(affine, code=1)
    header.set_sform(None, code=0)
    raw = bytearray(nib.Nifti1Image(array.astype(np.int16), None, header).to_bytes())
    raw[84:88] = np.array(0.0, dtype=header.endianness + "f4").tobytes()  # pixdim[2] (nibabel mends it on save)
    path.write_bytes(gzip.compress(bytes(raw)) if path.suffix == ".gz" else bytes(raw))
    return path


def no_orientation(array: np.ndarray, affine: np.ndarray, path: Path) -> Path:
    """An uncompressed NIfTI whose qform_code and sform_code (bytes 252-255) are 0."""
    nib.save(nib.Nifti1Image(array.astype(np.int16), affine), str(path))
    with open(path, "r+b") as fh:
        fh.seek(252)
        fh.write(struct.pack("<hh", 0, 0))
    return path


def huge_header(path: Path) -> Path:
    """A valid NIfTI header announcing 4096^3 float32 voxels, followed by almost nothing."""
    header = nib.Nifti1Header()
    header.set_data_shape((4096, 4096, 4096))
    header.set_data_dtype(np.float32)
    header.set_zooms((1.0, 1.0, 1.0))
    with gzip.open(path, "wb") as fh:
        fh.write(header.binaryblock + struct.pack("<4s", b"\0\0\0\0") + b"\0" * 1024)
    return path


def sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


def text(path: Path) -> Path:
    path.write_text("Radiology report: no acute findings.\n")
    return path


def png(path: Path) -> None:
    from PIL import Image as PILImage

    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[:96, :128]
    picture = 120 + 80 * np.sin(xx / 9.0) * np.cos(yy / 13.0) + rng.normal(0, 5, (96, 128))
    PILImage.fromarray(np.clip(picture, 0, 255).astype(np.uint8)).save(path)


def flip(path: Path, target: Path) -> Path:
    if not target.exists():
        image = read_image(path)
        assert image.affine is not None
        write_nifti(image.array[::-1], image.affine, target, dtype=np.int16)
    return target
