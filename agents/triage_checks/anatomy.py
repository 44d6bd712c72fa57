"""What a CT volume shows, read from its pixels the way a radiologist glances at a scout.

Each axial slice (canonical RAS: i toward the patient's right, j anterior, k superior) is
classified from simple, explainable features of the body cross-section:

- head: a closed ring of bone (skull, > 300 HU) enclosing most of a cross-section < 250 mm wide,
  or (skull base, face) bone over 12% of a section < 220 mm wide;
- chest: air (< -400 HU) inside the body over >= 15% of its area (the lungs);
- abdomen: a wide (>= 140 mm) cross-section of soft tissue with little air (liver, kidneys, bowel);
- other: narrower sections without lungs or skull (neck, limbs).

The same features tell orientation: the liver makes the upper abdomen heavier on the patient's
right (high i), the heart makes the chest heavier on the left, the spine is posterior (low j), and
the lungs lie above the abdomen (higher k). The analysis runs on a grid of about 4 mm and at most
`MAX_SLICES` slices, so a full-size volume takes well under a second.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy import ndimage

from agents.triage_checks.common import check
from core.case import Evidence
from imaging.volume import Image

Region = Literal["head", "chest", "abdomen", "other"]
Verdict = Literal["ok", "flipped", "unknown"]

BODY_HU = -300.0
"""Tissue threshold: fat (~-100 HU) and everything denser is body, air and lung are not."""
AIR_HU = -400.0
"""Air inside the body (lungs ~-850 HU, bowel gas ~-1000 HU)."""
BONE_HU = 300.0
SOFT_TISSUE_HU = (20.0, 100.0)
"""Organs and muscle (liver ~60, spleen ~50, heart blood ~40 HU)."""
LUNG_SHARE_CHEST = 0.15
HEAD_RING_SHARE = 0.4
HEAD_MAX_WIDTH_MM = 250.0
SKULL_BASE_BONE_SHARE = 0.12
"""Skull base and face: bone over 12% of a section under 220 mm (abdomen ~2%, pelvis wider than 300 mm)."""
SKULL_BASE_MAX_WIDTH_MM = 220.0
ABDOMEN_MIN_WIDTH_MM = 140.0
MIN_BODY_AREA_MM2 = 1500.0
BODY_WIDTH_RANGE_MM = (60.0, 700.0)
"""A whole body cross-section narrower or wider than this means the spacing is wrong."""
LR_THRESHOLD = 0.08
"""|lr score| from which the side of the liver (or heart) counts as seen at all."""
LR_FLIP_THRESHOLD = 0.15
"""|lr score| from which a side opposite to the header's is called a flip. Between the two the
cue is too weak to overrule a header: independent phantoms whose spleen and stomach outweigh
the liver in the upper abdomen score -0.10 in their correct orientation, real slices 0.16+."""
VESSEL_HU = (130.0, 600.0)
"""Contrast-filled blood (aorta ~150-350 HU in venous and arterial phases), below cortical bone."""
AORTA_VETO = 0.25
"""|prevertebral vessel lr| from which the aorta's side counts as seen: the aorta runs left of the
vertebral body and the IVC right of it, whatever the size of the liver and spleen (suite AK's
atrophic liver beside a 855 mL spleen weighed the upper abdomen -0.17 to the left; its aorta
-0.39). Unenhanced scans and generators that draw aorta and IVC alike leave it near 0."""
ABDOMEN_CUE_SHARE = 0.3
"""Abdominal slices from this share on decide left-right by the liver even where lung-base slices outnumber them
(a randomised phantom of our own, 16 lung-base slices over 14 abdominal ones, had been called flipped by the heart's
cue: its lung bases hold the liver dome, not the heart). A chest CT reaching the adrenals shows fewer."""
AP_THRESHOLD = 0.3
GRID_MM = 4.0
MAX_SLICES = 60


@dataclass(frozen=True)
class SliceFacts:
    k: int
    region: Region | None
    """None when the slice holds no body or the body is cut by the field of view."""
    width_mm: float | None
    """Left-right extent of a body cross-section wholly inside the field of view."""
    lr_score: float | None
    """(right - left) / (right + left) of soft tissue about the body's midline."""
    ap_score: float | None
    """(posterior - anterior) / (posterior + anterior) of midline bone."""
    vessel_lr: float | None = None
    """(right - left) / (right + left) of contrast-bright blood just in front of the vertebral body."""


@dataclass(frozen=True)
class Anatomy:
    """Body region and orientation as the pixels show them."""

    shares: dict[str, float]
    """Share of the classified slices per region."""
    region: Region | None
    """Dominant region; None when no slice could be classified."""
    classified: int
    body_width_mm: float | None
    """Median width of whole body cross-sections; None when the body is always cut by the field of view."""
    left_right: Verdict = "unknown"
    superior_inferior: Verdict = "unknown"
    anterior_posterior: Verdict = "unknown"
    details: dict[str, float | int | str] = field(default_factory=dict)

    def covers(self, region: Region, min_share: float = 0.1, min_slices: int = 3) -> bool:
        """Whether a fair part of the volume shows `region`."""
        share = self.shares.get(region, 0.0)
        return share >= min_share or share * self.classified >= min_slices


def analyse(array: np.ndarray, spacing: tuple[float, ...]) -> Anatomy:
    """Classifies the slices of a CT volume in HU (canonical RAS) and judges its orientation."""
    volume = array if array.ndim == 3 else array[:, :, None]
    step_i = _stride(spacing[0], volume.shape[0])
    step_j = _stride(spacing[1], volume.shape[1])
    ks = np.unique(np.linspace(0, volume.shape[2] - 1, min(MAX_SLICES, volume.shape[2])).round().astype(int))
    pixel = (spacing[0] * step_i, spacing[1] * step_j)
    padding = padding_value(volume)
    if padding is not None:
        volume = np.where(volume == padding, np.float32(-1000.0), volume)
    facts = [
        _slice_facts(
            np.nan_to_num(volume[::step_i, ::step_j, k], nan=-1000.0, posinf=-1000.0, neginf=-1000.0), int(k), pixel
        )
        for k in ks
    ]
    return _summarise(facts)


PADDING_SHARE = 0.05
"""One exact value over this share of the voxels may be padding outside the reconstruction, not tissue."""
PADDING_CORNER_SHARE = 0.5
"""...if it also fills a corner of at least this share of the slices: padding lies outside the body."""


def padding_value(volume: np.ndarray) -> float | None:
    """The fixed value a reconstruction pads its corners with (-2048, -3024, 0...), when it is denser than air.

    Tissue is never exactly constant (noise), so a single value covering a large share of a
    strided sample is padding, provided it lies where padding lies: in the corners of the
    slices, outside the body. A CT stored coarsely (uint8 with a slope of 8 HU) concentrates fat
    or water on a few exact values too, but inside the body (nibabel#549). Padding at or below
    the body threshold needs no treatment.
    """
    step = max(1, int(np.ceil((volume.size / 500_000) ** (1 / 3))))
    sample = volume[::step, ::step, ::step]
    values, counts = np.unique(sample[np.isfinite(sample)], return_counts=True)
    if values.size == 0:
        return None
    top = int(np.argmax(counts))
    if counts[top] < PADDING_SHARE * sample.size or values[top] <= BODY_HU:
        return None
    corners = volume[[0, 0, -1, -1], [0, -1, 0, -1], ::step]  # 4 x slices
    if np.mean(np.any(corners == values[top], axis=0)) < PADDING_CORNER_SHARE:
        return None
    return float(values[top])


def _stride(spacing_mm: float, n: int) -> int:
    return int(max(1, min(round(GRID_MM / max(spacing_mm, 1e-6)), n // 64)))


def _slice_facts(s: np.ndarray, k: int, pixel: tuple[float, float]) -> SliceFacts:
    tissue = s > BODY_HU
    labels, n = ndimage.label(tissue)
    if n == 0:
        return SliceFacts(k, None, None, None, None)
    sizes = np.bincount(labels.ravel())[1:]
    body = ndimage.binary_fill_holes(labels == (int(np.argmax(sizes)) + 1))
    area_px = int(body.sum())
    if area_px < max(20, 0.02 * s.size):
        return SliceFacts(k, None, None, None, None)
    edge = np.concatenate([body[0], body[-1], body[:, 0], body[:, -1]])
    cut = edge.mean() > 0.02
    ii, jj = np.nonzero(body)
    width = (ii.max() - ii.min() + 1) * pixel[0]
    width_mm = None if cut else float(width)
    area_mm2 = area_px * pixel[0] * pixel[1]
    air = body & (s < AIR_HU)
    lung_share = air.sum() / area_px
    bone = body & (s > BONE_HU)
    ring = ndimage.binary_fill_holes(ndimage.binary_dilation(bone)) & ~ndimage.binary_dilation(bone)
    ring_share = ring.sum() / area_px
    region: Region | None
    if area_mm2 < MIN_BODY_AREA_MM2:
        region = None
    elif width <= HEAD_MAX_WIDTH_MM and (
        ring_share >= HEAD_RING_SHARE
        or (bone.sum() / area_px >= SKULL_BASE_BONE_SHARE and width <= SKULL_BASE_MAX_WIDTH_MM)
    ):
        region = "head"
    elif lung_share >= LUNG_SHARE_CHEST:
        region = "chest"
    elif cut and width < ABDOMEN_MIN_WIDTH_MM:
        region = None  # a partial field of view already this wide is abdomen; narrower cannot be told
    elif width >= ABDOMEN_MIN_WIDTH_MM:
        region = "abdomen"
    else:
        region = "other"
    if cut:  # the body's midline is not where the cropped section's centre is
        return SliceFacts(k, region, width_mm, None, None)
    mid_i, mid_j = ii.mean(), jj.mean()
    soft = body & (s >= SOFT_TISSUE_HU[0]) & (s <= SOFT_TISSUE_HU[1])
    si, _ = np.nonzero(soft)
    right, left = float((si > mid_i).sum()), float((si < mid_i).sum())
    lr = (right - left) / (right + left) if right + left > 0 else None
    bi, bj = np.nonzero(bone)
    band = np.abs(bi - mid_i) * pixel[0] <= 0.15 * width
    post, ant = float((bj[band] < mid_j).sum()), float((bj[band] > mid_j).sum())
    ap = (post - ant) / (post + ant) if post + ant >= 3 else None
    vessel = _prevertebral_vessel_lr(s, bone, (mid_i, mid_j), width, pixel) if region == "abdomen" else None
    return SliceFacts(k, region, width_mm, lr, ap, vessel)


def _prevertebral_vessel_lr(
    s: np.ndarray, bone: np.ndarray, centre: tuple[float, float], width: float, pixel: tuple[float, float]
) -> float | None:
    """Side of the contrast-bright blood within 40 mm in front of the vertebral body (+1 right, -1 left).

    The vertebral body is the largest midline bone behind the body's centre; the box in front of
    it (40 mm deep, 45 mm to each side) holds the aorta (left) and the IVC (right). None when no
    vertebral body or too little bright blood (< 50 mm2, an unenhanced scan) is seen.
    """
    labels, n = ndimage.label(bone)
    best: tuple[int, float, int] | None = None
    for c, piece in enumerate(ndimage.find_objects(labels), start=1):
        ci, cj = np.nonzero(labels[piece] == c)
        ci, cj = ci + piece[0].start, cj + piece[1].start
        if (ci.size * pixel[0] * pixel[1] < 150.0 or abs(ci.mean() - centre[0]) * pixel[0] > 0.1 * width
                or cj.mean() > centre[1]):  # fmt: skip
            continue
        if best is None or ci.size > best[0]:
            best = (ci.size, float(ci.mean()), int(cj.max()))
    if best is None:
        return None
    _, vi, front = best
    ii, jj = np.meshgrid(np.arange(s.shape[0]), np.arange(s.shape[1]), indexing="ij")
    box = (jj > front) & ((jj - front) * pixel[1] <= 40.0) & (np.abs(ii - vi) * pixel[0] <= 45.0)
    blood = box & (s >= VESSEL_HU[0]) & (s <= VESSEL_HU[1]) & ~ndimage.binary_dilation(bone, iterations=2)
    if blood.sum() * pixel[0] * pixel[1] < 50.0:
        return None
    bi = np.nonzero(blood)[0]
    right, left = float((bi > vi).sum()), float((bi < vi).sum())
    return (right - left) / (right + left) if right + left else None


def _summarise(facts: list[SliceFacts]) -> Anatomy:
    classified = [f for f in facts if f.region is not None]
    counts = {r: sum(f.region == r for f in classified) for r in ("head", "chest", "abdomen", "other")}
    total = len(classified)
    shares = {r: c / total for r, c in counts.items() if c} if total else {}
    region = max(shares, key=lambda r: (shares[r], r == "abdomen")) if shares else None
    widths = [f.width_mm for f in facts if f.width_mm is not None]
    body_width = float(np.median(widths)) if widths else None
    si, si_detail = _superior_inferior(classified)
    lr, lr_detail = _left_right(classified, si)
    ap, ap_detail = _anterior_posterior(classified)
    details = {"slices_classified": total, **si_detail, **lr_detail, **ap_detail}
    return Anatomy(shares, region, total, body_width, lr, si, ap, details)


def _superior_inferior(facts: list[SliceFacts]) -> tuple[Verdict, dict[str, float]]:
    """Lungs lie above the abdomen, the head above the chest and abdomen."""
    for upper, lower in (("chest", "abdomen"), ("head", "chest"), ("head", "abdomen")):
        up = [f.k for f in facts if f.region == upper]
        low = [f.k for f in facts if f.region == lower]
        if len(up) >= 2 and len(low) >= 2:
            gap = float(np.mean(up) - np.mean(low))
            detail = {f"{upper}_minus_{lower}_k": round(gap, 1)}
            return ("ok" if gap > 0 else "flipped"), detail
    return "unknown", {}


def _left_right(facts: list[SliceFacts], si: Verdict) -> tuple[Verdict, dict[str, float]]:
    """The liver weighs the upper abdomen to the right; the heart weighs the mid-chest to the left.

    Only the cue of the dominant region is used: lung-base slices of an abdominal CT hold the
    liver dome, not the heart, and would mislead the chest cue.
    """
    if si == "flipped":
        return "unknown", {}
    counts = Counter(f.region for f in facts)
    dominant = counts.most_common(1)[0][0] if counts else None
    if dominant == "chest" and counts["abdomen"] >= ABDOMEN_CUE_SHARE * sum(counts.values()):
        dominant = "abdomen"  # an abdominal scan reaching high into the lung bases: their slices hold the liver dome
    if dominant == "abdomen":
        abdomen = sorted((f for f in facts if f.region == "abdomen" and f.lr_score is not None), key=lambda f: f.k)
        scores, name, right_is_ok = [f.lr_score for f in abdomen[len(abdomen) // 2 :]], "upper_abdomen_lr", True
    elif dominant == "chest":
        chest = sorted((f for f in facts if f.region == "chest" and f.lr_score is not None), key=lambda f: f.k)
        third = len(chest) // 3
        scores, name, right_is_ok = [f.lr_score for f in chest[third : len(chest) - third]], "mid_chest_lr", False
    else:
        return "unknown", {}
    if not scores:
        return "unknown", {}
    score = float(np.mean(scores))
    if abs(score) < LR_THRESHOLD:
        return "unknown", {name: round(score, 3)}
    ok = (score > 0) == right_is_ok
    detail: dict[str, float] = {name: round(score, 3)}
    if not ok and dominant == "abdomen":
        vessels = [f.vessel_lr for f in facts if f.region == "abdomen" and f.vessel_lr is not None]
        aorta = float(np.mean(vessels)) if vessels else None
        if aorta is not None:
            detail["prevertebral_vessel_lr"] = round(aorta, 3)
        if abs(score) < LR_FLIP_THRESHOLD or (aorta is not None and aorta <= -AORTA_VETO):
            return "unknown", detail  # too weak, or the aorta lies on the left where it belongs
    return ("ok" if ok else "flipped"), detail


def _anterior_posterior(facts: list[SliceFacts]) -> tuple[Verdict, dict[str, float]]:
    """The spine is the posterior midline bone of the chest and abdomen."""
    scores = [f.ap_score for f in facts if f.region in ("chest", "abdomen") and f.ap_score is not None]
    if not scores:
        return "unknown", {}
    score = float(np.median(scores))
    verdict: Verdict = "ok" if score >= AP_THRESHOLD else "flipped" if score <= -AP_THRESHOLD else "unknown"
    return verdict, {"midline_bone_ap": round(score, 3)}


def orientation_check(image: Image, anatomy: Anatomy | None, target: str, label: str) -> Evidence:
    """A volume must carry its orientation, and the anatomy must sit where the header says."""
    if image.array.ndim == 2 or (image.affine is None and not image.meta.get("has_orientation")):
        return check("orientation", target, True, f"{label}: a 2D image; no patient orientation to check")
    if not image.meta.get("has_orientation", image.affine is not None):
        return check(
            "orientation",
            target,
            False,
            f"{label}: the header carries no orientation (NIfTI qform and sform codes are 0): "
            "left and right cannot be told",
            value="missing",
        )
    if anatomy is None:
        return check("orientation", target, True, f"{label}: orientation from the header", value="header")
    flips = []
    if anatomy.left_right == "flipped":
        flips.append("left-right flipped (the liver lies on the patient's left, or the heart on the right)")
    if anatomy.superior_inferior == "flipped":
        flips.append("superior-inferior flipped (the lungs lie below the abdomen)")
    if anatomy.anterior_posterior == "flipped":
        flips.append("anterior-posterior flipped (the spine lies in front)")
    verdicts = {
        "left_right": anatomy.left_right,
        "superior_inferior": anatomy.superior_inferior,
        "anterior_posterior": anatomy.anterior_posterior,
    }
    if flips:
        return check(
            "orientation",
            target,
            False,
            f"{label}: " + "; ".join(flips),
            value="flipped",
            **verdicts,
            **anatomy.details,
        )
    agreed = [axis.replace("_", "-") for axis, v in verdicts.items() if v == "ok"]
    shown = f"anatomy agrees ({', '.join(agreed)})" if agreed else "anatomy cannot confirm it"
    return check(
        "orientation",
        target,
        True,
        f"{label}: orientation from the header; {shown}",
        value="header",
        **verdicts,
        **anatomy.details,
    )


LATERAL_TASKS = frozenset({"kidney volume comparison", "bilateral kidney asymmetry"})
_LATERAL_WORDS = re.compile(r"\b(left|right|which (kidney|side|adrenal|lung)|laterality|on which side)\b", re.I)


def asks_laterality(task: str, organs: tuple[str, ...], question: str | None) -> bool:
    """Whether the answer names or depends on a side of the patient (left kidney, which kidney...)."""
    return (task in LATERAL_TASKS or any(o.endswith(("_left", "_right")) for o in organs)
            or bool(_LATERAL_WORDS.search(question or "")))


def laterality_check(image: Image, anatomy: Anatomy | None, lateral: bool, target: str, label: str) -> Evidence | None:
    """Left and right confirmed by the header, or by the anatomy when the header is ambiguous.

    A NIfTI file whose qform and sform disagree on left-right is a finding. A question that
    depends on laterality is then refused unless the anatomy (liver on the right, heart on the
    left) confirms the orientation the file is read with; other questions go on, with the finding.
    """
    finding = image.meta.get("qform_sform")
    if not finding:
        return None
    confirmed = anatomy is not None and anatomy.left_right == "ok"
    if not image.meta.get("qform_sform_lr") or confirmed:
        how = "the anatomy confirms left and right" if confirmed else "they agree on left and right"
        return check("laterality", target, True, f"{label}: {finding}; {how}", severity="warning", value="confirmed")
    if lateral:
        return check("laterality", target, False, f"{label}: {finding}, and they disagree on which side is the "
                     "patient's left; the anatomy cannot confirm it, so a question about left or right cannot be answered",
                     value="unconfirmed")
    return check("laterality", target, None, f"{label}: {finding}, and they disagree on left and right; questions "
                 "about laterality would be refused", severity="warning", value="unconfirmed")
