"""The one parser of thresholds a question states (`questions.stated_rules`) and the one definition that decides with
them (`knowledge.stated.threshold_criterion`): wordings, comparators, units and labels vary; the criterion's band edge
agrees with the comparison the question's words give, for every comparator and cut-off."""

from __future__ import annotations

import pytest

from core.state import StatedThreshold
from knowledge.stated import share_holds, threshold_criterion, vessel_contact_criterion
from questions.basis import VESSEL_CONTACT, basis_of
from questions.stated_rules import stated_thresholds

PARSED = [
    ("Is the largest liver lesion more likely a cyst or a solid tumour (cyst if mean HU <= 20)?", "<=", 20, "HU", "cyst"),
    ("Cyst or solid? (cyst when the mean attenuation is below 15 HU)", "<", 15, "HU", "cyst"),
    ("Is the biggest hepatic lesion a cyst (HU of 25 or less) or solid?", "<=", 25, "HU", "cyst"),
    ("Is the largest kidney lesion solid (at least 20 HU) or a cyst?", ">=", 20, "HU", "solid"),
    ("Largest pancreatic lesion: cyst if under 12.5 HU?", "<", 12.5, "HU", "cyst"),
    ("Is the spleen enlarged (spleen > 400 mL counts as enlarged)?", ">", 400, "mL", "enlarged"),
    ("Is the spleen enlarged, taking 0.45 L or more as enlarged?", ">=", 450, "mL", "enlarged"),
    ("Splenomegaly if the volume exceeds 350 cc?", ">", 350, "mL", "splenomegaly"),
    ("How many lesions in segment 5 (more than 25 % of the lesion's voxels)?", ">", 25, "%", None),
    ("lesions in segment IV, counting one when at least 40 percent of its voxels lie there", ">=", 40, "%", None),
    ("Which organs lie within 3 mm of the largest liver lesion?", "<=", 3, "mm", None),
    ("Which structures are closer than 0.5 cm to the tumour?", "<", 5, "mm", None),
    ("Is there fatty liver (a liver-to-spleen ratio below 0.8 indicates fatty liver)?", "<", 0.8, "ratio", "fatty liver"),
    ("Fatty liver if L/S < 1.0?", "<", 1.0, "ratio", "fatty liver"),
    ("Resectability (vascular contact = touching after a 1-voxel dilation)?", "<=", 1, "voxel", "contact"),
    ("resectability (contact: masks touching after dilation by 2 voxels)", "<=", 2, "voxel", "contact"),
]


@pytest.mark.parametrize(("question", "comparison", "value", "unit", "label"), PARSED)
def test_a_stated_threshold_is_read_with_its_comparison_unit_and_category(question: str, comparison: str, value: float,
                                                                         unit: str, label: str | None) -> None:
    found = stated_thresholds(question)
    assert [(t.comparison, t.value, t.unit, t.label) for t in found] == [(comparison, value, unit, label)], found


@pytest.mark.parametrize("question", ["In segment 7 how many lesions?", "What is the volume of the spleen in mL?",
                                      "Is the left kidney larger than the right?", "How many lesions are there, 2 or 3?"])
def test_a_number_with_no_comparison_or_unit_is_no_threshold(question: str) -> None:
    assert stated_thresholds(question) == []


@pytest.mark.parametrize("comparison", ["<", "<=", ">", ">="])
@pytest.mark.parametrize("cut", [-5.0, 0.8, 20.0, 400.0])
def test_the_criterion_puts_each_value_on_the_side_the_comparison_gives(comparison: str, cut: float) -> None:
    threshold = StatedThreshold(comparison=comparison, value=cut, unit="HU", label="cyst")  # type: ignore[arg-type]
    criterion = threshold_criterion("liver_lesion.largest_lesion_mean_hu", threshold, "cyst", "solid")
    for value in (cut - 1.0, cut - 1e-6, cut, cut + 1e-6, cut + 1.0):
        label, _, _ = criterion.decide({"liver_lesion.largest_lesion_mean_hu": value})
        assert (label == "cyst") == threshold.holds(value), (comparison, cut, value, label)


@pytest.mark.parametrize(("comparison", "share", "counts"), [(">", 0.25, False), (">=", 0.25, True), (">", 0.2501, True),
                                                             ("<", 0.1, False)])
def test_a_stated_share_counts_a_lesion_by_its_own_comparison(comparison: str, share: float, counts: bool) -> None:
    assert share_holds(share, StatedThreshold(comparison=comparison, value=25.0 if comparison != "<" else 10.0,  # type: ignore[arg-type]
                                              unit="%")) is counts


@pytest.mark.parametrize(("unit", "contact", "aorta", "ivc", "label"), [
    ("voxel", 1, 1, 3, "locally advanced"), ("voxel", 2, 3, 2, "borderline resectable"), ("voxel", 1, 2, 2, "resectable"),
    ("mm", 3.0, 3.0, 1.0, "locally advanced"), ("mm", 3.0, 3.1, 2.9, "borderline resectable"),
])
def test_vessel_contact_reads_the_stated_reach_in_its_unit(unit: str, contact: float, aorta: float, ivc: float,
                                                          label: str) -> None:
    key = "dilation_steps_from" if unit == "voxel" else "distance_from"
    suffix = "" if unit == "voxel" else "_mm"
    decided, _, _ = vessel_contact_criterion("pancreas_lesion_1", contact, unit).decide(
        {f"aorta.{key}_pancreas_lesion_1{suffix}": aorta, f"postcava.{key}_pancreas_lesion_1{suffix}": ivc})
    assert decided == label


NCCN = ["pancreas_lesion.sma_contact_deg", "pancreas_lesion.celiac_contact_deg", "pancreas_lesion.smv_pv_contact_deg"]


@pytest.mark.parametrize(("question", "options", "basis"), [
    ("What is the resectability status of the pancreatic tumour (vascular contact = touching after a 1-voxel dilation)?",
     ["Resectable (no vascular contact)", "Borderline (venous contact: IVC)", "Locally advanced (arterial contact: aorta)",
      "Metastatic"], VESSEL_CONTACT),
    ("Resectability of the pancreatic mass (contact = within 3 mm)?",
     ["Locally advanced (aortic contact)", "Resectable", "Borderline resectable (inferior vena cava contact)"], VESSEL_CONTACT),
    ("What is the resectability status of the pancreatic tumour (vascular contact = touching after a 1-voxel dilation)?",
     ["Resectable", "Borderline (SMV contact)", "Locally advanced (SMA encasement)"], None),
    ("What is the resectability of the pancreatic tumour?", ["Resectable", "Borderline resectable", "Unresectable"], None),
])
def test_the_vessel_contact_basis_is_read_from_the_question_and_its_options(question: str, options: list[str],
                                                                          basis: str | None) -> None:
    assert basis_of(question, NCCN, options) == basis
