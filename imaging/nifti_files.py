"""NIfTI headers read as the NIfTI reference library reads them, through nibabel.

nibabel refuses a qform quaternion whose b² + c² + d² exceeds 1 by more than three float32 epsilons
("w2 should be positive"). The reference C library (nifti1_io.c, `nifti_quatern_to_mat44`) sets a = 0
and renormalises such a quaternion: writers that round quatern_b/c/d to six or seven digits leave an
excess near 1e-6 that every reference-based tool (FSL, AFNI, ITK) reads as the ordinary rotation. Up to
`QUATERNION_ROUNDING` this module reads it the same way; beyond, nibabel's refusal stands (the qform is
not a rotation).
"""

from __future__ import annotations

from pathlib import Path

from core.imports import without

with without("pydicom"):  # nibabel imports pydicom for DICOM extensions inside NIfTI, never read here
    import nibabel as nib
    from nibabel.openers import Opener

QUATERNION_ROUNDING = 1e-4
"""Largest excess of b² + c² + d² over 1 read as writer rounding (nibabel's own: 3.6e-7)."""


class _Nifti1Header(nib.Nifti1Header):
    quaternion_threshold = -QUATERNION_ROUNDING


class _Nifti2Header(nib.Nifti2Header):
    quaternion_threshold = -QUATERNION_ROUNDING


class Nifti1Image(nib.Nifti1Image):
    """nibabel's NIfTI-1 image with the reference library's tolerance of a rounded qform quaternion."""

    header_class = _Nifti1Header


class Nifti2Image(nib.Nifti2Image):
    """nibabel's NIfTI-2 image with the reference library's tolerance of a rounded qform quaternion."""

    header_class = _Nifti2Header


def image_class(raw_header: bytes) -> type[nib.Nifti1Image]:
    """The NIfTI-1 or NIfTI-2 class for a header's first bytes (sizeof_hdr 348 or 540, either byte order)."""
    return Nifti2Image if int.from_bytes(raw_header[:4], "little") in (540, 540 << 24) else Nifti1Image


def load_nifti(path: str | Path) -> nib.Nifti1Image:
    """A NIfTI-1 or NIfTI-2 file (.nii or .nii.gz) as nibabel's `load` gives it, pixels not yet read.

    Raises:
        OSError, ValueError, nibabel's ImageFileError and HeaderDataError: not a readable NIfTI file.
    """
    path = Path(path)
    with Opener(str(path)) as stream:
        raw = stream.read(4)
    return image_class(raw).from_filename(str(path))
