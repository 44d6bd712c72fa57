"""The reviewer's own challenge set of session 15 (tests/data/own/reviewer_own15.py): new wordings of the kinds the
held-out material of session 14 still found judged wrong (false alarms on a cyst's HU beside the solid-mass cut-off,
a two-part answer's order; misses of "stable" for a large change, a sub-region, a wrong interval, a wrong Couinaud
label, a pertinent negative never assessed).

39 items (21 wrong, 18 correct), scored once before any change: 16/21 caught, 8/17 false alarms (one item then
relabelled: "since last year" is right, the prior being of 2025; a wrong interval put in its place). After: 20/21
caught, 3/18 false alarms. Items still judged wrong are `KNOWN_GAPS` (strict xfail).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import with_item

DATA = Path(__file__).parents[1] / "data" / "own"
_spec = importlib.util.spec_from_file_location("reviewer_own15", DATA / "reviewer_own15.py")
assert _spec is not None and _spec.loader is not None
_own = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_own)
ITEMS: list[dict] = _own.ITEMS
SAVED = DATA / "reviewer13"
KNOWN_GAPS = {"criterion_named_ok_03", "two_part_order_ok_02", "two_part_order_ok_03", "negative_wrong_01"}
"""Items still judged wrong: a criterion's band restated in parentheses ("(cyst at or below 34.8 HU)") read as a claim;
a finding's general form split from its grade ("fatty liver (30.0 HU, moderate to severe)") and a bare ratio at the
end read as cut short; "no vessel involvement" passes when any vessel's distance was measured (here the aorta and
IVC, not the SMA/SMV a pancreatic tumour's involvement usually means)."""


def _saved(name: str) -> CaseResult:
    return CaseResult.model_validate_json((SAVED / f"{name}.json").read_text())


def rewritten(item: dict) -> CaseResult:
    """The saved result with the item put in; a borrowed criterion item (as the pipeline cites it) added first."""
    result = _saved(item["base"])
    if item.get("borrow"):
        name, item_id = item["borrow"]
        result = result.model_copy(update={"evidence": [*result.evidence,
                                                        *(e for e in _saved(name).evidence if e.id == item_id)]})
    return with_item(result, item, keep_choices=True)


def test_the_set_is_varied_enough() -> None:
    kinds = {i["kind"].rsplit("_", 1)[0] for i in ITEMS}
    assert len(ITEMS) >= 35 and len(kinds) >= 8 and any(i["wrong"] for i in ITEMS) and not all(i["wrong"] for i in ITEMS)


@pytest.mark.parametrize("item", [pytest.param(i, marks=pytest.mark.xfail(strict=True, reason="known gap"))
                                  if i["id"] in KNOWN_GAPS else i for i in ITEMS], ids=[i["id"] for i in ITEMS])
def test_own_set_15_is_judged_right(item: dict) -> None:
    verdict = review_result(rewritten(item))
    assert verdict.consistent is not item["wrong"], (item["text"], [(c.name, c.reason) for c in verdict.checks
                                                                     if not c.passed])
