"""Question-understanding kinds from session 42's held-out set AT, each varied in words none of the sets uses.

Kinds:
- values of other organs stated first, then an organ label and the ask ("Spleen 290 cc, pancreas normal. Kidneys -
  something there?"): the label names the organ asked, the values are history; a question with its numbered options
  inline ("anything focal? (1) yes (2) no") is still the asking sentence;
- "something / anything there, or clean?" after an organ asks whether it holds a lesion;
- an agent's tool call ('{"tool": "ask", "args": {"question": ...}}') is read as its arguments;
- a belief to confirm ("I think it's unresectable given the SMA encasement - agree?", "... - can you confirm it's
  there?", "... - confirm, or is it the right?") asks the statement; "unresectable" with an SMA named is resectability;
  a category put to be confirmed ("... indeterminate renal lesion - agree?", "... unresectable? y/n") asks its task;
- a month compared with ("Compared with March"), a course of treatment ("s/p 3 cycles") and a change asked in the
  present progressive ("are the liver mets shrinking?") name an earlier study; "growing into the duodenum" does not;
  "progressive atrophy" is an organ's change, not RECIST progression;
- disease "mostly / mainly" in one organ or another compares their burdens;
- performance status (ECOG, Karnofsky) is out of scope; "what's on this scan overall?" asks the report;
- a quantity set aside ("..., not the diameter", "ratio not needed, just the HU") is not asked;
- "not an outlier" names no lesion kind (the outlier is asked); "not a cyst" still sets a kind aside;
- a generic instance after a colon or a dash ("What do we have in the liver - any lesion at all?") is this liver's;
- a learner's comparative ("more dark than the pancreas") is the attenuation asked.
"""

from __future__ import annotations

import pytest

from questions.context import split_context
from questions.understanding import Understanding, default_understanding


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize(("question", "choices", "task", "organ"), [
    # values first, then the organ label and the ask
    ("Liver 1.8 L, spleen 210 cc, kidneys fine. Pancreas - any PDAC?", None, "PDAC existence", "pancreas"),
    ("Spleen 150 mL and pancreas unremarkable. Liver: anything there or clean?", None, "liver lesion existence", "liver"),
    ("Kidneys 140 and 155 mL. Liver - anything focal? (a) yes (b) no", None, "liver lesion existence", "liver"),
    ("Liver 1.4 L. And the kidneys: about the same size, or one clearly larger?", None, "bilateral kidney asymmetry",
     "kidney"),
    ("Pancreas 70 mL, normal. As for the liver: how many lesions?", None, "lesion counting", "liver"),
    # vague presence asks
    ("Right kidney: something there?", None, "kidney lesion existence", "kidney_right"),
    ("pancreas - anything going on?", None, "pancreatic lesion existence", "pancreas"),
    # tool calls
    ('{"tool": "ask", "args": {"question": "liver lesion present?", "format": "yes/no"}}', None,
     "liver lesion existence", "liver"),
    ('{"name": "query", "arguments": {"question": "spleen volume in mL"}}', None, "organ volume measurement", "spleen"),
    ('{"tool": "ask", "params": {"question": "which Couinaud segment holds most lesions", "organ": "liver"}}', None,
     "inter-segment comparison", "liver"),
    # beliefs to confirm
    ("My read: unresectable, the SMA is encased. Agree?", None, "pancreatic lesion resectability", "pancreas"),
    ("I'm fairly sure there's a cyst in the right kidney - can you confirm it's there?", None, "kidney cyst existence",
     "kidney_right"),
    ("The right kidney seems the larger one - confirm, or is it the left?", None, "kidney volume comparison", "kidney"),
    ("Pretty sure the renal mass is indeterminate - agree?", None, "renal mass characterization", "kidney"),
    ("Pancreatic head tumour: borderline resectable? y/n", None, "pancreatic lesion resectability", "pancreas"),
    # earlier studies
    ("Compared with November, has the liver lesion grown?", None, "lesion change", "liver"),
    ("Since June, is the pancreatic mass smaller?", None, "lesion change", "pancreas"),
    ("status post 4 cycles of gemcitabine: are the pancreatic lesions shrinking?", None, "lesion change", "pancreas"),
    ("Are the kidney lesions getting bigger?", None, "lesion change", "kidney"),
    ("Is the spleen smaller than on the last study (progressive atrophy)?", None, "organ volume change", "spleen"),
    ("Is the cancer mainly hepatic or pancreatic?", None, "multi-organ lesion burden comparison", None),
    # scope and report
    ("Karnofsky score for this man?", None, "out of scope", None),
    ("What is on the CT overall?", None, "report", None),
    # quantities set aside
    ("The report gave the kidney mass as 3 cm. I want its volume, not the diameter.", None,
     "lesion volume measurement", "kidney"),
    ("Pancreas-to-spleen ratio not needed - just the pancreas HU.", None, "organ HU measurement", "pancreas"),
    ("Size not required, only the T stage of the pancreatic tumour.", None, "pancreatic tumor staging", "pancreas"),
    # not an outlier / not a cyst
    ("The biggest kidney lesion is about the size of the others, not an outlier?", None, "lesion outlier", "kidney"),
    ("Is there a solid renal tumour, not a cyst?", None, "kidney tumor existence", "kidney"),
    # a generic instance after a colon
    ("What do we see in the pancreas: any lesion?", None, "pancreatic lesion existence", "pancreas"),
    # a learner's comparative
    ("the largest liver lesion is more bright than liver?", None, "largest lesion attenuation", "liver"),
])
def test_kinds_of_set_at(reader: Understanding, question: str, choices: dict[str, str] | None, task: str,
                         organ: str | None) -> None:
    intent = reader.understand(question, choices)
    assert (intent.task, intent.organ) == (task, organ), (intent.task, intent.organ)


@pytest.mark.parametrize(("question", "negated"), [
    ("The biggest kidney lesion is about the size of the others, not an outlier?", True),
    ("Is the biggest liver lesion an outlier?", False),
    ("Kidneys 140 and 155 mL. Pancreas: no lesion, correct?", True),
])
def test_polarity_of_set_at_kinds(reader: Understanding, question: str, negated: bool) -> None:
    assert reader.understand(question).negated is negated


@pytest.mark.parametrize(("text", "context", "asked"), [
    ("Spleen 290 cc, pancreas normal. Kidneys - something there?", "Spleen 290 cc, pancreas normal.",
     "Kidneys: something there?"),
    ("Liver 1.6 L. Pancreas: anything focal? (1) yes (2) no", "Liver 1.6 L.", "Pancreas: anything focal? (1) yes (2) no"),
    ("Known cirrhosis. Portal vein 14 mm: is the spleen enlarged?", "Known cirrhosis. Portal vein 14 mm:",
     "is the spleen enlarged?"),  # a value, not an organ label, stays history
])
def test_topic_label_opens_the_asking_sentence(text: str, context: str, asked: str) -> None:
    assert split_context(text) == (context, asked)
