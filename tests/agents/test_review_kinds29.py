"""Kinds of answer reviewer set 25e showed the reviewer misjudging (session 29), each varied here in our own words on
25e's saved results (another author's phantoms, suite AC).

Correct answers it flagged: a count labelled before its value ("- kidney lesions: 1"); values each named by the organ in
brackets after them ("23.5 mL (liver) > 6.7 mL (pancreas)"); a Markdown table whose ratio row names no organ under rows
that name the two; a difference said in "units on the CT scale"; a unit conversion worked out ("27.59 mm ÷ 10 =
2.76 cm"); "both kidneys without focal lesion", "Neither kidney has a cyst" (a no said without the word); the question's own cut-off quoted back in another unit ("3 cm" as
"30 mm").
Wrong answers it approved: the other kidney named for the lesion asked; a nearest organ or a place resting on cited
evidence that says nothing of it (a citation swapped for another item); a value followed by "though it cannot be
reliably determined"; a largest-to-second ratio below 1; the short axis called the lesion's diameter.
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from tests.review_runs import rewritten

# reviewer25e: r25_143 combined kidney lesion volume 16.8 mL, one kidney lesion (right); r25_176 greatest lesion volume:
# kidneys 30.1 mL, liver 23.5 mL, pancreas 6.7 mL, colon 0 (A Kidneys); r25_179 pancreas 98.0 HU, spleen 102.6 HU,
# P/S 0.955: no pancreatic steatosis; r25_193 liver lesion 46.2 HU darker than the liver; r25_194 largest liver lesion
# 27.59 mm; r25_227 no kidney lesion; r25_236 pancreatic cyst 1.29 mL, 13.6 mm, resection "volume > 3 cm³ or diameter >
# 3 cm": no (D); r25_006 the left kidney's lesion 44.5 HU, solid (B); r25_124 nearest organ to the pancreatic body
# cyst: liver 4.5 mm, stomach 23.2 mm (cited: the stomach's distance only); r25_192 largest pancreatic lesion in the
# tail (cited: its nearest structure only); r25_165 the 27.6 mm liver lesion; r25_173 liver lesions 9.45 / 7.07 mL
# (ratio 1.34), no outlier (A); r25_190 pancreatic tumour 16.0 mm long axis, 13.8 mm short axis, T1 (A).
RIGHT = [
    ("r25_143", None, "* Number of kidney lesions: 1\n* Total volume: 16.8 cm³"),
    ("r25_176", "A", "A. Kidneys — 30.1 mL, then 23.5 mL (liver) and 6.7 mL (pancreas)."),
    ("r25_179", None, "No.\n\n| organ | mean HU |\n|---|---|\n| pancreas | 98.0 |\n| spleen | 102.6 |\n| ratio | 0.955 |"),
    ("r25_193", None, "Roughly 46 CT units lower than the surrounding liver."),
    ("r25_194", None, "27.6 mm / 10 = 2.76 cm, so about 2.8 cm."),
    ("r25_227", None, "Both kidneys show no lesion: no renal mass or cyst."),
    ("r25_227", None, "Neither kidney has a cyst or a mass."),
    ("r25_236", "D", "D — No: 13.6 mm is well under 30 mm and 1.29 mL under 3 mL."),
]
WRONG = [
    ("r25_006", "B", "B — Solid: the right kidney lesion, 44.5 HU."),
    ("r25_124", None, "The liver lies nearest, 4.5 mm away."),
    ("r25_192", None, "Pancreatic tail."),
    ("r25_165", None, "2.8 cm, but the measurement cannot be reliably established."),
    ("r25_173", "A", "A — No: the largest-to-second volume ratio is 0.749."),
    ("r25_190", "A", "A — T1: the tumour's diameter is 13.8 mm."),
    ("r25_143", None, "* Number of kidney lesions: 2\n* Total volume: 16.8 cm³"),
    ("r25_176", "A", "A. Kidneys — 30.1 mL, then 6.7 mL (liver) and 23.5 mL (pancreas)."),
    ("r25_194", None, "27.6 mm / 100 = 2.76 cm, so about 2.8 cm."),
    ("r25_236", "D", "D — No: 13.6 mm is well under 40 mm and 1.29 mL under 3 mL."),
    ("r25_143", None, "Both kidneys are free of lesions."),
    ("r25_176", "A", "A. The liver — 23.5 mL, then 30.1 mL (kidneys)."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25e", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_the_same_kind_made_wrong_is_flagged(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer25e", base, text, choice))
    assert not verdict.consistent
