"""Checks on a read image: its modality against the pixels, its dimensionality."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel

from agents.triage_checks.common import check
from core.case import Evidence
from imaging.volume import OUTSIDE_FOV_HU, Image

Family = Literal["CT", "MR", "XR", "US", "NM", "OT"]
PixelVerdict = Literal["ct", "not_ct", "unknown"]

VOLUMETRIC: frozenset[str] = frozenset({"CT", "MR"})
"""Modalities that must come as volumes (NM/PET may be planar or tomographic: not judged)."""
PROJECTION_MODALITIES = frozenset({"CR", "DX", "MG", "RG", "XA", "RF", "PX", "IO", "DR"})
_ALIASES = {
    "MRI": "MR",
    "XR": "DX",
    "XRAY": "DX",
    "X-RAY": "DX",
    "RADIOGRAPH": "DX",
    "PET": "PT",
    "ULTRASOUND": "US",
    "CTA": "CT",
    "PHOTO": "XC",
}

PADDING_HU = OUTSIDE_FOV_HU
AIR_HU = -850.0
SOFT_HU = 200.0
SOFT_SHARE = 0.05
"""Share of the voxels within `SOFT_HU` of water below which an image holds no soft tissue."""
MAX_HU = 4000.0
MAX_MEDIAN_HU = 1500.0
"""No body is mostly denser than cortical bone: a median above this is not HU, whatever the field of view."""
MIN_FOV_MM = 150.0
"""Below this field of view a crop may hold no air at all: the pixels cannot disprove CT."""


class PixelStats(BaseModel):
    """What the intensities say about the modality."""

    verdict: PixelVerdict
    air_share: float
    soft_share: float
    negative_share: float
    p999: float
    median: float
    fov_mm: float | None
    shifted_share: float = 0.0
    """Share of voxels below `PADDING_HU` that are not one of two padding values (see `shifted_share`)."""
    lowest: float = 0.0


def normalise_modality(value: str | None) -> str | None:
    """Upper-case DICOM modality code, with common spellings mapped (MRI -> MR, X-ray -> DX)."""
    if not value:
        return None
    code = value.strip().upper()
    return _ALIASES.get(code, code) or None


def family(modality: str | None) -> Family | None:
    """Groups modality codes that triage treats alike (CR, DX, MG... are all projection radiographs)."""
    if modality is None:
        return None
    if modality in ("CT", "MR", "US"):
        return modality  # type: ignore[return-value]
    if modality in PROJECTION_MODALITIES:
        return "XR"
    if modality in ("PT", "NM"):
        return "NM"
    return "OT"


def pixel_stats(image: Image) -> PixelStats:
    """Whether the intensities are Hounsfield units: air near -1000 and soft tissue near 0."""
    array = image.array
    step = int(np.ceil((array.size / 2_000_000) ** (1 / array.ndim))) if array.size > 2_000_000 else 1
    values = array[(slice(None, None, step),) * array.ndim].ravel()  # a strided sample, never a full copy
    values = values[np.isfinite(values)]
    fov = _fov_mm(image)
    tissue = values[values >= PADDING_HU]
    soft = float(np.mean(np.abs(tissue) <= SOFT_HU)) if tissue.size else 0.0
    if soft < SOFT_SHARE:  # no soft tissue: is the scale shifted below air? (sorts the values below air: only here)
        shifted, lowest = shifted_share(values)
        if shifted >= SHIFTED_SHARE:
            return PixelStats(verdict="not_ct", air_share=0, soft_share=0, negative_share=0, p999=0, median=0,
                              fov_mm=fov, shifted_share=round(shifted, 4), lowest=round(lowest, 1))
    if tissue.size < max(16, 0.05 * values.size):
        return PixelStats(verdict="unknown", air_share=0, soft_share=0, negative_share=0, p999=0, median=0, fov_mm=fov)
    air = float(np.mean(tissue <= AIR_HU))
    negative = float(np.mean(tissue < -100))
    p999 = float(np.quantile(tissue, 0.999))
    median = float(np.median(tissue))
    large = fov is None or fov >= MIN_FOV_MM
    if air >= 0.01 and soft >= SOFT_SHARE and p999 <= MAX_HU:
        verdict: PixelVerdict = "ct"
    elif median > MAX_MEDIAN_HU or (large and (negative < 0.001 or p999 > MAX_HU)):
        verdict = "not_ct"
    else:
        verdict = "unknown"
    return PixelStats(
        verdict=verdict,
        air_share=round(air, 4),
        soft_share=round(soft, 4),
        negative_share=round(negative, 4),
        p999=round(p999, 1),
        median=round(median, 1),
        fov_mm=fov,
    )


SHIFTED_SHARE = 0.05
"""Voxels below air that are not padding, past which the intensities are not Hounsfield units."""


def shifted_share(values: np.ndarray) -> tuple[float, float]:
    """Share of `values` below `PADDING_HU` other than the two commonest such values, and the lowest value.

    Padding outside the reconstructed field of view is one stored value (-2000, -3024, PixelPaddingValue),
    at most two, though some scanners leave a spread of reconstruction noise there (pydicom-data's
    693_UNCI head CT reaches -3995). When, besides, nothing reads as soft tissue (within 200 HU of water),
    the values are tissue and air moved down the scale: an intercept applied twice (-1024 on data already
    in HU puts air at -2048 and liver near -965), or an offset of the writer's.
    """
    below = values[values < PADDING_HU]
    if not below.size or below.size < SHIFTED_SHARE * values.size:  # none, or too few to be more than padding
        return 0.0, float(below.min()) if below.size else 0.0
    counts = np.sort(np.unique(below, return_counts=True)[1])[::-1]
    return float((below.size - counts[:2].sum()) / values.size), float(below.min())


def _fov_mm(image: Image) -> float | None:
    """Smallest in-plane extent in mm; None when the pixels have no physical size (then by pixel count)."""
    shape = image.array.shape[:2]
    if image.spacing is None or any(not s > 0 for s in image.spacing[:2]):
        return None if min(shape) >= 64 else 0.0
    return float(min(n * s for n, s in zip(shape, image.spacing[:2], strict=True)))


def modality_check(
    image: Image, declared: str | None, target: str, label: str
) -> tuple[Evidence, str | None, PixelStats]:
    """Declared modality (case, DICOM tag) against each other and against the pixels.

    Returns the check, the modality triage goes on with, and the pixel statistics.
    """
    header = normalise_modality(image.meta.get("dicom_modality"))
    declared = normalise_modality(declared)
    stats = pixel_stats(image)
    facts = {"declared": declared, "dicom_modality": header, "pixels": stats.verdict}
    if declared and header and family(declared) != family(header):
        return (
            check(
                "modality",
                target,
                False,
                f"{label}: declared {declared} but the DICOM header says {header}",
                value=header,
                **facts,
            ),
            None,
            stats,
        )
    claimed = declared or header
    if claimed == "CT" and stats.verdict == "not_ct":
        why = (
            f"{stats.shifted_share:.0%} of voxels read below air, down to {stats.lowest:.0f}, and are not one "
            "padding value: the scale is shifted, e.g. a rescale intercept (-1024) applied twice"
            if stats.shifted_share >= SHIFTED_SHARE
            else "no air near -1000 HU"
            if stats.negative_share < 0.001
            else f"median {stats.median:.0f}, up to {stats.p999:.0f}"
        )
        if image.meta.get("format") == "picture":  # a PNG/TIFF export (Niffler#226, invesalius3#550)
            pages = int(image.meta.get("pages") or 1)
            stack = f", a {pages}-page stack read as its first page" if pages > 1 else ""
            why = (f"a {image.meta.get('file_format') or 'picture'} file{stack}: pictures store display grey levels, "
                   "not Hounsfield units, and no voxel spacing or orientation; give the CT as DICOM or NIfTI")
        if image.meta.get("rescale_missing"):
            why += "; the header has no RescaleSlope/RescaleIntercept, so the stored values were never mapped to HU"
        return (
            check(
                "modality",
                target,
                False,
                f"{label}: declared CT but the pixel values are not Hounsfield units ({why})",
                value=claimed,
                **facts,
            ),
            None,
            stats,
        )
    if claimed and claimed != "CT" and stats.verdict == "ct" and family(claimed) in ("MR", "XR", "US"):
        return (
            check(
                "modality",
                target,
                False,
                f"{label}: declared {claimed} but the pixels are Hounsfield units of a CT "
                f"(air at -1000 HU in {stats.air_share:.0%} of voxels)",
                value=claimed,
                **facts,
            ),
            None,
            stats,
        )
    effective = claimed or ("CT" if stats.verdict == "ct" else None)
    note = {
        "ct": "pixels in Hounsfield units",
        "not_ct": "pixels not in Hounsfield units",
        "unknown": "pixels too few or too cropped to judge",
    }[stats.verdict]
    return (
        check(
            "modality", target, True, f"{label}: {effective or 'unknown modality'}; {note}", value=effective, **facts
        ),
        effective,
        stats,
    )


def dimensionality_check(image: Image, modality: str | None, target: str, label: str) -> Evidence:
    """CT and MR are volumes with plane geometry; radiographs are single projections."""
    fam = family(modality)
    shape = image.array.shape
    slices = shape[2] if image.array.ndim == 3 else None
    if fam in VOLUMETRIC and (image.array.ndim != 3 or image.affine is None):
        return check(
            "dimensionality",
            target,
            False,
            f"{label}: a {modality} must be a volume with plane geometry, got a {image.array.ndim}D "
            f"picture of shape {tuple(shape)} without position",
            value=image.array.ndim,
        )
    if fam == "XR" and slices not in (None, 1):
        return check(
            "dimensionality",
            target,
            False,
            f"{label}: a {modality} radiograph is one projection, got a volume of {slices} slices",
            value=image.array.ndim,
        )
    what = f"{slices} slice(s)" if slices else "2D"
    return check("dimensionality", target, True, f"{label}: {what}, shape {tuple(shape)}", value=image.array.ndim,
                 slices=slices)
