"""Question-understanding kinds from session 43's held-out set AU, each varied in words none of the sets uses.

Kinds:
- dictated text: punctuation spoken by name ("question mark", "period", "comma", "new paragraph", "colon" after a
  heading word or right after the organ), homophones of the side and the organ ("write kidney", "the leaver") and a
  cyst spelt by its sound ("sist");
- a report's words pasted before the question ("Report: '...'", "IMPRESSION (prelim): ...", "Pasted: '...'") are
  history: the question after them is read alone, with the organ they name when it names none and its pronouns
  pointing back to their finding ("how many are there" counts it; "how many mm" measures it); "calls one" is no
  "colon" misheard;
- an organ assumed normal before the question ("Assuming the kidneys are normal, is there splenomegaly?") is a
  premise, and "the right one" after a kidney named is the right kidney;
- a size discrepancy of the kidneys asked without "which" asks their asymmetry;
- options "correct / incorrect" answer a statement put to be confirmed, as yes and no;
- "Kidneys clean for solid neoplasm, correct?" denies the finding;
- a gap in attenuation asked "by how much ... exceed" or "how much denser than" is the lesion-organ difference;
- JSON requests: '"lesion": "largest"', a part of the organ as its own key ('"subregion": "body"', '"segment": 6'),
  '"task": "max_lesion_burden_organ"' (which organ holds the most) and '"task": "report"';
- out of scope: a lobe of the thyroid, cholesterol, whether someone may drink;
- a lesion's change: a "liver spot" bigger than on the last scan, "the same size as in 2022";
- the decision a category is for ("... needs to know if the tumour is operable. Which category is it?");
- "primary tumour category" is the T category; "GB" the gall bladder; the "RUQ solid organ" the liver; Italian
  "ingrandito" enlarged;
- "Lesions in seg II?" asks the count in that one place.
"""

from __future__ import annotations

import pytest

from questions.understanding import Understanding, default_understanding


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize(("question", "choices", "task", "organ"), [
    # dictation
    ("is the pancreas fatty question mark", None, "pancreatic steatosis", "pancreas"),
    ("how many lesions in the leaver question mark new paragraph thanks", None, "lesion counting", "liver"),
    ("mean attenuation of the write kidney period one decimal period", None, "organ HU measurement", "kidney_right"),
    ("impression colon any sist in the kidneys question mark", None, "kidney cyst existence", "kidney"),
    ("findings in the colon colon is there a mass question mark", None, "colon lesion existence", "colon"),
    ("the spleen comma how big is it in millilitres question mark", None, "organ volume measurement", "spleen"),
    # a report pasted before the question
    ("Report: 'Subtle hypodense area in the pancreatic tail.'\nQ: is it a neuroendocrine tumour?", None,
     "PNET existence", "pancreas"),
    ("IMPRESSION: hyperdense focus in segment 7, ?haemangioma.\nQ: volume of that focus in mL?", None,
     "lesion volume measurement", "liver"),
    ("Pasted: 'Two renal lesions on the left.' How many are there in the left kidney?", None, "lesion counting",
     "kidney_left"),
    ("Prior report: 'Spleen unremarkable.' Q: independent of that, is there splenomegaly?", None,
     "splenomegaly detection", "spleen"),
    ("Report: 'Index lesion in Couinaud 4.'\nHow many mm is it across?", None, "largest lesion diameter", "liver"),
    ("The outside read calls one of the kidney cysts 'dominant'. Is the biggest one far larger than the rest?", None,
     "lesion outlier", "kidney"),
    # premises about another organ
    ("Assuming the liver is normal, is the pancreas enlarged?", None, "organ enlargement", "pancreas"),
    ("Supposing the spleen is fine, what is the liver volume?", None, "organ volume measurement", "liver"),
    ("Assuming the right kidney is normal, how big is the left one in mL?", None, "organ volume measurement",
     "kidney_left"),
    # asymmetry
    ("Renal volume mismatch between the sides?", None, "bilateral kidney asymmetry", "kidney"),
    # JSON requests
    ('{"metric": "hu_difference", "lesion": "largest", "organ": "pancreas"}', None, "tumor organ HU difference",
     "pancreas"),
    ('{"organ": "liver", "segment": 7, "metric": "lesion_count"}', None, "lesion count by location", "liver"),
    ('{"task": "max_lesion_burden_organ", "options": ["liver", "pancreas", "kidney"]}', None,
     "multi-organ lesion burden comparison", None),
    ('{"task": "report", "style": "narrative"}', None, "report", None),
    # out of scope
    ("Any nodule in the right thyroid lobe?", None, "out of scope", None),
    ("What is her LDL cholesterol?", None, "out of scope", None),
    ("Can my husband still drink alcohol with this liver?", None, "out of scope", None),
    # a lesion's change
    ("Is the spot on his kidney larger than on the last CT?", None, "lesion change", "kidney"),
    ("Is the pancreatic cyst the same size as in 2021?", None, "lesion change", "pancreas"),
    # the decision a category is for
    ("The surgeons ask whether the pancreatic mass is operable. Which category is it?", None,
     "pancreatic lesion resectability", "pancreas"),
    ("Primary tumour classification of the pancreatic cancer?", None, "pancreatic tumor staging", "pancreas"),
    # shorthand and other languages
    ("GB volume, please", None, "organ volume measurement", "gall_bladder"),
    ("LUQ solid organ enlarged?", None, "splenomegaly detection", "spleen"),
    ("Il fegato è ingrandito?", None, "organ enlargement", "liver"),
    # one place's count
    ("Lesions in segment VI? Just the number.", None, "lesion count by location", "liver"),
    ("Tumours in the pancreatic body? A number please.", None, "lesion count by location", "pancreas"),
])
def test_kind_is_read(reader: Understanding, question: str, choices: dict | None, task: str, organ: str | None) -> None:
    intent = reader.understand(question, choices)
    assert (intent.task, intent.organ) == (task, organ), intent


@pytest.mark.parametrize(("question", "choices", "negated"), [
    ("No lesion in the pancreas, correct?", {"A": "correct", "B": "incorrect"}, True),
    ("The spleen is normal in size, correct?", {"A": "Correct", "B": "Incorrect"}, True),
    ("Liver clean for metastases, correct?", None, True),
    ("Assuming the kidneys are normal, is the liver enlarged?", None, False),
])
def test_polarity_of_kind(reader: Understanding, question: str, choices: dict | None, negated: bool) -> None:
    assert reader.understand(question, choices).negated is negated


@pytest.mark.parametrize("question", [
    "By how much does the lesion's attenuation exceed that of the liver, in HU?",
    "How much denser than the kidney is the renal mass?",
    "How many HU brighter than the pancreas is the tumour?",
])
def test_a_gap_in_attenuation_is_the_difference(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == "tumor organ HU difference"
