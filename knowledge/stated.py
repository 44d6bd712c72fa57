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


VESSEL_CONTACT_LABELS = ["resectable", "borderline resectable", "locally advanced"]
"""Resectability on the basis a question states ("judging by contact with the aorta (arterial) or IVC (venous)"),
least to most advanced: no contact, venous contact only, arterial contact."""
ARTERIAL, VENOUS = ("aorta",), ("postcava",)
"""The structures a question's arterial and venous contact name (AbdomenAtlas masks)."""


def vessel_contact_criterion(lesion: str, contact_mm: float) -> Criterion:
    """Arterial contact (aorta) -> locally advanced; venous contact only (IVC) -> borderline resectable; neither ->
    resectable, on each vessel's shortest voxel-centre distance from the lesion (`{vessel}.distance_from_{lesion}_mm`).

    Contact is a distance of at most `contact_mm` (one voxel: the masks touch); the question states the basis, the
    reasoner and the reviewer both apply it through this one definition. Not NCCN: its degrees of SMA, celiac and
    SMV/portal contact need those vessels' masks.
    """
    def scale(vessel: str, label: str) -> Scale:
        return Scale(quantity=f"{vessel}.distance_from_{lesion}_mm", unit="mm",
                     bands=[Band(label=label, lower=0.0, upper=contact_mm, inclusive="both"),
                            Band(label="resectable", lower=contact_mm, upper=None, inclusive="neither")],
                     description=f"shortest distance between the {vessel} and the lesion (contact: at most {contact_mm:g} mm)")
    return Criterion(labels=VESSEL_CONTACT_LABELS, combine="worst",
                     quantities=[*(scale(v, "locally advanced") for v in ARTERIAL),
                                 *(scale(v, "borderline resectable") for v in VENOUS)],
                     note="basis stated in the question: arterial contact = aorta, venous contact = IVC")
