"""`measure_case`: every measurement a case's masks allow, as evidence and findings.

Input is canonical RAS (`imaging.volume`), sizes come from the header spacing, and every
mask must lie on the image grid. The result does not depend on how the file was oriented,
because readers bring every volume to canonical RAS before anything is measured.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from agents.measures import lesions as lz
from agents.measures.contact import CONTACT_REACH_MM, organ_contact, record_contact
from agents.measures.errors import GridMismatchError, MeasurementError, MissingSpacingError
from agents.measures.geometry import Box, bounding_box, intersect
from agents.measures.longitudinal import record_lesion_change, record_recist, record_volume_change
from agents.measures.organs import OrganStats, organ_stats
from agents.measures.recist import evaluate
from agents.measures.record import Recorder
from agents.measures.report import record_derived, record_groups, record_organs, record_segments
from agents.measures.resample import IsoGrid
from agents.measures.vessels import CONTACT_GROUPS, VESSEL_CONTACTS, vessel_contacts
from agents.measures.vocabulary import (
    LESION_GROUPS,
    LESION_MASKS,
    ORGANS,
    RATIOS,
    SUBSEGMENTS,
    TYPED_LESION_MASKS,
    LesionGroup,
    group_of,
    is_lesion,
    is_subsegment,
)
from core.case import Evidence, Finding
from imaging.volume import Image, LabelMap

_RECIST_TARGETS = ("target_lesions", "new_lesions", "recist")
NOT_NEIGHBOURS = ("body",)
"""Masks that contain everything (the body outline): never reported as adjacent."""
LESION_SUBTYPE = re.compile(r"(pdac|pnet|tumou?r|cyst|lesion|metasta\w*)$")
"""Lesion masks by kind (AbdomenAtlas 3.0 `pancreatic_pdac`, `liver_cyst`): never an organ's neighbour."""
DEFAULT_ADJACENCY_MM = 5.0
"""A lesion is adjacent to an organ with a voxel centre within this distance (mm)."""


@dataclass
class Study:
    """An image with its masks (and the artifact ids they came from), e.g. a prior study."""

    image: Image
    masks: Mapping[str, LabelMap]
    image_id: str | None = None
    mask_ids: Mapping[str, str] = field(default_factory=dict)
    acquired: str | None = None
    """Acquisition date (ISO), when known."""


@dataclass
class _Measured:
    organs: dict[str, OrganStats]
    groups: dict[LesionGroup, list[lz.Lesion]]
    """Group -> its lesions ranked largest first (only groups with a lesion mask present)."""


def measure_case(
    image: Image,
    masks: Mapping[str, LabelMap],
    organs: Iterable[str] | None = None,
    prior: Study | None = None,
    *,
    priors: Sequence[Study] = (),
    image_id: str | None = None,
    mask_ids: Mapping[str, str] | None = None,
    adjacency_mm: float = DEFAULT_ADJACENCY_MM,
    resample_mm: float | None = None,
    current_date: str | None = None,
    contact_of: Iterable[str] = (),
    contact_reach_mm: float = CONTACT_REACH_MM,
) -> tuple[list[Evidence], list[Finding]]:
    """Measures a case: organs, sub-segments, lesions, derived ratios and, with a prior, RECIST 1.1.

    Args:
        image: The CT (HU), canonical RAS, with header spacing.
        masks: AbdomenAtlas mask name -> mask on the image grid. A present but empty lesion
            mask means no lesion; an absent one means unknown (nothing is reported).
        organs: Targets to measure (organs, lesion groups, `liver/spleen`, ...); None or empty
            measures everything the masks allow.
        prior: One prior study (the same as `priors=[prior]`).
        priors: Prior studies in date order: the first is the RECIST 1.1 baseline, the others
            follow-ups that set the nadir; organ volume change is measured from the last one.
        image_id: Artifact id of the image for provenance (default: its source path).
        mask_ids: Mask name -> artifact id for provenance (default: each mask's source path).
        adjacency_mm: Distance within which an organ counts as adjacent to a lesion.
        resample_mm: Measure on an isotropic grid of this voxel size (masks nearest, CT linear), as
            the DeepTumorVQA reference does with 1.0; None measures on the native grid. Slice
            indices then refer to the resampled grid.
        current_date: The current study's acquisition date (ISO), recorded beside the prior's in every change's
            provenance so that an interval said in words ("six months since") can be checked.
        contact_of: Organs whose contacts with every other provided structure are measured (`agents.measures.contact`:
            `{organ}.adjacent_organs` and `{structure}.distance_from_{organ}_mm`).
        contact_reach_mm: Distances from those organs are reported up to this; 0 reports contact only (a tool cache
            for every organ of every case).

    Returns:
        Evidence (kind "measurement", agent "measurement") and findings citing it.

    Raises:
        MissingSpacingError: the image or a mask has no 3D voxel size.
        GridMismatchError: a mask is not on the image grid.
    """
    check_inputs(image, masks)
    refs = {name: (mask_ids or {}).get(name) or masks[name].source or name for name in masks}
    grid = {"grid": "native" if resample_mm is None else f"isotropic {resample_mm:g} mm (masks nearest, CT linear)"}
    recorder = Recorder(image_id or image.source or "image", refs, grid)
    image, masks = _on_grid(image, masks, resample_mm)
    spacing = _spacing(image)
    scope = expand_scope(organs, masks)
    measured = _measure(image, masks, scope, spacing, adjacency_mm)
    findings = record_organs(recorder, measured.organs, spacing, [n for n in LESION_MASKS if n in masks])
    segments = [s for parts in SUBSEGMENTS.values() for s in parts if s in masks and s in scope]
    record_segments(recorder, {s: masks[s] for s in segments}, image.voxel_volume_ml)
    record_derived(recorder, measured.organs, masks, scope, image.voxel_volume_ml)
    findings += record_groups(recorder, measured.groups, measured.organs, adjacency_mm)
    structures = {n: m.array for n, m in masks.items() if not is_lesion(n) and not is_subsegment(n)
                  and n not in NOT_NEIGHBOURS and not LESION_SUBTYPE.search(n)}
    for organ in dict.fromkeys(contact_of):
        contact = organ_contact(organ, structures, spacing, contact_reach_mm) if organ in structures else None
        if contact is not None:
            record_contact(recorder, contact)
    studies = [*([prior] if prior is not None else []), *priors]
    if studies:
        findings += _longitudinal(recorder, measured, studies, scope, resample_mm, adjacency_mm, current_date)
    return recorder.evidence, findings


def _longitudinal(recorder: Recorder, measured: _Measured, studies: Sequence[Study], scope: set[str],
                  resample_mm: float | None, adjacency_mm: float, current_date: str | None) -> list[Finding]:
    """RECIST 1.1 against the first study (follow-ups between), organ volume and lesion change from the last."""
    earlier = []
    for study in studies:
        check_inputs(study.image, study.masks)
        image, masks = _on_grid(study.image, study.masks, resample_mm)
        earlier.append(_measure(image, masks, scope, _spacing(image), adjacency_mm))
    thickness = _spacing(studies[0].image)[2]  # measurability is judged on the slices acquired
    result = evaluate(_all_lesions(earlier[0]), _all_lesions(measured), slice_thickness_mm=thickness,
                      followups=[_all_lesions(m) for m in earlier[1:]])
    first, last = studies[0], studies[-1]
    last_ref = last.image_id or last.image.source or "prior"
    now = {"current_date": current_date} if current_date else {}
    findings = record_volume_change(recorder, measured.organs, earlier[-1].organs, last_ref, prior_date=last.acquired,
                                    **now)
    findings += record_lesion_change(recorder, measured.groups, earlier[-1].groups, last_ref, prior_date=last.acquired,
                                     **now)
    return [*findings, record_recist(recorder, result, first.image_id or first.image.source or "prior",
                                     baseline_date=first.acquired, followups=len(studies) - 1, **now)]


def _on_grid(image: Image, masks: Mapping[str, LabelMap], resample_mm: float | None) -> tuple[Image, Mapping[str, LabelMap]]:
    if resample_mm is None:
        return image, masks
    if not resample_mm > 0:
        raise MeasurementError(f"resample_mm={resample_mm!r} must be a positive voxel size in mm")
    grid = IsoGrid.over(image, resample_mm)
    return grid.image(image), {name: grid.mask(mask) for name, mask in masks.items()}


def _spacing(image: Image) -> tuple[float, float, float]:
    assert image.spacing is not None  # check_inputs ran
    return float(image.spacing[0]), float(image.spacing[1]), float(image.spacing[2])


def check_inputs(image: Image, masks: Mapping[str, LabelMap]) -> None:
    """Raises a typed error when sizes cannot be physical or a mask is off the image grid."""
    if image.spacing is None or len(image.spacing) != 3 or image.array.ndim != 3:
        raise MissingSpacingError(f"image {image.source!r} has no 3D voxel spacing (spacing={image.spacing!r}): "
                                  "cannot measure in mm or mL")
    for name, mask in masks.items():
        if mask.spacing is None or len(mask.spacing) != 3 or not all(np.isfinite(s) and s > 0 for s in mask.spacing):
            raise MissingSpacingError(f"mask {name!r} has no usable voxel spacing (spacing={mask.spacing!r})")
        if mask.array.shape != image.array.shape or image.affine is None or not np.allclose(mask.affine, image.affine, atol=1e-3):
            raise GridMismatchError(f"mask {name!r} (shape {mask.array.shape!r}) is not on the grid of image "
                                    f"{image.source!r} (shape {image.array.shape!r}); resample it first")


def expand_scope(targets: Iterable[str] | None, masks: Mapping[str, LabelMap]) -> set[str]:
    """The mask names to measure for the requested targets (all masks when none are named)."""
    names = set(masks)
    wanted = [t for t in (targets or []) if t]
    if not wanted:
        return names | {g.name for g in LESION_GROUPS}
    scope: set[str] = set()
    for target in wanted:
        base = target.split(".")[0]
        if base in _RECIST_TARGETS or base.startswith("target_lesion_"):
            for group in LESION_GROUPS:  # RECIST follows every lesion of every organ
                scope.update(group.organs, group.all_masks, [group.name])
            continue
        parts = base.split("/") if "/" in base else [base]
        for part in parts:
            head, _, tail = part.rpartition("_")
            if tail.isdigit() and group_of(head) is not None and not is_subsegment(part):
                part = head  # one instance, e.g. liver_lesion_1
            scope.add(part)
            group = group_of(part)
            if group is not None:
                scope.update(group.organs, group.all_masks, [group.name])
            for organ, segments in SUBSEGMENTS.items():
                if part == organ or part in segments:
                    scope.update(segments, [organ])
    if "liver" in scope or "pancreas" in scope:
        scope.add("spleen")  # the HU ratios are read against the spleen
    if "kidney_left" in scope or "kidney_right" in scope:
        scope.update(("kidney_left", "kidney_right"))
    return scope & names | {g.name for g in LESION_GROUPS if g.name in scope}


def _measure(image: Image, masks: Mapping[str, LabelMap], scope: set[str], spacing: tuple[float, float, float],
             adjacency_mm: float) -> _Measured:
    ct, voxel_ml = image.array, image.voxel_volume_ml
    lesion_boxes = [(masks[n].array, b) for n in (*LESION_MASKS, *TYPED_LESION_MASKS)
                    if n in masks and (b := bounding_box(masks[n].array)) is not None]

    def lesions_in(box: Box) -> np.ndarray | None:
        """Union of every lesion mask inside `box` (only where a lesion mask has voxels)."""
        union = np.zeros([s.stop - s.start for s in box], dtype=bool)
        for array, own in lesion_boxes:
            common = intersect(box, own)
            if common is not None:
                local = tuple(slice(c.start - b.start, c.stop - b.start) for c, b in zip(common, box, strict=True))
                union[local] |= array[common]
        return union

    structures = sorted((n for n in masks if not is_lesion(n) and not is_subsegment(n)), key=_vocabulary_order)
    needed = {n for n in structures if n in scope}
    for group in LESION_GROUPS:
        if group.name in scope:
            needed.update(o for o in group.organs if o in masks)
    organ_values = {n: organ_stats(masks[n].array, ct, lesions_in, voxel_ml) for n in structures if n in needed}
    groups = {}
    for group in LESION_GROUPS:
        present = [n for n in group.all_masks if n in masks]
        typed = {m: masks[m].array for m in group.typed_masks if m in masks}
        if group.name not in scope or not (present or typed):
            continue
        found: list[lz.Lesion] = []
        for name in present:
            found += lz.measure_lesions(name, masks[name].array, ct, image.affine, spacing, voxel_ml)  # type: ignore[arg-type]
        for name, array in typed.items():  # a typed mask's lesions that the group's own masks do not hold are its own
            found += lz.outside(lz.measure_lesions(name, array, ct, image.affine, spacing, voxel_ml),  # type: ignore[arg-type]
                                [masks[n].array for n in present])
        lz.assign_organs(found, {o: masks[o].array for o in group.organs if o in masks}, organ_values)
        parent = group.parent
        lz.assign_locations(found, {s: masks[s].array for s in SUBSEGMENTS.get(parent or "", ()) if s in masks})
        lz.assign_kinds(found, typed)
        neighbours = {n: masks[n].array for n in structures if n not in group.organs and n not in NOT_NEIGHBOURS}
        lz.assign_neighbours(found, neighbours, spacing, adjacency_mm)
        vessels = {n: masks[n].array for names in VESSEL_CONTACTS.values() for n in names if n in masks}
        if group.name in CONTACT_GROUPS and vessels:
            for lesion in found:
                lesion.vessel_contacts = vessel_contacts(lesion.instance, vessels, spacing)
        groups[group] = lz.rank(found, group.all_masks)
    return _Measured({n: v for n, v in organ_values.items() if n in scope}, groups)


def _vocabulary_order(name: str) -> tuple[int, str]:
    return (ORGANS.index(name) if name in ORGANS else len(ORGANS), name)


def _all_lesions(measured: _Measured) -> Sequence[lz.Lesion]:
    return [lesion for found in measured.groups.values() for lesion in found]


__all__ = ["DEFAULT_ADJACENCY_MM", "RATIOS", "Study", "check_inputs", "expand_scope", "measure_case"]
