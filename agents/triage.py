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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime

from agents.triage_checks.anatomy import Anatomy, analyse, orientation_check
from agents.triage_checks.common import check, is_blocking_failure
from agents.triage_checks.consistency import ImageKeys, multi_image_check
from agents.triage_checks.files import Peek, display_name, peek, readable_size
from agents.triage_checks.needs import Needs, make_plan, needs_of, question_fit_check, region_check, track_of
from agents.triage_checks.pixels import dimensionality_check, integrity_check, modality_check, spacing_check
from core.case import Case, Evidence, ImageRef
from core.config import Config
from core.context import Context
from core.state import CaseState, Intent, Track
from imaging.volume import Image, ImageReadError, read_image
from privacy.deid import pseudonym, scrub_case, scrub_text


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
    peeks = [peek(ref.path, config.max_image_bytes) for ref in case.images]
    known = sorted({ident for p in peeks for ident in p.identifiers})
    clean, removed = scrub_case(case, known)
    evidence = [
        check(
            "identifiers_removed",
            "case",
            True,
            f"{sum(removed.values())} identifier(s) removed from the free text",
            value=sum(removed.values()),
            unit="count",
            found=removed,
        )
    ]
    hint = clean.task_hint if runtime.context.config.use_subtype_hint else None
    intent = _understand(runtime.context, clean.question, clean.choices, hint)
    needs = needs_of(intent)
    images: dict[str, str] = {}
    keys: list[ImageKeys] = []
    tracks: list[tuple[str, Track]] = []
    counters: Counter[str] = Counter()
    for ref, header in zip(case.images, peeks, strict=True):
        key = f"{ref.role}:{counters[ref.role]}"
        counters[ref.role] += 1
        result = triage_image(ref, header, key, config, needs, known)
        evidence += result.evidence
        if result.image is None:
            continue
        images[key] = store.put("img", key, result.image)
        meta = result.image.meta
        keys.append(ImageKeys(key, _label(ref, key), ref.role, meta.get("patient_key"), meta.get("study_uid")))
        if result.track is not None:
            tracks.append((ref.role, result.track))
    evidence += _case_checks(clean, needs, keys)
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
    """Question understanding: a callable under `context.backends["understanding"]`, else the default.

    The default is imported here, so triage loads without it and a benchmark or a test can supply
    labelled intents instead. `hint` is the case's `task_hint`, passed only when
    `Config.use_subtype_hint` is set: the task is then taken as given, the entities still read.
    """
    custom = context.backends.get("understanding")
    if custom is not None:
        return custom(question, choices)
    from questions.understanding import understand

    return understand(question, choices, hint_subtype=hint)


def _label(ref: ImageRef, key: str) -> str:
    return f"{display_name(ref.path)} ({key})"


def triage_image(ref: ImageRef, header: Peek, key: str, config: Config, needs: Needs, known: list[str]) -> ImageTriage:
    """Every check of one image, in the order a reader would notice the problems."""
    label = _label(ref, key)
    out = ImageTriage()
    size = _size_check(header, config.max_image_bytes, key, label)
    if size is not None:
        out.evidence.append(size)
        if not size.passed:
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
    out.image = image
    out.evidence.append(check("readable", key, True, f"{label}: read ({image.meta.get('format', 'image')})"))
    out.evidence.append(integrity_check(image, key, label))
    modality_ev, modality, stats = modality_check(image, ref.modality, key, label)
    out.evidence += [modality_ev, dimensionality_check(image, modality, key, label)]
    anatomy = _anatomy(image, modality)
    out.evidence += [
        spacing_check(image, anatomy.body_width_mm if anatomy else None, key, label),
        orientation_check(image, anatomy, key, label),
    ]
    if ref.role == "current" and needs.images:
        out.evidence += [
            region_check(needs, anatomy, image, key, label),
            question_fit_check(needs, image, modality, stats, key, label),
        ]
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
    """A reader's error without the folders above the file and without identifiers."""
    base = str(Path(path))
    message = message.replace(base, display_name(path))
    message = _ABSOLUTE_PATH.sub(r"\1", message)
    message = message.removeprefix(f"{display_name(path)}: ")  # the label already names the file
    return scrub_text(message, known).text


def _case_checks(case: Case, needs: Needs, keys: list[ImageKeys]) -> list[Evidence]:
    out: list[Evidence] = []
    if not case.images:
        if case.question is None:
            out.append(check("images_present", "case", False, "the case has neither images nor a question", value=0))
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
