"""Resectability on the basis a question states (aorta contact arterial, IVC contact venous), read from the evidence.

One reading for the attending reviewer (`agents.review_checks.pancreas`), on the rule the reasoner records
(`agents.reasoners.pancreas.contact_rule`: "touching after an N-voxel dilation", "within N mm", else the masks within
one voxel): the lesion's measured reach to each vessel, decided by `knowledge.stated.vessel_contact_criterion`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agents.reasoners.base import InsufficientEvidence
from core.case import Evidence
from knowledge.stated import ARTERIAL, VENOUS, contact_quantity, vessel_contact_criterion

REACH_MM = 40.0
"""How far measurement looks for a lesion's neighbours (`agents.measures.lesions.NEAREST_REACH_MM`): a vessel whose
mask is present but not within it is at least this far from the lesion."""
CONTACT_WORDS = {"locally advanced": "arterial contact", "borderline resectable": "venous contact only",
                 "resectable": "no arterial or venous contact"}
"""What decided each vessel-contact category, in words."""


@dataclass
class VesselContact:
    """The stated basis applied to one lesion."""

    label: str
    """`resectable`, `borderline resectable` or `locally advanced` (`knowledge.stated.VESSEL_CONTACT_LABELS`)."""
    contact_mm: float
    """Contact: the lesion within this reach of a vessel, in `unit` (default: the grid's largest voxel edge in mm)."""
    unit: str = "mm"
    """`mm` (voxel-centre distance) or `voxel` (one-voxel dilations), as the question's rule states."""
    reach: dict[str, float] = field(default_factory=dict)
    """Vessel -> its reach from the lesion in `unit` (what the rule compares with `contact_mm`)."""
    distances_mm: dict[str, float] = field(default_factory=dict)
    """Vessel -> its shortest distance from the lesion in mm (`REACH_MM` when present but beyond reach)."""
    beyond: list[str] = field(default_factory=list)
    """Vessels present but beyond the measured reach."""
    evidence_ids: list[str] = field(default_factory=list)
    """The lesion count, its nearest-structure item and each measured distance."""


def vessel_contact(evidence: list[Evidence], lesion_group: str = "pancreas_lesion",
                   rule: Evidence | None = None, intent: Any = None) -> VesselContact:
    """The vessel-contact category of the group's largest lesion (`{group}_1`), or of the lesion the question names
    when `intent` names a kind ("the largest solid pancreatic tumour" beside a larger cyst: `asked_kind`).

    Args:
        evidence: the case's evidence (the lesion count, its nearest-structure item, each vessel's distance).
        lesion_group: the group whose largest lesion is assessed.
        rule: the contact rule (`agents.reasoners.pancreas.contact_rule`) when it is not yet among the evidence (the
            reasoner alone makes it); else the one recorded there, else the masks within one voxel.

    Raises:
        InsufficientEvidence: no lesion counted or none of the group, its distances not measured, or a vessel's mask
            missing (its contact unknown).
    """
    by_key = {f"{e.target}.{e.name}": e for e in evidence
              if e.kind in ("measurement", "finding", "segmentation") and e.target}
    count = by_key.get(f"{lesion_group}.lesion_count")
    if count is None or not isinstance(count.value, int | float):
        raise InsufficientEvidence(f"no {lesion_group} count was measured", missing=[f"{lesion_group}.lesion_count"])
    if count.value == 0:
        raise InsufficientEvidence(f"{lesion_group} count 0: no pancreatic lesion to assess", agent="reasoner")
    lesion = f"{lesion_group}_1"
    if intent is not None:
        from agents.reasoners.asked_kind import asked_lesion

        asked = asked_lesion(intent, by_key)
        if asked is not None and asked.rank is None:
            raise InsufficientEvidence(asked.reason or "the lesion asked cannot be named", agent="reasoner")
        lesion = f"{lesion_group}_{asked.rank}" if asked is not None else lesion
    nearest = by_key.get(f"{lesion}.nearest_structure")
    contact = float(getattr(nearest.provenance, "resolution_mm", None) or 0.0) if nearest is not None else 0.0
    if nearest is None or not contact:
        raise InsufficientEvidence(f"the distances of {lesion!r} from the vessels were not measured", agent="measurement")
    reading = VesselContact(label="", contact_mm=contact, evidence_ids=[count.id, nearest.id])
    recorded = next((e for e in evidence if e.kind == "criterion" and e.name == "vessel_contact_rule"), None)
    rule = recorded or rule
    arterial, venous = ARTERIAL, VENOUS
    if rule is not None:  # the contact the question states, and the vessels it names
        parameters = rule.provenance.parameters or {}
        reading.contact_mm, reading.unit = float(parameters["contact"]), str(parameters["unit"])
        arterial = tuple(parameters.get("arterial") or ARTERIAL)
        venous = tuple(parameters.get("venous") or VENOUS)
        reading.evidence_ids += [rule.id] if recorded is not None else []
    present = {f"{e.target}.{e.name}" for e in evidence}
    sought = (nearest.provenance.parameters or {}).get("structures") or []  # masks whose distance was sought
    present |= {f"{name}.present" for name in sought}
    for vessel in (*arterial, *venous):
        key = f"{vessel}.distance_from_{lesion}_mm"
        item = by_key.get(key)
        if item is None and f"{vessel}.present" not in present:
            raise InsufficientEvidence(f"the {vessel} mask is missing: its contact with the lesion is unknown",
                                       missing=[key], agent="segmentation")
        if item is not None and (isinstance(item.value, bool) or not isinstance(item.value, int | float)):
            raise InsufficientEvidence(f"{item.id!r} holds {item.value!r}, not a distance", missing=[item.id])
        reading.distances_mm[vessel] = float(item.value) if item is not None else REACH_MM  # type: ignore[arg-type]
        steps = getattr(item.provenance, "dilation_steps", None) if item is not None else REACH_MM
        if reading.unit == "voxel" and steps is None:
            raise InsufficientEvidence(f"{item.id!r} carries no dilation count: contact after a dilation is unknown",  # type: ignore[union-attr]
                                       agent="measurement")
        reading.reach[vessel] = float(steps) if reading.unit == "voxel" else reading.distances_mm[vessel]  # type: ignore[arg-type]
        reading.evidence_ids += [item.id] if item is not None else []
        reading.beyond += [vessel] if item is None else []
    values = {contact_quantity(v, lesion, reading.unit): r for v, r in reading.reach.items()}
    reading.label, _, _ = vessel_contact_criterion(lesion, reading.contact_mm, reading.unit, arterial, venous).decide(values)
    return reading
