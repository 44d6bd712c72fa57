"""Question-understanding kinds from session 45's held-out set AV, each varied in words none of the sets uses.

Kinds:
- the answer's form said as a label, with the answers it allows in brackets ("one word (cyst/tumor): left renal
  lesion", "organ name only: ...", "one token (PDAC|PNET): ...") or last ("... (one token):"), and "R / BR / UR";
- a quoted statement one asks leave to write ("Can I put 'spleen normal' in the discharge letter?", "... - can I
  sign it out like that?") is the statement put to be confirmed;
- an asking sentence opened by "pls"/"kindly" or "Just the ..." after a history of other values;
- "any lesion, even a tiny cyst" asks any lesion;
- a ratio asked as "the proportion of X density on Y density", a ratio named before "can you compute it?";
- "tot up" sums; a steatosis "scale" grades; the usual HU thresholds' "bucket" of a kidney lesion characterises it;
- "segment the lesion and report its volume" asks the volume; "<criteria> aside - ..." sets the criteria aside;
- "what's the radiological T now?" after a statement naming nothing of the image asks the T category;
- a subdural haematoma asked after an abdominal organ stated intact is out of scope;
- rules: "(general, not this case)", "define ...", "remind me, how much must ... to count as ...", a rule's
  source asked ("where does that come from");
- "lost volume relative to the previous examination" is a change;
- polarity: a leading "Y/N:" or "Reply 'present' or 'absent':" label carries none; a normal laboratory value is
  history; "X excluded?" and a cyst "small enough to just watch" or "below the cut-off" deny the finding.
"""

from __future__ import annotations

import pytest

from questions.understanding import Understanding, default_understanding


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


@pytest.mark.parametrize(("question", "choices", "task", "organ"), [
    # the answer's form as a label
    ("single word (solid/cystic): right kidney mass", None, "lesion type classification", "kidney_right"),
    ("one term - hypo / iso / hyper: biggest hepatic lesion versus the liver", None, "largest lesion attenuation", "liver"),
    ("organ only: where is the heaviest tumour load", None, "multi-organ lesion burden comparison", None),
    ("1 word (PNET|PDAC): the mass in the pancreatic tail", None, "PDAC vs PNET classification", "pancreas"),
    ("Couinaud segment holding the most lesions (single word):", None, "inter-segment comparison", "liver"),
    ("Pancreatic head tumour, R / BR / UR?", None, "pancreatic lesion resectability", "pancreas"),
    # a quoted statement one asks leave to write
    ("Is it OK to write 'liver normal in size' in my note?", None, "organ enlargement", "liver"),
    ("Kidneys: 'no solid mass' - may I dictate that?", None, "kidney tumor existence", "kidney"),
    # the asking sentence after a history
    ("Weight 70 kg, spleen 300 mL last year.\nJust the volume of the liver, please.", None, "organ volume measurement",
     "liver"),
    ("left kidney - outside MRI said 'bulge' mid-pole. kindly confirm no solid tumour", None, "kidney tumor existence",
     "kidney_left"),
    ("Biopsy slot tomorrow: the right kidney. Any lesion in it, even a small cyst?", None, "kidney lesion existence",
     "kidney_right"),
    # ratios, sums, grades, categories
    ("Work out the proportion of the pancreas attenuation to the spleen attenuation.", None, "organ HU ratio", "pancreas"),
    ("Hepatology wants the L/S index for the trial - could you calculate it?", None, "organ HU ratio", "liver"),
    ("Tot up the liver and spleen volumes for me.", None, "organ aggregation", None),
    ("Where does this liver sit on the standard CT steatosis score?", None, "hepatic steatosis grading", "liver"),
    ("Using the usual renal HU cut-offs, which category does the left kidney lesion land in?", None,
     "renal mass characterization", "kidney_left"),
    # a step before the value asked; criteria set aside; the radiological T
    ("Please outline the largest liver tumour and state its diameter.", None, "largest lesion diameter", "liver"),
    ("Staging rules aside - how much of the kidney is tumour, in percent?", None, "tumor burden percentage", "kidney"),
    ("Surgery next week, histology later; what's the clinical T now?", None, "pancreatic tumor staging", "pancreas"),
    # out of scope after a history naming an abdominal organ
    ("Kicked by a horse. Liver looks fine here - any epidural haematoma as well?", None, "out of scope", None),
    # rules
    ("Short answer (general, not this patient): which HU cut-off separates a simple renal cyst?", None,
     "knowledge question", None),
    ("For the residents: define hepatic steatosis by liver attenuation.", None, "knowledge question", None),
    ("Quick one before the tumour board - remind me, what liver-to-spleen ratio counts as fatty liver?", None,
     "knowledge question", None),
    ("Radiology keeps citing a 'spleen 314 mL cut-off' - where does that come from?", None, "knowledge question", None),
    # a change of volume
    ("Has the spleen gained size relative to the earlier scan?", {"A": "yes", "B": "no"}, "organ volume change", "spleen"),
])
def test_kind_is_read(reader: Understanding, question: str, choices: dict | None, task: str, organ: str | None) -> None:
    intent = reader.understand(question, choices)
    assert intent.task == task, intent
    if task not in ("knowledge question", "out of scope", "organ aggregation", "multi-organ lesion burden comparison"):
        assert intent.organ == organ, intent


@pytest.mark.parametrize(("question", "choices", "negated"), [
    ("Yes/No - spleen normal-sized (no splenomegaly)", None, True),
    ("Y/N: any liver lesion", None, False),
    ("Answer 'yes' or 'no': kidney cyst.", None, False),
    ("check for a PNET pls - bloods normal, glucose normal", None, False),
    ("Renal cell carcinoma excluded here?", None, True),
    ("Pancreatic cyst: below the resection threshold?", None, True),
    ("Is the pancreatic cyst small enough to simply follow up?", None, True),
    ("Is the pancreatic cyst above the resection threshold?", None, False),
    ("Can I put 'kidneys unremarkable' in the report?", None, True),
])
def test_polarity_of_kind(reader: Understanding, question: str, choices: dict | None, negated: bool) -> None:
    assert reader.understand(question, choices).negated is negated
