"""The reviewer's own challenge set of session 14b (tests/data/own/reviewer_own14b.py): a correct number with a
wrong plane, part or Couinaud name; a pertinent negative nothing looked for; a wrong interval; "stable" for a real
change; a tissue word the HU contradicts; another organ's threshold; and correct answers quoting a criterion's
threshold, a category word inside a criterion, a comparative, a decimal change, a two-part answer.

119 items: 89 split in two halves, then a second batch of 30. On main 6fe6fe6: tuning half 15/24 caught, 3/24 false alarms; held-back half 14/26, 6/15;
second batch (written after the changes, before scoring them) 9/18, 1/12. After the changes, before looking at the
held-back half: tuning 23/24, 3/24; held-back 25/26, 6/15. At the end: tuning 24/24, 0/24; held-back 26/26, 1/15;
second batch 17/18, 1/12 as first scored (18/18, 0/12 after: lymph nodes, "no ascites was assessed").
Items still judged wrong are `KNOWN_GAPS` (strict xfail).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import with_item

DATA = Path(__file__).parents[1] / "data" / "own"
_spec = importlib.util.spec_from_file_location("reviewer_own14b", DATA / "reviewer_own14b.py")
assert _spec is not None and _spec.loader is not None
_own = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_own)
ITEMS: list[dict] = _own.ITEMS
SAVED = DATA / "reviewer13"
KNOWN_GAPS = {"negative_ok_029"}
"""Items still judged wrong: a pertinent negative of an organ whose empty lesion mask the answer does not cite
("2.9 mL; no kidney tumour is seen") fails `entity_grounding` (the organ named is not cited)."""


def rewritten(item: dict) -> CaseResult:
    """The saved result with the item's question, choices, cited evidence and answer text put in."""
    return with_item(CaseResult.model_validate_json((SAVED / f"{item['base']}.json").read_text()), item, keep_choices=True)


def test_the_set_is_varied_enough() -> None:
    kinds = {i["kind"].rsplit("_", 1)[0] for i in ITEMS}
    assert len(ITEMS) >= 80 and len(kinds) >= 10 and {i["half"] for i in ITEMS} == {"tune", "held", "second"}


@pytest.mark.parametrize("item", [pytest.param(i, marks=pytest.mark.xfail(strict=True, reason="known gap"))
                                  if i["id"] in KNOWN_GAPS else i for i in ITEMS], ids=[i["id"] for i in ITEMS])
def test_own_set_14b_is_judged_right(item: dict) -> None:
    verdict = review_result(rewritten(item))
    assert verdict.consistent is not item["wrong"], (item["text"], [(c.name, c.reason) for c in verdict.checks
                                                                     if not c.passed])
