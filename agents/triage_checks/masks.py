"""Masks given with the case: each must cover the image's own piece of the patient.

A mask on another grid is still usable when it covers the same physical region (a coarser
mask aligned with the image is resampled by the segmentation agent), or when it is a crop of the
image's own voxel lattice lying inside the image (placed voxel for voxel). A crop writes its own
corner into its header; another shape under the image's very header is an array resampled with the
header copied (nnU-Net#1044, "shape mismatch"), refused. A mask whose grid covers
another region (a lost spacing, a moved origin, swapped axes) would be "fixed" by resampling
into a confident wrong number, so triage rejects it, naming the mismatch. Only headers are read.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import numpy as np

from agents.triage_checks.common import check
from core.anatomy import family, is_lesion, side_of
from core.case import Evidence
from imaging.folders import file_kinds, sop_class_name, visible_files
from imaging.masks import foreground, inverted_mask_problem, mask_files, mask_labels, mask_value_problem
from imaging.nifti_files import in_millimetres, load_nifti
from imaging.volume import Image, ImageReadError, spacing_of

AXES = ("left-right (x)", "anterior-posterior (y)", "superior-inferior (z)")


def mask_geometry_check(masks: str, image: Image, target: str, label: str) -> Evidence | None:
    """Every NIfTI mask in a provided folder against the image's physical region; None for a DICOM SEG."""
    from nibabel.filebasedimages import ImageFileError

    folder = Path(masks)
    if not folder.exists():  # a mistyped --masks: said first, not left to an abstention about a missing organ
        return check("mask_geometry", target, False,
                     f"{label}: the provided masks path {folder.name!r} does not exist: give the folder of "
                     "<name>.nii.gz masks or a DICOM SEG file, or leave masks out to segment with the configured "
                     "segmenter", value=1)
    if folder.is_file():
        unread = unread_mask_file(folder)
        return check("mask_geometry", target, False, f"{label}: {unread}", value=1) if unread else None
    if folder.is_dir() and (folder / "segmentations").is_dir():
        folder = folder / "segmentations"
    if not folder.is_dir() or image.affine is None or image.array.ndim != 3:
        return None
    try:
        files = mask_files(folder)
    except ImageReadError as exc:
        return check("mask_geometry", target, False, f"{label}: provided masks cannot be used: {exc}", value=1)
    if not files and next(visible_files(folder), None) is None:  # an export that wrote nothing (a crashed run)
        return check("mask_geometry", target, False,
                     f"{label}: the provided masks folder {folder.name!r} is empty (no <name>.nii.gz mask or DICOM "
                     "SEG file): give the folder that holds the masks, or leave masks out to segment with the "
                     "configured segmenter", value=1)
    if not files:
        unread = unread_mask_files(folder)
        if unread:
            return check("mask_geometry", target, False, f"{label}: {unread}", value=1)
    wanted = region(image.affine, image.array.shape)
    problems, centres, filled = [], {}, {}
    for organ, path in files.items():
        try:
            header = in_millimetres(load_nifti(path))[0]
        except (ImageFileError, OSError, EOFError, ValueError) as exc:
            problems.append(f"{path.name}: not a readable mask ({str(exc).replace(str(path), path.name)})")
            continue
        shape = tuple(header.shape[:3])
        if len(header.shape) < 3 or any(n != 1 for n in header.shape[3:]):
            problems.append(f"{path.name}: a mask of shape {tuple(header.shape)}, not one volume")
            continue
        mismatch = compare(header.affine, shape, image.affine, image.array.shape, wanted)
        if mismatch:
            problems.append(f"{path.name}: {mismatch}")
            continue
        try:  # the header can be sound while its voxels are not there (vox_offset past the end: nibabel#537)
            data = np.asanyarray(header.dataobj).reshape(shape)
        except (OSError, EOFError, ValueError, zlib.error) as exc:
            problems.append(f"{path.name}: not a readable mask ({str(exc).replace(str(path), path.name)})")
            continue
        on_grid = shape == tuple(image.array.shape)  # the corner rule holds on the image's grid, not on a crop
        problem = mask_value_problem(data) or (inverted_mask_problem(foreground(data), organ) if on_grid else None)
        if problem:
            problems.append(f"{path.name}: {problem}")
            continue
        filled[organ] = (int(np.count_nonzero(data)), path)
        labels = mask_labels(data).size
        if labels > 1:
            problems.append(f"{path.name}: holds {labels} labels, a multi-label map, not one binary mask")
        if organ in LATERAL_ORGANS and data.any():  # read once here for `mask_laterality`
            centre = np.asarray(header.affine, dtype=np.float64)[0, :3] @ np.argwhere(foreground(data)).mean(axis=0)
            centres[f"{organ}_centre_x_mm"] = round(float(centre + header.affine[0, 3]), 2)
    problems += same_voxels_problems(filled)
    if problems:
        shown = "; ".join(problems[:4]) + (f" (+{len(problems) - 4} more)" if len(problems) > 4 else "")
        return check("mask_geometry", target, False, f"{label}: provided masks cannot be used: {shown}",
                     value=len(problems))
    return check("mask_geometry", target, True, f"{label}: {len(files)} provided mask(s) cover the image's region",
                 value=0, **centres)


CONTOURS = "RT Structure Set Storage"
SEGMENTATION = "Segmentation Storage"


def unread_mask_files(folder: Path) -> str | None:
    """Why a masks folder with no NIfTI mask holds nothing clinorch reads as a mask; None when it holds a DICOM SEG.

    An RT Structure Set (planar contours, the radiotherapy export: MONAI tutorials#889, monai-deploy-app-sdk#191,
    InnerEye-DeepLearning#382) or any other file in place of masks would otherwise be passed over in silence and the
    structures segmented from the image, as if the user had given no masks.
    """
    kinds = file_kinds(folder)
    if SEGMENTATION in kinds:
        return None
    held = "; ".join(f"{', '.join(names[:3])}{' ...' if len(names) > 3 else ''} ({'not DICOM' if kind == 'other' else kind})"
                     for kind, names in kinds.items())
    fix = (" — contours, not masks: rasterise them onto the image grid first (plastimatch convert, dcmrtstruct2nii, "
           "rt-utils) and give the NIfTI masks or a DICOM SEG" if CONTOURS in kinds else "")
    return (f"the provided masks folder {folder.name!r} holds no mask clinorch reads (<name>.nii.gz files or DICOM SEG): "
            f"it holds {held}{fix}; or leave masks out to segment with the configured segmenter")


def unread_mask_file(path: Path) -> str | None:
    """Why a masks path that is one file is not a mask clinorch reads; None when it is a DICOM SEG.

    One file of masks must be a DICOM SEG; a 3D Slicer ``.seg.nrrd`` (slicerio#9, MONAILabel#768), a multi-label
    NIfTI or an RT Structure Set would otherwise fail the segmentation agent and end as "organ not found".
    """
    kind = sop_class_name(path)
    if kind == SEGMENTATION:
        return None
    from imaging.dicom_files import what_file_is  # pydicom: only for a masks path that is one file

    what = (kind if kind else what_file_is(path) or "not a DICOM SEG")
    if path.name.lower().endswith((".nii", ".nii.gz")):
        what = "one NIfTI file: give the folder of <name>.nii.gz masks, one binary mask per structure"
    fix = (": contours, not masks: rasterise them onto the image grid first (plastimatch convert, dcmrtstruct2nii, "
           "rt-utils)" if kind == CONTOURS else "")
    return (f"the provided masks file {path.name!r} is not a mask clinorch reads (a folder of <name>.nii.gz files or "
            f"a DICOM SEG): it is {what}{fix}; or leave masks out to segment with the configured segmenter")


def same_voxels_problems(filled: dict[str, tuple[int, Path]]) -> list[str]:
    """Masks of two different structures holding the very same voxels: one mask saved under two names.

    A label mix-up on export (TotalSegmentator#115, MONAI model-zoo#396) writes the liver's voxels
    as `spleen.nii.gz` too; measured as given, the "spleen" is a 1,000 mL organ on the patient's
    right, and its place would make a correct image look left-right flipped. A structure and its own
    part may rightly coincide (`kidney` and `kidney_left` after a nephrectomy, a lesion and its only
    instance), so pairs of one organ family are compared only when they name opposite sides.
    `filled` maps structure name -> (non-zero voxel count, file); only pairs of equal counts are read.
    """
    by_count: dict[int, list[str]] = {}
    for name, (count, _) in filled.items():
        if count and not is_lesion(name):
            by_count.setdefault(count, []).append(name)
    problems = []
    for count, names in by_count.items():
        for n, first in enumerate(names):
            for second in names[n + 1:]:
                nested = family(first) == family(second) and None in (side_of(first), side_of(second))
                if nested or not _same_voxels(filled[first][1], filled[second][1]):
                    continue
                problems.append(f"{filled[first][1].name} and {filled[second][1].name} hold the same {count} voxels: "
                                "one structure's mask saved under two names (a label mix-up on export)")
    return problems


def _same_voxels(first: Path, second: Path) -> bool:
    a, b = (np.asanyarray(load_nifti(p).dataobj) for p in (first, second))
    return a.shape == b.shape and bool(np.array_equal(a > 0, b > 0))


def region(affine: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The box (RAS mm, 2 x 3: low and high corner) covered by a voxel grid, voxel edges included."""
    corners = np.array([[i, j, k] for i in (-0.5, shape[0] - 0.5) for j in (-0.5, shape[1] - 0.5)
                        for k in (-0.5, shape[2] - 0.5)])
    world = corners @ np.asarray(affine, dtype=np.float64)[:3, :3].T + np.asarray(affine, dtype=np.float64)[:3, 3]
    return np.stack([world.min(axis=0), world.max(axis=0)])


def compare(mask_affine: np.ndarray, mask_shape: tuple[int, ...], image_affine: np.ndarray,
            image_shape: tuple[int, ...], image_region: np.ndarray | None = None) -> str:
    """'' when a mask grid covers the image's region (within one voxel of the coarser grid), else what differs."""
    if tuple(mask_shape) == tuple(image_shape) and np.allclose(mask_affine, image_affine, atol=1e-3):
        return ""
    image_region = region(image_affine, image_shape) if image_region is None else image_region
    own = region(mask_affine, mask_shape)
    inside = np.all(own[0] >= image_region[0] - 0.01) and np.all(own[1] <= image_region[1] + 0.01)
    if inside and on_lattice(mask_affine, image_affine) and not _at_a_corner(mask_affine, image_affine, image_shape):
        return ""  # a crop on the image's own voxel lattice (Slicer's minimum extent, SEG without empty frames)
    tolerance = np.maximum(_axis_spacing(mask_affine), _axis_spacing(image_affine)) + 0.5
    off = np.abs(own - image_region).max(axis=0)
    bad = [n for n in range(3) if off[n] > tolerance[n]]
    if not bad:
        return ""
    spans = ", ".join(f"{AXES[n]} {own[0, n]:.0f} to {own[1, n]:.0f} mm where the image spans "
                      f"{image_region[0, n]:.0f} to {image_region[1, n]:.0f} mm" for n in bad)
    mask_mm = "x".join(f"{s:.3g}" for s in spacing_of(mask_affine))
    image_mm = "x".join(f"{s:.3g}" for s in spacing_of(image_affine))
    return (f"grid {tuple(mask_shape)} at {mask_mm} mm covers {spans} (image grid {tuple(image_shape)} at "
            f"{image_mm} mm): a wrong spacing, origin or axis order in the mask header")


def on_lattice(mask_affine: np.ndarray, image_affine: np.ndarray, tolerance_voxels: float = 0.01) -> bool:
    """Whether every voxel centre of a mask grid is one of the image grid's: its axes are the image's
    (in any order or direction, as a crop stored in another orientation has them) at the same spacing, and
    its origin lies a whole number of image voxels away."""
    to_image = np.linalg.solve(np.asarray(image_affine, dtype=np.float64), np.asarray(mask_affine, dtype=np.float64))
    if not np.allclose(to_image[:3], np.round(to_image[:3]), atol=tolerance_voxels):  # whole voxels, whole axes
        return False
    steps = np.abs(np.round(to_image[:3, :3]))  # a signed permutation: one image axis per mask axis, one voxel a step
    return bool(np.all(steps.sum(axis=0) == 1) and np.all(steps.sum(axis=1) == 1))


def _at_a_corner(mask_affine: np.ndarray, image_affine: np.ndarray, image_shape: tuple[int, ...]) -> bool:
    """Whether a mask's first voxel sits on a corner voxel of the image (the image file's origin, in
    whatever order the file stores its axes): where a copied header puts it, where a crop does not."""
    image_affine = np.asarray(image_affine, dtype=np.float64)
    corners = np.array([[i, j, k, 1.0] for i in (0, image_shape[0] - 1) for j in (0, image_shape[1] - 1)
                        for k in (0, image_shape[2] - 1)]) @ image_affine.T
    return bool(np.any(np.abs(corners[:, :3] - np.asarray(mask_affine, dtype=np.float64)[:3, 3]).max(axis=1) < 1e-2))


def _axis_spacing(affine: np.ndarray) -> np.ndarray:
    """Extent of one voxel along each RAS axis (mm)."""
    return np.abs(np.asarray(affine, dtype=np.float64)[:3, :3]).max(axis=1)


LATERAL_ORGANS = ("liver", "spleen")
"""Masks whose place tells left from right: the liver lies on the patient's right, the spleen on the left."""


def mask_laterality(geometry: Evidence | None, image: Image) -> tuple[str, float | None]:
    """Left and right as the provided liver and spleen masks show them on the image's header.

    ("ok", liver-minus-spleen mm) when the liver mask's centre (read by `mask_geometry_check`) is right
    of the spleen mask's (RAS +x), ("flipped", ...) when left of it; a liver mask alone is judged
    against the centre of the image's left-right extent. A mask drawn on the anatomy follows it
    through a wrong header, so a flipped file shows a flipped liver; a provided mask is a far
    stronger cue than the balance of soft tissue. ("unknown", None) without a geometry check that
    passed with a non-empty liver mask.
    """
    found = geometry.provenance.as_dict() if geometry is not None and geometry.passed else {}
    liver = found.get("liver_centre_x_mm")
    if liver is None or image.affine is None:
        return "unknown", None
    reference = found.get("spleen_centre_x_mm", float(region(image.affine, image.array.shape)[:, 0].mean()))
    offset = float(liver) - float(reference)
    return ("ok" if offset > 0 else "flipped"), round(offset, 1)


def pixels_overrule_masks(anatomy: Any) -> bool:
    """Whether the image's own left-right cue is strong enough to call two provided masks wrong: a balance of soft
    tissue as clear as a flip needs (`anatomy.LR_FLIP_THRESHOLD`). A weaker "agrees with the header" does not: suite
    AD's phantoms, drawn mirrored under their RAS headers (liver at x < 0, its masks with it), scored +0.10, and the
    study was refused as a wrong mask instead of as a study whose anatomy the header mirrors."""
    from agents.triage_checks.anatomy import LR_FLIP_THRESHOLD

    score = anatomy.details.get("upper_abdomen_lr", anatomy.details.get("mid_chest_lr"))
    return score is not None and abs(float(score)) >= LR_FLIP_THRESHOLD


def masks_against_pixels(geometry: Evidence, offset: float | None, target: str, label: str) -> Evidence:
    """The failed mask check when the liver and spleen masks show left and right one way and the image's
    own anatomy (the liver weighing the upper abdomen to the right) the other, as its header says.

    Then the image is right and a mask is not: flipped on its own (its array mirrored, a swapped
    label). Blaming the image would send the user to re-orient a correct CT.
    """
    facts = {k: v for k, v in geometry.provenance.as_dict().items() if k.endswith("_centre_x_mm")}
    return check("mask_geometry", target, False,
                 f"{label}: provided masks cannot be used: the liver mask lies {abs(offset or 0.0):.0f} mm left of "
                 "the spleen mask, but the image's own anatomy is oriented as its header says: a left-right flip "
                 "of the liver or spleen mask, or a mislabelled mask", value=1, **facts)
