"""End to end with the real agents, for the kinds reviewer set 10 showed: phantoms are run through the pipeline, the
saved result is edited as an editor would, and `review_result` (what `clinorch review` runs) judges it.

Kinds flagged: a knowledge answer giving a category a threshold or a direction its cited criterion does not
(`Criterion.defining_bands`: "PD at 10 %", "PR: a 30 % increase"); a place the evidence contradicts or never
measured (a kidney pole, a segment with no sub-segment masks); an answer denying and affirming one finding; a
forecast ("will double in 6 months", "doubling time 40 days"); a change said as a size; the other lesion kind's size
(the cyst's for the tumour asked); the smaller side called the larger. Kinds that pass: a rounded value ("about
700 mL", "1.2 L", "~24 mm"), Couinaud names ("Segment VII", "S7", "right posterior superior segment"), counts in
words, a from-to change, "the right kidney is smaller", advice naming MRI. Phantoms of my own (other seeds, sides,
orientations and spacings than set 10's); expected values come from each result's own evidence, never typed in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.case import CaseResult
from tests.review_runs import answered, edited, evidence_value, failed_checks, make_studies, run_once

SPECS = {"left": dict(seed=1111, liver_lesions=3, kidney_lesion="solid", kidney_lesion_side="left",
                      kidney_lesion_diameter_mm=38.0, orientation="RAS", splenomegaly="moderate"),
         "right": dict(seed=1112, liver_lesions=2, kidney_lesion="cyst", kidney_lesion_side="right", orientation="PIR",
                       spacing=(1.7, 1.7, 4.5))}
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII"}


@pytest.fixture(scope="module")
def phantoms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_studies(tmp_path_factory.mktemp("kinds10"), SPECS, "left", (1.4, 1.2), seed=3)  # the lesions shrank since the prior


def _knowledge(question: str) -> CaseResult:
    from orchestrator.api import run

    return answered(run({"case_id": "kinds10-k", "question": question, "images": []}))


def test_a_knowledge_answer_gives_each_category_its_own_threshold_and_direction() -> None:
    from knowledge import shared_base

    result = _knowledge("What is the RECIST 1.1 threshold for progressive disease?")
    entry = next(e for e in shared_base("deeptumorvqa", ()).entries if e.id == "recist11-response")
    limits = {abs(b.lower or b.upper or 0) for _, b in entry.criterion.defining_bands("progressive disease (PD)")}
    assert {20, 5} <= limits  # the bands the reasoner quotes are the ones the reviewer reads
    assert "20 ≤ x %" in str(result.answer)  # the reasoner leads with the category asked
    for right in ("Progressive disease (PD): an increase of at least 20 % in the sum of diameters over the nadir, "
                  "and at least 5 mm in absolute terms, or a new lesion.",
                  "PD = at least 20 % increase (and 5 mm absolute) from the smallest sum.",
                  "Partial response (PR): a decrease of at least 30 % from baseline."):
        assert not failed_checks(result, right), right
    for wrong in ("Progressive disease (PD) is an increase of at least 10 % in the sum of diameters.",
                  "PD: a 30 % increase in the sum of diameters.", "Progression is a decrease of at least 20 %.",
                  "A 30 % decrease from baseline is progressive disease (PD).",
                  "Partial response (PR) means the sum increased by at least 30 %.",
                  "Progression needs a 20 % increase and at least 10 mm absolute."):
        assert "rule_grounding" in failed_checks(result, wrong), wrong


def test_a_knowledge_answer_with_no_image_is_reviewed_as_triage_read_it() -> None:
    result = _knowledge("What decrease in the sum of diameters is a partial response per RECIST 1.1?")
    assert not failed_checks(result, "PR is a 30 % or greater reduction of the sum of diameters from baseline.")
    assert "rule_grounding" in failed_checks(result, "PR is a 50 % or greater reduction of the sum of diameters.")


@pytest.mark.parametrize("name", list(SPECS))
def test_a_lesion_is_placed_only_where_the_evidence_puts_it(phantoms: dict[str, Path], name: str) -> None:
    result = answered(run_once(phantoms, name, "How large is the largest liver lesion?", case_id="kinds10"))
    size = f"{evidence_value(result, 'liver_lesion', 'largest_lesion_diameter_mm'):.1f}"
    segment = int(str(evidence_value(result, "liver_lesion", "largest_lesion_location")).rsplit("_", 1)[1])
    held = {int(str(e.value).rsplit("_", 1)[1]) for e in result.evidence if e.name == "location"
            and (e.target or "").startswith("liver_lesion_")}
    free = next(n for n in (2, 3, 5, 6, 8) if n not in held)
    assert not failed_checks(result, f"{size} mm, in segment {segment}.")
    assert not failed_checks(result, f"{size} mm (Segment {ROMAN[segment]}).")
    assert not failed_checks(result, f"{size} mm, S{segment}.")
    assert "lesions" in failed_checks(result, f"{size} mm, in segment {free}.")
    assert "lesions" in failed_checks(result, f"{size} mm; the lesion lies in segment {ROMAN[free]}.")
    if segment >= 5:  # the right liver
        assert "lesions" in failed_checks(result, f"{size} mm, in the left lobe.")
        assert not failed_checks(result, f"{size} mm, in the right lobe.")
    unlocated = edited(result, result.answer or "")  # the same study with no sub-segment masks: nothing places it
    unlocated = unlocated.model_copy(update={"evidence": [e for e in result.evidence if e.name not in (
        "location", "locations", "largest_lesion_location") and "liver_segment" not in e.id]})
    assert "lesions" in failed_checks(unlocated, f"{size} mm, in segment {segment}.")
    assert "lesions" in failed_checks(unlocated, f"{size} mm; it lies in the left lobe.")
    assert not failed_checks(unlocated, f"{size} mm, in the liver.")


def test_couinaud_names_in_words_are_segments_not_sides(phantoms: dict[str, Path]) -> None:
    result = answered(run_once(phantoms, "left", "In which Couinaud segment is the largest liver lesion?",
                               case_id="kinds10"))
    segment = int(str(evidence_value(result, "liver_lesion", "largest_lesion_location")).rsplit("_", 1)[1])
    names = {2: "left lateral superior", 3: "left lateral inferior", 5: "right anterior inferior",
             6: "right posterior inferior", 7: "right posterior superior", 8: "right anterior superior"}
    assert not failed_checks(result, f"Segment {ROMAN[segment]}.") and not failed_checks(result, f"S{segment}.")
    if segment in names:
        assert not failed_checks(result, f"The {names[segment]} segment (segment {segment}).")
        other = next(n for n in names if n != segment)
        assert failed_checks(result, f"The {names[other]} segment.")


@pytest.mark.parametrize(("name", "side"), [("left", "left"), ("right", "right")])
def test_a_kidney_pole_nothing_measured_is_unsupported(phantoms: dict[str, Path], name: str, side: str) -> None:
    result = answered(run_once(phantoms, name, "How large is the renal lesion?", case_id="kinds10"))
    size = f"{evidence_value(result, 'kidney_lesion', 'largest_lesion_diameter_mm'):.1f}"
    assert not failed_checks(result, f"{size} mm, in the {side} kidney.")
    assert "support" in failed_checks(result, f"{size} mm, at the upper pole of the {side} kidney.")
    assert "support" in failed_checks(result, f"{size} mm, a lower-pole {side} renal lesion.")


@pytest.mark.parametrize("name", list(SPECS))
def test_an_answer_that_denies_and_affirms_a_finding_is_flagged(phantoms: dict[str, Path], name: str) -> None:
    result = answered(run_once(phantoms, name, "Is the spleen enlarged?", case_id="kinds10"))
    volume = f"{evidence_value(result, 'spleen', 'volume_ml'):.1f}"
    head = str(result.answer).split(".")[0]
    assert "support" in failed_checks(result, f"{head}. No splenomegaly ({volume} mL), consistent with splenomegaly.")
    assert "support" in failed_checks(result, f"{head}. The spleen measures {volume} mL, in keeping with "
                                              "splenomegaly; there is no splenomegaly.")
    if head == "No":
        assert not failed_checks(result, f"No splenomegaly; {volume} mL, below the 314.5 mL splenomegaly threshold.")
    else:
        assert not failed_checks(result, f"Yes — spleen {volume} mL, consistent with splenomegaly.")


@pytest.mark.parametrize("name", list(SPECS))
def test_a_forecast_rests_on_nothing_measured(phantoms: dict[str, Path], name: str) -> None:
    result = answered(run_once(phantoms, name, "How large is the largest liver lesion?", case_id="kinds10"))
    size = evidence_value(result, "liver_lesion", "largest_lesion_diameter_mm")
    for wrong in (f"{size:.1f} mm; it will double in size.", f"{size:.1f} mm; estimated doubling time about 40 days.",
                  f"{size:.1f} mm, expected to reach {round(size * 1.5)} mm by next year."):
        assert "support" in failed_checks(result, wrong), wrong
    assert not failed_checks(result, f"{size:.1f} mm; follow-up CT in 3 months is suggested.")
    assert not failed_checks(result, f"{size:.1f} mm; MRI is recommended for characterisation.")
    assert not failed_checks(result, f"~{round(size)} mm.")


def test_a_change_is_not_a_size_and_a_from_to_pair_is_a_change(phantoms: dict[str, Path]) -> None:
    result = answered(run_once(phantoms, "left", "How has the largest liver lesion changed since the prior CT?",
                               prior=True, case_id="kinds10"))
    now = evidence_value(result, "liver_lesion", "largest_lesion_diameter_mm")
    before = evidence_value(result, "liver_lesion", "prior_largest_lesion_diameter_mm")
    change = evidence_value(result, "liver_lesion", "largest_lesion_diameter_change_mm")
    assert not failed_checks(result, f"It went from {before:.1f} to {now:.1f} mm ({change:+.1f} mm).")
    assert "timing" in failed_checks(result, f"The largest liver lesion now measures {before:.1f} mm.")
    flipped = edited(result, "")  # the change as a positive size: the same study read the other way round
    flipped = flipped.model_copy(update={"evidence": [e.model_copy(update={"value": abs(float(e.value))})  # type: ignore[arg-type]
                                                      if "change" in e.name else e for e in result.evidence]})
    assert "support" in failed_checks(flipped, f"{abs(change):+.1f} mm; the largest lesion measures {abs(change):.1f} mm.")


def test_the_kind_asked_is_the_kind_measured(phantoms: dict[str, Path]) -> None:
    cyst = run_once(phantoms, "right", "What is the size of the kidney tumor?", case_id="kinds10")
    assert cyst.status != "answered" or " mm" not in str(cyst.answer)  # the cyst's size is no tumour's
    tumour = answered(run_once(phantoms, "left", "What is the size of the kidney tumor?", case_id="kinds10"))
    size = evidence_value(tumour, "kidney_lesion", "largest_lesion_diameter_mm")
    assert not failed_checks(tumour, f"{size:.1f} mm.")
    asked_cyst = run_once(phantoms, "left", "What is the size of the renal cyst?", case_id="kinds10")
    assert asked_cyst.status != "answered" or " mm" not in str(asked_cyst.answer)


@pytest.mark.parametrize("name", list(SPECS))
def test_rounded_values_and_counts_in_words_pass(phantoms: dict[str, Path], name: str) -> None:
    volume = answered(run_once(phantoms, name, "What is the liver volume?", case_id="kinds10"))
    ml = evidence_value(volume, "liver", "volume_ml")
    assert not failed_checks(volume, f"About {ml / 1000:.1f} L.")
    assert not failed_checks(volume, f"Approximately {round(ml, -1):.0f} mL.")
    assert "numeric_grounding" in failed_checks(volume, f"About {ml / 1000 + 0.3:.1f} L.")
    count = answered(run_once(phantoms, name, "How many liver lesions are there?", case_id="kinds10"))
    n = int(evidence_value(count, "liver_lesion", "lesion_count"))
    assert not failed_checks(count, f"{WORDS[n].capitalize()} liver lesions.")
    assert failed_checks(count, f"{WORDS[n + 1].capitalize()} liver lesions.")


def test_the_smaller_side_said_as_smaller_names_the_larger(phantoms: dict[str, Path]) -> None:
    for name in SPECS:
        result = answered(run_once(phantoms, name, "Which kidney is larger?", case_id="kinds10"))
        left, right = evidence_value(result, "kidney_left", "volume_ml"), evidence_value(result, "kidney_right", "volume_ml")
        if abs(left - right) < 2:  # type: ignore[operator]
            continue
        big, small = ("left", "right") if left > right else ("right", "left")  # type: ignore[operator]
        assert not failed_checks(result, f"The {small} kidney is smaller.")
        assert not failed_checks(result, f"The {big} kidney is larger.")
        assert "rule_grounding" in failed_checks(result, f"The {big} kidney is smaller.")
        assert "rule_grounding" in failed_checks(result, f"The {small} kidney is larger.")
