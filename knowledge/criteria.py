"""Thresholds as data: bands on measured quantities and the rule that combines them.

A `Criterion` holds one `Scale` per quantity (ordered, contiguous `Band`s with a unit) and a
`combine` rule. `Criterion.decide` turns measured values into a label, reporting which band of
which quantity decided it, so the reasoner and the reviewer compute the same category.
"""

from __future__ import annotations

import itertools
import math
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from knowledge.errors import OutOfRangeError

Inclusive = Literal["lower", "upper", "both", "neither"]
"""Which finite ends of a band belong to it; `lower` means `[lower, upper)`."""
Combine = Literal["any", "all", "worst", "rules"]
"""How per-quantity labels become one label (see `Criterion`)."""
Unit = Literal["mL", "mm", "HU", "%", "ratio", "count", "deg", "flag"]

QUANTITY_KEY = re.compile(r"^[a-z][a-z0-9_/]*\.[a-z][a-z0-9_]*$")
GENERIC_TARGETS = frozenset({"lesion", "kidney", "organ"})
"""Placeholder targets: `lesion.*` reads any lesion group or instance, `kidney.*` either kidney, `organ.*` the
organ asked (a volume change's tolerance is the same for each)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Band(_Model):
    """One interval of a quantity and the label it carries."""

    label: str
    lower: float | None = None
    """Lower end; None means unbounded below."""
    upper: float | None = None
    """Upper end; None means unbounded above."""
    inclusive: Inclusive = "lower"

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.lower is not None and self.upper is not None:
            if self.lower > self.upper:
                raise ValueError(f"band {self.label!r}: lower {self.lower!r} > upper {self.upper!r}")
            if self.lower == self.upper and self.inclusive != "both":
                raise ValueError(f"band {self.label!r}: a single point must be inclusive='both'")
        return self

    @property
    def closed_lower(self) -> bool:
        return self.lower is not None and self.inclusive in ("lower", "both")

    @property
    def closed_upper(self) -> bool:
        return self.upper is not None and self.inclusive in ("upper", "both")

    def contains(self, value: float) -> bool:
        """Whether `value` lies in this band."""
        if self.lower is not None and (value < self.lower or (value == self.lower and not self.closed_lower)):
            return False
        return not (self.upper is not None and (value > self.upper or (value == self.upper and not self.closed_upper)))

    def describe(self, unit: str = "") -> str:
        """The band as a reader writes it, e.g. `314.5 ≤ x < 500 mL`."""
        suffix = f" {unit}" if unit and unit not in ("count", "flag", "ratio") else ""
        if self.lower is not None and self.lower == self.upper:
            return f"x = {_num(self.lower)}{suffix}"
        parts = []
        if self.lower is not None:
            parts.append(f"{_num(self.lower)} {'≤' if self.closed_lower else '<'} ")
        parts.append("x")
        if self.upper is not None:
            parts.append(f" {'≤' if self.closed_upper else '<'} {_num(self.upper)}")
        return "".join(parts) + suffix


def _num(value: float) -> str:
    return f"{value:g}"


class Scale(_Model):
    """The ordered, gap-free bands of one quantity, keyed `{target}.{name}` (docs/CONTRACTS.md)."""

    quantity: str
    unit: Unit
    bands: list[Band] = Field(min_length=1)
    description: str | None = None

    @model_validator(mode="after")
    def _contiguous(self) -> Scale:
        if not QUANTITY_KEY.match(self.quantity):
            raise ValueError(f"quantity {self.quantity!r} is not of the form '{{target}}.{{name}}'")
        labels = [b.label for b in self.bands]
        if len(set(labels)) != len(labels):
            raise ValueError(f"{self.quantity}: band labels repeat: {labels!r}")
        if self.bands[0].lower is not None and not self.bands[0].closed_lower:
            raise ValueError(f"{self.quantity}: the first band must include its finite lower end")
        if self.bands[-1].upper is not None and not self.bands[-1].closed_upper:
            raise ValueError(f"{self.quantity}: the last band must include its finite upper end")
        for below, above in itertools.pairwise(self.bands):
            if below.upper is None or above.lower is None or below.upper != above.lower:
                raise ValueError(
                    f"{self.quantity}: bands {below.label!r} and {above.label!r} do not meet "
                    f"(upper {below.upper!r}, next lower {above.lower!r})"
                )
            if below.closed_upper == above.closed_lower:
                kind = "overlap" if below.closed_upper else "leave a gap"
                raise ValueError(
                    f"{self.quantity}: bands {below.label!r} and {above.label!r} {kind} at {below.upper!r}"
                )
        return self

    @property
    def target(self) -> str:
        return self.quantity.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.quantity.split(".", 1)[1]

    def band_for(self, value: float) -> Band:
        """The band holding `value`; raises `OutOfRangeError` outside the scale."""
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise OutOfRangeError(f"{self.quantity}: value {value!r} is not a number")
        for band in self.bands:
            if band.contains(float(value)):
                return band
        span = f"[{_num(self.bands[0].lower) if self.bands[0].lower is not None else '-inf'}, " + (
            f"{_num(self.bands[-1].upper)}]" if self.bands[-1].upper is not None else "inf)"
        )
        raise OutOfRangeError(f"{self.quantity}: value {value!r} {self.unit} lies outside the scale {span}")

    def describe(self) -> str:
        """All bands as one line of text."""
        return "; ".join(f"{b.label}: {b.describe(self.unit)}" for b in self.bands)


class Rule(_Model):
    """One row of a decision table: the label when each named quantity falls in one of its bands."""

    label: str
    when: dict[str, list[str]] = Field(default_factory=dict)
    """Quantity key -> accepted band labels. Quantities not named are unconstrained."""


class Match(_Model):
    """A quantity's value and the band it fell in."""

    quantity: str
    value: float
    unit: str
    band: Band


class Criterion(_Model):
    """Bands per quantity and the rule that turns them into one of `labels`.

    `labels` are ordered from the least to the most severe (or from negative to positive).
    `any` and `worst` return the highest-ranked label any quantity reaches; `all` the lowest
    (positive only if every quantity is); `rules` the first row of `rules` that matches.
    """

    labels: list[str] = Field(min_length=2)
    quantities: list[Scale] = Field(min_length=1)
    combine: Combine = "worst"
    rules: list[Rule] = Field(default_factory=list)
    note: str | None = None
    """What the bands do not capture (e.g. T4 is vessel involvement, not size)."""

    @model_validator(mode="after")
    def _consistent(self) -> Criterion:
        if len(set(self.labels)) != len(self.labels):
            raise ValueError(f"labels repeat: {self.labels!r}")
        keys = [s.quantity for s in self.quantities]
        if len(set(keys)) != len(keys):
            raise ValueError(f"quantities repeat: {keys!r}")
        if self.combine == "rules":
            self._check_rules()
        else:
            if self.rules:
                raise ValueError(f"rules given but combine is {self.combine!r}")
            if self.combine in ("any", "all") and len(self.labels) != 2:
                raise ValueError(f"combine {self.combine!r} needs exactly two labels, got {self.labels!r}")
            for scale in self.quantities:
                stray = [b.label for b in scale.bands if b.label not in self.labels]
                if stray:
                    raise ValueError(f"{scale.quantity}: band labels {stray!r} are not among labels {self.labels!r}")
        return self

    def _check_rules(self) -> None:
        if not self.rules:
            raise ValueError("combine 'rules' needs at least one rule")
        scales = {s.quantity: s for s in self.quantities}
        for rule in self.rules:
            if rule.label not in self.labels:
                raise ValueError(f"rule label {rule.label!r} is not among labels {self.labels!r}")
            for key, accepted in rule.when.items():
                if key not in scales:
                    raise ValueError(f"rule {rule.label!r} names unknown quantity {key!r}")
                unknown = set(accepted) - {b.label for b in scales[key].bands}
                if unknown:
                    raise ValueError(f"rule {rule.label!r}: {key} has no bands {sorted(unknown)!r}")
        # Every combination of bands must reach a rule: the table has no gaps.
        for combo in itertools.product(*[[b.label for b in s.bands] for s in self.quantities]):
            chosen = dict(zip(scales, combo, strict=True))
            if not any(all(chosen[k] in v for k, v in r.when.items()) for r in self.rules):
                raise ValueError(f"no rule covers the combination {chosen!r}")

    @property
    def quantity_keys(self) -> list[str]:
        return [s.quantity for s in self.quantities]

    def scale(self, quantity: str) -> Scale:
        """The scale of one quantity key."""
        for s in self.quantities:
            if s.quantity == quantity:
                return s
        raise KeyError(f"no scale for {quantity!r}; this criterion reads {self.quantity_keys!r}")

    def defining_bands(self, label: str) -> list[tuple[Scale, Band]]:
        """The bands that make `label` what it is: the bands carrying it (`any`, `all`, `worst`), or the bands its
        rules name (`rules`; "progressive disease (PD)" -> the `at least 20% increase` and `at least 5 mm` bands and
        the `present` band of new lesions). A rule with no conditions is the remainder ("anything else is stable
        disease"): every band of every quantity bounds it. [] for a label the criterion does not give.

        The one definition a knowledge answer quoting a category's threshold is written from and checked against.
        """
        scales = {s.quantity: s for s in self.quantities}
        if self.combine != "rules":
            return [(s, b) for s in self.quantities for b in s.bands if b.label == label]
        out: list[tuple[Scale, Band]] = []
        for rule in (r for r in self.rules if r.label == label):
            if not rule.when:
                return [(s, b) for s in self.quantities for b in s.bands]
            out += [(scales[k], b) for k, accepted in rule.when.items() for b in scales[k].bands if b.label in accepted]
        return out

    def decide(self, values: dict[str, float]) -> tuple[str, list[Match], list[str]]:
        """Label, deciding matches and still-missing keys for values keyed by this criterion's keys.

        Returns an empty label with the missing keys when the values present do not settle it.
        """
        matches: dict[str, Match] = {}
        for s in self.quantities:
            if s.quantity in values:
                band = s.band_for(values[s.quantity])
                matches[s.quantity] = Match(
                    quantity=s.quantity, value=float(values[s.quantity]), unit=s.unit, band=band
                )
        missing = [k for k in self.quantity_keys if k not in matches]
        if self.combine == "rules":
            return self._decide_rules(matches, missing)
        rank = {label: i for i, label in enumerate(self.labels)}
        if not matches:
            return "", [], missing
        pick = max if self.combine in ("any", "worst") else min
        best = pick(matches.values(), key=lambda m: rank[m.band.label])
        settled = rank[best.band.label] == (len(self.labels) - 1 if pick is max else 0)
        if missing and not settled:
            return "", [], missing
        deciding = (
            [m for m in matches.values() if m.band.label == best.band.label] if settled else list(matches.values())
        )
        return best.band.label, deciding, []

    def _decide_rules(self, matches: dict[str, Match], missing: list[str]) -> tuple[str, list[Match], list[str]]:
        for rule in self.rules:
            unknown = [k for k in rule.when if k not in matches]
            if any(matches[k].band.label not in v for k, v in rule.when.items() if k in matches):
                continue
            if unknown:
                return "", [], unknown
            return rule.label, [matches[k] for k in rule.when] or list(matches.values()), []
        raise AssertionError("rules are exhaustive by validation")  # pragma: no cover
