"""Question kinds found in session 40 on question set AR (another author's phrasings, scored before any tuning: task
0.966 / organ 0.970 / polarity 0.994), each varied here in our own words.

- A form's field with an empty value ("Field: Couinaud segment of largest lesion | Value:", "... | Value: yes/no",
  "... | Value: n=?"): the field's name asks, its value types the answer (`questions.fields.FORM_FIELD`).
- A question template with its variable given ('"Is there a {lesion_type} in the pancreas?" with lesion_type =
  "neuroendocrine tumor"'): the question it makes (`questions.fields.placeholders_filled`).
- A JSON request followed by its answer type ('{...} -> true/false?'), and a lesion kind under an organ key
  ('"target": "PDAC"'): read as the request (`questions.fields.object_asked`).
- "T = ?" after a pancreatic tumour: its T category.
- The last sentence asking a laboratory value or a treatment alone after organs stated as context ("Liver 1500 mL,
  spleen normal. Anyway, what's her HbA1c?"), a survival in words ("five-year survival probability") and a treatment
  asked in French or Spanish: out of scope (`questions.scope`).
- A whole report drafted or dictated ("draft the whole-abdomen read"): the report.
- The slice asked as an "axial cut" or an "image number" with numbers offered: the slice, not a count.
- A difference between two structures ("the density gap between the tumour and the liver") after a value stated
  from an earlier study: today's difference, no change between studies (`questions.longitudinal.PICKED`).
- A neighbour asked among organs offered ("sit up against the gallbladder, the stomach or the right kidney"): the
  adjacent organ, not the organs' lesion burdens compared (`questions.cues.NEAR`).
- The segment holding the most lesions asked as "the segment with the highest lesion count" or "which single
  segment has the most": the segments compared.
- Resectability asked "given vessel contact": the NCCN resectability, not a neighbour.
- "What counts as ...", "remind me how ...": the rule in general.
- The task's own organ named in a history before organs stated in passing ("Pancreatic mass in a 50F; kidneys 160 mL
  each. PDAC or PNET?"), and the numerator of "pancreas-to-spleen" after a spleen value stated: the pancreas.
- Polarity: a contrast's rejected words end where the question is restated ("a tumour rather than a cyst -- i.e. is
  a kidney tumour present?" asks the tumour); lesions "scattered" or "spread throughout" deny clustering, "scattered
  rather than grouped together" too; a cyst "below the size cut-off for resection" denies resection.
"""

from __future__ import annotations

import pytest

from questions.understanding import understand


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Field: Couinaud segment of largest lesion | Value:", "largest lesion location", "liver"),
    ("Field: hepatic segment holding the largest lesion | Value: ___", "largest lesion location", "liver"),
    ("Field: Couinaud segment with highest lesion count | Value:", "inter-segment comparison", "liver"),
    ("Field: normal kidney volume range (reference) | Value:", "knowledge question", "kidney"),
    ("Field: dominant-lesion outlier (largest >= 3x second) | Value: yes/no", "lesion outlier", None),
    ("Field: colorectal lesion | Value: ?", "colon lesion existence", "colon"),
    ("field: pancreatic cyst | value: y/n", "pancreatic lesion existence", "pancreas"),
    ("Field: spleen volume (mL) | Value: ___", "organ volume measurement", "spleen"),
    ("Field: lesions in liver segment 2 | Value: n=?", "lesion count by location", "liver"),
    ('Template check: "Is there a {lesion_type} in the pancreas?" with lesion_type = "neuroendocrine tumor"',
     "PNET existence", "pancreas"),
    ("Fill in: 'What is the volume of the {organ}?' where organ: spleen", "organ volume measurement", "spleen"),
    ('Q = "How many lesions in the {organ}?", organ = liver', "lesion counting", "liver"),
    ('{"task": "detect", "target": "PDAC", "organ": "pancreas"} -> true/false?', "PDAC existence", "pancreas"),
    ('{"task": "detect", "target": "PNET"} ?', "PNET existence", "pancreas"),
    ('{"task": "count", "organ": "liver", "lesion": "all"} -> int', "lesion counting", "liver"),
    ("For the staging form: pancreas primary tumour, T = ?", "pancreatic tumor staging", "pancreas"),
    ("Pancreatic head mass. T: ?", "pancreatic tumor staging", "pancreas"),
    ("Pancreatic tail lesion, T stage = ?", "pancreatic tumor staging", "pancreas"),
    ("Would you draft the whole-abdomen read for me -- liver, pancreas, kidneys, spleen, everything?", "report", None),
    ("Dictate a full abdominal report please", "report", None),
    ("Please prepare the complete CT report.", "report", None),
    ("For the key-image annotation, which axial cut has the largest left kidney lesion at its greatest width?",
     "largest lesion slice", "kidney_left"),
    ("Which cut shows the biggest pancreatic lesion at its widest?", "largest lesion slice", "pancreas"),
    ("Liver mean 55 HU was reported last time; now what is the density gap between the liver tumour and the liver "
     "itself?", "tumor organ HU difference", "liver"),
    ("Kidney lesion 20 mm on the prior. What is the HU difference between the kidney lesion and the kidney now?",
     "tumor organ HU difference", "kidney"),
    ("Would you say the lesions favour the right or left liver -- specifically, which single segment has the most?",
     "inter-segment comparison", "liver"),
    ("Which Couinaud segment has the most lesions?", "inter-segment comparison", "liver"),
    ("66M, PDAC in the head, CA19-9 900, liver normal. What's the resectability status given vessel contact?",
     "pancreatic lesion resectability", "pancreas"),
    ("Resectable or not, considering vascular contact of the pancreatic mass?", "pancreatic lesion resectability",
     "pancreas"),
    ("Would you remind me what counts as a lesion 'outlier' -- what ratio of largest to second-largest?",
     "knowledge question", None),
    ("What qualifies as a lesion outlier?", "knowledge question", None),
    ("Remind me how splenomegaly is graded.", "knowledge question", "spleen"),
    ("Does this count as splenomegaly?", "splenomegaly detection", "spleen"),
])
def test_a_phrasing_of_these_kinds_asks_its_task(question: str, task: str, organ: str | None) -> None:
    intent = understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "choices", "task", "organ"), [
    ("Would you tell me which image number the biggest liver tumour is widest on?",
     {"A": "29", "B": "45", "C": "70", "D": "112"}, "largest lesion slice", "liver"),
    ("What slice number shows the largest kidney lesion at its maximum width?", {"A": "12", "B": "31", "C": "48"},
     "largest lesion slice", "kidney"),
    ("How many liver lesions are there?", {"A": "1", "B": "2", "C": "3"}, "lesion counting", "liver"),
    ("Does the liver lesion sit up against the gallbladder, the stomach or the right kidney -- which one?",
     {"A": "gallbladder", "B": "stomach", "C": "right kidney"}, "adjacent organ", "liver"),
    ("Which structure lies closest to the pancreatic tumour?", {"A": "liver", "B": "stomach", "C": "spleen"},
     "adjacent organ", "pancreas"),
    ("Where is the lesion burden greatest?", {"A": "liver", "B": "kidneys", "C": "pancreas"},
     "multi-organ lesion burden comparison", None),
    ("Hypervascular pancreatic mass in a 50F; kidneys 160 mL each. Ductal adenocarcinoma or neuroendocrine tumour?",
     {"A": "ductal adenocarcinoma", "B": "neuroendocrine tumour"}, "PDAC vs PNET classification", "pancreas"),
])
def test_with_options_a_phrasing_of_these_kinds_asks_its_task(question: str, choices: dict[str, str], task: str,
                                                              organ: str | None) -> None:
    intent = understand(question, choices)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize("question", [
    "Liver 1500 mL, spleen normal. Anyway, what's the patient's HbA1c?",
    "Spleen 600 mL. What is the platelet count?",
    "Liver lesion 3 cm. What's the INR?",
    "Pancreatic mass 3 cm. Which chemotherapy regimen should she get?",
    "What's this patient's five-year survival probability?",
    "What is the 5-year survival estimate for this liver cancer?",
    "Quelle chimiothérapie recommandez-vous ?",
    "¿Qué quimioterapia recomienda para el cáncer de páncreas?",
])
def test_out_of_scope_asked_after_context_or_in_other_words(question: str) -> None:
    assert understand(question).task == "out of scope"


@pytest.mark.parametrize(("question", "task"), [
    ("Platelets low. Big spleen?", "splenomegaly detection"),
    ("Spleen 600 mL, platelets 80. Is the spleen enlarged?", "splenomegaly detection"),
    ("Is the pancreatic cancer resectable after FOLFIRINOX?", "pancreatic lesion resectability"),
])
def test_context_words_beside_an_asked_finding_stay_in_scope(question: str, task: str) -> None:
    assert understand(question).task == task


@pytest.mark.parametrize(("question", "organ"), [
    ("Spleen volume 310 mL. Separately, what's the pancreas-to-spleen density ratio?", "pancreas"),
    ("Spleen 50 HU. Liver to spleen ratio?", "liver"),
    ("What is the spleen-to-liver attenuation ratio?", "spleen"),
])
def test_the_ratio_numerator_is_read_from_the_ratio_itself(question: str, organ: str) -> None:
    intent = understand(question)
    assert (intent.task, intent.organ) == ("organ HU ratio", organ)


@pytest.mark.parametrize(("question", "task", "negated"), [
    ("Would you call any renal lesion here a tumour rather than a cyst -- i.e. is a kidney tumour present?",
     "kidney tumor existence", False),
    ("Any solid renal mass rather than a simple cyst, i.e. is a kidney tumour there?", "kidney tumor existence", False),
    ("Are the liver metastases scattered diffusely rather than grouped together?", "liver lesion clustering", True),
    ("Are the liver lesions widely scattered?", "liver lesion clustering", True),
    ("Are the hepatic lesions spread throughout the liver?", "liver lesion clustering", True),
    ("Are the liver lesions clustered?", "liver lesion clustering", False),
    ("Are the liver lesions clustered rather than scattered?", "liver lesion clustering", False),
    ("Is the pancreatic cyst below the size cut-off for resection?", "pancreatic cyst resectability", True),
    ("Is the pancreatic cyst under the size threshold for surgery?", "pancreatic cyst resectability", True),
    ("Does the pancreatic cyst meet the size criteria for resection?", "pancreatic cyst resectability", False),
])
def test_polarity_of_a_restated_contrast_and_of_the_findings_opposite(question: str, task: str,
                                                                      negated: bool) -> None:
    intent = understand(question)
    assert (intent.task, intent.negated) == (task, negated)


@pytest.mark.slow
def test_scattered_asked_yes_or_no_is_answered_against_the_clustering(tmp_path) -> None:  # noqa: ANN001
    """End to end with the real agents on `bench make-suite` cases with provided masks: "Are the liver lesions
    clustered?" and "Are they widely scattered?" (or "scattered rather than grouped") get opposite answers, each the one
    the suite's own truth gives; the old reading answered "Yes - somewhat clustered" to "widely scattered?"."""
    import json

    import orchestrator
    from benchmarks.suite import make_suite

    make_suite(tmp_path / "suite", n_cases=2, seed=3)
    records = json.loads((tmp_path / "suite" / "benchmark" / "test_qa.json").read_text())["questions"]
    truths = {r["image_id"]: "clustered" in r["answer"].lower() for r in records
              if r["question_subtype"] == "liver lesion clustering"}
    answered = 0
    for image_id, clustered in truths.items():
        folder = tmp_path / "suite" / "benchmark" / "ct" / image_id
        image = {"path": str(folder / "ct.nii.gz"), "modality": "CT", "masks": str(folder / "segmentations")}
        for question, yes_if_clustered in (("Are the liver lesions clustered?", True),
                                           ("Are the liver lesions widely scattered?", False),
                                           ("Are the liver metastases scattered diffusely rather than grouped together?",
                                            False)):
            result = orchestrator.run({"case_id": image_id, "question": question, "images": [image]}, {})
            if result.status != "answered":
                continue  # the two readings of a lesion spanning segments disagree: abstained, not guessed
            answered += 1
            said_yes = result.answer.startswith("Yes")
            assert said_yes == (clustered == yes_if_clustered), (image_id, question, result.answer)
    assert answered >= 3, "no clustering answered on the suite's cases: the test no longer tests the rule"
