"""Kinds reviewer set 26t showed the reviewer misjudging at the start of session 43, each varied here in our own words
on the set's saved results (clinorch's own right answers on a `bench make-suite` suite, rewritten).

Correct answers it flagged: an answer in Spanish or German, its decimal commas and its words of comparison
(`presentation.in_english`, `questions.multilingual`); a whole or a share worked from true values ("19.9 mL of lesion
over 215.2 mL of kidney": `recompute.sum_of_inputs`, `comparisons._share_said`; "5.7 % of the right kidney's 108.4
mL": `numbers.share_of_said`; "(about 1 mL)" after two values set against each other: `numbers.PAIR_THEN_GAP`); a JSON
answer's "total_cm3" (`presentation.json_read`); a conclusion drawn last ("So: no PDAC reported", "Therefore: no
outlier", "Hence: hyperattenuating": `polarity.CONCLUDED`); a rule stated ("Steatosis is called when it falls below
0.70"); "normal 130-260 mL" and "the 40-100 cm³ reference range" (`rules.THRESHOLD_OF`,
`reference_ranges.WORDED_AFTER`); "Mild hepatic steatosis, grade G1" beside the fatty-liver criterion
(`categories._graded`); an organ "not assessed" (`grounding.NOT_ASSESSED`); a differential ("... would look similar",
"could be ... " of an indeterminate lesion, "a solid tumour ... is not favoured"); a lower bound's "true volume is
unknown"; a lesion's share in a segment after "which", distances to the neighbours, the other kidney's equal HU.
Wrong answers it approved: a share over one kidney or an inverted ratio worked out as the answer (`numbers._asked_cited`),
"the spleen is brighter than the liver" of a liver/spleen ratio above 1 (`comparisons.false_brightness`), lesions
added to an organ measured with none (`claims.FOUND_LESIONS`), a treatment recommended (`overclaims.RECOMMENDED`), a
part of the colon (`grounding.COLON_PART`), "mostly in segment 7" against a larger share in 6
(`places._mostly_elsewhere`), "Most affected: segment 4" after a table (`places`).
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from tests.review_runs import rewritten

# r26t_000 spleen at least 972.1 mL (a lower bound), splenomegaly; r26t_199 spleen 123.1 mL, caudate/right lobe 0.014,
# no portal hypertension; r26t_181 kidney lesion 59.8 HU, indeterminate; r26t_251 kidney lesion 5.6 HU, simple cyst;
# r26t_017 kidney lesions 19.86 mL in kidneys of 109.7 + 105.5 mL, burden 9.23 %; r26t_212 right kidney 6.22 mL of
# lesion in 108.36 mL, left none; r26t_180 kidneys 109.32 (left) and 108.36 mL (right); r26t_198 kidneys 105.2 and
# 115.8 mL, 221.1 mL in all; r26t_005 one kidney lesion, a tumour, no cyst; r26t_047 two liver tumours, ratio 1.96,
# no outlier; r26t_209 one hyperattenuating pancreatic lesion (79.6 HU in a 44.9 HU pancreas), no PDAC; r26t_012 the
# same lesion, hyperattenuating; r26t_177 pancreas/spleen 0.925, no steatosis; r26t_073 left kidney 105.2 mL, small;
# r26t_062 pancreas 39.6 mL; r26t_027 liver 54.0 HU, L/S 1.08, G1; r26t_096 no liver lesion; r26t_167 kidney lesion
# 84.9 HU, solid; r26t_267 kidney lesion 59.8 HU, indeterminate; r26t_277 kidney lesion 5.6 HU, cyst; r26t_220 spleen
# at least 972.1 mL, portal hypertension; r26t_232 segment 6 holds lesions 1 and 3 (22 % of lesion 3); r26t_311
# pancreatic lesion 4.0 mm from the spleen (A), 6.0 mm from the IVC; r26t_015 both kidneys 116.1 HU; r26t_215 liver
# 60.1 HU, spleen 49.9 HU, L/S 1.20; r26t_249 no liver lesion (C: 0); r26t_260 a PNET; r26t_205 one colon lesion
# 3.7 mL; r26t_175 largest liver lesion 51.5 % in segment 6, 30.4 % in 7, 12.1 % in 5; r26t_272 segment counts S4 1,
# S6 2, S7 1.
RIGHT = [
    ("r26t_000", None, "Sí, el bazo está aumentado: al menos 972,1 mL, por encima de 314,5 mL."),
    ("r26t_199", None, "No. Milzvolumen 123,1 mL (unter 314,5 mL), Verhältnis 0,014: keine portale Hypertension."),
    ("r26t_181", None, "Indeterminada: 59,8 HU, entre 20 y 70 HU."),
    ("r26t_251", None, "Einfache Zyste: 5,6 HU, zwischen -10 und 20 HU."),
    ("r26t_017", None, "9.2 %: 19.9 mL of lesion against 215.2 mL of renal tissue (109.7 mL left, 105.5 mL right)."),
    ("r26t_212", None, "The right kidney: its 6.2 mL of lesion is about 5.7 % of its 108.4 mL; the left has none."),
    ("r26t_180", None, "Left, barely: 109.3 mL against 108.4 mL (roughly 1 mL)."),
    ("r26t_198", None, '{"total_cm3": 221.1, "left_ml": 105.2, "right_ml": 115.8}'),
    ("r26t_005", None, "A kidney lesion is present, but it is a solid tumour, and no cyst was counted. Therefore: no."),
    ("r26t_047", None, "The liver holds two tumours and the rule needs three or more; hence no outlier."),
    ("r26t_209", None, "There is a pancreatic lesion, but it is brighter than the gland (79.6 vs 44.9 HU). Thus: no "
                       "adenocarcinoma."),
    ("r26t_012", None, "79.6 HU in a 44.9 HU pancreas, 4.2 organ SDs above it. So: hyperattenuating."),
    ("r26t_177", None, "Pancreatic fat is called when P/S falls below 0.70; here it is 0.925, so: no steatosis."),
    ("r26t_073", None, "No - 105.2 mL (normal 130-260 mL)."),
    ("r26t_062", None, "39.6 mL, a little under the 40-100 mL normal range."),
    ("r26t_027", None, "Moderately low liver attenuation: grade G1, mild hepatic steatosis (54.0 HU, in the 51-57 HU band)."),
    ("r26t_096", None, "No liver lesion (count 0). The kidneys were not evaluated for this question."),
    ("r26t_167", None, "Solid tumor (84.9 HU, above 34.8 HU); a lipid-poor angiomyolipoma could look similar on attenuation "
                       "alone."),
    ("r26t_267", None, "Indeterminate (59.8 HU): it could be a hyperdense cyst or a solid mass; HU alone does not decide."),
    ("r26t_277", None, "Cyst (5.6 HU); a solid renal tumour is unlikely at this attenuation."),
    ("r26t_220", None, "Yes: the spleen is only partly imaged and its full size is unknown, but at least 972.1 mL is already "
                       "above 314.5 mL."),
    ("r26t_232", None, "2: lesion 1, and lesion 3, which has 22 % of its voxels in segment 6."),
    ("r26t_311", "A", "A - Spleen (4.0 mm away; the IVC is next, at 6.0 mm)."),
    ("r26t_015", "A", "A - 116.1 HU; the right kidney reads the same, 116.1 HU."),
]
WRONG = [
    ("r26t_017", None, "18.1 % - 19.9 mL of lesion over the left kidney's 109.7 mL."),
    ("r26t_017", None, "18.8 %: 19.9 mL over the right kidney's 105.5 mL."),
    ("r26t_215", None, "L/S 0.83, i.e. spleen 49.9 HU over liver 60.1 HU."),
    ("r26t_261", None, "1.20 - the liver is darker than the spleen."),
    ("r26t_249", "C", "C - no hepatic tumour, but there is a small liver cyst."),
    ("r26t_249", "C", "C - 0 tumours; two tiny liver haemangiomas are also seen."),
    ("r26t_260", None, "Yes - a PNET in the pancreatic head; surgery is recommended."),
    ("r26t_205", None, "Yes - a tumour of the transverse colon, 3.7 mL."),
    ("r26t_175", None, "Segment 5: most of the lesion sits there (12.1 %), with 51.5 % in segment 6."),
    ("r26t_272", None, "Counts: segment 4 1, segment 6 2, segment 7 1. Most affected: segment 7."),
]


@pytest.mark.parametrize(("base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(base: str, choice: str | None, text: str) -> None:
    verdict = review_result(rewritten("reviewer26t", base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("base", "choice", "text"), WRONG)
def test_a_wrong_answer_of_these_kinds_is_flagged(base: str, choice: str | None, text: str) -> None:
    assert not review_result(rewritten("reviewer26t", base, text, choice)).consistent
