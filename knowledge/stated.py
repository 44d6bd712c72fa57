"""Criteria a question states itself ("using a 15% threshold on (larger − smaller) / larger kidney volume").

A cut-off written in the question is the question's own rule: it is applied instead of any default,
and the reasoner and the reviewer both apply it through `stated_criterion` and `relative_difference_pct`,
so they cannot disagree on a case at the band edge.
"""

from __future__ import annotations

from knowledge.criteria import Band, Criterion, Scale

SYMMETRIC, ASYMMETRIC = "symmetric", "asymmetric"


def relative_difference_pct(first: float, second: float) -> float:
    """(larger − smaller) / larger × 100: how much smaller the smaller of two measurements is.

    Raises:
        ValueError: a measurement is negative, or both are zero.
    """
    larger, smaller = max(first, second), min(first, second)
    if smaller < 0 or larger <= 0:
        raise ValueError(f"relative difference of {first!r} and {second!r} is undefined")
    return 100.0 * (larger - smaller) / larger


def stated_criterion(quantity: str, cutoff_pct: float) -> Criterion:
    """Two bands on a relative difference: below the stated cut-off is symmetric, at or above it asymmetric.

    "A difference of at least 15%" and "a 15% threshold" both put 15% itself on the asymmetric side.
    """
    bands = [Band(label=SYMMETRIC, lower=0.0, upper=cutoff_pct, inclusive="lower"),
             Band(label=ASYMMETRIC, lower=cutoff_pct, upper=100.0, inclusive="both")]
    return Criterion(labels=[SYMMETRIC, ASYMMETRIC], combine="any",
                     quantities=[Scale(quantity=quantity, unit="%", bands=bands,
                                       description="relative difference (larger - smaller) / larger")],
                     note="cut-off stated in the question")


def paired_asymmetry(quantity: str, left: float, right: float, cutoff_pct: float) -> tuple[str, float]:
    """The stated criterion's label for a left/right pair (`symmetric`, `left larger`, `right larger`) and the
    relative difference in %."""
    pct = relative_difference_pct(left, right)
    label, _, _ = stated_criterion(quantity, cutoff_pct).decide({quantity: pct})
    if label == SYMMETRIC:
        return SYMMETRIC, pct
    return ("left larger" if left > right else "right larger"), pct
