"""The kinds reviewer set 8 showed, each as a rule: saved results from that independent set (tests/data/fresh/
reviewer8) have their answer rewritten in several phrasings, values, organs and sides, and `review_result` (what
`clinorch review` runs) must pass the rewordings a radiologist accepts and flag the wrong ones.

Acceptable rewordings: a value rounded to its stated precision ("roughly 930 mL"), zero said in words ("None."),
the letter alone, a from-to pair of two studies, a count of new lesions, a true value the cited criterion reads,
"fatty infiltration", the part a lone pancreatic tumour arises from. Wrong kinds: a squared unit, an N or M stage
nothing staged, lesions said bilateral or also on the other side, a side given alone that holds no lesion, a lesion
in a kidney with none, a lobe written with a hyphen, a lesion's size beside another lesion's segment, a subsite the
tumour only reaches, an interval the evidence does not date, a lesion said to have resolved when none went, a
breakdown part that is not the segment's count, and the question's own words against the answer (a new or
disappeared lesion answered from one study, a T category asked, a direction, stability, a further volume, a change
asked and a study's value given, both studies asked and only the change given, a cut-off asked in HU and a ratio
given, an option whose stance the text contradicts).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents.reviewer import review_result
from core.case import CaseResult

FRESH = Path(__file__).parents[1] / "data" / "fresh" / "reviewer8"


def _result(item: str) -> CaseResult:
    return CaseResult.model_validate_json((FRESH / item / "result.json").read_text())


def _judged(item: str, text: str, letter: str | None = None) -> tuple[bool, list[tuple[str, str]]]:
    result = _result(item)
    detail = result.answer_detail.model_copy(update={"text": text, **({"choice": letter} if letter else {})})  # type: ignore[union-attr]
    verdict = review_result(result.model_copy(update={"answer": letter or text, "answer_detail": detail}))
    return verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


def _value(item: str, key: str) -> float:
    """A value read from the saved evidence (`target.name`), never typed in."""
    result = _result(item)
    return float(next(e.value for e in result.evidence if f"{e.target}.{e.name}" == key))  # type: ignore[arg-type]


ACCEPTED = [
    # a value rounded to the precision its trailing zero states, with a word saying so
    ("h02__orig", "Roughly {liver.volume_ml:-1} mL."), ("h02__orig", "About {liver.volume_ml:-1} mL."),
    ("h19__orig", "Approximately {spleen.volume_ml:-1} mL."),
    # zero said in words
    ("h16__orig", "None."), ("h16__orig", "No liver lesions are present."), ("h16__orig", "Zero."),
    ("h16__orig", "There are no liver lesions."),
    # a true count beside the volume asked; a true value the cited criterion reads
    ("h04__orig", "The six tumours together measure 40.8 mL."), ("h04__orig", "Six tumours, 40.8 mL in all."),
    ("h10__orig", "Yes, hepatic steatosis is present (liver 30.1 HU; liver-to-spleen ratio 0.60)."),
    ("h10__orig", "Yes (liver 30.1 HU; L/S 0.60)."),
    # a place asked, a size beside it; the part a lone tumour arises from
    ("h05__orig", "The largest tumour by volume (about 9 mL) is in segment 7, the posterior superior right lobe."),
    ("h12__orig", "The pancreatic head."), ("h12__orig", "Head."),
    ("h13__orig", "T2 — 29.1 mm tumour of the pancreatic head extending into the body."),
    # a from-to pair of two studies; a count of new lesions; fatty infiltration
    ("h41__orig", "It decreased by about 49 % (17.5 mL to 8.9 mL)."), ("h41__orig", "It fell by 49.1 %, from 17.5 to 8.9 mL."),
    ("h27__orig", "Yes, one new lesion: 3 lesions on the earlier study, 4 now."),
    ("h47__orig", "Mean liver density is 30 HU, in keeping with fatty infiltration."),
    ("h41__orig", "-49.1 %; the segment 7 lesion has disappeared."),
    # sides and lesions said right
    ("h25__orig", "31.6 mm; right kidney."), ("h25__orig", "31.6 mm in the right kidney; the left kidney is clear."),
    ("h65__orig", "No renal mass."), ("h65__orig", "No mass in the left or right kidney."),
    ("h68__orig", "5: one in segment 4, three in segment 7 and one in segment 6."), ("h68__orig", "5; 3 lesions in segment VII."),
    ("h73__orig", "3, all in the right-lobe segment 7."), ("h21__orig", "28.0 mm, in segment 6."),
    ("h18__orig", "T1a."), ("h30__orig", "+70.9 % since the prior CT."), ("h30__orig", "+70.9 %; no lesion has resolved."),
    ("h77__own", "Below 40 HU."),
]


@pytest.mark.parametrize(("item", "text"), ACCEPTED)
def test_rewordings_a_radiologist_accepts_pass(item: str, text: str) -> None:
    def rounded(match: str) -> str:
        key, places = match.split(":")
        return f"{round(_value(item, key), int(places)):.0f}"

    import re

    text = re.sub(r"\{([^}]+)\}", lambda m: rounded(m.group(1)), text)
    consistent, failed = _judged(item, text)
    assert consistent, (text, failed)


@pytest.mark.parametrize(("item", "letter"), [("h09__orig", "C"), ("h07__own", "A"), ("h20__orig", "D")])
def test_the_letter_alone_is_an_answer_and_is_checked(item: str, letter: str) -> None:
    """A bare letter names its option; the option's words are then the claim, checked like any other."""
    consistent, failed = _judged(item, letter, letter)
    assert consistent, failed
    wrong = {"h09__orig": "B", "h07__own": "B", "h20__orig": "A"}[item]
    assert not _judged(item, wrong, wrong)[0]


FLAGGED = [
    ("h02__orig", "Roughly 920 mL.", "numeric_grounding"), ("h02__orig", "930 mL.", "numeric_grounding"),
    ("h02__orig", "About 900 mL.", "numeric_grounding"), ("h19__orig", "About 870 mL.", "numeric_grounding"),
    ("h01__orig", "None.", "answer_kind"), ("h01__orig", "No liver lesions are present.", "answer_kind"),
    ("h04__orig", "The five tumours together measure 40.8 mL.", "numeric_grounding"),
    ("h10__orig", "Yes (liver 30.1 HU; liver-to-spleen ratio 0.70).", "numeric_grounding"),
    ("h05__orig", "The largest tumour by volume (about 9 mL) is in segment 5.", "lesions"),
    ("h12__orig", "The pancreatic tail.", "rule_grounding"),
    ("h13__orig", "T2 — 29.1 mm tumour of the pancreatic body.", "lesions"),
    ("h13__orig", "T2 — 29.1 mm tumour of the pancreatic tail.", "lesions"),
    ("h41__orig", "It decreased by about 49 % (8.9 mL to 17.5 mL).", "substance"),
    ("h27__orig", "Yes, one new lesion: 4 lesions on the earlier study, 3 now.", "timing"),
    ("h47__orig", "30.0 HU, with tumour infiltration of the portal vein.", "support"),
    ("h02__orig", "927.3 mL, in keeping with fatty infiltration.", "support"),
    ("h04__orig", "40.8 mL².", "numeric_grounding"), ("h04__orig", "40.8 mL^2.", "numeric_grounding"),
    ("h47__orig", "30.0 HU².", "numeric_grounding"),
    ("h18__orig", "T1a N0 M1 (stage IV).", "support"), ("h18__orig", "T1a N1 M0.", "support"),
    ("h18__orig", "T1a, N0, M0", "support"), ("h18__orig", "T1a (stage I).", "support"),
    ("h18__orig", "T1a; bilateral renal tumours, the right 24.3 mm.", "side"),
    ("h25__orig", "31.6 mm; bilateral cysts, the larger on the right.", "side"),
    ("h25__orig", "31.6 mm, in the right kidney; another cyst also on the left.", "side"),
    ("h25__orig", "31.6 mm; left kidney.", "side"),
    ("h65__orig", "No renal mass; a small right renal tumour is noted.", "side"),
    ("h65__orig", "No renal mass; a small left renal cyst is noted.", "side"),
    ("h73__orig", "3, all in the left-lobe segment 7.", "lesions"), ("h73__orig", "3, all in segment 7 of the left lobe.", "lesions"),
    ("h21__orig", "28.0 mm, in segment 7.", "lesions"),
    ("h30__orig", "+70.9 % over the two-year interval.", "support"),
    ("h30__orig", "+70.9 % over a 3-week interval.", "support"),
    ("h29__orig", "Progressive disease — a new lesion in the 12 months since the prior CT.", "support"),
    ("h30__orig", "+70.9 %, although one of the earlier lesions has resolved.", "support"),
    ("h68__orig", "5: one in segment 4, three in segment 7 and two in segment 6.", "lesions"),
    ("h68__orig", "5; 2 lesions in segment VII.", "lesions"),
    ("h77__own", "1.", "rule_grounding"), ("h77__own", "Below 1.0 (liver/spleen ratio).", "rule_grounding"),
]


@pytest.mark.parametrize(("item", "text", "check"), FLAGGED)
def test_wrong_statements_are_flagged_by_their_check(item: str, text: str, check: str) -> None:
    consistent, failed = _judged(item, text)
    assert not consistent, text
    assert check in {name for name, _ in failed}, failed


def test_an_option_the_text_contradicts_is_flagged_and_the_agreeing_one_passes() -> None:
    assert _judged("h07__own", "A: Preserved (normal). No fatty liver.", "A")[0]
    consistent, failed = _judged("h07__own", "B: Reduced (steatosis). No fatty liver.", "B")
    assert not consistent and "choice_validity" in {n for n, _ in failed}


OWN = json.loads((FRESH / "labels.json").read_text())


@pytest.mark.parametrize("item", [i for i in OWN if i["id"].endswith("__own")], ids=lambda i: i["id"])
def test_clinorchs_own_answers_to_another_question_are_flagged(item: dict) -> None:
    """The question's own words against the answer: a new or disappeared lesion answered from one study, a T
    category, a direction, stability, a further volume, a change, both studies' values, a cut-off's unit, a letter
    its own rationale contradicts."""
    verdict = review_result(_result(item["id"]))
    assert not verdict.consistent, item["note"]
