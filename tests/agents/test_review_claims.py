"""A finding the answer adds stands only on cited evidence; a comparison with a prior study on a cited prior.

Kind missed on the independent reviewer sets 3 and 4 (0/9 and 0/6 caught): the right answer with a
finding nothing measured ("with a nodular surface contour suggesting cirrhosis", "the mass invades
the right renal vein", "moderate ascites"), or "unchanged from the prior study" on a case with no prior.
Varied over organ, finding and wording; pertinent negatives and the question's own words pass.
"""

from __future__ import annotations

import pytest

from core.case import Answer
from tests.agents.reasoning_cases import Question, hand_measured, patient_evidence, replacing, review_of, solve

ANSWERS = [  # (question, cited ids, the right answer)
    (Question("organ volume measurement", "What is the liver volume?"), ["measurement:liver:volume_ml"],
     "1650.4 mL"),
    (Question("organ volume measurement", "What is the spleen volume?"), ["measurement:spleen:volume_ml"], "420.3 mL"),
    (Question("lesion counting", "How many liver lesions are there?"), ["measurement:liver_lesion:lesion_count"],
     "Three liver lesions"),
    (Question("largest lesion diameter", "How large is the pancreatic tumour?"),
     ["measurement:pancreas_lesion:largest_lesion_diameter_mm"], "23.3 mm"),
    (Question("organ volume measurement", "What is the volume of the right kidney?"),
     ["measurement:kidney_right:volume_ml"], "171.9 mL"),
]
ADDED = ["with a nodular surface contour suggesting cirrhosis", "and there is bilateral hydronephrosis",
         "with arterial hyperenhancement and washout (LR-5)", "; the tumour encases the superior mesenteric artery",
         "with tumour thrombus in the renal vein", "with wedge-shaped infarcts", "and moderate ascites",
         "with splenic varices at the hilum", "due to portal hypertension", "with liver metastases",
         "unchanged from the prior study", "; it has grown since the previous CT"]
FINE = ["(no prior study to compare)", "; no prior CT to compare"]
UNLOOKED = ["; no ascites", "without hydronephrosis", "and no evidence of vascular invasion", "; no lymphadenopathy"]
"""Pertinent negatives of findings nothing in these cases looked for (no mask, no vessel distance)."""


def _checks(q: Question, text: str, ids: list[str], evidence: list | None = None) -> dict:
    intent, _, full = solve(q, evidence)
    verdict = review_of(q, intent, Answer(text=text, evidence_ids=ids, backend="hand-built"), full)
    return {c.name: c for c in verdict.checks}


@pytest.mark.parametrize(("q", "ids", "right"), ANSWERS, ids=[a[0].question for a in ANSWERS])
@pytest.mark.parametrize("added", ADDED)
def test_a_finding_nothing_measured_is_unsupported(q: Question, ids: list[str], right: str, added: str) -> None:
    assert _checks(q, f"{right}.", ids)["support"].passed
    assert not _checks(q, f"{right} {added}.", ids)["support"].passed


@pytest.mark.parametrize(("q", "ids", "right"), ANSWERS[:3], ids=[a[0].question for a in ANSWERS[:3]])
@pytest.mark.parametrize("negative", FINE)
def test_a_denial_that_is_no_finding_passes(q: Question, ids: list[str], right: str, negative: str) -> None:
    assert _checks(q, f"{right} {negative}.", ids)["support"].passed


@pytest.mark.parametrize(("q", "ids", "right"), ANSWERS[:3], ids=[a[0].question for a in ANSWERS[:3]])
@pytest.mark.parametrize("negative", UNLOOKED)
def test_a_pertinent_negative_nothing_looked_for_is_unsupported(q: Question, ids: list[str], right: str,
                                                                negative: str) -> None:
    assert not _checks(q, f"{right} {negative}.", ids)["support"].passed


@pytest.mark.parametrize("organ", ["spleen", "liver", "kidney_left"])
def test_a_comparison_with_a_prior_stands_on_a_cited_prior(organ: str) -> None:
    evidence = replacing(patient_evidence(), hand_measured(organ, "prior_volume_ml", 300.0, "mL"),
                         hand_measured(organ, "volume_change_pct", 12.5, "%"))
    q = Question("organ volume change", f"How has the {organ.replace('_', ' ')} volume changed since the prior CT?")
    cited = [f"measurement:{organ}:volume_change_pct"]
    assert _checks(q, "+12.5 %, increased since the prior study.", cited, evidence)["support"].passed
    plain = Question("organ volume measurement", f"What is the {organ.replace('_', ' ')} volume?")
    ids = [f"measurement:{organ}:volume_ml"]
    assert not _checks(plain, "It is unchanged from the prior study.", ids, evidence)["support"].passed


def test_a_finding_the_question_asks_or_a_cited_criterion_decides_is_supported() -> None:
    q = Question("portal hypertension assessment", "Are there signs of portal hypertension?", None,
                 ("dtvqa-portal-hypertension",))
    checks = _checks(q, "Yes — portal hypertension by splenic volume 420.3 mL.",
                     ["measurement:spleen:volume_ml", "criterion:-:dtvqa-portal-hypertension"])
    assert checks["support"].passed
