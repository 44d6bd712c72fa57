"""Facts a resectability question tells the answer to assume ("regard liver lesions as metastases", "assume no
arterial involvement"), read from the question and decided with the real agents.

The kind (suite AF, 4 of its 6 abstentions): a scan without the SMA, celiac axis or portal vein drawn; the question
states what the image cannot show. A liver lesion the question calls a metastasis makes the pancreatic cancer
unresectable (distant disease) whatever the vessels; with no liver lesion the venous contact still decides between
resectable and borderline, so the answer abstains naming the vein mask it lacks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import orchestrator
from agents.reviewer import review_result
from questions.premises import stated_premises
from questions.understanding import understand


@pytest.mark.parametrize(("text", "premises"), [
    ("Is the solid pancreatic mass resectable? Assume no arterial (celiac/SMA/CHA) involvement and regard liver "
     "lesions as metastases.", ["liver_lesions_metastatic", "no_arterial_contact"]),
    ("What is the resectability status of the pancreatic tumour? (In this phantom the celiac axis, SMA and CHA are not "
     "involved; treat any liver lesion as metastatic.)", ["liver_lesions_metastatic", "no_arterial_contact"]),
    ("Resectability of the pancreatic head mass - consider the hepatic nodules as mets.", ["liver_lesions_metastatic"]),
    ("Assume the liver lesions are metastases. Is the PDAC resectable?", ["liver_lesions_metastatic"]),
    ("Given no SMA contact, is the pancreatic tumour resectable?", ["no_arterial_contact"]),
    ("Is the tumour resectable? Any liver lesion counts as metastatic disease.", ["liver_lesions_metastatic"]),
    ("What is the resectability status of the solid pancreatic tumor?", []),
    ("Does the pancreatic tumour involve the SMA?", []),
    ("Are the liver lesions metastases or cysts?", []),
    ("Is there arterial involvement by the pancreatic mass?", []),
])
def test_premises_are_read_from_the_question(text: str, premises: list[str]) -> None:
    assert stated_premises(text) == premises


def test_the_intent_carries_the_premise_and_measures_the_liver_lesions() -> None:
    intent = understand("What is the resectability status of the pancreatic tumour? (The SMA and celiac axis are not "
                        "involved; treat any liver lesion as metastatic.)",
                        {"A": "Resectable", "B": "Unresectable (liver metastases)", "C": "Borderline resectable",
                         "D": "Locally advanced (unresectable)"})
    assert intent.task == "pancreatic lesion resectability"
    assert intent.premises == ["liver_lesions_metastatic", "no_arterial_contact"]
    assert "liver_lesion.lesion_count" in intent.quantities
    assert understand("Are there liver metastases? Treat liver lesions as metastases.").premises == []  # not resectability


AF_OPTIONS = {"A": "Resectable", "B": "Unresectable (liver metastases)", "C": "Borderline resectable",
              "D": "Locally advanced (unresectable)"}
AE_OPTIONS = {"A": "Unresectable (locally advanced)", "B": "Resectable", "C": "Metastatic disease",
              "D": "Borderline resectable"}
PLAIN_OPTIONS = {"A": "Resectable", "B": "Borderline resectable", "C": "Unresectable"}


def _phantom(tmp_path: Path, seed: int, orientation: str, liver_lesions: int) -> dict:
    from synthetic.phantom import PhantomSpec, make_phantom

    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, liver_lesions=liver_lesions,
                                   liver_lesion_diameters_mm=(24.0, 18.0, 15.0)[:liver_lesions] or None,
                                   pancreatic_tumor_mm=26.0, kidney_lesion="none"))
    return {"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}


QUESTION = ("Is the solid pancreatic mass resectable? Assume no arterial (celiac/SMA/CHA) involvement and regard liver "
            "lesions as metastases.")


@pytest.mark.parametrize(("seed", "orientation", "lesions", "options", "expected"), [
    (41, "LPS", 1, AF_OPTIONS, "B"),
    (42, "RAS", 3, AE_OPTIONS, "C"),
    (43, "PIR", 2, PLAIN_OPTIONS, "C"),
])
def test_a_liver_lesion_regarded_as_metastasis_makes_the_tumour_unresectable(
        tmp_path: Path, seed: int, orientation: str, lesions: int, options: dict, expected: str) -> None:
    image = _phantom(tmp_path, seed, orientation, lesions)
    result = orchestrator.run({"case_id": "premise", "images": [image], "question": QUESTION, "choices": options})
    assert result.status == "answered", (result.status, result.reasons)
    assert result.answer_detail.choice == expected, result.answer_detail.text
    assert "stated in the question" in " ".join(e.citation or "" for e in result.evidence
                                                 if e.id in result.answer_detail.evidence_ids)
    for letter in set(options) - {expected}:  # every other option is caught by the attending
        wrong = result.model_copy(deep=True)
        wrong.answer_detail = wrong.answer_detail.model_copy(update={"choice": letter, "text": f"{letter} — "
                                                                     f"{options[letter]}"})
        wrong.answer = letter
        assert not review_result(wrong).consistent, options[letter]


def test_without_a_liver_lesion_the_veins_still_decide_and_the_answer_says_which_mask_is_missing(tmp_path: Path) -> None:
    image = _phantom(tmp_path, 44, "LPS", 0)
    result = orchestrator.run({"case_id": "premise0", "images": [image], "question": QUESTION, "choices": AF_OPTIONS})
    assert result.status == "abstained", (result.answer, result.reasons)
    assert any("portal" in r and "vein" in r for r in result.reasons), result.reasons


def test_a_premise_the_question_does_not_state_is_not_taken(tmp_path: Path) -> None:
    """The same metastatic answer under a question without the premise is refused by the attending."""
    image = _phantom(tmp_path, 45, "RAS", 2)
    result = orchestrator.run({"case_id": "premise1", "images": [image], "question": QUESTION, "choices": AF_OPTIONS})
    assert result.status == "answered" and result.answer_detail.choice == "B", result.reasons
    unstated = result.model_copy(deep=True)
    unstated.question = "Is the solid pancreatic mass resectable?"
    assert not review_result(unstated).consistent
