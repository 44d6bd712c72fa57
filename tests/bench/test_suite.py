"""The synthetic suite: record format, answers from the reference measurements, varied held-out phrasing."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from orchestrator.bench.answers import Extras, Truth, all_items, steatosis_grade
from orchestrator.bench.questions import load_templates
from orchestrator.bench.records import LETTERS, QuestionRecord, format_mc_question, load_records, parse_mc_question
from orchestrator.bench.subtypes import ANSWER_TYPE, STAGE_OF

FIELDS = ("qid", "image_id", "spacing", "shape", "sex", "age", "question", "answer", "mc_question", "correct_option",
          "organ", "lesion", "question_type", "question_subtype", "requires_tools")


def test_every_subtype_has_templates_with_a_heldout_one() -> None:
    templates = load_templates()
    assert set(templates) == set(STAGE_OF)
    for subtype, items in templates.items():
        assert len(items) >= 3, subtype
        assert any(t.heldout for t in items) and any(not t.heldout for t in items), subtype
    ids = [t.id for items in templates.values() for t in items]
    assert len(ids) == len(set(ids))


def test_records_have_the_benchmark_fields_and_a_consistent_mc_form(suite) -> None:
    raw = json.loads(suite.questions.read_text())
    assert raw["num_questions"] == len(raw["questions"]) == suite.n_questions
    for item in raw["questions"]:
        assert all(field in item for field in FIELDS)
        assert item["question_type"] == STAGE_OF[item["question_subtype"]]
        stem, options = parse_mc_question(item["mc_question"])
        assert stem == item["question"]
        assert list(options) == list(LETTERS[:len(options)]) and len(options) >= 2
        assert options[item["correct_option"]] == item["answer"]
        assert len(set(options.values())) == len(options)
        assert item["spacing"].startswith("[") and item["shape"].startswith("(")


def test_three_cases_cover_most_subtypes_and_the_designs_vary_answers(suite) -> None:
    records = load_records(suite.questions)
    assert len({r.question_subtype for r in records}) >= 38
    answers = Counter(r.answer for r in records if r.question_subtype == "splenomegaly grading")
    assert len(answers) == 3  # designs 0-2: normal, mild, moderate
    assert any(r.model_extra["template_heldout"] for r in records)
    assert any(not r.model_extra["template_heldout"] for r in records)


def test_answers_follow_the_reference_measurements(suite) -> None:
    records = load_records(suite.questions)
    for record in records:
        truth = json.loads((suite.root / "benchmark" / "ct" / record.image_id / "ground_truth.json").read_text())
        spleen = truth["organs"]["spleen"]["volume_ml"]
        if record.question_subtype == "splenomegaly detection":
            assert record.answer == ("Yes" if spleen > 314.5 else "No")
        if record.question_subtype == "organ volume measurement" and record.organ == "spleen":
            assert record.model_extra["answer_value"] == pytest.approx(spleen, abs=0.05)
        if record.question_subtype == "lesion counting" and record.organ == "liver":
            assert record.model_extra["answer_value"] == truth["lesion_groups"].get("liver_lesion", {}).get(
                "lesion_count", 0)


def test_numeric_distractors_are_far_from_the_truth(suite) -> None:
    for record in load_records(suite.questions):
        if ANSWER_TYPE[record.question_subtype] != "numeric" or record.question_subtype in (
                "lesion counting", "lesion count by location", "largest lesion slice", "organ HU measurement",
                "tumor organ HU difference"):
            continue
        _, options = parse_mc_question(record.mc_question)
        truth = record.model_extra["answer_value"]
        for letter, text in options.items():
            value = float(text.split()[0])
            if letter != record.correct_option and truth:
                assert abs(value - truth) / abs(truth) >= 0.25, (record.qid, text)


def test_suite_ships_an_oracle_tool_cache_for_the_harness(suite) -> None:
    cache = json.loads((suite.root / "tool_cache" / "benchmark_oracle_tool_cache.json").read_text())["cache"]
    entry = cache["SYNTH_00000001"]
    truth = json.loads((suite.root / "benchmark" / "ct" / "SYNTH_00000001" / "ground_truth.json").read_text())
    assert entry["measure"]["spleen"]["volume_cm3"]["value"] == pytest.approx(truth["organs"]["spleen"]["volume_ml"],
                                                                             abs=1e-3)
    assert entry["segment"]["liver"]["mask_found"] is True
    assert entry["measure"]["liver_tumor"]["lesion_count"]["value"] == 3


def test_steatosis_grade_takes_the_worse_criterion() -> None:
    assert steatosis_grade(60.0, 1.1) == "G0 (none)"
    assert steatosis_grade(60.0, 0.7) == "G2 (moderate)"
    assert steatosis_grade(45.0, 0.9) == "G2 (moderate)"
    assert steatosis_grade(30.0, 1.2) == "G3 (severe)"


def test_items_from_a_minimal_truth() -> None:
    truth = {"organs": {"spleen": {"volume_ml": 650.0, "mean_hu": 50.0, "std_hu": 8.0},
                        "liver": {"volume_ml": 1500.0, "mean_hu": 30.0, "std_hu": 8.0}},
             "derived": {"liver/spleen": {"hu_ratio": 0.6}}, "lesion_groups": {}, "lesion_masks": {}}
    items = {i.subtype: i for i in all_items(truth, Extras())}
    assert items["splenomegaly grading"].answer == "Moderate splenomegaly"
    assert items["fatty liver"].answer == "Moderate to severe fatty liver"
    assert items["liver lesion existence"].answer == "No"
    assert Truth(truth).count("liver_lesion") == 0


def test_mc_text_round_trip() -> None:
    options = {"A": "Segment 4", "B": "Segment 7", "C": "Segment 2"}
    assert parse_mc_question(format_mc_question("Where is it?", options)) == ("Where is it?", options)
    assert parse_mc_question("Is it? (A) Yes (B) No") == ("Is it?", {"A": "Yes", "B": "No"})
    record = QuestionRecord(qid="x", image_id="i", question="q", answer="a", question_subtype="lesion counting")
    assert record.stem_and_choices() == ("q", {})
