"""Several images of one case: one patient, and the current images from one study.

Keys are the pseudonyms triage puts in `Image.meta` (never raw identifiers). Evidence names
patients and studies by letters in order of appearance (A, B, ...), so it says who differs
without saying who anyone is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np

from agents.triage_checks.common import check
from core.case import Evidence


@dataclass(frozen=True)
class ImageKeys:
    """One read image as the consistency check sees it."""

    key: str
    """`current:0`, `prior:1`..."""
    label: str
    """File name and key, as reasons show it."""
    role: str
    patient: str | None
    study: str | None
    acquired: date | None = None
    """The acquisition date the case gives (`ImageRef.acquired`)."""
    same_voxels_as: ImageKeys | None = None
    """An earlier-listed image whose voxels this one repeats exactly (`identical_voxels`)."""


def identical_voxels(arrays: list[np.ndarray]) -> list[int | None]:
    """For each array, the index of an earlier one with the same shape and every voxel equal; else None.

    Two acquisitions never match voxel for voxel (noise alone differs), so a match is one study
    handed in twice: exported again under another date or name, copied as its own prior.
    """
    found: list[int | None] = []
    for i, array in enumerate(arrays):
        found.append(next((j for j in range(i) if arrays[j].shape == array.shape
                           and np.array_equal(arrays[j], array)), None))
    return found


def multi_image_check(images: list[ImageKeys]) -> Evidence | None:
    """All images from one patient; all current images from one study; priors from another study."""
    if len(images) < 2:
        return None
    problems, warnings = [], []
    patients = _letters([im.patient for im in images])
    studies = _letters([im.study for im in images])
    odd = _odd_ones([im for im in images if im.patient], lambda im: im.patient)
    if odd:
        problems.append(_describe(odd, images, "patient"))
    current = [im for im in images if im.role == "current" and im.study]
    odd_study = _odd_ones(current, lambda im: im.study)
    if odd_study:
        problems.append(_describe(odd_study, current, "study") + " (current images should be one study)")
    problems += _date_order(images)
    problems += [f"{im.label} holds the same voxels as {im.same_voxels_as.label} (identical pixel data): one study "
                 "given twice, and a study compared with itself shows no change; give each study once"
                 for im in images if im.same_voxels_as and "prior" in (im.role, im.same_voxels_as.role)]
    current_studies = {im.study for im in current}
    for prior in (im for im in images if im.role == "prior" and im.study in current_studies):
        warnings.append(f"{prior.label} is a prior from the same study as the current image")
    provenance = {
        "patients": dict(zip([im.key for im in images], patients, strict=True)),
        "studies": dict(zip([im.key for im in images], studies, strict=True)),
    }
    if problems:
        return check("multi_image", "case", False, "; ".join(problems), value=len(images), **provenance)
    if warnings:
        return check(
            "multi_image", "case", False, "; ".join(warnings), severity="warning", value=len(images), **provenance
        )
    known = sum(im.patient is not None for im in images)
    if known < 2:
        return check(
            "multi_image",
            "case",
            None,
            f"{len(images)} images; their headers carry no patient or study keys to compare",
            severity="warning",
            value=len(images),
            **provenance,
        )
    return check(
        "multi_image",
        "case",
        True,
        f"{len(images)} images of one patient; current images from one study",
        value=len(images),
        **provenance,
    )


def _date_order(images: list[ImageKeys]) -> list[str]:
    """A prior acquired after the current study: the roles are swapped or a date is wrong.

    Which image is the earlier one decides every change over time (a new lesion or a resolved
    one, growth or shrinkage), so a case whose prior is dated after its current study is refused
    rather than answered in either order.
    """
    current = [im.acquired for im in images if im.role == "current" and im.acquired]
    if not current:
        return []
    latest = max(current)
    return [f"{im.label} is a prior acquired {im.acquired.isoformat()}, after the current study "
            f"({latest.isoformat()}): a prior must precede the current study; check which study is which"
            for im in images if im.role == "prior" and im.acquired and im.acquired > latest]


def _letters(keys: list[str | None]) -> list[str | None]:
    names: dict[str, str] = {}
    for key in keys:
        if key is not None and key not in names:
            names[key] = chr(ord("A") + len(names) % 26)
    return [names.get(k) if k is not None else None for k in keys]


def _odd_ones(images: list[ImageKeys], key) -> list[ImageKeys]:
    """Images whose key differs from the majority; all of them when there is no majority."""
    counts = Counter(key(im) for im in images)
    if len(counts) < 2:
        return []
    (top, n), (_, second) = counts.most_common(2)
    if n == second:
        return images
    return [im for im in images if key(im) != top]


def _describe(odd: list[ImageKeys], group: list[ImageKeys], what: str) -> str:
    others = [im.label for im in group if im not in odd]
    if not others:
        return f"{', '.join(im.label for im in odd)} are from different {'studies' if what == 'study' else what + 's'}"
    return f"{', '.join(im.label for im in odd)} from a different {what} than {', '.join(others)}"
