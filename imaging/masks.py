"""Boolean masks that take memory only where they are set.

A full-size mask of a small organ on a 512 x 512 x 300 grid is a 79 MB array of which most is
False. `compact_mask` gives the same array, value for value, in fresh zeroed memory with only
its bounding box written: the operating system maps the untouched rest to the shared zero page
(an anonymous mapping is backed by memory only where it is written), so the mask's resident
memory is about its bounding box while every consumer still reads an ordinary full-size array.
Large NumPy arrays are allocated page by page lazily only when transparent huge pages do not
round each touched region up to 2 MB: `orchestrator` sets NumPy's documented
`NUMPY_MADVISE_HUGEPAGE=0` for that reason (docs/performance.md).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import nibabel as nib
import numpy as np

from core.anatomy import LESION_GROUP, LESION_GROUPS, LESION_MASKS, TYPED_LESION_MASKS, is_lesion
from imaging.folders import visible_files
from imaging.nifti_files import in_millimetres, load_nifti
from imaging.volume import ImageReadError, LabelMap, _check_spacing, spacing_of

COMPACT_MIN_BYTES = 8 << 20
"""Masks smaller than this are left as they are (a scan and a copy cost more than they save)."""


def _words(array: np.ndarray) -> np.ndarray:
    """The bytes along the last axis as the widest unsigned words that divide them (a faster OR)."""
    width = array.shape[-1] * array.itemsize
    for dtype in (np.uint64, np.uint32, np.uint16):
        if width % np.dtype(dtype).itemsize == 0:
            return array.view(dtype)
    return array.view(np.uint8)


def mask_box(mask: np.ndarray) -> tuple[slice, slice, slice] | None:
    """The smallest box holding every True voxel of a C-contiguous 3D boolean array; None when there is none.

    Each step reads only what the previous one kept: the planes along the first axis that hold a
    voxel, then the rows of those planes, then the columns of that slab.
    """
    mask = np.ascontiguousarray(mask, dtype=bool)
    planes = np.flatnonzero(_words(mask.reshape(mask.shape[0], -1)).max(axis=1))
    if planes.size == 0:
        return None
    slab = mask[planes[0] : planes[-1] + 1]
    rows = np.flatnonzero(_words(slab).max(axis=0).max(axis=1))
    slab = slab[:, rows[0] : rows[-1] + 1]
    columns = np.flatnonzero(slab.view(np.uint8).max(axis=0).max(axis=0))
    return (slice(int(planes[0]), int(planes[-1]) + 1), slice(int(rows[0]), int(rows[-1]) + 1),
            slice(int(columns[0]), int(columns[-1]) + 1))


def compact_mask(mask: np.ndarray) -> np.ndarray:
    """The same boolean mask, in fresh zeroed memory written only inside its bounding box.

    Values, shape and dtype are those of `mask` (as bool); a mask under `COMPACT_MIN_BYTES`, or not
    3D, is returned as a C-contiguous bool array without being copied again.
    """
    mask = np.ascontiguousarray(mask, dtype=bool)
    if mask.ndim != 3 or mask.nbytes < COMPACT_MIN_BYTES:
        return mask
    box = mask_box(mask)
    out = np.zeros(mask.shape, dtype=bool)
    if box is not None:
        out[box] = mask[box]
    return out


def read_mask(path: str | Path, name: str | None = None) -> LabelMap:
    """Reads a NIfTI mask (AbdomenAtlas layout) into canonical RAS as a boolean array.

    A binary mask (0 and one other value) is its non-zero voxels, negative ones too (`foreground`). A fractional mask, floats with
    values between 0 and 1 as linear resampling or a probability output leaves them, is its voxels
    at 0.5 or more (MONAI's ``AsDiscrete(threshold=0.5)``; DICOM SEG's FRACTIONAL type), and
    `LabelMap.note` says so: counting every non-zero voxel of a soft edge would inflate a volume.

    Raises:
        ImageReadError: unreadable, not 3D, without positive spacing, a multi-label map, or floats
            outside the fractional range.
    """
    p = Path(path)
    try:
        img, _, unit_note = in_millimetres(load_nifti(p))
        img = nib.as_closest_canonical(img)
        data = np.asarray(img.dataobj)
    except Exception as exc:  # corrupt masks surface as many exception types
        raise ImageReadError(f"{p}: not a readable mask ({exc})") from exc
    data = volume_axes(data, p)
    spacing = spacing_of(img.affine)
    _check_spacing(spacing, str(p))
    problem = mask_value_problem(data)
    if problem:
        raise ImageReadError(f"{p}: {problem}")
    note = ""
    if data.dtype.kind == "f" and bool(np.any(data != np.round(data))):
        low, high = float(np.nanmin(data)), float(np.nanmax(data))
        if low < -FRACTION_SLACK or high > 1 + FRACTION_SLACK:
            raise ImageReadError(f"{p}: non-integer values from {low:g} to {high:g}: neither a binary nor a fractional (0 to 1) mask")
        array, note = np.ascontiguousarray(data >= 0.5), "fractional values (0 to 1) binarised at 0.5"
    else:
        array = np.ascontiguousarray(foreground(data))
        if data.size and float(np.min(data)) < 0:
            note = f"foreground stored as {float(np.min(data)):g} (a 255 label saved in a signed type)"
        labels = mask_labels(data)
        if labels.size > 1:
            shown = ", ".join(f"{v:g}" for v in labels[:6])
            raise ImageReadError(f"{p}: holds {labels.size} labels ({shown}): a multi-label map, not one binary mask")
    mask_name = name or structure_name(p)
    note = "; ".join(n for n in (unit_note, note) if n)
    return LabelMap(array=array, affine=img.affine.copy(), spacing=spacing, name=mask_name, source=str(p), note=note)


def volume_axes(data: np.ndarray, path: Path) -> np.ndarray:
    """A mask's three spatial axes, without trailing singleton axes a pipeline kept (batch, channel).

    Raises:
        ImageReadError: fewer than three axes, or a fourth axis of more than one volume.
    """
    if data.ndim > 3 and all(n == 1 for n in data.shape[3:]):
        return data.reshape(data.shape[:3])
    if data.ndim != 3:
        raise ImageReadError(f"{path}: expected a 3D mask, got shape {data.shape!r}")
    return data


_SYNONYMS = {  # TotalSegmentator, DICOM SEG labels and common spellings -> AbdomenAtlas names
    "left_kidney": "kidney_left", "right_kidney": "kidney_right", "gallbladder": "gall_bladder",
    "inferior_vena_cava": "postcava", "ivc": "postcava", "vena_cava_inferior": "postcava",
    "liver_lesion": "liver_tumor", "liver_tumour": "liver_tumor", "hepatic_tumor": "liver_tumor",
    "pancreatic_tumor": "pancreas_tumor", "pancreas_lesion": "pancreas_tumor", "renal_cyst": "kidney_cyst",
    "renal_tumor": "kidney_tumor", "kidney_lesion": "kidney_tumor", "left_lung": "lung_left", "right_lung": "lung_right",
    "left_adrenal_gland": "adrenal_gland_left", "right_adrenal_gland": "adrenal_gland_right",
}


_ORGAN_WORDS = {"liver": "liver", "hepatic": "liver", "hepato": "liver", "kidney": "kidney", "kidneys": "kidney",
                "renal": "kidney", "pancreas": "pancreas", "pancreatic": "pancreas", "colon": "colon",
                "colonic": "colon", "colorectal": "colon"}
_TUMOUR_WORDS = frozenset({"lesion", "lesions", "tumor", "tumors", "tumour", "tumours", "mass", "masses", "met", "mets",
                           "metastasis", "metastases", "neoplasm", "neoplasms", "cancer", "nodule", "nodules"})
_CYST_WORDS = frozenset({"cyst", "cysts"})
_NAMED_LESIONS = {"hcc": "liver_tumor", "rcc": "kidney_tumor", "ccrcc": "kidney_tumor"}
"""Lesion masks named by the disease alone: hepatocellular and renal cell carcinoma."""


def lesion_mask_name(name: str) -> str | None:
    """The AbdomenAtlas lesion mask a name plainly means (``hepatic_lesions`` -> ``liver_tumor``, ``renal_cysts`` ->
    ``kidney_cyst``, ``hcc`` -> ``liver_tumor``); None for a name that is already a lesion mask or names none.

    `name` is lower case with ``_`` between words. An organ word (liver/hepatic, kidney/renal, pancreas/pancreatic,
    colon) with a lesion word (lesion(s), tumo(u)r(s), mass(es), mets, metastases, nodule(s)...) names its lesion
    group's first mask (``<organ>_tumor``); with ``cyst(s)`` the organ's cyst mask where one exists. Sides and other
    words make no alias (``liver_lesion_left`` is none).
    """
    if name in LESION_MASKS or name in TYPED_LESION_MASKS:
        return None
    if name in _NAMED_LESIONS:
        return _NAMED_LESIONS[name]
    words = name.split("_")
    if len(words) != 2 or words[0] not in _ORGAN_WORDS:
        return None
    organ = _ORGAN_WORDS[words[0]]
    if words[1] in _TUMOUR_WORDS:
        return f"{organ}_tumor"
    cyst = f"{organ}_cyst"
    return cyst if words[1] in _CYST_WORDS and (cyst in LESION_MASKS or cyst in TYPED_LESION_MASKS) else None


def canonical_name(label: str) -> str:
    """A segment label as an AbdomenAtlas name: `"Left Kidney"` -> `kidney_left`, `"Liver lesions"` ->
    `liver_tumor` (`lesion_mask_name`)."""
    name = re.sub(r"[^a-z0-9]+", "_", label.strip().lower()).strip("_")
    name = _SYNONYMS.get(name, name)
    return lesion_mask_name(name) or name


def structure_name(path: Path) -> str:
    """The structure a mask file holds, from its name as an AbdomenAtlas name: ``SPLEEN.NII.GZ`` and
    ``spleen.nii.nii.gz`` are the spleen, TotalSegmentator's ``gallbladder.nii.gz`` the ``gall_bladder``, a lesion
    mask named for its organ's lesions (``liver_lesion.nii.gz``, ``renal_tumour.nii.gz``, ``hcc.nii.gz``) its
    group's mask (``liver_tumor``, `lesion_mask_name`), so its lesions are counted, never read and then ignored."""
    name = path.name.lower()
    while name.endswith((".nii.gz", ".nii")):
        name = name.removesuffix(".gz").removesuffix(".nii")
    return canonical_name(name)


_INSTANCE = re.compile(r"^(?P<base>[a-z][a-z0-9_]*?)[_-]?(?P<number>\d{1,3})$")


def instance_of(name: str) -> str | None:
    """The lesion mask a per-lesion file belongs to (``liver_tumor_2``, ``liver_lesion_2`` -> ``liver_tumor``); None for any other name.

    RT structure set converters write one file per contoured lesion (dcmrtstruct2nii, z-rad); the
    lesion mask of the case is their union. Organ sub-parts (``liver_segment_4``) are not lesions.
    """
    match = _INSTANCE.match(name)
    if match is None or not is_lesion(canonical_name(match["base"])):
        return None
    return canonical_name(match["base"])  # liver_lesion_2 is one of the liver_tumor lesions


def union_of_instances(maps: list[LabelMap], name: str) -> LabelMap:
    """One lesion mask from per-lesion masks on one grid, its note naming the files.

    Raises:
        ImageReadError: the files lie on different grids (shape or affine).
    """
    first = maps[0]
    for other in maps[1:]:
        if other.array.shape != first.array.shape or not np.allclose(other.affine, first.affine, atol=1e-3):
            raise ImageReadError(f"{Path(first.source).name} and {Path(other.source).name}: per-lesion {name} masks "
                                 "on different grids: resample them onto one grid or merge them into one mask")
    array = np.logical_or.reduce([m.array for m in maps])
    files = ", ".join(Path(m.source).name for m in maps)
    note = f"union of {len(maps)} per-lesion files ({files}); lesions that touch are counted as one"
    return LabelMap(array=array, affine=first.affine.copy(), spacing=first.spacing, name=name,
                    source=str(Path(first.source).parent / f"{name}_*"), note=note)


def group_union_name(path: Path) -> str | None:
    """The lesion group a file named for all of an organ's lesions holds (``kidney_lesion.nii.gz``,
    ``pancreatic_lesions.nii`` -> ``kidney_lesion``, ``pancreas_lesion``); None for any other name.

    AbdomenAtlas 3.0 writes such a file beside the typed masks it is the union of (``kidney_lesion`` = ``kidney_tumor``
    | ``kidney_cyst``, ``pancreatic_lesion`` = ``pancreas_tumor`` | ``pancreatic_cyst``).
    """
    words = path.name.lower().split(".")[0].split("_")
    if len(words) != 2 or words[0] not in _ORGAN_WORDS or words[1] not in ("lesion", "lesions"):
        return None
    return LESION_GROUP.get(_ORGAN_WORDS[words[0]])


def _group_parts(group: str) -> tuple[str, ...]:
    """The masks whose union a group's union file is: the group's own and optional masks, then its typed ones."""
    of = next(g for g in LESION_GROUPS if g.name == group)
    return (*of.all_masks, *of.typed_masks)


def _union_difference(union: Path, parts: list[Path]) -> tuple[int, int]:
    """Voxels the union file marks that no part does, and voxels the parts mark that it does not (read once per
    state of the files: triage, the segmentation agent and a tool cache each list the folder)."""
    stamps = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in (union, *parts))
    return _cached_union_difference(stamps)


@functools.lru_cache(maxsize=64)
def _cached_union_difference(stamps: tuple[tuple[str, int, int], ...]) -> tuple[int, int]:
    union, *parts = (Path(s[0]) for s in stamps)

    def marked(path: Path) -> np.ndarray:
        return np.asanyarray(load_nifti(path).dataobj) != 0

    whole = marked(union)
    covered = np.zeros_like(whole)
    for path in parts:
        part = marked(path)
        if part.shape != whole.shape:
            return int(np.count_nonzero(whole)), int(np.count_nonzero(part))
        covered |= part
    return int(np.count_nonzero(whole & ~covered)), int(np.count_nonzero(covered & ~whole))


def mask_files(folder: Path) -> dict[str, Path]:
    """Structure name -> NIfTI mask file in a folder, names compared without case (an export from a
    case-insensitive file system writes ``SPLEEN.NII.GZ``).

    Per-lesion files (``liver_tumor_1.nii.gz``, `instance_of`) keep their own names here. A file of all of an
    organ's lesions (`group_union_name`) alone is read as its group's lesion mask (``liver_lesion`` -> ``liver_tumor``);
    beside the group's own or typed masks it is their union, left out when it marks the very voxels they mark.

    Raises:
        ImageReadError: two files name the same structure, a lesion mask is given whole and per lesion, or an organ's
            lesions file beside its lesion masks marks voxels they do not (or misses some of theirs).
    """
    out: dict[str, Path] = {}
    files = [p for p in visible_files(folder) if p.name.lower().endswith((".nii.gz", ".nii"))]
    unions = {p: group for p in files if (group := group_union_name(p)) is not None}
    named = {p: structure_name(p) for p in files if p not in unions}
    for path, group in unions.items():
        parts = [n for n in _group_parts(group) if n in named.values()]
        if not parts:
            continue  # alone: read below as its group's lesion mask
        extra, missed = _union_difference(path, [p for p, name in named.items() if name in parts])
        if extra or missed:
            raise ImageReadError(
                f"{folder}: {path.name} (all of the {group.removesuffix('_lesion')}'s lesions) is not the union of "
                f"its lesion masks beside it ({', '.join(parts)}): it marks {extra} voxel(s) they do not and misses "
                f"{missed} of theirs; remove {path.name} to read the typed masks, or keep it alone")
        named[path] = ""  # the union of the typed masks beside it: nothing of its own
    for path in files:
        name = named[path] if path in named else structure_name(path)
        if not name:
            continue
        if name in out:
            raise ImageReadError(f"{folder}: {out[name].name} and {path.name} both hold the {name} mask"
                                 + ("" if {out[name].name.split(".")[0].lower(), path.name.split(".")[0].lower()} <= {name}
                                    else f" (a lesion mask named for the {name.split('_')[0]}'s lesions is read as "
                                         f"{name}): keep one, or merge them into one {name}.nii.gz"))
        out[name] = path
    for name in sorted(out):
        base = instance_of(name)
        if base in out:
            raise ImageReadError(f"{folder}: {out[base].name} and the per-lesion file {out[name].name} both hold "
                                 f"the {base} mask")
    return out


def foreground(data: np.ndarray) -> np.ndarray:
    """The voxels a binary mask array marks: every non-zero value, as a boolean array of the same shape.

    A label of 255 saved in a signed 8-bit type reads back as -1 (a uint8 label image cast to int8 on
    export): counting only positive values would read that organ as empty. (nnU-Net's preprocessed
    labels use -1 for "outside the body's non-zero region", MIC-DKFZ/nnUNet#251: such a map marks the
    grid's corners and is refused by `inverted_mask_problem`, or holds 0, 1 and -1 and is refused as
    multi-label.)
    """
    return np.asarray(data) != 0


def mask_labels(data: np.ndarray) -> np.ndarray:
    """The distinct non-zero values of a mask array; one value (whatever it is) for a binary mask.

    Values are listed only when some lie outside 0 to 1 (a 0/1 mask is not scanned for them).
    """
    if not data.size or (float(np.max(data)) <= 1 and float(np.min(data)) >= 0):
        return np.ones(1, dtype=data.dtype if data.size else np.uint8)
    values = np.unique(data)
    return values[values != 0]


WHOLE_GRID_STRUCTURES = frozenset({"body", "body_trunc", "body_extremities", "skin", "background"})
"""Masks that may rightly reach every corner of a grid cropped inside the body."""


def mask_value_problem(data: np.ndarray) -> str | None:
    """Why a mask array's values are no mask at all: non-finite values (NaN or infinity); None when finite.

    A resampler that fills voxels outside its source with NaN (ITK/ANTs NaN padding, a float
    interpolation) leaves a float mask with NaN for background; NaN is not 0, so counting non-zero
    voxels measures the whole field of view (nibabel#1255, MONAI#4539).
    """
    if data.dtype.kind not in "fc":
        return None
    bad = int(data.size - np.count_nonzero(np.isfinite(data)))
    if not bad:
        return None
    return (f"{bad} voxel(s) hold non-finite values (NaN or infinity), {100 * bad / data.size:.0f}% of the grid: "
            "not a mask (a resampler's NaN fill?): set them to 0 and save it again")


def inverted_mask_problem(mask: np.ndarray, name: str) -> str | None:
    """Why a binary mask on the image's grid looks inverted (the structure is its background); None when not.

    Judged on the image's own grid (a crop of a mask may rightly fill its box). Every corner voxel of a CT grid lies outside any abdominal organ, so an organ mask that marks all
    eight corners and most of the grid marks the background: a label map saved with 0 and 1 swapped
    (3D Slicer's "invert", a thresholded complement; Slicer#5672, ITK-SNAP inverted labels). Structures
    that may fill a grid cropped inside the body (`WHOLE_GRID_STRUCTURES`) are not judged.
    """
    if mask.ndim != 3 or name in WHOLE_GRID_STRUCTURES or not mask.size:
        return None
    corners = mask[np.ix_((0, -1), (0, -1), (0, -1))]
    share = float(np.count_nonzero(mask)) / mask.size
    if not (bool(corners.all()) and share > 0.5):
        return None
    return (f"marks {100 * share:.0f}% of the grid including all 8 corners: an inverted mask (the {name} is "
            f"its background; foreground and background swapped)")


FRACTION_SLACK = 0.5
"""How far outside 0 to 1 a fractional mask's values may reach (cubic resampling overshoots a little)."""
