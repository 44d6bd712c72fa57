"""`clinorch run` with the classical segmenter: a pancreatic lesion the search found settles "is there a PNET / PDAC?"
as Yes when it is typed that kind, though the search is only a lower bound; the other kind stays open.

The classical lesion search misses isodense lesions, so its pancreatic lesions are a lower bound
(`agents.segmenters.lesion_search`) and no largest lesion is known. Each lesion found is typed on its own measures by
the cited solid-or-cystic and enhancement criteria (`asked_kind.instance_type_presence(bounded=True)`): one of the kind
asked is a Yes (a lesion missed cannot undo one found); anything else abstains (a missed lesion may be the kind asked).
Varied in lesion kind (hyperattenuating solid, hypoattenuating solid, cyst), size, contrast, spacing and storage; the
reviewer judges the same reading: a No, or the other kind's Yes, on these results is flagged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from synthetic.phantom import make_phantom
from synthetic.phantom_spec import PhantomSpec
from tests.review_runs import with_item

PNET_Q, PDAC_Q = "Is there a pancreatic neuroendocrine tumor?", "Is there pancreatic ductal adenocarcinoma?"
CASES = {  # spec, the kind the found lesion is (None: a cyst, neither)
    "PNET 26 mm +35 HU, 2x2x5 LPS": (PhantomSpec(seed=31, liver_lesions=0, pancreatic_tumor_mm=26.0,
                                                 pancreatic_tumor_contrast_hu=35.0), "PNET"),
    "PNET 20 mm +25 HU, 1.8x1.8x4, liver lesion": (PhantomSpec(seed=34, liver_lesions=1, pancreatic_tumor_mm=20.0,
                                                                pancreatic_tumor_contrast_hu=25.0, spacing=(1.8, 1.8, 4.0),
                                                                shape=(178, 142, 50)), "PNET"),
    "PDAC 30 mm -12 HU, 2x2x5": (PhantomSpec(seed=32, liver_lesions=0, pancreatic_tumor_mm=30.0,
                                             pancreatic_tumor_contrast_hu=-12.0), "PDAC"),
    "PDAC 34 mm -13 HU, 1.6x1.6x3 RAS": (PhantomSpec(seed=33, liver_lesions=0, pancreatic_tumor_mm=34.0,
                                                     pancreatic_tumor_contrast_hu=-13.0, spacing=(1.6, 1.6, 3.0),
                                                     shape=(200, 160, 60), orientation="RAS"), "PDAC"),
    "cyst 28 mm -35 HU, 2x2x5": (PhantomSpec(seed=35, liver_lesions=0, pancreatic_tumor_mm=28.0,
                                             pancreatic_tumor_contrast_hu=-35.0), None),
}


def _run(ct: Path, question: str):  # noqa: ANN202 - orchestrator's result
    import orchestrator

    case = {"case_id": "typed-bound", "images": [{"path": str(ct), "modality": "CT"}], "question": question}
    return orchestrator.run(case, {"segmenter": "classical", "use_provided_masks": False}, backends={})


def _reviewed(result, question: str, text: str) -> bool:  # noqa: ANN001 - a CaseResult
    from agents.reviewer import review_result

    item = {"question": question, "choices": None, "choice": None, "text": text, "evidence_ids": []}
    return review_result(with_item(result, item)).consistent


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_a_found_lesion_of_the_kind_asked_answers_yes_and_the_other_kind_stays_open(tmp_path: Path, name: str) -> None:
    spec, kind = CASES[name]
    make_phantom(tmp_path / "case", spec)
    ct = tmp_path / "case" / "ct.nii.gz"
    for asked, question in (("PNET", PNET_Q), ("PDAC", PDAC_Q)):
        result = _run(ct, question)
        bounds = [e for e in result.evidence if e.name == "lesion_count_lower_bound" and e.target == "pancreas_lesion"]
        assert bounds and bounds[0].value >= 1, f"the search found no pancreatic lesion on {name}: not testing the rule"
        assert not [e for e in result.evidence if e.name == "lesion_count" and e.target == "pancreas_lesion"]
        if asked == kind:
            assert result.status == "answered" and result.answer.startswith("Yes"), (result.answer, result.reasons)
            cited = set(result.answer_detail.evidence_ids)
            assert bounds[0].id in cited and "measurement:pancreas_lesion_1:mean_hu" in cited, cited
            assert _reviewed(result, question, result.answer_detail.text)
            assert not _reviewed(result, question, "No.")  # a found lesion of the kind asked is there
            other = PDAC_Q if asked == "PNET" else PNET_Q
            assert not _reviewed(result, other, "No.")  # the search may have missed a lesion of the other kind
            assert not _reviewed(result, other, "Yes.")  # the found lesion is not the other kind
        else:
            assert result.status == "abstained", (name, question, result.answer)
            assert any("lower bound" in r for r in result.reasons), result.reasons
