"""The reviewer reads a yes to a negated question as the finding's absence, and flags the wrong polarity."""

from __future__ import annotations

import pytest

from core.case import Answer
from tests.agents.reasoning_cases import Question, review_of, solve
from tests.agents.test_reasoner_negation import EXISTENCE, _with_liver_lesions


def _flip(answer: Answer) -> Answer:
    text = answer.text
    flipped = "No" + text[3:] if text.startswith("Yes") else "Yes" + text[2:]
    return answer.model_copy(update={"text": flipped})


@pytest.mark.parametrize("criteria", [EXISTENCE, ()])
@pytest.mark.parametrize("count", [0, 3])
def test_wrong_polarity_on_a_negated_question_is_flagged(criteria: tuple[str, ...], count: int) -> None:
    q = Question("liver lesion existence", "Is the liver parenchyma free of focal masses?", None, criteria)
    intent, answer, evidence = solve(q, _with_liver_lesions(count))
    assert intent.negated and answer is not None
    assert review_of(q, intent, answer, evidence).consistent
    verdict = review_of(q, intent, _flip(answer), evidence)
    failed = {c.name: c for c in verdict.checks if not c.passed}
    assert "rule_grounding" in failed and "negated question" in failed["rule_grounding"].reason
    assert verdict.required_fixes[0].agent == "reasoner"


def test_the_old_backwards_answer_is_flagged() -> None:
    """A plain-polarity answer ("Yes", lesions present) to "free of masses?" is the bug this guards."""
    q = Question("liver lesion existence", "Is the liver free of lesions?", {"A": "Yes", "B": "No"}, EXISTENCE)
    intent, answer, evidence = solve(q, _with_liver_lesions(3))
    assert answer is not None and answer.choice == "B"
    backwards = answer.model_copy(update={"choice": "A", "text": "A: Yes. Yes. liver lesion count 3"})
    assert not review_of(q, intent, backwards, evidence).consistent


def test_spleen_polarity_is_checked_against_the_criterion() -> None:
    q = Question("splenomegaly detection", "Is the spleen not enlarged?", None, ("dtvqa-splenomegaly-detection",))
    intent, answer, evidence = solve(q)
    assert answer is not None
    assert not review_of(q, intent, answer.model_copy(update={"text": "Yes. spleen volume 420.3 mL"}), evidence).consistent
