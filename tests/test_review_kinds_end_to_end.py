"""The attending's newer checks on real answers: whole cases through the real agents, then reworded or spoiled.

A phantom's real answer (guideline reasoner, provided masks) is restated the way a radiologist would
write it (a count in words, "L/S ratio" to two decimals, the cut-off compared in prose) and must still
pass `clinorch review`; the same answer with a finding nothing measured, a comparison with a prior the
case does not have, a comparison its numbers contradict, or a count off by one must not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import orchestrator
from agents.reviewer import review_result
from core.case import CaseResult

WORDS = {0: "No", 1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}


@pytest.fixture(scope="module")
def backends() -> dict:
    """Loaded backends shared by the module's runs (the embedder loads once)."""
    return {}


def _run(folder: Path, question: str, backends: dict) -> CaseResult:
    image = {"path": str(folder / "ct.nii.gz"), "modality": "CT", "masks": str(folder / "segmentations")}
    result = orchestrator.run({"case_id": "kinds", "images": [image], "question": question}, backends=backends)
    assert result.status == "answered", result.reasons
    assert result.review is not None and result.review.consistent
    return result


def _restated(result: CaseResult, text: str) -> tuple[bool, set[str]]:
    """(consistent, names of the failed checks) of the saved result with `text` as its answer."""
    assert result.answer_detail is not None
    detail = result.answer_detail.model_copy(update={"text": text})
    verdict = review_result(result.model_copy(update={"answer": text, "answer_detail": detail}))
    return verdict.consistent, {c.name for c in verdict.checks if not c.passed}


def test_a_count_in_words_passes_and_an_added_finding_does_not(phantom_dir: Path, backends: dict) -> None:
    result = _run(phantom_dir, "How many liver lesions are there?", backends)
    count = int(result.evidence_by_id()["measurement:liver_lesion:lesion_count"].value)
    assert _restated(result, f"{WORDS[count]} liver lesions are seen.") == (True, set())
    assert "numeric_grounding" in _restated(result, f"{WORDS[count + 1]} liver lesions are seen.")[1]
    spoiled = f"{count} liver lesions, with arterial hyperenhancement and washout (LR-5)."
    assert "support" in _restated(result, spoiled)[1]
    assert "support" in _restated(result, f"{count} liver lesions, unchanged from the prior study.")[1]
    # a pertinent negative stands only on evidence that looked for it (docs/reasoning.md): nothing measured ascites
    assert "support" in _restated(result, f"{count} liver lesions; no ascites.")[1]


def test_a_cut_off_compared_in_prose_must_hold(phantom_dir: Path, backends: dict) -> None:
    result = _run(phantom_dir, "Is there splenomegaly?", backends)
    volume = float(result.evidence_by_id()["measurement:spleen:volume_ml"].value)
    enlarged = volume >= 314.5
    head, side, other = ("Yes", "above", "below") if enlarged else ("No", "below", "above")
    right = f"{head} — the spleen measures {volume:.1f} mL, {side} the 314.5 mL cut-off."
    assert _restated(result, right) == (True, set())
    assert "comparison" in _restated(result, right.replace(side, other))[1]
    assert "support" in _restated(result, f"{right} There are splenic infarcts.")[1]


def test_an_abbreviated_ratio_is_the_ratio(phantom_dir: Path, backends: dict) -> None:
    result = _run(phantom_dir, "What is the liver-to-spleen attenuation ratio?", backends)
    ratio = float(result.evidence_by_id()["measurement:liver/spleen:hu_ratio"].value)
    assert _restated(result, f"L/S ratio {ratio:.2f}.") == (True, set())
    assert "numeric_grounding" in _restated(result, f"L/S ratio {ratio + 0.1:.2f}.")[1]


def test_a_part_cited_but_not_stated_or_a_wrong_place_is_caught(phantom_dir: Path, backends: dict) -> None:
    question = "What is the longest diameter of the largest liver lesion, and in which Couinaud segment is it?"
    result = _run(phantom_dir, question, backends)
    found = result.evidence_by_id()
    diameter = float(found["measurement:liver_lesion:largest_lesion_diameter_mm"].value)
    segment = int(str(found["measurement:liver_lesion_1:location"].value).rsplit("_", 1)[1])
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert _restated(result, f"{diameter:.1f} mm, in segment {romans[segment - 1]}.") == (True, set())
    assert "parts" in _restated(result, f"{diameter:.1f} mm.")[1]
    other = romans[segment % 8]
    assert "parts" in _restated(result, f"{diameter:.1f} mm, in segment {other}.")[1]
    hedged = f"{diameter:.1f} mm, in segment {romans[segment - 1]}, though a second lesion may be present."
    assert "substance" in _restated(result, hedged)[1]


def test_kidney_volumes_swapped_between_sides_are_caught(phantom_dir: Path, backends: dict) -> None:
    result = _run(phantom_dir, "Which kidney is larger by volume?", backends)
    found = result.evidence_by_id()
    left = float(found["measurement:kidney_left:volume_ml"].value)
    right = float(found["measurement:kidney_right:volume_ml"].value)
    big, small = ("left", "right") if left > right else ("right", "left")
    volumes = {"left": left, "right": right}
    said = f"The {big} kidney ({volumes[big]:.1f} mL) is larger than the {small} ({volumes[small]:.1f} mL)."
    assert _restated(result, said) == (True, set())
    swapped = f"The {small} kidney ({volumes[big]:.1f} mL) is larger than the {big} ({volumes[small]:.1f} mL)."
    assert not _restated(result, swapped)[0]


def test_either_or_answered_yes_is_no_answer(phantom_dir: Path, backends: dict) -> None:
    result = _run(phantom_dir, "Is the kidney lesion a cyst or a solid tumour?", backends)
    assert "answer_kind" in _restated(result, "Yes. kidney lesion count 1.")[1]


def test_a_work_up_passes_and_an_impression_against_its_findings_does_not(phantom_dir: Path, backends: dict) -> None:
    image = {"path": str(phantom_dir / "ct.nii.gz"), "modality": "CT", "masks": str(phantom_dir / "segmentations")}
    result = orchestrator.run({"case_id": "kinds", "images": [image]}, backends=backends)
    assert result.status == "answered" and result.answer is not None and "IMPRESSION:" in result.answer
    assert review_result(result).consistent
    count = int(result.evidence_by_id()["measurement:liver_lesion:lesion_count"].value)
    assert count > 0
    denied = result.answer.replace("IMPRESSION:", "IMPRESSION:\nNo focal liver lesion.", 1)
    assert "rule_grounding" in _restated(result, denied)[1]


@pytest.mark.parametrize(("question", "needed"), [
    ("How many liver lesions are there, and in which segment?", r"segment \d"),
    ("Which kidney is larger, and by how much?", r"\bby\b|\d+(\.\d+)? ?%|difference"),
])
def test_a_part_the_words_ask_is_answered_or_the_case_abstains_naming_it(phantom_dir: Path, backends: dict,
                                                                           question: str, needed: str) -> None:
    """Whatever the parse makes of the question, the attending never approves an answer leaving a part out."""
    import re

    image = {"path": str(phantom_dir / "ct.nii.gz"), "modality": "CT", "masks": str(phantom_dir / "segmentations")}
    result = orchestrator.run({"case_id": "kinds", "images": [image], "question": question}, backends=backends)
    if result.status == "answered":
        assert result.answer is not None and re.search(needed, result.answer, re.IGNORECASE), result.answer
    else:
        assert result.status == "abstained"
        assert any("part of the question" in reason for reason in result.reasons), result.reasons


def test_two_organs_values_are_read_by_their_own_words_on_a_real_answer(phantom_dir: Path, backends: dict) -> None:
    result = _run(phantom_dir, "What are the liver volume and the spleen volume?", backends)
    values = result.evidence_by_id()
    liver, spleen = (float(values[f"measurement:{o}:volume_ml"].value) for o in ("liver", "spleen"))
    assert _restated(result, f"Liver {liver:.1f} mL, spleen {spleen:.1f} mL.") == (True, set())
    assert "numeric_grounding" in _restated(result, f"Liver {spleen:.1f} mL, spleen {liver:.1f} mL.")[1]
