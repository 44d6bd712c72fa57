"""Kinds reviewer set 22 (session 23, an independent author) showed as false alarms, each varied in wordings of our own
over set 22's saved results (tests/data/fresh/reviewer22): a list of fields naming the measurement, its value and
its reading; a findings section first and an impression that reads it; a category named with its band in brackets
beside a value ("moderate splenomegaly (500-800 mL)"), with no criterion cited; a generic criterion's limit quoted
for a lesion group's value ("below the 50 % advanced threshold"). The same sentences made wrong must be flagged.
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import rewritten


def _item(base: str, text: str, choice: str | None = None) -> CaseResult:
    return rewritten("reviewer22", base, text, choice)


# spleen 527.3 mL (r22_035); largest liver lesion 52.0 mm (r22_168); liver tumour burden 3.13 % (r22_060)
RIGHT = [
    ("r22_035", None, "* Parameter: splenic volume\n* Result: 527 mL\n* Comment: moderate splenomegaly (500-800 mL)"),
    ("r22_035", None, "Spleen 527.3 mL, i.e. moderate splenomegaly (500–800 mL)."),
    ("r22_035", None, "FINDINGS: Spleen volume 527.3 mL.\nIMPRESSION: Moderate splenomegaly."),
    ("r22_168", None, "FINDINGS: The largest hepatic lesion measures 52.0 mm.\nIMPRESSION: As above."),
    ("r22_168", None, "- Measurement: largest liver lesion diameter\n- Value: 5.2 cm"),
    ("r22_060", None, "3.1 %, far under the 50 % threshold for advanced disease."),
]
WRONG = [
    ("r22_035", None, "* Parameter: splenic volume\n* Result: 627 mL\n* Comment: moderate splenomegaly (500-800 mL)"),
    ("r22_035", None, "Spleen 527.3 mL, i.e. mild splenomegaly (314.5–500 mL)."),
    ("r22_035", None, "FINDINGS: Spleen volume 427.3 mL.\nIMPRESSION: Moderate splenomegaly."),
    ("r22_168", None, "FINDINGS: The largest hepatic lesion measures 42.0 mm.\nIMPRESSION: As above."),
    ("r22_168", None, "- Measurement: largest liver lesion diameter\n- Value: 5.2 mm"),
    ("r22_060", None, "13.1 %, far under the 50 % threshold for advanced disease."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_rewrite_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(_item(base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_rewrite_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(_item(base, text, choice)).consistent
