"""A simple cyst counted as a RECIST target is a finding (RECIST 1.1, section 3.1.2).

Reviewer set 5 held a saved RECIST answer whose targets included a 24 mm renal cyst of 5 HU: the liver
targets' +27 % (progression) read as +18 % (stable disease). The evidence comes from the real measurement
code on current/prior studies with known lesion sizes (tests/agents/test_measurement_recist.py); the
target list is then spoiled with the cyst, varied over cyst size and over which target it replaces.
"""

from __future__ import annotations

import pytest

from agents.measures import measure_case
from agents.review_checks.targets import recist_targets
from agents.reviewer import ReviewInput
from core.case import Answer, Evidence
from knowledge import shared_base
from questions.understanding import understand
from tests.agents.reasoning_cases import hand_measured
from tests.agents.test_measurement_recist import _study


def _evidence(cyst_side: int) -> list[Evidence]:
    baseline = [("liver", (10, 10), 22), ("liver", (10, 50), 15), ("cyst", (90, 10), cyst_side)]
    current = [("liver", (10, 10), 27), ("liver", (10, 50), 15), ("cyst", (90, 10), cyst_side)]
    now = _study(current)
    evidence, _ = measure_case(now.image, now.masks, prior=_study(baseline))
    return evidence


def _check(evidence: list[Evidence]) -> bool:
    question = "What is the RECIST 1.1 response compared with the prior study?"
    subject = ReviewInput(question=question, choices=None, intent=understand(question, None),
                          answer=Answer(text="Progressive disease (PD).", evidence_ids=[], backend="t"),
                          evidence=evidence, base=shared_base("deeptumorvqa"))
    return recist_targets(subject).passed


def _diameter(evidence: list[Evidence], mask: str) -> float:
    return next(float(e.value) for e in evidence if e.name == "longest_diameter_mm" and e.target
                and e.target.startswith("kidney_lesion_") and any(m.endswith(mask) for m in e.provenance.masks or []))


@pytest.mark.parametrize("cyst_side", [12, 20, 30])
@pytest.mark.parametrize("slot", [1, 2, 3])
def test_a_cyst_among_the_targets_is_flagged(cyst_side: int, slot: int) -> None:
    evidence = _evidence(cyst_side)
    assert _check(evidence)  # the measurement leaves the cyst out
    cyst = _diameter(evidence, "kidney_cyst")
    spoiled = [e for e in evidence if e.target != f"target_lesion_{slot}"] + [
        hand_measured(f"target_lesion_{slot}", "longest_diameter_mm", cyst, "mm"),
        hand_measured(f"target_lesion_{slot}", "baseline_longest_diameter_mm", cyst, "mm")]
    assert not _check(spoiled)


def test_a_target_the_size_of_both_a_cyst_and_a_tumour_is_not_flagged() -> None:
    evidence = _evidence(16)
    cyst = _diameter(evidence, "kidney_cyst")
    target = [e for e in evidence if e.target != "target_lesion_2"] + [
        hand_measured("target_lesion_2", "longest_diameter_mm", cyst, "mm")]
    assert not _check(target)
    tumour = hand_measured("liver_lesion_9", "longest_diameter_mm", cyst, "mm")  # a liver lesion of the same size
    assert _check([*target, tumour])
