"""The reviewer's own challenge set of session 18 (tests/data/own/reviewer_own18.py): new wordings of the kinds
reviewer set 17 still finds judged wrong, over set 17's saved results; an item's `alter` edits a cited evidence value
in the result first (the wrong answer then matches the edited value).

Scored once before any change: 35/59 caught, 20/58 false alarms (after two construction slips were mended: a
fatty-liver item on a base that cites no fatty-liver criterion, a spaced hyphen read as a range). After the fixes:
71/71 caught, 2/67 false alarms (`KNOWN_GAPS`); 21 items were added after the first score (set 17's own wording of an
appended interpretation, cited values only an item derived from them recomputes, further wordings probed while
fixing), each marked in the data; the first figure is over the 117 written before any change.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import with_item

DATA = Path(__file__).parents[1] / "data"
_spec = importlib.util.spec_from_file_location("reviewer_own18", DATA / "own" / "reviewer_own18.py")
assert _spec is not None and _spec.loader is not None
_own = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_own)
ITEMS: list[dict] = _own.ITEMS
for _n, _item in enumerate(ITEMS):
    _item["id"] = f"{_item['kind']}_{_n:03d}"
KNOWN_GAPS = {"named_ok_118", "named_ok_119"}
"""Items still judged wrong (strict xfail): "measurable under RECIST 1.1 (at least 10 mm)" and "per RECIST 1.1 the
longest axial diameter is used" on a result that cites no RECIST entry - the version is no longer read as a value,
but naming a system no cited criterion is (and its 10 mm cut-off) is flagged, which is defensible: nothing backs it."""


def rewritten(item: dict) -> CaseResult:
    """The saved set-17 result with the item put in, its `alter` values written into the named evidence items."""
    saved = DATA / "fresh" / "reviewer17" / item["base"] / "result.json"
    result = CaseResult.model_validate_json(saved.read_text())
    if item["alter"]:
        evidence = [e.model_copy(update={"value": item["alter"][e.id]}) if e.id in item["alter"] else e
                    for e in result.evidence]
        assert sum(e.id in item["alter"] for e in result.evidence) == len(item["alter"]), item["alter"]
        result = result.model_copy(update={"evidence": evidence})
    return with_item(result, item)


def test_the_set_is_varied_enough() -> None:
    kinds = {i["kind"].rsplit("_", 1)[0] for i in ITEMS}
    assert len(ITEMS) >= 100 and len(kinds) >= 12 and all(
        sum(i["wrong"] for i in ITEMS if i["kind"].startswith(k + "_")) >= 4 and
        sum(not i["wrong"] for i in ITEMS if i["kind"].startswith(k + "_")) >= 4 for k in kinds)


@pytest.mark.parametrize("item", [pytest.param(i, marks=pytest.mark.xfail(strict=True, reason="known gap"))
                                  if i["id"] in KNOWN_GAPS else i for i in ITEMS], ids=[i["id"] for i in ITEMS])
def test_own_set_18_is_judged_right(item: dict) -> None:
    verdict = review_result(rewritten(item))
    assert verdict.consistent is not item["wrong"], (item["text"], [(c.name, c.reason) for c in verdict.checks
                                                                     if not c.passed])
