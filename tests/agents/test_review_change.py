"""The attending checks the direction of a stated change against the measured change's sign."""

from __future__ import annotations

import pytest

from agents.review_checks.base import ReviewInput
from agents.review_checks.change import change_direction
from core.case import Answer, Evidence
from core.state import Intent
from knowledge import shared_base


def _subject(organ: str, prior: float, current: float, text: str) -> ReviewInput:
    pct = round((current - prior) / prior * 100.0, 4)
    make = Evidence.make
    evidence = [
        make("measurement", "measurement", "volume_change_pct", organ, value=pct, unit="%"),
        make("measurement", "measurement", "volume_ml", organ, value=current, unit="mL"),
        make("measurement", "measurement", "prior_volume_ml", organ, value=prior, unit="mL"),
    ]
    answer = Answer(text=text, evidence_ids=[e.id for e in evidence], backend="hand-built")
    intent = Intent(task="organ volume change", organ=organ, quantities=[f"{organ}.volume_change_pct"],
                    answer_form="number", unit="%")
    return ReviewInput(question=f"How has the {organ} volume changed since the prior study?", choices=None,
                       intent=intent, answer=answer, evidence=evidence, base=shared_base(), track="abdomen_ct")


@pytest.mark.parametrize(("organ", "prior", "current"), [
    ("spleen", 125.0, 396.6), ("liver", 1650.2, 1402.8), ("kidney_left", 150.4, 171.1), ("pancreas", 80.0, 52.5),
])
def test_the_direction_and_the_order_of_a_change_are_checked(organ: str, prior: float, current: float) -> None:
    pct = (current - prior) / prior * 100.0
    grew = pct > 0
    right_word, wrong_word = ("increased", "decreased") if grew else ("decreased", "increased")
    right = f"The {organ} volume {right_word} by {abs(pct):.1f} % (from {prior:.1f} mL to {current:.1f} mL)."
    assert change_direction(_subject(organ, prior, current, right)).passed, right
    backwards = f"The {organ} volume {wrong_word} by {abs(pct):.1f} %."
    assert not change_direction(_subject(organ, prior, current, backwards)).passed, backwards
    reversed_order = f"{pct:+.1f} %: from {current:.1f} mL to {prior:.1f} mL."
    assert not change_direction(_subject(organ, prior, current, reversed_order)).passed, reversed_order
    hedged = f"The {organ} volume has not {wrong_word.removesuffix('d')}d; it changed by {pct:+.1f} %."
    assert change_direction(_subject(organ, prior, current, hedged)).passed, hedged


def _recist(sum_change_pct: float, new_lesions: int, text: str) -> ReviewInput:
    make = Evidence.make
    evidence = [
        make("measurement", "measurement", "change_from_baseline_pct", "target_lesions", value=sum_change_pct, unit="%"),
        make("measurement", "measurement", "lesion_count", "new_lesions", value=new_lesions, unit="count"),
    ]
    answer = Answer(text=text, evidence_ids=[e.id for e in evidence], backend="hand-built")
    intent = Intent(task="recist response", organ=None, quantities=["target_lesions.change_from_baseline_pct"],
                    answer_form="category")
    return ReviewInput(question="What is the RECIST 1.1 response compared with the prior study?", choices=None,
                       intent=intent, answer=answer, evidence=evidence, base=shared_base(), track="abdomen_ct")


@pytest.mark.parametrize("change", [-48.8, -12.0, 0.5, 35.0])
@pytest.mark.parametrize("category", ["Progressive disease (PD)", "Disease progression", "Partial response (PR)",
                                      "Stable disease (SD)", "Complete response"])
def test_a_response_category_is_not_a_direction(change: float, category: str) -> None:
    """PD from new lesions with shrinking targets (or PR named beside a growing sum, which other checks judge):
    the category's words are not read as "the sum increased/decreased"."""
    text = f"{category}. new lesions 2; target lesions change from baseline {change:+.1f} %."
    assert change_direction(_recist(change, 2, text)).passed, text
    said = "increased" if change < 0 else "decreased"
    wrong = f"{category}: the sum of target diameters {said} by {abs(change):.1f} %."
    assert not change_direction(_recist(change, 2, wrong)).passed, wrong
