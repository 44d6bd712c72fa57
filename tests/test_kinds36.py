"""Kinds found in session 36, each varied in our own words.

- An earlier report's words told without quotes ("Outside report called it a 4 cm renal lesion. What is its volume in
  cc?"): "called" read as a definition asked, and the image question planned as a knowledge question. The report's
  sentence is history (`questions.context.REPORTED_FINDING`); "its" is the lesion it names.
"""

from __future__ import annotations

import pytest

from questions.understanding import understand


@pytest.mark.parametrize(("question", "task", "quantity"), [
    ("Outside report called it a 4 cm renal lesion. What is its volume in cc?", "lesion volume measurement",
     "kidney_lesion.largest_lesion_volume_ml"),
    ("The referral letter says a 2 cm pancreatic cyst. How big is it in mm?", "largest lesion diameter",
     "pancreas_lesion.largest_lesion_diameter_mm"),
    ("Her GP noted a liver lesion of about 3 cm on ultrasound. What is its volume?", "lesion volume measurement",
     "liver_lesion.largest_lesion_volume_ml"),
    ("The oncologist described a 25 mm kidney mass. What's its longest diameter on this CT?", "largest lesion diameter",
     "kidney_lesion.largest_lesion_diameter_mm"),
    ("MRI report labelled it a 15 mm hepatic cyst. Volume of it, please?", "lesion volume measurement",
     "liver_lesion.largest_lesion_volume_ml"),
])  # fmt: skip
def test_a_reports_words_are_history_not_a_definition_asked(question: str, task: str, quantity: str) -> None:
    intent = understand(question)
    assert intent.task == task, (intent.task, intent.quantities)
    assert quantity in intent.quantities, intent.quantities


@pytest.mark.parametrize("question", [
    "What is a renal lesion called when it measures over 4 cm?",
    "How is a 2 cm pancreatic cyst classified by the guideline?",
])  # fmt: skip
def test_a_rule_asked_in_its_own_sentence_stays_a_rule(question: str) -> None:
    assert understand(question).task == "knowledge question"


LIVER_TYPES = {"A": "Simple cyst", "B": "Hypoattenuating solid lesion (e.g. metastasis)",
               "C": "Hyperattenuating / hypervascular solid lesion", "D": "No liver lesion present"}


@pytest.mark.parametrize(("seed", "lesion_hu", "contrasts", "letter", "question"), [
    (61, 20.0, (-25.0,), "B", "Classify the dominant liver tumor."),
    (62, 20.0, (45.0,), "C", "What type of lesion is the largest hepatic lesion?"),
    (63, 20.0, (-55.0,), "A", "Most likely nature of the biggest liver lesion?"),
    (64, 20.0, (50.0, -30.0), "C", "Classify the largest liver lesion."),  # the larger of the two is the bright one
])  # fmt: skip
def test_a_liver_lesion_is_typed_by_its_content_then_its_attenuation(tmp_path, seed: int, lesion_hu: float,
                                                                     contrasts: tuple[float, ...], letter: str,
                                                                     question: str) -> None:
    """Suite AL: "Hypoattenuating solid lesion / Hyperattenuating solid lesion / Simple cyst" abstained (no cited
    criterion typed a liver lesion). Cyst or solid by `hepatic-lesion-solid-vs-cystic` (fluid <= 20 HU, solid > 30 HU),
    a solid one's attenuation by the DTVQA definition; real agents on our phantoms, real attending."""
    import orchestrator
    from synthetic.phantom import PhantomSpec, make_phantom

    diameters = (32.0, 18.0)[: len(contrasts)]
    make_phantom(tmp_path / "p", PhantomSpec(seed=seed, liver_lesions=len(contrasts), liver_lesion_hu=lesion_hu,
                                             liver_lesion_diameters_mm=diameters, liver_lesion_contrasts_hu=contrasts))
    result = orchestrator.run({"case_id": f"lt{seed}", "question": question, "choices": LIVER_TYPES,
                               "images": [{"path": str(tmp_path / "p" / "ct.nii.gz"),
                                           "masks": str(tmp_path / "p" / "segmentations")}]})
    assert result.status == "answered", result.reasons
    assert result.answer == letter, (result.answer, result.answer_detail.text)
    assert any(e.id.endswith("hepatic-lesion-solid-vs-cystic") for e in result.evidence
               if e.id in result.answer_detail.evidence_ids), result.answer_detail.evidence_ids
    assert result.review is not None and result.review.consistent


@pytest.mark.parametrize(("question", "task", "quantity"), [
    ('Return {"organ": "liver", "tumor_burden_pct": <float, 1 decimal>}.', "tumor burden percentage",
     "liver_lesion.tumor_burden_pct"),
    ('{"organ": "spleen", "volume_ml": <float>, "units": "mL"}', "organ volume measurement", "spleen.volume_ml"),
    ('measure(target="kidney_tumor", measurement_type="lesion_count"); answer as {"count": int}', "lesion counting",
     "kidney_lesion.lesion_count"),
    ('query(organ="pancreas", measurement_type="largest_lesion_diameter_mm")', "largest lesion diameter",
     "pancreas_lesion.largest_lesion_diameter_mm"),
    ('{"task": "t_stage", "organ": "pancreas", "answer_space": ["T1", "T2", "T3", "T4"]}', "pancreatic tumor staging",
     None),
    ('Return {"segment": 7, "lesion_count": int} for the liver.', "lesion count by location", None),
])  # fmt: skip
def test_a_structured_request_of_several_pairs_asks_its_one_asked_key(question: str, task: str,
                                                                      quantity: str | None) -> None:
    """Set AN: agent prompts as JSON templates of several pairs or tool calls ("tumor_burden_pct" beside "organ") had
    been read from their words alone (an HU difference, a diameter, an HU measurement). The pairs are read as a form
    field: the key with a placeholder or a naming key's value is asked, "organ"/"target" say of what
    (`questions.fields.template_asked`)."""
    intent = understand(question)
    assert intent.task == task, (intent.task, intent.quantities)
    assert quantity is None or quantity in intent.quantities, intent.quantities


@pytest.mark.parametrize(("question", "task"), [
    ('{"finding": "fatty_liver", "categories": ["none", "mild", "moderate-severe"]}', "fatty liver"),
    ("Hepatic steatosis present? If so, mild or moderate-to-severe?", "fatty liver"),
    ("Liver fat: none, mild, or moderate/severe?", "fatty liver"),
    ("How severe is the fatty liver? A. mild B. moderate C. severe", "hepatic steatosis grading"),
    ("Grade the steatosis G0 to G3.", "hepatic steatosis grading"),
    ("Splenic enlargement category?", "splenomegaly grading"),
    ("how big is my spleen compared to normal - a little bit big or very big?", "splenomegaly grading"),
    ("Is the spleen enlarged?", "splenomegaly detection"),
    ("Pancreatic tail lesion: which of these does it abut - spleen, stomach or left kidney?", "adjacent organ"),
    ("my kidney tumour - is it pressing on anything nearby? which organ?", "adjacent organ"),
    ("Which organ does the liver mass push against?", "adjacent organ"),
    ("What does the chest CT show in the lungs?", "out of scope"),
    ("Any lesion in the lungs on the chest CT?", "out of scope"),
    ("Above what tumour size does a pancreatic cancer become T3 in AJCC?", "knowledge question"),
    ("At what diameter does a renal tumour become T2?", "knowledge question"),
    ("IPMN follow-up, 67M, cyst-fluid CEA 210 ng/mL. Based on size alone, does the cyst warrant resection?",
     "pancreatic cyst resectability"),
    ("Surveillance follow-up of a pancreatic cyst. Does it meet the size criterion for resection?",
     "pancreatic cyst resectability"),
    ("Follow-up CT after chemotherapy. Are the liver lesions smaller?", "lesion change"),
    ("Multiple hepatic mets. Is the largest at least three times the size of the runner-up?", "lesion outlier"),
    ("Total volume of all segmented abdominal organs (cm³)?", "organ aggregation"),
    ("Rank liver, pancreas and kidneys by total lesion volume; which comes first?", "multi-organ lesion burden comparison"),
    ("Order the organs by tumour burden, highest first.", "multi-organ lesion burden comparison"),
    ("Portal venous phase. Compute mean HU(tumour) − mean HU(liver).", "tumor organ HU difference"),
    ("HU(lesion) - HU(kidney) for the largest renal lesion?", "tumor organ HU difference"),
    ("Les deux reins sont-ils asymétriques en volume ?", "bilateral kidney asymmetry"),
    ("¿Son los riñones asimétricos en volumen?", "bilateral kidney asymmetry"),
    ("is the cancer mostly in the left half or the right half of my liver?", "inter-segment comparison"),
    ("Are the liver mets mainly in the right or left hemiliver?", "inter-segment comparison"),
])  # fmt: skip
def test_set_an_kinds_in_our_own_words(question: str, task: str) -> None:
    """Set AN's other kinds, each varied: the fatty-liver scale ("mild or moderate-to-severe") against the G0-G3 grade;
    a severity asked as a category or in lay words; adjacency as pressing or abutting among listed organs; the lungs
    of a chest CT; a rule asked as the size at which a stage begins; a surveillance visit named in the history of a
    question asked of today; an outlier against the runner-up; a total over all organs; organs ranked by burden; a
    difference written as a formula; asymmetry in French and Spanish."""
    assert understand(question).task == task


NEIGHBOURS = {"A": "Inferior vena cava", "B": "Spleen", "C": "Gallbladder", "D": "Stomach"}


@pytest.mark.parametrize("seed", [71, 72, 73, 75, 76])
def test_touches_which_organ_is_answered_by_contact_not_by_the_nearest(tmp_path, seed: int) -> None:
    """Suite AM: "A focal liver lesion touches which neighbouring organ?" answered "Inferior vena cava", the nearest
    option 13.8 mm from the largest of several lesions (a smaller one touched the stomach). Asked of a lesion
    indefinitely, with several, the largest one's nearest option answers only within contact (`adjacency.ANY_LESION`);
    asked of the largest, the nearest option still answers (suite AG's convention). Real agents on our phantoms with
    provided masks."""
    import orchestrator
    from synthetic.phantom import PhantomSpec, make_phantom

    make_phantom(tmp_path / "p", PhantomSpec(seed=seed, liver_lesions=2, liver_lesion_diameters_mm=(24.0, 14.0)))
    image = {"path": str(tmp_path / "p" / "ct.nii.gz"), "masks": str(tmp_path / "p" / "segmentations")}
    nearest = orchestrator.run({"case_id": f"n{seed}", "question": "Which organ does the largest liver lesion abut?",
                                "choices": NEIGHBOURS, "images": [image]})
    touched = orchestrator.run({"case_id": f"t{seed}", "question": "A focal liver lesion touches which neighbouring organ?",
                                "choices": NEIGHBOURS, "images": [image]})
    distances = [e for e in nearest.evidence if e.name.startswith("distance_from_") and e.id in
                 (nearest.answer_detail.evidence_ids if nearest.answer_detail else [])]
    assert nearest.status == "answered" and distances, nearest.reasons
    resolution = next(float(e.provenance.resolution_mm) for e in nearest.evidence
                      if getattr(e.provenance, "resolution_mm", None))  # the adjacency measurement's own
    if min(float(e.value) for e in distances) > 2.0 * resolution:  # the nearest option does not touch the lesion
        assert touched.status == "abstained", (touched.answer, touched.answer_detail and touched.answer_detail.text)
    else:
        assert touched.status == "answered" and touched.answer == nearest.answer
