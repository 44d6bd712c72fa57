"""Triage: the gate a case passes before any model sees it.

In order: identifiers are scrubbed from the case's free text (the scrubbed case replaces the
original in the state, so prompts, logs and traces never see them); the question is read into
an intent; each image is size-checked from its header, read, stored, and checked as a
radiologist would before reading (integrity, modality, dimensionality, spacing, orientation,
body region, what the question needs); several images are checked for one patient and study.
Every check is an evidence item `check:{target}:{name}` with `provenance["severity"]`; any
failed blocking check rejects the case with reasons naming the file and the problem. Triage
also picks the track and the plan (which agents the question needs). See docs/triage.md.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from langgraph.runtime import Runtime

from agents.triage_checks.anatomy import Anatomy, analyse, asks_laterality, laterality_check, orientation_check
from agents.triage_checks.common import check, is_blocking_failure
from agents.triage_checks.consistency import ImageKeys, identical_voxels, multi_image_check
from agents.triage_checks.files import Peek, display_name, peek, readable_size
from agents.triage_checks.masks import mask_geometry_check, mask_laterality, masks_against_pixels, pixels_overrule_masks
from agents.triage_checks.needs import (
    Needs,
    make_plan,
    needs_of,
    question_fit_check,
    region_check,
    track_of,
    without_images,
)
from agents.triage_checks.pixels import dimensionality_check, modality_check
from agents.triage_checks.slices import integrity_check, spacing_check
from agents.triage_checks.stated import answerable_from_stated, stated_evidence, stated_intent
from core.case import Case, Evidence, ImageRef
from core.config import Config
from core.context import Context
from core.state import CaseState, Intent, Track
from imaging.volume import Image, ImageReadError, read_image
from privacy.deid import (
    MAX_TEXT_CHARS,
    key_identifies,
    names_someone,
    pseudonym,
    remove_known,
    scrub_case,
    withheld_fields,
)


@dataclass
class ImageTriage:
    """What triage learnt about one image."""

    evidence: list[Evidence] = field(default_factory=list)
    image: Image | None = None
    """The image read, with de-identified meta; None when it could not or should not be read."""
    track: Track | None = None


def node(state: CaseState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Validates the case, removes identifiers, and decides the track and the plan."""
    config, store = runtime.context.config, runtime.context.store
    case = state.case
    paths = [runtime.context.real_path(ref.path) for ref in case.images]
    peeks = [runtime.context.headers.get(path) or peek(path, config.max_image_bytes) for path in paths]
    known = sorted({ident for p in peeks for ident in p.identifiers})
    clean, again = scrub_case(case, known)
    removed = Counter(state.identifiers_removed) + Counter(again)  # scrubbed before the state, then header values
    evidence = [
        check(
            "identifiers_removed",
            "case",
            True,
            f"{sum(removed.values())} identifier(s) removed from the free text",
            value=sum(removed.values()),
            unit="count",
            found=dict(removed),
        )
    ]
    if key_identifies(case.case_id):  # a warning, not a failure: the answer stands
        evidence.append(check("case_id", "case", None, "the case id looks like it holds an identifier (a record number, "
                              "a date or a name): reports, FHIR and DICOM SEG name the case by a pseudonym; "
                              "result.json keeps the id as given", severity="warning"))
    withheld = withheld_fields(clean)
    if withheld:
        evidence.append(
            check(
                "text_length",
                "case",
                False,
                f"{', '.join(withheld)}: longer than {MAX_TEXT_CHARS} characters; not read",
                value=len(withheld),
                unit="count",
            )
        )
    hint = clean.task_hint if runtime.context.config.use_subtype_hint else None
    intent = _understand(runtime.context, clean.question, clean.choices, hint)
    stated = stated_evidence(clean.question) if not case.images else []
    if not case.images and not answerable_from_stated(intent, stated):
        intent = without_images(intent, clean.question)
    if answerable_from_stated(intent, stated):
        intent = stated_intent(intent, stated)
        evidence += stated
    needs = needs_of(intent)
    images: dict[str, str] = {}
    keys: list[ImageKeys] = []
    tracks: list[tuple[str, Track]] = []
    counters: Counter[str] = Counter()
    read: dict[str, np.ndarray] = {}
    for ref, path, header in zip(case.images, paths, peeks, strict=True):
        key = f"{ref.role}:{counters[ref.role]}"
        counters[ref.role] += 1
        result = triage_image(
            ref.model_copy(update={"path": path, "masks": runtime.context.real_path(ref.masks) if ref.masks else None}),
            header, key, config, needs, known, _label(path, key, known),
            asks_laterality(intent.task, needs.organs, clean.question),
        )
        evidence += result.evidence
        if result.image is None:
            continue
        images[key] = store.put("img", key, result.image)
        read[key] = result.image.array
        meta = result.image.meta
        keys.append(ImageKeys(key, _label(path, key, known), ref.role, meta.get("patient_key"), meta.get("study_uid"),
                              ref.acquired))
        if result.track is not None:
            tracks.append((ref.role, result.track))
    if len(read) > 1:
        twins = identical_voxels(list(read.values()))
        keys = [replace(k, same_voxels_as=keys[j]) if j is not None else k for k, j in zip(keys, twins, strict=True)]
    evidence += _case_checks(clean, needs, keys, answerable_from_stated(intent, stated))
    track = next((t for role, t in tracks if role == "current"), tracks[0][1] if tracks else "other")
    update: dict[str, Any] = {
        "case": clean,
        "evidence": evidence,
        "images": images,
        "track": track,
        "plan": make_plan(intent, needs, bool(images), track),
    }
    blocking = [e for e in evidence if is_blocking_failure(e)]
    if blocking:
        update |= {"status": "rejected", "reasons": [e.reason or e.id for e in blocking]}
    return update


def _understand(context: Context, question: str | None, choices: dict[str, str] | None,
                hint: str | None = None) -> Intent:
    """Question understanding: the context's `understanding` capability (a benchmark or a test may
    supply labelled intents under `backends["understanding"]`; the default loads on first use).

    `hint` is the case's `task_hint`, passed only when `Config.use_subtype_hint` is set: the task
    is then taken as given, the entities still read.
    """
    understand: Any = context.understanding
    return understand(question, choices, hint_subtype=hint) if hint else understand(question, choices)


def _label(path: str, key: str, known: list[str]) -> str:
    return f"{safe_name(path, known)} ({key})"


def triage_image(
    ref: ImageRef, header: Peek, key: str, config: Config, needs: Needs, known: list[str], label: str,
    lateral: bool = False,
) -> ImageTriage:
    """Every check of one image, in the order a reader would notice the problems."""
    out = ImageTriage()
    size = _size_check(header, config.max_image_bytes, key, label)
    if size is not None:
        out.evidence.append(size)
        if not size.passed:
            return out
    if header.problem is not None:
        out.evidence.append(check("file_safety", key, False, f"{label}: {header.problem}"))
        return out
    if header.is_image_object is False:
        out.evidence.append(
            check(
                "modality",
                key,
                False,
                f"{label}: a DICOM {header.sop_class} object ({header.modality}), not an image "
                "to read; give segmentations as the image's `masks`",
                value=header.modality,
            )
        )
        return out
    try:
        image = read_image(ref.path, ref.modality)
    except ImageReadError as exc:
        out.evidence.append(check("readable", key, False, f"{label}: {_clean_message(str(exc), ref.path, known)}"))
        return out
    _deidentify_meta(image)
    image.source = label  # no folder above the file, no file named after the patient
    out.image = image
    notes = image.meta.get("read_notes") or []  # what the reader did that the file did not say
    out.evidence.append(check("readable", key, True, f"{label}: read ({image.meta.get('format', 'image')})"
                              + "".join(f"; {note}" for note in notes), **({"severity": "warning"} if notes else {})))
    if image.meta.get("dropped_localizers"):
        n = image.meta["dropped_localizers"]
        out.evidence.append(check("series", key, True, f"{label}: {n} localizer image(s) dropped from the series",
                                  severity="warning", value=n))
    out.evidence.append(integrity_check(image, key, label))
    modality_ev, modality, stats = modality_check(image, ref.modality, key, label)
    out.evidence += [modality_ev, dimensionality_check(image, modality, key, label)]
    anatomy = _anatomy(image, modality)
    geometry = mask_geometry_check(ref.masks, image, key, label) if ref.masks else None
    if anatomy is not None and geometry is not None:  # the provided liver and spleen masks show left and right best
        verdict, offset = mask_laterality(geometry, image)
        if verdict == "flipped" and anatomy.left_right == "ok" and pixels_overrule_masks(anatomy):  # the pixels side
            # clearly with the header: a mask is wrong
            geometry = masks_against_pixels(geometry, offset, key, label)
        elif verdict != "unknown":
            anatomy = replace(anatomy, left_right=verdict,
                              details={**anatomy.details, "liver_right_of_spleen_mm": offset or 0.0})
    out.evidence += [
        spacing_check(image, anatomy.body_width_mm if anatomy else None, key, label),
        orientation_check(image, anatomy, key, label),
    ]
    laterality = laterality_check(image, anatomy, lateral, key, label)
    if laterality is not None:
        out.evidence.append(laterality)
    if geometry is not None:
        out.evidence.append(geometry)
    if ref.role == "current" and needs.images:
        out.evidence += [
            region_check(needs, anatomy, image, key, label),
            question_fit_check(needs, image, modality, stats, key, label),
        ]
    elif ref.role == "current" and not needs.in_scope and image.array.ndim < 3:  # no task answers it; a picture first
        out.evidence.append(question_fit_check(needs, image, modality, stats, key, label))
    if str(image.meta.get("burned_in_annotation") or "").upper() == "YES":
        out.evidence.append(
            check(
                "burned_in_annotation",
                key,
                False,
                f"{label}: BurnedInAnnotation=YES: the pixels may show identifiers and are not sent to a "
                "vision-language backend",
                severity="warning",
                value="YES",
            )
        )
    out.track = track_of(modality, anatomy, image)
    return out


def _size_check(header: Peek, limit: int, key: str, label: str) -> Evidence | None:
    """File size on disk and decoded size from the header, both before any pixel is read."""
    if header.kind == "missing":
        return None  # the reader names a missing file
    if header.disk_bytes > limit:
        return check(
            "file_size",
            key,
            False,
            f"{label}: {readable_size(header.disk_bytes)} on disk exceeds the limit of {readable_size(limit)}; "
            "not read",
            value=header.disk_bytes,
            unit="B",
        )
    if header.decoded_bytes is not None and header.decoded_bytes > limit:
        return check(
            "file_size",
            key,
            False,
            f"{label}: its header announces {readable_size(header.decoded_bytes)} of pixels, over the limit "
            f"of {readable_size(limit)}; not read",
            value=header.decoded_bytes,
            unit="B",
        )
    return check(
        "file_size",
        key,
        True,
        f"{label}: {readable_size(header.disk_bytes)} on disk",
        value=header.disk_bytes,
        unit="B",
    )


def _anatomy(image: Image, modality: str | None) -> Anatomy | None:
    if modality != "CT" or image.array.ndim != 3 or image.spacing is None:
        return None
    return analyse(image.array, image.spacing)


def _deidentify_meta(image: Image) -> None:
    """Patient, study and series keys become pseudonyms before the image is stored."""
    for name, kind in (("patient_key", "patient"), ("study_uid", "study"), ("series_uid", "series")):
        if image.meta.get(name):
            image.meta[name] = pseudonym(str(image.meta[name]), kind)
    image.meta["pixels_shareable"] = str(image.meta.get("burned_in_annotation") or "").upper() != "YES"


_ABSOLUTE_PATH = re.compile(r"(?:/[^\s/:'\"()]+)+/([^\s/:'\"()]+)")


def _clean_message(message: str, path: str, known: list[str]) -> str:
    """A reader's error without the folders above the file and without identifiers.

    Only the case's header identifiers are removed: a reader's message keeps its numbers
    (``expected 1000000000 bytes``), which free-text rules would take for record numbers.
    """
    base = str(Path(path))
    message = message.replace(base, "").removeprefix(": ")
    message = _ABSOLUTE_PATH.sub(r"\1", message)
    return remove_known(message, known)


def safe_name(path: str, known: list[str]) -> str:
    """The file's or folder's own name, or a pseudonym (``file-1a2b3c4d``) when the name may carry an identifier.

    A DICOM export names series folders and files after the patient (``DOE^JOHN_MRN123456/``, ``SMITH^ANNA.dcm``):
    a name holding the DICOM person-name separator ``^`` is never shown, whether or not the identifier rules
    recognise the name; nor is one holding a header identifier, an identifier's shape or a person's name.
    """
    name = display_name(path)
    spaced = re.sub(r"[_^.\-]+", " ", name)
    if "^" in name or names_someone(spaced, known):
        return pseudonym(str(Path(path).resolve()), "file")[:13]
    return name


def _case_checks(case: Case, needs: Needs, keys: list[ImageKeys], stated: bool = False) -> list[Evidence]:
    out: list[Evidence] = []
    if not case.images:
        if case.question is None:
            out.append(check("images_present", "case", False, "the case has neither images nor a question", value=0))
        elif stated:
            out.append(check("images_present", "case", True, "no image: the question states the measurement it "
                             "needs, and the criterion is applied to the stated value", value=0))
        elif needs.images:
            out.append(
                check("images_present", "case", False, "the question is about an image but the case has none", value=0)
            )
        else:
            out.append(check("images_present", "case", True, "a knowledge question; no image needed", value=0))
    multi = multi_image_check(keys)
    if multi is not None:
        out.append(multi)
    return out
