"""Question kinds found in session 34, each varied in our own words.

- "Is it possible to exclude X?", "Are you able to rule out X?", "Does the CT exclude X?": a "yes" says X is absent,
  as "Can we exclude X?" already read. Run through the real agents on our phantoms: the answer is "No" where the
  lesion is, "Yes" where it is not, and the attending accepts both.
- Question set AL (session 34, another author): "hep" for hepatic ("# hep mets?", "LD of dominant hep met?"), a typing
  slip that sounds like another term ("hepatc" is hepatic, not PDAC), "panc ca T?" and a "'T number'", the "'ductal'
  kind of" a cancer, a lesion volume over its organ's written as a formula, the organ "most heavily involved by
  lesions", "dictate abd CT", a survival in months, "which T stage corresponds to a 2-4 cm tumour" (a rule), "compare
  the colon lesion with the prior study" (a lesion change, not RECIST), "follow-up imaging" offered as management
  (no prior study), and options written "[1] yes [2] no".
"""

from __future__ import annotations

from pathlib import Path

import pytest

import orchestrator
from questions.polarity import is_negated
from questions.understanding import understand
from synthetic.phantom import PhantomSpec, make_phantom


@pytest.mark.parametrize(("question", "task"), [
    ("Is it possible to exclude a liver lesion?", "liver lesion existence"),
    ("Are you able to rule out a kidney cyst on this CT?", "kidney cyst existence"),
    ("Does the CT exclude a pancreatic tumour?", "pancreatic lesion existence"),
    ("Does this scan rule out splenomegaly?", "splenomegaly detection"),
    ("Is it safe to exclude colon cancer here?", "colon lesion existence"),
    ("Would it be reasonable to rule out hepatic metastases?", "liver lesion existence"),
])  # fmt: skip
def test_asking_whether_a_finding_can_be_excluded_is_negated(question: str, task: str) -> None:
    intent = understand(question)
    assert intent.task == task
    assert intent.negated is True and intent.polar is True


@pytest.mark.parametrize("question", [
    "Is there a liver lesion?",
    "Does the exam show any lesion in the pancreas that we cannot exclude?",
    "Is a renal cyst possible?",
])  # fmt: skip
def test_a_plain_or_hedged_existence_question_is_not_negated(question: str) -> None:
    assert is_negated(question) is False


@pytest.mark.parametrize(("seed", "orientation", "lesions", "letter"), [
    (3411, "LPS", 2, "B"),
    (3412, "RAS", 0, "A"),
])  # fmt: skip
def test_exclusion_questions_answer_by_the_lesions_there(tmp_path: Path, seed: int, orientation: str, lesions: int,
                                                          letter: str) -> None:
    case = tmp_path / f"case{seed}"
    make_phantom(case, PhantomSpec(seed=seed, orientation=orientation, liver_lesions=lesions))  # type: ignore[arg-type]
    image = {"path": str(case / "ct.nii.gz"), "modality": "CT", "masks": str(case / "segmentations")}
    result = orchestrator.run({"case_id": case.name, "images": [image],
                               "question": "Is it possible to exclude a liver lesion on this CT?",
                               "choices": {"A": "Yes", "B": "No"}})
    assert result.status == "answered", result.reasons
    assert result.answer == letter
    assert result.review is not None and result.review.consistent


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("# hep mets?", "lesion counting", "liver"),
    ("LD of dominant hep met?", "largest lesion diameter", "liver"),
    ("vol of the biggest hep lesion?", "lesion volume measurement", "liver"),
    ("any hepatc focal lesion, esp seg 7?", "liver lesion existence", "liver"),
    ("panc ca T?", "pancreatic tumor staging", "pancreas"),
    ("What T score does the pancreatic mass get?", "pancreatic tumor staging", "pancreas"),
    ("Left kidney: lesion volume / kidney volume x 100 = ?", "tumor burden percentage", "kidney_left"),
    ("Staging CT for lymphoma: which organ is most involved by lesions?", "multi-organ lesion burden comparison", None),
    ("dictate abd CT please, 71F", "report", None),
    ("How many years does someone with a kidney tumour usually survive after surgery?", "out of scope", None),
    ("Which T category corresponds to a 3 cm pancreatic tumour? A. T1 B. T2 C. T3", "knowledge question", "pancreas"),
    ("COMPARE THE LIVER LESIONS WITH THE PRIOR STUDY.", "lesion change", "liver"),
    ("Pancreatic cyst, what next based on size: 1) resection 2) follow-up imaging", "pancreatic cyst resectability",
     "pancreas"),
])  # fmt: skip
def test_question_set_al_kinds(question: str, task: str, organ: str | None) -> None:
    intent = understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "negated"), [
    ("Pancreatic neuroendocrine tumour present? [1] yes [2] no", False),
    ("Is a kidney cyst there? [a] present [b] absent", False),
    ("Is the liver free of lesions? [1] yes [2] no", True),
])  # fmt: skip
def test_bracketed_numbered_options_negate_nothing(question: str, negated: bool) -> None:
    assert understand(question).negated is negated


@pytest.mark.parametrize(("typed", "read"), [
    ("hepatc", "hepatic"), ("pancraes", "pancreas"), ("kidny", "kidney"),
])  # fmt: skip
def test_a_typing_slip_is_mended_not_heard_as_another_term(typed: str, read: str) -> None:
    from questions.spelling import clean

    assert clean(f"any {typed} lesion?") == f"any {read} lesion?"
