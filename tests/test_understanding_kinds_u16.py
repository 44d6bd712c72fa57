"""Question understanding: the kinds of set P's misses (issue 11, session 16), each fixed as a kind and varied here by
organ, unit, separator and option wording; and understand16's own phrasings (tests/data/own/questions_own_u16.yaml,
written and labelled by hand before any run), tuned on their even half while the odd half was held back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from questions.fields import field_question
from questions.understanding import Understanding, default_understanding

OWN = Path(__file__).parent / "data" / "own" / "questions_own_u16.yaml"


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


# a leading clause states the rule the question applies to this patient; a value measured in it keeps it a vignette
@pytest.mark.parametrize(("question", "task"), [
    ("If the kidney is above 260 cm3 we call it enlarged: is the right kidney enlarged?", "organ enlargement"),
    ("Spleens over 314.5 mL count as splenomegaly in our unit; is there splenomegaly?", "splenomegaly detection"),
    ("Mild 314.5-500 mL, moderate 500-800 mL, severe above 800 mL: which splenomegaly grade applies?",
     "splenomegaly grading"),
    ("Liver volume above 2000 mL is hepatomegaly - is the liver enlarged?", "organ enlargement"),
    ("If a spleen measures 600 mL, what grade of splenomegaly is that?", "knowledge question"),
    ("What spleen volume defines splenomegaly?", "knowledge question"),
])
def test_a_stated_rule_before_a_patient_question(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


# a value from an earlier study is history when the question asks about today's image
@pytest.mark.parametrize(("question", "task"), [
    ("Prior study in 2024 reported a spleen of 290 mL; is there splenomegaly now?", "splenomegaly detection"),
    ("The previous CT showed a liver of 2100 mL. Is the liver enlarged today?", "organ enlargement"),
    ("A spleen of 520 mL: does that meet splenomegaly criteria?", "knowledge question"),
])
def test_a_value_from_a_prior_study_is_history(reader: Understanding, question: str, task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "task"), [
    ("Compute the spleen volume and report whether it exceeds the 314.5 mL splenomegaly threshold (yes/no).",
     "splenomegaly detection"),
    ("Measure the liver volume and say whether it is above the 2000 mL cut-off for hepatomegaly.", "organ enlargement"),
])
def test_a_value_held_against_a_named_threshold_asks_about_the_patient(reader: Understanding, question: str,
                                                                        task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("stem", "choices", "task"), [
    ("Count them.", {"A": "1 renal lesion", "B": "2 renal lesions", "C": "3 or more renal lesions"}, "lesion counting"),
    ("Which organ has a focal lesion?", {"A": "Liver", "B": "None - no liver lesion"}, "liver lesion existence"),
    ("Where is there a focal lesion?", {"A": "Pancreas", "B": "Nowhere in the pancreas"}, "pancreatic lesion existence"),
    ("The lesions are:", {"A": "Clustered in one segment", "B": "Scattered across segments"}, "liver lesion clustering"),
    ("Pick one.", {"A": "Grouped within a single segment", "B": "Spread over several segments"},
     "liver lesion clustering"),
])
def test_the_options_kind_carries_a_terse_stem(reader: Understanding, stem: str, choices: dict[str, str],
                                               task: str) -> None:
    assert reader.understand(stem, choices).task == task


@pytest.mark.parametrize(("key", "organ"), [
    ("tumor_burden_pct (liver):", "liver"), ("tumor_burden_pct (pancreas):", "pancreas"),
    ("Tumour minus organ HU (kidney):", "kidney"), ("largest_lesion_diameter_mm (pancreas):", "pancreas"),
])
def test_a_bracket_that_is_no_type_stays_with_the_key(reader: Understanding, key: str, organ: str) -> None:
    assert f"({organ})" in field_question(key)
    assert reader.understand(key).organ == organ


def test_own_phrasings_tuned_and_held_back_halves(reader: Understanding) -> None:
    """Before -> after (task / organ): tuning half 0.919 / 0.968 -> 0.952 / 0.968; held-back half 0.903 / 0.933 ->
    0.919 / 0.933."""
    records = yaml.safe_load(OWN.read_text())["questions"]
    assert len(records) >= 120
    seen: dict[int, int] = {}
    halves: dict[int, list[dict]] = {0: [], 1: []}
    for r in records:
        index = seen.get(r["kind"], 0)
        seen[r["kind"]] = index + 1
        halves[index % 2].append(r)
    for half, floor in ((0, (0.95, 0.96)), (1, (0.91, 0.93))):
        pairs = [(reader.understand(r["q"], r.get("choices")), r) for r in halves[half]]
        task = sum(i.task == r["task"] for i, r in pairs) / len(pairs)
        organ = sum(i.organ == r["organ"] for i, r in pairs if "organ" in r) / sum("organ" in r for _, r in pairs)
        assert task >= floor[0], (half, task)
        assert organ >= floor[1], (half, organ)
