"""Derivation: every derived item (kind `finding`) the answer rests on recomputes from its inputs."""

from __future__ import annotations

import math

from agents.review_checks.base import ReviewInput, failed, numeric, passed
from core.anatomy import side_of, volume_held_in
from core.case import Check, Evidence
from core.state import StatedThreshold
from knowledge.stated import relative_difference_pct, share_holds
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
    "percent_of": lambda v: 100.0 * v[0] / v[1],
    "relative_difference_of_mean": lambda v: relative_difference_pct(v[0], v[1], "mean"),
    "relative_difference_of_smaller": lambda v: relative_difference_pct(v[0], v[1], "smaller"),
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
        if formula == "largest_of_kind" and (other := _other_candidates(review, e)):
            problems.append(other)
            continue
        if (wrong := _other_side(review, e, [i for i in inputs if i is not None])) is not None:
            problems.append(wrong)
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
    if formula == "count_in_share":  # lesions holding the share of their voxels the question states
        return _count_in_share(e, inputs)
    if formula in ("count_in", "volume_in", "share_top", "share_top_two", "share_top_spanning", "share_top_two_spanning"):
        return _recompute_locations(formula, e, inputs)
    if formula == "largest_of_kind":  # the largest lesion of one kind and side, chosen again from the case
        return _largest_of_kind(e, review_known(inputs))
    if formula == "absent":  # an organ the segmentation found absent holds 0 mL
        shown = all(i.kind == "segmentation" and i.name == "present" and i.value is False for i in inputs)
        return 0.0 if inputs and shown else math.nan
    if formula == "kind_count_in":  # a typed mask's lesions lying in one kidney, counted again
        return _kind_count_in(e, inputs)
    if formula == "side_total":  # the lesions lying in one kidney, chosen again from their host organs
        return _side_total(e, inputs)
    if formula in ("count_in_size_filter", "count_at_least"):  # lesions passing the size filter the question states
        sized = _size_filter(e.provenance.parameters or {})
        diameters = [numeric(i) for i in inputs if i.name == "longest_diameter_mm"]
        if sized is None or any(d is None for d in diameters):
            return math.nan
        return float(sum(sized.admits(d) for d in diameters if d is not None))
    return None


def _kind_count_in(e: Evidence, inputs: list[Evidence]) -> float:
    """The recount of a typed mask's lesions in one kidney: instances whose host is that kidney and whose volume was
    measured on the mask its count item was (`derive._kind_by_side`)."""
    counted = next((i for i in inputs if i.name == "lesion_count"), None)
    refs = set(counted.provenance.masks or []) if counted is not None else set()
    hosts = {i.target: i.value for i in inputs if i.name == "organ"}
    volumes = {i.target: set(i.provenance.masks or []) for i in inputs if i.name == "volume_ml"}
    if not refs or set(hosts) != set(volumes):
        return math.nan
    return float(sum(hosts[t] == e.provenance.location and bool(refs & volumes[t]) for t in hosts))


def _count_in_share(e: Evidence, inputs: list[Evidence]) -> float:
    """The recount of a per-segment count under the stated share (`knowledge.stated.share_holds`), from the shares
    its location inputs measured."""
    rule = e.provenance.parameters or {}
    try:
        threshold = StatedThreshold(comparison=rule["comparison"], value=rule["value"], unit="%")
    except (KeyError, ValueError):
        return math.nan
    place = e.provenance.location
    shares = [float((i.provenance.get("shares") or {}).get(place, 0.0)) for i in inputs if i.name in ("location", "locations")]
    return float(sum(share_holds(s, threshold) for s in shares))


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
        shares = {i.target: i.provenance.get("shares") for i in inputs if i.name in ("location", "locations")}
        return float(sum(volume_held_in(volumes.get(t, 0.0), shares.get(t), locs, str(place)) for t, locs in held.items()))
    tally: dict[str | None, int] = {}
    spanning = formula.endswith("_spanning")  # each lesion in every segment holding > 10 % of it, else its main one
    for locs in (held.values() if spanning else [[loc] for loc in locations.values()]):
        for loc in locs:
            tally[loc] = tally.get(loc, 0) + 1
    top = sorted(tally.values(), reverse=True)
    share = top[0] if formula.startswith("share_top_") and "two" not in formula or formula == "share_top" else sum(top[:2])
    return min(100.0, 100.0 * share / count) if count else math.nan


def review_known(inputs: list[Evidence]) -> dict[str, Evidence]:
    return {f"{i.target}.{i.name}": i for i in inputs}


def _largest_of_kind(e: Evidence, inputs: dict[str, Evidence]) -> float:
    """The value a `largest_of_kind` finding must have: of its candidate lesions (their volumes are its inputs),
    the largest one's value. The candidates themselves are held against the case in `derivations`."""
    volumes = {k.split(".")[0]: numeric(i) for k, i in inputs.items() if i.name == "volume_ml"}
    if not volumes or any(v is None for v in volumes.values()):
        return math.nan
    top = max(volumes, key=lambda t: volumes[t])  # type: ignore[arg-type, return-value]
    from agents.reasoners.derive import INSTANCE_NAME, ONE_KIND

    match = ONE_KIND.match(f"{e.target}.{e.name}")
    if match is None:
        return math.nan
    value = inputs.get(f"{top}.{INSTANCE_NAME[match.group('name')]}")
    found = numeric(value) if value is not None else None
    return math.nan if found is None else found


def _other_candidates(review: ReviewInput, e: Evidence) -> str | None:
    """Why a `largest_of_kind` finding chose among the wrong lesions (not every lesion of its kind and side in the
    case, or one of another kind or side), else None: the one selection rule of `agents.reasoners.derive`."""
    from agents.reasoners.derive import ONE_KIND, lesions_of_kind

    match = ONE_KIND.match(f"{e.target}.{e.name}")
    if match is None:
        return f"{e.id!r} is no largest lesion of one kind"
    expected = {parts["volume_ml"].id for parts in lesions_of_kind(review.by_key, match.group("kind"), match.group("side"))}
    given = {i for i in e.provenance.inputs or [] if i.endswith(":volume_ml")}
    if expected != given:
        return (f"{e.id!r} chooses among {sorted(given)!r}, but the {match.group('kind').replace('_', ' ')} lesions"
                f"{' of the ' + match.group('side') + ' kidney' if match.group('side') else ''} are {sorted(expected)!r}")
    return None


def _side_total(e: Evidence, inputs: list[Evidence]) -> float:
    """The value a `side_total` finding must have: its lesions of its kind lying in its kidney, summed
    (`agents.reasoners.side_totals.side_total`, the reasoner's one definition)."""
    from agents.reasoners.side_totals import SIDE_TOTAL, side_total

    match = SIDE_TOTAL.match(f"{e.target}.{e.name}")
    if match is None:
        return math.nan
    try:
        return side_total(inputs, match.group("kind"), match.group("side"))
    except ValueError:
        return math.nan


def _other_side(review: ReviewInput, e: Evidence, inputs: list[Evidence]) -> str | None:
    """Why a finding of one kidney rests on the other kidney or on too few lesions, else None: a side's burden divides
    by that side's kidney volume; a side's total sums over every kidney lesion of the case (their host kidneys
    decide which count)."""
    from agents.reasoners.side_totals import lesion_items

    side = side_of(e.target)
    if side is None or e.provenance.formula not in ("percent_of", "side_total"):
        return None
    other = [i.id for i in inputs if (s := side_of(i.target)) is not None and s != side]
    if other:
        return f"{e.id!r} is of the {side} kidney but rests on {other!r}, of the other side"
    if e.provenance.formula == "side_total":
        expected = lesion_items(review.by_key)
        given = {i.id for i in inputs}
        if expected is None or {i.id for i in expected} != given:
            return f"{e.id!r} does not sum over every kidney lesion of the case with its measured host kidney"
    return None