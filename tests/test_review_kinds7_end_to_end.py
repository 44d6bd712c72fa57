"""End to end with the real agents, for the kinds reviewer set 7 showed: phantoms are run through the pipeline, the
saved result is edited as an editor would, and `review_result` (what `clinorch review` runs) judges it.

Kinds: a new lesion denied beside a measured one (a follow-up pair whose prior lacks the smallest lesion), a
segment put in the wrong lobe, a pancreatic part inside a sentence, numbers offered as alternatives, "Segment IX";
and clinorch's own answer to "the size and the segment of" is now either complete or refused. Two phantoms, two
orientations and spacings; expected values come from the result's own evidence, never typed in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.review_checks.lesion_places import LOBE_SEGMENTS
from agents.reviewer import review_result
from tests.review_runs import answered, edited, evidence_value, run_once

SPECS = {"ras": dict(seed=73, liver_lesions=3, pancreatic_tumor_mm=24.0, orientation="RAS"),
         "lps": dict(seed=74, liver_lesions=4, pancreatic_tumor_mm=30.0, spacing=(1.6, 1.6, 4.0))}


@pytest.fixture(scope="module")
def phantoms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from synthetic.pairs import derive_study
    from synthetic.phantom import PhantomSpec, make_phantom

    root = tmp_path_factory.mktemp("kinds7")
    for name, spec in SPECS.items():
        make_phantom(root / name, PhantomSpec(**spec))  # type: ignore[arg-type]
    derive_study(root / "ras", root / "ras_prior", (1.0, 1.0, 0.0), seed=5)  # the current study gains a lesion
    return {name: root / name for name in (*SPECS, "ras_prior")}


@pytest.mark.parametrize("denial", ["{v} mL; no new lesion since the prior study.",
                                    "{v} mL, all from growth of the existing lesions; no new lesion.",
                                    "{v} mL. There are no new liver lesions."])
def test_a_new_lesion_denied_on_a_follow_up_is_caught(phantoms: dict[str, Path], denial: str) -> None:
    result = answered(run_once(phantoms, "ras", "What is the total liver lesion volume on the current study?", prior=True))
    assert float(evidence_value(result, "new_lesions", "lesion_count")) >= 1  # type: ignore[arg-type]
    volume = float(evidence_value(result, "liver_lesion", "total_lesion_volume_ml"))  # type: ignore[arg-type]
    verdict = review_result(edited(result, denial.format(v=f"{volume:.1f}")))
    assert not verdict.consistent
    assert "change_direction" in {c.name for c in verdict.checks if not c.passed}


@pytest.mark.parametrize("name", list(SPECS))
def test_a_segment_in_the_wrong_lobe_is_caught(phantoms: dict[str, Path], name: str) -> None:
    result = answered(run_once(phantoms, name, "Where is the largest liver lesion?"))
    segment = str(evidence_value(result, "liver_lesion_1", "location"))
    number = segment.rsplit("_", 1)[1]
    wrong = next(lobe for lobe in ("left", "right", "caudate") if segment not in LOBE_SEGMENTS[lobe])
    right = next(lobe for lobe in ("right", "left") if segment in LOBE_SEGMENTS[lobe])
    assert not review_result(edited(result, f"Segment {number} of the {wrong} lobe.")).consistent
    assert review_result(edited(result, f"Segment {number} of the {right} lobe.")).consistent
    assert not review_result(edited(result, "Segment IX.")).consistent


@pytest.mark.parametrize("name", list(SPECS))
def test_a_pancreatic_part_inside_a_sentence_is_the_tumours_own(phantoms: dict[str, Path], name: str) -> None:
    result = answered(run_once(phantoms, name, "What is the longest diameter of the pancreatic lesion?"))
    d = f"{float(evidence_value(result, 'pancreas_lesion', 'largest_lesion_diameter_mm')):.1f}"  # type: ignore[arg-type]
    held = str(evidence_value(result, "pancreas_lesion_1", "locations"))
    own = str(evidence_value(result, "pancreas_lesion_1", "location")).removeprefix("pancreas_")
    elsewhere = next(p for p in ("tail", "head", "body") if f"pancreas_{p}" not in held)
    assert not review_result(edited(result, f"{d} mm, in the pancreatic {elsewhere}.")).consistent
    assert review_result(edited(result, f"{d} mm, in the pancreatic {own}.")).consistent


@pytest.mark.parametrize("name", list(SPECS))
def test_numbers_offered_as_alternatives_are_a_hedge(phantoms: dict[str, Path], name: str) -> None:
    result = answered(run_once(phantoms, name, "How many liver lesions are there?"))
    count = int(evidence_value(result, "liver_lesion", "lesion_count"))  # type: ignore[arg-type]
    assert not review_result(edited(result, f"{count - 1} or {count} liver lesions.")).consistent


@pytest.mark.parametrize("name", list(SPECS))
def test_the_size_and_the_segment_are_both_given_or_refused(phantoms: dict[str, Path], name: str) -> None:
    result = run_once(phantoms, name, "Give the size and the segment of the largest liver lesion.")
    if result.status == "answered":
        text = result.answer_detail.text if result.answer_detail else str(result.answer)
        assert "egment" in text, text
        assert review_result(result).consistent
    else:
        assert "parts" in result.reason_checks, (result.reasons, result.reason_checks)
