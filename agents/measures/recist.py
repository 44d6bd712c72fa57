"""RECIST 1.1 for a current study against a baseline study and any follow-ups between them.

Eisenhauer EA et al., New response evaluation criteria in solid tumours: revised RECIST
guideline (version 1.1), Eur J Cancer 2009;45(2):228-247. Target lesions are chosen on the
baseline: measurable (longest axial diameter >= 10 mm, or twice the slice thickness when
slices are thicker than 5 mm), largest first, at most two per organ and five in all. Each is
followed to the current lesion of the same organ nearest to it in scanner coordinates (the two
studies are assumed to share a frame of reference; no registration is done). The nadir is the
smallest sum of the target diameters on any study from the baseline on (baseline and follow-ups
before the current one). A current lesion that matches no lesion of the baseline or of a follow-up
is new. Simple cysts are left out of every step (section 3.1.2: "lesions that meet the criteria for
radiographically defined simple cysts should not be considered as malignant lesions (neither
measurable nor non-measurable)"): a lesion of a cyst mask (`kidney_cyst`) is never a target, a
non-target or a new lesion.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from agents.measures.lesions import Lesion
from core.anatomy import SIMPLE_CYST_MASKS

Response = Literal["CR", "PR", "SD", "PD"]
CITATION = "Eisenhauer EA et al., RECIST 1.1, Eur J Cancer 2009;45(2):228-247, evaluation of target lesions"
MEASURABLE_MM = 10.0
MAX_TARGETS, MAX_PER_ORGAN = 5, 2
PR_DECREASE_PCT, PD_INCREASE_PCT, PD_INCREASE_MM = -30.0, 20.0, 5.0
RESPONSE_NAMES: dict[Response, str] = {"CR": "complete response", "PR": "partial response",
                                       "SD": "stable disease", "PD": "progressive disease"}


@dataclass(frozen=True)
class TargetLesion:
    """A baseline target lesion and what became of it."""

    number: int
    organ: str
    baseline: Lesion
    current: Lesion | None
    """The matched lesion on the current study; None when it disappeared."""

    @property
    def current_mm(self) -> float:
        return self.current.diameter.longest_mm if self.current is not None else 0.0


@dataclass(frozen=True)
class RecistResult:
    """Target lesions, sums, changes, new lesions and the response with its rule."""

    targets: list[TargetLesion]
    baseline_sum_mm: float
    current_sum_mm: float
    new_lesions: list[Lesion]
    response: Response | None
    rule: str
    """Which rule gave the response, with the numbers."""
    minimum_mm: float
    nadir_sum_mm: float = math.nan
    """Smallest sum on any study from the baseline on, before the current one (NaN: the baseline's)."""
    followup_sums_mm: tuple[float, ...] = ()
    """Sum of the target diameters on each follow-up study between the baseline and the current one."""

    def __post_init__(self) -> None:
        if math.isnan(self.nadir_sum_mm):
            object.__setattr__(self, "nadir_sum_mm", min([self.baseline_sum_mm, *self.followup_sums_mm]))

    @property
    def change_from_baseline_pct(self) -> float | None:
        return 100.0 * (self.current_sum_mm - self.baseline_sum_mm) / self.baseline_sum_mm if self.baseline_sum_mm else None

    @property
    def change_from_nadir_pct(self) -> float | None:
        return 100.0 * (self.current_sum_mm - self.nadir_sum_mm) / self.nadir_sum_mm if self.nadir_sum_mm else None

    @property
    def increase_from_nadir_mm(self) -> float:
        return self.current_sum_mm - self.nadir_sum_mm

    @property
    def max_per_organ(self) -> int:
        organs = [t.organ for t in self.targets]
        return max((organs.count(o) for o in set(organs)), default=0)

MATCH_RADIUS_MM = 20.0
"""A lesion is followed when its centre moved less than this plus half its longest diameter (mm)."""


def measurable_minimum_mm(slice_thickness_mm: float) -> float:
    """10 mm on CT with slices of 5 mm or less, else twice the slice thickness."""
    return MEASURABLE_MM if slice_thickness_mm <= 5.0 else 2.0 * slice_thickness_mm


CYST_MASKS = SIMPLE_CYST_MASKS
"""Lesion masks that annotate simple cysts (AbdomenAtlas), which RECIST 1.1 does not count (one list, in core)."""


def not_simple_cysts(lesions: Sequence[Lesion]) -> list[Lesion]:
    """The lesions RECIST 1.1 may count: every lesion but those of a simple-cyst mask."""
    return [lesion for lesion in lesions if lesion.mask not in CYST_MASKS]


def select_targets(lesions: Sequence[Lesion], minimum_mm: float) -> list[Lesion]:
    """Measurable lesions, longest diameter first, at most two per organ and five in all."""
    chosen: list[Lesion] = []
    for lesion in sorted(lesions, key=lambda x: -x.diameter.longest_mm):
        organ = lesion.organ or lesion.mask
        if lesion.diameter.longest_mm < minimum_mm or sum((x.organ or x.mask) == organ for x in chosen) >= MAX_PER_ORGAN:
            continue
        chosen.append(lesion)
        if len(chosen) == MAX_TARGETS:
            break
    return chosen


def match(baseline: Lesion, candidates: Sequence[Lesion], taken: set[int], radius_mm: float) -> Lesion | None:
    """The current lesion of the same organ nearest to a baseline lesion, within `radius_mm`."""
    best, best_distance = None, math.inf
    for n, lesion in enumerate(candidates):
        if n in taken or (lesion.organ or lesion.mask) != (baseline.organ or baseline.mask):
            continue
        distance = math.dist(lesion.centroid_ras, baseline.centroid_ras)
        if distance <= radius_mm and distance < best_distance:
            best, best_distance = lesion, distance
    if best is not None:
        taken.add(candidates.index(best))
    return best


def evaluate(baseline: Sequence[Lesion], current: Sequence[Lesion], slice_thickness_mm: float,
             match_radius_mm: float = MATCH_RADIUS_MM, followups: Sequence[Sequence[Lesion]] = ()) -> RecistResult:
    """RECIST 1.1 response of `current` against `baseline` (both every lesion of every group).

    Args:
        baseline: Lesions of the baseline (earliest prior) study.
        current: Lesions of the current study.
        slice_thickness_mm: Baseline slice thickness (the axial voxel size), for measurability.
        match_radius_mm: A lesion is followed when its centre moved less than this plus half
            its baseline diameter; a current lesion farther than that from every earlier
            lesion is new.
        followups: Lesions of each study between the baseline and the current one, in date
            order: their target sums give the nadir, their lesions are not new.
    """
    baseline, current = not_simple_cysts(baseline), not_simple_cysts(current)
    followups = [not_simple_cysts(study) for study in followups]
    minimum = measurable_minimum_mm(slice_thickness_mm)
    chosen = select_targets(baseline, minimum)
    followup_sums = []
    for study in followups:
        seen: set[int] = set()
        followup_sums.append(sum(_followed_mm(lesion, study, seen, match_radius_mm) for lesion in chosen))
    taken: set[int] = set()
    targets = []
    for number, lesion in enumerate(chosen, start=1):
        radius = match_radius_mm + lesion.diameter.longest_mm / 2
        targets.append(TargetLesion(number, lesion.organ or lesion.mask, lesion, match(lesion, current, taken, radius)))
    earlier = [lesion for lesion in baseline if all(lesion is not t.baseline for t in targets)]
    earlier += [lesion for study in followups for lesion in study]
    for lesion in earlier:  # non-target and follow-up lesions also explain current ones: they are not new
        match(lesion, current, taken, match_radius_mm + lesion.diameter.longest_mm / 2)
    new = [lesion for n, lesion in enumerate(current) if n not in taken]
    base_sum = sum(t.baseline.diameter.longest_mm for t in targets)
    cur_sum = sum(t.current_mm for t in targets)
    nadir = min([base_sum, *followup_sums])
    response, rule = _response(base_sum, nadir, cur_sum, len(new), len(targets))
    return RecistResult(targets, base_sum, cur_sum, new, response, rule, minimum, nadir, tuple(followup_sums))


def _followed_mm(lesion: Lesion, study: Sequence[Lesion], taken: set[int], match_radius_mm: float) -> float:
    found = match(lesion, study, taken, match_radius_mm + lesion.diameter.longest_mm / 2)
    return found.diameter.longest_mm if found is not None else 0.0


def _response(base: float, nadir: float, current: float, new: int, n_targets: int) -> tuple[Response | None, str]:
    """The response category and the rule text that gave it, with the numbers."""
    sums = f"sum of longest diameters {current:.1f} mm vs baseline {base:.1f} mm and nadir {nadir:.1f} mm"
    if new:
        return "PD", f"PD: {new} new lesion(s) (any new lesion is progression); {sums}"
    if n_targets == 0:
        return None, f"no measurable target lesion at baseline (longest diameter >= {MEASURABLE_MM:g} mm): response not evaluable by target lesions"
    increase = current - nadir
    if nadir == 0 and current > 0:
        return "PD", f"PD: target lesions reappeared after disappearing ({sums})"
    from_nadir = 100.0 * increase / nadir if nadir else 0.0
    if from_nadir >= PD_INCREASE_PCT and increase >= PD_INCREASE_MM:
        return "PD", f"PD: {sums}, +{from_nadir:.1f}% and +{increase:.1f} mm from the nadir (>= 20% and >= 5 mm)"
    if current == 0:
        return "CR", f"CR: every target lesion disappeared ({sums}) and no new lesion"
    change = 100.0 * (current - base) / base
    if change <= PR_DECREASE_PCT:
        return "PR", f"PR: {sums}, {change:.1f}% from baseline (a decrease of at least 30%)"
    return "SD", (f"SD: {sums}, {change:+.1f}% from baseline and {from_nadir:+.1f}% from the nadir: neither a 30% "
                  f"decrease (PR) nor a 20% and 5 mm increase from the nadir (PD), no new lesion")
