"""A predicted organ's mean HU carries its plausible error, and an attenuation category decides only across it.

Kinds, not instances: the error of a ratio of two organs' values against dense sampling of both parts' error boxes
(numerators, denominators and errors of several sizes); the pancreatic-steatosis criterion at several distances
from its cut-off, several pancreas and spleen errors, through the reasoner and the reviewer alike; end to end, the
classical segmenter's pancreas on phantoms of several seeds abstains, a provided pancreas answers.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

import knowledge
import orchestrator
from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.guideline import GuidelineReasoner
from agents.reviewer import ReviewInput, review
from agents.segmenters.hu_error import HU_ERROR, plausible_hu_error
from core.case import Evidence
from core.state import Intent
from knowledge.uncertainty import PLAUSIBLE_ERROR, UndecidedError, check_decided, error_of, ratio_error
from synthetic.phantom import PhantomSpec, make_phantom

BASE = knowledge.load_base(profile="deeptumorvqa")
STEATOSIS = BASE.get("dtvqa-pancreatic-steatosis")


def _dense_ratio_error(a: float, b: float, ea: float, eb: float) -> float:
    """max |a'/b' - a/b| over a 41 x 41 grid of the error box (the independent reference)."""
    tops, bottoms = np.linspace(a - ea, a + ea, 41), np.linspace(b - eb, b + eb, 41)
    return float(np.max(np.abs(tops[:, None] / bottoms[None, :] - a / b)))


@pytest.mark.parametrize(("a", "b", "ea", "eb"), [
    (28.6, 104.0, 90.0, 0.0), (28.6, 104.0, 90.0, 5.0), (58.0, 112.0, 5.0, 5.0), (110.0, 104.0, 10.0, 3.0),
    (40.0, 60.0, 0.0, 12.0), (250.0, 180.0, 20.0, 25.0)])  # fmt: skip
def test_a_ratio_takes_its_error_from_its_parts(a: float, b: float, ea: float, eb: float) -> None:
    values = {"pancreas.mean_hu": a, "spleen.mean_hu": b}
    values |= {f"pancreas.mean_hu{PLAUSIBLE_ERROR}": ea} if ea else {}
    values |= {f"spleen.mean_hu{PLAUSIBLE_ERROR}": eb} if eb else {}
    assert ratio_error(values, "pancreas/spleen.hu_ratio") == pytest.approx(_dense_ratio_error(a, b, ea, eb), rel=1e-9)
    assert error_of(values, "pancreas/spleen.hu_ratio") == ratio_error(values, "pancreas/spleen.hu_ratio")


def test_a_ratio_without_erred_parts_or_of_another_kind_has_no_error() -> None:
    values = {"pancreas.mean_hu": 50.0, "spleen.mean_hu": 100.0, "pancreas.volume_ml_plausible_error": 9.0}
    assert error_of(values, "pancreas/spleen.hu_ratio") is None
    assert error_of(values, "pancreas.mean_hu") is None
    assert ratio_error({**values, "spleen.mean_hu_plausible_error": 120.0}, "pancreas/spleen.hu_ratio") == float("inf")
    assert ratio_error(values, "liver.caudate_right_lobe_ratio") is None


def test_only_the_classical_segmenters_organs_carry_a_recorded_error() -> None:
    organs = ["pancreas", "liver", "spleen", "kidney_left", "stomach"]
    errors = {o: e for o in organs if (e := plausible_hu_error(o, "classical")) is not None}
    assert sorted(errors) == ["liver", "pancreas", "spleen"]
    assert all(errors[organ][0] == HU_ERROR[organ] and "classical" in errors[organ][1] for organ in errors)
    assert HU_ERROR["pancreas"] > 10 * max(HU_ERROR["liver"], HU_ERROR["spleen"])  # the one unreliable organ
    assert plausible_hu_error("pancreas", "provided") is None
    assert plausible_hu_error("pancreas", "totalsegmentator") is None


def _evidence(pancreas: float, spleen: float, errors: tuple[float, float], with_errors: bool = True) -> list[Evidence]:
    items = [Evidence.make("measurement", "measurement", "mean_hu", "pancreas", value=pancreas, unit="HU"),
             Evidence.make("measurement", "measurement", "mean_hu", "spleen", value=spleen, unit="HU"),
             Evidence.make("measurement", "measurement", "hu_ratio", "pancreas/spleen", value=pancreas / spleen,
                           unit="ratio"),
             Evidence.make("criterion", "knowledge", STEATOSIS.id, None, value=STEATOSIS.id,
                           provenance={"entry_id": STEATOSIS.id})]
    for organ, error in zip(("pancreas", "spleen"), errors, strict=True):
        if error and with_errors:
            items.append(Evidence.make("segmentation", "segmentation", f"mean_hu{PLAUSIBLE_ERROR}", organ, value=error,
                                       unit="HU", reason="a predicted mask's mean HU"))
    return items


@pytest.mark.parametrize(("spleen", "pancreas_error", "spleen_error"),
                         list(itertools.product((85.0, 120.0), (6.0, 25.0, 90.0), (0.0, 5.0))))
def test_pancreatic_steatosis_is_answered_only_when_the_whole_error_gives_it(
        spleen: float, pancreas_error: float, spleen_error: float) -> None:
    intent = Intent(task="pancreatic steatosis", organ="pancreas", quantities=["pancreas/spleen.hu_ratio"],
                    answer_form="category")
    checked = 0
    for offset in (-0.3, -0.12, -0.02, 0.02, 0.12, 0.3):
        pancreas = spleen * (0.7 + offset)
        box = [p / s for p in np.linspace(pancreas - pancreas_error, pancreas + pancreas_error, 41)
               for s in np.linspace(spleen - spleen_error, spleen + spleen_error, 41)]
        decided = len({r < 0.7 for r in box}) == 1
        evidence = _evidence(pancreas, spleen, (pancreas_error, spleen_error))
        values = {f"{e.target}.{e.name}": float(e.value) for e in evidence if e.kind != "criterion"}
        task = ReasonerInput(question="Is there pancreatic steatosis?", choices=None, intent=intent,
                             evidence=evidence, criteria={STEATOSIS.id: STEATOSIS})
        if decided:
            answer = GuidelineReasoner().answer(task)
            assert ("no pancreatic steatosis" in answer.text) == (offset > 0), answer.text
        else:
            with pytest.raises(UndecidedError):
                check_decided(STEATOSIS, values, "pancreas")
            with pytest.raises(InsufficientEvidence, match="plausible error"):
                GuidelineReasoner().draft(task)
            # an answer written without the error is refused by the attending, which reads the error itself
            answer = GuidelineReasoner().answer(ReasonerInput(
                question="Is there pancreatic steatosis?", choices=None, intent=intent, criteria={STEATOSIS.id: STEATOSIS},
                evidence=_evidence(pancreas, spleen, (pancreas_error, spleen_error), with_errors=False)))
        verdict = review(ReviewInput(question="Is there pancreatic steatosis?", choices=None, intent=intent,
                                     answer=answer, evidence=evidence, base=BASE, track="abdomen_ct"))
        rule = next(c for c in verdict.checks if c.name == "rule_grounding")
        assert rule.passed == decided, (pancreas, spleen, pancreas_error, spleen_error, answer.text, rule.reason)
        checked += 1
    assert checked == 6


@pytest.mark.parametrize("seed", [3, 11, 21])
def test_the_classical_pancreas_does_not_decide_steatosis_and_a_provided_one_does(tmp_path: Path, seed: int) -> None:
    make_phantom(tmp_path / "p", PhantomSpec(seed=seed))
    image = {"path": str(tmp_path / "p" / "ct.nii.gz"), "modality": "CT"}
    question = "Does the pancreas show fatty infiltration compared with the spleen?"
    predicted = orchestrator.run({"case_id": f"hu{seed}", "question": question, "images": [image]},
                                 {"segmenter": "classical"})
    errors = [e for e in predicted.evidence if e.id == "segmentation:pancreas:mean_hu_plausible_error"]
    found = [e for e in predicted.evidence if e.id == "segmentation:pancreas:present" and e.value]
    assert found, "the classical segmenter found no pancreas on this phantom: pick another seed"
    assert errors and errors[0].value == HU_ERROR["pancreas"] and errors[0].unit == "HU"
    assert predicted.status == "abstained", predicted.answer
    assert any("plausible error" in reason for reason in predicted.reasons), predicted.reasons
    provided = orchestrator.run({"case_id": f"hu{seed}p", "question": question,
                                 "images": [{**image, "masks": str(tmp_path / "p" / "segmentations")}]},
                                {"segmenter": "classical"})
    assert provided.status == "answered", provided.reasons
    assert not [e for e in provided.evidence if e.name.startswith("mean_hu") and e.name.endswith(PLAUSIBLE_ERROR)]
