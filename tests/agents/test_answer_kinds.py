"""Kinds of wrong answers found on independent material, each a rule varied over its inputs.

A cut-off the question states decides (kidney asymmetry at the question's own percentage); a negative
category is a negative option; "total lesion volume" compares millilitres, not shares; a sided lesion
count counts that kidney; a pancreatic cyst is not PDAC. Reasoner and reviewer agree on every case.
"""

from __future__ import annotations

import pytest

from core.case import Evidence
from knowledge.stated import paired_asymmetry, relative_difference_pct
from questions.basis import stated_cutoff_pct
from questions.intents import parse_choices
from questions.intents.answers import best_option
from questions.understanding import understand
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve

E = Evidence.make




# -- a cut-off the question states -----------------------------------------------------------------

@pytest.mark.parametrize(("question", "cutoff"), [
    ("Using a 15% threshold on (larger − smaller) / larger kidney volume, are the kidneys symmetric?", 15.0),
    ("Is there a volume asymmetry between the kidneys (relative difference of at least 10% of the larger one)?", 10.0),
    ("Do the kidney volumes differ by more than 20 percent?", 20.0),
    ("Are the kidneys asymmetric with a 12.5 % cut-off?", 12.5),
    ("Which kidney is larger?", None),
    ("Is the left kidney 10% or 20% larger than the right one?", None),  # two percentages state no single rule
])
def test_the_stated_cutoff_is_read(question: str, cutoff: float | None) -> None:
    assert stated_cutoff_pct(question) == cutoff


OPTIONS = {"A": "Asymmetric: left kidney larger", "B": "Symmetric (difference below {c}%)",
           "C": "Asymmetric: right kidney larger", "D": "Solitary kidney"}


@pytest.mark.parametrize("cutoff", [10.0, 15.0, 25.0])
@pytest.mark.parametrize("right_offset_pct", [-40.0, -1.0, 0.0, 1.0, 40.0])
def test_kidney_asymmetry_follows_the_stated_cutoff_in_reasoner_and_reviewer(cutoff: float,
                                                                            right_offset_pct: float) -> None:
    """Differences just below, at and above each cut-off, either side larger: one label, one verdict."""
    left = 160.0
    pct = cutoff + right_offset_pct if abs(right_offset_pct) < 5 else abs(right_offset_pct)
    right = left * (1 - pct / 100.0) if right_offset_pct <= 0 else left / (1 - pct / 100.0)
    left_first = right_offset_pct > 0
    choices = {k: v.format(c=f"{cutoff:g}") for k, v in OPTIONS.items()}
    q = Question("bilateral kidney asymmetry",
                 f"Using a {cutoff:g}% threshold on (larger − smaller) / larger kidney volume, are the kidneys "
                 "symmetric?", choices)
    evidence = replacing(patient_evidence(), hand_measured("kidney_left", "volume_ml", round(left, 3), "mL"),
                     hand_measured("kidney_right", "volume_ml", round(right, 3), "mL"))
    intent, answer, full = solve(q, evidence)
    assert intent.cutoff_pct == cutoff
    label, measured = paired_asymmetry("kidney_left/kidney_right.volume_difference_pct", round(left, 3),
                                       round(right, 3), cutoff)
    expected = {"symmetric": "B", "left larger": "A", "right larger": "C"}[label]
    assert answer is not None and answer.choice == expected, (measured, answer)
    assert (label == "symmetric") == (measured < cutoff)
    assert left_first == (label == "right larger") or label == "symmetric"
    assert review_of(q, intent, answer, full).consistent
    wrong = next(letter for letter in "ABC" if letter != expected)
    flipped = answer.model_copy(update={"choice": wrong, "text": f"{wrong}: {choices[wrong]}. {choices[wrong]}."})
    assert not review_of(q, intent, flipped, full).consistent


def test_relative_difference_is_of_the_larger() -> None:
    assert relative_difference_pct(200.0, 170.0) == pytest.approx(15.0)
    assert relative_difference_pct(170.0, 200.0) == pytest.approx(15.0)
    with pytest.raises(ValueError):
        relative_difference_pct(0.0, 0.0)


# -- a negative category is a negative option ---------------------------------------------------------

@pytest.mark.parametrize(("label", "options", "expected"), [
    ("no fatty liver", {"A": "Mild fatty liver", "B": "No hepatic steatosis", "C": "Hepatic iron overload",
                        "D": "Moderate-to-severe fatty liver"}, "B"),
    ("fatty liver", {"A": "No hepatic steatosis", "B": "Mild fatty liver", "C": "Moderate-to-severe fatty liver"}, "B"),
    ("normal", {"A": "Mild splenomegaly", "B": "Normal (no splenomegaly)", "C": "Severe splenomegaly"}, "B"),
    ("normal", {"A": "Enlarged", "B": "Not enlarged (normal size)", "C": "Cannot be determined"}, "B"),
])
def test_a_label_is_an_option_of_its_own_polarity(label: str, options: dict[str, str], expected: str) -> None:
    choice_set = parse_choices(options)
    assert choice_set is not None
    assert best_option(label, choice_set)[0] == expected


@pytest.mark.parametrize(("liver", "spleen"), [(63.1, 56.8), (46.0, 42.7), (58.0, 58.0)])
def test_fatty_liver_options_carry_the_task_and_no_steatosis_is_chosen(liver: float, spleen: float) -> None:
    """Liver at or above the spleen, liver ≥ 40 HU: no hepatic steatosis, however the question is worded."""
    choices = {"A": "Mild fatty liver", "B": "No hepatic steatosis", "C": "Hepatic iron overload (hyperdense liver)",
               "D": "Moderate-to-severe fatty liver"}
    for wording in ("What is the fatty-liver status of this patient?",
                    "Using the liver/spleen attenuation ratio and the liver HU, how would you classify hepatic fat?"):
        intent = understand(wording, choices)
        assert intent.task == "fatty liver", wording
        q = Question("fatty liver", wording, choices, ("dtvqa-fatty-liver",))
        evidence = replacing(patient_evidence(), hand_measured("liver", "mean_hu", liver, "HU"), hand_measured("spleen", "mean_hu", spleen, "HU"))
        _, answer, full = solve(q, evidence)
        assert answer is not None and answer.choice == "B"
        assert review_of(q, intent, answer, full).consistent


# -- lesion burden in mL, organs from the options -------------------------------------------------------

@pytest.mark.parametrize(("volumes", "expected"), [
    ({"liver_lesion": 40.0, "kidney_lesion": 12.0, "pancreas_lesion": 3.0, "colon_lesion": 0.0}, "D"),
    ({"liver_lesion": 2.0, "kidney_lesion": 30.0, "pancreas_lesion": 3.0, "colon_lesion": 0.0}, "A"),
    ({"liver_lesion": 2.0, "kidney_lesion": 1.0, "pancreas_lesion": 3.0, "colon_lesion": 9.0}, "C"),
])
def test_largest_total_lesion_volume_compares_millilitres(volumes: dict[str, float], expected: str) -> None:
    """Shares of the organ point elsewhere (a small pancreas), the question asks total volume in mL."""
    choices = {"A": "Kidneys", "B": "Pancreas", "C": "Colon", "D": "Liver"}
    question = "Which organ carries the largest total lesion volume?"
    intent = understand(question, choices)
    assert sorted(q.split(".")[1] for q in intent.quantities) == ["total_lesion_volume_ml"] * 4
    evidence = replacing(patient_evidence(), *(hand_measured(g, "total_lesion_volume_ml", v, "mL") for g, v in volumes.items()),
                     hand_measured("pancreas_lesion", "tumor_burden_pct", 50.0, "%"), hand_measured("colon_lesion", "lesion_count", 1, "count"))
    q = Question("multi-organ lesion burden comparison", question, choices)
    _, answer, full = solve(q, evidence)
    assert answer is not None and answer.choice == expected
    assert review_of(q, intent, answer, full).consistent


@pytest.mark.parametrize(("question", "quantity"), [
    ("Which organ has the highest tumour burden percentage?", "tumor_burden_pct"),
    ("In which organ do lesions occupy the largest percentage of the organ?", "tumor_burden_pct"),
    ("Which organ has the greatest combined lesion volume in mL?", "total_lesion_volume_ml"),
    ("Comparing liver, kidney and pancreatic lesion burden, which organ dominates?", "total_lesion_volume_ml"),
    ("Where is the tumour burden highest?", "total_lesion_volume_ml"),
    ("Which organ's lesions take up the largest share of it?", "tumor_burden_pct"),
])
def test_burden_means_total_volume_unless_a_share_is_asked(question: str, quantity: str) -> None:
    intent = understand(question, {"A": "Liver", "B": "Pancreas", "C": "Kidneys"})
    assert {q.split(".")[1] for q in intent.quantities} == {quantity}
    assert {q.split(".")[0] for q in intent.quantities} == {"liver_lesion", "pancreas_lesion", "kidney_lesion"}


# -- a pancreatic cyst is not PDAC -----------------------------------------------------------------------

@pytest.mark.parametrize(("lesion_hu", "pdac"), [(5.0, False), (20.0, False), (20.5, None), (30.0, None),
                                                 (30.5, True), (38.0, True), (52.0, False)])
def test_pdac_needs_a_solid_hypoattenuating_mass(lesion_hu: float, pdac: bool | None) -> None:
    """Fluid is no PDAC, 21-30 HU is indeterminate (the option saying it cannot be assessed), above 30 HU a solid mass
    typed by attenuation against the gland (40.3 ± 9.8 HU here: 52 HU is hyperattenuating, PNET-like)."""
    q = Question("PDAC existence", "Is there a pancreatic ductal adenocarcinoma (PDAC) on this CT?",
                 {"A": "Yes", "B": "No", "C": "Cannot be assessed on CT"},
                 ("dtvqa-lesion-attenuation", "pancreatic-lesion-solid-vs-cystic"))
    evidence = replacing(patient_evidence(), hand_measured("pancreas_lesion", "largest_lesion_mean_hu", lesion_hu, "HU"))
    intent, answer, full = solve(q, evidence)
    if pdac is None:  # the criterion's indeterminate band, and an option that says so
        assert answer is not None and answer.choice == "C", answer
        assert "indeterminate by pancreatic-lesion-solid-vs-cystic" in answer.text, answer.text
        return
    assert answer is not None and answer.choice == ("A" if pdac else "B")
    assert review_of(q, intent, answer, full).consistent
    other = "B" if pdac else "A"
    flipped = answer.model_copy(update={"choice": other, "text": f"{other}: {q.choices[other]}. {q.choices[other]}."})
    assert not review_of(q, intent, flipped, full).consistent


# -- unitless options are in the unit the question names --------------------------------------------------

@pytest.mark.parametrize(("question", "options", "value", "unit", "expected"), [
    ("How long is the lesion of the pancreas at its widest on an axial slice, in cm?",
     {"A": "2.08", "B": "3.43", "C": "1.56", "D": "2.71"}, 15.65, "mm", "C"),
    ("What is the largest diameter of the liver lesion in mm?", {"A": "15.6", "B": "1.56", "C": "31"}, 15.65, "mm", "A"),
    ("How large (cm³) is the biggest liver lesion?", {"A": "4.97", "B": "7.86", "C": "11.2"}, 7.9, "mL", "B"),
])
def test_unitless_options_take_the_asked_unit(question: str, options: dict[str, str], value: float, unit: str,
                                              expected: str) -> None:
    from questions.intents import choices_asked, extract
    from questions.intents.answers import nearest_option

    choice_set = choices_asked(options, extract(question).units)
    assert choice_set is not None
    assert nearest_option(value, unit, choice_set) == expected


@pytest.mark.parametrize(("question", "task"), [
    ("There are several liver lesions; how large (cm³) is the biggest one?", "lesion volume measurement"),
    ("How long is the pancreatic lesion at its widest on an axial slice, in cm?", "largest lesion diameter"),
    ("On which axial slice is the liver lesion widest?", "largest lesion slice"),
    ("Is there a solid kidney tumour (not a simple cyst) in this patient?", "kidney tumor existence"),
    ("Is there any lesion (solid or cystic) in either kidney?", "kidney lesion existence"),
    ("Are renal lesions present on this CT, in the left or right kidney?", "kidney lesion existence"),
])
def test_context_and_qualifiers_do_not_set_the_task(question: str, task: str) -> None:
    assert understand(question).task == task
