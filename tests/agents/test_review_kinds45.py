"""Kinds the attending reviewer misjudged in session 45, each varied in our own words on saved results (reviewer set
26u's results: clinorch's own right answers on a `bench make-suite` suite, seed 45, rewritten here).

Correct answers it flagged: a category said of what would be or of a rule's bands ("the 40 HU level that would point
to moderate or severe fat", "the 315 mL at which it would be called enlarged", "not in the hyperattenuating range",
"(T1 <= 2 cm, T2 > 2 to <= 4 cm, T3 > 4 cm)": `presentation.HYPOTHETICAL`); a kind's usual look said in general
("ductal adenocarcinoma is typically hypoattenuating": `presentation.GENERAL_TRAIT`); the alternative a finding is
favoured over (`presentation.PREFERRED_OVER`); a fold bound "well past the 3x outlier threshold"
(`comparisons.FOLD_BOUND`); "a smaller 1.0 mL one" beside the dominant lesion (no superlative); "Segment 3 is
lesion-free" (`lesion_places`); the question put again in other words before the yes or no
(`presentation.REWORDED_QUESTION`); a value said before ", while the right kidney has none" (the
contrast speaks of the other side: `sides`).
Wrong answers it approved: a lower bound's value said whole when the answer does not cite it ("The spleen is fully
included ... exactly 976.7 mL": `spelt_twice.bound_said_whole`); a lesion spread over two segments said confined to one
(`held_places.CONFINED`); a pancreatic lesion placed in the wrong part when the clause ends by denying another kind
("... in the pancreatic tail, not a solid mass": `lesion_places.KIND_DENIED_AFTER`); a percentage restated as a share
it is not ("42.3 %, i.e. more than half": `comparisons.false_share_words`).
- An attenuation gap asked "how far apart", as a "gap" or a "delta" is the lesion-organ difference: its magnitude
  answers it (the held-out template "How far apart, in HU, are the dominant pancreatic mass and its host pancreas?"
  had been refused for giving the difference, not the two values: `asked.DIFFERENCE_WORDS`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import rewritten, with_item

DATA = Path(__file__).parents[1] / "data" / "fresh"


def _saved(fresh_set: str, base: str) -> CaseResult:
    return CaseResult.model_validate_json((DATA / fresh_set / base / "result.json").read_text())


# r26q_001: the largest kidney lesion 60.2 HU in a left kidney of 117.4 HU; its difference -57.1 HU (magnitude 57.1).
GAP = "finding:kidney_lesion:hu_difference_magnitude"


@pytest.mark.parametrize("question", [
    "How far apart, in HU, are the largest kidney lesion and its kidney?",
    "What is the attenuation gap between the biggest renal lesion and the renal parenchyma?",
    "HU delta, largest kidney lesion vs its kidney?",
])
@pytest.mark.parametrize(("text", "wrong"), [
    ("57.1 HU", False),
    ("About 57 HU - the lesion is much darker than the kidney.", False),
    ("60.2 HU", True),
])
def test_a_gap_asked_is_the_difference(question: str, text: str, wrong: bool) -> None:
    result = with_item(_saved("reviewer26q", "r26q_001"), {"question": question, "choices": None, "choice": None,
                                                            "text": text, "evidence_ids": [GAP]})
    verdict = review_result(result)
    assert verdict.consistent is not wrong, [(c.name, c.reason) for c in verdict.checks if not c.passed]


# r26u_203 liver 54.1 HU, L/S 1.08, no fatty liver; r26u_319 spleen 119 mL, not enlarged; r26u_330 kidney lesion
# 6 HU, cyst; r26u_119 kidney lesion 60.5 HU, indeterminate; r26u_192 pancreatic lesion 26.8 mm, T2; r26u_223 a
# hyperattenuating pancreatic head lesion (80.2 HU in a 45.1 HU gland), no PDAC; r26u_097 a 26.3 HU pancreatic cyst,
# pseudocyst; r26u_255 liver lesions 12.02 / 1.02 / 0.5 mL, outlier x11.8; r26u_187 segment 6 holds the 12.0 and the
# 1.0 mL lesions; r26u_179 no liver lesion in segment 3 (lesions in 7 and 8); r26u_235 one 5.4 HU pancreatic cyst in
# the head, no PDAC; r26u_318 pancreatic lesion burden 42.3 % of the gland; r26u_028 liver 54.1 HU, G1, beside a
# spleen cut by the scan (at least 976.7 mL); r26u_254 a 10.7 mL lesion in the left kidney, none in the right; r26u_270 no colon lesion (count 0); r26u_071 the largest liver lesion mainly in segment 6, 17 % in segment 7.
RIGHT = [
    ("r26u_203", "A", "A - No fatty liver (L/S 1.08); 54.1 HU is well over the 40 HU threshold that would indicate "
                      "moderate-to-severe steatosis."),
    ("r26u_319", None, "Not enlarged: 119 mL, far under the 314.5 mL at which a spleen would be called enlarged."),
    ("r26u_330", "B", "B - Cyst: about 6 HU, below the 34.8 HU that would make it a solid tumour."),
    ("r26u_119", "A", "A - Indeterminate (60.5 HU): above the fluid band and not in the hyperattenuating range."),
    ("r26u_192", "A", "A - T2: 26.8 mm (AJCC 8th: T1 <= 20 mm, T2 > 20 to <= 40 mm, T3 > 40 mm)."),
    ("r26u_223", "A", "A - No: the head lesion is brighter than the gland (80.2 vs 45.1 HU); adenocarcinoma is usually "
                      "hypoattenuating."),
    ("r26u_097", "B", "B - Yes: 26.3 HU, above the 14.5 HU cut-off, which favours pseudocyst over a mucinous cystic lesion."),
    ("r26u_255", None, "Yes - at about 11.8 times the next lesion (12.02 vs 1.02 mL), it is well beyond the 3x rule."),
    ("r26u_187", None, "2: a dominant 12.0 mL lesion plus a smaller one of 1.0 mL."),
    ("r26u_179", "A", "A - 0. Segment 3 is lesion-free; all of them sit in segments 7 and 8."),
    ("r26u_028", None, "G1 (mild): liver 54.1 HU. The spleen runs off the scan; at least 976.7 mL."),
    ("r26u_071", "D", "D - Segment 6, where most of it lies; it reaches into segment 7."),
    ("r26u_270", None, "Is there a tumour of the colon? No: the colonic lesion count is 0."),
    ("r26u_254", None, "Left: a 10.7 mL lesion, whereas the right kidney has no lesion."),
]
WRONG = [
    ("r26u_235", None, "No - there is a single 5.4 HU cyst in the pancreatic body, rather than a solid tumour."),
    ("r26u_318", None, "The pancreas: 42.3 % of the gland, that is the majority of it."),
    ("r26u_318", None, "Pancreas (42.3 %, i.e. less than a quarter of the organ)."),
    ("r26u_203", "A", "A - No fatty liver, although at 54.1 HU the liver would be graded moderate to severe."),
    ("r26u_319", None, "Yes - 119 mL, an enlarged spleen; it would be called normal only under 100 mL."),
    ("r26u_028", None, "G1 (mild): liver 54.1 HU; the spleen, imaged in full, is 976.7 mL."),
    ("r26u_071", "D", "D - Segment 6; the lesion is limited to segment 6."),
    ("r26u_270", None, "Is there a tumour of the colon? Yes - one colonic lesion."),
    ("r26u_254", None, "The right kidney holds the 10.7 mL lesion, while the left is clear."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_right_answers_pass(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer26u", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_wrong_answers_are_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer26u", base, text, choice)).consistent
