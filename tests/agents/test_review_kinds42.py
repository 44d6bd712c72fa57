"""Kinds reviewer set 26s showed the reviewer misjudging at the start of session 42, each varied here in our own words
on the set's saved results (clinorch's own right answers on a `bench make-suite` suite, rewritten).

Correct answers it flagged: the question copied word for word before the answer (`presentation.without_question`);
"Ans:" before it (`presentation.SECTION_LEAD`); "only 2 lesions (an outlier needs at least 3)" read as a comparison
of 2 with 3 (`comparisons.NEEDED`); segments tallied, then ", so I'd pick segment 8" (`places.CONCLUDED`); "the two
busiest segments hold 100 %" read as one lesion's share (`deciding`: a cited finding the criterion reads comes first);
"a simple fluid-filled cyst" (`labels.SYNONYMS`); "0.0 mL of lesion in each kidney" read as lesions on both sides
(`laterality.ZERO_BEFORE`); "about 5 organ SDs darker" of a signed -4.98 (`numbers._directed`). Wrong answers it
approved: "within normal (size) limits" / "within the normal range" said of a value its criterion puts beyond a
cut-off (`categories.WITHIN_NORMAL`); a closing "the spleen itself is of normal size, so ..." (a consequence after a
comma now ends a clause, `clauses.BOUNDARY`); a ratio's cut-off misquoted ("exceeds the 0.8 cut-off",
`quoted_limits.RATIO_SAID`); "G0 (none): ... at least 50 HU" (a grade label named by its number); a slice index said
as "14 mm across" (`numbers._chosen_option_value` holds the unit to the cited value's); enlarged pericolic lymph nodes,
which nothing measures (`claims`); a lower bound said "at most" (`spelt_twice.UPPER`).
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from tests.review_runs import rewritten

# r26s_002 spleen 399.6 mL, splenomegaly; r26s_131 liver 30.0 HU, G3 (B); r26s_281 pancreas/spleen 0.439, fatty
# pancreas (A); r26s_123 spleen 653.3 mL, portal hypertension; r26s_073 liver 59.9 HU, L/S 1.200, no fatty liver;
# r26s_149 the same liver, G0; r26s_156 pancreatic lesion widest on slice 14 (A), longest diameter 17.0 mm; r26s_157 one
# colon lesion, 17.9 mm; r26s_285 spleen at least 979.3 mL (a lower bound), portal hypertension; r26s_034 two liver
# lesions 9.9 and 3.42 mL, no outlier; r26s_054 pancreatic cyst 8.3 mL, resect; r26s_124 liver lesions: segment 8
# two, segment 6 one, segments 1 and 5 none (B: segment 8); r26s_160 two liver lesions; r26s_167 busiest segment 50 %,
# two busiest 100 %, somewhat clustered (B); r26s_176 kidney lesion about 4 HU, simple cyst; r26s_183 a PNET;
# r26s_185 one pancreatic mass; r26s_250 no kidney lesion on either side; r26s_306 liver lesion 20.0 HU against a
# 59.9 HU liver, 4.98 organ SDs darker.
RIGHT = [
    ("r26s_160", None, "Does the CT show any hepatic lesions? Yes - two lesions in the liver."),
    ("r26s_185", None, "Count the pancreatic masses on this CT: 1."),
    ("r26s_183", None, "Ans: Yes, a pancreatic lesion brighter than the gland, as a PNET is."),
    ("r26s_034", None, "No: just 2 liver lesions, and an outlier requires at least 3 of them."),
    ("r26s_124", "B", "Segment 8 has 2 lesions, segment 6 has 1 and segments 1 and 5 have 0, so the answer is segment 8."),
    ("r26s_167", "B", "Somewhat clustered: the busiest segment holds 50 % of the lesions and the two busiest hold 100 %."),
    ("r26s_176", None, "A simple, water-density cyst: about 4 HU."),
    ("r26s_250", None, "Neither: 0 mL of lesion in both kidneys."),
    ("r26s_306", None, "Hypoattenuating - the lesion is about 5 organ SDs darker than the liver (20.0 vs 59.9 HU)."),
]
WRONG = [
    ("r26s_002", None, "Yes. The spleen measures 399.6 mL, which is within the normal range."),
    ("r26s_131", "B", "B - G3 (severe): liver 30.0 HU, within normal limits."),
    ("r26s_281", "A", "A: pancreas/spleen 0.439; the pancreas density is within normal limits."),
    ("r26s_123", None, "Yes: spleen 653.3 mL -> portal hypertension. The spleen is not enlarged, hence the concern is the "
                       "liver."),
    ("r26s_073", None, "No fatty liver: the L/S ratio of 1.200 is above the 0.9 cut-off."),
    ("r26s_149", None, "G0 (none): the liver reads 59.9 HU, above the 45 HU threshold."),
    ("r26s_156", "A", "A - 14: the tumour is 14 mm wide there."),
    ("r26s_157", None, "Yes, one colon lesion of 17.9 mm with suspicious mesenteric lymph nodes."),
    ("r26s_285", None, "Yes. The spleen is up to 979.3 mL, above 314.5 mL -> portal hypertension."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer26s", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_answer_of_these_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer26s", base, text, choice)).consistent
