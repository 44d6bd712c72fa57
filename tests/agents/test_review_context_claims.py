"""The rules of `agents/review_checks/context_claims.py`, varied over segment, organ, plane, tissue and wording on a
saved clinorch result (tests/data/own/reviewer13): each rule alone, on the real evidence of a real run."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge
from agents.review_checks.base import ReviewInput
from agents.review_checks.change_noise import noise_contradicted
from agents.review_checks.foreign_thresholds import foreign_thresholds
from agents.review_checks.measured_qualifiers import COUINAUD, misnamed_segments, unmeasured_parts, unmeasured_planes
from agents.review_checks.negatives import unassessed_negatives
from agents.review_checks.tissue_words import contradicted_tissue
from core.case import Answer, CaseResult
from questions.understanding import understand

SAVED = Path(__file__).parents[1] / "data" / "own" / "reviewer13"
NAMES = {1: "caudate", 2: "left lateral superior", 3: "left lateral inferior", 4: "left medial",
         5: "right anterior inferior", 6: "right posterior inferior", 7: "right posterior superior",
         8: "right anterior superior"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII"}


def subject(base: str, text: str, evidence_ids: list[str] | None = None) -> ReviewInput:
    """The saved result `base` with its answer text replaced, as the reviewer reads it."""
    result = CaseResult.model_validate_json((SAVED / f"{base}.json").read_text())
    detail = result.answer_detail
    assert detail is not None
    answer = Answer(text=text, choice=None, evidence_ids=evidence_ids or detail.evidence_ids, backend="external",
                    criterion_id=detail.criterion_id)
    return ReviewInput(question=result.question, choices=None, intent=understand(result.question, None),
                       answer=answer, evidence=list(result.evidence), base=knowledge.shared_base("deeptumorvqa", ()),
                       track=result.track)


@pytest.mark.parametrize("number", range(1, 9))
@pytest.mark.parametrize("numeral", ["arabic", "roman"])
def test_a_segment_named_as_itself_passes_and_as_another_fails(number: int, numeral: str) -> None:
    said = str(number) if numeral == "arabic" else ROMAN[number]
    assert misnamed_segments(subject("r13q02", f"Segment {said}, the {NAMES[number]} segment.")) == []
    others = [n for n in range(1, 9) if NAMES[n].split()[-1] not in COUINAUD[number] or
              NAMES[n].split()[0] not in COUINAUD[number]]
    for other in others:
        assert misnamed_segments(subject("r13q02", f"Segment {said} ({NAMES[other]})")), (number, other)


@pytest.mark.parametrize(("base", "text", "wrong"), [
    ("r13q02", "26.8 mm craniocaudal", True), ("r13q12", "23.3 mm in the sagittal plane", True),
    ("r13q08", "24.3 mm coronal", True), ("r13q19", "33.0 mm longest axial diameter", False),
    ("r13q24", "12.6 mm on axial images", False), ("r13q12", "not measured craniocaudally: 23.3 mm axial", False),
])
def test_a_plane_other_than_the_axial_is_refused(base: str, text: str, wrong: bool) -> None:
    assert bool(unmeasured_planes(subject(base, text))) is wrong


@pytest.mark.parametrize(("base", "text", "wrong"), [
    ("r13q15", "Left renal cortex 114.0 mL", True), ("r13q27", "Right kidney medulla 114.5 mL", True),
    ("r13q06", "Left lobe 912.2 mL", True), ("r13q15", "Whole left kidney 114.0 mL", False),
    ("r13q06", "Liver 912.2 mL", False),
])
def test_a_part_of_the_organ_is_refused_for_a_whole_organ_volume(base: str, text: str, wrong: bool) -> None:
    assert bool(unmeasured_parts(subject(base, text))) is wrong


@pytest.mark.parametrize(("base", "text", "wrong"), [
    ("r13q22", "396.2 mL; no focal splenic lesion", True), ("r13q06", "912.2 mL, without ascites", True),
    ("r13q27", "114.5 mL; no hydronephrosis", True), ("r13q24", "12.6 mm; no portal vein invasion", True),
    ("r13q19", "33.0 mm; no kidney tumour", False), ("r13q00", "659.9 mL; no pancreatic mass", False),
    ("r13q12", "23.3 mm; no contact with the aorta", False), ("r13q06", "912.2 mL; ascites is present", False),
])
def test_a_negative_needs_evidence_that_looked(base: str, text: str, wrong: bool) -> None:
    assert bool(unassessed_negatives(subject(base, text))) is wrong


@pytest.mark.parametrize(("base", "text", "wrong"), [
    ("r13q25", "25.1 HU, a fat-containing lesion", True), ("r13q11", "30.0 HU, cystic", True),
    ("r13q05", "60.0 HU, fluid attenuation", True), ("r13q25", "25.1 HU, hypoattenuating", False),
    ("r13q11", "30.0 HU, fatty liver", False), ("r13q25", "25.1 HU, not fat-containing", False),
])
def test_a_tissue_word_must_fit_the_attenuation(base: str, text: str, wrong: bool) -> None:
    assert bool(contradicted_tissue(subject(base, text))) is wrong


@pytest.mark.parametrize(("base", "text", "wrong"), [
    ("r13q22", "396.2 mL, above the 314.5 mL splenomegaly threshold", False),
    ("r13q22", "396.2 mL, above the 250 mL splenomegaly threshold", True),
    ("r13q06", "912.2 mL, above the 600 mL atrophy limit", False),
    ("r13q22", "396.2 mL, above the 600 mL atrophy limit", True),
    ("r13q11", "30.0 HU, below the 40 HU fatty liver cut-off", False),
])
def test_a_category_limit_is_that_category_s_for_the_quantity(base: str, text: str, wrong: bool) -> None:
    assert bool(foreign_thresholds(subject(base, text))) is wrong


@pytest.mark.parametrize(("text", "ids", "wrong"), [
    ("Stable at 26.8 mm (17.9 mm before)", ["measurement:liver_lesion:largest_lesion_diameter_change_mm"], True),
    ("Grew from 17.9 to 26.8 mm", ["measurement:liver_lesion:largest_lesion_diameter_change_mm"], False),
    ("The liver enlarged: 967.1 mL", ["measurement:liver:volume_change_pct"], True),
    ("The liver is unchanged at 967.1 mL", ["measurement:liver:volume_change_pct"], False),
    ("The spleen shrank, 144.1 mL", ["measurement:spleen:volume_change_pct"], True),
])
def test_stable_or_changed_is_read_against_measurement_noise(text: str, ids: list[str], wrong: bool) -> None:
    assert bool(noise_contradicted(subject("r13q30", text, ids))) is wrong


@pytest.mark.parametrize(("change", "text"), [
    (0.93, "The liver volume increased by 0.9 %."), (1.46, "Increased by 1.5 % (967.1 mL now)."),
    (-0.71, "The liver volume decreased by 0.7 %."), (2.04, "Up by 2.0 %, 967.1 mL."),
])
def test_a_decimal_change_is_read_whole_not_split_at_its_point(change: float, text: str) -> None:
    from agents.reviewer import review_result
    from tests.review_runs import with_item

    result = CaseResult.model_validate_json((SAVED / "r13q30.json").read_text())
    evidence = [e.model_copy(update={"value": change}) if e.id == "measurement:liver:volume_change_pct" else e
                for e in result.evidence]
    item = {"text": text, "choice": None, "question": "By how much has the liver volume changed since the prior CT?",
            "choices": None, "evidence_ids": ["measurement:liver:volume_change_pct", "measurement:liver:volume_ml"]}
    verdict = review_result(with_item(result.model_copy(update={"evidence": evidence}), item))
    assert not [c for c in verdict.checks if c.name == "answer_kind" and not c.passed], text
