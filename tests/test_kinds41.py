"""Question-understanding kinds from session 41's held-out set AS, each varied in words none of the sets uses.

Kinds:
- a clinical word dictated in two or three pieces ("neuro endo crine", "re nal", "spleno megaly") is joined; two real
  words side by side are not;
- a note-taker's "les" after an organ or a size word is a lesion; a dictated "rite kidney" is the right one;
- an instruction-tuned prompt's scaffold ("Task:", "instruction: ... input: ... output:", "Q: ... A:") and its opening
  verb ("report the ...", "identify the ...", "determine whether ...") are read as the question they ask;
- a closing "Respond with yes or no." offers no alternatives of the finding (a cystic lesion stays a cyst);
- a ratio's cut-off in brackets after a finding ("steatotic (L/S HU ratio < 1.0)") is the finding's rule, not the ratio
  asked; an HU cut-off in brackets ("hyperdense (>70 HU)") still names which category is asked;
- a tumour's gene or molecular status asked is out of scope, a carrier's history beside an imaging question is not;
  a regimen one is asked to recommend is out of scope;
- "AJCC T" / "TNM 8th T" asks the T stage;
- "Which applies to X?" with statements offered reads the statements of X; with bare answers offered (segment names),
  the stem asks;
- "the greatest / highest number of lesions" in a part or "subregion" compares the parts; "number" is never read as
  "num." + "ber";
- bare counts offered ("none / one / two / three or more") after "how many" in a place count there;
- kidneys "lopsided", "unequal", "uneven" in size are asymmetric; lesions "bunched" together are clustered;
- a ratio's parts given as numerator and denominator fields ask that ratio;
- a response category asked of this patient ("met criteria for partial response") is RECIST's, earlier-study word or not;
- a premise opening the question ("Given the ..., is there ...?") is context;
- "was N before" then a change asked compares the studies; "Before the <procedure>, could you ..." names no earlier
  study.
"""

from __future__ import annotations

import pytest

from questions.spelling import clean
from questions.understanding import Understanding, default_understanding


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize(("question", "choices", "task", "organ"), [
    # a word in pieces
    ("any sign of a neuro endo crine tumour in the pancreas", None, "PNET existence", "pancreas"),
    ("is the re nal lesion solid or a cyst", None, "lesion type classification", "kidney"),
    ("how bad is the spleno megaly", None, "splenomegaly grading", "spleen"),
    # shorthand
    ("biggest pancreatic les diameter mm", None, "largest lesion diameter", "pancreas"),
    ("dominant liver les - volume?", None, "lesion volume measurement", "liver"),
    ("what volume does the rite kidney have in mL", None, "organ volume measurement", "kidney_right"),
    # scaffolds
    ("Instruction: report whether the spleen is enlarged.\nInput: non-contrast CT abdomen.\nOutput:", None,
     "splenomegaly detection", "spleen"),
    ("Task: identify the Couinaud segment that holds the largest hepatic lesion.", None, "largest lesion location",
     "liver"),
    ("Task: report the mean attenuation of the spleen in HU.", None, "organ HU measurement", "spleen"),
    ("Q: number of lesions in the pancreatic tail?\nA:", None, "lesion count by location", "pancreas"),
    ("Q: AJCC T category of the pancreatic head mass?\nA:", None, "pancreatic tumor staging", "pancreas"),
    ("TNM 8th T for the pancreatic tumour?", None, "pancreatic tumor staging", "pancreas"),
    ("Output:", {"A": "Splenomegaly present", "B": "Spleen of normal size"}, "splenomegaly detection", "spleen"),  # a
    # label alone over options: the options ask, no prompt to strip
    # a closing answer format
    ("Does the pancreas contain a cystic lesion? Answer yes or no.", None, "pancreatic lesion existence", "pancreas"),
    ("Task: determine whether the right kidney holds a cystic lesion. Reply with yes/no.", None,
     "kidney cyst existence", "kidney_right"),
    # a ratio's cut-off after the finding
    ("Is this a fatty liver (liver/spleen attenuation ratio below 1.0)?", None, "fatty liver", "liver"),
    ("Does the pancreas look steatotic (P/S ratio < 0.7)?", None, "pancreatic steatosis", "pancreas"),
    ("Is the left renal lesion hyperattenuating (> 70 HU)?", None, "renal mass characterization", "kidney_left"),
    # options that are statements of a subject
    ("Which applies to the spleen?", {"A": "it is enlarged", "B": "it is of normal size"}, "splenomegaly detection",
     "spleen"),
    ("Which applies to the pancreas?", {"A": "a focal pancreatic lesion is present", "B": "no pancreatic lesion"},
     "pancreatic lesion existence", "pancreas"),
    ("Which applies to the location of the biggest kidney lesion?", {"A": "left kidney", "B": "right kidney"},
     "largest lesion location", "kidney"),
    # parts compared by their counts
    ("Which portion of the pancreas carries the highest number of lesions?", None, "inter-segment comparison",
     "pancreas"),
    ("Liver subregion with the largest count of metastases?", None, "inter-segment comparison", "liver"),
    ("How many lesions does segment 4 hold? Options follow.", {"A": "none", "B": "one", "C": "two", "D": "three or more"},
     "lesion count by location", "liver"),
    # kidneys unequal, lesions bunched
    ("Are the kidneys lopsided?", None, "bilateral kidney asymmetry", "kidney"),
    ("Is one kidney uneven in size compared with the other?", None, "bilateral kidney asymmetry", "kidney"),
    ("Are the hepatic metastases bunched in one area?", None, "liver lesion clustering", "liver"),
    # a ratio's parts as fields
    ('{"quantity": "hu_ratio", "numerator": "pancreas", "denominator": "spleen"}', None, "organ HU ratio", "pancreas"),
    # a response asked
    ("Does this count as stable disease by RECIST, or has it progressed?", None, "recist response", None),
    ("Has she reached a complete response?", None, "recist response", None),
    # a premise
    ("Given the enlarged spleen, is there a liver lesion?", None, "liver lesion existence", "liver"),
    ("In view of the known colon cancer, how many liver lesions are there?", None, "lesion counting", "liver"),
    # before / ahead of
    ("The pancreatic cyst measured 20 mm before; has it grown?", None, "lesion change", "pancreas"),
    ("Ahead of the planned left nephrectomy, could you give the volume of the left kidney?", None,
     "organ volume measurement", "kidney_left"),
])
def test_kinds_of_set_as(reader: Understanding, question: str, choices: dict[str, str] | None, task: str,
                         organ: str | None) -> None:
    intent = reader.understand(question, choices)
    assert (intent.task, intent.organ) == (task, organ), (intent.task, intent.organ)


@pytest.mark.parametrize(("question", "scope"), [
    ("What is the KRAS mutation status of this pancreatic tumour?", True),
    ("Which molecular subtype is the liver lesion?", True),
    ("BRCA2 carrier: is there a pancreatic mass?", False),
    ("Can you recommend a chemotherapy regimen for the liver metastases?", True),
    ("Would you recommend FOLFIRINOX for this pancreatic cancer?", True),
    ("Is the pancreatic tumour still resectable after the FOLFIRINOX the board recommended?", False),
])
def test_genetics_and_regimens_asked_are_out_of_scope(reader: Understanding, question: str, scope: bool) -> None:
    assert (reader.understand(question).task == "out of scope") is scope


@pytest.mark.parametrize(("typed", "read"), [
    ("the greatest number of lesions", "the greatest number of lesions"),
    ("number of pancreatic lesions?", "number of pancreatic lesions?"),
    ("num lesions in the liver", "number of lesions in the liver"),
    ("pan creas and the re nal cortex", "pancreas and the renal cortex"),
    ("for mal report", "for mal report"),  # two words side by side: "formal" is no clinical word anyway
])
def test_cleaning_joins_pieces_and_never_splits_number(typed: str, read: str) -> None:
    assert read.lower() in clean(typed).lower()
