"""A lesion's character stated against what was measured of it (reviewer set 6's held-out misses: 'hyperdense'
said of lesions 40 HU below the liver, 'solid renal mass' of a 4 HU cyst, 'simple cyst' of a 60 HU tumour).

Varied over organ, direction, wording and the lesion's HU; the organ's own attenuation ('the liver is
hypoattenuating'), denials ('not solid') and characters the evidence bears pass.
"""

from __future__ import annotations

import pytest

from agents.review_checks.character import simple_cyst_band
from core.case import Answer
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve

LIVER = (Question("largest lesion diameter", "How large is the largest liver lesion?"),
         ["measurement:liver_lesion:largest_lesion_diameter_mm"], "liver_lesion", "31.2 mm")
PANCREAS = (Question("largest lesion diameter", "How large is the pancreatic tumour?"),
            ["measurement:pancreas_lesion:largest_lesion_diameter_mm"], "pancreas_lesion", "23.3 mm")
KIDNEY = (Question("largest lesion diameter", "How large is the kidney lesion?"),
          ["measurement:kidney_lesion:largest_lesion_diameter_mm"], "kidney_lesion", "18.9 mm")


def _support(case: tuple, text: str, evidence: list) -> bool:
    q, ids, _, _ = case
    intent, _, full = solve(q, evidence)
    verdict = review_of(q, intent, Answer(text=text, evidence_ids=ids, backend="hand-built"), full)
    return {c.name: c for c in verdict.checks}["support"].passed


def _with_attenuation(group: str, direction: str) -> list:
    return replacing(patient_evidence(), hand_measured(group, "largest_lesion_attenuation", direction),
                     hand_measured(f"{group}_1", "attenuation", direction))


@pytest.mark.parametrize("case", [LIVER, PANCREAS], ids=["liver", "pancreas"])
@pytest.mark.parametrize(("measured", "said", "right"), [
    ("hypo", "the lesion is hyperdense to the surrounding parenchyma", False),
    ("hypo", "hyperattenuating mass", False),
    ("hyper", "a hypo-attenuating lesion", False),
    ("iso", "the tumour is hypodense", False),
    ("hypo", "the lesion is hypodense", True),
    ("hyper", "hyperattenuating lesion", True),
    ("hypo", "the lesion is not hyperdense", True),
])
def test_an_attenuation_direction_the_measurement_contradicts(case: tuple, measured: str, said: str,
                                                              right: bool) -> None:
    evidence = _with_attenuation(case[2], measured)
    assert _support(case, f"{case[3]}.", evidence)
    assert _support(case, f"{case[3]}; {said}.", evidence) is right


def test_the_organs_own_attenuation_is_not_the_lesions() -> None:
    evidence = _with_attenuation("liver_lesion", "hyper")
    assert _support(LIVER, "31.2 mm. The liver is hypoattenuating relative to the spleen.", evidence)


@pytest.mark.parametrize(("hu", "said", "right"), [
    (8.3, "solid renal mass", False),
    (4.0, "the lesion is a solid enhancing mass", False),
    (8.3, "a simple renal cyst", True),
    (8.3, "the lesion is not solid", True),
    (60.0, "the renal lesion is a simple cyst", False),
    (45.0, "fluid-density cyst", False),
    (60.0, "solid renal mass", True),
    (60.0, "a cyst, not a simple one", True),
])
def test_cyst_or_solid_against_the_lesions_hounsfield_units(hu: float, said: str, right: bool) -> None:
    evidence = replacing(patient_evidence(), hand_measured("kidney_lesion", "largest_lesion_mean_hu", hu, "HU"),
                         hand_measured("kidney_lesion_1", "mean_hu", hu, "HU"))
    assert _support(KIDNEY, "18.9 mm.", evidence)
    assert _support(KIDNEY, f"18.9 mm; {said}.", evidence) is right


def test_the_simple_cyst_band_is_the_cited_entrys() -> None:
    assert simple_cyst_band() == (-10.0, 20.0)
