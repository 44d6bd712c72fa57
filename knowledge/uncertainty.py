"""A category decided by a value that carries a plausible error is decided only when the whole error gives it.

A volume measured on a predicted mask may be off by its plausible error (`{key}_plausible_error`, recorded by the
segmentation agent from the mask's boundary layer, `agents.segmenters.volume_error`). Were the spleen 300 ± 40 mL,
"no splenomegaly" (under 314.5 mL) would be a guess. So a criterion is applied at the measured values and at each
erred value moved to either end of its error; when the labels differ, the category is not decided
(`UndecidedError`). The reasoner and the reviewer both apply this rule (`knowledge.needs.decide`,
`agents.reasoners.handlers.apply`), so they cannot disagree on it. A two-sided comparison (which kidney is larger,
a stated % cut-off) applies `labels_within_error` to its own decision.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

from knowledge.errors import KnowledgeError

PLAUSIBLE_ERROR = "_plausible_error"
"""Suffix of the evidence giving a measured value's plausible error (`spleen.volume_ml_plausible_error`, mL)."""


class UndecidedError(KnowledgeError):
    """The measured values' plausible errors span several labels of a criterion."""

    def __init__(self, entry_id: str, labels: list[str], erred: Mapping[str, tuple[float, float]]) -> None:
        self.entry_id, self.labels, self.erred = entry_id, labels, dict(erred)
        values = "; ".join(f"{key} {value:.1f} ± {error:.1f}" for key, (value, error) in erred.items())
        super().__init__(f"{values} (the plausible error of a predicted mask) spans {' and '.join(labels)} by "
                         f"{entry_id}, so the category is not decided")


RATIO_PARTS = {"hu_ratio": "mean_hu", "volume_ratio": "volume_ml"}
"""A derived ratio `{a}/{b}.{name}` -> the quantity of `a` and `b` it divides: its error comes from theirs."""


def error_of(values: Mapping[str, float], key: str) -> float | None:
    """The plausible error recorded for the value `key`, or None (a provided mask's value carries none).

    A ratio of two organs' values (`pancreas/spleen.hu_ratio`) with no error of its own takes the largest change
    of the ratio when each part moves to either end of its error (`ratio_error`)."""
    error = values.get(f"{key}{PLAUSIBLE_ERROR}")
    if error is not None and error > 0:
        return float(error)
    return ratio_error(values, key)


def ratio_span(values: Mapping[str, float], key: str) -> tuple[float, float] | None:
    """The lowest and highest a derived ratio `{a}/{b}.{name}` takes with each part at either end of its error (a
    ratio is monotone in each part, so its extremes are at the corners); None when neither part carries an error or
    the key is not such a ratio. A denominator whose error reaches zero gives an unbounded span."""
    parts = _ratio_parts(values, key)
    if parts is None:
        return None
    (a, top_error), (b, bottom_error) = parts
    if top_error <= 0 and bottom_error <= 0:
        return None
    return _corner_span(a, top_error, b, bottom_error)


def _corner_span(a: float, top_error: float, b: float, bottom_error: float) -> tuple[float, float]:
    """The lowest and highest of (a ± top_error) / (b ± bottom_error); unbounded when the denominator may reach 0."""
    if abs(b) <= bottom_error:
        return -float("inf"), float("inf")
    moved = [(a + i * top_error) / (b + j * bottom_error) for i in (-1, 1) for j in (-1, 1)]
    return min(moved), max(moved)


def _ratio_parts(values: Mapping[str, float], key: str) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """((numerator, its error), (denominator, its error)) of a derived ratio key, or None."""
    target, _, name = key.rpartition(".")
    part = RATIO_PARTS.get(name)
    if part is None or target.count("/") != 1:
        return None
    top, bottom = (f"{side}.{part}" for side in target.split("/"))
    if top not in values or bottom not in values:
        return None
    return tuple((float(values[k]), float(values.get(f"{k}{PLAUSIBLE_ERROR}") or 0.0))  # type: ignore[return-value]
                 for k in (top, bottom))


def ratio_error(values: Mapping[str, float], key: str) -> float | None:
    """The plausible error of a derived ratio from its parts' errors: its largest move either way (`ratio_span`).

    Example: pancreas 28.6 ± 90 HU over spleen 104.0 ± 5 HU is 0.275, and anything from 0 to 1.20 (error 0.93)."""
    span, parts = ratio_span(values, key), _ratio_parts(values, key)
    if span is None or parts is None:
        return None
    ratio = parts[0][0] / parts[1][0]
    return max(abs(span[0] - ratio), abs(span[1] - ratio))


def _ends(values: Mapping[str, float], key: str) -> tuple[float, float] | None:
    """The two ends of `key`'s plausible range (never below zero): its own error, else its parts' (`ratio_span`)."""
    own = values.get(f"{key}{PLAUSIBLE_ERROR}")
    if own is not None and own > 0:
        return max(0.0, values[key] - float(own)), values[key] + float(own)
    span = ratio_span(values, key)
    return None if span is None else (max(0.0, span[0]), span[1])


def corners(values: Mapping[str, float], keys: list[str]) -> list[dict[str, float]]:
    """`values` with each erred key among `keys` at its measured value and at either end of its plausible range
    (`_ends`): the measured values first. Keys without an error stay as measured."""
    erred = [(k, ends) for k in keys if k in values and (ends := _ends(values, k)) is not None]
    out = []
    for picks in itertools.product((None, 0, 1), repeat=len(erred)):
        moved = dict(values)
        for (key, ends), pick in zip(erred, picks, strict=True):
            if pick is not None:
                moved[key] = ends[pick]
        out.append(moved)
    return out


def labels_within_error(decide: Callable[[dict[str, float]], str], values: Mapping[str, float],
                        keys: list[str]) -> list[str]:
    """The labels `decide` gives over the error ranges of `keys` (the measured values' label first).

    A moved value outside every band of its scale (`KnowledgeError`) gives no label.
    """
    labels: list[str] = []
    for moved in corners(values, keys):
        try:
            label = decide(moved)
        except KnowledgeError:
            continue
        if label not in labels:
            labels.append(label)
    return labels


def check_decided(entry: Any, values: Mapping[str, float], target: str | None) -> None:
    """Raises `UndecidedError` when the plausible errors of the values `entry` reads for `target` span labels."""
    from knowledge.entry import _bind

    keys = [_bind(k, target) for k in entry.criterion.quantity_keys]
    keys = [k for k in keys if k in values and error_of(values, k) is not None]
    if not keys:
        return
    labels = labels_within_error(lambda moved: entry.classify(moved, target=target).label, values, keys)
    if len(labels) > 1:
        raise UndecidedError(entry.id, labels, {k: (values[k], error_of(values, k) or 0.0) for k in keys})


def spread_of(value: float, cited: Any, by_key: Mapping[str, Any]) -> float | None:
    """The plausible error of `value`, a number read from the `cited` evidence items (objects with `kind`, `target`,
    `name`, `value`), measured on predicted masks; None when none carries one (provided masks). A single structure's
    value carries its own `{key}_plausible_error` (`by_key`: quantity key -> item); a sum over structures
    (`pancreas+spleen`) the sum of theirs; a ratio (`kidney_left/kidney_right`) `value` times its largest
    relative move at the corners of its parts' errors (`_corner_span`, as `ratio_span`). Read by the reasoner (which
    option a number is) and the reviewer (whether a letter is decided)."""
    for item in cited:
        if getattr(item, "kind", None) not in ("measurement", "finding") or not item.target:
            continue
        if isinstance(item.value, bool) or not isinstance(item.value, int | float):
            continue
        plus, over = item.target.split("+"), item.target.split("/")
        parts = plus if len(plus) > 1 else over
        name = RATIO_PARTS.get(item.name, item.name) if len(over) > 1 else item.name  # `pancreas/spleen.hu_ratio`: of
        errors = [by_key.get(f"{part}.{name}{PLAUSIBLE_ERROR}") for part in parts]  # the parts' mean HU
        if any(e is None or not isinstance(e.value, int | float) for e in errors):
            continue
        if len(over) > 1:  # a ratio: its parts at either end of their errors
            values = [by_key.get(f"{part}.{name}") for part in parts]
            if any(v is None or not isinstance(v.value, int | float) or not v.value for v in values):
                continue
            (a, b), (ea, eb) = (float(v.value) for v in values), (float(e.value) for e in errors)
            low, high = _corner_span(a, ea, b, eb)
            return abs(value) * max(abs(low - a / b), abs(high - a / b)) / abs(a / b)
        return sum(float(e.value) for e in errors)
    return None
