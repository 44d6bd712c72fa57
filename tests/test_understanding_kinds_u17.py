"""Question understanding: the kinds of set Q's misses (issue 11, session 17), each fixed as a kind and varied here by
organ, structure, wording and option form; and understand17's own phrasings (tests/data/questions_own17.yaml, written
and labelled by hand before any run), tuned on their even half (per kind) while the odd half was held back.

- a question no task answers (bowel wall, bones, a drug dose) is `out of scope`, and the case abstains saying so;
- a near-empty stem whose options are a finding and its absence names the finding's kind (cyst, tumour, fat of the
  pancreas) through the options, not only its organ.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from core.tasks import OUT_OF_SCOPE
from questions.scope import beyond_scope
from questions.understanding import Understanding, default_understanding

OWN = Path(__file__).parent / "data" / "questions_own17.yaml"


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


@pytest.mark.parametrize(("half", "floor"), [(0, 0.90), (1, 0.95)])
def test_own_phrasings_floor(reader: Understanding, half: int, floor: float) -> None:
    """Before -> after (task): tuning half 0.790 -> 0.903, held-back half 0.839 -> 0.952 (62 each)."""
    items = _halves()[half]
    right = sum(reader.understand(x["q"], x.get("choices")).task == x["task"] for x in items)
    assert right / len(items) >= floor, f"{right}/{len(items)}"


@pytest.mark.parametrize("question", [
    "How thick is the wall of the sigmoid colon?",
    "Gallbladder wall thickness in mm?",
    "Any vertebral compression fracture at L1?",
    "What is the attenuation of the L2 vertebral body?",
    "Is the common bile duct dilated?",
    "Are there enlarged lymph nodes?",
    "Is there a left adrenal nodule?",
    "What dose of insulin should she get?",
    "Any gallstones?",
    "Quantify the psoas muscle volume.",
    "Is the uterus enlarged?",
])
def test_a_question_no_task_answers_is_out_of_scope(reader: Understanding, question: str) -> None:
    assert reader.understand(question).task == OUT_OF_SCOPE, beyond_scope(question)


@pytest.mark.parametrize(("question", "task"), [
    ("Calculate the spleen volume.", "organ volume measurement"),  # "calculate" is no calculus
    ("Is the liver lesion abutting the bile duct region?", None),  # a lesion of the liver asked: within scope
    ("What is the lumbar-level kidney volume on the left?", None),
    ("T stage of the pancreatic tumour?", "pancreatic tumor staging"),
    ("For dose modelling, give me the summed volume of every segmented abdominal organ.", "organ aggregation"),
    ("Creatinine 1.9 mg/dL. Is one kidney markedly smaller than the other?", None),  # a lab value, no treatment
    ("Prior US: colonic wall thickening. Is there a colonic tumour on CT?", "colon lesion existence"),
    ("Gallstone pancreatitis in June; is the pancreatic collection a pseudocyst?", "pseudocyst determination"),
    ("Is the bowel thickened by a tumour? Any colonic mass?", "colon lesion existence"),
])
def test_in_scope_questions_near_those_words_stay_in_scope(reader: Understanding, question: str,
                                                            task: str | None) -> None:
    got = reader.understand(question).task
    assert got != OUT_OF_SCOPE
    assert task is None or got == task


@pytest.mark.parametrize(("stem", "choices", "task"), [
    ("Which?", {"A": "Kidney cyst present", "B": "No kidney cyst"}, "kidney cyst existence"),
    ("Pick one", {"A": "Renal cyst seen", "B": "No renal cyst"}, "kidney cyst existence"),
    ("Which?", {"A": "Solid kidney tumour present", "B": "No solid kidney tumour"}, "kidney tumor existence"),
    ("Select", {"A": "Renal lesion present", "B": "No renal lesion"}, "kidney lesion existence"),
    ("Which?", {"A": "Fatty pancreas", "B": "Non-fatty pancreas"}, "pancreatic steatosis"),
    ("Answer", {"A": "Pancreatic steatosis", "B": "No pancreatic steatosis"}, "pancreatic steatosis"),
])
def test_a_near_empty_stem_takes_the_kind_from_its_options(reader: Understanding, stem: str, choices: dict[str, str],
                                                           task: str) -> None:
    assert reader.understand(stem, choices).task == task


def test_out_of_scope_abstains_naming_what_was_asked() -> None:
    from agents.reasoners.base import InsufficientEvidence
    from agents.reasoners.reports import out_of_scope

    class _Task:  # the reasoner reads only the question
        question = "Measure the L3 vertebral body height."

    with pytest.raises(InsufficientEvidence, match=r"out of scope.*\b(l3|vertebra)"):
        out_of_scope(_Task())  # type: ignore[arg-type]
