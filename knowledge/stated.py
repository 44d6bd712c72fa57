"""Criteria a question states itself ("using a 15% threshold on (larger − smaller) / larger kidney volume").

A cut-off written in the question is the question's own rule: it is applied instead of any default,
and the reasoner and the reviewer both apply it through `stated_criterion` and `relative_difference_pct`,
so they cannot disagree on a case at the band edge.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from core.case import Evidence
from core.state import StatedThreshold
from knowledge.criteria import Band, Criterion, Scale

SYMMETRIC, ASYMMETRIC = "symmetric", "asymmetric"


DifferenceBasis = Literal["larger", "mean", "smaller"]
"""What a relative difference is a percentage of (`core.state.Intent.cutoff_basis`)."""
BASIS_WORDS: dict[str, str] = {"larger": "(larger − smaller) / larger", "mean": "|left − right| / mean",
                               "smaller": "(larger − smaller) / smaller"}
"""How each basis is written in an answer and a review, so the basis that decided is said."""


def relative_difference_pct(first: float, second: float, basis: DifferenceBasis = "larger") -> float:
    """(larger − smaller) as a percentage of the larger measurement (default), of their mean, or of the smaller: the
    basis the question states ("a difference > 10% of their mean volume": `mean`).

    Raises:
        ValueError: a measurement is negative, or both are zero.
    """
    larger, smaller = max(first, second), min(first, second)
    if smaller < 0 or larger <= 0 or (basis == "smaller" and smaller == 0):
        raise ValueError(f"relative difference of {first!r} and {second!r} is undefined")
    of = {"larger": larger, "mean": (larger + smaller) / 2.0, "smaller": smaller}[basis]
    return 100.0 * (larger - smaller) / of


def basis_quantity(quantity: str, basis: DifferenceBasis) -> str:
    """The derived quantity key of a relative difference on `basis` (`…volume_difference_pct` is of the larger;
    `…volume_difference_pct_of_mean` of the mean)."""
    return quantity if basis == "larger" else f"{quantity}_of_{basis}"


def stated_criterion(quantity: str, cutoff_pct: float, basis: DifferenceBasis = "larger") -> Criterion:
    """Two bands on a relative difference: below the stated cut-off is symmetric, at or above it asymmetric.

    "A difference of at least 15%" and "a 15% threshold" both put 15% itself on the asymmetric side.
    """
    bands = [Band(label=SYMMETRIC, lower=0.0, upper=cutoff_pct, inclusive="lower"),
             Band(label=ASYMMETRIC, lower=cutoff_pct, upper=100.0, inclusive="both")]
    return Criterion(labels=[SYMMETRIC, ASYMMETRIC], combine="any",
                     quantities=[Scale(quantity=quantity, unit="%", bands=bands,
                                       description=f"relative difference {BASIS_WORDS[basis]}")],
                     note="cut-off stated in the question")


def paired_asymmetry(quantity: str, left: float, right: float, cutoff_pct: float,
                     basis: DifferenceBasis = "larger") -> tuple[str, float]:
    """The stated criterion's label for a left/right pair (`symmetric`, `left larger`, `right larger`) and the
    relative difference in % on the stated `basis`."""
    pct = relative_difference_pct(left, right, basis)
    label, _, _ = stated_criterion(quantity, cutoff_pct, basis).decide({quantity: pct})
    if label == SYMMETRIC:
        return SYMMETRIC, pct
    return ("left larger" if left > right else "right larger"), pct


VESSEL_CONTACT_LABELS = ["resectable", "borderline resectable", "locally advanced"]
"""Resectability on the basis a question states ("judging by contact with the aorta (arterial) or IVC (venous)"),
least to most advanced: no contact, venous contact only, arterial contact."""
ARTERIAL, VENOUS = ("aorta",), ("postcava",)
"""The structures a question's arterial and venous contact name by default (AbdomenAtlas masks)."""
ARTERIES = ("aorta", "superior_mesenteric_artery", "celiac_trunk")
"""Every artery a question may name as arterial contact ("arterial contact: SMA or aorta")."""


def contact_quantity(vessel: str, lesion: str, unit: str = "mm") -> str:
    """The quantity key a contact rule reads: the voxel-centre distance (`{vessel}.distance_from_{lesion}_mm`) or, for
    a rule stated in dilations, the fewest one-voxel dilations that reach the vessel
    (`{vessel}.dilation_steps_from_{lesion}`, the distance item's `dilation_steps`)."""
    return f"{vessel}.dilation_steps_from_{lesion}" if unit == "voxel" else f"{vessel}.distance_from_{lesion}_mm"


def vessel_contact_criterion(lesion: str, contact: float, unit: str = "mm", arterial: tuple[str, ...] = ARTERIAL,
                             venous: tuple[str, ...] = VENOUS) -> Criterion:
    """Arterial contact (aorta) -> locally advanced; venous contact only (IVC) -> borderline resectable; neither ->
    resectable, on each vessel's distance from the lesion (`contact_quantity`).

    Contact is a distance of at most `contact` in `unit`: mm between voxel centres (one voxel edge: the masks touch;
    "within 3 mm"), or `voxel`, one-voxel dilations ("touching after a 1-voxel dilation": 1). The question states the
    basis, and which arteries count (`arterial`: the aorta, and the SMA when named); the reasoner and the reviewer
    both apply it through this one definition. Not NCCN: its degrees of SMA, celiac and SMV/portal contact need
    those vessels' masks.
    """
    scale_unit = "count" if unit == "voxel" else "mm"
    words = f"{contact:g} one-voxel dilations" if unit == "voxel" else f"{contact:g} mm"

    def scale(vessel: str, label: str) -> Scale:
        return Scale(quantity=contact_quantity(vessel, lesion, unit), unit=scale_unit,  # type: ignore[arg-type]
                     bands=[Band(label=label, lower=0.0, upper=contact, inclusive="both"),
                            Band(label="resectable", lower=contact, upper=None, inclusive="neither")],
                     description=f"the {vessel} reached from the lesion (contact: at most {words})")
    return Criterion(labels=VESSEL_CONTACT_LABELS, combine="worst",
                     quantities=[*(scale(v, "locally advanced") for v in arterial),
                                 *(scale(v, "borderline resectable") for v in venous)],
                     note="basis stated in the question: arterial contact = aorta, venous contact = IVC")


VESSEL_CONTACT_LEADS = {"resectable": r"resectable\b", "borderline resectable": r"borderline\b",
                        "locally advanced": r"(locally advanced|unresectable)\b(?!.*metasta)"}
"""The words an option leads with when it names each vessel-contact category ("Resectable" is not "Borderline
resectable"; "Unresectable due to metastases" is not locally advanced): the reasoner picks by them and the reviewer
checks by them."""


STATED_IN_QUESTION = "stated in the question"
"""The provenance `source` of a rule the question states (its cut-off applied instead of the knowledge base's)."""


def threshold_criterion(quantity: str, threshold: StatedThreshold, holds: str, otherwise: str) -> Criterion:
    """Two bands on `quantity` split at the question's stated cut-off: `holds` where the stated comparison holds
    ("cyst if mean HU <= 20": x ≤ 20 HU -> `cyst`), `otherwise` on the other side (`solid tumour`).

    The reasoner and the reviewer both decide a stated rule through this one definition, so the value exactly at
    the cut-off falls on the side the question's words put it ("<= 20": 20 HU is a cyst; "below 20": it is not).

    Raises:
        ValueError: `holds` and `otherwise` are the same label.
    """
    unit = {"%": "%", "voxel": "count"}.get(threshold.unit, threshold.unit)
    below = threshold.comparison in ("<", "<=")
    at_cut = threshold.comparison in ("<=", ">=")  # the cut-off itself satisfies the rule
    low_label, high_label = (holds, otherwise) if below else (otherwise, holds)
    low_takes_cut = at_cut == below
    bands = [Band(label=low_label, lower=None, upper=threshold.value, inclusive="upper" if low_takes_cut else "neither"),
             Band(label=high_label, lower=threshold.value, upper=None, inclusive="neither" if low_takes_cut else "lower")]
    sign = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}[threshold.comparison]
    return Criterion(labels=[otherwise, holds], combine="any",
                     quantities=[Scale(quantity=quantity, unit=unit, bands=bands,  # type: ignore[arg-type]
                                       description=f"{holds} if x {sign} {threshold.value:g} {threshold.unit}")],
                     note=STATED_IN_QUESTION)


def share_holds(share_fraction: float, threshold: StatedThreshold) -> bool:
    """Whether a lesion counts in a sub-segment by the share the question states ("more than 25 % of the lesion's
    voxels"): its share of voxels there (0-1) as a percentage, against the stated comparison. The reasoner's
    per-segment count and the reviewer's recount both ask this."""
    return threshold.holds(100.0 * share_fraction)


ContactRule = tuple[float, str]
"""A contact distance a question states and its unit: (3.0, "mm") for "within 3 mm", (1.0, "voxel") for "touching
after a 1-voxel dilation"."""


def contact_rule(thresholds: list[StatedThreshold]) -> ContactRule | None:
    """The contact rule among a question's stated thresholds (a distance in mm or in one-voxel dilations at most some
    value); None when it states none, and contact is then "no separating voxel" (the 26-neighbourhood)."""
    rules = [t for t in thresholds if t.unit in ("mm", "voxel") and t.comparison in ("<", "<=")]
    return (rules[0].value, rules[0].unit) if rules else None


def organ_contacts(known: Mapping[str, Evidence], organ: str, rule: ContactRule | None) -> dict[str, Evidence]:
    """Structure -> the evidence that it is in contact with `organ` (`agents.measures.contact`): with no stated rule,
    the organ's measured 26-neighbourhood contacts (`{organ}.adjacent_organs`, one item for all); with one, each
    `{structure}.distance_from_{organ}_mm` whose distance (mm) or `dilation_steps` (voxel) is at most the rule's. The
    reasoner picks the option by this and the reviewer re-checks the answer by it.

    Raises:
        KeyError: the organ's contacts were not measured (no `{organ}.adjacent_organs`).
    """
    listed = known[f"{organ}.adjacent_organs"]
    if rule is None:
        names = [p.strip() for p in re.split(r"[,;]", str(listed.value)) if p.strip() and p.strip() != "none"]
        return dict.fromkeys(names, listed)
    suffix = f".distance_from_{organ}_mm"
    out = {}
    for key, item in known.items():
        if not key.endswith(suffix) or isinstance(item.value, bool) or not isinstance(item.value, int | float):
            continue
        measured = getattr(item.provenance, "dilation_steps", None) if rule[1] == "voxel" else float(item.value)
        if measured is not None and measured <= rule[0]:
            out[key[: -len(suffix)]] = item
    return out
