"""Masks that come with the case: an AbdomenAtlas `segmentations/` folder or a DICOM SEG file.

Each mask is read into canonical RAS, checked against the image geometry and resampled
(nearest) onto the image grid when the grids differ. An empty lesion mask means no lesion.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np

from agents.segmenters.base import Segmentation, SegmenterError, SegmenterUnavailable
from agents.segmenters.grid import to_image_grid
from core.anatomy import ORGAN_OF_GROUP, TYPED_LESION_MASKS
from imaging.folders import file_kinds
from imaging.masks import canonical_name, instance_of, inverted_mask_problem, mask_files, read_mask, union_of_instances
from imaging.volume import Image, ImageReadError, LabelMap, spacing_of

_LPS_TO_RAS = np.diag([-1.0, -1.0, 1.0, 1.0])
def wanted(name: str, structures: Sequence[str] | None) -> bool:
    """Whether a mask is needed for `structures`: itself, or a lesion / sub-segment / pair of one.

    `liver` brings `liver_tumor` and `liver_segment_*`; `kidney_left` brings every `kidney_*`;
    liver and pancreas bring the spleen (their HU ratios are read against it).
    """
    if not structures:
        return True
    stems = {s.split("/")[0].split("_")[0] for s in structures} | {p.split("_")[0] for s in structures for p in s.split("/")}
    if stems & {"liver", "pancreas"}:
        stems.add("spleen")
    typed = TYPED_LESION_MASKS.get(name)  # `pancreatic_pdac` comes with the pancreas
    return name in structures or name.split("_")[0] in stems or typed is not None and ORGAN_OF_GROUP[typed[0]] in stems


class ProvidedSegmenter:
    """Reads masks given with the case.

    Args:
        source: An AbdomenAtlas-layout folder (`<name>.nii.gz` per structure; a case folder
            holding `segmentations/` works too) or a DICOM SEG file. None when configured by name
            (`--segmenter provided`): each image's own masks are read (`agents.segmentation.choose_segmenter`),
            and an image without masks is a `SegmenterUnavailable` naming the fix.
        label: What provenance and messages call the source (a path token such as
            ``<masks 0>``): folders are often named after the patient, so the real path is read,
            never shown. Files inside keep their names (``<masks 0>/segmentations/spleen.nii.gz``).
    """

    name = "provided"

    def __init__(self, source: str | Path | None = None, label: str | None = None) -> None:
        self.source = Path(source) if source is not None else None
        self.label = label if label is not None else str(source or "")

    def shown(self, text: str) -> str:
        """`text` with the real source path replaced by its label."""
        return text.replace(str(self.source), self.label) if self.source is not None and str(self.source) not in ("", ".") \
            else text

    def segment(self, image: Image, structures: Sequence[str] | None = None) -> Segmentation:
        """The provided masks on `image`'s grid (all of them, or those `structures` need).

        Raises:
            SegmenterError: the source is missing or unreadable.
            MaskGeometryError: a mask cannot be placed on the image.
        """
        if self.source is None:
            raise SegmenterUnavailable("segmenter 'provided' reads the masks given with each image (--masks DIR, or "
                                       "'masks' in the case file), and this image has none; give its masks or choose a "
                                       "segmenter that finds the structures (--segmenter classical, totalsegmentator, "
                                       "nnunet or monai)")
        if not self.source.exists():
            raise SegmenterError(f"provided masks {self.label!r} not found")
        try:
            raw = self._read_folder(structures) if self.source.is_dir() else read_seg(self.source, structures)
        except SegmenterError as exc:
            raise SegmenterError(self.shown(str(exc))) from exc
        masks, notes = {}, {}
        for name, mask in raw.items():
            mask.source = self.shown(mask.source)
            masks[name], notes[name] = to_image_grid(mask, image)
            inverted = inverted_mask_problem(masks[name].array, name)
            if inverted:
                raise SegmenterError(f"{self.shown(mask.source)}: {inverted}")
            if mask.note:
                notes[name] = notes[name] | {"read": mask.note}
        return Segmentation(masks, self.name, {"source": self.label, "structures": notes})

    def _read_folder(self, structures: Sequence[str] | None) -> dict[str, LabelMap]:
        folder = self.source / "segmentations" if (self.source / "segmentations").is_dir() else self.source
        try:
            files = mask_files(folder)
        except ImageReadError as exc:
            raise SegmenterError(str(exc)) from exc
        if not files:
            segs = seg_files(folder)
            if segs:  # a folder holding DICOM SEG objects (OHIF, 3D Slicer, MONAI Deploy exports) instead of NIfTI
                return {name: mask for seg in segs for name, mask in read_seg(seg, structures).items()}
            raise SegmenterError(f"no NIfTI masks (<name>.nii.gz) or DICOM SEG files in {str(folder)!r}")
        instances: dict[str, list[str]] = {}
        for name in files:
            if instance_of(name):
                instances.setdefault(instance_of(name), []).append(name)
        out = {}
        for base, names in instances.items():
            if wanted(base, structures):
                try:
                    out[base] = union_of_instances([read_mask(files[n], base) for n in sorted(names)], base)
                except ImageReadError as exc:
                    raise SegmenterError(str(exc)) from exc
        for name, path in files.items():
            if wanted(name, structures) and not instance_of(name):
                try:
                    out[name] = read_mask(path, name)
                except ImageReadError as exc:
                    raise SegmenterError(str(exc)) from exc
                if path.name not in (f"{name}.nii.gz", f"{name}.nii"):
                    out[name].note = "; ".join(filter(None, (out[name].note, f"{path.name} read as the {name} mask")))
        return out


def seg_files(folder: Path) -> list[Path]:
    """The DICOM Segmentation objects in a folder (its visible files whose SOP class is SEG), in name order."""
    from pydicom.uid import SegmentationStorage

    return [folder / name for name in file_kinds(folder).get(SegmentationStorage.name, [])]


def read_seg(path: Path, structures: Sequence[str] | None = None) -> dict[str, LabelMap]:
    """Every segment of a DICOM SEG as a canonical-RAS mask on the SEG's own frame geometry.

    Uses highdicom's volume reconstruction (frames sorted along the slice normal, affine in
    LPS patient coordinates), converted to RAS. Fractional segments are thresholded at 0.5.

    Raises:
        SegmenterError: not a readable SEG, or its frames do not form a regular volume.
    """
    import highdicom as hd
    from pydicom.errors import InvalidDicomError

    try:
        seg = hd.seg.segread(str(path))
    except InvalidDicomError as exc:  # a 3D Slicer .seg.nrrd, a NIfTI label file without its extension...
        from imaging.dicom_files import what_file_is

        what = what_file_is(path) or "not DICOM"
        raise SegmenterError(f"{str(path)!r}: masks must be NIfTI files (<name>.nii.gz) or a DICOM SEG; this is {what}"
                             ) from exc
    except (OSError, ValueError, AttributeError, KeyError) as exc:
        raise SegmenterError(f"{str(path)!r}: not a readable DICOM SEG ({type(exc).__name__}: {exc})") from exc
    numbers = {int(s.SegmentNumber): canonical_name(str(s.SegmentLabel)) for s in seg.SegmentSequence}
    out = {}
    for number, name in numbers.items():
        if not wanted(name, structures):
            continue
        try:
            volume = seg.get_volume(segment_numbers=[number], combine_segments=False)
        except (ValueError, RuntimeError) as exc:
            raise SegmenterError(f"{str(path)!r}: segment {number} ({name!r}) is not a regular volume ({exc})") from exc
        array = np.asarray(volume.array)[..., 0]
        binary = array > (0.5 if _is_fractional(seg) else 0)  # highdicom scales fractions to [0, 1]
        ras = nib.as_closest_canonical(nib.Nifti1Image(binary.astype(np.uint8), _LPS_TO_RAS @ np.asarray(volume.affine)))
        affine = ras.affine.copy()
        out[name] = LabelMap(array=np.asarray(ras.dataobj) > 0, affine=affine, spacing=spacing_of(affine),
                             name=name, source=f"{path}#segment={number}")
    return out


def _is_fractional(seg: Any) -> bool:
    return str(getattr(seg, "SegmentationType", "BINARY")).upper() == "FRACTIONAL"
