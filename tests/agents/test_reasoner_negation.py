"""Negated yes/no questions: the guideline reasoner answers the proposition asked, the reviewer checks it."""

from __future__ import annotations

import pytest

from core.case import Evidence
from tests.agents.reasoning_cases import Question, patient_evidence, review_of, solve

EXISTENCE = ("dtvqa-lesion-existence",)


def _with_liver_lesions(count: int) -> list[Evidence]:
    """The hand-built abdomen with `count` liver lesions (its other lesion groups unchanged)."""
    items = [e for e in patient_evidence() if not (e.target or "").startswith("liver_lesion")]
    return items + [Evidence.make("measurement", "measurement", "lesion_count", "liver_lesion", value=count,
                                  unit="count", provenance={"method": "hand-built", "mask": "mask:case:liver_lesion"})]


CASES = [  # (question, choices, criteria, liver lesion count, expected yes)
    ("Is there a liver lesion?", None, EXISTENCE, 0, False),
    ("Is there a liver lesion?", None, EXISTENCE, 3, True),
    ("Is the liver parenchyma free of focal masses?", None, EXISTENCE, 0, True),
    ("Is the liver parenchyma free of focal masses?", None, EXISTENCE, 3, False),
    ("Can a liver tumor be ruled out?", None, (), 0, True),
    ("Can a liver tumor be ruled out?", None, (), 3, False),
    ("Is the liver free of lesions?", {"A": "No", "B": "Yes"}, EXISTENCE, 0, True),
    ("Is the liver free of lesions?", {"A": "No", "B": "Yes"}, EXISTENCE, 3, False),
    ("Is there any lesion in the liver?", {"A": "Yes", "B": "No"}, EXISTENCE, 0, False),
]


@pytest.mark.parametrize(("question", "choices", "criteria", "count", "yes"), CASES)
def test_yes_means_the_proposition_asked(question, choices, criteria, count, yes) -> None:  # noqa: ANN001
    q = Question("liver lesion existence", question, choices, criteria)
    intent, answer, evidence = solve(q, _with_liver_lesions(count))
    assert answer is not None
    headline = answer.text.split(" — ", 1)[1] if choices else answer.text  # "B — Yes: no liver lesion found. ..."
    assert headline.startswith("Yes" if yes else "No"), answer.text
    if intent.negated:
        assert ("no liver lesion found" in headline) is yes, answer.text
    if choices:
        assert choices[answer.choice].lower() == ("yes" if yes else "no"), answer.text
    verdict = review_of(q, intent, answer, evidence)
    assert verdict.consistent, [c.reason for c in verdict.checks if not c.passed]


def test_negated_plain_language_answer() -> None:
    q = Question("liver lesion existence", "Is the liver parenchyma free of focal masses?", None, EXISTENCE)
    _, answer, _ = solve(q, _with_liver_lesions(0))
    assert answer is not None and answer.text.startswith("Yes — no liver lesion found"), answer.text
    assert "lesion count 0" in answer.text


def test_negated_criterion_and_type_questions() -> None:
    spleen = Question("splenomegaly detection", "Is the spleen not enlarged?", None, ("dtvqa-splenomegaly-detection",))
    intent, answer, evidence = solve(spleen)  # spleen 420.3 mL: splenomegaly
    assert intent.negated and answer is not None and answer.text.startswith("No — splenomegaly"), answer.text
    assert review_of(spleen, intent, answer, evidence).consistent
    cyst = Question("kidney cyst existence", "Are the kidneys free of cysts?", {"A": "Yes", "B": "No"}, EXISTENCE)
    intent, answer, evidence = solve(cyst)  # one right kidney cyst
    assert intent.negated and answer is not None and answer.choice == "B", answer.text
    assert review_of(cyst, intent, answer, evidence).consistent
