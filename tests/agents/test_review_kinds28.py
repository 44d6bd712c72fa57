"""Kinds of answer reviewer set 25d showed the reviewer misjudging (session 28), each varied here in our own words on
results of other sets where one fits (reviewer set 23's phantoms) and on 25d's saved results otherwise.

Correct answers it flagged: a report whose IMPRESSION is the verdict after a FINDINGS line of values; a list's field
that gives a finding's verdict ("- Splenomegaly: **No (B)**"); a difference's absolute value written with bars
("|63.8 - 110.0| = 46.2 HU"); the nearest organ with its distance said as "about 4.5 mm away"; a lesion "darker on
the scan than" its organ; "no dominant lesion" read as no lesions at all; "A. No: 3 liver lesions, ..." whose option
word was taken off and the lesions read as a yes; the SD a difference is divided by; "resection not indicated" as the
no to "Is resection indicated?"; "The kidneys have the most tumor ..., more than the liver" naming two organs; "Single
pancreatic lesion" beside a cited lesion; "the end nearest the spleen" explaining the pancreatic tail.
Wrong answers it approved: a PDAC-versus-PNET option naming neither kind, or naming the wrong one only in the option's
words; an "Equivocal" or "Not evaluable" option where the criterion decides; "the largest is 0.75 times the second";
the organ of a burden comparison named only by the chosen option.
"""

from __future__ import annotations

import pytest

from agents.reviewer import review_result
from core.case import CaseResult
from tests.review_runs import rewritten


def _item(fresh_set: str, base: str, text: str, choice: str | None) -> CaseResult:
    return rewritten(fresh_set, base, text, choice)


# reviewer23: r23_004 portal hypertension yes (spleen 864.8 mL); r23_042 a 21.5 mm pancreatic head lesion; r23_018 liver
# 2082.4 mL, enlarged; r23_222 tumour 43.0 HU, liver 105.0 HU; r23_282 dominant liver lesion yes (24.16 vs 1.64 mL,
# A Yes / B No); r23_017 pancreatic lesion in the body reaching the tail.
# reviewer25d: r25_007 nearest organ to a pancreatic body cyst: liver 4.5 mm (stomach 23.2 mm); r25_008 largest
# pancreatic lesion hypoattenuating; r25_097 no outlier among three liver lesions (9.45 / 7.07 mL; A No, B Equivocal,
# C Yes, D Not evaluable); r25_002 solid pancreatic body lesion, hypoattenuating: PDAC (A PDAC, B Mucinous cystic
# neoplasm, C PNET, D Pseudocyst); r25_262 greatest lesion volume: kidneys 30.1 mL, liver 23.5 mL (A Kidneys, B Liver,
# C Pancreas, D Colon); r25_266 pancreatic cyst 13.6 mm, 1.3 mL: resection no (A Yes, B Equivocal, C Not evaluable,
# D No); r25_138 one pancreatic lesion, in the tail.
RIGHT = [
    ("reviewer23", "r23_004", None, "FINDINGS: Spleen 864.8 mL.\nIMPRESSION: Splenomegaly; portal hypertension suspected."),
    ("reviewer23", "r23_042", None, "FINDINGS: Pancreatic head lesion.\nIMPRESSION: Yes, a focal pancreatic lesion is present."),
    ("reviewer23", "r23_004", None, "- Portal hypertension: **present**\n- spleen volume 864.8 mL"),
    ("reviewer23", "r23_018", None, "* Hepatomegaly: Yes\n* liver volume 2082.4 mL"),
    ("reviewer23", "r23_222", None, "|43.0 HU − 105.0 HU| = 62.0 HU, the tumour being darker."),
    ("reviewer25d", "r25_007", None, "Closest neighbour: the liver, roughly 4.5 mm away."),
    ("reviewer25d", "r25_007", None, "The liver, 4.5 mm from the lesion."),
    ("reviewer25d", "r25_008", None, "It looks darker on the CT than the rest of the pancreas."),
    ("reviewer25d", "r25_097", "A", "No standout lesion among the three."),
    ("reviewer25d", "r25_097", "A", "A. No: three liver lesions, the largest 1.34 times the second."),
    ("reviewer25d", "r25_002", "A", "A. PDAC: the lesion is darker than the pancreas."),
    ("reviewer25d", "r25_262", "A", "Kidneys hold the largest lesion volume, ahead of the liver."),
    ("reviewer25d", "r25_266", "D", "Resection is not indicated at 1.3 mL and 13.6 mm."),
    ("reviewer25d", "r25_138", None, "FINDINGS: One pancreatic lesion.\nIMPRESSION: It lies in the tail of the pancreas."),
    ("reviewer23", "r23_017", None, "In the body of the pancreas, the part nearest the stomach, reaching into the tail."),
]
WRONG = [
    ("reviewer23", "r23_004", None, "FINDINGS: Spleen 864.8 mL.\nIMPRESSION: No CT evidence of portal hypertension."),
    ("reviewer23", "r23_042", None, "FINDINGS: Pancreatic head lesion.\nIMPRESSION: No pancreatic lesion."),
    ("reviewer23", "r23_004", None, "- Portal hypertension: **absent**\n- spleen volume 864.8 mL"),
    ("reviewer23", "r23_018", None, "* Hepatomegaly: No\n* liver volume 2082.4 mL"),
    ("reviewer23", "r23_222", None, "|43.0 - 105.0| = 52.0 HU"),
    ("reviewer25d", "r25_007", None, "Closest neighbour: the stomach, roughly 4.5 mm away."),
    ("reviewer25d", "r25_007", None, "The liver, 23.2 mm from the lesion."),
    ("reviewer25d", "r25_008", None, "It looks brighter in the images than the pancreas around it."),
    ("reviewer23", "r23_282", "B", "No dominant lesion."),
    ("reviewer23", "r23_282", "A", "Yes: the largest is 0.07 times the second."),
    ("reviewer25d", "r25_002", "D", "D. Pseudocyst"),
    ("reviewer25d", "r25_002", "C", "C. PNET: a hypoattenuating mass."),
    ("reviewer25d", "r25_097", "B", "B. Equivocal; repeat imaging needed."),
    ("reviewer25d", "r25_097", "D", "D"),
    ("reviewer25d", "r25_262", "C", "C. Pancreas."),
    ("reviewer25d", "r25_262", "A", "The liver has the greatest lesion volume, more than the kidneys."),
    ("reviewer25d", "r25_266", "D", "FINDINGS: Pancreatic body cyst, 13.6 mm.\nIMPRESSION: Resection indicated."),
    ("reviewer25d", "r25_138", None, "FINDINGS: Three pancreatic lesions.\nIMPRESSION: The largest lies in the tail."),
    ("reviewer23", "r23_017", None, "In the head of the pancreas, the end nearest the duodenum."),
]


@pytest.mark.parametrize(("fresh_set", "base", "choice", "text"), RIGHT)
def test_a_correct_answer_of_these_kinds_passes(fresh_set: str, base: str, choice: str | None, text: str) -> None:
    verdict = review_result(_item(fresh_set, base, text, choice))
    assert verdict.consistent, [(c.name, c.reason) for c in verdict.checks if not c.passed]


@pytest.mark.parametrize(("fresh_set", "base", "choice", "text"), WRONG)
def test_the_same_kind_made_wrong_is_flagged(fresh_set: str, base: str, choice: str | None, text: str) -> None:
    assert not review_result(_item(fresh_set, base, text, choice)).consistent
