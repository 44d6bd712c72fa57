"""Question understanding: the kinds left after session 17 and the kinds of set R's misses (issue 11, session 18), each
fixed as a kind and varied here by organ, side, wording and option form; and understand18's own phrasings
(tests/data/questions_own18.yaml, written and labelled by hand before any run), tuned on their even half (per kind)
while the odd half was held back.

- a disease named by its own word that no task decides (a pneumothorax, an aneurysm, free air, a bowel obstruction,
  hydronephrosis) and a finding of the urinary bladder are `out of scope`; the bladder's volume is measured;
- "how fatty" asks the steatosis grade;
- a frame asking whether what follows is wrong ("Is it false that ...", "Would you disagree that ...") reverses the
  polarity of what follows; "not of normal size" asserts the finding; a trailing "yes or no?" keeps the polarity of
  the words before it; "Exclude X." asks X (sets J, M, P, Q, R);
- options carry the task: T categories, an organ's size states, symmetric against asymmetric, a kind against its
  absence beside other findings, directions of change beside "new";
- units to answer in (litres, inches) name a volume or a diameter, not a count or an attenuation.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from core.tasks import OUT_OF_SCOPE
from questions.polarity import is_negated
from questions.understanding import Understanding, default_understanding

OWN = Path(__file__).parent / "data" / "questions_own18.yaml"


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


def _halves() -> tuple[list[dict], list[dict]]:
    by_kind: dict[int, list[dict]] = defaultdict(list)
    for item in yaml.safe_load(OWN.read_text())["questions"]:
        by_kind[item["kind"]].append(item)
    tune = [x for items in by_kind.values() for x in items[0::2]]
    held = [x for items in by_kind.values() for x in items[1::2]]
    return tune, held


@pytest.mark.parametrize(("half", "floors"), [(0, (0.96, 1.0)), (1, (0.96, 0.98))])
def test_own_phrasings_floor(reader: Understanding, half: int, floors: tuple[float, float]) -> None:
    """Before -> after (task / polarity), 53 each: tuning half 0.660 / 0.906 -> 0.962 / 1.000, held-back half
    0.736 / 0.887 -> 0.962 / 0.981 (two labels corrected after the first run, on reasoning: see the data file)."""
    items = _halves()[half]
    intents = [reader.understand(x["q"], x.get("choices")) for x in items]
    task = sum(i.task == x["task"] for i, x in zip(intents, items, strict=True)) / len(items)
    polarity = sum(i.negated == bool(x.get("negated", False)) for i, x in zip(intents, items, strict=True)) / len(items)
    assert task >= floors[0], task
    assert polarity >= floors[1], polarity


@pytest.mark.parametrize("question", [
    "Is there a right-sided pleural effusion?",
    "Any pneumothorax?",
    "Is the infrarenal aorta aneurysmal?",
    "Is there thrombosis of the portal vein?",
    "Free air under the diaphragm?",
    "Is there a small bowel obstruction?",
    "Does the left kidney show hydronephrosis?",
    "Any sigmoid diverticulitis?",
    "Is the urinary bladder wall thickened?",
    "Is there a bladder mass?",
    "Any sclerotic bone metastases?",
    "Is there consolidation in the right lower lobe?",
])
def test_a_disease_no_task_decides_is_out_of_scope(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == OUT_OF_SCOPE


@pytest.mark.parametrize(("question", "task", "organ"), [
    ("Right kidney enlarged? Hydronephrosis was queried.", "organ enlargement", "kidney_right"),
    ("Is there a colonic tumour causing obstruction?", "colon lesion existence", "colon"),
    ("What is the bladder volume in mL?", "organ volume measurement", "bladder"),
    ("History of portal vein thrombosis: is there splenomegaly?", "splenomegaly detection", "spleen"),
    ("Is the gall bladder enlarged?", "organ enlargement", "gall_bladder"),
])
def test_a_task_asked_beside_a_disease_word_stays_in_scope(reader: Understanding, question: str, task: str,
                                                            organ: str) -> None:
    intent = reader.understand(question)
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "task"), [
    ("How fatty is the liver on this CT?", "hepatic steatosis grading"),
    ("how steatotic is this liver", "hepatic steatosis grading"),
    ("What degree of hepatic fat is there?", "hepatic steatosis grading"),
    ("Is the liver fatty?", "fatty liver"),
    ("How fatty is the pancreas?", "pancreatic steatosis"),
])
def test_how_fatty_asks_the_grade(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "negated"), [
    ("Is it false that the liver is not enlarged?", False),
    ("Is it false that the liver is enlarged?", True),
    ("Would you disagree that the right kidney has no cyst?", False),
    ("Would you disagree that the right kidney has a cyst?", True),
    ("Is it not true that the colon has no lesion?", False),
    ("Would it be wrong to say the spleen is not of normal size?", True),
    ("Is the pancreas not free of lesions?", False),
    ("Is it untrue that the kidneys are not symmetric?", True),
    ("Liver within normal limits for size, yes or no?", True),
    ("Is there a liver lesion, yes or no?", False),
    ("Exclude a pancreatic mass.", False),
    ("Is the spleen shrunken or normal in size on this study?", False),
    ("Is there a renal cyst (simple), not counting tumours?", False),
    ("Is it true that the spleen is enlarged?", False),
])
def test_double_negatives_and_tags(question: str, negated: bool) -> None:
    from questions.understanding import default_understanding as reader_of

    task = reader_of().understand(question).task
    assert is_negated(question, task) == negated


@pytest.mark.parametrize(("stem", "choices", "task", "organ"), [
    ("Which?", ["T1 (up to 2 cm)", "T2 (2-4 cm)", "T3 (over 4 cm)", "T4 (SMA or coeliac involvement)"],
     "pancreatic tumor staging", "pancreas"),
    ("Select one", ["pT1", "pT2", "pT3", "pT4"], "pancreatic tumor staging", "pancreas"),
    ("The liver is", ["small", "normal in size", "enlarged"], "organ enlargement", "liver"),
    ("Which?", ["The spleen is enlarged", "The spleen is normal in size"], "splenomegaly detection", "spleen"),
    ("Kidneys:", ["symmetric in size", "asymmetric in size", "both small"], "bilateral kidney asymmetry", "kidney"),
    ("Right kidney shows", ["a cyst", "no cyst", "a stone", "a scar"], "kidney cyst existence", "kidney_right"),
    ("Which is present in the left kidney?", ["Solid tumour", "No tumour", "Calculus", "Scar"],
     "kidney tumor existence", "kidney_left"),
    ("The biggest kidney lesion lies in the", ["right kidney", "left kidney", "neither"], "largest lesion location",
     "kidney"),
    ("Liver lesions against the earlier CT:", ["bigger", "smaller", "no change", "new lesions"], "lesion change", "liver"),
    ("Which?", ["Kidney lesion grew since the prior", "Kidney lesion shrank since the prior",
                "Kidney lesion is new"], "lesion change", "kidney"),
])
def test_the_options_carry_the_task(reader: Understanding, stem: str, choices: list[str], task: str,
                                    organ: str) -> None:
    intent = reader.understand(stem, dict(zip("ABCD", choices, strict=False)))
    assert (intent.task, intent.organ) == (task, organ)


@pytest.mark.parametrize(("question", "task"), [
    ("How many litres is the liver?", "organ volume measurement"),
    ("Spleen volume in litres, please.", "organ volume measurement"),
    ("How many inches is the largest kidney lesion across?", "largest lesion diameter"),
    ("Biggest liver lesion in inches?", "largest lesion diameter"),
    ("Has the spleen grown since the last CT, and by how much?", "organ volume change"),
    ("The liver shrank by 150 mL since the prior, correct?", "organ volume change"),
])
def test_units_and_changes_said_their_own_way(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task
