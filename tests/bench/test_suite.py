"""The synthetic suite: record format, answers from the reference measurements, varied held-out phrasing."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from benchmarks.answers import Extras, Truth, all_items, by_criterion
from benchmarks.questions import load_templates
from benchmarks.records import LETTERS, QuestionRecord, format_mc_question, load_records, parse_mc_question
from benchmarks.subtypes import ANSWER_TYPE, STAGE_OF

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


def steatosis_grade(liver_hu: float, ratio: float) -> str:
    item = by_criterion("hepatic steatosis grading", {"liver.mean_hu": liver_hu, "liver/spleen.hu_ratio": ratio})
    assert item is not None
    return item.answer


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


def test_only_subtypes_the_masks_decide_are_asked(suite) -> None:
    """Pancreatic lesion resectability needs vessel contact (SMA, celiac, SMV/PV) that no mask gives."""
    records = load_records(suite.questions)
    assert not [r for r in records if r.question_subtype == "pancreatic lesion resectability"]
    assert any(r.question_subtype == "pancreatic tumor staging" for r in records)


def test_adjacent_organ_is_the_one_organ_within_the_adjacency_distance(suite) -> None:
    import nibabel as nib
    import numpy as np
    from scipy import ndimage

    from benchmarks.answers import ORGAN_LABEL
    from benchmarks.suite import ADJACENCY_MM, _extras, _largest_component

    for folder in sorted((suite.root / "benchmark" / "ct").iterdir()):
        for group, organ in _extras(folder).nearest_organ.items():
            lesion_name = {"liver_lesion": "liver_tumor", "kidney_lesion": "kidney_cyst",
                           "pancreas_lesion": "pancreas_tumor"}[group]
            path = folder / "segmentations" / f"{lesion_name}.nii.gz"
            img = nib.as_closest_canonical(nib.load(path))
            lesion = _largest_component([np.asarray(img.dataobj) > 0])
            organ_mask = np.asarray(nib.as_closest_canonical(nib.load(folder / "segmentations" / f"{organ}.nii.gz")).dataobj) > 0
            gap = ndimage.distance_transform_edt(~lesion, sampling=img.header.get_zooms()[:3])[organ_mask].min()
            assert gap <= ADJACENCY_MM and organ in ORGAN_LABEL


def test_no_item_answers_resectability_and_hu_difference_is_a_magnitude() -> None:
    truth = {"organs": {"pancreas": {"volume_ml": 70.0, "mean_hu": 45.0, "std_hu": 8.0}},
             "lesion_groups": {"pancreas_lesion": {"lesion_count": 1, "instances": [
                 {"volume_ml": 4.0, "longest_diameter_mm": 22.0, "mean_hu": 20.0, "organ": "pancreas",
                  "attenuation": "hypo", "location": "pancreas_head"}]}}, "lesion_masks": {}, "derived": {}}
    items = all_items(truth, Extras(vessel_contact={"pancreas_lesion": "aorta"}))
    assert "pancreatic lesion resectability" not in {i.subtype for i in items}
    diff = next(i for i in items if i.subtype == "tumor organ HU difference")
    assert diff.value == 25.0


@pytest.mark.parametrize("qid", [0, 17, "AE-0003"])
def test_a_numbered_qid_is_read_as_its_text(tmp_path, qid) -> None:
    """Another author's suite numbered its qids (0, 1, ...): the records read, the qid as text, and stay unique."""
    record = {"qid": qid, "image_id": "BDMAP_E0000001", "question": "Is there a liver lesion?", "answer": "No",
              "question_subtype": "liver lesion existence"}
    path = tmp_path / "test_qa.json"
    path.write_text(json.dumps({"questions": [record, {**record, "qid": f"{qid}b"}]}))
    records = load_records(path)
    assert [r.qid for r in records] == [str(qid), f"{qid}b"]


def _pancreas_truth(*hus: float, gland_hu: float = 100.0) -> dict:
    instances = [{"mask": "pancreas_tumor", "instance": i + 1, "volume_ml": 6.0 - i, "longest_diameter_mm": 25.0 - i,
                  "mean_hu": hu, "organ": "pancreas"} for i, hu in enumerate(hus)]
    return {"organs": {"pancreas": {"volume_ml": 70.0, "mean_hu": gland_hu, "std_hu": 10.0}},
            "derived": {}, "lesion_masks": {},
            "lesion_groups": {"pancreas_lesion": {"lesion_count": len(hus), "instances": instances}}}


@pytest.mark.parametrize(("hus", "pdac"), [((5.0,), "No"), ((18.0, 2.0), "No"), ((45.0,), "Yes"), ((60.0, 40.0), "Yes")])
def test_a_pancreatic_cyst_is_neither_pdac_nor_pnet_as_the_reasoner_reads_it(hus, pdac) -> None:
    """One definition with the reasoner (`agents.reasoners.pancreas`): only a solid mass is typed."""
    items = {i.subtype: i for i in all_items(_pancreas_truth(*hus), Extras())}
    assert items["PDAC existence"].answer == pdac
    assert items["PNET existence"].answer == "No"
    assert ("PDAC vs PNET classification" in items) is (pdac == "Yes")
    assert ("pancreatic tumor staging" in items) is (pdac == "Yes")


@pytest.mark.parametrize("hus", [(25.0,), (45.0, 10.0), (28.0, 60.0)])
def test_no_type_question_on_indeterminate_or_mixed_pancreatic_lesions(hus) -> None:
    subtypes = {i.subtype for i in all_items(_pancreas_truth(*hus), Extras())}
    assert not subtypes & {"PDAC existence", "PNET existence", "PDAC vs PNET classification",
                           "pancreatic tumor staging"}


def _burden_truth(liver_lesion_ml: float, pancreas_lesion_ml: float, pancreas_ml: float) -> dict:
    def group(organ: str, ml: float, organ_ml: float) -> dict:
        return {"lesion_count": 1, "total_lesion_volume_ml": ml, "tumor_burden_pct": 100.0 * ml / organ_ml,
                "instances": [{"volume_ml": ml, "longest_diameter_mm": 20.0, "mean_hu": 40.0, "organ": organ}]}
    return {"organs": {"liver": {"volume_ml": 1600.0, "mean_hu": 100.0, "std_hu": 10.0},
                       "pancreas": {"volume_ml": pancreas_ml, "mean_hu": 100.0, "std_hu": 10.0}},
            "derived": {}, "lesion_masks": {},
            "lesion_groups": {"liver_lesion": group("liver", liver_lesion_ml, 1600.0),
                              "pancreas_lesion": group("pancreas", pancreas_lesion_ml, pancreas_ml)}}


@pytest.mark.parametrize(("liver", "pancreas", "gland", "asked"), [
    (40.0, 8.0, 60.0, None),        # liver holds more volume, the pancreas the larger share: not asked
    (60.0, 2.0, 90.0, "Liver"),     # both readings: liver
    (5.0, 12.0, 70.0, "Pancreas"),  # both readings: pancreas
    (20.0, 15.0, 45.0, None),
])
def test_burden_comparison_is_asked_only_where_volume_and_share_agree(liver, pancreas, gland, asked) -> None:
    items = {i.subtype: i for i in all_items(_burden_truth(liver, pancreas, gland), Extras())}
    item = items.get("multi-organ lesion burden comparison")
    assert (item.answer if item else None) == asked
