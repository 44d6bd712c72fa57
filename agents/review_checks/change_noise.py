"""Stable or changed, by the registry's rule of measurement noise: the interval-change criteria
(`knowledge/entries/change.yaml`: a lesion diameter within ±2 mm, a lesion or organ volume within ±25 %, a count
within ±1 is unchanged).

"Stable" / "essentially unchanged" / "no significant change" said of a cited change in the criterion's increased or
decreased band contradicts it (+8.9 mm is growth); "grew" / "enlarged" / "decreased" said of a change in its
unchanged band, without the change's own amount, contradicts it too ("the liver grew" at 0.0 %). A change stated
with its amount ("increased by 0.9 %") is read by `numbers` and `change`, not here.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, numeric, stated_numbers
from agents.review_checks.change import DECREASE, INCREASE, RESPONSE_CATEGORY
from agents.review_checks.clauses import asserted

__all__ = ["noise_contradicted"]

STEADY = re.compile(r"\b(?:(?:essentially |largely |roughly )?(?:stable|unchanged)|no (?:significant |interval |"
                    r"measurable |appreciable )?change|not (?:significantly )?changed|the same size)\b", re.IGNORECASE)
GENERIC = {"organ", "lesion"}


def _label(review: ReviewInput, item) -> str | None:  # noqa: ANN001 - an Evidence item
    """The interval-change criterion's label for a cited change item, or None when no criterion reads it."""
    value = numeric(item)
    if value is None:
        return None
    for entry in review.base:
        if not entry.id.startswith("interval-change") or entry.criterion is None:
            continue
        for scale in entry.criterion.quantities:
            target = item.target or ""
            fits = scale.target == target or (scale.target == "lesion" and target.endswith("_lesion")) or \
                (scale.target == "organ" and "_" not in target and "lesion" not in target)
            if scale.name == item.name and fits:
                return next((b.label for b in scale.bands if b.contains(value)), None)
    return None


def noise_contradicted(review: ReviewInput) -> list[str]:
    """A steady word for a change beyond noise, or a direction word for a change within it (said without its amount)."""
    text = RESPONSE_CATEGORY.sub(" ", review.claim_text)
    changes = [(e, label) for e in review.cited if "change" in e.name and (label := _label(review, e)) is not None]
    if not changes:
        return []
    item, label = changes[0]
    steady = next((m for m in STEADY.finditer(text) if asserted(text, m)), None)
    if steady is not None and label != "unchanged":
        return [f"says {steady.group(0)!r}, but {item.id!r} is {numeric(item):+.1f} {item.unit or ''}, {label} by "
                "its interval-change criterion"]
    moved = next((m for pattern in (INCREASE, DECREASE) for m in pattern.finditer(text) if asserted(text, m)), None)
    amounts = [abs(v) for e in review.cited if "change" in e.name and (v := numeric(e)) is not None]
    amount = any(abs(v - mention.value) <= 0.051 + 0.005 * v for mention in stated_numbers(review.claim_text)
                 for v in amounts)  # "decreased by 247.4 mL (-15.0 %)": the change said with its amount
    if moved is not None and steady is None and label == "unchanged" and not amount:
        return [f"says {moved.group(0)!r}, but {item.id!r} is {numeric(item):+.1f} {item.unit or ''}, within "
                "measurement noise (unchanged) by its interval-change criterion"]
    return []
