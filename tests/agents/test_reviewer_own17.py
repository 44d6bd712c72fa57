"""The reviewer's own challenge set of session 17 (tests/data/own/reviewer_own17.py): new wordings of the kinds
reviewer sets 16 and 15 still find judged wrong, over those sets' saved results.

Scored once before any change (after fixing three construction slips: a base lacking a cited criterion, two
letters whose text did not name the option): 30/35 caught, 13/32 false alarms. After the fixes: 35/35 caught,
2/32 false alarms (`KNOWN_GAPS`, strict xfail). One wrong item's text was aligned with its fixed correct twin
(it too named no option) after the first score.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import with_item

DATA = Path(__file__).parents[1] / "data"
_spec = importlib.util.spec_from_file_location("reviewer_own17", DATA / "own" / "reviewer_own17.py")
assert _spec is not None and _spec.loader is not None
_own = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_own)
ITEMS: list[dict] = _own.ITEMS
for _n, _item in enumerate(ITEMS):
    _item["id"] = f"{_item['kind']}_{_n:02d}"
KNOWN_GAPS = {"interpretation_ok_24", "outlier_rule_ok_62"}
"""Items still judged wrong: "below 5 %" quotes a cut-off no criterion has (flagging it is defensible: nothing backs
it); "under the outlier rule of three times the second" reads as a claim of "three times", and the lesion volumes
beside the ratio as the reason given."""


def rewritten(item: dict) -> CaseResult:
    """The saved set-16 or set-15 result with the item put in."""
    saved = DATA / "fresh" / ("reviewer16" if item["base"].startswith("r16") else "reviewer15")
    result = CaseResult.model_validate_json((saved / item["base"] / "result.json").read_text())
    return with_item(result, item)


def test_the_set_is_varied_enough() -> None:
    kinds = {i["kind"].rsplit("_", 1)[0] for i in ITEMS}
    assert len(ITEMS) >= 60 and len(kinds) >= 8 and all(
        any(i["wrong"] for i in ITEMS if i["kind"].startswith(k)) and
        any(not i["wrong"] for i in ITEMS if i["kind"].startswith(k)) for k in kinds)


@pytest.mark.parametrize("item", [pytest.param(i, marks=pytest.mark.xfail(strict=True, reason="known gap"))
                                  if i["id"] in KNOWN_GAPS else i for i in ITEMS], ids=[i["id"] for i in ITEMS])
def test_own_set_17_is_judged_right(item: dict) -> None:
    verdict = review_result(rewritten(item))
    assert verdict.consistent is not item["wrong"], (item["text"], [(c.name, c.reason) for c in verdict.checks
                                                                     if not c.passed])
