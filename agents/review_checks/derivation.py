"""Derivation: every derived item (kind `finding`) the answer rests on recomputes from its inputs."""

from __future__ import annotations

import math

from agents.review_checks.base import ReviewInput, failed, numeric, passed
from core.case import Check, Evidence
from questions.intents import locations_of
from questions.sizes import SizeFilter

__all__ = ["derivations"]

FORMULAS = {
    "copy": lambda v: v[0],
    "ratio": lambda v: v[0] / v[1],
    "difference": lambda v: v[0] - v[1],
    "abs": lambda v: abs(v[0]),
    "sum": sum,
    "zscore": lambda v: (v[0] - v[1]) / v[2],
    "relative_difference": lambda v: 100.0 * abs(v[0] - v[1]) / max(v),
}


def derivations(review: ReviewInput) -> Check:
    """Every derived item the answer rests on recomputes from its inputs."""
    name = "derivation"
    problems, checked = [], []
    for e in review.cited:
        if e.kind != "finding":
            continue
        formula = e.provenance.formula
        inputs = [review.by_id.get(i) for i in (e.provenance.inputs or [])]
        if any(i is None for i in inputs):
            problems.append(f"{e.id!r} rests on evidence that is not in the case")
            continue
        expected = _recompute(formula, e, [i for i in inputs if i is not None])
        if expected is None:
            continue
        value = numeric(e)
        if value is None or not math.isclose(value, expected, rel_tol=1e-3, abs_tol=1e-3):
            problems.append(f"{e.id!r} is {e.value!r} but its inputs give {expected:.4g}")
        checked.append(e.id)
    if problems:
        return failed(name, "; ".join(problems), "reasoner", checked)
    return passed(name, f"{len(checked)} derived value(s) recompute from their inputs", checked)


def _recompute(formula: str | None, e: Evidence, inputs: list[Evidence]) -> float | None:
    if formula in FORMULAS:
        values = [numeric(i) for i in inputs]
        if any(v is None for v in values):
            return math.nan
        return float(FORMULAS[formula](values))
    if formula in ("count_in", "volume_in", "share_top", "share_top_two"):
        return _recompute_locations(formula, e, inputs)
    if formula in ("count_in_size_filter", "count_at_least"):  # lesions passing the size filter the question states
        sized = _size_filter(e.provenance.parameters or {})
        diameters = [numeric(i) for i in inputs if i.name == "longest_diameter_mm"]
        if sized is None or any(d is None for d in diameters):
            return math.nan
        return float(sum(sized.admits(d) for d in diameters if d is not None))
    return None


def _size_filter(parameters: dict) -> SizeFilter | None:
    """The size filter a filtered count's provenance records (`derive._count_in_filter`), else None."""
    low, high = parameters.get("min_diameter_mm"), parameters.get("max_diameter_mm")
    if not isinstance(low, int | float | None) or not isinstance(high, int | float | None) or (low is None and high is None):
        return None
    return SizeFilter(None if low is None else float(low), bool(parameters.get("inclusive", True)),
                      None if high is None else float(high), bool(parameters.get("max_inclusive", True)))


def _recompute_locations(formula: str, e: Evidence, inputs: list[Evidence]) -> float:
    count = next((numeric(i) or 0.0 for i in inputs if i.name == "lesion_count"), 0.0)
    locations = {i.target: (locations_of(str(i.value) if i.value is not None else None) or [None])[0]
                 for i in inputs if i.name == "location"}
    held = {i.target: locations_of(str(i.value) if i.value is not None else None) for i in inputs if i.name == "locations"}
    held = {**{t: [loc] if loc else [] for t, loc in locations.items()}, **held}  # every sub-segment > 10%, else the primary
    volumes = {i.target: numeric(i) or 0.0 for i in inputs if i.name == "volume_ml"}
    place = e.provenance.location
    if formula == "count_in":
        return float(sum(place in locs for locs in held.values()))
    if formula == "volume_in":
        return float(sum(volumes.get(t, 0.0) for t, locs in held.items() if place in locs))
    tally: dict[str | None, int] = {}
    for loc in locations.values():
        tally[loc] = tally.get(loc, 0) + 1
    top = sorted(tally.values(), reverse=True)
    share = top[0] if formula == "share_top" else sum(top[:2])
    return 100.0 * share / count if count else math.nan
