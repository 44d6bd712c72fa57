"""Anatomical priors of the classical segmenter, in a body-normalised canonical RAS frame.

Coordinates are mm in a standard body 330 mm wide and 250 mm deep (the patient's own body
outline is scaled to it): x toward the patient's right, y anterior, both from the body's centre;
z superior, from the liver's centre. The means were read from clinorch phantoms (whose anatomy
follows a typical adult abdomen) and widened to cover real variation; HU bands are those of a
portal-venous abdominal CT. They rank candidate regions; they are not a model of every patient.
"""

from __future__ import annotations

from dataclasses import dataclass

STANDARD_HALF_WIDTH_MM, STANDARD_HALF_DEPTH_MM = 165.0, 125.0


@dataclass(frozen=True)
class OrganPrior:
    """Where an organ's centre sits, how big it is and what its median HU may be."""

    centre: tuple[float, float, float | None]
    """(x, y, z) mm in the normalised frame; z None for vessels that run through the field of view."""
    spread_mm: tuple[float, float, float]
    log_volume_ml: float
    hu: tuple[float, float]
    lesion_masks: tuple[str, ...] = ()


PRIORS: dict[str, OrganPrior] = {
    "liver": OrganPrior((54.0, 6.0, 0.0), (25.0, 25.0, 40.0), 7.3, (5.0, 95.0), ("liver_tumor",)),
    "spleen": OrganPrior((-88.0, -27.0, -9.0), (25.0, 30.0, 45.0), 5.5, (30.0, 80.0)),
    "kidney_left": OrganPrior((-66.0, -50.0, -68.0), (20.0, 20.0, 40.0), 5.1, (90.0, 220.0), ("kidney_tumor", "kidney_cyst")),
    "kidney_right": OrganPrior((68.0, -50.0, -85.0), (20.0, 20.0, 40.0), 5.1, (90.0, 220.0), ("kidney_tumor", "kidney_cyst")),
    "pancreas": OrganPrior((-3.0, 19.0, -71.0), (25.0, 20.0, 40.0), 4.0, (0.0, 75.0), ("pancreas_tumor",)),
    "aorta": OrganPrior((-16.0, -4.0, None), (15.0, 15.0, 1.0), 4.5, (120.0, 450.0)),
    "postcava": OrganPrior((24.0, -4.0, None), (15.0, 15.0, 1.0), 4.4, (90.0, 300.0)),
    "stomach": OrganPrior((-42.0, 34.0, -27.0), (25.0, 25.0, 45.0), 5.3, (-30.0, 75.0)),
    "gall_bladder": OrganPrior((41.0, 47.0, -49.0), (20.0, 20.0, 40.0), 3.3, (-20.0, 35.0)),
}
"""Organs in the order they are assigned (the liver first: it anchors z)."""

MAX_COST = 14.0
"""A region further than this (sum of squared standardised distances) from every prior stays unlabelled."""
KIDNEY_SOLID_HU = 34.8
"""A kidney lesion with mean HU above this is written as `kidney_tumor`, else `kidney_cyst` (DTVQA knowledge base)."""





UNIFORM_TISSUE = ("no contrast between tissues inside the body: one uniform tissue (a water or QA phantom, or a volume "
                  "without anatomy) is not organs; an abdomen's liver, spleen, kidneys, vessels, muscle and bowel differ")
"""Why no organ is placed when the body's interior holds no distinct tissues (`classical_landmarks.distinct_tissues`)."""
