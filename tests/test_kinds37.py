"""Question kinds found in session 37 (question set AO, another author's phrasings), each varied in our own words.

- One-pair JSON templates with a bare type or "?" as the value, then what they are of ('Return {"volume_cc": float}
  for the spleen + liver.', '{"resectable": bool} for the pancreatic mass'): the template is the question, the rest
  says of what (`questions.fields.json_asked`).
- Count options written as words ("none / one / two / three+"): options of a count, not categories.
- "normal" said of an attenuation ("Is pancreatic density normal relative to the spleen?"): no size asked.
- Organs offered as neighbours ("closest to the kidney tumour? (a) liver (b) spleen"): no lesion burden compared.
- A lesion load called lopsided or lateralised between the kidneys: the asymmetry task.
- Another modality's earlier finding ("prior EUS", "previous MRI showed ..."), today's value asked in so many words
  ("I only want today's count"), a build stated first ("he is 1.80 m and 95 kg, ..."): history, not a comparison or
  the task.
- The asker's own organ ("my liver", "my mum's kidney") beside a rule word: the image's question; a rule's limits
  asked as such ("What are the ... cut-offs for ...?") with no case named: the rule.
- A search ordered ("Screen the liver for metastases"), "is it there?" after a history naming the finding: presence.
- A topic with a question mark, then an order naming what to do ("Vascular contact? Stage the pancreatic mass."):
  the order asks.
- A difference written as a formula ("|Lesion HU - parenchyma HU|"): the lesion-organ difference, its magnitude.
- Pancreatic diagnoses offered with a cyst option for "the dominant pancreatic lesion": the largest lesion's type,
  whatever its kind (suite AN: a larger cyst beside a small PDAC had been answered PDAC).
"""

from __future__ import annotations

import pytest

from questions.intents.choices import parse_choices
from questions.understanding import understand


@pytest.mark.parametrize(("question", "choices", "task", "organ"), [
    ('Return {"volume_cc": float} for the spleen + liver.', None, "organ aggregation", None),
    ('Give {"total_ml": ?} for kidneys + pancreas', None, "organ aggregation", None),
    ('Output {"segment": str} for the biggest liver lesion.', None, "largest lesion location", "liver"),
    ('{"enlarged": bool} for the spleen', None, "splenomegaly detection", "spleen"),
    ('JSON {"organ": "kidney", "tumor_burden_pct": ?}', None, "tumor burden percentage", "kidney"),
    ("Number of pancreatic lesions? (a) none (b) one (c) two (d) three or more",
     {"A": "none", "B": "one", "C": "two", "D": "three or more"}, "lesion counting", "pancreas"),
    ("How many kidney cysts are there?", {"A": "zero", "B": "one", "C": "two", "D": "four+"}, "lesion counting",
     "kidney"),
    ("Is liver density normal compared with the spleen (no fatty change)?", {"A": "yes", "B": "no"}, "fatty liver",
     "liver"),
    ("Which structure is nearest to the liver tumour? (a) stomach (b) kidney (c) pancreas (d) colon", None,
     "adjacent organ", "liver"),
    ("Which organ abuts the pancreatic mass? A) spleen B) liver C) kidney D) colon", None, "adjacent organ",
     "pancreas"),
    ("Is the renal tumour burden lopsided toward one kidney?", None, "bilateral kidney asymmetry", "kidney"),
    ("Kidney lesion load laterality: left-dominant, right-dominant or balanced?", None, "bilateral kidney asymmetry",
     "kidney"),
    ("Pancreatic head mass, no vascular abutment on previous MRI - T stage by size?", None, "pancreatic tumor staging",
     "pancreas"),
    ("Kidney cyst? Previous ultrasound 3 years ago showed a 9 mm anechoic focus.", None, "kidney cyst existence",
     "kidney"),
    ("How many liver lesions now? (The last scan counted 6, but I only want today's number.)", None,
     "lesion counting", "liver"),
    ("He is 1.80 m and 95 kg, what volume is his spleen?", None, "organ volume measurement", "spleen"),
    ("how severe is the fat in my mum's liver on the grading scale?", None, "hepatic steatosis grading", "liver"),
    ("what kind of growth is on my kidney, a cyst or a cancer?", None, "lesion type classification", "kidney"),
    ("Family history of Lynch syndrome. Screen the colon for a tumour please.", None, "colon lesion existence",
     "colon"),
    ("her oncologist was looking for pancreatic neuroendocrine tumour. is it there?", None, "PNET existence",
     "pancreas"),
    ("MDT: vascular contact? Stage the pancreatic mass.", None, "pancreatic tumor staging", "pancreas"),
    ("Any simple or septated cyst in either kidney?", None, "kidney cyst existence", "kidney"),
    ("Did the pancreatic cyst grow?", None, "lesion change", "pancreas"),
    ("Has the liver metastasis shrunk?", None, "lesion change", "liver"),
    ("|Tumour HU - liver HU| for the biggest hepatic lesion?", None, "tumor organ HU difference", "liver"),
    ("Lesion attenuation − kidney attenuation, largest renal lesion?", None, "tumor organ HU difference", "kidney"),
])  # fmt: skip
def test_set_ao_kinds_in_our_own_words(question: str, choices: dict[str, str] | None, task: str,
                                       organ: str | None) -> None:
    intent = understand(question, choices)
    assert intent.task == task, (intent.task, intent.quantities)
    assert intent.organ == organ, intent.organ


@pytest.mark.parametrize("question", [
    "What are the Bosniak class thresholds for renal cysts?",
    "can you explain what 'hyperattenuating' means in a radiology report?",
    "What are the size cut-offs between mild, moderate and severe splenomegaly?",
])  # fmt: skip
def test_a_rule_asked_as_such_is_a_knowledge_question(question: str) -> None:
    assert understand(question).task == "knowledge question"


@pytest.mark.parametrize(("question", "task"), [
    ("¿Cuál es la esperanza de vida de mi padre?", "out of scope"),
    ("Quale organo confina con la lesione epatica?", "adjacent organ"),
    ("Come è cambiata la cisti pancreatica rispetto all'esame precedente?", "lesion change"),
])  # fmt: skip
def test_other_languages_of_set_ao(question: str, task: str) -> None:
    assert understand(question).task == task


def test_count_options_in_words_are_numbers() -> None:
    choice_set = parse_choices({"A": "none", "B": "one", "C": "two", "D": "three+"})
    assert choice_set is not None and choice_set.form == "number"
    assert [o.value for o in choice_set.options] == [0.0, 1.0, 2.0, 3.0]
    assert parse_choices({"A": "none", "B": "mild", "C": "severe"}).form == "category"  # a grade's "none" stays one


PANCREATIC_TYPES = {"A": "No pancreatic lesion", "B": "PNET (hyperattenuating solid mass)",
                    "C": "PDAC (hypoattenuating solid mass)", "D": "Cystic lesion"}


def _second_pancreatic_lesion(folder, radius_mm: float, contrast_hu: float) -> None:
    """Paints a second, smaller lesion into a phantom's pancreas and its `pancreas_tumor` mask, as far from the first
    as the gland allows: a sphere of `radius_mm` at the pancreas' HU plus `contrast_hu`."""
    import nibabel as nib
    import numpy as np
    from scipy import ndimage

    ct_img = nib.load(folder / "ct.nii.gz")
    ct = np.asarray(ct_img.dataobj).astype(np.int16)
    gland = np.asarray(nib.load(folder / "segmentations" / "pancreas.nii.gz").dataobj) > 0
    tumor_img = nib.load(folder / "segmentations" / "pancreas_tumor.nii.gz")
    tumor = np.asarray(tumor_img.dataobj) > 0
    spacing = np.array(ct_img.header.get_zooms()[:3], dtype=float)
    far = ndimage.distance_transform_edt(~tumor, sampling=spacing) * (ndimage.distance_transform_edt(
        gland, sampling=spacing) >= radius_mm * 0.6)
    centre = np.array(np.unravel_index(int(np.argmax(far)), far.shape))
    grid = np.indices(ct.shape).transpose(1, 2, 3, 0)
    ball = (np.linalg.norm((grid - centre) * spacing, axis=-1) <= radius_mm) & gland & ~tumor
    ct[ball] = int(np.median(ct[gland & ~tumor])) + int(contrast_hu)
    nib.save(nib.Nifti1Image(ct, ct_img.affine, ct_img.header), folder / "ct.nii.gz")
    nib.save(nib.Nifti1Image((tumor | ball).astype(np.uint8), tumor_img.affine), folder / "segmentations" /
             "pancreas_tumor.nii.gz")


@pytest.mark.parametrize(("seed", "question", "letter"), [
    (81, "Classify the dominant pancreatic lesion.", "D"),  # the larger cyst is the dominant lesion
    (82, "What type is the largest pancreatic lesion?", "D"),
    (83, "Which fits the pancreatic mass?", "C"),  # "the mass": the solid one beside the cyst
])  # fmt: skip
def test_the_dominant_lesion_is_typed_whatever_its_kind(tmp_path, seed: int, question: str, letter: str) -> None:
    """Suite AN: a 4.7 mL pancreatic cyst beside a 2.2 mL PDAC, "Classify the dominant pancreatic lesion" with a cyst
    option, was answered PDAC (the largest solid lesion). Real agents on our phantoms: a cyst (about 5 HU) drawn
    larger, a hypoattenuating solid lesion painted beside it."""
    import orchestrator
    from synthetic.phantom import PhantomSpec, make_phantom

    make_phantom(tmp_path / "p", PhantomSpec(seed=seed, liver_lesions=0, pancreatic_tumor_mm=30.0,
                                             pancreatic_tumor_contrast_hu=-40.0))
    _second_pancreatic_lesion(tmp_path / "p", 6.0, -10.0)
    result = orchestrator.run({"case_id": f"pt{seed}", "question": question, "choices": PANCREATIC_TYPES,
                               "images": [{"path": str(tmp_path / "p" / "ct.nii.gz"),
                                           "masks": str(tmp_path / "p" / "segmentations")}]})
    assert result.status == "answered", result.reasons
    assert result.answer == letter, (result.answer, result.answer_detail.text)
    assert result.review is not None and result.review.consistent


FATTY_GRADES = {"A": "Cannot be assessed", "B": "No fatty liver", "C": "Fatty liver - moderate to severe",
                "D": "Fatty liver - mild"}


@pytest.mark.parametrize(("seed", "question"), [(91, "Assess for fatty liver."), (92, "Hepatic steatosis?")])
def test_a_grade_written_after_the_finding_is_that_grade(tmp_path, seed: int, question: str) -> None:
    """Suite AN: "Fatty liver - moderate to severe" chosen for a 34 HU liver was withheld: the attending read "fatty
    liver" in it as a second category. The option is the criterion's category with its grade after the finding; the
    mild option, chosen instead, is still flagged. Real agents, real attending, our fatty-liver phantom (~30 HU)."""
    import orchestrator
    from agents.reviewer import review_result
    from synthetic.phantom import PhantomSpec, make_phantom
    from tests.review_runs import with_item

    make_phantom(tmp_path / "p", PhantomSpec(seed=seed, fatty_liver=True))
    result = orchestrator.run({"case_id": f"fl{seed}", "question": question, "choices": FATTY_GRADES,
                               "images": [{"path": str(tmp_path / "p" / "ct.nii.gz"),
                                           "masks": str(tmp_path / "p" / "segmentations")}]})
    assert result.status == "answered", result.reasons
    assert result.answer == "C", (result.answer, result.answer_detail.text)
    mild = with_item(result, {"question": None, "choices": None, "choice": "D", "text": "D — Fatty liver - mild",
                              "evidence_ids": []})
    assert not review_result(mild).consistent


@pytest.mark.parametrize(("seed", "contrast", "choices", "letter"), [
    (95, -40.0, {"A": "Pseudocyst", "B": "Mucinous cystic lesion"}, "B"),  # ~5 HU: not above 14.5 HU
    (96, -40.0, {"A": "Serous/mucinous cyst", "B": "Cannot be determined", "C": "Pseudocyst"}, "A"),
    (97, -24.0, {"A": "Mucinous cystic neoplasm", "B": "Pseudocyst"}, "B"),  # ~21 HU: above 14.5 HU
])  # fmt: skip
def test_a_finding_or_its_alternative_offered_is_picked_by_the_yes_or_no(tmp_path, seed: int, contrast: float,
                                                                          choices: dict[str, str], letter: str) -> None:
    """Suite AM: "Pancreatic cystic lesion: pseudocyst (HU > 14.5) or mucinous?" with the two diagnoses as options
    abstained (the answer 'No' matched neither option). The option naming the finding is yes, the one other option
    naming something is no (`questions.intents.answers.finding_or_alternative`), for the reasoner and the attending
    alike; the other letter is flagged. Real agents on our phantoms' pancreatic cyst."""
    import orchestrator
    from agents.reviewer import review_result
    from synthetic.phantom import PhantomSpec, make_phantom
    from tests.review_runs import with_item

    make_phantom(tmp_path / "p", PhantomSpec(seed=seed, liver_lesions=0, pancreatic_tumor_mm=28.0,
                                             pancreatic_tumor_contrast_hu=contrast))
    result = orchestrator.run({"case_id": f"pc{seed}", "question": "Pancreatic cystic lesion: pseudocyst (HU > 14.5) "
                               "or mucinous?", "choices": choices,
                               "images": [{"path": str(tmp_path / "p" / "ct.nii.gz"),
                                           "masks": str(tmp_path / "p" / "segmentations")}]})
    assert result.status == "answered", result.reasons
    assert result.answer == letter, (result.answer, result.answer_detail.text)
    other = next(k for k, v in choices.items() if k != letter and "determined" not in v)
    swapped = with_item(result, {"question": None, "choices": None, "choice": other,
                                 "text": f"{other} — {choices[other]}", "evidence_ids": []})
    assert not review_result(swapped).consistent


@pytest.mark.parametrize(("seed", "question", "expected"), [
    (101, "Is the pancreatic cyst a pseudocyst (HU > 14.5)?", "yes"),
    (102, "Does the pancreatic cyst meet resection criteria (volume > 3 cm³)?", "no"),
])  # fmt: skip
def test_the_cyst_asked_beside_a_solid_mass_is_the_one_lesion_that_can_be_it(tmp_path, seed: int, question: str,
                                                                             expected: str) -> None:
    """Suite AM: "the pancreatic cyst" beside a 44 HU solid mass, the cyst at 21.7 HU (indeterminate alone), abstained:
    "the largest cyst cannot be named". The question presupposes a cyst and the one lesion not plainly solid is it
    (`asked_kind.ONLY_CANDIDATE`). Real agents on our phantom: a solid mass drawn, a smaller ~24 HU lesion painted."""
    import orchestrator
    from synthetic.phantom import PhantomSpec, make_phantom

    make_phantom(tmp_path / "p", PhantomSpec(seed=seed, liver_lesions=0, pancreatic_tumor_mm=30.0,
                                             pancreatic_tumor_contrast_hu=0.0))
    _second_pancreatic_lesion(tmp_path / "p", 5.0, -21.0)
    result = orchestrator.run({"case_id": f"pq{seed}", "question": question,
                               "images": [{"path": str(tmp_path / "p" / "ct.nii.gz"),
                                           "masks": str(tmp_path / "p" / "segmentations")}]})
    assert result.status == "answered", result.reasons
    assert result.answer.lower().startswith(expected), result.answer
    assert "pancreas_lesion_2" in result.answer_detail.text, result.answer_detail.text
    assert result.review is not None and result.review.consistent
