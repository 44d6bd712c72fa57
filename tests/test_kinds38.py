"""Question kinds found in session 38 (question set AP, another author's phrasings), each varied in our own words.

- A pronoun after a history naming a cancer ("worried about pancreatic cancer ... does the scan show it?"): "it" is
  the cancer, not the organ (`questions.resolve.resolve_pronouns` reads carcinoma, cancer, neoplasm, malignancy).
- "How big ... in cubic centimetres": a volume, not a diameter.
- Two kinds named, then "anything there at all?": either kind's presence, not the type of one lesion.
- A question opening with the measurement it asks ("Long axis of the ...", "Mean attenuation of the ..."): measured,
  not sought.
- A kidney size "discrepancy" (no "both" said); "do both kidneys look the same or is one shrunken?": the asymmetry.
- A label asking what lies next to a finding ("nearest neighbouring organ - spleen or left kidney?").
- A JSON template offering "yes"|"no" ('{"fatty_liver": "yes"|"no"}'), and one followed by "locating ..." (of it).
- "left over from my pancreatitis": pancreatitis is no misspelt pancreas (the pseudocyst's history).
- "borderline or unresectable" without "resect": resectability; "hyperattenuating (over 70 HU)" of a kidney lesion: the
  renal categories' absolute cut-off, not the lesion against its organ.
- "Define the ... criterion": the rule, though an order; "What does this scan show overall? Walk me through it organ
  by organ": the report.
- "... slices ... Which one holds ...": a slice asked; "dominant disease site by lesion burden": organs ranked.
- A quoted outside value to recompute, then the grade: the grade asked.
- "non-fatty" asks the negative proposition; "fatty or non-fatty" either.
- Spanish "¿Cuál es ...?" reads "what is" (not "which", which compared the kidneys), "cociente" a ratio, Italian
  "stadiazione" staging, German "Seitenasymmetrie" asymmetry.
"""

from __future__ import annotations

import pytest

from questions.polarity import is_negated
from questions.understanding import understand


@pytest.mark.parametrize(("question", "choices", "task", "organ"), [
    ("The family fears kidney cancer, the clear-cell type. Can you see it on this CT?", None, "kidney tumor existence",
     "kidney"),
    ("She was referred for suspected pancreatic adenocarcinoma. Is it visible?", None, "PDAC existence", "pancreas"),
    ("How big is the liver cyst in cc?", None, "lesion volume measurement", "liver"),
    ("How large is the renal tumour, in cubic centimetres?", None, "lesion volume measurement", "kidney"),
    ("liver tumour or cyst - anything at all?", None, "liver lesion existence", "liver"),
    ("kidney mass or cyst, anything there?", None, "kidney lesion existence", "kidney"),
    ("Long axis of the biggest hepatic lesion?", None, "largest lesion diameter", "liver"),
    ("Maximal diameter of the largest pancreatic lesion?", None, "largest lesion diameter", "pancreas"),
    ("Kidney size discrepancy: clinically relevant?", None, "bilateral kidney asymmetry", "kidney"),
    ("Do the two kidneys look about the same, or is one smaller?", None, "bilateral kidney asymmetry", "kidney"),
    ("Liver lesion: closest neighbouring organ - right kidney or stomach?", None, "adjacent organ", "liver"),
    ('Return {"splenomegaly": "yes"|"no"} from the splenic volume.', None, "splenomegaly detection", "spleen"),
    ('Give {"part": str} locating the biggest pancreatic lesion.', None, "largest lesion location", "pancreas"),
    ("Is this cystic pancreatic lesion left over from his pancreatitis last year?", None,
     "pseudocyst determination", "pancreas"),
    ("Would SMA contact make the pancreatic tumour borderline or unresectable?", None,
     "pancreatic lesion resectability", "pancreas"),
    ("Is the left renal mass hyperattenuating, above 70 HU?", None, "renal mass characterization", "kidney_left"),
    ("Define the splenomegaly grading thresholds.", None, "knowledge question", "spleen"),
    ("What does the whole CT show overall? Walk me through the findings organ by organ.", None, "report", None),
    ("The series has 80 slices of 3 mm. Which one shows the largest renal lesion at its widest?", None,
     "largest lesion slice", "kidney"),
    ("Main disease site by tumour burden?", None, "multi-organ lesion burden comparison", None),
    ("An earlier report quoted a spleen volume of 500 mL - remeasure it and give the splenomegaly grade.", None,
     "splenomegaly grading", "spleen"),
])  # fmt: skip
def test_set_ap_kinds_in_our_own_words(question: str, choices: dict[str, str] | None, task: str,
                                       organ: str | None) -> None:
    intent = understand(question, choices)
    assert intent.task == task, (intent.task, intent.quantities)
    assert organ is None or intent.organ == organ, intent.organ


@pytest.mark.parametrize(("question", "task"), [
    ("¿Cuál es el volumen del bazo?", "organ volume measurement"),
    ("¿Cuál es la diferencia de densidad entre el quiste renal y el riñón?", "tumor organ HU difference"),
    ("¿Cuál es el cociente de atenuación hígado/bazo?", "organ HU ratio"),
    ("Stadiazione T del tumore del pancreas?", "pancreatic tumor staging"),
    ("Liegt eine Seitenasymmetrie der Nieren vor?", "bilateral kidney asymmetry"),
])  # fmt: skip
def test_other_languages_of_set_ap(question: str, task: str) -> None:
    assert understand(question).task == task


@pytest.mark.parametrize(("question", "negated"), [
    ("Can we call the liver non-fatty?", True),
    ("Is the pancreas non-steatotic?", True),
    ("Is the liver fatty or non-fatty?", False),
    ("Is the liver fatty?", False),
])  # fmt: skip
def test_non_fatty_asks_the_negative(question: str, negated: bool) -> None:
    assert is_negated(question, "fatty liver") is negated
